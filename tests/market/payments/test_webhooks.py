"""Stripe's webhook, with the signed events localstripe really sends: a payment confirmed on the payer's device is
applied once however often and in whatever order events arrive; bad signatures change nothing; unknown types
are stored and ignored; refunds made at Stripe are recorded. Runs on SQLite and PostgreSQL (the backend
fixture)."""

import json
import time

from sqlmodel import select

from market.orders.models import WholesaleOrder
from market.payments import ledger, services
from market.payments.models import LedgerTransaction, Payment, Refund, StripeEvent
from tests.factories.db import count
from tests.factories.payments import stripe_client
from tests.market.payments.webhook_helpers import pay_at_stripe, post_webhook, sign, with_new_id


def _started(db_session, buyer, order) -> Payment:
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    return payment


def test_event_applies_the_payment_once(client, db_session, stripe_on, buyer, order):
    """payment_intent.succeeded pays the order; the same delivery again is a duplicate and changes nothing."""
    payment = _started(db_session, buyer, order)
    pay_at_stripe(stripe_on, payment.provider_ref)
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    first = post_webhook(client, delivery.body, delivery.signature)
    assert first.status_code == 200 and first.json["outcome"] == "applied"
    db_session.refresh(payment)
    assert payment.status == "paid" and db_session.get(WholesaleOrder, order.id).status == "paid"
    again = post_webhook(client, delivery.body, delivery.signature)
    assert again.status_code == 200 and again.json["outcome"] == "duplicate"
    assert count(db_session, StripeEvent) == 1
    assert count(db_session, LedgerTransaction, LedgerTransaction.payment_id == payment.id) == 1
    stored = db_session.exec(select(StripeEvent)).one()
    assert (stored.event_id, stored.payment_id, stored.outcome) == (delivery.event["id"], payment.id, "applied")


def test_distinct_events_for_one_payment_apply_it_once(client, db_session, stripe_on, buyer, order):
    """A second event about the same success (another id) is stored but applies nothing."""
    payment = _started(db_session, buyer, order)
    pay_at_stripe(stripe_on, payment.provider_ref)
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    post_webhook(client, delivery.body, delivery.signature)
    copy = with_new_id(delivery.body, "evt_copy_of_success")
    assert post_webhook(client, copy, sign(copy)).json["outcome"] == "already_applied"
    assert count(db_session, StripeEvent) == 2
    assert count(db_session, LedgerTransaction, LedgerTransaction.payment_id == payment.id) == 1


def test_out_of_order_decline_after_success(client, db_session, stripe_on, buyer, order):
    """The decline of a first card arrives after the success of a second: the payment stays paid."""
    payment = _started(db_session, buyer, order)
    first_intent = payment.provider_ref
    services.confirm_card(db_session, buyer.user, payment.id, "pm_card_chargeCustomerFail")
    services.start_payment(db_session, buyer.user, "wholesale_order", order.id)  # a fresh intent for the next card
    db_session.commit()
    second_intent = payment.provider_ref
    assert second_intent != first_intent
    pay_at_stripe(stripe_on, second_intent)
    success = stripe_on.inbox.wait_for("payment_intent.succeeded", second_intent)
    failure = stripe_on.inbox.wait_for("payment_intent.payment_failed", first_intent)
    assert post_webhook(client, success.body, success.signature).json["outcome"] == "applied"
    assert post_webhook(client, failure.body, failure.signature).json["outcome"] == "stale"
    db_session.refresh(payment)
    assert (payment.status, payment.last_error, payment.provider_ref) == ("paid", None, second_intent)
    assert db_session.get(WholesaleOrder, order.id).status == "paid"


def test_success_event_before_the_decline_event_of_the_same_card(client, db_session, stripe_on, buyer, order):
    """Events about one intent out of order (success, then an older failure) leave it paid."""
    payment = _started(db_session, buyer, order)
    pay_at_stripe(stripe_on, payment.provider_ref)
    success = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    older = json.loads(success.body)
    older["id"], older["type"], older["created"] = "evt_older_failure", "payment_intent.payment_failed", 1
    older["data"]["object"].update(status="requires_payment_method",
                                   last_payment_error={"message": "Your card was declined."})
    failure = json.dumps(older).encode()
    assert post_webhook(client, success.body, success.signature).json["outcome"] == "applied"
    assert post_webhook(client, failure, sign(failure)).json["outcome"] == "stale"
    db_session.refresh(payment)
    assert payment.status == "paid" and payment.last_error is None


