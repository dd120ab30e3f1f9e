"""Application forms stored as data on each programme: fields (text, long text, number, choice, yes/no) and
required documents; answers are checked here on the server, for pages and the API alike.

A field: ``{"name", "type": "text"|"textarea"|"number"|"choice"|"checkbox", "label": {locale: text},
"help": {locale: text}, "required": bool, "max": int (characters, or the largest number), "min": int,
"choices": [{"value", "label": {locale: text}}]}``. A document: ``{"code", "label": {locale: text},
"required": bool}``.
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.programmes.labels import text

FIELD_TYPES = ("text", "textarea", "number", "choice", "checkbox")
DEFAULT_MAX = {"text": 200, "textarea": 4000}


def field_label(field: dict) -> str:
    """A field's label in the current language."""
    return text(field.get("label")) or field["name"]


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
        if kind == "checkbox":
            clean[name] = value in (True, "y", "yes", "on", "true", "1", 1)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if kind == "number":
            try:
                number = int(str(value).replace(",", "").strip())
            except ValueError:
                errors[name] = _("Enter a whole number.")
                continue
            if "min" in field and number < int(field["min"]):
                errors[name] = _("Enter at least %(min)s.", min=field["min"])
            elif "max" in field and number > int(field["max"]):
                errors[name] = _("Enter at most %(max)s.", max=field["max"])
            else:
                clean[name] = number
            continue
        value = str(value).strip()
        if kind == "choice":
            if value not in {c["value"] for c in field.get("choices", [])}:
                errors[name] = _("Choose one of the options.")
                continue
        limit = int(field.get("max", DEFAULT_MAX.get(kind, 200)))
        if len(value) > limit:
            errors[name] = _("Write at most %(n)d characters.", n=limit)
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
                needed[field["name"]] = _("Tick this box to apply.")
        elif value is None or value == "":
            needed[field["name"]] = _("This field is required.")
    for document in documents:
        if document.get("required") and document["code"] not in attached_codes:
            needed[f"document_{document['code']}"] = _("Attach “%(name)s”.", name=text(document.get("label"))
                                                        or document["code"])
    return needed
