"""Test helpers shared by many test modules: the default password, signing a client in, CSRF tokens."""

from __future__ import annotations

import re

DEFAULT_PASSWORD = "correct horse battery staple 7"


def sign_in(client, user) -> None:
    """Put ``user`` in the client's session as Flask-Login does after a sign-in, with a login session of its
    own (committed in the test's session, which requests share)."""
    from market.accounts.services import start_login_session
    from market.db import session_scope

    with client.application.app_context(), session_scope(client.application) as session:
        key = start_login_session(session, user, "tests")
        session.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{user.id}:{user.session_nonce}:{key}"
        sess["_fresh"] = True


_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str = "/en/account/signin") -> str:
    """The CSRF token of the client's session, read from a page's form."""
    html = client.get(url).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def confirm_in_dialog(page) -> None:
    """Answer the page's confirmation dialog (irreversible and money-moving steps ask once more) with "Confirm"."""
    from playwright.sync_api import expect

    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("button[value=confirm]").click()


def at_once(app, step, n: int = 2) -> list:
    """Run ``step(session)`` in ``n`` threads released at the same moment, each in its own transaction with a
    request context (as cron runs overlapping at the same minute would); an attempt SQLite turns away because
    another holds its write lock answers "busy"."""
    import concurrent.futures
    import threading

    import sqlalchemy as sa

    from market.db import session_scope

    barrier = threading.Barrier(n)

    def run(_i):
        with app.app_context(), app.test_request_context("/"):
            barrier.wait()
            try:
                with session_scope(app) as session:
                    return step(session)
            except sa.exc.OperationalError:
                return "busy"

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))
