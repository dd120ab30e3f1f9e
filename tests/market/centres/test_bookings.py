"""Booking rules: a booking is made only inside every rule, at a price frozen when it is made, and every bad
input is refused with its code and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from tests.factories.centres import seoul, working_day


@pytest.fixture
def setup(make_user, make_org, make_facility, make_machine, staff_user, qualify):
    maker = make_user(email="maker@example.com")
    make_org(maker, kind="maker")
    facility = make_facility(staff=[staff_user])
    machine = make_machine(facility)
    qualify(maker, "safety", "cnc")
    return maker, facility, machine


def _count(db_session):
    from market.centres.models import Booking

    return db_session.exec(select(func.count()).select_from(Booking)).one()


def test_a_qualified_maker_books_at_the_member_price_frozen_at_booking(app, db_session, setup):
    """A member maker's booking is confirmed at the member's hourly price; a later price change leaves it."""
    from market.centres.services.bookings import create_booking

    maker, facility, machine = setup
    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "17:00"))
    assert booking.status == "confirmed" and booking.tier == "member"
    assert booking.price_krw == 60_000
    machine.price_member_krw = 99_000
    db_session.add(machine)
    db_session.flush()
    db_session.refresh(booking)
    assert booking.price_krw == 60_000


def test_evening_hours_cost_the_offpeak_rate(app, db_session, setup):
    """Hours from 18:00 cost the machine's off-peak percentage."""
    from market.centres.services.bookings import create_booking

    maker, _facility, machine = setup
    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "17:00"), seoul(day, "19:00"))
    assert booking.price_krw == 20_000 + 10_000
    assert [line["kind"] for line in booking.price_lines] == ["peak", "offpeak"]


@pytest.mark.parametrize(("start", "end", "code"), [
    ("14:00", "13:00", "invalid_period"),
    ("14:00", "14:30", "too_short"),
    ("09:00", "14:00", "too_long"),
    ("14:10", "15:10", "not_aligned"),
    ("07:00", "08:00", "closed"),
])
def test_a_period_that_breaks_a_rule_is_refused_on_its_field(app, db_session, setup, start, end, code):
    """Backwards, too short, too long, off the slots, outside the hours: 422 with its code, nothing booked."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day()
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, maker, machine.id, seoul(day, start), seoul(day, end))
    assert refused.value.code == code and refused.value.status == 422 and refused.value.fields
    assert _count(db_session) == 0


def test_past_short_notice_and_beyond_the_horizon_are_refused(app, db_session, setup):
    """A time in the past, within the minimum notice or past the booking horizon is refused."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day()
    now = seoul(day, "13:30")
    cases = [(seoul(day, "10:00"), "in_past"), (seoul(day, "14:00"), "too_soon"),
             (seoul(day, "14:00") + dt.timedelta(days=35), "beyond_horizon")]
    for start, code in cases:
        with pytest.raises(Refusal) as refused:
            create_booking(db_session, maker, machine.id, start, start + dt.timedelta(hours=1), now=now)
        assert refused.value.code == code
    assert _count(db_session) == 0


def test_a_holiday_is_refused(app, db_session, setup):
    """Korean public holidays (from the holidays package) close the centre."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = dt.date(2027, 3, 1)  # 삼일절, a Monday
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"),
                       now=seoul(dt.date(2027, 2, 20), "10:00"))
    assert refused.value.code == "holiday"


def test_without_the_safety_training_the_machine_cannot_be_booked(app, db_session, make_user, make_facility,
                                                                   make_machine, qualify):
    """Every machine asks for the safety training (and a CNC its own): 403 not_qualified naming it."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    user = make_user()
    machine = make_machine(make_facility())
    qualify(user, "cnc")
    day = working_day()
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, user, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    assert refused.value.code == "not_qualified" and refused.value.status == 403
    assert "safety" in refused.value.message.lower()
    assert _count(db_session) == 0


def test_a_qualification_lapses_after_its_days_without_use(app, db_session, setup):
    """A CNC qualification unused for longer than its training's days no longer counts."""
    from market.centres.models import Qualification
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    old = db_session.exec(select(Qualification).where(Qualification.training == "cnc")).one()
    old.last_used_at = old.last_used_at - dt.timedelta(days=181)
    db_session.add(old)
    db_session.commit()
    day = working_day()
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    assert refused.value.code == "not_qualified"


