"""The availability-first search: which machines, across every centre, are free over a period for this user,
and for each one that is not, why (the codes of :data:`market.centres.labels.REASON_NAMES`)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, select

from market.centres.models import Blackout, Equipment, EquipmentStatus, Facility, WaitlistEntry
from market.centres.pricing import hourly_price, quote
from market.centres.services.access import tier_of
from market.centres.services.qualifications import held_trainings, missing_trainings
from market.centres.services.rules import equipment_problem, holding_bookings, peak_use, period_problem
from market.centres.services.waitlist import OFFER_MINUTES
from market.db import utcnow


@dataclasses.dataclass
class Filters:
    """What to search: a period (both or neither), a category, trade, district, the most per hour, and whether
    to show only machines the user is qualified for."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None
    category: str | None = None
    trade: str | None = None
    district: str | None = None
    facility_id: int | None = None
    max_hourly_krw: int | None = None
    qualified_only: bool = False
    available_only: bool = False


@dataclasses.dataclass
class Result:
    """One machine: whether the user can book it over the period, the first reason not (and all of them), the
    trainings missing, whether the booking would wait for approval, and the price (hourly, and for the period)."""

    equipment: Equipment
    facility: Facility
    available: bool
    reason: str | None
    reasons: list[str]
    missing: list[str]
    approval_required: bool
    hourly_krw: int
    price_krw: int | None


def search(session: Session, user, filters: Filters, now: dt.datetime | None = None) -> list[Result]:
    """Every machine matching the filters, the bookable ones first, each with why it is not bookable for
    ``user`` (anonymous users lack every training)."""
    now = now or utcnow()
    query = select(Equipment, Facility).join(Facility, Facility.id == Equipment.facility_id).where(
        Equipment.status != EquipmentStatus.retired)
    if filters.category:
        query = query.where(Equipment.category == filters.category)
    if filters.trade:
        query = query.where(Facility.trade == filters.trade)
    if filters.district:
        query = query.where(Facility.district == filters.district)
    if filters.facility_id:
        query = query.where(Facility.id == filters.facility_id)
    rows = session.exec(query.order_by(Facility.name, Equipment.name)).all()
    signed_in = user is not None and getattr(user, "is_authenticated", False)
    tier = tier_of(session, user)[0] if signed_in else "citizen"
    held = held_trainings(session, user.id, now) if signed_in else {}
    ids = [e.id for e, _f in rows]
    period = filters.start is not None and filters.end is not None and filters.end > filters.start
    holding: dict[int, list] = {}
    blacked: set[int] = set()
    if period and ids:
        widest = max((e.buffer_minutes for e, _f in rows), default=0)
        for row in holding_bookings(session, ids, filters.start, filters.end + dt.timedelta(minutes=widest)):
            holding.setdefault(row[0], []).append(row)
        for eid, s, e in session.exec(select(WaitlistEntry.equipment_id, WaitlistEntry.start_at, WaitlistEntry.end_at)
                                      .where(WaitlistEntry.equipment_id.in_(ids), WaitlistEntry.status == "offered",
                                             WaitlistEntry.offered_at > now - dt.timedelta(minutes=OFFER_MINUTES),
                                             WaitlistEntry.user_id != (user.id if signed_in else 0),
                                             WaitlistEntry.start_at < filters.end,
                                             WaitlistEntry.end_at > filters.start)):
            holding.setdefault(eid, []).append((eid, None, s, e))  # held for the user it was offered to
        blacked = set(session.exec(select(Blackout.equipment_id).where(
            Blackout.equipment_id.in_(ids), Blackout.start_at < filters.end, Blackout.end_at > filters.start)))
    results = []
    for equipment, facility in rows:
        reasons: list[str] = []
        problem = equipment_problem(equipment)
        if problem:
            reasons.append(problem.code)
        if period:
            if equipment.id in blacked and "down" not in reasons:
                reasons.append("down")
            timing = period_problem(facility, equipment, filters.start, filters.end, now)
            if timing:
                reasons.append(timing.code)
        missing = missing_trainings(session, user if signed_in else None, equipment, now, held)
        if missing:
            reasons.append("not_qualified")
        if period and not (set(reasons) & {"down", "retired", "closed", "holiday", "in_past", "invalid_period"}):
            until = filters.end + dt.timedelta(minutes=equipment.buffer_minutes)
            mine = holding.get(equipment.id, [])
            overlapping = [(max(r[2], filters.start), min(r[3], until)) for r in mine
                           if r[2] < until and r[3] > filters.start]
            if peak_use(overlapping) >= equipment.capacity:
                reasons.append("taken")
        hourly = hourly_price(equipment, tier)
        if filters.qualified_only and missing:
            continue
        if filters.max_hourly_krw is not None and hourly > filters.max_hourly_krw:
            continue
        result = Result(equipment=equipment, facility=facility, available=not reasons,
                        reason=reasons[0] if reasons else None, reasons=reasons, missing=missing,
                        approval_required=equipment.approval_required, hourly_krw=hourly,
                        price_krw=quote(equipment, tier, filters.start, filters.end)[0] if period else None)
        if filters.available_only and not result.available:
            continue
        results.append(result)
    results.sort(key=lambda r: (not r.available, r.facility.name, r.equipment.name))
    return results
