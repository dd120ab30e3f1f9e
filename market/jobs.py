"""Background jobs: run in-process by default, queued to RQ workers when ``REDIS_URL`` is set.

Jobs are plain functions importable by dotted path; they take JSON-able arguments and open their own
``session_scope()``. A worker runs them inside an app context (``seoulmade worker``).

Work that follows a change (mail about it, an index update, an analysis) is queued with :func:`after_commit`:
it is sent only once the session's transaction has committed, and dropped when it rolls back, so a refused or
failed request sends nothing and a worker never looks for rows that are not there yet.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlmodel import Session

log = logging.getLogger("seoulmade.jobs")
EXTENSION = "seoulmade.jobs"
QUEUE_NAME = "seoulmade"


@dataclasses.dataclass
class JobHandle:
    """What :func:`enqueue` returns: an id, where it ran and (in-process) its result."""

    id: str
    backend: str
    status: str
    result: Any = None


class InProcessQueue:
    """Runs each job at once in the calling process; the embedded default."""

    backend = "inprocess"

    def enqueue(self, func_path: str, *args, **kwargs) -> JobHandle:
        import uuid

        result = resolve(func_path)(*args, **kwargs)
        return JobHandle(id=uuid.uuid4().hex, backend=self.backend, status="finished", result=result)


class RQQueue:
    """Queues jobs on Redis for ``seoulmade worker`` processes."""

    backend = "rq"

    def __init__(self, redis_url: str, name: str = QUEUE_NAME):
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(redis_url)
        self.queue = Queue(name, connection=self.connection)

    def enqueue(self, func_path: str, *args, **kwargs) -> JobHandle:
        job = self.queue.enqueue(func_path, *args, **kwargs)
        return JobHandle(id=job.id, backend=self.backend, status=job.get_status(refresh=False))


def resolve(func_path: str):
    """Import ``package.module.function`` and return the function."""
    module_name, _sep, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def init_app(app: Flask) -> None:
    """Choose the queue from settings."""
    redis_url = app.config.get("REDIS_URL")
    app.extensions[EXTENSION] = (RQQueue(redis_url, app.config.get("RQ_QUEUE", QUEUE_NAME)) if redis_url
                                 else InProcessQueue())


def enqueue(func_path: str, *args, **kwargs) -> JobHandle:
    """Run ``func_path(*args, **kwargs)`` as a background job on the app's queue."""
    handle = current_app.extensions[EXTENSION].enqueue(func_path, *args, **kwargs)
    log.info("job %s %s via %s", handle.id, func_path, handle.backend)
    return handle


_PENDING = "seoulmade.jobs.after_commit"
_COMMITTED = "seoulmade.jobs.committed"


def after_commit(session: Session, func_path: str, *args, **kwargs) -> None:
    """Run ``func_path(*args, **kwargs)`` as a job once ``session`` commits; nothing happens if it rolls back."""
    if _PENDING not in session.info:
        session.info[_PENDING] = []
        event.listen(session, "after_commit", _mark_committed)
        event.listen(session, "after_transaction_end", _send_pending)
    if not session.in_transaction():
        session.begin()  # so a rollback before any SQL still ends a transaction, and drops this work
    session.info[_PENDING].append((current_app._get_current_object(), func_path, args, kwargs))


def _mark_committed(session: Session) -> None:
    # A savepoint's commit fires this too; only the outer transaction's commit makes the work real.
    if not session.in_nested_transaction():
        session.info[_COMMITTED] = True


def _send_pending(session: Session, transaction) -> None:
    if transaction.parent is not None:
        return
    pending = session.info.get(_PENDING) or []
    session.info[_PENDING] = []
    if not session.info.pop(_COMMITTED, False):
        if pending:
            log.info("dropped %d job(s) of a rolled-back transaction", len(pending))
        return
    for app, func_path, args, kwargs in pending:
        # The commit has happened: a job that fails (in-process) or cannot be queued is logged, not raised, so
        # the request that committed still answers with what it did.
        try:
            if has_app_context() and current_app._get_current_object() is app:
                enqueue(func_path, *args, **kwargs)
            else:
                with app.app_context():
                    enqueue(func_path, *args, **kwargs)
        except Exception:
            log.exception("job %s after commit failed", func_path)


def run_worker(app: Flask, burst: bool = False) -> None:
    """Work the app's RQ queue inside an app context, so jobs see settings and the database."""
    from rq import SimpleWorker, Worker

    queue = app.extensions[EXTENSION]
    if not isinstance(queue, RQQueue):
        raise RuntimeError("REDIS_URL is not set: jobs run in-process and need no worker.")
    worker_class = SimpleWorker if burst else Worker
    with app.app_context():
        worker_class([queue.queue], connection=queue.connection).work(burst=burst)
