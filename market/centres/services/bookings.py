"""Bookings of shared machines: the rules a new booking must meet, the locked capacity count that keeps two
bookings out of one slot, the price frozen at booking, and every status step (approve, reject, cancel, check in,
complete, no-show) through :data:`~market.centres.models.BOOKING_TRANSITIONS`.

Refusals (:class:`~market.refusals.Refusal`, nothing changed) carry the codes the API answers: ``invalid_period``,
``in_past``, ``too_soon``, ``beyond_horizon``, ``too_short``, ``too_long``, ``not_aligned``, ``closed``,
``holiday`` (422, on the field); ``not_qualified`` (403); ``down``, ``retired``, ``assisted``, ``overlapping``,
``slot_taken``, ``weekly_limit``, ``too_early`` (409); ``not_yours`` (403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.hours import SEOUL
from market.centres.labels import BOOKING_STATUS_NAMES, centre_name, label, machine_name
from market.centres.models import (
    BOOKING_TRANSITIONS,
    Actor,
    Blackout,
    Booking,
    BookingStatus,
    Equipment,
    EquipmentStatus,
    Facility,
    FacilityStaff,
)
from market.centres.pricing import quote
from market.centres.services import waitlist
from market.centres.services.access import is_staff_of, require_staff, tier_of
from market.centres.services.payments import booking_charge, voucher_percent_for
from market.centres.services.qualifications import missing_trainings, record_use
from market.centres.services.rules import (
    blackout_overlaps,
    equipment_problem,
    holding_bookings,
    in_locale,
    peak_use,
    period_problem,
    qualification_refusal,
    slot_taken,
    under_penalty,
    weekly_hours_problem,
)
from market.centres.trainings import required_trainings
from market.db import utcnow
from market.mail import send_mail
from market.notifications.services import notify
from market.refusals import Refusal, not_found
from market.transitions import apply_transition

CHECK_IN_EARLY_MINUTES = 30


def status_label(status) -> str:
    """A booking status in words."""
    return label(BOOKING_STATUS_NAMES, status)


# --- messages --------------------------------------------------------------------------------------------------




def _when(booking: Booking) -> str:
    from i18n.times import format_datetime

    return format_datetime(booking.start_at.astimezone(SEOUL), "short", rebase=False)


def _tell(session: Session, booking: Booking, kind: str, message: Callable[[], str], *, mail: bool = True) -> None:
    """Tell the booking's user (in their language) with a link to the booking."""
    user = session.get(User, booking.user_id)

    def make(locale):
        url = url_for("market_centres.booking", lang=locale, booking_id=booking.id, _external=False)
        notify(session, [user.id], kind, message(), url, mail=mail)

    in_locale(user, make)


def _tell_staff(session: Session, booking: Booking, kind: str, message: Callable[[], str]) -> None:
    staff = session.exec(select(User).join(FacilityStaff, FacilityStaff.user_id == User.id)
                         .where(FacilityStaff.facility_id == booking.facility_id)).all()
    for user in staff:
        def make(locale, user=user):
            url = url_for("market_centres.console", lang=locale, slug=_facility(session, booking).slug, _external=False)
            notify(session, [user.id], kind, message(), url)

        in_locale(user, make)


def _facility(session: Session, booking: Booking) -> Facility:
    return session.get(Facility, booking.facility_id)