def test_staff_grant_a_qualification(app, db_session, make_user, make_facility, make_machine, staff_user):
    """Staff of the facility record the trainings; then the user can book; others may not grant."""
    from market.centres.services.bookings import create_booking
    from market.centres.services.qualifications import grant_qualification
    from market.refusals import Refusal

    user = make_user(email="learner@example.com")
    facility = make_facility(staff=[staff_user])
    machine = make_machine(facility)
    with pytest.raises(Refusal) as refused:
        grant_qualification(db_session, user, facility, "learner@example.com", "safety")
    assert refused.value.status == 403
    grant_qualification(db_session, staff_user, facility, "Learner@example.com", "safety")
    grant_qualification(db_session, staff_user, facility, "learner@example.com", "cnc")
    day = working_day()
    assert create_booking(db_session, user, machine.id, seoul(day, "14:00"), seoul(day, "15:00")).id


def test_overlapping_and_taken_slots_are_refused(app, db_session, setup, make_user, qualify):
    """The same user twice is refused as overlapping; another user in a full slot gets slot_taken."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    other = make_user()
    qualify(other, "safety", "cnc")
    day = working_day()
    create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "16:00"))
    with pytest.raises(Refusal) as mine:
        create_booking(db_session, maker, machine.id, seoul(day, "15:00"), seoul(day, "17:00"))
    assert mine.value.code == "overlapping" and mine.value.status == 409
    with pytest.raises(Refusal) as taken:
        create_booking(db_session, other, machine.id, seoul(day, "15:30"), seoul(day, "16:30"))
    assert taken.value.code == "slot_taken" and taken.value.status == 409
    assert create_booking(db_session, other, machine.id, seoul(day, "16:00"), seoul(day, "17:00")).id
    assert _count(db_session) == 2


def test_the_buffer_after_use_keeps_the_machine(app, db_session, setup, make_user, qualify):
    """A machine with a 30-minute buffer cannot be booked right after the previous booking ends."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    machine.buffer_minutes = 30
    db_session.add(machine)
    db_session.commit()
    other = make_user()
    qualify(other, "safety", "cnc")
    day = working_day()
    create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    with pytest.raises(Refusal):
        create_booking(db_session, other, machine.id, seoul(day, "15:00"), seoul(day, "16:00"))
    assert create_booking(db_session, other, machine.id, seoul(day, "15:30"), seoul(day, "16:30")).id


def test_a_machine_for_several_people_fills_to_its_capacity(app, db_session, make_user, make_facility,
                                                            make_machine, qualify):
    """Three places: three people book the same hour, the fourth is refused."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    machine = make_machine(make_facility(), category="printer_3d", capacity=3, required_training=None)
    day = working_day()
    users = [make_user() for _ in range(4)]
    for user in users:
        qualify(user, "safety")
    for user in users[:3]:
        assert create_booking(db_session, user, machine.id, seoul(day, "14:00"), seoul(day, "15:00")).exclusive is False
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, users[3], machine.id, seoul(day, "14:30"), seoul(day, "15:30"))
    assert refused.value.code == "slot_taken"


def test_down_retired_and_staff_run_machines_are_refused(app, db_session, setup):
    """A machine that is down, retired or run by staff cannot be booked."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day()
    for field, value, code in (("status", "down", "down"), ("status", "retired", "retired"),
                               ("assisted", True, "assisted")):
        original = getattr(machine, field)
        setattr(machine, field, value)
        db_session.add(machine)
        db_session.commit()
        with pytest.raises(Refusal) as refused:
            create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
        assert refused.value.code == code and refused.value.status == 409
        setattr(machine, field, original)
        db_session.add(machine)
        db_session.commit()


def test_approval_machines_wait_for_staff(app, db_session, setup, staff_user):
    """A machine that needs approval makes a request; its staff confirm or reject it with a reason."""
    from market.centres.services.bookings import approve_booking, create_booking, reject_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    machine.approval_required = True
    db_session.add(machine)
    db_session.commit()
    day = working_day()
    first = create_booking(db_session, maker, machine.id, seoul(day, "10:00"), seoul(day, "11:00"))
    second = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    assert first.status == second.status == "requested"
    with pytest.raises(Refusal):
        approve_booking(db_session, maker, first.id)
    assert approve_booking(db_session, staff_user, first.id).status == "confirmed"
    with pytest.raises(Refusal) as empty:
        reject_booking(db_session, staff_user, second.id, " ")
    assert empty.value.field == "reason"
    rejected = reject_booking(db_session, staff_user, second.id, "Maintenance that day")
    assert rejected.status == "rejected" and rejected.reason == "Maintenance that day"


