"""Error responses: HTML pages for people, the ``{"error": {...}}`` envelope for the API."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, flash, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

from market.refusals import Refusal

log = logging.getLogger("seoulmade.errors")


class ApiError(Refusal):
    """A refusal raised by the API layer itself (authentication, validation), status first."""

    def __init__(self, status: int, code: str, message: str, fields: dict[str, str] | None = None):
        super().__init__(message, code=code, status=status, fields=fields)


def _default_messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("unauthorized", _("Sign in or send a valid API token.")),
        403: ("forbidden", _("You are not allowed to do this.")),
        404: ("not_found", _("Nothing was found at this address.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        409: ("conflict", _("This conflicts with the current state.")),
        413: ("payload_too_large", _("The upload is too large.")),
        415: ("unsupported_media_type", _("Send JSON with Content-Type: application/json.")),
        422: ("invalid", _("Some fields are not valid.")),
        429: ("rate_limited", _("Too many attempts. Please wait a minute and try again.")),
        500: ("server_error", _("Something went wrong on our side. It has been logged.")),
    }


def error_envelope(status: int, code: str, message: str, fields: dict | None = None):
    """A JSON error response in the project's envelope."""
    response = jsonify(error={"code": code, "message": message, "fields": fields or {}})
    response.status_code = status
    return response


def wants_json() -> bool:
    """API paths always answer JSON errors."""
    return request.path.startswith("/api/") or request.path.startswith("/webhooks/")


def _database_busy(exc: Exception) -> bool:
    """Whether the database refused because another writer held it too long (SQLite's "database is locked")."""
    return isinstance(exc, sa_exc.OperationalError) and "database is locked" in str(exc.orig)


def _out_of_range(exc: Exception) -> bool:
    """Whether the database refused a value itself: a number beyond its column (PostgreSQL's DataError, SQLite's
    OverflowError) or a NUL character in text (PostgreSQL)."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, sa_exc.DataError)


def _same_site_referrer() -> str | None:
    """The page the request came from, when it is a page of this site (never another host)."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path or ""
    return (path + (f"?{parts.query}" if parts.query else "")) if path.startswith("/") else None


def init_app(app: Flask) -> None:
    """Register the error handlers."""

    @app.errorhandler(Refusal)
    def _refusal(exc: Refusal):
        # The session may hold the refused half of the work; nothing of it is committed.
        session = g.get("db_session")
        if session is not None:
            session.rollback()
        if wants_json():
            return error_envelope(exc.status, exc.code, exc.message, exc.fields)
        back = _same_site_referrer()
        if request.method != "GET" and back and exc.status != 404:
            flash(exc.message, "error")
            return redirect(back, 303)
        template = f"errors/{exc.status}.html" if exc.status in (403, 404) else "errors/generic.html"
        return app.response_class(render_template(template, status=exc.status, message=exc.message),
                                  status=exc.status)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        if status == 404 and not wants_json():
            from i18n.locales import localized_redirect

            redirect = localized_redirect()
            if redirect is not None:
                return redirect
        code, message = _default_messages().get(status, ("error", exc.description or ""))
        if wants_json():
            response = error_envelope(status, code, message)
        else:
            template = f"errors/{status}.html" if status in (403, 404, 500) else "errors/generic.html"
            response = app.response_class(
                render_template(template, status=status, message=message), status=status
            )
        if status == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        if status == 429 and getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.errorhandler(Exception)
    def _unhandled(exc: Exception):
        if isinstance(exc, HTTPException):
            return _http_error(exc)
        if _database_busy(exc):
            # SQLite's single writer stayed busy beyond the wait: the request may simply be tried again.
            log.warning("database busy request_id=%s", g.get("request_id", "-"))
            response = _refusal(Refusal(_("The service is busy. Please try again in a moment."), code="busy",
                                        status=503))
            response.headers["Retry-After"] = "2"
            return response
        if _out_of_range(exc):
            # A number beyond what the column holds, or text the database cannot store, reached a query:
            # the input is at fault, not the server.
            return _refusal(Refusal(_("A value is out of range or holds characters that cannot be stored."),
                                    code="out_of_range", status=422))
        log.exception("unhandled error request_id=%s", g.get("request_id", "-"))
        return _http_error(InternalServerError())
