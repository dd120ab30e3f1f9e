"""Stripe's PaymentIntents: one usable intent per open card payment, and :func:`sync_intent`, which turns what
Stripe says about an intent into our state the same way for the browser's confirmation, webhooks and
reconciliation."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from market.db import utcnow
from market.payments.models import PAID_STATUSES, Payment, PaymentRole, PaymentStatus
from market.payments.providers import IntentState, ProviderError, StripeProvider
from market.payments.services.common import log, provider_failed, stripe
from market.payments.services.received import apply_payment
from market.payments.services.refunds import refund_locked


def _needs_new_intent(payment: Payment) -> bool:
    # After a decline or a cancel, or when the amount changed, a fresh intent is made (Stripe could reuse a
    # declined one, but a new attempt with its own idempotency key behaves the same everywhere).
    return payment.provider_ref is None or payment.provider_status in ("failed", "canceled", "stale")


def ensure_intent(session: Session, payment: Payment, *, force: bool = False) -> IntentState | None:
    """Make sure a pending Stripe payment has a usable PaymentIntent (payment locked by the caller).

    Replacing an intent cancels the old one first; if Stripe says it succeeded meanwhile, that success is
    applied instead and no new intent is made (returns None then)."""
    provider = stripe()
    if not force and not _needs_new_intent(payment):
        return None
    if payment.provider_ref:
        if retire_intent(session, payment, provider):
            return None
    payment.attempt += 1
    metadata = {"payment_id": str(payment.id), "payment_token": payment.token, "kind": payment.kind,
                "payable_id": str(payment.payable_id), "reference": payment.reference or ""}
    try:
        intent = provider.create_intent(payment.amount_minor, payment.currency, metadata,
                                        f"seoulmade-payment-{payment.token}-{payment.attempt}")
    except ProviderError as exc:
        raise provider_failed(exc) from exc
    payment.provider_ref, payment.client_secret = intent.id, intent.client_secret
    payment.provider_status, payment.last_error = intent.status, None
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()
    return intent


def retire_intent(session: Session, payment: Payment, provider: StripeProvider) -> bool:
    """Cancel the payment's current intent. Returns True when it turned out to have succeeded (then applied)."""
    try:
        intent = provider.cancel_intent(payment.provider_ref)
    except ProviderError:
        try:
            intent = provider.retrieve_intent(payment.provider_ref)
        except ProviderError as exc:
            raise provider_failed(exc) from exc
    outcome = sync_intent(session, payment, intent)
    return outcome in ("applied", "already_applied")


def sync_intent(session: Session, payment: Payment, intent: IntentState) -> str:
    """Bring a (locked) payment in line with what Stripe says about one of its intents; returns what it did.

    Only ``succeeded`` applies money, once (a paid payment ignores every later event about it). Events about an
    older intent of the payment are stale, unless that intent succeeded while the payment is still open. A
    success whose amount or currency differs from the payment's is not applied and is flagged for staff. Money
    that arrives for a canceled payment is applied and refunded in full."""
    current = intent.id == payment.provider_ref
    if intent.status == "succeeded":
        if payment.status in PAID_STATUSES:
            if not current:
                log.error("payment %s: intent %s succeeded after another one paid it", payment.id, intent.id)
                payment.last_error = f"Second successful charge {intent.id}: refund it in Stripe."
                session.add(payment)
                return "duplicate_charge"
            return "already_applied"
        if (intent.amount_minor, intent.currency) != (payment.amount_minor, payment.currency):
            log.error("payment %s: intent %s paid %s %s, expected %s %s", payment.id, intent.id,
                      intent.amount_minor, intent.currency, payment.amount_minor, payment.currency)
            payment.last_error = f"Stripe reports {intent.amount_minor} {intent.currency} on {intent.id}."
            session.add(payment)
            return "amount_mismatch"
        payment.provider_ref, payment.provider_status = intent.id, intent.status
        was_canceled = payment.status == PaymentStatus.canceled
        apply_payment(session, payment, PaymentRole.provider, notify_payable=not was_canceled)
        if was_canceled:
            refund_locked(session, None, payment, payment.amount_minor,
                          _("Paid after the order was cancelled: refunded in full."), source="cancellation")
        return "applied"
    if not current or payment.status != PaymentStatus.pending:
        return "stale"
    if intent.status == "canceled":
        payment.provider_status = "canceled"
    elif intent.status == "requires_payment_method" and intent.error:
        payment.provider_status, payment.last_error = "failed", intent.error
    else:
        payment.provider_status = intent.status
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()
    return f"noted_{payment.provider_status}"[:40]
