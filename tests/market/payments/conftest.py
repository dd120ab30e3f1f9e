"""Fixtures of payment tests: parties and products (the wholesale world of :mod:`tests.factories.orders`), the
exchange rates, an order awaiting payment, staff, and a real Stripe-compatible server (localstripe on loopback)
with a receiver for the webhooks it signs.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import threading
import time

import pytest

from market.payments import providers
from tests.factories.clients import isolated_client
from tests.factories.money import rates  # noqa: F401
from tests.factories.orders import bowl, buyer, maker, other_buyer, other_maker, wallet  # noqa: F401
from tests.factories.payments import place_order
from tests.market.payments.stripe_server import WEBHOOK_SECRET, start_localstripe


@pytest.fixture
def order(db_session, buyer, wallet):  # noqa: F811
    """20 wallets at 48,000 won (960,000 won) from Tokyo Select to Saesol Leather, awaiting payment, in won."""
    return place_order(db_session, buyer, wallet)


@pytest.fixture
def staff(app, make_user):
    """An admin, signed in: (client, user)."""
    user = make_user(role="admin", name="Staff Admin")
    return isolated_client(app, user), user


# --- localstripe ------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Delivery:
    """One webhook POST as localstripe sent it: the raw body and the signature header."""

    body: bytes
    signature: str

    @property
    def event(self) -> dict:
        return json.loads(self.body)


class WebhookInbox:
    """A loopback HTTP server that keeps every webhook localstripe delivers to it."""

    def __init__(self):
        inbox = self
        self.deliveries: list[Delivery] = []
        self.lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with inbox.lock:
                    inbox.deliveries.append(Delivery(body, self.headers.get("Stripe-Signature", "")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, event_type: str, object_id: str, timeout: float = 10.0) -> Delivery:
        """The delivery of ``event_type`` about ``object_id`` (localstripe sends after about a second)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for delivery in self.deliveries:
                    event = delivery.event
                    if event["type"] == event_type and event["data"]["object"].get("id") == object_id:
                        return delivery
            time.sleep(0.05)
        raise AssertionError(f"no {event_type} for {object_id} within {timeout} s")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    """localstripe on 127.0.0.1 (a subprocess we start and stop), its webhooks delivered to a loopback inbox."""
    server = start_localstripe(tmp_path_factory.mktemp("localstripe"))
    inbox = WebhookInbox()
    try:
        server.register_webhook("tests", inbox.url, WEBHOOK_SECRET)
        server.inbox = inbox
        yield server
    finally:
        inbox.close()
        server.stop()


@pytest.fixture
def stripe_on(app, localstripe):
    """The app with the Stripe provider pointed at localstripe (as STRIPE_* settings would); restored after."""
    saved_config = {key: app.config.get(key) for key in localstripe.settings()}
    saved = app.extensions.get(providers.EXTENSION)
    app.config.update(localstripe.settings())
    app.extensions[providers.EXTENSION] = providers.build_providers(app.config)
    try:
        yield localstripe
    finally:
        app.config.update(saved_config)
        app.extensions[providers.EXTENSION] = saved

