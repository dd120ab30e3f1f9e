"""Errors the engine raises for bad input: each is an :class:`EngineError` with a stable ``code``, a clear
(English) message and the offending ``field``. They belong to the one family of
:class:`matching.errors.MatchingError` (a refusal, 422); :mod:`matching.partners.services` turns them into the
search's own field names before people see them."""

from __future__ import annotations

from matching.errors import MatchingError


class EngineError(MatchingError):
    """Bad input to the matching engine. ``code`` is stable per class; ``field`` names the offending parameter."""

    code = "matching_error"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message, field=field, code=type(self).code)


class EmptyQueryError(EngineError):
    """The query (or the profile's text) has nothing to match on."""

    code = "empty_query"


class QueryTooLongError(EngineError):
    """The query is longer than :data:`matching.engine.text.MAX_QUERY_CHARS`."""

    code = "query_too_long"


class UnknownKindError(EngineError):
    """A kind that is not one of :data:`matching.documents.KINDS`."""

    code = "unknown_kind"


class UnknownFilterError(EngineError):
    """A filter name the engine does not know."""

    code = "unknown_filter"


class InvalidFilterError(EngineError):
    """A known filter with a value of the wrong type or out of range."""

    code = "invalid_filter"


class InvalidParameterError(EngineError):
    """Another argument (``k``, ``lang``, ``mode``) out of range."""

    code = "invalid_parameter"


class UnknownDocError(EngineError, LookupError):
    """A doc id the engine has not indexed (for :meth:`MatchingEngine.suggest` by id)."""

    code = "unknown_doc"