def test_cancellation_is_free_until_24_hours_then_billed(app, db_session, setup, make_user):
    """Cancelling early is free; within 24 hours the slot is billed; another user's booking is not theirs."""
    from market.centres.services.bookings import cancel_booking, create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day(3)
    early = create_booking(db_session, maker, machine.id, seoul(day, "10:00"), seoul(day, "11:00"))
    late = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    with pytest.raises(Refusal) as other:
        cancel_booking(db_session, make_user(), early.id)
    assert other.value.code == "not_yours" and other.value.status == 403
    assert cancel_booking(db_session, maker, early.id).charged_krw == 0
    cancelled = cancel_booking(db_session, maker, late.id, now=seoul(day, "08:00"))
    assert cancelled.late_cancel and cancelled.charged_krw == late.price_krw
    with pytest.raises(Refusal) as again:
        cancel_booking(db_session, maker, late.id, now=seoul(day, "08:00"))
    assert again.value.status == 409


def test_check_in_complete_and_no_show(app, db_session, setup, staff_user):
    """Staff check in from 30 minutes before; completion sends the survey; a booking not checked in 15 minutes
    after its start becomes a no-show."""
    from market.centres.services.bookings import check_in, complete_booking, create_booking, mark_no_shows
    from market.refusals import Refusal
    from market.surveys.models import SurveyInvitation

    maker, _facility, machine = setup
    day = working_day()
    kept = create_booking(db_session, maker, machine.id, seoul(day, "10:00"), seoul(day, "11:00"))
    missed = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    with pytest.raises(Refusal) as early:
        check_in(db_session, staff_user, kept.id, now=seoul(day, "09:00"))
    assert early.value.code == "too_early"
    with pytest.raises(Refusal):
        check_in(db_session, maker, kept.id, now=seoul(day, "09:45"))
    assert check_in(db_session, staff_user, kept.id, now=seoul(day, "09:45")).status == "checked_in"
    done = complete_booking(db_session, maker, kept.id, now=seoul(day, "10:50"))
    assert done.status == "completed" and done.checked_out_at is not None
    assert db_session.exec(select(SurveyInvitation).where(SurveyInvitation.subject_id == kept.id)).one()
    assert mark_no_shows(db_session, now=seoul(day, "14:10")) == 0
    assert mark_no_shows(db_session, now=seoul(day, "14:16")) == 1
    db_session.refresh(missed)
    assert missed.status == "no_show"


def test_three_no_shows_put_bookings_under_approval(app, db_session, setup):
    """After three no-shows in 90 days the user's next bookings wait for approval."""
    from market.centres.models import Booking
    from market.centres.services.bookings import create_booking

    maker, facility, machine = setup
    now = dt.datetime.now(dt.UTC)
    for days in (5, 10, 20):
        start = now - dt.timedelta(days=days)
        db_session.add(Booking(equipment_id=machine.id, facility_id=facility.id, user_id=maker.id, start_at=start,
                               end_at=start + dt.timedelta(hours=1), blocked_until_at=start + dt.timedelta(hours=1),
                               status="no_show"))
    db_session.commit()
    day = working_day()
    assert create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00")).status == "requested"


def test_marking_a_machine_down_cancels_and_tells_the_affected_bookings(app, db_session, setup, staff_user):
    """A blackout cancels the bookings it overlaps, tells their users with a search link, and refuses new
    bookings then."""
    from market.centres.services.bookings import create_booking, mark_down, mark_operational
    from market.notifications.models import Notification
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    _blackout, affected = mark_down(db_session, staff_user, machine.id, seoul(day, "18:00"), "Spindle broken")
    assert [b.id for b in affected] == [booking.id]
    db_session.refresh(booking)
    assert booking.status == "cancelled" and booking.charged_krw == 0
    notice = db_session.exec(select(Notification).where(Notification.user_id == maker.id)
                             .order_by(Notification.id.desc())).first()
    assert "Spindle broken" in notice.message and "/centres/search" in notice.url
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, maker, machine.id, seoul(day, "16:00"), seoul(day, "17:00"))
    assert refused.value.code == "down"
    mark_operational(db_session, staff_user, machine.id)
    assert create_booking(db_session, maker, machine.id, seoul(day, "19:00"), seoul(day, "20:00")).id


def test_staff_mark_a_no_show_after_the_grace_minutes(app, db_session, setup, staff_user):
    """At the kiosk, staff mark a booking as a no-show once 15 minutes have passed, not before; users cannot."""
    from market.centres.services.bookings import create_booking, mark_no_show
    from market.refusals import Refusal

    maker, _facility, machine = setup
    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    with pytest.raises(Refusal) as early:
        mark_no_show(db_session, staff_user, booking.id, now=seoul(day, "14:10"))
    assert early.value.code == "too_early"
    with pytest.raises(Refusal):
        mark_no_show(db_session, maker, booking.id, now=seoul(day, "14:20"))
    assert mark_no_show(db_session, staff_user, booking.id, now=seoul(day, "14:20")).status == "no_show"


