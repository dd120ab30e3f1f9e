"""After a change to matching profiles or listings: the engine's re-index and the announcement of new matches,
queued to run once the change is committed.

The services that create, change or delete a profile or listing call :func:`docs_changed` with its doc id
(``"p:<id>"`` / ``"t:<id>"``, see :mod:`matching.documents`). The first call of a transaction queues two jobs with
:func:`market.jobs.after_commit` — :func:`matching.engine.jobs.reindex_docs`, then
:func:`matching.partners.alerts.announce_job` — over the doc ids that transaction changes (later calls add theirs
to the same list, so each commit re-indexes and announces once). They run only after the commit; a rolled-back
transaction queues nothing.

Only apps that match queue them: those with ``MATCHING_ENABLED`` or whose engine already exists in this process
(``seoulmade serve`` and gunicorn warm it). Others (a one-off import, most tests) leave the catching up to the
next start-up's consistency check.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable

from flask import Flask, current_app, has_app_context
from sqlmodel import Session

from market import jobs

REINDEX_JOB = "matching.engine.jobs.reindex_docs"
ANNOUNCE_JOB = "matching.partners.alerts.announce_job"
_KEY = "matching.changed_docs"


def keeps_engine(app: Flask) -> bool:
    """Whether ``app`` keeps its matching engine current (``MATCHING_ENABLED``, or an engine in this process)."""
    from matching.engine import EXTENSION

    return bool(app.config.get("MATCHING_ENABLED")) or app.extensions.get(EXTENSION) is not None


def docs_changed(session: Session, doc_ids: Iterable[str]) -> None:
    """Queue the re-index and the announcement of ``doc_ids`` (created, edited or deleted in ``session``'s
    transaction) for after the commit, when the app keeps a matching engine."""
    if not has_app_context() or not keeps_engine(current_app):
        return
    if not session.in_transaction():
        session.begin()
    transaction = session.get_transaction()
    held = session.info.get(_KEY)
    if held is not None and held[0]() is transaction:
        changed = held[1]
    else:
        changed: list[str] = []
        session.info[_KEY] = (weakref.ref(transaction), changed)
        jobs.after_commit(session, REINDEX_JOB, changed)
        jobs.after_commit(session, ANNOUNCE_JOB, changed)
    changed.extend(sorted(set(doc_ids) - set(changed)))
    changed.sort()
