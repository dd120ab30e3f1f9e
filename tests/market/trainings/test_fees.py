"""Training fees through payments: a session with a fee holds the seat awaiting payment at the fee of that
moment; the checkout confirms before any money moves and issues a bank-transfer invoice (or takes a card on
localstripe); the fee applied once confirms the seat and mails the confirmation with the session's .ics; a free
session confirms at once; cancelling before the start cancels an unpaid fee or refunds a paid one; nothing is
payable on a cancelled session; the counter toward 7,000 counts only completions."""

from __future__ import annotations

import icalendar
import pytest
from sqlmodel import func, select

from market.notifications.models import Notification
from market.payments import ledger
from market.payments import services as payments
from market.payments.models import LedgerEntry, Payment, Refund
from market.payments.services import PaymentError
from market.refusals import Refusal
from market.trainings import fees, services
from market.trainings.models import EnrolmentStatus
from tests.factories.payments import ledger_entries
from tests.factories.programmes import add_course
from tests.helpers import csrf_token, sign_in
from tests.market.payments.conftest import localstripe, stripe_on  # noqa: F401

KIND = fees.KIND


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", name="Payments Admin")


def _fee_session(db_session, fee=120_000, capacity=10):
    course, row = add_course(db_session, capacity=capacity, meetings=1)
    row.fee_krw = fee
    db_session.add(row)
    db_session.commit()
    return course, row


def _entries(db_session, payment_id):
    return ledger_entries(db_session, payment_id)


def test_a_fee_holds_the_seat_until_the_bank_transfer_is_recorded_once(app, db_session, make_user, admin, caplog):
    """The seat is held awaiting payment (and counts against capacity); the invoice carries the fee; staff record
    the transfer: the seat is confirmed, the confirmation mail carries the .ics, the ledger holds the fee for
    the trainings operator; a second transfer or application moves nothing."""
    import logging

    _course, row = _fee_session(db_session, capacity=1)
    trainee, other = make_user(name="Kim Ji-ho"), make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    assert (enrolment.status, enrolment.fee_krw) == (EnrolmentStatus.awaiting_payment, 120_000)
    with pytest.raises(Refusal) as full:
        services.enrol(db_session, row.id, other)
    assert full.value.code == "session_full"
    row.fee_krw = 150_000  # a later change of fee does not change what this trainee was told
    db_session.add(row)
    payment = payments.start_payment(db_session, trainee, KIND, enrolment.id)
    assert (payment.provider, payment.amount_minor, payment.payee_ref) == ("manual", 120_000, "trainings:seoul")
    invoice = payments.latest_invoice(db_session, payment.id)
    assert invoice is not None and invoice.amount_minor == 120_000
    db_session.commit()
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        payments.mark_received(db_session, admin, payment.id, None, "Woori 5521")
        db_session.commit()
    assert payment.status == "paid"
    db_session.refresh(enrolment)
    assert enrolment.status == EnrolmentStatus.enrolled and enrolment.paid_at is not None
    assert _entries(db_session, payment.id) == [("payment", "funds:manual", None, 120_000),
                                                ("payment", "collected", "trainings:seoul", -120_000)]
    confirmation = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"
                    and f"to={trainee.email}" in r.getMessage() and "You are enrolled" in r.getMessage()]
    assert len(confirmation) == 1 and f"[attachment training-{row.id}.ics text/calendar" in confirmation[0]
    before = db_session.exec(select(func.count()).select_from(LedgerEntry)).one()
    with pytest.raises(PaymentError) as twice:
        payments.mark_received(db_session, admin, payment.id, 120_000, "again")
    assert twice.value.status == 409
    with pytest.raises(PaymentError):
        payments.apply_payment(db_session, payment, "staff")
    assert db_session.exec(select(func.count()).select_from(LedgerEntry)).one() == before
    assert ledger.unbalanced_transactions(db_session) == []
    notes = db_session.exec(select(Notification).where(Notification.user_id == trainee.id,
                                                       Notification.kind == "training_enrolment")
                            .order_by(Notification.id)).all()
    assert [n.url for n in notes] == [f"/en/pay/{KIND}/{enrolment.id}", "/en/trainings/mine"]


