"""Paying a booking through the payments service: the fee once known, the city's voucher as its own line that
the user does not pay, bank transfer by default and card through Stripe, the platform collecting for the centre
in the ledger per centre, money applied once, and the pages that lead there with a confirmation step."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from market.payments import ledger, services
from market.payments.models import LedgerEntry, Payment
from market.payments.services import PaymentError
from tests.factories.centres import seoul, working_day
from tests.factories.payments import ledger_entries
from tests.helpers import csrf_token, sign_in
from tests.market.payments.conftest import localstripe, stripe_on  # noqa: F401

KIND = "centre_booking"


@pytest.fixture
def world(app, make_user, make_org, make_facility, make_machine, staff_user, qualify, make_user_admin):
    maker = make_user(email="payer@example.com", name="Payer Maker")
    make_org(maker, kind="maker")
    facility = make_facility(staff=[staff_user], voucher_percent=30, name="Mullae Pay Centre")
    machine = make_machine(facility, name="Pay CNC", consumables=[{"name": "End mill", "price_krw": 5_000}])
    qualify(maker, "safety", "cnc")
    return maker, facility, machine, staff_user, make_user_admin


@pytest.fixture
def make_user_admin(make_user):
    return make_user(role="admin", name="Payments Admin", email="pay-admin@example.com")


def _used(db_session, maker, machine, staff, consumables=None):
    """A three-hour booking (60,000 won at the member price) checked in and out, with ``consumables``."""
    from market.centres.services.bookings import check_in, complete_booking, create_booking

    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "17:00"))
    check_in(db_session, staff, booking.id, now=seoul(day, "13:55"))
    return complete_booking(db_session, staff, booking.id, now=seoul(day, "17:00"), consumables=consumables)


def _entries(db_session, payment_id):
    return ledger_entries(db_session, payment_id)


def test_a_booking_is_paid_after_use_with_the_voucher_as_its_own_line(app, db_session, world):
    """Before use nothing can be paid; after use the maker pays the fee less the city's 30% voucher, by bank
    transfer; the invoice shows the voucher as a line of its own, the centre as the payee collected for, no
    commission."""
    from market.centres.services.bookings import create_booking

    maker, facility, machine, staff, _admin = world
    day = working_day(3)
    coming = create_booking(db_session, maker, machine.id, seoul(day, "10:00"), seoul(day, "11:00"))
    assert coming.voucher_percent == 30
    with pytest.raises(PaymentError) as early:
        services.start_payment(db_session, maker, KIND, coming.id)
    assert early.value.code == "not_payable" and "after use" in early.value.message

    booking = _used(db_session, maker, machine, staff, consumables={0: 2})
    assert booking.price_krw == 60_000 + 10_000
    from market.notifications.models import Notification

    notice = db_session.exec(select(Notification).where(Notification.user_id == maker.id,
                                                        Notification.kind == "centre_payment")).one()
    assert "49,000" in notice.message and notice.url.endswith(f"/centres/bookings/{booking.id}")
    payment = services.start_payment(db_session, maker, KIND, booking.id)
    assert (payment.provider, payment.amount_minor, payment.voucher_minor) == ("manual", 49_000, 21_000)
    assert payment.commission_bps == 0 and payment.payee_org_id is None
    assert payment.payee_ref == f"centre:{facility.id}" and payment.voucher_ref == "city:seoul"
    invoice = services.latest_invoice(db_session, payment.id)
    lines = invoice.document["lines"]
    assert [line["total_minor"] for line in lines] == [60_000, 10_000, -21_000]
    assert "voucher (30%)" in lines[-1]["title"] and "End mill" in lines[1]["title"]
    assert invoice.amount_minor == 49_000 and "Mullae Pay Centre" in invoice.document["seller"]["name"]
    from market.payments.invoice_pdf import render_invoice

    assert render_invoice(invoice).startswith(b"%PDF")


def test_money_moves_once_and_the_centre_and_city_have_their_own_entries(app, db_session, world):
    """Staff record the transfer: the booking is paid; the ledger holds 42,000 won for the centre from the maker
    and 18,000 won from the city's voucher in its own transaction; a second transfer or application is refused
    and writes nothing."""
    from market.centres.models import Booking
    from market.centres.services.payments import FacilityMoney, facility_money

    maker, facility, machine, staff, admin = world
    booking = _used(db_session, maker, machine, staff)
    payment = services.start_payment(db_session, maker, KIND, booking.id)
    services.mark_received(db_session, admin, payment.id, None, "KEB 4411")
    assert payment.status == "paid" and db_session.get(Booking, booking.id).paid_at is not None
    ref = f"centre:{facility.id}"
    assert _entries(db_session, payment.id) == [
        ("payment", "funds:manual", None, 42_000), ("payment", "collected", ref, -42_000),
        ("voucher", "voucher", "city:seoul", 18_000), ("voucher", "collected", ref, -18_000)]
    assert facility_money(db_session, facility.id) == FacilityMoney(60_000, 18_000)
    before = db_session.exec(select(func.count()).select_from(LedgerEntry)).one()
    with pytest.raises(PaymentError) as twice:
        services.mark_received(db_session, admin, payment.id, 42_000, "again")
    assert twice.value.status == 409
    with pytest.raises(PaymentError):
        services.apply_payment(db_session, payment, "staff")
    with pytest.raises(PaymentError) as paid:
        services.start_payment(db_session, maker, KIND, booking.id)
    assert paid.value.code == "already_paid"
    assert db_session.exec(select(func.count()).select_from(LedgerEntry)).one() == before
    assert ledger.unbalanced_transactions(db_session) == []
    client = app.test_client()
    sign_in(client, admin)
    listing = client.get("/en/admin/payments/").get_data(as_text=True)
    assert payment.reference in listing and "Mullae Pay Centre" in listing
    detail = client.get(f"/en/admin/payments/{payment.id}").get_data(as_text=True)
    assert ref in detail and "city:seoul" in detail and "payment-voucher" in detail
    sign_in(client, staff)
    report = client.get(f"/en/centres/facilities/{facility.slug}/report").get_data(as_text=True)
    assert "60,000" in report.split('id="fig-collected"')[1].split("</li>")[0]
    assert "18,000" in report.split('id="fig-collected"')[1].split("</li>")[0]


def test_a_full_refund_gives_the_voucher_back(app, db_session, world):
    """Refunded in full, the booking is unpaid again and the city no longer owes the voucher."""
    from market.centres.models import Booking
    from market.centres.services.payments import FacilityMoney, facility_money

    maker, facility, machine, staff, admin = world
    booking = _used(db_session, maker, machine, staff)
    payment = services.start_payment(db_session, maker, KIND, booking.id)
    services.mark_received(db_session, admin, payment.id, None, "KEB")
    services.refund(db_session, admin, payment.id, 42_000, "machine fault")
    assert payment.status == "refunded" and db_session.get(Booking, booking.id).paid_at is None
    assert facility_money(db_session, facility.id) == FacilityMoney(0, 0)
    assert ledger.party_balances(db_session, ledger.LedgerAccount.voucher)["city:seoul"]["KRW"] == 0


def test_citizens_get_no_voucher_and_late_cancellations_are_billed(app, db_session, world, make_user, qualify):
    """A citizen pays the whole fee; a late cancellation's billed slot is payable, less the maker's voucher."""
    from market.centres.services.bookings import cancel_booking, create_booking

    maker, _facility, machine, staff, _admin = world
    citizen = make_user(email="citizen@example.com")
    qualify(citizen, "safety", "cnc")
    day = working_day()
    used = create_booking(db_session, citizen, machine.id, seoul(day, "10:00"), seoul(day, "11:00"))
    assert used.voucher_percent == 0
    late = create_booking(db_session, maker, machine.id, seoul(day, "18:00"), seoul(day, "19:00"))
    cancel_booking(db_session, maker, late.id, now=seoul(day, "08:00"))
    payment = services.start_payment(db_session, maker, KIND, late.id)
    assert (payment.amount_minor, payment.voucher_minor) == (7_000, 3_000)
    assert "late cancellation" in services.latest_invoice(db_session, payment.id).document["lines"][0]["title"]


def test_only_the_booking_user_pays(app, db_session, world, make_user):
    """Another user cannot start the payment of someone's booking (not found) and nothing is created."""
    maker, _facility, machine, staff, _admin = world
    booking = _used(db_session, maker, machine, staff)
    stranger = make_user(email="stranger@example.com")
    with pytest.raises(PaymentError) as refused:
        services.start_payment(db_session, stranger, KIND, booking.id)
    assert refused.value.status == 404
    assert db_session.exec(select(func.count()).select_from(Payment)).one() == 0


