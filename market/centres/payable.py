"""The payments adapter of support-centre bookings (kind ``"centre_booking"``): :data:`ADAPTER`, which the app
factory registers with payments (nothing registers when this module is imported).

A booking is payable once its fee is known (:func:`market.centres.services.payments.booking_charge`): the user
pays the fee less the city's voucher, in KRW, by bank transfer or card. The payee is not an organisation: the
platform collects for the facility's operator (``payee_ref`` ``centre:<id>``) and takes no commission; the voucher
is its own line on the invoice and its own ledger transaction, owed by the city. Payments calls
:meth:`BookingPayable.on_paid` once, in the transaction that records the money. The adapter never moves money.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session

from i18n.locales import current_locale
from market.centres.hours import SEOUL
from market.centres.labels import CATEGORY_NAMES, centre_name, label, named_machine
from market.centres.models import Booking, Equipment, Facility
from market.centres.services.payments import (
    PAYABLE_KIND,
    VOUCHER_FUNDER,
    booking_charge,
    follow_refund,
    mark_booking_paid,
    payee_ref,
)
from market.payments.payables import PayableInfo, PayableLine, PayableVoucher
from market.refusals import not_found

KIND = PAYABLE_KIND
CURRENCY = "KRW"


def _lines(booking: Booking, charge, machine: str) -> tuple[PayableLine, ...]:
    """The fee's lines as the invoice shows them, then the voucher as a line of its own taking its part off."""
    lines = []
    if charge.late_cancel:
        lines.append(PayableLine(_("%(machine)s: late cancellation, the slot is billed", machine=machine), 1,
                                 charge.fee_krw, charge.fee_krw))
    else:
        for line in booking.price_lines:
            if line.get("kind") == "consumable":
                lines.append(PayableLine(_("Consumable: %(name)s", name=line["name"]), int(line["quantity"]),
                                         int(line["unit_krw"]), int(line["amount_krw"])))
            else:
                title = (_("%(machine)s: %(minutes)d minutes off-peak", machine=machine, minutes=line["minutes"])
                         if line.get("kind") == "offpeak" else
                         _("%(machine)s: %(minutes)d minutes", machine=machine, minutes=line["minutes"]))
                lines.append(PayableLine(title, 1, int(line["amount_krw"]), int(line["amount_krw"])))
    if charge.voucher_krw:
        lines.append(PayableLine(voucher_title(charge.voucher_percent), 1, -charge.voucher_krw, -charge.voucher_krw))
    return tuple(lines)


def _machine(equipment: Equipment) -> str:
    """The machine's name for an invoice line in the reader's language: its own name when it has one in that
    language, else its kind (a plain text cannot mark a name written in another language)."""
    name, locale = named_machine(equipment)
    reader = current_locale()
    if locale == reader or (locale is None and reader == "en"):
        return name
    return label(CATEGORY_NAMES, equipment.category)


def voucher_title(percent: int) -> str:
    """The voucher's line, in the reader's language."""
    return _("Seoul shared-equipment voucher (%(percent)d%%), paid by the city", percent=percent)


class BookingPayable:
    """What payments needs to know about a booking, and what happens when it is paid or refunded."""

    kind = KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What the booking's user owes now (the fee less the voucher); refuses (not_found) an unknown id."""
        booking = session.get(Booking, payable_id)
        if booking is None:
            raise not_found(_("There is no such booking."))
        equipment = session.get(Equipment, booking.equipment_id)
        facility = session.get(Facility, booking.facility_id)
        charge = booking_charge(booking)
        machine = _machine(equipment)
        when = booking.start_at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
        voucher = (PayableVoucher(voucher_title(charge.voucher_percent), VOUCHER_FUNDER, charge.voucher_krw,
                                  charge.voucher_krw) if charge.voucher_krw else None)
        return PayableInfo(
            kind=KIND, id=booking.id, currency=CURRENCY, amount_minor=charge.due_krw, amount_krw=charge.due_krw,
            description=_("Booking #%(id)d: %(machine)s at %(facility)s, %(when)s", id=booking.id, machine=machine,
                          facility=centre_name(facility), when=when),
            payer_user_id=booking.user_id, payer_org_id=booking.organization_id, payee_org_id=None,
            payable=charge.payable, reason=charge.reason, lines=_lines(booking, charge, machine),
            payee_ref=payee_ref(facility.id),
            payee_name=_("%(facility)s (collected by Made in Seoul for the centre's operator)",
                         facility=centre_name(facility)),
            commission_bps=0, voucher=voucher)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """The booking is paid (once)."""
        mark_booking_paid(session, payable_id, payment_id)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Refunded in full, the booking is unpaid again."""
        follow_refund(session, payable_id, fully_refunded)

    def return_url(self, payable_id: int) -> str:
        """The booking's page."""
        return url_for("market_centres.booking", lang=current_locale(), booking_id=payable_id)


ADAPTER = BookingPayable()


def checkout_url(booking: Booking) -> str:
    """Where the user pays a booking: the payments checkout, in the current language."""
    return url_for("payments.checkout", lang=current_locale(), kind=KIND, payable_id=booking.id)
