"""The waitlist: a user waits for a taken slot; when a booking there is cancelled or missed, the slot is offered to
the first waiting user, held for them for :data:`OFFER_MINUTES` minutes, then passed to the next one."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.hours import SEOUL
from market.centres.labels import machine_name
from market.centres.models import Booking, Equipment, Facility, WaitlistEntry
from market.centres.services.qualifications import missing_trainings
from market.centres.services.rules import (
    holding_bookings,
    in_locale,
    peak_use,
    period_problem,
    qualification_refusal,
)
from market.db import utcnow
from market.notifications.services import notify
from market.refusals import Refusal, not_found

OFFER_MINUTES = 30


def held_offers(session: Session, equipment_id: int, start: dt.datetime, end: dt.datetime, now: dt.datetime,
                except_user_id: int | None = None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The periods of live offers over [start, end) on the machine (held for the offered user, not others)."""
    rows = session.exec(select(WaitlistEntry.start_at, WaitlistEntry.end_at).where(
        WaitlistEntry.equipment_id == equipment_id, WaitlistEntry.status == "offered",
        WaitlistEntry.offered_at > now - dt.timedelta(minutes=OFFER_MINUTES),
        WaitlistEntry.user_id != (except_user_id or 0), WaitlistEntry.start_at < end,
        WaitlistEntry.end_at > start)).all()
    return [(max(s, start), min(e, end)) for s, e in rows]


def join_waitlist(session: Session, user: User, equipment_id: int, start: dt.datetime, end: dt.datetime,
                  now: dt.datetime | None = None) -> WaitlistEntry:
    """Put ``user`` on the waitlist of a machine over [start, end). Refuses an unknown machine (404), a period that
    breaks a rule or is past (422), missing trainings (403), a free slot (409 ``free``: book it instead) and a
    second entry for the same period (409 ``already_waiting``)."""
    now = now or utcnow()
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    facility = session.get(Facility, equipment.facility_id)
    problem = period_problem(facility, equipment, start, end, now)
    if problem:
        raise problem
    missing = missing_trainings(session, user, equipment, now)
    if missing:
        raise qualification_refusal(missing)
    until = end + dt.timedelta(minutes=equipment.buffer_minutes)
    holding = holding_bookings(session, [equipment.id], start, until)
    if peak_use([(max(r[2], start), min(r[3], until)) for r in holding]) < equipment.capacity:
        raise Refusal(_("This slot is free: book it instead."), code="free", status=409)
    if session.exec(select(WaitlistEntry.id).where(
            WaitlistEntry.equipment_id == equipment.id, WaitlistEntry.user_id == user.id,
            WaitlistEntry.status.in_(["waiting", "offered"]), WaitlistEntry.start_at == start,
            WaitlistEntry.end_at == end)).first():
        raise Refusal(_("You are already on the waitlist for this time."), code="already_waiting", status=409)
    entry = WaitlistEntry(equipment_id=equipment.id, user_id=user.id, start_at=start, end_at=end, created_at=now)
    session.add(entry)
    session.flush()
    return entry


def offer_freed_slot(session: Session, booking: Booking, now: dt.datetime | None = None) -> WaitlistEntry | None:
    """Offer the slot a booking freed to the first user waiting for a period inside it (who is told, with a
    link that books it); returns the entry offered, or None."""
    now = now or utcnow()
    if booking.end_at <= now:
        return None
    entry = session.exec(select(WaitlistEntry).where(
        WaitlistEntry.equipment_id == booking.equipment_id, WaitlistEntry.status == "waiting",
        WaitlistEntry.start_at >= max(booking.start_at, now), WaitlistEntry.end_at <= booking.end_at)
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)).first()
    if entry is None:
        return None
    return _offer(session, entry, now)


def _offer(session: Session, entry: WaitlistEntry, now: dt.datetime) -> WaitlistEntry | None:
    result = session.exec(sa.update(WaitlistEntry).where(WaitlistEntry.id == entry.id,
                                                         WaitlistEntry.status == "waiting")
                          .values(status="offered", offered_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    session.refresh(entry)
    equipment = session.get(Equipment, entry.equipment_id)
    user = session.get(User, entry.user_id)
    start, end = entry.start_at.astimezone(SEOUL), entry.end_at.astimezone(SEOUL)

    def make(locale):
        from i18n.times import format_datetime

        url = url_for("market_centres.book", lang=locale, equipment_id=equipment.id, date=start.date().isoformat(),
                      start=start.strftime("%H:%M"), end=end.strftime("%H:%M"), _external=False)
        notify(session, [user.id], "centre_waitlist", _(
            "%(machine)s is free on %(when)s: it is held for you for %(minutes)s minutes. Book it now.",
            machine=machine_name(equipment), when=format_datetime(start, "short", rebase=False), minutes=OFFER_MINUTES), url)

    in_locale(user, make)
    return entry


def advance_waitlist(session: Session, now: dt.datetime | None = None) -> int:
    """Expire offers older than :data:`OFFER_MINUTES` and offer their slots to the next waiting users, and drop
    entries whose time has passed; returns how many offers were made."""
    now = now or utcnow()
    expired = list(session.exec(select(WaitlistEntry).where(
        WaitlistEntry.status == "offered", WaitlistEntry.offered_at <= now - dt.timedelta(minutes=OFFER_MINUTES))))
    session.exec(sa.update(WaitlistEntry).where(WaitlistEntry.status.in_(["waiting", "offered"]),
                                                WaitlistEntry.start_at <= now)
                 .values(status="expired").execution_options(synchronize_session=False))
    made = 0
    for old in expired:
        session.exec(sa.update(WaitlistEntry).where(WaitlistEntry.id == old.id, WaitlistEntry.status == "offered")
                     .values(status="expired").execution_options(synchronize_session=False))
        following = session.exec(select(WaitlistEntry).where(
            WaitlistEntry.equipment_id == old.equipment_id, WaitlistEntry.status == "waiting",
            WaitlistEntry.start_at < old.end_at, WaitlistEntry.end_at > old.start_at)
            .order_by(WaitlistEntry.created_at, WaitlistEntry.id)).first()
        if following is not None and _offer(session, following, now):
            made += 1
    return made


def user_waitlist(session: Session, user_id: int) -> list[tuple[WaitlistEntry, Equipment]]:
    """The user's waiting and offered entries, soonest first."""
    return list(session.exec(select(WaitlistEntry, Equipment).join(Equipment, Equipment.id == WaitlistEntry.equipment_id)
                             .where(WaitlistEntry.user_id == user_id,
                                    WaitlistEntry.status.in_(["waiting", "offered"]))
                             .order_by(WaitlistEntry.start_at)))


def mark_booked(session: Session, user_id: int, equipment_id: int, start: dt.datetime, end: dt.datetime) -> None:
    """The user booked a period they waited for: their entries inside it are done."""
    session.exec(sa.update(WaitlistEntry).where(
        WaitlistEntry.user_id == user_id, WaitlistEntry.equipment_id == equipment_id,
        WaitlistEntry.status.in_(["waiting", "offered"]), WaitlistEntry.start_at >= start,
        WaitlistEntry.end_at <= end).values(status="booked").execution_options(synchronize_session=False))
