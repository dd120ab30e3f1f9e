"""What the association publishes of a year: tables by cluster, trade, district and size band over the verified
returns, with the confidentiality rules of :mod:`market.association.confidentiality` applied to all of them at
once; the headline KPIs of art. 11; export destinations; the forum paper's targets with this year's point;
a member's own figures against its cluster-and-trade quartiles; and the platform's activity.

A suppressed cell has no figures anywhere (page, report, exports, API); asking the API for one is refused
(:func:`require_published`).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import statistics

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.certification.models import Certificate, CertificateStatus
from market.association import confidentiality
from market.association.confidentiality import Cell, Record
from market.association.models import AnnualReturn, Member, ReturnStatus
from market.association.reference import EXPORT_GROWTH_TARGET, size_band
from market.association.services.checks import jobs
from market.association.services.prefill import PAID, _year_bounds
from market.association.services.targets import current_targets
from market.orders.models import WholesaleOrder
from market.refusals import Refusal
from market.rfq.models import Rfq
from matching.models import Introduction

DIMENSIONS = ("cluster", "trade", "district", "size")
# "Smart manufacturing" in the forum paper's target: at least the intermediate stage (monitoring).
SMART_STAGE = 2


@dataclasses.dataclass
class Row:
    """A verified return with its member."""

    member: Member
    ret: AnnualReturn

    @property
    def jobs(self) -> int:
        return jobs({"staff_full_time": self.ret.staff_full_time, "staff_part_time": self.ret.staff_part_time}) or 0


def verified_rows(session: Session, year: int) -> list[Row]:
    """The verified returns of ``year`` with their members."""
    return [Row(m, r) for r, m in session.exec(
        select(AnnualReturn, Member).join(Member, Member.id == AnnualReturn.member_id)
        .where(AnnualReturn.year == year, AnnualReturn.status == ReturnStatus.verified).order_by(Member.id))]


def to_records(rows: list[Row]) -> list[Record]:
    """The rows as the confidentiality module's records."""
    return [Record(firm=row.member.id,
                   keys={"cluster": row.member.cluster_code, "trade": row.member.ksic,
                         "district": row.member.district, "size": size_band(row.jobs)},
                   jobs=row.jobs, value_added_krw=row.ret.value_added_krw or 0,
                   exports_krw=row.ret.exports_krw or 0) for row in rows]


def published_tables(session: Session, year: int, rows: list[Row] | None = None) -> dict[str, list[Cell]]:
    """Every table of ``year`` (and ``"total"``), suppressed together."""
    rows = verified_rows(session, year) if rows is None else rows
    frozen = tuple((r.firm, tuple(sorted(r.keys.items(), key=lambda kv: kv[0])), r.jobs, r.value_added_krw,
                    r.exports_krw) for r in to_records(rows))
    return copy.deepcopy(_suppressed(frozen))


@functools.lru_cache(maxsize=32)
def _suppressed(frozen: tuple) -> dict[str, list[Cell]]:
    """The suppression of a set of records, kept while they stay the same (it is the costly part of a page)."""
    records = [Record(firm, dict(keys), jobs, value_added, exports) for firm, keys, jobs, value_added, exports in frozen]
    return confidentiality.suppress(records, DIMENSIONS)


def kpi_cells(session: Session, year: int, by: str) -> list[Cell]:
    """The cells of one table (``by`` = cluster, trade, district or size)."""
    if by not in DIMENSIONS:
        raise Refusal(_("Choose cluster, trade, district or size."), field="by")
    return published_tables(session, year)[by]


def require_published(cells: list[Cell], key: str) -> Cell:
    """The cell named ``key``; refuses (404) an unknown key and (403) a suppressed one, saying why."""
    for cell in cells:
        if cell.key == key:
            if cell.suppressed:
                raise Refusal(_("This cell is suppressed to protect the confidentiality of the firms in it (fewer "
                                "than 5 firms, or one firm above half of its total). It is not published."),
                              code="suppressed", status=403)
            return cell
    raise Refusal(_("There is no such cell in this table."), code="not_found", status=404)


