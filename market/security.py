"""Security wiring: Flask-Login sessions, CSRF, rate limits, role checks, security headers and the CSP."""

from __future__ import annotations

import functools

from flask import Flask, abort, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def shared_limits_problem(config, processes: int) -> str | None:
    """Why ``processes`` web processes cannot enforce the rate limits together, or None when they can: without
    a shared store (``REDIS_URL``) each process counts alone, so N processes let N times the attempts through."""
    storage = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if processes > 1 and storage.startswith("memory://"):
        return (f"{processes} web processes would each count sign-in and reset attempts alone, letting "
                f"{processes} times the limit through. Set REDIS_URL so they share one count, or run one process "
                "(GUNICORN_WORKERS=1).")
    return None


def init_app(app: Flask) -> None:
    """Wire login, CSRF, the rate limiter (Redis when ``REDIS_URL`` is set) and the response headers."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Rate limits and logs see the client's address as the configured proxies report it, never one a
        # client wrote into the header itself.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)
    login_manager.init_app(app)
    login_manager.login_view = "market_accounts.signin"
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "seoulmade")
    limiter.init_app(app)

    @login_manager.user_loader
    def _load_user(session_id: str):
        from market.accounts.services import load_user_by_session_id
        from market.db import get_session

        found = load_user_by_session_id(get_session(), session_id,
                                        touch=request.method not in ("GET", "HEAD", "OPTIONS"))
        if found is None:
            return None
        user, g.login_key = found
        return user

    @login_manager.unauthorized_handler
    def _unauthorized():
        from flask import flash, redirect, url_for
        from flask_babel import gettext as _

        if request.path.startswith("/api/"):
            abort(401)
        if request.method == "POST":
            # A form sent while signed out is kept and offered again after sign-in (market.accounts.resume);
            # the visitor then comes back to the page the form was on, never to the POST-only address.
            from market.accounts.resume import remember_post, same_site_referrer

            kept = remember_post()
            flash(_("Please sign in to continue. Your form is kept and will be sent after you sign in.") if kept
                  else _("Please sign in to continue."), "info")
            back = same_site_referrer()
            return redirect(url_for("market_accounts.signin", **({"next": back} if back else {})))
        flash(_("Please sign in to see this page."), "info")
        return redirect(url_for("market_accounts.signin", next=request.full_path.rstrip("?")))

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if current_app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


def content_security_policy() -> str:
    """The CSP: only our own scripts and styles, no inline script, no framing; with the Stripe provider on,
    Stripe.js's origin (``STRIPE_JS_URL``) and the API it calls are allowed too."""
    from market.payments.providers import csp_extra_sources

    extra = csp_extra_sources()
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'" + extra["script-src"],
            # The hash admits the one stylesheet that the pinned <model-viewer> (3D jewelry viewer, from the npm
            # registry) puts in its shadow DOM; no other inline style is allowed.
            "style-src 'self' 'sha256-PXtZZkJMMyc18o/DN1ZEFOJ2qEGq95IQbVaJFMOXOb0='",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'" + extra["connect-src"],
            "frame-src 'self'" + extra["frame-src"],
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def staff_required(*roles: str):
    """Restrict a view to signed-in users with one of ``roles`` (403 otherwise)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
