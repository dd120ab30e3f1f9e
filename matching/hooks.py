"""Change notifications from the data layer to the always-on engine.

Services that create, change or delete a matching profile or technology listing call :func:`doc_changed` with
the doc id (``"p:<id>"`` / ``"t:<id>"``, see :mod:`matching.documents`). The ids are collected on the session and
handed, after the transaction commits, to every listener registered with :func:`on_docs_committed` (the engine
re-embeds them through the job queue and matches them against everyone). Nothing happens on rollback.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

_KEY = "matching_changed_docs"
_READY = "matching_committed_docs"
_LISTENERS: list[Callable[[list[str]], None]] = []


def doc_changed(session: OrmSession, doc_id: str) -> None:
    """Record that ``doc_id`` changed in this transaction (created, edited or deleted)."""
    session.info.setdefault(_KEY, set()).add(doc_id)


def on_docs_committed(listener: Callable[[list[str]], None]) -> Callable[[list[str]], None]:
    """Register ``listener(doc_ids)`` to run after each commit that changed matching docs."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    # The session is still in its "committed" state here and cannot run SQL; listeners (whose jobs may use this
    # very session in tests, or open another) run once the transaction has ended, below.
    changed = session.info.pop(_KEY, None)
    if changed:
        session.info.setdefault(_READY, set()).update(changed)


@event.listens_for(OrmSession, "after_transaction_end")
def _after_transaction_end(session: OrmSession, transaction) -> None:
    if transaction.parent is not None or transaction.nested:
        return
    ready = session.info.pop(_READY, None)
    if ready:
        for listener in list(_LISTENERS):
            listener(sorted(ready))


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    # A savepoint rollback also fires this; only forget on a real rollback of the outer transaction.
    if not session.in_transaction() or session.get_transaction() is None:
        session.info.pop(_KEY, None)
__all__ = ["doc_changed", "on_docs_committed"]