def send_confirmation(session: Session, booking: Booking) -> None:
    """Mail the user that the booking is confirmed, with the calendar file and Google/Outlook links, and leave
    the notice in the app."""
    from market.centres.services.calendar import google_link, outlook_link

    user = session.get(User, booking.user_id)
    equipment = session.get(Equipment, booking.equipment_id)
    facility = session.get(Facility, booking.facility_id)

    def make(locale):
        page = url_for("market_centres.booking", lang=locale, booking_id=booking.id, _external=True)
        ics = url_for("market_centres.booking_ics", lang=locale, booking_id=booking.id, _external=True)
        message = _("Your booking of %(machine)s at %(facility)s on %(when)s is confirmed.",
                    machine=machine_name(equipment), facility=centre_name(facility), when=_when(booking))
        body = _("Hello %(name)s,\n\n%(message)s\n\nYour booking: %(page)s\nAdd it to your calendar (.ics): %(ics)s\n"
                 "Google Calendar: %(google)s\nOutlook: %(outlook)s\n\nFree cancellation until %(hours)s hours "
                 "before the start.\n", name=user.display_name, message=message, page=page, ics=ics,
                 google=google_link(booking, equipment, facility), outlook=outlook_link(booking, equipment, facility),
                 hours=facility.free_cancel_hours)
        send_mail(session, user.email, message[:120], body)
        notify(session, [user.id], "centre_booking",
               message, url_for("market_centres.booking", lang=locale, booking_id=booking.id, _external=False), mail=False)

    in_locale(user, make)


# --- creating ---------------------------------------------------------------------------------------------------


