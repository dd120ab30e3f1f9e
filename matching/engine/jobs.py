"""Keeping the engine current: after a commit that changed profiles or listings (:mod:`matching.hooks`), queue
:func:`reindex_docs` on the job queue (in-process by default, RQ with ``REDIS_URL``), which re-reads those docs
and updates the index without a rebuild (deleted docs — ids :func:`matching.services.docs_for` no longer
returns — are removed).

Only apps that match react: those with ``MATCHING_ENABLED`` or whose engine already exists in this process
(``seoulmade serve`` and gunicorn warm it). Others (a one-off import, most tests) leave the catching up to the
next start-up's consistency check.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context

log = logging.getLogger("seoulmade.matching")
JOB = "matching.engine.jobs.reindex_docs"


def register() -> None:
    """Register :func:`on_docs_committed` with the hooks (idempotent)."""
    from matching.hooks import on_docs_committed

    on_docs_committed(docs_committed)


def docs_committed(doc_ids: list[str]) -> None:
    """Queue a re-index of ``doc_ids`` when the current app keeps a matching engine."""
    if not has_app_context():
        log.info("docs %s changed outside an app context: left to the next consistency check", doc_ids)
        return
    from matching.engine import EXTENSION

    app = current_app._get_current_object()
    if not (app.config.get("MATCHING_ENABLED") or app.extensions.get(EXTENSION) is not None):
        return
    from market.jobs import enqueue

    try:
        enqueue(JOB, list(doc_ids))
    except Exception:  # the commit has happened; a failed re-index must not turn it into an error page
        log.exception("could not re-index matching docs %s", doc_ids)


def reindex_docs(doc_ids: list[str]) -> dict:
    """Job: re-embed ``doc_ids`` and update the app's index (removing those that no longer exist)."""
    from matching.engine import get_engine

    engine = get_engine(current_app._get_current_object())
    counts = engine.apply_changes(doc_ids, engine.docs_source)
    log.info("matching re-index of %d docs: %s", len(doc_ids), counts)
    return counts