def test_the_no_show_command_marks_late_bookings(app, db_session, setup):
    """``seoulmade centres no-shows`` marks the confirmed bookings whose grace time has passed."""
    from market.centres.models import Booking
    from market.cli import cli

    maker, facility, machine = setup
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    booking = Booking(equipment_id=machine.id, facility_id=facility.id, user_id=maker.id, start_at=start,
                      end_at=start + dt.timedelta(hours=2), blocked_until_at=start + dt.timedelta(hours=2),
                      status="confirmed")
    db_session.add(booking)
    db_session.commit()
    result = app.test_cli_runner().invoke(cli, ["centres", "no-shows"])
    assert result.exit_code == 0 and "1 booking(s)" in result.output
    db_session.refresh(booking)
    assert booking.status == "no_show"


def test_the_timed_steps_mark_late_bookings_without_cron(app, db_session, setup):
    """``seoulmade tick`` (which serve and worker processes also run every minute) marks late bookings as
    no-shows."""
    from market.centres.models import Booking
    from market.cli import cli

    maker, facility, machine = setup
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    booking = Booking(equipment_id=machine.id, facility_id=facility.id, user_id=maker.id, start_at=start,
                      end_at=start + dt.timedelta(hours=2), blocked_until_at=start + dt.timedelta(hours=2),
                      status="confirmed")
    db_session.add(booking)
    db_session.commit()
    result = app.test_cli_runner().invoke(cli, ["tick", "--step", "centres.no_shows"])
    assert result.exit_code == 0 and "centres.no_shows: 1" in result.output
    db_session.refresh(booking)
    assert booking.status == "no_show"


def test_a_user_books_at_most_the_weekly_hours_of_one_kind_of_machine(app, db_session, setup, make_machine):
    """With a 4-hour weekly limit, a second 3-hour CNC booking in the week is refused; a laser is another group."""
    from market.centres.services.bookings import create_booking
    from market.refusals import Refusal

    maker, facility, machine = setup
    facility.weekly_hours_per_group = 4
    db_session.add(facility)
    db_session.commit()
    other_cnc = make_machine(facility)
    laser = make_machine(facility, category="laser_cutter", required_training=None)
    day = working_day()
    create_booking(db_session, maker, machine.id, seoul(day, "10:00"), seoul(day, "13:00"))
    with pytest.raises(Refusal) as refused:
        create_booking(db_session, maker, other_cnc.id, seoul(day, "14:00"), seoul(day, "17:00"))
    assert refused.value.code == "weekly_limit" and refused.value.status == 409
    assert create_booking(db_session, maker, laser.id, seoul(day, "14:00"), seoul(day, "17:00")).id


def test_consumables_used_at_check_out_are_added_to_the_price(app, db_session, setup, staff_user):
    """Staff record the consumables used at check-out; they are priced into the booking; a bad quantity is
    refused and nothing changes."""
    from market.centres.services.bookings import check_in, complete_booking, create_booking
    from market.refusals import Refusal

    maker, _facility, machine = setup
    machine.consumables = [{"name": "End mill (6 mm)", "price_krw": 15_000}]
    db_session.add(machine)
    db_session.commit()
    day = working_day()
    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    check_in(db_session, staff_user, booking.id, now=seoul(day, "14:00"))
    with pytest.raises(Refusal) as refused:
        complete_booking(db_session, staff_user, booking.id, now=seoul(day, "15:00"), consumables={0: 5000})
    assert refused.value.field == "consumables"
    db_session.refresh(booking)
    assert booking.status == "checked_in"
    done = complete_booking(db_session, staff_user, booking.id, now=seoul(day, "15:00"), consumables={0: 2})
    assert done.price_krw == 20_000 + 30_000 and done.price_lines[-1]["name"] == "End mill (6 mm)"


def test_a_completed_course_qualifies_through_record_training(app, db_session, make_user, make_facility,
                                                              make_machine):
    """Another feature records a completed course with ``record_training``; the user may then book."""
    from market.centres.services.bookings import create_booking
    from market.centres.services.qualifications import record_training

    user = make_user()
    machine = make_machine(make_facility(), category="laser_cutter", required_training="laser")
    with pytest.raises(ValueError):
        record_training(db_session, user.id, "juggling")
    record_training(db_session, user.id, "safety")
    record_training(db_session, user.id, "laser")
    day = working_day()
    assert create_booking(db_session, user, machine.id, seoul(day, "14:00"), seoul(day, "15:00")).id
