"""Refunds: by staff, by a cancellation the payable's own rules allow, or found at Stripe; never more than was
paid, with the ledger and the payable following each one."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.payments import ledger
from market.payments.models import Payment, PaymentRole, PaymentStatus, ProviderName, Refund
from market.payments.payables import get_adapter
from market.payments.providers import ProviderError
from market.payments.services.common import (
    MAX_REASON,
    PaymentError,
    format_amount,
    lock_payment,
    move_payment,
    not_found,
    payment_for,
    provider_failed,
    refunded_minor,
    require_staff,
    stripe,
)

REFUNDABLE = (PaymentStatus.paid, PaymentStatus.partially_refunded)
# Who a refund's source stands for in the payment's transition table.
_ROLE_OF_SOURCE = {"staff": PaymentRole.staff, "cancellation": PaymentRole.payable, "provider": PaymentRole.provider}


def refund(session: Session, staff_user, payment_id: int, amount_minor: int, reason: str) -> Refund:
    """Staff refund part or all of a paid payment (through Stripe for card payments; a bank transfer back that
    staff make for manual ones). The ledger and the payable follow. Refuses non-staff (403), unknown payments
    (404), unpaid or fully refunded payments (409), and amounts that are not positive or exceed what is left —
    even when two refunds are asked for at the same moment (the payment's row is locked)."""
    require_staff(staff_user)
    payment = lock_payment(session, payment_id)
    if payment is None:
        raise not_found()
    return refund_locked(session, staff_user, payment, amount_minor, reason, source="staff")


def refund_payable(session: Session, actor, kind: str, payable_id: int, reason: str) -> Refund | None:
    """Refund what is left of a payable's payment because its own rules allow it (a buyer cancelling a paid
    order before production); None when nothing was paid. The caller has checked those rules."""
    existing = payment_for(session, kind, payable_id)
    if existing is None:
        return None
    payment = lock_payment(session, existing.id)
    if payment.status not in REFUNDABLE:
        return None
    remaining = payment.amount_minor - refunded_minor(session, payment.id)
    return refund_locked(session, actor, payment, remaining, reason, source="cancellation")


def refund_locked(session: Session, actor, payment: Payment, amount_minor, reason: str | None, *,
                  source: str) -> Refund:
    """Refund ``amount_minor`` of a (locked) payment for ``source`` (staff, cancellation); refuses unpaid
    payments (409), amounts that are not positive or exceed what is left, and over-long reasons."""
    if payment.status not in REFUNDABLE:
        raise PaymentError(_("Only paid payments can be refunded."), code="wrong_state", status=409)
    try:
        amount = int(amount_minor)
    except (TypeError, ValueError):
        raise PaymentError(_("Enter the amount to refund."), field="amount") from None
    before = refunded_minor(session, payment.id)
    remaining = payment.amount_minor - before
    if amount <= 0:
        raise PaymentError(_("Enter an amount above zero."), field="amount")
    if amount > remaining:
        raise PaymentError(_("At most %(amount)s can still be refunded.",
                             amount=format_amount(remaining, payment.currency)), code="exceeds_paid",
                           field="amount")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise PaymentError(_("Keep the reason under %(max)d characters.", max=MAX_REASON), field="reason")
    provider_ref = None
    if payment.provider == ProviderName.stripe:
        # The key names the refund by what was refunded before it, so a retry after a lost answer is the same
        # refund at Stripe, never a second one.
        key = f"seoulmade-refund-{payment.token}-{before}-{amount}"
        try:
            state = stripe().refund(payment.provider_ref, amount, payment.currency, key,
                                    {"payment_id": str(payment.id), "reference": payment.reference or ""})
        except ProviderError as exc:
            raise provider_failed(exc) from exc
        existing = session.exec(select(Refund).where(Refund.provider_ref == state.id)).first()
        if existing is not None:
            return existing
        provider_ref = state.id
    return _record_refund(session, actor, payment, amount, before, reason, source, provider_ref)


def _record_refund(session: Session, actor, payment: Payment, amount: int, before: int, reason: str, source: str,
                   provider_ref: str | None) -> Refund:
    amount_krw, _fee, _fee_krw = ledger.refund_split(payment, before, amount)
    row = Refund(payment_id=payment.id, amount_minor=amount, amount_krw=amount_krw, currency=payment.currency,
                 reason=reason, source=source, provider_ref=provider_ref,
                 created_by_id=getattr(actor, "id", None) if getattr(actor, "is_authenticated", False) else None)
    session.add(row)
    session.flush()
    ledger.record_refund(session, payment, row, before)
    fully = before + amount >= payment.amount_minor
    move_payment(session, payment, PaymentStatus.refunded if fully else PaymentStatus.partially_refunded,
                 _ROLE_OF_SOURCE[source])
    get_adapter(payment.kind).on_refunded(session, payment.payable_id, payment.id, amount, fully)
    session.flush()
    return row


def sync_refunds(session: Session, payment: Payment) -> int:
    """Record refunds Stripe has for a (locked) card payment that we do not (made in Stripe's dashboard, or
    whose answer was lost); returns how many were added."""
    if payment.provider != ProviderName.stripe or not payment.provider_ref or payment.status not in REFUNDABLE:
        return 0
    try:
        found = stripe().list_refunds(payment.provider_ref, payment.currency)
    except ProviderError as exc:
        raise provider_failed(exc) from exc
    known = set(session.exec(select(Refund.provider_ref).where(Refund.payment_id == payment.id)))
    added = 0
    for state in sorted(found, key=lambda r: r.id):
        if state.id in known or state.status not in ("succeeded", "pending"):
            continue
        before = refunded_minor(session, payment.id)
        amount = min(state.amount_minor, payment.amount_minor - before)
        if amount <= 0:
            continue
        _record_refund(session, None, payment, amount, before, _("Refunded at the payment provider."), "provider",
                       state.id)
        added += 1
    return added
