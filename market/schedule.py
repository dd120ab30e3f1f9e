"""Timed steps: work that happens because time passed — bookings not checked in become no-shows, waitlist offers
move on, reminders go out, programmes open and close with their windows. Each feature's step is a service
``step(session) -> int`` (how many things it did) registered by the app factory with how often it should run.

One runner calls the steps that are due: ``seoulmade tick`` (from cron, every minute or so), and a background
thread of ``seoulmade serve`` and of ``seoulmade worker`` (every ``TIMED_STEPS_INTERVAL`` seconds, 60; 0 turns
the thread off), so the embedded default needs no cron. Every step is idempotent — it claims its rows with one
conditional UPDATE before acting — so several runners (nodes, workers, cron) never do a thing twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import threading
import time

from flask import Flask

log = logging.getLogger("seoulmade.schedule")
EXTENSION = "seoulmade.timed_steps"


@dataclasses.dataclass
class TimedStep:
    """A service run every ``every`` seconds; ``last`` is when this process last ran it (monotonic)."""

    name: str
    func_path: str
    every: float
    last: float | None = None


def register_step(app: Flask, name: str, func_path: str, every: float) -> None:
    """Run ``func_path(session)`` every ``every`` seconds (the app factory registers each feature's steps)."""
    app.extensions.setdefault(EXTENSION, {})[name] = TimedStep(name, func_path, float(every))


def steps(app: Flask) -> dict[str, TimedStep]:
    """The registered steps by name."""
    return app.extensions.get(EXTENSION, {})


@contextlib.contextmanager
def url_context(app: Flask, base_url: str | None = None):
    """Links in notices are made with ``url_for``, which outside a request needs ``SERVER_NAME`` or a request
    context: this gives one whose base URL (``base_url``, else ``SEOULMADE_BASE_URL``, else http://localhost) is
    the one mailed links start with."""
    base_url = base_url or app.config.get("BASE_URL")
    if app.config.get("SERVER_NAME") and not base_url:
        yield
        return
    with app.test_request_context("/", base_url=base_url.rstrip("/") if base_url else None):
        yield


def run_step(app: Flask, step: TimedStep, base_url: str | None = None) -> int:
    """Run one step in its own transaction; returns how many things it did."""
    from market.db import session_scope
    from market.jobs import resolve

    with app.app_context(), url_context(app, base_url), session_scope(app) as session:
        count = int(resolve(step.func_path)(session) or 0)
    step.last = time.monotonic()
    if count:
        log.info("timed step %s: %d", step.name, count)
    return count


def run_due(app: Flask, force: bool = False, only: str | None = None, base_url: str | None = None
            ) -> dict[str, int | None]:
    """Run the steps that are due (all with ``force``; the one named ``only``, due or not, when given). A step
    that fails is logged and the others still run; its count is None."""
    done: dict[str, int | None] = {}
    now = time.monotonic()
    for step in steps(app).values():
        if only is not None and step.name != only:
            continue
        if not force and only is None and step.last is not None and now - step.last < step.every:
            continue
        try:
            done[step.name] = run_step(app, step, base_url)
        except Exception:
            log.exception("timed step %s failed", step.name)
            step.last = time.monotonic()  # try again at its next turn, not in a tight loop
            done[step.name] = None
    return done


def start_runner(app: Flask, base_url: str | None = None) -> threading.Thread | None:
    """A daemon thread running the due steps every ``TIMED_STEPS_INTERVAL`` seconds (None when it is 0)."""
    interval = float(app.config.get("TIMED_STEPS_INTERVAL", 60))
    if interval <= 0 or not steps(app):
        return None

    def loop():
        while True:
            run_due(app, base_url=base_url)
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="timed-steps", daemon=True)
    thread.start()
    return thread
