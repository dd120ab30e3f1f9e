"""Refusals: the one exception a service raises when it will not do what it was asked.

A refusal carries a machine-readable ``code``, a message for people (already in their language), the HTTP
``status`` it maps to and, when one field is at fault, that field's name. Services raise it (or a feature's
subclass of it, for readable ``except`` clauses); :mod:`market.errors` renders it in one place: the JSON
envelope for the API, a flash message and a way back for pages. Views with a form catch it and show it on the
field with :meth:`i18n.forms.Form.refuse`.
"""

from __future__ import annotations

from flask_babel import gettext as _


class Refusal(ValueError):
    """A refused operation: ``message`` for people, ``code`` for machines, the HTTP ``status`` it maps to, and
    ``fields`` (field name → message), which holds ``field`` when one is given."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid", status: int = 422,
                 fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
        self.fields = dict(fields or {})
        if field:
            self.fields.setdefault(field, message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r}, status={self.status})"


def not_found(message: str | None = None) -> Refusal:
    """The refusal for something that does not exist or that the user may not know of (404)."""
    return Refusal(message or _("Nothing was found at this address."), code="not_found", status=404)


def forbidden(message: str | None = None) -> Refusal:
    """The refusal for a step that belongs to someone else (403)."""
    return Refusal(message or _("You are not allowed to do this."), code="forbidden", status=403)


def conflict(message: str | None = None, code: str = "conflict") -> Refusal:
    """The refusal for a step that the object's current state no longer allows (409)."""
    return Refusal(message or _("This changed in the meantime. Reload the page and try again."), code=code,
                   status=409)