def headline(session: Session, year: int, rows: list[Row] | None = None,
             tables: dict | None = None) -> dict:
    """The headline KPIs of ``year`` from the published total: firms, jobs, value added (and per worker),
    exports, the share of exporting firms; None figures when the total itself is suppressed."""
    rows = verified_rows(session, year) if rows is None else rows
    tables = published_tables(session, year, rows) if tables is None else tables
    total = tables["total"][0] if tables.get("total") else None
    members = session.exec(select(func.count()).select_from(Member).where(Member.active == sa.true())).one()
    filed = session.exec(select(func.count()).select_from(AnnualReturn).where(AnnualReturn.year == year)).one()
    out = {"year": year, "respondents": len(rows), "members": members, "returns": filed,
           "firms": None, "jobs": None, "value_added_krw": None, "value_added_per_worker_krw": None,
           "exports_krw": None, "exporting_share": None, "suppressed": True}
    if total is not None and not total.suppressed:
        exporters = sum(1 for row in rows if (row.ret.exports_krw or 0) > 0)
        out.update(firms=total.firms, jobs=total.jobs, value_added_krw=total.value_added_krw,
                   value_added_per_worker_krw=(total.value_added_krw // total.jobs) if total.jobs else None,
                   exports_krw=total.exports_krw, exporting_share=exporters / len(rows) if rows else None,
                   suppressed=False)
    return out


def destinations(rows: list[Row], limit: int = 8) -> list[dict]:
    """Export destinations: per country the firms and amount, only for countries with at least 5 exporting firms
    and none above half; at least two countries (together safe) are hidden when any is."""
    by_country: dict[str, list[Record]] = {}
    for row in rows:
        for country, amount in (row.ret.exports_by_country or {}).items():
            if amount:
                by_country.setdefault(country, []).append(Record(row.member.id, {}, exports_krw=int(amount)))
    hidden = {c for c, recs in by_country.items() if confidentiality.is_sensitive(recs)}
    shown = sorted((c for c in by_country if c not in hidden), key=lambda c: sum(r.exports_krw for r in by_country[c]))
    while hidden and shown and (len(hidden) < 2 or confidentiality.is_sensitive(
            [r for c in hidden for r in by_country[c]])):
        hidden.add(shown.pop(0))
    out = [{"country": c, "firms": len(by_country[c]), "exports_krw": sum(r.exports_krw for r in by_country[c])}
           for c in by_country if c not in hidden]
    return sorted(out, key=lambda d: -d["exports_krw"])[:limit]


def target_points(session: Session, year: int, rows: list[Row] | None = None) -> list[dict]:
    """Each forum-paper target (as staff set it) with this year's share of responding firms (None with fewer
    than 5)."""
    rows = verified_rows(session, year) if rows is None else rows
    tests = {
        "smart": lambda r: (r.smart_factory_stage or 0) >= SMART_STAGE,
        "shared_space": lambda r: bool(r.uses_shared_space),
        "cooperation": lambda r: (r.cooperation_projects or 0) > 0,
        "export_programme": lambda r: bool(r.export_programme),
    }
    out = []
    for target in current_targets(session):
        value = (100.0 * sum(1 for row in rows if tests[target.code](row.ret)) / len(rows)
                 if len(rows) >= confidentiality.MIN_FIRMS else None)
        out.append({"target": target, "year": year, "value": value, "n": len(rows)})
    return out


def export_growth(session: Session, year: int, rows: list[Row] | None = None) -> dict:
    """Exports of firms verified in both ``year`` and the year before, and the growth in % (the forum paper's
    +10–15% a year); None with fewer than 5 such firms."""
    rows = verified_rows(session, year) if rows is None else rows
    before = {row.member.id: row.ret.exports_krw or 0 for row in verified_rows(session, year - 1)}
    pairs = [(before[row.member.id], row.ret.exports_krw or 0) for row in rows if row.member.id in before]
    then, now = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    growth = (100.0 * (now - then) / then) if then and len(pairs) >= confidentiality.MIN_FIRMS else None
    return {"firms": len(pairs), "growth": growth, "target": EXPORT_GROWTH_TARGET}


def _quartiles(values: list[float]) -> dict | None:
    if len(values) < confidentiality.MIN_FIRMS:
        return None
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"q1": q1, "median": q2, "q3": q3, "n": len(values)}


