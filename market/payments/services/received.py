"""Money received: a payment applied once (the ledger, then the payable's ``on_paid``), and money held for a
payee until the payer approves the work, released once."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from market.db import utcnow
from market.payments import ledger
from market.payments.models import PAID_STATUSES, Payment, PaymentRole, PaymentStatus
from market.payments.payables import get_adapter
from market.payments.services.common import (
    PaymentError,
    already_paid,
    lock_payment,
    move_payment,
    payment_for,
)


def apply_payment(session: Session, payment: Payment, role: PaymentRole, *, notify_payable: bool = True,
                  sources: list[ledger.Line] | None = None) -> None:
    """Record a (locked, unpaid) payment as paid by ``role`` (staff or the provider): the ledger transaction
    (from ``sources`` when it was paid in parts), then the payable's ``on_paid``, once."""
    if payment.status in PAID_STATUSES:
        raise already_paid()
    move_payment(session, payment, PaymentStatus.paid, role, paid_at=utcnow(), last_error=None)
    ledger.record_payment(session, payment, held=holds_until_release(payment.kind), sources=sources)
    if notify_payable:
        get_adapter(payment.kind).on_paid(session, payment.payable_id, payment.id)
    session.flush()


def holds_until_release(kind: str) -> bool:
    """Whether money paid for ``kind`` is held until the payer approves the work (prototype milestones)."""
    return bool(getattr(get_adapter(kind), "holds_until_release", False))


def release_to_payee(session: Session, *, kind: str, payable_id: int):
    """Release the money held for a paid payable to its payee in the ledger (on approval of the work). Once:
    a second release of the same payment is refused (409) and moves nothing."""
    found = payment_for(session, kind, payable_id)
    payment = lock_payment(session, found.id) if found is not None else None
    if payment is None or payment.status not in PAID_STATUSES:
        raise PaymentError(_("Nothing has been paid for this yet."), code="not_paid", status=409)
    if not holds_until_release(kind):
        raise PaymentError(_("This payment is not held for release."), code="not_held", status=409)
    if ledger.held_balance(session, payment) == (0, 0):
        raise PaymentError(_("This payment has already been released."), code="already_released", status=409)
    return ledger.record_release(session, payment)
