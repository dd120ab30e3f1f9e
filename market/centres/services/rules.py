"""The rules a booking must meet (past, notice, horizon, length, slots, opening hours, machine state, trainings,
capacity) and the refusals that name them; shared by :mod:`.bookings`, :mod:`.availability` and :mod:`.waitlist`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.hours import SEOUL, closed_reason
from market.centres.models import (
    HOLDING,
    Blackout,
    Booking,
    BookingStatus,
    Equipment,
    EquipmentStatus,
    Facility,
)
from market.centres.trainings import training_name
from market.notifications.services import recipient_locale
from market.refusals import Refusal

NO_SHOW_LIMIT = 3
NO_SHOW_WINDOW_DAYS = 90
PENALTY_DAYS = 30


def in_locale(user: User, make: Callable[[str], None]) -> None:
    """Call ``make(locale)`` inside the user's language (for messages to them)."""
    locale = recipient_locale(user)
    with force_locale(locale):
        make(locale)


def period_problem(facility: Facility, equipment: Equipment, start: dt.datetime, end: dt.datetime,
                   now: dt.datetime) -> Refusal | None:
    """The refusal a period breaks for this machine (past, notice, horizon, length, slots, opening), or None."""
    minutes = int((end - start).total_seconds() // 60)
    if end <= start:
        return Refusal(_("The end must be after the start."), field="end", code="invalid_period")
    if start < now:
        return Refusal(_("This time is in the past."), field="start", code="in_past")
    if start < now + dt.timedelta(minutes=equipment.min_notice_minutes):
        return Refusal(_("Book at least %(minutes)s minutes ahead.", minutes=equipment.min_notice_minutes),
                       field="start", code="too_soon")
    if start > now + dt.timedelta(days=equipment.horizon_days):
        return Refusal(_("This machine can be booked at most %(days)s days ahead.", days=equipment.horizon_days),
                       field="start", code="beyond_horizon")
    if minutes < equipment.min_block_minutes:
        return Refusal(_("Book at least %(minutes)s minutes.", minutes=equipment.min_block_minutes),
                       field="end", code="too_short")
    if minutes > equipment.max_block_minutes:
        return Refusal(_("Book at most %(minutes)s minutes at once.", minutes=equipment.max_block_minutes),
                       field="end", code="too_long")
    local = start.astimezone(SEOUL)
    if (local.hour * 60 + local.minute) % equipment.slot_minutes or minutes % equipment.slot_minutes \
            or local.second or local.microsecond:
        return Refusal(_("Start and end on the machine's %(minutes)s-minute slots.",
                         minutes=equipment.slot_minutes), field="start", code="not_aligned")
    reason = closed_reason(facility, start, end)
    if reason == "holiday":
        return Refusal(_("The centre is closed on this public holiday."), field="start", code="holiday")
    if reason:
        return Refusal(_("The centre is closed at that time."), field="start", code="closed")
    return None


def equipment_problem(equipment: Equipment) -> Refusal | None:
    """The refusal for a machine that cannot be booked at all (retired, down, run by staff), or None."""
    if equipment.status == EquipmentStatus.retired:
        return Refusal(_("This machine is retired."), code="retired", status=409)
    if equipment.status == EquipmentStatus.down:
        return Refusal(_("This machine is down for maintenance."), code="down", status=409)
    if equipment.assisted:
        return Refusal(_("Staff run this machine: send a request for a quote instead."), code="assisted",
                       status=409)
    return None


def qualification_refusal(missing: list[str]) -> Refusal:
    """The refusal for a user who lacks trainings (403, ``not_qualified``), naming them."""
    return Refusal(_("You need this training before you can book this machine: %(trainings)s.",
                     trainings=", ".join(training_name(c) for c in missing)), code="not_qualified", status=403)


def slot_taken() -> Refusal:
    """The refusal for a slot someone else holds (409, ``slot_taken``)."""
    return Refusal(_("This slot is already taken. Choose another time."), code="slot_taken", status=409)


def blackout_overlaps(session: Session, equipment_id: int, start: dt.datetime, end: dt.datetime) -> bool:
    """Whether a blackout of the machine overlaps [start, end)."""
    return session.exec(select(Blackout.id).where(Blackout.equipment_id == equipment_id, Blackout.start_at < end,
                                                  Blackout.end_at > start)).first() is not None


def holding_bookings(session: Session, equipment_ids, start: dt.datetime, end: dt.datetime) -> list:
    """(equipment_id, user_id, start_at, blocked_until_at) of the bookings that hold the machines over any part of
    [start, end)."""
    return list(session.exec(select(Booking.equipment_id, Booking.user_id, Booking.start_at, Booking.blocked_until_at)
                             .where(Booking.equipment_id.in_(list(equipment_ids)), Booking.status.in_(HOLDING),
                                    Booking.start_at < end, Booking.blocked_until_at > start)))


def peak_use(intervals: list[tuple[dt.datetime, dt.datetime]]) -> int:
    """The most intervals in use at one moment."""
    events = sorted([(s, 1) for s, _e in intervals] + [(e, -1) for _s, e in intervals])
    peak = current = 0
    for _moment, step in events:
        current += step
        peak = max(peak, current)
    return peak


def under_penalty(session: Session, user_id: int, now: dt.datetime) -> bool:
    """Whether the user's bookings need approval: three no-shows in 90 days, the last within 30 days."""
    starts = sorted(session.exec(select(Booking.start_at).where(
        Booking.user_id == user_id, Booking.status == BookingStatus.no_show,
        Booking.start_at >= now - dt.timedelta(days=NO_SHOW_WINDOW_DAYS))))
    return len(starts) >= NO_SHOW_LIMIT and starts[-1] >= now - dt.timedelta(days=PENALTY_DAYS)


def weekly_hours_problem(session: Session, user_id: int, facility: Facility, equipment: Equipment,
                         start: dt.datetime, end: dt.datetime) -> Refusal | None:
    """The refusal (409 ``weekly_limit``) when this booking would take the user past the facility's weekly hours
    of this kind of machine (the Seoul week, Monday to Sunday, of the start), or None."""
    local = start.astimezone(SEOUL)
    monday = dt.datetime.combine(local.date() - dt.timedelta(days=local.weekday()), dt.time(), SEOUL)
    week = (monday.astimezone(dt.UTC), (monday + dt.timedelta(days=7)).astimezone(dt.UTC))
    rows = session.exec(select(Booking.start_at, Booking.end_at).join(Equipment, Equipment.id == Booking.equipment_id)
                        .where(Booking.user_id == user_id, Booking.facility_id == facility.id,
                               Equipment.category == equipment.category, Booking.status.in_(HOLDING),
                               Booking.start_at >= week[0], Booking.start_at < week[1])).all()
    used = sum((e - s).total_seconds() for s, e in rows) + (end - start).total_seconds()
    if used > facility.weekly_hours_per_group * 3600:
        return Refusal(_("You can book at most %(hours)s hours a week of this kind of machine here.",
                         hours=facility.weekly_hours_per_group), code="weekly_limit", status=409)
    return None