def create_booking(session: Session, user: User, equipment_id: int, start: dt.datetime, end: dt.datetime,
                   purpose: str = "", now: dt.datetime | None = None) -> Booking:
    """Book ``equipment_id`` over [start, end) for ``user`` at their tier's price, frozen now; confirmed at once,
    or requested when the machine needs approval or the user is under the no-show penalty. Refuses every rule of
    :func:`period_problem` and :func:`equipment_problem`, a blackout (409 ``down``), missing trainings (403
    ``not_qualified``), the user's own booking of the machine then (409 ``overlapping``) and a full slot (409
    ``slot_taken``): of two bookings of the last place, exactly one is made."""
    now = now or utcnow()
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    facility = session.get(Facility, equipment.facility_id)
    problem = period_problem(facility, equipment, start, end, now) or equipment_problem(equipment)
    if problem:
        raise problem
    missing = missing_trainings(session, user, equipment, now)
    if missing:
        raise qualification_refusal(missing)
    # The locked capacity count: bumping the machine's counter locks its row (PostgreSQL) or takes the write lock
    # (SQLite), so a second booking of the machine waits here until the first commits, then counts it.
    session.exec(sa.update(Equipment).where(Equipment.id == equipment.id)
                 .values(booking_seq=Equipment.booking_seq + 1).execution_options(synchronize_session=False))
    blocked_until = end + dt.timedelta(minutes=equipment.buffer_minutes)
    if blackout_overlaps(session, equipment.id, start, blocked_until):
        raise Refusal(_("This machine is down for maintenance at that time."), code="down", status=409)
    holding = holding_bookings(session, [equipment.id], start, blocked_until)
    if any(row[1] == user.id for row in holding):
        raise Refusal(_("You already booked this machine at that time."), code="overlapping", status=409)
    # A slot offered to someone on the waitlist is held for them for half an hour.
    offers = waitlist.held_offers(session, equipment.id, start, blocked_until, now, except_user_id=user.id)
    if peak_use([(max(row[2], start), min(row[3], blocked_until)) for row in holding] + offers) >= equipment.capacity:
        raise slot_taken()
    fairness = weekly_hours_problem(session, user.id, facility, equipment, start, end)
    if fairness:
        raise fairness
    tier, org_id = tier_of(session, user)
    price, lines = quote(equipment, tier, start, end)
    needs_approval = equipment.approval_required or under_penalty(session, user.id, now)
    booking = Booking(equipment_id=equipment.id, facility_id=facility.id, user_id=user.id, organization_id=org_id,
                      start_at=start, end_at=end, blocked_until_at=blocked_until, exclusive=equipment.capacity == 1,
                      status=BookingStatus.requested if needs_approval else BookingStatus.confirmed, tier=tier,
                      price_krw=price, price_lines=lines, voucher_percent=voucher_percent_for(facility, tier),
                      purpose=(purpose or "").strip()[:500], created_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(booking)
            session.flush()
    except sa.exc.IntegrityError as exc:  # the PostgreSQL exclusion constraint, should the lock be bypassed
        raise slot_taken() from exc
    record_use(session, user.id, required_trainings(equipment), now)
    waitlist.mark_booked(session, user.id, equipment.id, start, end)
    if booking.status == BookingStatus.confirmed:
        send_confirmation(session, booking)
    else:
        _tell(session, booking, "centre_booking", lambda: _(
            "Your booking of %(machine)s on %(when)s waits for the centre's approval.",
            machine=machine_name(equipment), when=_when(booking)))
        _tell_staff(session, booking, "centre_approval", lambda: _(
            "A booking of %(machine)s on %(when)s waits for your approval.", machine=machine_name(equipment),
            when=_when(booking)))
    return booking


# --- reading ---------------------------------------------------------------------------------------------------


def get_booking(session: Session, user, booking_id: int) -> tuple[Booking, bool]:
    """A booking its user or the facility's staff may see, and whether the reader is staff. Refuses an unknown
    booking (404) and another user's (403, ``not_yours``)."""
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise not_found(_("There is no such booking."))
    staff = is_staff_of(session, user, booking.facility_id)
    if booking.user_id != getattr(user, "id", None) and not staff:
        raise Refusal(_("This booking is not yours."), code="not_yours", status=403)
    return booking, staff


def list_user_bookings(session: Session, user_id: int) -> list[tuple[Booking, Equipment, Facility]]:
    """The user's bookings, the coming ones first, then the past ones, newest first."""
    rows = session.exec(select(Booking, Equipment, Facility).join(Equipment, Equipment.id == Booking.equipment_id)
                        .join(Facility, Facility.id == Booking.facility_id).where(Booking.user_id == user_id)
                        .order_by(Booking.start_at.desc()).limit(200)).all()
    now = utcnow()
    coming = sorted([r for r in rows if r[0].end_at >= now], key=lambda r: r[0].start_at)
    return coming + [r for r in rows if r[0].end_at < now]


# --- steps -----------------------------------------------------------------------------------------------------


def _move(session: Session, booking: Booking, to: BookingStatus, actor: Actor, **values) -> None:
    apply_transition(session, booking, BOOKING_TRANSITIONS, to, role=actor, values=values, label=status_label)


def _staff_booking(session: Session, staff, booking_id: int) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None:
        raise not_found(_("There is no such booking."))
    require_staff(session, staff, _facility(session, booking))
    return booking


def approve_booking(session: Session, staff, booking_id: int) -> Booking:
    """Confirm a requested booking (its facility's staff) and mail the confirmation. Refuses non-staff (403) and
    a booking no longer requested (409)."""
    booking = _staff_booking(session, staff, booking_id)
    _move(session, booking, BookingStatus.confirmed, Actor.staff)
    send_confirmation(session, booking)
    return booking


def reject_booking(session: Session, staff, booking_id: int, reason: str) -> Booking:
    """Reject a requested booking with a reason the user reads. Refuses an empty reason (422) and what
    :func:`approve_booking` refuses."""
    booking = _staff_booking(session, staff, booking_id)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Say why the booking is rejected."), field="reason")
    _move(session, booking, BookingStatus.rejected, Actor.staff, reason=reason[:500])
    waitlist.offer_freed_slot(session, booking)
    _tell(session, booking, "centre_booking", lambda: _(
        "Your booking of %(machine)s on %(when)s was rejected: %(reason)s", machine=machine_name(session.get(Equipment, booking.equipment_id)),
        when=_when(booking), reason=booking.reason))
    return booking


def cancel_booking(session: Session, user, booking_id: int, now: dt.datetime | None = None) -> Booking:
    """Cancel a booking that has not started (its user, or the facility's staff). Free until the facility's
    ``free_cancel_hours`` before the start; later, the slot is billed when the facility says so. Refuses another
    user's booking (403 ``not_yours``), a started one (409 ``started``) and one no longer cancellable (409)."""
    now = now or utcnow()
    booking, staff = get_booking(session, user, booking_id)
    actor = Actor.user if booking.user_id == user.id else Actor.staff
    if booking.start_at <= now:
        raise Refusal(_("This booking has already started and can no longer be cancelled."), code="started",
                      status=409)
    facility = _facility(session, booking)
    late = actor == Actor.user and now > booking.start_at - dt.timedelta(hours=facility.free_cancel_hours)
    charged = booking.price_krw if late and facility.bill_late_cancel else 0
    _move(session, booking, BookingStatus.cancelled, actor, cancelled_at=now, late_cancel=late,
          charged_krw=charged)
    waitlist.offer_freed_slot(session, booking, now)
    if actor == Actor.staff:
        _tell(session, booking, "centre_booking", lambda: _(
            "The centre cancelled your booking of %(machine)s on %(when)s.",
            machine=machine_name(session.get(Equipment, booking.equipment_id)), when=_when(booking)))
    return booking


def check_in(session: Session, staff, booking_id: int, now: dt.datetime | None = None) -> Booking:
    """Check a confirmed booking in at the kiosk (staff), from 30 minutes before its start until its end. Refuses
    non-staff (403), too early (409 ``too_early``) and a booking not confirmed (409)."""
    now = now or utcnow()
    booking = _staff_booking(session, staff, booking_id)
    if now < booking.start_at - dt.timedelta(minutes=CHECK_IN_EARLY_MINUTES) or now >= booking.end_at:
        raise Refusal(_("Check-in opens 30 minutes before the start and closes at the end."), code="too_early",
                      status=409)
    _move(session, booking, BookingStatus.checked_in, Actor.staff, checked_in_at=now)
    return booking


def consumable_lines(equipment: Equipment, used: dict[int, int]) -> list[dict]:
    """Price lines of the consumables used (index in the machine's list → quantity). Refuses an unknown
    consumable or a quantity outside 0–1000 (422 on ``consumables``)."""
    lines = []
    for index, quantity in sorted(used.items()):
        if not 0 <= index < len(equipment.consumables) or not 0 <= quantity <= 1000:
            raise Refusal(_("Give each consumable used as a number from 0 to 1000."), field="consumables")
        if quantity:
            item = equipment.consumables[index]
            lines.append({"kind": "consumable", "name": item["name"], "quantity": quantity,
                          "unit_krw": item["price_krw"], "amount_krw": item["price_krw"] * quantity})
    return lines


def complete_booking(session: Session, user, booking_id: int, now: dt.datetime | None = None,
                     consumables: dict[int, int] | None = None) -> Booking:
    """Check a booking out (its user or staff): it is completed, the consumables used (staff only) are added to
    its price, the use is recorded, and the user is sent the satisfaction survey. Refuses what
    :func:`get_booking` refuses, a booking not checked in (409) and bad consumables (422)."""
    from market.centres.survey import send_survey

    now = now or utcnow()
    booking, staff = get_booking(session, user, booking_id)
    actor = Actor.user if booking.user_id == user.id else Actor.staff
    extra = consumable_lines(session.get(Equipment, booking.equipment_id), consumables or {}) if staff else []
    values = {"checked_out_at": now}
    if extra:
        values.update(price_lines=[*booking.price_lines, *extra],
                      price_krw=booking.price_krw + sum(line["amount_krw"] for line in extra))
    _move(session, booking, BookingStatus.completed, actor, **values)
    send_survey(session, booking)
    _tell_to_pay(session, booking)
    return booking


def _tell_to_pay(session: Session, booking: Booking) -> None:
    """Tell the user the booking's fee is known and can be paid (in the app; the booking page has the link)."""
    from i18n.money import format_minor

    charge = booking_charge(booking)
    if charge.payable:
        _tell(session, booking, "centre_payment", lambda: _(
            "Your use of %(machine)s is ready to pay: %(amount)s.",
            machine=machine_name(session.get(Equipment, booking.equipment_id)),
            amount=format_minor(charge.due_krw, "KRW")), mail=False)


def mark_no_show(session: Session, staff, booking_id: int, now: dt.datetime | None = None) -> Booking:
    """Mark a confirmed booking as a no-show (its facility's staff), once its grace minutes after the start have
    passed. Refuses non-staff (403), too early (409 ``too_early``) and a booking not confirmed (409)."""
    now = now or utcnow()
    booking = _staff_booking(session, staff, booking_id)
    if now < booking.start_at + dt.timedelta(minutes=_facility(session, booking).no_show_minutes):
        raise Refusal(_("A booking becomes a no-show only after its grace minutes have passed."), code="too_early",
                      status=409)
    _move(session, booking, BookingStatus.no_show, Actor.staff)
    waitlist.offer_freed_slot(session, booking, now)
    return booking


def mark_no_shows(session: Session, now: dt.datetime | None = None, facility_id: int | None = None) -> int:
    """Mark every confirmed booking not checked in within its facility's minutes after the start as a no-show
    (the system's step); returns how many."""
    now = now or utcnow()
    query = (select(Booking, Facility).join(Facility, Facility.id == Booking.facility_id)
             .where(Booking.status == BookingStatus.confirmed, Booking.start_at < now))
    if facility_id is not None:
        query = query.where(Booking.facility_id == facility_id)
    count = 0
    for booking, facility in session.exec(query).all():
        if now >= booking.start_at + dt.timedelta(minutes=facility.no_show_minutes):
            try:
                _move(session, booking, BookingStatus.no_show, Actor.system)
            except Refusal:
                continue  # moved meanwhile
            waitlist.offer_freed_slot(session, booking, now)
            count += 1
    return count


def mark_down(session: Session, staff, equipment_id: int, until: dt.datetime, reason: str,
              now: dt.datetime | None = None) -> tuple[Blackout, list[Booking]]:
    """Take a machine down until ``until`` with a blackout (staff of its facility): the bookings it overlaps are
    cancelled without charge and their users told, with a link to search for another machine. Refuses non-staff
    (403), an end not in the future and an empty reason (422)."""
    now = now or utcnow()
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    facility = session.get(Facility, equipment.facility_id)
    require_staff(session, staff, facility)
    reason = (reason or "").strip()
    if not reason:
        raise Refusal(_("Say what is wrong with the machine."), field="reason")
    if until <= now:
        raise Refusal(_("The end of the downtime must be in the future."), field="until")
    blackout = Blackout(equipment_id=equipment.id, start_at=now, end_at=until, reason=reason[:500],
                        created_by_id=staff.id, created_at=now)
    session.add(blackout)
    equipment.status = EquipmentStatus.down
    session.add(equipment)
    session.flush()
    affected = list(session.exec(select(Booking).where(
        Booking.equipment_id == equipment.id, Booking.status.in_([BookingStatus.requested, BookingStatus.confirmed]),
        Booking.start_at < until, Booking.end_at > now)))
    for booking in affected:
        _move(session, booking, BookingStatus.cancelled, Actor.staff, cancelled_at=now, reason=reason[:500])
        user = session.get(User, booking.user_id)

        def make(locale, booking=booking, user=user):
            start = booking.start_at.astimezone(SEOUL)
            search = url_for("market_centres.search", lang=locale, category=equipment.category,
                             date=start.date().isoformat(), start=start.strftime("%H:%M"),
                             end=booking.end_at.astimezone(SEOUL).strftime("%H:%M"), _external=False)
            notify(session, [user.id], "centre_booking", _(
                "%(machine)s is down (%(reason)s), so your booking on %(when)s is cancelled free of charge. "
                "Find another free machine here.", machine=machine_name(equipment), reason=reason, when=_when(booking)),
                search)

        in_locale(user, make)
    return blackout, affected


def mark_operational(session: Session, staff, equipment_id: int, now: dt.datetime | None = None) -> Equipment:
    """Put a machine back in service (staff): its running blackouts end now."""
    now = now or utcnow()
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    require_staff(session, staff, session.get(Facility, equipment.facility_id))
    session.exec(sa.update(Blackout).where(Blackout.equipment_id == equipment.id, Blackout.end_at > now)
                 .values(end_at=now).execution_options(synchronize_session=False))
    equipment.status = EquipmentStatus.operational
    session.add(equipment)
    session.flush()
    return equipment



def transfer_booking(session: Session, user, booking_id: int, email: str) -> Booking:
    """Hand one's coming booking to a colleague of the same organisation (who must hold the machine's trainings);
    both are told. Refuses another user's booking (403), a booking not requested or confirmed or already started
    (409), and a recipient who is unknown, not a colleague or not qualified (422 on ``email``)."""
    from market.accounts.models import Membership

    now = utcnow()
    booking, _staff = get_booking(session, user, booking_id)
    if booking.user_id != user.id:
        raise Refusal(_("This booking is not yours."), code="not_yours", status=403)
    if booking.status not in (BookingStatus.requested, BookingStatus.confirmed) or booking.start_at <= now:
        raise Refusal(_("Only a coming booking can be handed over."), code="wrong_state", status=409)
    colleague = session.exec(select(User).where(sa.func.lower(User.email) == (email or "").strip().lower())).first()
    same_org = colleague is not None and booking.organization_id is not None and session.exec(
        select(Membership.id).where(Membership.user_id == colleague.id,
                                    Membership.organization_id == booking.organization_id)).first() is not None
    if not same_org or colleague.id == user.id:
        raise Refusal(_("Give the email of a colleague in the organisation the booking is for."), field="email")
    equipment = session.get(Equipment, booking.equipment_id)
    if missing_trainings(session, colleague, equipment, now):
        raise Refusal(_("Your colleague does not hold the trainings this machine needs."), field="email")
    result = session.exec(sa.update(Booking).where(Booking.id == booking.id, Booking.user_id == user.id,
                                                   Booking.status == booking.status)
                          .values(user_id=colleague.id, updated_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal(_("This changed in the meantime. Reload the page and try again."), code="conflict", status=409)
    session.refresh(booking)
    _tell(session, booking, "centre_booking", lambda: _(
        "%(name)s handed you their booking of %(machine)s on %(when)s.", name=user.display_name,
        machine=machine_name(equipment), when=_when(booking)))
    return booking


def send_reminders(session: Session, now: dt.datetime | None = None) -> int:
    """Remind users of their confirmed bookings a day and an hour before the start (once each); returns how many
    reminders were sent."""
    now = now or utcnow()
    sent = 0
    hour, day = dt.timedelta(hours=1), dt.timedelta(hours=24)
    # A day ahead for bookings more than an hour away; an hour ahead for the rest.
    for column, after, until in ((Booking.reminded_day_at, now + hour, now + day),
                                 (Booking.reminded_hour_at, now, now + hour)):
        due = session.exec(select(Booking).where(Booking.status == BookingStatus.confirmed, column.is_(None),
                                                 Booking.start_at > after, Booking.start_at <= until)).all()
        for booking in due:
            result = session.exec(sa.update(Booking).where(Booking.id == booking.id, column.is_(None))
                                  .values({column.key: now}).execution_options(synchronize_session=False))
            if result.rowcount != 1:
                continue
            _tell(session, booking, "centre_reminder", lambda booking=booking: _(
                "Reminder: your booking of %(machine)s starts on %(when)s.",
                machine=machine_name(session.get(Equipment, booking.equipment_id)), when=_when(booking)))
            sent += 1
    session.flush()
    return sent


def report_problem(session: Session, user, booking_id: int, text: str) -> None:
    """A user reports a problem with the machine of their booking: a follow-up task for the facility's staff,
    who are told (and may take the machine down). Refuses another user's booking (403) and an empty text (422)."""
    from market.centres.models import FollowUp

    booking, _staff = get_booking(session, user, booking_id)
    if booking.user_id != user.id:
        raise Refusal(_("This booking is not yours."), code="not_yours", status=403)
    text = (text or "").strip()
    if not text:
        raise Refusal(_("Say what is wrong with the machine."), field="problem")
    equipment = session.get(Equipment, booking.equipment_id)
    session.add(FollowUp(facility_id=booking.facility_id, booking_id=booking.id, kind="problem",
                         note=f"{equipment.name}: {text[:2000]}"))
    session.flush()
    _tell_staff(session, booking, "centre_problem", lambda: _(
        "A user reported a problem with %(machine)s.", machine=machine_name(equipment)))