def test_bad_signatures_are_400_and_change_nothing(client, db_session, stripe_on, buyer, order):
    """A changed body, another secret, no header and a signature older than the SDK's tolerance: 400 each,
    nothing stored, the order still unpaid."""
    payment = _started(db_session, buyer, order)
    pay_at_stripe(stripe_on, payment.provider_ref)
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    tampered = delivery.body.replace(b'"amount": 960000', b'"amount": 1')
    assert tampered != delivery.body
    for body, signature in ((tampered, delivery.signature), (delivery.body, sign(delivery.body, "whsec_other")),
                            (delivery.body, None), (delivery.body, sign(delivery.body, timestamp=int(time.time()) - 301)),
                            (b"not json", sign(b"not json"))):
        response = post_webhook(client, body, signature)
        assert response.status_code == 400 and response.json["error"]["code"] == "bad_signature"
    assert count(db_session, StripeEvent) == 0
    db_session.refresh(payment)
    assert payment.status == "pending" and db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"


def test_unknown_event_types_are_stored_and_ignored(client, db_session, stripe_on):
    """An event type we do not handle (customer.created) is stored once and answered 200."""
    customer = stripe_client(stripe_on).v1.customers.create(params={"email": "buyer@example.com"})
    delivery = stripe_on.inbox.wait_for("customer.created", customer.id)
    response = post_webhook(client, delivery.body, delivery.signature)
    assert response.status_code == 200 and response.json["outcome"] == "ignored"
    stored = db_session.exec(select(StripeEvent)).one()
    assert (stored.type, stored.object_id, stored.payment_id) == ("customer.created", customer.id, None)


def test_intents_that_are_not_ours_are_stored_as_unknown(client, db_session, stripe_on):
    """A success for an intent made elsewhere on the account is stored, and nothing is paid."""
    client_sdk = stripe_client(stripe_on)
    intent = client_sdk.v1.payment_intents.create(params={"amount": 5000, "currency": "krw",
                                                          "payment_method": "pm_card_visa", "confirm": True})
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", intent.id)
    assert post_webhook(client, delivery.body, delivery.signature).json["outcome"] == "unknown_payment"
    assert count(db_session, LedgerTransaction) == 0


def test_refund_made_at_stripe_is_recorded(client, db_session, stripe_on, buyer, order):
    """A refund made in Stripe's dashboard reaches us as charge.refunded: recorded once, ledger balanced."""
    payment = _started(db_session, buyer, order)
    pay_at_stripe(stripe_on, payment.provider_ref)
    delivery = stripe_on.inbox.wait_for("payment_intent.succeeded", payment.provider_ref)
    post_webhook(client, delivery.body, delivery.signature)
    sdk = stripe_client(stripe_on)
    refund = sdk.v1.refunds.create(params={"payment_intent": payment.provider_ref, "amount": 96_000})
    charge = sdk.v1.payment_intents.retrieve(payment.provider_ref).to_dict()["latest_charge"]
    # localstripe sends no charge.* events; this one is shaped like Stripe's and signed with the webhook secret.
    event = {"id": "evt_charge_refunded_1", "object": "event", "type": "charge.refunded", "livemode": False,
             "created": int(time.time()), "data": {"object": {
                 "id": charge["id"] if isinstance(charge, dict) else charge, "object": "charge",
                 "payment_intent": payment.provider_ref, "amount": 960_000, "amount_refunded": 96_000,
                 "refunded": False}}}
    body = json.dumps(event).encode()
    assert post_webhook(client, body, sign(body)).json["outcome"] == "refunds_added"
    copy = with_new_id(body, "evt_charge_refunded_2")
    assert post_webhook(client, copy, sign(copy)).json["outcome"] == "refunds_in_sync"
    (row,) = db_session.exec(select(Refund)).all()
    assert (row.amount_minor, row.source, row.provider_ref) == (96_000, "provider", refund.id)
    db_session.refresh(payment)
    assert payment.status == "partially_refunded" and ledger.unbalanced_transactions(db_session) == []


def test_webhook_without_stripe_configured_is_404(client):
    """With the manual provider the endpoint does not exist as far as callers can tell."""
    assert post_webhook(client, b"{}", "t=1,v1=x").status_code == 404
