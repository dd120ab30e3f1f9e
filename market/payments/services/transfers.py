"""Bank transfers against an invoice, as staff see them on the statement: the payer may pay in parts, short or
too much. Each transfer staff record is a :class:`~market.payments.models.PaymentReceipt`; the invoice is paid
when the transfers reach its amount. A shortfall stays due (the payer is told what is left) until more arrives or
an admin writes it off with a reason; an excess is owed back to the payer until staff record it returned.

The ledger follows: a transfer that pays the whole invoice at once is the usual payment transaction; a part
payment is a ``receipt`` (bank account up, owed to the payer as unapplied money) and the payment transaction then
applies the unapplied money, the written-off shortfall and the excess owed back
(:func:`market.payments.ledger.settlement_sources`). Every step runs under the payment's row lock, so two staff
clicks never record one transfer twice.
"""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.notifications.services import notify_members
from market.payments import ledger
from market.payments.amounts import share
from market.payments.models import (
    PAID_STATUSES,
    PaymentReceipt,
    PaymentRole,
    PaymentStatus,
    ProviderName,
    ReceiptKind,
)
from market.payments.services.common import (
    MAX_REASON,
    PaymentError,
    already_paid,
    format_amount,
    lock_payment,
    not_found,
    require_staff,
    stripe,
)
from market.payments.services.intents import retire_intent
from market.payments.services.received import apply_payment

# A transfer more than this many times the amount still due is refused as a typing slip (an extra zero).
MAX_OVERPAYMENT_FACTOR = 2


@dataclasses.dataclass(frozen=True)
class TransferSummary:
    """What arrived against a payment's invoice, in its currency's minor units."""

    amount: int
    received: int
    written_off: int
    returned: int

    @property
    def outstanding(self) -> int:
        """Still due from the payer."""
        return max(self.amount - self.received - self.written_off, 0)

    @property
    def excess(self) -> int:
        """Paid beyond the invoice and not yet sent back."""
        return max(self.received + self.written_off - self.amount, 0) - self.returned


def _sums(session: Session, payment_id: int) -> dict[str, tuple[int, int]]:
    rows = session.exec(select(PaymentReceipt.kind, func.sum(PaymentReceipt.amount_minor),
                               func.sum(PaymentReceipt.amount_krw))
                        .where(PaymentReceipt.payment_id == payment_id).group_by(PaymentReceipt.kind))
    return {str(kind): (int(minor or 0), int(krw or 0)) for kind, minor, krw in rows}


def transfer_summary(session: Session, payment) -> TransferSummary:
    """How much of a payment's invoice arrived, was written off and returned."""
    sums = _sums(session, payment.id)
    return TransferSummary(payment.amount_minor, sums.get("transfer", (0, 0))[0], sums.get("write_off", (0, 0))[0],
                           sums.get("excess_returned", (0, 0))[0])


def receipts_of(session: Session, payment_id: int) -> list[PaymentReceipt]:
    """A payment's transfers, write-offs and returns, oldest first."""
    return list(session.exec(select(PaymentReceipt).where(PaymentReceipt.payment_id == payment_id)
                             .order_by(PaymentReceipt.id)))


def _note(note: str | None) -> str | None:
    note = (note or "").strip() or None
    if note and len(note) > MAX_REASON:
        raise PaymentError(_("Keep the note under %(max)d characters.", max=MAX_REASON), field="note")
    return note


def _pending(session: Session, staff_user, payment_id: int):
    require_staff(staff_user)
    payment = lock_payment(session, payment_id)
    if payment is None:
        raise not_found()
    if payment.status in PAID_STATUSES:
        raise already_paid()
    if payment.status != PaymentStatus.pending:
        raise PaymentError(_("This payment was canceled."), code="wrong_state", status=409)
    return payment


def _krw(payment, amount_minor: int) -> int:
    return share(payment.amount_krw, amount_minor, payment.amount_minor)


def _settle(session: Session, payment, staff_user, note: str | None, sources) -> None:
    payment.provider = ProviderName.manual
    payment.received_by_id, payment.received_note = staff_user.id, note
    apply_payment(session, payment, PaymentRole.staff, sources=sources)


