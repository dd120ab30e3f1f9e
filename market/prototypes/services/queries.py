"""Lists of prototype commissions: the board makers browse, the startup's requests, the maker's bids and
invitations, both sides' commissions; and the small lookups pages redirect with."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from sqlmodel import Session, func, or_, select

from i18n import content
from i18n.locales import DEFAULT_LOCALE
from market.accounts.models import Organization, OrganizationKind
from market.pages import DEFAULT_PER_PAGE, MAX_PER_PAGE, offset
from market.prototypes.models import (
    ENTITY,
    BidStatus,
    Commission,
    Milestone,
    MilestoneStatus,
    PrototypeBid,
    PrototypeInvite,
    PrototypeQuestion,
    PrototypeRequest,
    RequestStatus,
    Side,
)
from market.prototypes.services.access import org_ids
from market.prototypes.services.base import CATEGORY_CLUSTERS, request_state, today


@dataclasses.dataclass
class BoardFilters:
    """What the board shows: open requests matching these, in this order, one page at a time."""

    category: str | None = None
    cluster: str | None = None
    budget_min_krw: int | None = None
    budget_max_krw: int | None = None
    deadline_before: dt.date | None = None
    deadline_after: dt.date | None = None
    nda: bool | None = None
    sort: str = "newest"  # newest, deadline, budget
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE


@dataclasses.dataclass
class RequestRow:
    """A request in a list, with its startup, title in the viewer's language and counts."""

    request: PrototypeRequest
    startup: Organization
    title: content.LocalizedText | None
    bid_count: int
    question_count: int

    @property
    def state(self) -> str:
        return request_state(self.request)


def _rows(session: Session, requests: list[PrototypeRequest], locale: str) -> list[RequestRow]:
    if not requests:
        return []
    ids = [r.id for r in requests]
    texts = content.load_texts(session, ENTITY, ids)
    orgs = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_({r.startup_org_id for r in requests})))}
    bids = dict(session.exec(select(PrototypeBid.request_id, func.count()).where(
        PrototypeBid.request_id.in_(ids), PrototypeBid.status != BidStatus.withdrawn)
        .group_by(PrototypeBid.request_id)).all())
    questions = dict(session.exec(select(PrototypeQuestion.request_id, func.count()).where(
        PrototypeQuestion.request_id.in_(ids)).group_by(PrototypeQuestion.request_id)).all())
    return [RequestRow(r, orgs[r.startup_org_id], content.resolve(texts[r.id].get("title", {}), locale),
                       bids.get(r.id, 0), questions.get(r.id, 0)) for r in requests]


def list_board(session: Session, filters: BoardFilters, locale: str = DEFAULT_LOCALE
               ) -> tuple[list[RequestRow], int]:
    """Open requests still taking bids, filtered: category; cluster (the request's preferred cluster, or a
    category the cluster specialises in when none is preferred); budget overlapping the range given; deadline
    on or before / after a date; NDA or not. Newest first, soonest deadline first, or largest budget first."""
    where = [PrototypeRequest.status == RequestStatus.open, PrototypeRequest.deadline >= today()]
    if filters.category:
        where.append(PrototypeRequest.category == filters.category)
    if filters.cluster:
        fitting = [c.value for c, codes in CATEGORY_CLUSTERS.items() if filters.cluster in codes]
        where.append(or_(PrototypeRequest.cluster_code == filters.cluster,
                         sa.and_(PrototypeRequest.cluster_code.is_(None),
                                 PrototypeRequest.category.in_(fitting or ["-"]))))
    if filters.budget_min_krw is not None:
        where.append(PrototypeRequest.budget_max_krw >= filters.budget_min_krw)
    if filters.budget_max_krw is not None:
        where.append(PrototypeRequest.budget_min_krw <= filters.budget_max_krw)
    if filters.deadline_before is not None:
        where.append(PrototypeRequest.deadline <= filters.deadline_before)
    if filters.deadline_after is not None:
        where.append(PrototypeRequest.deadline >= filters.deadline_after)
    if filters.nda is not None:
        where.append(PrototypeRequest.nda_required == sa.true() if filters.nda
                     else PrototypeRequest.nda_required == sa.false())
    order = {
        "deadline": (PrototypeRequest.deadline.asc(), PrototypeRequest.id.asc()),
        "budget": (PrototypeRequest.budget_max_krw.desc(), PrototypeRequest.id.desc()),
    }.get(filters.sort, (PrototypeRequest.created_at.desc(), PrototypeRequest.id.desc()))
    per_page = max(1, min(filters.per_page, MAX_PER_PAGE))
    total = session.exec(select(func.count()).select_from(PrototypeRequest).where(*where)).one()
    requests = list(session.exec(select(PrototypeRequest).where(*where).order_by(*order)
                                 .offset(offset(filters.page, per_page)).limit(per_page)))
    return _rows(session, requests, locale), total


