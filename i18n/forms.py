"""The project's base form: Flask-WTF with WTForms' own messages translated through our catalogues.

WTForms ships catalogues for only some of our locales (none for Vietnamese), so its built-in messages are
listed here for extraction and served by Flask-Babel like every other string.
"""

from __future__ import annotations

from flask_babel import get_translations, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, ValidationError
from wtforms.utils import unset_value

# WTForms' built-in messages, marked for extraction; the shim below looks them up in our catalogues.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid email address."),
    _l("Invalid URL."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Invalid input."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
)


def _plural_messages():
    # Only marks the plural messages for extraction; never called.
    ngettext("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters.", 1)


class _BabelTranslations:
    """What WTForms asks of a translations object, answered by our catalogues.

    WTForms fills the placeholders itself (``%(max)d``), so the messages are looked up without Flask-Babel's
    formatting, which would fill only ``num`` and fail on the others."""

    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    """Base class of every form in the project."""

    class Meta:
        def get_translations(self, form):
            return _BabelTranslations()

    def refuse(self, refusal) -> None:
        """Show a service's refusal (a :class:`market.refusals.Refusal` or anything with ``message`` and
        ``fields``) on the fields it names, or above the form when it names none of this form's fields."""
        placed = False
        for name, message in (getattr(refusal, "fields", None) or {}).items():
            field = getattr(self, name, None)
            if field is not None and hasattr(field, "errors"):
                self.add_error(name, message)
                placed = True
        if not placed:
            self.add_error(None, refusal.message)

    def add_error(self, field_name: str | None, message: str) -> None:
        """Show a service's refusal on the field it names, or above the form when it names none here."""
        field = getattr(self, field_name, None) if field_name else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            self.form_errors.append(message)


# The glossary's domains as the choices of a vocabulary field are grouped.
VOCABULARY_GROUPS = {
    "shoes_leather": _l("Shoes and leather"),
    "jewelry": _l("Jewelry"),
    "machine_metal": _l("Machine and metal"),
    "printing": _l("Printing"),
    "sewing": _l("Sewing"),
    "electronics": _l("Electronics"),
    "general": _l("General"),
}


class VocabularyWidget:
    """A fieldset named by the field's label: ticks grouped by trade (a group is open when it holds a ticked value,
    or when it is the only one; its summary counts the ticked ones) and the "Other" text box."""

    def __call__(self, field, **kwargs):
        from markupsafe import Markup, escape

        from i18n.locales import current_locale

        ticked, other = field.shown_values()
        locale = current_locale()
        groups: dict[str, list] = {}
        for entry in field.vocabulary.entries:
            groups.setdefault(entry.group, []).append(entry)
        extra = "".join(f' {escape(k.replace("_", "-"))}="{escape(v)}"' for k, v in kwargs.items()
                        if v is not None and k not in ("id", "class"))
        parts = [f'<fieldset id="{escape(field.id)}" class="vocabulary-field"{extra}>'
                 f"<legend>{escape(field.label.text)}</legend>"]
        for group, entries in groups.items():
            count = sum(e.code in ticked for e in entries)
            title = str(VOCABULARY_GROUPS.get(group) or field.label.text)
            parts.append(f'<details class="vocabulary-group"{" open" if count or len(groups) == 1 else ""}>'
                         f"<summary>{escape(title)}{f' ({count})' if count else ''}</summary>"
                         '<ul class="vocabulary-choices">')
            for entry in entries:
                box_id = f"{field.id}-{entry.code.replace('.', '-')}"
                checked = " checked" if entry.code in ticked else ""
                parts.append(f'<li><label for="{escape(box_id)}"><input type="checkbox" id="{escape(box_id)}" '
                             f'name="{escape(field.name)}" value="{escape(entry.code)}"{checked}> '
                             f"{escape(entry.label(locale))}</label></li>")
            parts.append("</ul></details>")
        parts.append(f'<label class="vocabulary-other" for="{escape(field.other_id)}">{escape(field.other_label)}'
                     f'</label><input type="text" id="{escape(field.other_id)}" name="{escape(field.other_name)}" '
                     f'value="{escape(other)}" maxlength="{field.max_other * 10}">')
        parts.append("</fieldset>")
        return Markup("".join(parts))


class VocabularyField(Field):
    """A structured field whose values come from a controlled vocabulary (:mod:`i18n.vocabularies`): ticks
    labelled in the page's language and a free-text "Other" (the form key ``<name>-other``, several values
    separated by commas). ``data`` is what is stored: the codes, then the other texts (a text that names a code
    becomes the code). Refused on the field: a code the vocabulary does not have, an overlong "other" value and
    more than ``max_values`` values."""

    widget = VocabularyWidget()

    def __init__(self, label=None, validators=None, *, vocabulary: str, max_values: int = 20,
                 max_other: int = 60, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.vocabulary_name = vocabulary
        self.max_values = max_values
        self.max_other = max_other
        self.other_name = f"{self.name}-other"
        self.other_id = f"{self.id}-other"
        self.other_label = _l("Other, in your own words (separate several with commas)")
        self._other_text: str | None = None

    @property
    def vocabulary(self):
        from i18n.vocabularies import vocabulary

        return vocabulary(self.vocabulary_name)

    def process(self, formdata, data=unset_value, extra_filters=None):
        self._other_text = formdata.get(self.other_name, "") if formdata is not None else None
        super().process(formdata, data, extra_filters)

    def process_data(self, value):
        self.data = [str(v) for v in value or ()]

    def process_formdata(self, valuelist):
        from i18n.vocabularies import VocabularyError, clean_values

        try:
            self.data = clean_values(self.vocabulary_name, list(valuelist), self._other_text, self.max_other)
        except VocabularyError as exc:
            self.data = [v for v in valuelist if v in self.vocabulary.by_code]
            raise ValueError(str(exc)) from exc

    def pre_validate(self, form):
        if len(self.data or ()) > self.max_values:
            raise ValidationError(ngettext("List at most %(num)d value.", "List at most %(num)d values.",
                                           self.max_values))

    def shown_values(self) -> tuple[set[str], str]:
        """The ticked codes and the "Other" text to show: as sent when the form was sent, else from ``data``."""
        if self._other_text is not None:
            return set(self.raw_data or ()), self._other_text
        from i18n.vocabularies import split_values

        codes, others = split_values(self.vocabulary_name, self.data)
        return set(codes), ", ".join(others)
