"""Reports per machine, facility and month: available hours (opening hours minus blackouts and downtime), booked
and used hours, utilisation (used ÷ available), no-show and late-cancel rates, unmet demand (waitlist hours),
distinct firms served and their share of the cluster's makers, satisfaction (mean, NPS, response rate) and revenue.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import Organization, OrganizationKind
from market.centres import hours
from market.centres.models import (
    HOLDING,
    Blackout,
    Booking,
    BookingStatus,
    Equipment,
    Facility,
    WaitlistEntry,
)
from market.centres.services.access import require_staff
from market.centres.survey import KIND, group_key
from market.refusals import Refusal
from market.surveys.services import SurveyResults, summarize

USED = (BookingStatus.completed, BookingStatus.surveyed)


@dataclasses.dataclass
class Figures:
    """The figures of one machine, or of a whole facility (sums; rates over the sums)."""

    available_minutes: int = 0
    booked_minutes: int = 0
    used_minutes: int = 0
    bookings: int = 0
    no_shows: int = 0
    late_cancels: int = 0
    waitlist_minutes: int = 0
    revenue_krw: int = 0
    vouchers_krw: int = 0
    firms: set = dataclasses.field(default_factory=set)
    survey: SurveyResults = dataclasses.field(default_factory=SurveyResults)

    @property
    def utilisation(self) -> float | None:
        """Used ÷ available (None when nothing was available)."""
        return self.used_minutes / self.available_minutes if self.available_minutes else None

    @property
    def no_show_rate(self) -> float | None:
        """No-shows ÷ bookings that held a slot."""
        return self.no_shows / self.bookings if self.bookings else None

    @property
    def late_cancel_rate(self) -> float | None:
        """Late cancellations ÷ bookings that held a slot or were cancelled late."""
        total = self.bookings + self.late_cancels
        return self.late_cancels / total if total else None


@dataclasses.dataclass
class Report:
    """A facility's month: a row per machine, the totals, and the share of the cluster's makers it served."""

    facility: Facility
    month: str
    rows: list[tuple[Equipment, Figures]]
    total: Figures
    cluster_makers: int
    days: list[tuple[dt.date, int]]

    @property
    def firm_share(self) -> float | None:
        """Distinct firms served ÷ the makers of the facility's cluster."""
        return len(self.total.firms) / self.cluster_makers if self.cluster_makers else None


def parse_month(text: str | None, today: dt.date | None = None) -> str:
    """A month as ``YYYY-MM`` (this month in Seoul when empty). Refuses another shape (422 on ``month``)."""
    if not text:
        return (today or dt.datetime.now(hours.SEOUL).date()).strftime("%Y-%m")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text) or not 2000 <= int(text[:4]) <= 2100:
        raise Refusal(_("Give the month as YYYY-MM."), field="month")
    return text


def month_bounds(month: str) -> tuple[dt.date, dt.date, dt.datetime, dt.datetime]:
    """First and last Seoul date of the month and its start and end as aware UTC datetimes."""
    year, number = int(month[:4]), int(month[5:])
    first = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    start = dt.datetime.combine(first, dt.time(), hours.SEOUL).astimezone(dt.UTC)
    end = dt.datetime.combine(following, dt.time(), hours.SEOUL).astimezone(dt.UTC)
    return first, following - dt.timedelta(days=1), start, end


