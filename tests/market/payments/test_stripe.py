"""Card payments through Stripe PaymentIntents, against localstripe (a real Stripe-compatible server on
loopback) with the official SDK: success, decline, 3-D Secure, currencies, refunds, cancellation, the API and
the card page."""

import pytest
from sqlmodel import func, select

from market.orders.models import OrderRole, WholesaleOrder
from market.orders.services.orders import move_order
from market.payments import ledger, services
from market.payments.models import Payment, Refund
from market.payments.services import PaymentError
from tests.factories.payments import place_order, stripe_client
from tests.helpers import csrf_token
from tests.market.payments.stripe_server import PUBLISHABLE_KEY

THREE_D_SECURE_CARD = "4000002500003155"


def _intent(localstripe, intent_id) -> dict:
    return stripe_client(localstripe).v1.payment_intents.retrieve(intent_id).to_dict()


def _card(localstripe, number: str) -> str:
    """A PaymentMethod for a test card, made as Stripe.js would from the card form."""
    method = stripe_client(localstripe).v1.payment_methods.create(params={
        "type": "card", "card": {"number": number, "exp_month": 12, "exp_year": 2030, "cvc": "123"}})
    return method.id


def test_card_payment_succeeds_in_won(db_session, stripe_on, buyer, order):
    """A PaymentIntent in whole won is made with an idempotency key; paying with a good card applies the payment
    at once, and the webhook that follows changes nothing."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert (payment.provider, payment.attempt) == ("stripe", 1)
    remote = _intent(stripe_on, payment.provider_ref)
    assert (remote["amount"], remote["currency"], remote["metadata"]["payment_id"]) == (960_000, "krw",
                                                                                        str(payment.id))
    assert remote["client_secret"] == payment.client_secret
    result = services.confirm_card(db_session, buyer.user, payment.id, "pm_card_visa")
    assert (result.intent_status, payment.status) == ("succeeded", "paid")
    assert db_session.get(WholesaleOrder, order.id).status == "paid"
    balances = {(b.account, b.currency): b.amount_minor for b in services.balances(db_session)}
    assert balances[("funds:stripe", "KRW")] == 960_000 and balances[("payee", "KRW")] == -864_000
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    outcome, _event = services.receive_stripe_webhook(db_session, delivery.body, delivery.signature)
    assert outcome == "already_applied"
    assert db_session.exec(select(func.count()).select_from(ledger.LedgerTransaction)).one() == 1


@pytest.mark.parametrize(("currency", "amount"), [("JPY", 105_900), ("USD", 69_000)])
def test_intent_amount_in_the_orders_currency(db_session, stripe_on, buyer, wallet, rates, currency, amount):
    """Yen go to Stripe as whole yen (zero-decimal), dollars as cents."""
    order = place_order(db_session, buyer, wallet, currency=currency)
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    remote = _intent(stripe_on, payment.provider_ref)
    assert (remote["amount"], remote["currency"]) == (amount, currency.lower())


def test_declined_card_then_another_card(db_session, stripe_on, buyer, order):
    """A declined card leaves the payment open with the bank's message; the next card is tried on a fresh
    intent (the old one canceled) and pays."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    first_intent = payment.provider_ref
    declined = services.confirm_card(db_session, buyer.user, payment.id, "pm_card_chargeCustomerFail")
    assert declined.declined == "Your card was declined." and payment.status == "pending"
    assert payment.last_error == "Your card was declined."
    assert db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"
    failed = stripe_on.inbox.wait_for("payment_intent.payment_failed", first_intent)
    assert services.receive_stripe_webhook(db_session, failed.body, failed.signature)[0] == "noted_failed"
    paid = services.confirm_card(db_session, buyer.user, payment.id, "pm_card_visa")
    assert (paid.intent_status, payment.status, payment.attempt) == ("succeeded", "paid", 2)
    assert payment.provider_ref != first_intent and _intent(stripe_on, first_intent)["status"] == "canceled"


def test_three_d_secure(db_session, stripe_on, buyer, order):
    """A card that needs 3-D Secure asks the browser to authenticate; once the bank says yes, refreshing applies
    the payment."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    result = services.confirm_card(db_session, buyer.user, payment.id, _card(stripe_on, THREE_D_SECURE_CARD))
    assert (result.intent_status, result.client_secret, payment.status) == (
        "requires_action", payment.client_secret, "pending")
    # What Stripe.js does when the payer completes the bank's challenge.
    stripe_on.post(f"/v1/payment_intents/{payment.provider_ref}/_authenticate",
                   {"key": PUBLISHABLE_KEY, "client_secret": result.client_secret, "success": "true"}, key=None)
    services.refresh_payment(db_session, buyer.user, payment.id)
    assert payment.status == "paid" and db_session.get(WholesaleOrder, order.id).status == "paid"


def test_three_d_secure_failed(db_session, stripe_on, buyer, order):
    """When authentication fails the payment stays open with the reason, and another card can pay."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    result = services.confirm_card(db_session, buyer.user, payment.id, _card(stripe_on, THREE_D_SECURE_CARD))
    stripe_on.post(f"/v1/payment_intents/{payment.provider_ref}/_authenticate",
                   {"key": PUBLISHABLE_KEY, "client_secret": result.client_secret, "success": "false"}, key=None)
    services.refresh_payment(db_session, buyer.user, payment.id)
    assert payment.status == "pending" and "failed authentication" in payment.last_error
    assert services.confirm_card(db_session, buyer.user, payment.id, "pm_card_visa").intent_status == "succeeded"