BENCHMARKS = ("jobs", "revenue_krw", "value_added_per_worker_krw", "export_share")


def _measures(row: Row) -> dict:
    revenue = row.ret.revenue_krw or 0
    return {"jobs": row.jobs, "revenue_krw": revenue,
            "value_added_per_worker_krw": (row.ret.value_added_krw or 0) / row.jobs if row.jobs else None,
            "export_share": 100.0 * (row.ret.exports_krw or 0) / revenue if revenue else None}


def benchmark(session: Session, member: Member, ret: AnnualReturn | None, year: int) -> dict | None:
    """``member``'s figures of ``year`` against the quartiles of verified firms of its cluster and trade (or of
    its trade alone when its cluster-and-trade group has fewer than 5 firms); None when neither has 5."""
    rows = verified_rows(session, year)
    groups = [("cluster_trade", [r for r in rows if r.member.cluster_code == member.cluster_code
                                 and r.member.ksic == member.ksic]),
              ("trade", [r for r in rows if r.member.ksic == member.ksic])]
    for scope, group in groups:
        if len(group) < confidentiality.MIN_FIRMS:
            continue
        own = _measures(Row(member, ret)) if ret is not None else {}
        out = {"scope": scope, "n": len(group), "measures": []}
        for name in BENCHMARKS:
            values = [m[name] for m in map(_measures, group) if m[name] is not None]
            out["measures"].append({"name": name, "own": own.get(name), "quartiles": _quartiles(values)})
        return out
    return None


def platform_activity(session: Session, year: int) -> dict:
    """The platform's activity in ``year``: certified firms (valid certificates now), RFQs, paid orders and
    introductions made in the year, shared-equipment bookings used in the year and the firms that used them, and
    the city plan's counters (trainees toward 7,000, recognised craftspeople toward 300, both since the start)."""
    from market.centres.models import Booking, BookingStatus
    from market.people.services.awards import awarded_count
    from market.trainings.services import trained_counter

    start, end = _year_bounds(year)
    used = (BookingStatus.checked_in, BookingStatus.completed, BookingStatus.surveyed)
    trained = trained_counter(session)
    return {
        "certified_firms": session.exec(select(func.count(sa.distinct(Certificate.organization_id)))
                                        .where(Certificate.status == CertificateStatus.valid)).one(),
        "rfqs": session.exec(select(func.count()).select_from(Rfq)
                             .where(Rfq.created_at >= start, Rfq.created_at < end)).one(),
        "orders": session.exec(select(func.count()).select_from(WholesaleOrder)
                               .where(WholesaleOrder.status.in_(PAID), WholesaleOrder.created_at >= start,
                                      WholesaleOrder.created_at < end)).one(),
        "introductions": session.exec(select(func.count()).select_from(Introduction)
                                      .where(Introduction.created_at >= start,
                                             Introduction.created_at < end)).one(),
        "bookings": session.exec(select(func.count()).select_from(Booking)
                                 .where(Booking.status.in_(used), Booking.start_at >= start,
                                        Booking.start_at < end)).one(),
        "booking_firms": session.exec(select(func.count(sa.distinct(Booking.organization_id)))
                                      .where(Booking.status.in_(used), Booking.start_at >= start,
                                             Booking.start_at < end)).one(),
        "trainees": trained.total, "trainees_target": trained.target,
        "masters": awarded_count(session), "masters_target": 300,
    }
