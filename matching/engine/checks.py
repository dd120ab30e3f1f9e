"""What the engine accepts: docs it can index (bad ones are logged and left out, never fatal) and the arguments
of a search or a suggestion (bad ones raise a :class:`~matching.engine.errors.EngineError` naming the field)."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from matching.documents import KINDS, MatchDoc, index_id
from matching.engine.errors import EmptyQueryError, InvalidParameterError, QueryTooLongError
from matching.engine.ranking import MODES
from matching.engine.text import MAX_QUERY_CHARS

log = logging.getLogger("seoulmade.matching")
MAX_K = 100
QUERY_LANGS = ("ko", "en", "ja", "zh_Hans", "vi")


def checked_docs(docs: Sequence[MatchDoc]) -> list[MatchDoc]:
    """The docs the engine can index: a repeated doc id, an unknown kind or a malformed id is logged and left
    out (bad data must not stop the service)."""
    out, seen = [], set()
    for doc in docs:
        try:
            index_id(doc.doc_id)
        except (ValueError, AttributeError):
            log.warning("matching doc with a malformed id %r left out", getattr(doc, "doc_id", doc))
            continue
        if doc.doc_id in seen or doc.kind not in KINDS:
            log.warning("matching doc %s left out: %s", doc.doc_id,
                        "given twice" if doc.doc_id in seen else f"unknown kind {doc.kind!r}")
            continue
        seen.add(doc.doc_id)
        out.append(doc)
    return out


def checked_query(text) -> str:
    """The query, stripped; refuses what is not text, is too long or holds no letter or digit."""
    if not isinstance(text, str):
        raise EmptyQueryError("The query must be text.", field="q")
    stripped = text.strip()
    if len(stripped) > MAX_QUERY_CHARS:
        raise QueryTooLongError(f"The query is {len(stripped)} characters long; the limit is {MAX_QUERY_CHARS}.",
                                field="q")
    if not any(ch.isalnum() for ch in stripped):
        raise EmptyQueryError("The query is empty: write what you are looking for.", field="q")
    return stripped


def checked_lang(lang, field: str) -> str:
    """One of :data:`QUERY_LANGS`."""
    if lang not in QUERY_LANGS:
        raise InvalidParameterError(f"Unknown language {lang!r}; expected one of {', '.join(QUERY_LANGS)}.",
                                    field=field)
    return lang


def checked_k(k) -> int:
    """A whole number of results from 1 to :data:`MAX_K`."""
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise InvalidParameterError(f"k must be an integer from 1 to {MAX_K}.", field="k")
    return k


def checked_mode(mode) -> str:
    """One of the ranking modes."""
    if mode not in MODES:
        raise InvalidParameterError(f"Unknown mode {mode!r}; expected one of {', '.join(MODES)}.", field="mode")
    return mode
