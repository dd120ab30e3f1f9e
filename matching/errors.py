"""The refusals of technology matching: one family under :class:`MatchingError`, a
:class:`~market.refusals.Refusal`, so the app's one handler renders every one of them (the API's JSON envelope,
a page's flash or form error) with its status and code.

Services raise :class:`MatchingError` itself (422 ``invalid`` unless :func:`not_found`, :func:`forbidden` or
:func:`conflict` say otherwise); a few readable subclasses name where a refusal comes from
(:class:`~matching.partners.services.PartnerSearchError`, :class:`~matching.partners.alerts.SavedSearchError`,
:class:`~matching.importer.ImportFileError`, the engine's :class:`~matching.engine.errors.EngineError`).
"""

from __future__ import annotations

from flask_babel import gettext as _

from market.refusals import Refusal


class MatchingError(Refusal):
    """A refused matching operation."""


def not_found(field: str | None = None, message: str | None = None) -> MatchingError:
    """Something that does not exist or that the user may not see (404)."""
    return MatchingError(message or _("Not found."), field=field, code="not_found", status=404)


def forbidden(message: str, field: str | None = None) -> MatchingError:
    """Something the user sees but may not do (403)."""
    return MatchingError(message, field=field, code="forbidden", status=403)


def conflict(message: str, field: str | None = None) -> MatchingError:
    """A step the current state no longer allows (409)."""
    return MatchingError(message, field=field, code="conflict", status=409)
