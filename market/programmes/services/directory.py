"""The programme directory: filters (trade, support type, district, status, deadline, closing this week), one
programme, and eligibility "for you" evaluated against an organisation's facts."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.accounts.models import Organization
from market.clusters import get_cluster
from market.programmes import eligibility
from market.programmes.models import Programme, ProgrammeStatus, SupportType
from market.programmes.phases import phase, phase_expr
from market.programmes.services.ledger import support_dates
from market.programmes.services.profiles import profile_of
from market.refusals import Refusal, not_found

PER_PAGE = 20
TRADES = ("sewing", "shoes_leather", "jewelry", "machine_metal", "printing", "electronics")


@dataclasses.dataclass
class Filters:
    """What the directory is narrowed to."""

    trade: str | None = None
    support_type: str | None = None
    district: str | None = None
    status: str | None = None
    deadline_before: dt.date | None = None
    closing_this_week: bool = False
    page: int = 1


def check_filters(filters: Filters) -> Filters:
    """Refuse an unknown trade, type or status (422, on the field)."""
    if filters.trade and filters.trade not in TRADES:
        raise Refusal(_("Choose a trade from the list."), field="trade")
    if filters.support_type and filters.support_type not in set(SupportType):
        raise Refusal(_("Choose a support type from the list."), field="type")
    if filters.status and filters.status not in set(ProgrammeStatus):
        raise Refusal(_("Choose a status from the list."), field="status")
    return filters


def _matches(programme: Programme, filters: Filters, now: dt.datetime) -> bool:
    # Trades and districts are short JSON lists; filtering them in Python keeps one query for both databases.
    if filters.trade and programme.trades and filters.trade not in programme.trades:
        return False
    if filters.district and programme.districts and filters.district not in programme.districts:
        return False
    return True


def list_programmes(session: Session, filters: Filters, now: dt.datetime | None = None
                    ) -> tuple[list[Programme], int]:
    """One page of programmes matching ``filters``, the soonest deadline first (open ones before the rest), and
    how many match."""
    now = now or utcnow()
    rows = matching_programmes(session, filters, now)
    start = (max(1, filters.page) - 1) * PER_PAGE
    return rows[start:start + PER_PAGE], len(rows)


def matching_programmes(session: Session, filters: Filters, now: dt.datetime | None = None,
                        ids: list[int] | None = None) -> list[Programme]:
    """Every programme matching ``filters`` (among ``ids`` when given), open ones first, soonest deadline
    first; refuses unknown filter values (422)."""
    now = now or utcnow()
    check_filters(filters)
    query = select(Programme)
    if ids is not None:
        query = query.where(Programme.id.in_(ids or [0]))
    if filters.support_type:
        query = query.where(Programme.support_type == filters.support_type)
    if filters.status:
        query = query.where(phase_expr(now) == filters.status)
    if filters.deadline_before:
        end = dt.datetime.combine(filters.deadline_before + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        query = query.where(Programme.closes_at < end)
    if filters.closing_this_week:
        query = query.where(phase_expr(now) == ProgrammeStatus.open.value,
                            Programme.closes_at < now + dt.timedelta(days=7))
    rows = [p for p in session.exec(query.order_by(Programme.closes_at, Programme.id)) if _matches(p, filters, now)]
    rows.sort(key=lambda p: (phase(p, now) != ProgrammeStatus.open, p.closes_at))
    return rows


def get_programme(session: Session, programme_id: int) -> Programme:
    """One programme; 404 when unknown."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise not_found()
    return programme


def count_programmes(session: Session) -> int:
    """How many programmes there are."""
    return session.exec(select(func.count()).select_from(Programme)).one()


def is_accepting(programme: Programme, now: dt.datetime | None = None) -> bool:
    """Whether applications are taken now: between the opening and the deadline (and results not published)."""
    return phase(programme, now) == ProgrammeStatus.open


def trade_of(session: Session, org: Organization) -> str | None:
    """The trade of an organisation: its cluster's industry."""
    cluster = get_cluster(session, org.cluster_code) if org.cluster_code else None
    return cluster.industry if cluster is not None else None


def facts_of(session: Session, org: Organization, declaration: dict | None = None,
             today: dt.date | None = None) -> eligibility.Facts:
    """What the rules read of an organisation: its account data, support profile and ledger."""
    profile = profile_of(session, org.id)
    in_seoul = profile.workplace_in_seoul if profile is not None else None
    if in_seoul is None and org.country and org.country != "KR":
        in_seoul = False
    return eligibility.Facts(
        headcount=org.staff_count, founded_year=org.founded_year,
        ksic_codes=tuple(profile.ksic_codes) if profile else (), in_seoul=in_seoul,
        revenue_krw=profile.annual_revenue_krw if profile else None, trade=trade_of(session, org),
        business_number=profile.business_number if profile else None,
        support_received=support_dates(session, org.id, declaration), today=today or utcnow().date())


def check_eligibility(session: Session, programme: Programme, org: Organization, today: dt.date | None = None
                      ) -> tuple[bool, list[eligibility.RuleResult]]:
    """Whether ``org`` meets every rule of ``programme``, and each rule's outcome with why."""
    return eligibility.evaluate(programme.rules, facts_of(session, org, today=today))
