"""How tests talk to the app as someone: clients with a ``g`` of their own per request, parties (a signed-in
client with its user and organisation) and API bearer headers."""

from __future__ import annotations

import dataclasses

from flask.testing import FlaskClient

from tests.helpers import sign_in


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, hence its own ``g``.

    The ``app`` fixture keeps an app context pushed, and Flask reuses it for test requests, so ``g`` (Flask-Login's
    current user, Flask-WTF's CSRF token) would leak from one client's request into another client's.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def isolated_client(app, user=None) -> IsolatedClient:
    """A client with its own ``g`` per request, signed in as ``user`` when given."""
    client = IsolatedClient(app, app.response_class, use_cookies=True)
    if user is not None:
        sign_in(client, user)
    return client


@dataclasses.dataclass
class Party:
    """A signed-in client, its user and its organisation."""

    client: object
    user: object
    org: object


def bearer(session, user) -> dict:
    """The ``Authorization`` header of a new API token of ``user``."""
    from market.accounts import services as accounts

    _token, secret = accounts.create_api_token(session, user, "tests")
    session.commit()
    return {"Authorization": f"Bearer {secret}"}