def test_a_free_session_confirms_at_once_with_the_calendar_attached(app, db_session, make_user, monkeypatch,
                                                                    smtp_inbox):
    """No payment for a free session: enrolled at once, and the confirmation mail carries the .ics."""
    inbox, port = smtp_inbox
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    _course, row = add_course(db_session)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    db_session.commit()
    assert enrolment.status == EnrolmentStatus.enrolled and enrolment.fee_krw == 0
    assert payments.payment_for(db_session, KIND, enrolment.id) is None
    (message,) = [m for m in inbox.messages if m["To"] == trainee.email]
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    event = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert str(event["summary"]) == "Industrial sewing" and str(event["location"]) == "Changsin centre"
    with pytest.raises(PaymentError) as nothing:
        payments.start_payment(db_session, trainee, KIND, enrolment.id)
    assert nothing.value.code == "not_payable"


def test_pages_confirm_before_money_moves_and_lead_to_the_invoice(app, db_session, make_user):
    """The enrol page shows the fee and creates nothing; confirming holds the seat and leads to the checkout,
    which creates no payment until the trainee confirms; then the invoice is issued."""
    course, row = _fee_session(db_session)
    trainee = make_user()
    client = app.test_client()
    sign_in(client, trainee)
    assert f"/en/trainings/sessions/{row.id}/enrol" in client.get(f"/en/trainings/courses/{course.id}").get_data(
        as_text=True)
    page = client.get(f"/en/trainings/sessions/{row.id}/enrol").get_data(as_text=True)
    assert "120,000" in page and "enrol-fee-note" in page
    assert services.enrolments_of(db_session, trainee.id) == []
    token = csrf_token(client, f"/en/trainings/sessions/{row.id}/enrol")
    held = client.post(f"/en/trainings/sessions/{row.id}/enrol", data={"csrf_token": token})
    ((enrolment, _s, _c),) = services.enrolments_of(db_session, trainee.id)
    assert held.status_code == 302 and held.headers["Location"].endswith(f"/en/pay/{KIND}/{enrolment.id}")
    assert enrolment.status == EnrolmentStatus.awaiting_payment
    checkout = client.get(f"/en/pay/{KIND}/{enrolment.id}")
    assert checkout.status_code == 200 and "120,000" in checkout.get_data(as_text=True)
    assert db_session.exec(select(func.count()).select_from(Payment).where(Payment.kind == KIND)).one() == 0
    client.post(f"/en/pay/{KIND}/{enrolment.id}", data={"csrf_token": token})
    payment = payments.payment_for(db_session, KIND, enrolment.id)
    assert payment is not None and payments.latest_invoice(db_session, payment.id) is not None
    mine = client.get("/en/trainings/mine").get_data(as_text=True)
    assert 'data-enrolment-status="awaiting_payment"' in mine and f"/en/pay/{KIND}/{enrolment.id}" in mine
    again = client.post(f"/en/trainings/sessions/{row.id}/enrol", data={"csrf_token": token})
    assert again.status_code == 302
    assert "already enrolled" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert len(services.enrolments_of(db_session, trainee.id)) == 1


