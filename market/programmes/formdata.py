"""Application forms stored as data on each programme: fields (text, long text, number, choice, yes/no) and
required documents; answers are checked here on the server, for pages and the API alike. Labels, help texts
and options are written in the five languages (``{locale: text}``); a reader sees theirs, else English, else
Korean, and every message names the field in the reader's language.

A field: ``{"name", "type": "text"|"textarea"|"number"|"choice"|"checkbox", "label": {locale: text},
"help": {locale: text}, "required": bool, "max": int (characters, or the largest number), "min": int,
"choices": [{"value", "label": {locale: text}}]}``. A document: ``{"code", "label": {locale: text},
"required": bool}``.
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.programmes.labels import reader_locale, text

FIELD_TYPES = ("text", "textarea", "number", "choice", "checkbox")
DEFAULT_MAX = {"text": 200, "textarea": 4000}


def field_label(field: dict, locale: str | None = None) -> str:
    """A field's label in the reader's language (else English, else Korean)."""
    return text(field.get("label"), locale or reader_locale()) or field["name"]


def document_label(document: dict, locale: str | None = None) -> str:
    """A required document's name in the reader's language (else English, else Korean)."""
    return text(document.get("label"), locale or reader_locale()) or document["code"]


def clean_answers(form: list[dict], answers: dict) -> tuple[dict, dict[str, str]]:
    """Answers reduced to the form's fields and converted to their types, with a message per invalid field.
    Emptiness is not an error here (a draft may be incomplete): :func:`missing` says what submission needs."""
    clean: dict = {}
    errors: dict[str, str] = {}
    names = {f["name"] for f in form}
    for name in answers:
        if name not in names:
            errors[name] = _("This form has no such field.")
    for field in form:
        name, kind = field["name"], field.get("type", "text")
        if name not in answers:
            continue
        value = answers[name]
        label = field_label(field)
        if kind == "checkbox":
            clean[name] = value in (True, "y", "yes", "on", "true", "1", 1)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if kind == "number":
            try:
                number = int(str(value).replace(",", "").strip())
            except ValueError:
                errors[name] = _("“%(field)s”: enter a whole number.", field=label)
                continue
            if "min" in field and number < int(field["min"]):
                errors[name] = _("“%(field)s”: enter at least %(min)s.", field=label, min=field["min"])
            elif "max" in field and number > int(field["max"]):
                errors[name] = _("“%(field)s”: enter at most %(max)s.", field=label, max=field["max"])
            else:
                clean[name] = number
            continue
        value = str(value).strip()
        if kind == "choice":
            if value not in {c["value"] for c in field.get("choices", [])}:
                errors[name] = _("“%(field)s”: choose one of the options.", field=label)
                continue
        limit = int(field.get("max", DEFAULT_MAX.get(kind, 200)))
        if len(value) > limit:
            errors[name] = _("“%(field)s”: write at most %(n)d characters.", field=label, n=limit)
            continue
        clean[name] = value
    return clean, errors


def missing(form: list[dict], documents: list[dict], answers: dict, attached_codes: set[str]) -> dict[str, str]:
    """What a submission still needs: each required field left empty and each required document not attached
    (``document_<code>``)."""
    needed: dict[str, str] = {}
    for field in form:
        if not field.get("required"):
            continue
        value = answers.get(field["name"])
        if field.get("type") == "checkbox":
            if value is not True:
                needed[field["name"]] = _("Tick “%(field)s” to apply.", field=field_label(field))
        elif value is None or value == "":
            needed[field["name"]] = _("Answer “%(field)s”.", field=field_label(field))
    for document in documents:
        if document.get("required") and document["code"] not in attached_codes:
            needed[f"document_{document['code']}"] = _("Attach “%(name)s”.", name=document_label(document))
    return needed
