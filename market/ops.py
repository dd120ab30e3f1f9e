"""Operations: request ids and one log line per request, liveness (/healthz) and readiness (/readyz)."""

from __future__ import annotations

import logging
import re
import time
import uuid

import sqlalchemy as sa
from flask import Blueprint, Flask, current_app, g, jsonify, request

log = logging.getLogger("seoulmade.request")
bp = Blueprint("market_ops", __name__)

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def init_app(app: Flask) -> None:
    """Give each request an id (kept from a proxy's valid ``X-Request-ID``) and log it when it ends."""
    if not logging.getLogger("seoulmade").handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.getLogger("seoulmade").addHandler(handler)
        logging.getLogger("seoulmade").setLevel(logging.INFO)

    @app.before_request
    def _start():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        request_id = g.get("request_id", "-")
        started = g.get("request_started")
        duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        response.headers["X-Request-ID"] = request_id
        log.info(
            "request_id=%s method=%s path=%s status=%s duration_ms=%.1f",
            request_id,
            request.method,
            request.path,
            response.status_code,
            duration_ms,
        )
        return response

    app.teardown_request(forget_request_state)


# Per-request values kept on ``g``. Flask reuses an app context that is already pushed (tests push one to call
# services directly), so these are dropped when each request ends rather than left for the next one.
_REQUEST_STATE = ("_login_user", "api_user", "api_via_token", "locale", "request_id", "request_started",
                  "page_rates", "csrf_token")


def forget_request_state(exc=None) -> None:
    """Drop what one request cached on ``g`` and Flask-Babel's cached locale."""
    import flask_babel

    for key in _REQUEST_STATE:
        g.pop(key, None)
    flask_babel.refresh()


@bp.get("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok")


def check_readiness(app: Flask) -> dict:
    """Check the database answers, migrations are at head and (when matching is on) the index is loaded."""
    from market.db import get_database
    from market.migrate import current_revisions, head_revisions, pending_heads

    checks: dict[str, str] = {}
    engine = get_database(app).engine
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            current = current_revisions(conn)
        checks["database"] = "ok"
        checks["migrations"] = ("ok" if not pending_heads(current) else
                                f"at {', '.join(current) or 'none'}, head is {', '.join(head_revisions())}")
    except sa.exc.SQLAlchemyError as exc:
        checks["database"] = f"unreachable: {exc.__class__.__name__}"
        checks["migrations"] = "unknown"
    if app.config.get("MATCHING_ENABLED"):
        index = app.extensions.get("seoulmade.index")
        checks["index"] = "ok" if index is not None and index.loaded else "not loaded"
    else:
        checks["index"] = "off"
    return checks


@bp.get("/readyz")
def readyz():
    """Ready to serve: 200 when every check passes, else 503 with what failed."""
    checks = check_readiness(current_app)
    ready = all(v in ("ok", "off") for v in checks.values())
    return (jsonify(status="ready" if ready else "not ready", checks=checks, notices=operator_notices(current_app)),
            (200 if ready else 503))


def operator_notices(app: Flask) -> dict[str, str]:
    """What works only in part and needs the operator (it does not make the app unready): bank-transfer invoices
    without the platform's bank account."""
    from market.payments.providers import bank_transfer_problem, get_providers

    notices = {}
    problem = bank_transfer_problem(get_providers(app))
    if problem:
        notices["payments"] = problem
    return notices
