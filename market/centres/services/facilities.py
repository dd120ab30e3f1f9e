"""Facilities and their machines, for lists, pages and the API."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.centres import hours
from market.centres.models import Booking, BookingStatus, Equipment, Facility, FollowUp
from market.refusals import not_found


def list_facilities(session: Session, *, operator: str | None = None, trade: str | None = None,
                    district: str | None = None) -> list[tuple[Facility, int]]:
    """Every facility (filtered), with how many machines it has, by name."""
    counts = dict(session.exec(select(Equipment.facility_id, func.count()).group_by(Equipment.facility_id)).all())
    query = select(Facility)
    if operator:
        query = query.where(Facility.operator == operator)
    if trade:
        query = query.where(Facility.trade == trade)
    if district:
        query = query.where(Facility.district == district)
    return [(f, counts.get(f.id, 0)) for f in session.exec(query.order_by(Facility.name))]


def districts(session: Session) -> list[str]:
    """The districts that have a facility, in order."""
    return sorted(set(session.exec(select(Facility.district))))


def get_facility(session: Session, slug: str) -> Facility:
    """A facility by its slug (404 when there is none)."""
    facility = session.exec(select(Facility).where(Facility.slug == slug)).first()
    if facility is None:
        raise not_found(_("There is no such centre."))
    return facility


def facility_equipment(session: Session, facility_id: int) -> list[Equipment]:
    """A facility's machines, by name."""
    return list(session.exec(select(Equipment).where(Equipment.facility_id == facility_id).order_by(Equipment.name)))


def get_equipment(session: Session, equipment_id: int) -> tuple[Equipment, Facility]:
    """A machine and its facility (404 when there is none)."""
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    return equipment, session.get(Facility, equipment.facility_id)


def open_follow_ups(session: Session, facility_id: int) -> list[FollowUp]:
    """A facility's follow-up tasks still open, newest first."""
    return list(session.exec(select(FollowUp).where(FollowUp.facility_id == facility_id,
                                                    FollowUp.closed_at.is_(None))
                             .order_by(FollowUp.created_at.desc())))


def staff_of_facility(session: Session, facility_id: int) -> list:
    """The users who run a facility."""
    from market.accounts.models import User
    from market.centres.models import FacilityStaff

    return list(session.exec(select(User).join(FacilityStaff, FacilityStaff.user_id == User.id)
                             .where(FacilityStaff.facility_id == facility_id).order_by(User.id)))


def bookings_of_day(session: Session, facility_id: int, day: dt.date | None = None
                    ) -> list[tuple[Booking, Equipment]]:
    """A facility's bookings that run on ``day`` (today in Seoul by default), with their machines, by start.

    A booking that began yesterday evening and runs past midnight is on today's list too: whoever is still at the
    machine must be checked out at the kiosk."""
    day = day or dt.datetime.now(hours.SEOUL).date()
    start = dt.datetime.combine(day, dt.time(), hours.SEOUL).astimezone(dt.UTC)
    return list(session.exec(select(Booking, Equipment).join(Equipment, Equipment.id == Booking.equipment_id)
                             .where(Booking.facility_id == facility_id, Booking.end_at > start,
                                    Booking.start_at < start + dt.timedelta(days=1)).order_by(Booking.start_at)))


def approval_queue(session: Session, facility_id: int) -> list[tuple[Booking, Equipment]]:
    """A facility's bookings waiting for staff approval, with their machines, by start."""
    return list(session.exec(select(Booking, Equipment).join(Equipment, Equipment.id == Booking.equipment_id)
                             .where(Booking.facility_id == facility_id,
                                    Booking.status == BookingStatus.requested).order_by(Booking.start_at)))
