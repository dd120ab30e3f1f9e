"""Background jobs: run in-process by default, queued to RQ workers when ``REDIS_URL`` is set.

Jobs are plain functions importable by dotted path; they take JSON-able arguments and open their own
``session_scope()``. A worker runs them inside an app context (``seoulmade worker``).
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
from typing import Any

from flask import Flask, current_app

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


def run_worker(app: Flask, burst: bool = False) -> None:
    """Work the app's RQ queue inside an app context, so jobs see settings and the database."""
    from rq import SimpleWorker, Worker

    queue = app.extensions[EXTENSION]
    if not isinstance(queue, RQQueue):
        raise RuntimeError("REDIS_URL is not set: jobs run in-process and need no worker.")
    worker_class = SimpleWorker if burst else Worker
    with app.app_context():
        worker_class([queue.queue], connection=queue.connection).work(burst=burst)
