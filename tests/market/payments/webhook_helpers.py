"""Helpers of the webhook tests: paying at localstripe as the browser would (so only the webhook tells us), and
signing a payload the way Stripe does (for copies of real events with another id or an old timestamp)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time

import stripe

from tests.factories.payments import stripe_client
from tests.market.payments.stripe_server import WEBHOOK_SECRET


def pay_at_stripe(localstripe, intent_id: str, payment_method: str = "pm_card_visa") -> None:
    """Confirm an intent directly at localstripe with its client secret's owner's card, as Stripe.js or a mobile
    SDK does on the payer's device: our server hears of it only through the webhook. Declines are swallowed
    (localstripe answers 402 and sends ``payment_intent.payment_failed``)."""
    client = stripe_client(localstripe)
    client.v1.payment_intents.update(intent_id, params={"payment_method": payment_method})
    with contextlib.suppress(stripe.CardError):
        client.v1.payment_intents.confirm(intent_id)


def sign(body: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """A ``Stripe-Signature`` header for ``body``: ``t=<unix time>,v1=<HMAC-SHA256 of "t.body">``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), b"%d.%s" % (timestamp, body), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def with_new_id(body: bytes, event_id: str) -> bytes:
    """The same event under another id (Stripe sends distinct events about one object)."""
    event = json.loads(body)
    event["id"] = event_id
    return json.dumps(event).encode()


def post_webhook(client, body: bytes, signature: str | None):
    """POST a delivery to our endpoint as Stripe does."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return client.post("/webhooks/stripe", data=body, headers=headers)
