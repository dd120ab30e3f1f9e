"""What a booking costs its user and how it is paid: the charge (the frozen price once used, consumables added at
check-out, or the slot billed for a late cancellation), the city's shared-equipment voucher that covers part of
it, and what the user pays. The payment itself goes through :mod:`market.payments` (bank transfer by default, or
card), via the adapter in :mod:`market.centres.payable`.

Facilities are not organisations on the platform, so no organisation is paid: the platform collects the fee for
the facility's operator, and the ledger keeps what it holds per facility (account ``collected``, party
``centre:<id>``); the voucher's part is owed by the city (account ``voucher``, party ``city:seoul``) and credited
to the facility in its own ledger transaction. No commission is taken on a public facility's fees.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.centres.models import Booking, BookingStatus, Facility, Tier
from market.db import utcnow
from market.payments import ledger
from market.payments.models import LedgerAccount, LedgerEntry, LedgerKind, LedgerTransaction
from market.payments.services import payment_for

PAYABLE_KIND = "centre_booking"
VOUCHER_FUNDER = "city:seoul"
VOUCHER_TIERS = (Tier.member, Tier.startup)  # the voucher is for small manufacturers and startups, not citizens
MAX_VOUCHER_PERCENT = 90  # the user always pays a share, so a booking's payment is never zero


def payee_ref(facility_id: int) -> str:
    """The ledger's key of a facility: what the platform collected for its operator is kept under it."""
    return f"centre:{facility_id}"


def voucher_percent_for(facility: Facility, tier: str) -> int:
    """The voucher share a booking at ``tier`` gets at ``facility`` (frozen on the booking when it is made)."""
    if tier not in VOUCHER_TIERS:
        return 0
    return max(0, min(MAX_VOUCHER_PERCENT, int(facility.voucher_percent or 0)))


@dataclasses.dataclass(frozen=True)
class Charge:
    """What a booking costs: the fee in full, the voucher's part (not charged to the user), what the user pays
    (``due_krw``), whether it can be paid now and, if not, why."""

    fee_krw: int
    voucher_krw: int
    voucher_percent: int
    due_krw: int
    payable: bool
    reason: str | None
    late_cancel: bool


def booking_charge(booking: Booking) -> Charge:
    """The booking's charge. Payable once the fee is known: after use (completed or rated; consumables are added
    at check-out) or when a late cancellation billed the slot; before use, or cancelled free, it is not."""
    used = booking.status in (BookingStatus.completed, BookingStatus.surveyed)
    billed = booking.status == BookingStatus.cancelled and booking.charged_krw > 0
    fee = booking.price_krw if used else booking.charged_krw if billed else 0
    percent = booking.voucher_percent or 0
    voucher = fee * percent // 100
    reason = None
    if not (used or billed):
        reason = (_("This booking is paid after use, once the fee is known.")
                  if booking.status in (BookingStatus.requested, BookingStatus.confirmed, BookingStatus.checked_in)
                  else _("Nothing is billed for this booking."))
    elif fee - voucher <= 0:
        reason = _("Nothing is left to pay for this booking.")
    return Charge(fee, voucher, percent, max(fee - voucher, 0), reason is None, reason, billed)


def mark_booking_paid(session: Session, booking_id: int, payment_id: int) -> None:
    """Payments applied the booking's payment: record when (once; a repeat changes nothing)."""
    # Payments calls this under the lock on the payment's row, so only one caller gets here per payment.
    booking = session.get(Booking, booking_id)
    if booking is not None and booking.paid_at is None:
        booking.paid_at = utcnow()
        session.add(booking)
        session.flush()


def follow_refund(session: Session, booking_id: int, fully_refunded: bool) -> None:
    """A refund of the booking's payment: refunded in full, the booking is unpaid again."""
    booking = session.get(Booking, booking_id)
    if fully_refunded and booking is not None:
        booking.paid_at = None
        session.add(booking)
        session.flush()


@dataclasses.dataclass(frozen=True)
class FacilityMoney:
    """What the platform holds for a facility's operator (``collected_krw``, from users and vouchers) and the
    vouchers' part of it the city owes (``voucher_krw``), from the ledger."""

    collected_krw: int
    voucher_krw: int


def facility_money(session: Session, facility_id: int) -> FacilityMoney:
    """The facility's balances in the ledger (KRW): collected for it in all, and through the city's vouchers."""
    ref = payee_ref(facility_id)
    collected = ledger.party_balances(session, LedgerAccount.collected, ref).get(ref, {}).get("KRW", 0)
    voucher = session.exec(
        select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount_krw), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerEntry.account == LedgerAccount.collected, LedgerEntry.party == ref,
               LedgerTransaction.kind.in_([LedgerKind.voucher, LedgerKind.voucher_reversed]))).one()
    return FacilityMoney(int(collected), -int(voucher))


def booking_payment(session: Session, booking: Booking):
    """The payment started for the booking, if any (its status, reference and page)."""
    return payment_for(session, PAYABLE_KIND, booking.id)
