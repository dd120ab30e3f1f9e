"""The project's base form: Flask-WTF with WTForms' own messages translated through our catalogues.

WTForms ships catalogues for only some of our locales (none for Vietnamese), so its built-in messages are
listed here for extraction and served by Flask-Babel like every other string.
"""

from __future__ import annotations

from flask_babel import get_translations, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

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
