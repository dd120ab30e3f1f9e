"""Payouts to makers as Stripe Connect transfers.

localstripe has no Connect, so the transfer is tested at the HTTP boundary: a small server on loopback answers
the SDK with Stripe API responses recorded as JSON (``recorded/``) and keeps the requests it got, which the
tests check (path, form fields, idempotency key, secret key). Everything on our side is real: the SDK client,
the provider, the service, the ledger.
"""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from pathlib import Path

import pytest
from sqlmodel import select

from market.payments import ledger, providers, services
from market.payments.models import Payout
from market.payments.services import PaymentError

RECORDED = Path(__file__).parent / "recorded"
ACCOUNT = "acct_1MTfjCQ9PRzxEwkZ"


class ReplayServer:
    """Answers POST /v1/transfers with one recorded response (status, JSON file); keeps each request."""

    def __init__(self, status: int, recording: str):
        replay = self
        self.requests: list[dict] = []
        body = (RECORDED / recording).read_bytes()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                replay.requests.append({"path": self.path, "headers": dict(self.headers),
                                        "form": dict(urllib.parse.parse_qsl(raw))})
                found = self.path == "/v1/transfers"
                self.send_response(status if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Request-Id", "req_replayed")
                self.end_headers()
                self.wfile.write(body if found else b'{"error": {"type": "invalid_request_error"}}')

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def owed(db_session, buyer, staff, order):
    """The maker is owed 864,000 won from a paid order; it has a connected Stripe account."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    services.set_payee_account(db_session, staff[1], order.maker_org_id, ACCOUNT)
    db_session.commit()
    return order.maker_org_id


def _stripe_against(app, replay: ReplayServer):
    app.extensions[providers.EXTENSION] = providers.build_providers({
        "STRIPE_SECRET_KEY": "sk_test_connect_replay", "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "STRIPE_API_BASE": replay.url})


@pytest.fixture
def replay(app):
    """Start a replay server (``replay(status, file)``) and point the Stripe provider at it; restored after."""
    saved = app.extensions[providers.EXTENSION]
    servers = []

    def _start(status: int, recording: str) -> ReplayServer:
        server = ReplayServer(status, recording)
        servers.append(server)
        _stripe_against(app, server)
        return server

    yield _start
    app.extensions[providers.EXTENSION] = saved
    for server in servers:
        server.close()


def test_payout_is_a_connect_transfer(db_session, staff, owed, replay):
    """The transfer is asked with the amount in won, the connected account and an idempotency key; the payout
    keeps Stripe's transfer id and the ledger moves the money out of the Stripe balance."""
    server = replay(200, "transfer_created.json")
    payout = services.record_payout(db_session, staff[1], owed, "KRW", 864_000, "November")
    (request,) = server.requests
    assert request["path"] == "/v1/transfers"
    assert request["form"] == {"amount": "864000", "currency": "krw", "destination": ACCOUNT,
                               "metadata[organization_id]": str(owed)}
    assert request["headers"]["Idempotency-Key"] == f"seoulmade-payout-{owed}-KRW-0-864000"
    assert request["headers"]["Authorization"] == "Bearer sk_test_connect_replay"
    assert (payout.method, payout.provider_ref) == ("stripe_connect", "tr_1QeJ2aLkdIwHu7ixO5tQnV4m")
    assert services.payee_balances(db_session, owed) == {owed: {"KRW": 0}}
    funds = {(b.account, b.currency): b.amount_minor for b in services.balances(db_session)}
    assert funds[("funds:stripe", "KRW")] == -864_000 and funds[("funds:manual", "KRW")] == 960_000
    assert ledger.unbalanced_transactions(db_session) == []


def test_refused_transfer_records_nothing(db_session, staff, owed, replay):
    """When Stripe refuses the transfer (insufficient balance), no payout is recorded and the maker is still
    owed everything."""
    replay(400, "transfer_balance_insufficient.json")
    with pytest.raises(PaymentError) as refused:
        services.record_payout(db_session, staff[1], owed, "KRW", 864_000)
    assert refused.value.code == "provider_error" and "insufficient available funds" in refused.value.message
    assert db_session.exec(select(Payout)).first() is None
    assert services.payee_balances(db_session, owed) == {owed: {"KRW": 864_000}}


def test_payee_account_ids_are_checked(db_session, staff, owed):
    """A connected account id must look like acct_…; clearing it sends payouts back to bank transfers."""
    with pytest.raises(PaymentError) as refused:
        services.set_payee_account(db_session, staff[1], owed, "not-an-account")
    assert refused.value.field == "stripe_account_id"
    assert services.set_payee_account(db_session, staff[1], owed, "") is None
    payout = services.record_payout(db_session, staff[1], owed, "KRW", 1000)
    assert payout.method == "bank_transfer"