def list_own_requests(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[RequestRow]:
    """The requests of the user's startups, newest first, in every state."""
    ids = org_ids(session, user, OrganizationKind.startup)
    if not ids:
        return []
    requests = list(session.exec(select(PrototypeRequest).where(PrototypeRequest.startup_org_id.in_(ids))
                                 .order_by(PrototypeRequest.created_at.desc(), PrototypeRequest.id.desc())))
    return _rows(session, requests, locale)


@dataclasses.dataclass
class BidRow:
    """One of the user's makers' bids, with its request's title and state, and the commission once awarded."""

    bid: PrototypeBid
    maker: Organization
    request: PrototypeRequest
    title: content.LocalizedText | None
    commission_id: int | None


def list_own_bids(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[BidRow]:
    """The bids of the user's makers, newest change first."""
    ids = org_ids(session, user, OrganizationKind.maker)
    if not ids:
        return []
    rows = list(session.exec(select(PrototypeBid, Organization, PrototypeRequest)
                             .join(Organization, Organization.id == PrototypeBid.maker_org_id)
                             .join(PrototypeRequest, PrototypeRequest.id == PrototypeBid.request_id)
                             .where(PrototypeBid.maker_org_id.in_(ids))
                             .order_by(PrototypeBid.updated_at.desc(), PrototypeBid.id.desc())))
    texts = content.load_texts(session, ENTITY, {r.id for _b, _o, r in rows})
    commissions = dict(session.exec(select(Commission.bid_id, Commission.id).where(
        Commission.bid_id.in_([b.id for b, _o, _r in rows] or [0]))).all())
    return [BidRow(b, o, r, content.resolve(texts[r.id].get("title", {}), locale), commissions.get(b.id))
            for b, o, r in rows]


def list_invitations(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[RequestRow]:
    """Open requests the user's makers were invited to, newest invitation first."""
    ids = org_ids(session, user, OrganizationKind.maker)
    if not ids:
        return []
    requests = list(session.exec(select(PrototypeRequest).join(
        PrototypeInvite, PrototypeInvite.request_id == PrototypeRequest.id)
        .where(PrototypeInvite.maker_org_id.in_(ids), PrototypeRequest.status == RequestStatus.open)
        .order_by(PrototypeInvite.created_at.desc(), PrototypeInvite.id.desc())))
    unique = list({r.id: r for r in requests}.values())
    return [row for row in _rows(session, unique, locale) if row.state == "open"]


@dataclasses.dataclass
class CommissionRow:
    """A commission in a list."""

    commission: Commission
    side: Side
    counterpart: Organization
    title: content.LocalizedText | None
    milestones_done: int
    milestones_total: int


def list_commissions(session: Session, user, locale: str = DEFAULT_LOCALE) -> list[CommissionRow]:
    """The commissions of the user's organisations, as startup or maker, newest first."""
    own = org_ids(session, user)
    if not own:
        return []
    commissions = list(session.exec(select(Commission).where(or_(Commission.startup_org_id.in_(own),
                                                                 Commission.maker_org_id.in_(own)))
                                    .order_by(Commission.created_at.desc(), Commission.id.desc())))
    if not commissions:
        return []
    ids = [c.id for c in commissions]
    orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(
        {c.startup_org_id for c in commissions} | {c.maker_org_id for c in commissions})))}
    texts = content.load_texts(session, ENTITY, {c.request_id for c in commissions})
    counts: dict[int, list[int]] = {i: [0, 0] for i in ids}
    for commission_id, status in session.exec(select(Milestone.commission_id, Milestone.status)
                                              .where(Milestone.commission_id.in_(ids),
                                                     Milestone.status != MilestoneStatus.cancelled)):
        counts[commission_id][1] += 1
        if status == MilestoneStatus.approved:
            counts[commission_id][0] += 1
    rows = []
    for c in commissions:
        side = Side.startup if c.startup_org_id in own else Side.maker
        other = orgs[c.maker_org_id if side == Side.startup else c.startup_org_id]
        rows.append(CommissionRow(c, side, other, content.resolve(texts[c.request_id].get("title", {}), locale),
                                  *counts[c.id]))
    return rows


def commission_of_milestone(session: Session, milestone_id: int) -> int | None:
    """The commission a milestone belongs to (for redirects)."""
    milestone = session.get(Milestone, milestone_id)
    return milestone.commission_id if milestone is not None else None


def request_of_bid(session: Session, bid_id: int) -> int | None:
    """The request a bid belongs to (for redirects)."""
    bid = session.get(PrototypeBid, bid_id)
    return bid.request_id if bid is not None else None


def request_of_question(session: Session, question_id: int) -> int | None:
    """The request a question belongs to (for redirects)."""
    question = session.get(PrototypeQuestion, question_id)
    return question.request_id if question is not None else None
