"""Stripe's word on our payments: webhooks verified and stored once by event id, and a reconciliation that
repairs what a lost webhook missed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, select

from market.payments.models import Payment, PaymentStatus, ProviderName, StripeEvent
from market.payments.providers import IntentState, ProviderError, StripeProvider, get_providers
from market.payments.services.common import lock_payment, stripe
from market.payments.services.intents import sync_intent
from market.payments.services.refunds import sync_refunds
from market.refusals import Refusal


def _payment_of_intent(session: Session, intent: IntentState) -> Payment | None:
    payment = session.exec(select(Payment).where(Payment.provider_ref == intent.id)).first()
    if payment is None and intent.payment_id is not None:
        candidate = session.get(Payment, intent.payment_id)
        # An older intent of the payment: its metadata names the payment and carries the payment's token.
        if candidate is not None and candidate.token == intent.metadata.get("payment_token"):
            payment = candidate
    return payment


def apply_stripe_event(session: Session, event: dict) -> tuple[str, int | None]:
    """Process one verified Stripe event: PaymentIntent events move the payment (see
    :func:`~market.payments.services.intents.sync_intent`); refund events record refunds made at Stripe; other
    types are ignored. Returns (outcome, payment id)."""
    kind = str(event.get("type") or "")
    obj = (event.get("data") or {}).get("object") or {}
    if kind.startswith("payment_intent.") and obj.get("object") == "payment_intent":
        intent = StripeProvider._intent(obj)
        found = _payment_of_intent(session, intent)
        if found is None:
            return "unknown_payment", None
        payment = lock_payment(session, found.id)
        return sync_intent(session, payment, intent), payment.id
    if kind in ("charge.refunded", "charge.refund.updated", "refund.created", "refund.updated"):
        intent_id = obj.get("payment_intent")
        found = session.exec(select(Payment).where(Payment.provider_ref == intent_id)).first() if intent_id else None
        if found is None:
            return "unknown_payment", None
        payment = lock_payment(session, found.id)
        added = sync_refunds(session, payment)
        return ("refunds_added" if added else "refunds_in_sync"), payment.id
    return "ignored", None


def receive_stripe_webhook(session: Session, payload: bytes, signature: str | None) -> tuple[str, StripeEvent | None]:
    """Verify a webhook's signature on its raw body, store the event once by its id, and process it in this
    transaction. Returns (outcome, stored event); a repeated event id is ``duplicate`` and changes nothing.
    Raises :class:`market.payments.providers.SignatureError` for a bad signature (nothing is stored)."""
    event = stripe().verify_event(payload, signature)
    event_id = str(event["id"])[:255]
    obj = (event.get("data") or {}).get("object") or {}
    created = event.get("created")
    row = StripeEvent(event_id=event_id, type=str(event["type"])[:120],
                      object_id=str(obj.get("id"))[:255] if obj.get("id") else None,
                      created=dt.datetime.fromtimestamp(int(created), dt.UTC) if isinstance(created, int) else None,
                      livemode=bool(event.get("livemode")), payload=payload.decode("utf-8", "replace"))
    try:
        # Storing the event is the transaction's first step: its unique id refuses a second delivery (a concurrent
        # one waits here until the first commits, then fails), and on SQLite it takes the write lock at once.
        with session.begin_nested():
            session.add(row)
            session.flush()
    except sa.exc.IntegrityError:
        return "duplicate", None
    outcome, payment_id = apply_stripe_event(session, event)
    row.outcome, row.payment_id = outcome[:40], payment_id
    session.add(row)
    session.flush()
    return outcome, row


@dataclasses.dataclass
class ReconcileReport:
    """What :func:`reconcile` looked at and repaired."""

    checked: int = 0
    applied: list[int] = dataclasses.field(default_factory=list)
    refunds_added: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


def reconcile(session: Session, since: dt.datetime | None = None) -> ReconcileReport:
    """Compare recent PaymentIntents (and every open card payment) with our payments and repair what a lost
    webhook missed: successes applied, refunds made at Stripe recorded. Safe to run any time, as often as
    wanted. With the manual provider only, there is nothing to fetch."""
    report = ReconcileReport()
    provider = get_providers().stripe
    if provider is None:
        return report
    since_ts = int(since.timestamp()) if since else None
    seen: set[int] = set()

    def check(payment_id: int, intent: IntentState | None) -> None:
        payment = lock_payment(session, payment_id)
        try:
            with session.begin_nested():
                intent_now = provider.retrieve_intent(payment.provider_ref) if intent is None else intent
                if sync_intent(session, payment, intent_now) == "applied":
                    report.applied.append(payment.id)
                report.refunds_added += sync_refunds(session, payment)
        except (ProviderError, Refusal) as exc:
            report.errors.append(f"payment {payment_id}: {getattr(exc, 'message', exc)}")
        report.checked += 1

    try:
        for intent in provider.recent_intents(since_ts):
            payment = _payment_of_intent(session, intent)
            if payment is None or payment.id in seen:
                continue
            seen.add(payment.id)
            check(payment.id, intent)
    except ProviderError as exc:
        report.errors.append(exc.message)
    open_ids = session.exec(select(Payment.id).where(Payment.provider == ProviderName.stripe,
                                                     Payment.status == PaymentStatus.pending,
                                                     Payment.provider_ref.is_not(None))).all()
    for payment_id in open_ids:
        if payment_id not in seen:
            seen.add(payment_id)
            check(payment_id, None)
    return report