def test_a_booking_paid_by_card(app, db_session, world, stripe_on):  # noqa: F811
    """With Stripe configured the maker pays the share left after the voucher by card, once."""
    maker, facility, machine, staff, _admin = world
    booking = _used(db_session, maker, machine, staff)
    payment = services.start_payment(db_session, maker, KIND, booking.id)
    assert (payment.provider, payment.amount_minor) == ("stripe", 42_000)
    result = services.confirm_card(db_session, maker, payment.id, "pm_card_visa")
    assert (result.intent_status, payment.status) == ("succeeded", "paid")
    kinds = [row[:2] for row in _entries(db_session, payment.id)]
    assert kinds == [("payment", "funds:stripe"), ("payment", "collected"), ("voucher", "voucher"),
                     ("voucher", "collected")]
    with pytest.raises(PaymentError):
        services.confirm_card(db_session, maker, payment.id, "pm_card_visa")


def test_the_pages_lead_to_a_confirmation_before_money_moves(app, db_session, world):
    """The booking page shows the fee, the voucher line and what the maker pays, with a link to the checkout;
    the checkout shows the voucher line and creates nothing until the maker confirms; confirming issues the
    invoice."""
    maker, _facility, machine, staff, _admin = world
    booking = _used(db_session, maker, machine, staff)
    client = app.test_client()
    sign_in(client, maker)
    page = client.get(f"/en/centres/bookings/{booking.id}").get_data(as_text=True)
    assert "voucher (30%)" in page and "42,000" in page and f"/en/pay/{KIND}/{booking.id}" in page
    assert "To pay:" in client.get("/en/centres/bookings/").get_data(as_text=True)
    checkout = client.get(f"/en/pay/{KIND}/{booking.id}")
    html = checkout.get_data(as_text=True)
    assert checkout.status_code == 200 and "voucher (30%)" in html and "voucher-note" in html
    assert db_session.exec(select(func.count()).select_from(Payment)).one() == 0
    token = csrf_token(client, f"/en/pay/{KIND}/{booking.id}")
    done = client.post(f"/en/pay/{KIND}/{booking.id}", data={"csrf_token": token})
    assert done.status_code == 302
    payment = services.payment_for(db_session, KIND, booking.id)
    assert payment is not None and services.latest_invoice(db_session, payment.id) is not None
    korean = client.get(f"/ko/centres/bookings/{booking.id}").get_data(as_text=True)
    assert "MIS-" in korean
    api = client.get(f"/api/v1/bookings/{booking.id}").get_json()
    assert (api["fee_krw"], api["voucher_krw"], api["due_krw"], api["paid_at"]) == (60_000, 18_000, 42_000, None)
    assert api["pay_url"].endswith(f"/pay/{KIND}/{booking.id}")