def test_cancelling_before_the_start_cancels_an_unpaid_fee_and_refunds_a_paid_one(app, db_session, make_user,
                                                                                   admin):
    """Unpaid: the open payment is cancelled. Paid: refunded in full through payments (ledger follows), the
    seat goes to the first on the waitlist, held awaiting payment at their fee."""
    _course, row = _fee_session(db_session, capacity=1)
    payer, waiting = make_user(), make_user()
    enrolment = services.enrol(db_session, row.id, payer)
    payment = payments.start_payment(db_session, payer, KIND, enrolment.id)
    payments.mark_received(db_session, admin, payment.id, None, "Woori")
    second = services.enrol(db_session, row.id, waiting, waitlist=True)
    assert second.status == EnrolmentStatus.waitlisted
    with pytest.raises(PaymentError):  # nothing due while waiting
        payments.start_payment(db_session, waiting, KIND, second.id)
    services.cancel_enrolment(db_session, enrolment.id, payer)
    assert enrolment.status == EnrolmentStatus.cancelled and payment.status == "refunded"
    (refund,) = db_session.exec(select(Refund).where(Refund.payment_id == payment.id)).all()
    assert (refund.amount_minor, refund.source) == (120_000, "cancellation")
    assert ledger.unbalanced_transactions(db_session) == []
    db_session.refresh(second)
    assert second.status == EnrolmentStatus.awaiting_payment
    unpaid = payments.start_payment(db_session, waiting, KIND, second.id)
    services.cancel_enrolment(db_session, second.id, waiting)
    assert unpaid.status == "canceled" and second.status == EnrolmentStatus.cancelled
    with pytest.raises(Refusal) as closed:
        services.cancel_enrolment(db_session, second.id, waiting)
    assert closed.value.code == "wrong_state"


def test_nothing_is_payable_or_enrolled_on_a_cancelled_session(app, db_session, make_user):
    from market.trainings.staffing import cancel_session

    staff = make_user(role="programme_staff")
    _course, row = _fee_session(db_session)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    cancel_session(db_session, staff, row.id, "The trainer is ill.")
    with pytest.raises(PaymentError) as refused:
        payments.start_payment(db_session, trainee, KIND, enrolment.id)
    assert refused.value.code == "not_payable" and "cancelled" in refused.value.message
    with pytest.raises(Refusal) as closed:
        services.enrol(db_session, row.id, make_user())
    assert closed.value.code == "session_cancelled"


def test_a_fee_paid_by_card_on_localstripe(app, db_session, make_user, stripe_on):  # noqa: F811
    """With Stripe configured the trainee pays by card; the seat is confirmed once."""
    _course, row = _fee_session(db_session)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    payment = payments.start_payment(db_session, trainee, KIND, enrolment.id)
    assert (payment.provider, payment.amount_minor, payment.currency) == ("stripe", 120_000, "KRW")
    result = payments.confirm_card(db_session, trainee, payment.id, "pm_card_visa")
    assert (result.intent_status, payment.status) == ("succeeded", "paid")
    db_session.refresh(enrolment)
    assert enrolment.status == EnrolmentStatus.enrolled
    with pytest.raises(PaymentError):
        payments.confirm_card(db_session, trainee, payment.id, "pm_card_visa")


def test_the_counter_counts_completions_only(app, db_session, make_user):
    """Held, paid and cancelled seats do not count toward the 7,000 trained."""
    before = services.trained_counter(db_session).total
    _course, row = _fee_session(db_session)
    services.enrol(db_session, row.id, make_user())
    cancelled = services.enrol(db_session, row.id, (leaver := make_user()))
    services.cancel_enrolment(db_session, cancelled.id, leaver)
    assert services.trained_counter(db_session).total == before


def test_the_api_holds_a_paid_seat_and_says_where_to_pay(app, client, db_session, make_user):
    from tests.factories.clients import bearer

    _course, row = _fee_session(db_session)
    created = client.post("/api/v1/enrolments", json={"session_id": row.id}, headers=bearer(db_session, make_user()))
    body = created.get_json()
    assert created.status_code == 201 and body["status"] == "awaiting_payment" and body["fee_krw"] == 120_000
    assert body["pay_url"].endswith(f"/pay/{KIND}/{body['id']}")
    listed = client.get("/api/v1/courses?trade=sewing").get_json()
    out = next(s for c in listed["items"] for s in c["sessions"] if s["id"] == row.id)
    assert (out["seats_left"], out["cancelled"], out["waitlist_places"]) == (9, False, None)