def _minutes(a: dt.datetime, b: dt.datetime) -> int:
    return max(0, int((b - a).total_seconds() // 60))


def _available(facility: Facility, equipment: Equipment, first: dt.date, last: dt.date, blackouts: list) -> int:
    total = 0
    day = first
    while day <= last:
        opening = hours.window(facility, day)
        if opening is not None:
            open_minutes = _minutes(*opening)
            dark = sum(_minutes(max(b.start_at, opening[0]), min(b.end_at, opening[1])) for b in blackouts)
            total += max(0, open_minutes - dark) * equipment.capacity
        day += dt.timedelta(days=1)
    return total


def facility_report(session: Session, facility: Facility, month: str) -> Report:
    """The figures of ``facility`` in ``month`` (``YYYY-MM``), per machine and in total."""
    first, last, start, end = month_bounds(month)
    machines = list(session.exec(select(Equipment).where(Equipment.facility_id == facility.id)
                                 .order_by(Equipment.name)))
    ids = [m.id for m in machines]
    bookings = list(session.exec(select(Booking).where(Booking.facility_id == facility.id,
                                                       Booking.start_at >= start, Booking.start_at < end)))
    blackouts = list(session.exec(select(Blackout).where(Blackout.equipment_id.in_(ids), Blackout.start_at < end,
                                                         Blackout.end_at > start))) if ids else []
    waits = list(session.exec(select(WaitlistEntry).where(WaitlistEntry.equipment_id.in_(ids),
                                                          WaitlistEntry.start_at >= start,
                                                          WaitlistEntry.start_at < end))) if ids else []
    figures = {m.id: Figures() for m in machines}
    total = Figures()
    per_day: dict[dt.date, int] = {}
    for m in machines:
        figures[m.id].available_minutes = _available(facility, m, first, last,
                                                     [b for b in blackouts if b.equipment_id == m.id])
    for b in bookings:
        f = figures.get(b.equipment_id)
        if f is None:
            continue
        if b.status in HOLDING or b.status == BookingStatus.no_show:
            f.bookings += 1
            f.booked_minutes += _minutes(b.start_at, b.end_at)
        if b.status == BookingStatus.no_show:
            f.no_shows += 1
        if b.status == BookingStatus.cancelled and b.late_cancel:
            f.late_cancels += 1
            f.revenue_krw += b.charged_krw
            f.vouchers_krw += b.charged_krw * b.voucher_percent // 100
        if b.checked_in_at and b.checked_out_at:
            used = _minutes(b.checked_in_at, b.checked_out_at)
            f.used_minutes += used
            day = b.checked_in_at.astimezone(hours.SEOUL).date()
            per_day[day] = per_day.get(day, 0) + used
            if b.organization_id:
                f.firms.add(b.organization_id)
        if b.status in USED:
            f.revenue_krw += b.price_krw
            # The city's voucher pays this part of the revenue (the same rounding as the booking's payment).
            f.vouchers_krw += b.price_krw * b.voucher_percent // 100
    for w in waits:
        figures[w.equipment_id].waitlist_minutes += _minutes(w.start_at, w.end_at)
    by_machine: dict[int, list[int]] = {}
    for b in bookings:
        by_machine.setdefault(b.equipment_id, []).append(b.id)
    for m in machines:
        f = figures[m.id]
        f.survey = summarize(session, KIND, subject_ids=by_machine.get(m.id, []))
        for name in ("available_minutes", "booked_minutes", "used_minutes", "bookings", "no_shows", "late_cancels",
                     "waitlist_minutes", "revenue_krw", "vouchers_krw"):
            setattr(total, name, getattr(total, name) + getattr(f, name))
        total.firms |= f.firms
    total.survey = summarize(session, KIND, group_keys=[group_key(facility.id)],
                             subject_ids=[b.id for b in bookings])
    makers = 0
    if facility.cluster_code:
        makers = session.exec(select(func.count()).select_from(Organization).where(
            Organization.cluster_code == facility.cluster_code, Organization.kind == OrganizationKind.maker)).one()
    days = []
    day = first
    while day <= last:
        days.append((day, per_day.get(day, 0)))
        day += dt.timedelta(days=1)
    return Report(facility=facility, month=month, rows=[(m, figures[m.id]) for m in machines], total=total,
                  cluster_makers=makers, days=days)


@dataclasses.dataclass(frozen=True)
class TrendPoint:
    """One month of a facility's utilisation trend: available and used minutes, and their ratio."""

    month: str
    available_minutes: int
    used_minutes: int

    @property
    def utilisation(self) -> float | None:
        """Used ÷ available (None when nothing was available)."""
        return self.used_minutes / self.available_minutes if self.available_minutes else None


def previous_months(month: str, count: int) -> list[str]:
    """``count`` months ending with ``month`` (``YYYY-MM``), oldest first."""
    year, number = int(month[:4]), int(month[5:])
    months = []
    for _step in range(count):
        months.append(f"{year:04d}-{number:02d}")
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
    return months[::-1]


def utilisation_trend(session: Session, facility: Facility, month: str, count: int = 12) -> list[TrendPoint]:
    """The facility's utilisation in each of the ``count`` months ending with ``month``: the same available and
    used minutes as :func:`facility_report`, over all its machines, read in one query per table."""
    months = previous_months(month, count)
    bounds = {m: month_bounds(m) for m in months}
    start, end = bounds[months[0]][2], bounds[months[-1]][3]
    machines = list(session.exec(select(Equipment).where(Equipment.facility_id == facility.id)))
    ids = [m.id for m in machines]
    blackouts = list(session.exec(select(Blackout).where(Blackout.equipment_id.in_(ids), Blackout.start_at < end,
                                                         Blackout.end_at > start))) if ids else []
    used_rows = session.exec(select(Booking.checked_in_at, Booking.checked_out_at, Booking.start_at).where(
        Booking.facility_id == facility.id, Booking.start_at >= start, Booking.start_at < end,
        Booking.checked_in_at.is_not(None), Booking.checked_out_at.is_not(None))).all()
    used: dict[str, int] = {}
    for checked_in, checked_out, starts in used_rows:
        key = starts.astimezone(hours.SEOUL).strftime("%Y-%m")
        used[key] = used.get(key, 0) + _minutes(checked_in, checked_out)
    points = []
    for m in months:
        first, last, _start, _end = bounds[m]
        available = sum(_available(facility, e, first, last, [b for b in blackouts if b.equipment_id == e.id])
                        for e in machines)
        points.append(TrendPoint(m, available, used.get(m, 0)))
    return points


def staff_report(session: Session, user, facility: Facility, month: str | None) -> Report:
    """:func:`facility_report` for the facility's staff. Refuses other users (403) and a bad month (422)."""
    require_staff(session, user, facility)
    return facility_report(session, facility, parse_month(month))


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}"


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


CSV_COLUMNS = ("machine", "category", "available_hours", "booked_hours", "used_hours", "utilisation_pct",
               "bookings", "no_show_rate_pct", "late_cancel_rate_pct", "waitlist_hours", "firms_served",
               "mean_satisfaction", "nps", "response_rate_pct", "revenue_krw", "vouchers_krw")


def _csv_row(name: str, category: str, f: Figures) -> list:
    return [name, category, _num(f.available_minutes / 60, 1), _num(f.booked_minutes / 60, 1),
            _num(f.used_minutes / 60, 1), _pct(f.utilisation), f.bookings, _pct(f.no_show_rate),
            _pct(f.late_cancel_rate), _num(f.waitlist_minutes / 60, 1), len(f.firms), _num(f.survey.overall),
            _num(f.survey.nps, 0), _pct(f.survey.response_rate), f.revenue_krw, f.vouchers_krw]


def report_csv(report: Report) -> str:
    """The report as CSV: one line per machine and a total line."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for equipment, figures in report.rows:
        writer.writerow(_csv_row(equipment.name, equipment.category, figures))
    writer.writerow(_csv_row("TOTAL", "", report.total))
    return out.getvalue()


def organisation_use(session: Session, org_id: int, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """How many shared-equipment bookings made for ``org_id`` were used (checked in, completed or surveyed) with
    a start in [``start``, ``end``), and at how many facilities: what the association offers as the firm's use
    of shared space in its annual return."""
    used = (BookingStatus.checked_in, *USED)
    bookings, facilities = session.exec(
        select(func.count(), func.count(sa.distinct(Booking.facility_id)))
        .where(Booking.organization_id == org_id, Booking.status.in_(used), Booking.start_at >= start,
               Booking.start_at < end)).one()
    return int(bookings), int(facilities)