def test_starting_again_reuses_the_intent_unless_the_amount_changed(db_session, stripe_on, buyer, order):
    """Starting twice keeps one intent; a changed amount replaces it and cancels the old one."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    first = payment.provider_ref
    assert services.start_payment(db_session, buyer.user, "wholesale_order", order.id).provider_ref == first
    order.subtotal_krw = 1_000_000
    db_session.add(order)
    db_session.flush()
    services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert payment.provider_ref != first and payment.amount_minor == 1_000_000
    assert _intent(stripe_on, first)["status"] == "canceled"
    assert _intent(stripe_on, payment.provider_ref)["amount"] == 1_000_000


def test_cancelling_the_order_cancels_the_intent(db_session, stripe_on, buyer, order):
    """The buyer cancelling an unpaid order cancels its PaymentIntent at Stripe."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    move_order(db_session, buyer.user, order.id, "cancelled", role=OrderRole.buyer)
    assert payment.status == "canceled" and _intent(stripe_on, payment.provider_ref)["status"] == "canceled"


def test_card_refunds_never_exceed_what_was_paid(db_session, stripe_on, buyer, staff, order):
    """Partial and full refunds go to Stripe and the ledger; a further refund is refused by our own guard,
    although localstripe itself would accept it."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.confirm_card(db_session, buyer.user, payment.id, "pm_card_visa")
    partial = services.refund(db_session, staff[1], payment.id, 100_000, "One wallet returned")
    assert partial.provider_ref.startswith("re_") and payment.status == "partially_refunded"
    services.refund(db_session, staff[1], payment.id, 860_000, "Order cancelled")
    assert payment.status == "refunded" and db_session.get(WholesaleOrder, order.id).status == "cancelled"
    client = stripe_client(stripe_on)
    remote = client.v1.refunds.list(params={"payment_intent": payment.provider_ref}).data
    assert sorted(r.amount for r in remote) == [100_000, 860_000]
    with pytest.raises(PaymentError):
        services.refund(db_session, staff[1], payment.id, 1, "Once more")
    assert client.v1.refunds.create(params={"payment_intent": payment.provider_ref, "amount": 1}).status == (
        "succeeded")  # localstripe has no such guard
    assert db_session.exec(select(func.count()).select_from(Refund)).one() == 2
    assert ledger.unbalanced_transactions(db_session) == []


def test_api_answers_the_client_secret_and_402_on_decline(client, db_session, stripe_on, buyer, order):
    """POST /payments answers the PaymentIntent's client secret and the publishable key; a declined card is
    402 and the decline is kept on the payment."""
    token = csrf_token(buyer.client, "/en/orders/")
    created = buyer.client.post("/api/v1/payments", json={"kind": "wholesale_order", "payable_id": order.id},
                                headers={"X-CSRFToken": token})
    assert created.status_code == 201
    card = created.json["card"]
    assert card["publishable_key"] == PUBLISHABLE_KEY and card["client_secret"].startswith(card["payment_intent"])
    payment_id = created.json["id"]
    declined = buyer.client.post(f"/api/v1/payments/{payment_id}/confirm",
                                 json={"payment_method": "pm_card_chargeCustomerFail"}, headers={"X-CSRFToken": token})
    assert declined.status_code == 402 and declined.json["error"]["code"] == "card_declined"
    assert db_session.get(Payment, payment_id).last_error == "Your card was declined."
    paid = buyer.client.post(f"/api/v1/payments/{payment_id}/confirm", json={"payment_method": "pm_card_visa"},
                             headers={"X-CSRFToken": token})
    assert paid.status_code == 200 and paid.json["status"] == "succeeded"
    assert paid.json["payment"]["status"] == "paid" and paid.json["payment"]["card"]["client_secret"] is None


def test_card_page_loads_stripe_js_and_the_csp_allows_it(stripe_on, buyer, order):
    """The checkout's card form loads Stripe.js from STRIPE_JS_URL, which the CSP then allows."""
    token = csrf_token(buyer.client, f"/en/pay/wholesale_order/{order.id}")
    buyer.client.post(f"/en/pay/wholesale_order/{order.id}", data={"csrf_token": token})
    page = buyer.client.get(f"/en/pay/wholesale_order/{order.id}")
    html = page.get_data(as_text=True)
    assert f'<script src="{stripe_on.js_url}"></script>' in html and 'id="card-element"' in html
    assert f'data-publishable-key="{PUBLISHABLE_KEY}"' in html
    csp = page.headers["Content-Security-Policy"]
    assert f"script-src 'self' {stripe_on.url}" in csp and stripe_on.url in csp.split("connect-src")[1]


def test_csp_has_no_stripe_origin_without_stripe(client):
    """With the manual provider the CSP allows only our own origin."""
    csp = client.get("/en/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "connect-src 'self';" in csp
