"""Keeping the engine current: :func:`reindex_docs` is the job that re-reads changed profiles and listings and
updates the index without a rebuild (deleted docs — ids :func:`matching.services.docs.docs_for` no longer
returns — are removed). The services that change them queue it to run after their commit
(:func:`matching.changes.docs_changed`): in-process by default, on RQ with ``REDIS_URL``.
"""

from __future__ import annotations

import logging

from flask import current_app

log = logging.getLogger("seoulmade.matching")


def reindex_docs(doc_ids: list[str]) -> dict:
    """Job: re-embed ``doc_ids`` and update the app's index (removing those that no longer exist)."""
    from matching.engine import get_engine

    engine = get_engine(current_app._get_current_object())
    counts = engine.apply_changes(doc_ids, engine.docs_source)
    log.info("matching re-index of %d docs: %s", len(doc_ids), counts)
    return counts
