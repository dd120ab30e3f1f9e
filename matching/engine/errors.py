"""Errors the engine raises for bad input: each is a ``ValueError`` with a stable ``code`` and a clear message,
so the API can answer 422 with ``{"error": {"code": ..., "message": ..., "fields": {...}}}``."""

from __future__ import annotations


class MatchingError(ValueError):
    """Bad input to the matching engine. ``code`` is stable; ``field`` names the offending parameter."""

    code = "matching_error"

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class EmptyQueryError(MatchingError):
    """The query (or the profile's text) has nothing to match on."""

    code = "empty_query"


class QueryTooLongError(MatchingError):
    """The query is longer than :data:`matching.engine.text.MAX_QUERY_CHARS`."""

    code = "query_too_long"


class UnknownKindError(MatchingError):
    """A kind that is not one of :data:`matching.documents.KINDS`."""

    code = "unknown_kind"


class UnknownFilterError(MatchingError):
    """A filter name the engine does not know."""

    code = "unknown_filter"


class InvalidFilterError(MatchingError):
    """A known filter with a value of the wrong type or out of range."""

    code = "invalid_filter"


class InvalidParameterError(MatchingError):
    """Another argument (``k``, ``lang``, ``mode``) out of range."""

    code = "invalid_parameter"


class UnknownDocError(MatchingError, LookupError):
    """A doc id the engine has not indexed (for :meth:`MatchingEngine.suggest` by id)."""

    code = "unknown_doc"