def test_enrolling_again_after_a_cancelled_place(app, db_session, make_user, admin):
    """An unpaid place given up can be taken again (its payment reopens); a paid and refunded one is refused
    with a clear message and nothing changes."""
    _course, row = _fee_session(db_session)
    trainee, payer = make_user(), make_user()
    first = services.enrol(db_session, row.id, trainee)
    payment = payments.start_payment(db_session, trainee, KIND, first.id)
    services.cancel_enrolment(db_session, first.id, trainee)
    again = services.enrol(db_session, row.id, trainee)
    assert again.id == first.id and again.status == EnrolmentStatus.awaiting_payment
    assert payments.start_payment(db_session, trainee, KIND, again.id).id == payment.id
    assert payment.status == "pending"
    paid = services.enrol(db_session, row.id, payer)
    payments.mark_received(db_session, admin, payments.start_payment(db_session, payer, KIND, paid.id).id, None, "W")
    services.cancel_enrolment(db_session, paid.id, payer)
    with pytest.raises(Refusal) as refused:
        services.enrol(db_session, row.id, payer)
    assert refused.value.code == "paid_before"
    db_session.refresh(paid)
    assert paid.status == EnrolmentStatus.cancelled


def test_the_confirmation_mail_delivered_over_smtp_carries_the_session_ics(app, db_session, make_user, monkeypatch,
                                                                           smtp_inbox):
    """Enrolled in a free session, the trainee's confirmation reaches a real SMTP server after the commit with a
    text/calendar part that icalendar reads as this session."""
    inbox, port = smtp_inbox
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    _course, row = add_course(db_session)
    trainee = make_user()
    with app.test_request_context("/"):
        services.enrol(db_session, row.id, trainee)
        db_session.commit()
    (message,) = [m for m in inbox.messages if m["To"] == trainee.email]
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == f"training-{row.id}.ics"
    event = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert str(event["uid"]) == f"training-session-{row.id}@madeinseoul"
    assert event.decoded("dtstart") == row.starts_at.replace(microsecond=0)


def test_an_unpaid_seat_is_released_after_its_hold_and_the_waitlist_moves_up(app, db_session, make_user, admin):
    """Three days unpaid: the open payment is cancelled, the trainee told, the next person takes the seat (held
    for them in turn); a seat paid in time is kept; a second run releases nothing more."""
    import datetime as dt

    _course, row = _fee_session(db_session, capacity=1)
    late, waiting = make_user(), make_user()
    held = services.enrol(db_session, row.id, late)
    assert held.hold_until is not None and held.hold_until <= row.starts_at
    payment = payments.start_payment(db_session, late, KIND, held.id)
    second = services.enrol(db_session, row.id, waiting, waitlist=True)
    later = held.hold_until + dt.timedelta(minutes=1)
    with app.test_request_context("/"):
        assert fees.release_expired_holds(db_session, now=held.hold_until - dt.timedelta(minutes=1)) == 0
        assert fees.release_expired_holds(db_session, now=later) == 1
        assert fees.release_expired_holds(db_session, now=later) == 0
    db_session.refresh(held)
    db_session.refresh(second)
    assert held.status == EnrolmentStatus.cancelled and payment.status == "canceled"
    assert second.status == EnrolmentStatus.awaiting_payment and second.hold_until is not None
    note = db_session.exec(select(Notification).where(Notification.user_id == late.id,
                                                      Notification.kind == "training_released")).one()
    assert "not paid in time" in note.message
    paid = payments.start_payment(db_session, waiting, KIND, second.id)
    payments.mark_received(db_session, admin, paid.id, None, "Woori")
    with app.test_request_context("/"):
        assert fees.release_expired_holds(db_session, now=row.starts_at) == 0
    db_session.refresh(second)
    assert second.status == EnrolmentStatus.enrolled


def test_the_timed_step_is_registered(app):
    from market.schedule import steps

    assert steps(app)["trainings.holds"].func_path == "market.trainings.fees.release_expired_holds"