def mark_received(session: Session, staff_user, payment_id: int, amount_minor: int | None = None,
                  note: str | None = None):
    """Staff record a bank transfer of ``amount_minor`` (the amount still due when None) against a payment's
    invoice (also a card payment the payer chose to settle by transfer: its open intent is canceled). When the
    transfers reach the invoice's amount the payment is applied; a shorter one leaves the rest due and tells the
    payer; a larger one leaves the excess owed back. Refuses non-staff (403), unknown payments (404), payments
    not awaiting money (409), an amount of zero or less and one more than twice what is due (422 on
    ``amount``)."""
    payment = _pending(session, staff_user, payment_id)
    summary = transfer_summary(session, payment)
    due = summary.outstanding
    amount = due if amount_minor is None else int(amount_minor)
    if amount <= 0:
        raise PaymentError(_("Enter the amount that arrived, more than zero."), code="invalid_amount",
                           field="amount")
    if amount > MAX_OVERPAYMENT_FACTOR * due:
        raise PaymentError(_("%(amount)s is more than twice the %(due)s still due. Check the amount on the bank "
                             "statement.", amount=format_amount(amount, payment.currency),
                             due=format_amount(due, payment.currency)), code="amount_mismatch", field="amount")
    note = _note(note)
    if payment.provider == ProviderName.stripe and payment.provider_ref:
        if retire_intent(session, payment, stripe()):
            raise PaymentError(_("This was just paid by card."), code="already_paid", status=409)
    receipt = PaymentReceipt(payment_id=payment.id, kind=ReceiptKind.transfer, amount_minor=amount,
                             amount_krw=_krw(payment, amount), note=note, recorded_by_id=staff_user.id)
    session.add(receipt)
    session.flush()
    if summary.received == 0 and amount == payment.amount_minor:
        _settle(session, payment, staff_user, note, None)  # the whole invoice in one transfer: the usual payment
        return payment
    if summary.received == 0 and amount > payment.amount_minor:
        # Paid too much in one transfer: the bank account takes it all; the excess is owed back.
        excess, excess_krw = amount - payment.amount_minor, receipt.amount_krw - payment.amount_krw
        _settle(session, payment, staff_user, note, [
            ledger.Line(ledger.funds_account(ProviderName.manual), amount, receipt.amount_krw),
            ledger.Line(ledger.LedgerAccount.payer_credit, -excess, -excess_krw, payment.payer_org_id)])
        return payment
    ledger.record_receipt(session, payment, receipt.id, amount, receipt.amount_krw)
    if amount >= due:
        sums = _sums(session, payment.id)
        _settle(session, payment, staff_user, note, ledger.settlement_sources(payment, sums["transfer"]))
        return payment
    left = due - amount
    notify_members(session, payment.payer_org_id, "payment_short", lambda: _(
        "We received %(received)s for payment %(reference)s; %(left)s is still due.",
        received=format_amount(amount, payment.currency), reference=payment.reference,
        left=format_amount(left, payment.currency)), "payments.status", payment_id=payment.id) \
        if payment.payer_org_id else None
    session.flush()
    return payment


def write_off_shortfall(session: Session, staff_user, payment_id: int, reason: str):
    """An admin accepts a short payment: the rest still due is written off with ``reason`` and the payment is
    applied (the payee's share is of the whole amount; the platform bears the shortfall). Refuses non-admins
    (403), a payment with no transfer yet (409: nothing was paid short) and a missing reason (422 on
    ``reason``)."""
    payment = _pending(session, staff_user, payment_id)
    if getattr(staff_user, "role", None) != "admin":
        raise PaymentError(_("Only an administrator can write off what is still due."), code="forbidden",
                           status=403)
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Say why the rest is written off."), field="reason")
    if len(reason) > MAX_REASON:
        raise PaymentError(_("Keep the note under %(max)d characters.", max=MAX_REASON), field="reason")
    summary = transfer_summary(session, payment)
    if summary.received == 0:
        raise PaymentError(_("Nothing has arrived for this payment yet, so there is no shortfall to write off."),
                           code="nothing_received", status=409)
    sums = _sums(session, payment.id)
    written = PaymentReceipt(payment_id=payment.id, kind=ReceiptKind.write_off, amount_minor=summary.outstanding,
                             amount_krw=payment.amount_krw - sums["transfer"][1], note=reason,
                             recorded_by_id=staff_user.id)
    session.add(written)
    session.flush()
    _settle(session, payment, staff_user, reason, ledger.settlement_sources(
        payment, sums["transfer"], (written.amount_minor, written.amount_krw)))
    return payment


def return_excess(session: Session, staff_user, payment_id: int, note: str | None = None):
    """Staff record that the money paid beyond a payment's invoice went back to the payer by bank transfer
    (once). Refuses non-staff (403), unknown payments (404) and a payment with nothing owed back (409)."""
    require_staff(staff_user)
    payment = lock_payment(session, payment_id)
    if payment is None:
        raise not_found()
    summary = transfer_summary(session, payment)
    if payment.status not in PAID_STATUSES or summary.excess <= 0:
        raise PaymentError(_("Nothing was paid beyond this invoice."), code="no_excess", status=409)
    note = _note(note)
    owed_krw = -sum(line.amount_krw for line in _credit_lines(session, payment))
    session.add(PaymentReceipt(payment_id=payment.id, kind=ReceiptKind.excess_returned,
                               amount_minor=summary.excess, amount_krw=owed_krw, note=note,
                               recorded_by_id=staff_user.id))
    ledger.record_excess_returned(session, payment, summary.excess, owed_krw)
    session.flush()
    return payment


def _credit_lines(session: Session, payment) -> list[ledger.Line]:
    from market.payments.models import LedgerAccount, LedgerEntry, LedgerTransaction

    rows = session.exec(select(LedgerEntry.amount_minor, LedgerEntry.amount_krw)
                        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
                        .where(LedgerTransaction.payment_id == payment.id,
                               LedgerEntry.account == LedgerAccount.payer_credit))
    return [ledger.Line(LedgerAccount.payer_credit, int(m), int(k)) for m, k in rows]
