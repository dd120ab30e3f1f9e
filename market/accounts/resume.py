"""A form sent while signed out is kept, not lost: the sign-in step remembers it and offers it again afterwards.

When a signed-out visitor posts a form to a page that needs an account (add to cart, send a message, accept a
quote...), :func:`remember_post` keeps the form's endpoint, its URL arguments and its fields (never the CSRF
token, never files) in the visitor's session, and the visitor signs in. Then the sign-in page sends them to
``market_accounts.resume``, which shows the form again, filled, with a fresh CSRF token: a view marked with
:func:`replay_after_signin` (a step that is safe to repeat, such as putting a product in the cart) is sent at
once by the browser (``static/js/resume.js``); any other is sent only when the person presses the button. The
view that answers the form then redirects as it always does (add to cart: back to the product).

The session is a signed cookie, so a form larger than :data:`MAX_PENDING_CHARS` is not kept: the visitor comes
back to the page the form was on and sends it again.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import current_app, request, session

SESSION_KEY = "pending_post"
MAX_PENDING_CHARS = 2000
REPLAY_ATTRIBUTE = "replay_after_signin"
NEVER_KEPT = frozenset({"csrf_token"})


def replay_after_signin(view):
    """Mark a POST view as safe to send again automatically after the visitor signs in (no confirmation)."""
    setattr(view, REPLAY_ATTRIBUTE, True)
    return view


def same_site_referrer() -> str | None:
    """The path (with query) of the page the request came from, when it is a page of this site."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and parts.netloc != request.host):
        return None
    path = parts.path or ""
    if not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def remember_post() -> bool:
    """Keep the current (refused, signed-out) POST in the session to offer after sign-in; False when it cannot
    be kept (no endpoint, URL arguments that are not plain values, or a form too large for the cookie)."""
    endpoint = request.endpoint
    if not endpoint or endpoint not in current_app.view_functions:
        return False
    args = dict(request.view_args or {})
    if not all(isinstance(value, str | int) for value in args.values()):
        return False
    fields = [[name, value] for name, value in request.form.items(multi=True) if name not in NEVER_KEPT]
    view = current_app.view_functions[endpoint]
    pending = {"endpoint": endpoint, "args": args, "fields": fields,
               "auto": bool(getattr(view, REPLAY_ATTRIBUTE, False)), "back": same_site_referrer(),
               "files": bool(request.files)}
    if len(json.dumps(pending, ensure_ascii=False)) > MAX_PENDING_CHARS:
        session.pop(SESSION_KEY, None)
        return False
    session[SESSION_KEY] = pending
    return True


def has_pending_post() -> bool:
    """Whether a form sent while signed out waits to be sent again."""
    return isinstance(session.get(SESSION_KEY), dict)


def take_pending_post() -> dict | None:
    """The kept form (``endpoint``, ``args``, ``fields``, ``auto``, ``back``, ``files``), removed from the
    session (it is offered once); None when there is none."""
    pending = session.pop(SESSION_KEY, None)
    if not isinstance(pending, dict) or pending.get("endpoint") not in current_app.view_functions:
        return None
    return pending
