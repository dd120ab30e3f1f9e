"""What the request and commission pages show the viewer (the API answers the same read models), and what the
viewer may do there."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, select

from i18n import content
from i18n.locales import DEFAULT_LOCALE
from market.accounts.models import Organization, User
from market.prototypes.models import (
    ENTITY,
    BidStatus,
    ChangeOrder,
    ChangeStatus,
    Commission,
    CommissionEvent,
    CommissionMessage,
    CommissionMessageFile,
    CommissionStatus,
    DeliveryFile,
    Milestone,
    MilestoneDelivery,
    MilestoneStatus,
    NdaAcceptance,
    PrototypeBid,
    PrototypeFile,
    PrototypeInvite,
    PrototypeMessage,
    PrototypeQuestion,
    PrototypeRequest,
    Rating,
    Side,
)
from market.prototypes.services.access import (
    can_see_files,
    commission_side,
    get_commission,
    get_request,
    maker_organizations,
    nda_orgs,
    org_ids,
    visible,
)
from market.prototypes.services.base import not_found, request_state
from market.prototypes.services.milestones import delivery_blocker, funding_blocker
from market.prototypes.services.ratings import can_edit, rating_summaries
from market.prototypes.services.thread import thread_of


@dataclasses.dataclass
class BidView:
    """A bid as the startup compares it: its maker, cluster, rating and plan."""

    bid: PrototypeBid
    maker: Organization
    rating: tuple[float | None, int]


@dataclasses.dataclass
class QuestionView:
    """A public question, its asker and its answer."""

    question: PrototypeQuestion
    maker: Organization


@dataclasses.dataclass
class Thread:
    """The private messages between the startup and one maker."""

    maker: Organization
    messages: list[PrototypeMessage]


@dataclasses.dataclass
class RequestDetail:
    """Everything the request page shows the viewer, and what the viewer may do."""

    request: PrototypeRequest
    startup: Organization
    title: content.LocalizedText | None
    description: content.LocalizedText | None
    texts: dict
    state: str
    is_startup: bool
    maker_orgs: list[Organization]
    nda_accepted: set[int]
    files: list[PrototypeFile]
    file_count: int
    files_visible: bool
    questions: list[QuestionView]
    own_bids: list[PrototypeBid]
    bids: list[BidView]
    invites: list[tuple[PrototypeInvite, Organization]]
    threads: list[Thread]
    commission: Commission | None

    @property
    def is_maker(self) -> bool:
        return bool(self.maker_orgs)

    @property
    def can_bid(self) -> bool:
        return self.is_maker and not self.is_startup and self.state == "open"

    @property
    def needs_nda(self) -> bool:
        """A maker viewer that must accept the NDA before it sees files, bids or writes privately."""
        return self.is_maker and self.request.nda_required and not self.nda_accepted

    @property
    def own_bid(self) -> PrototypeBid | None:
        return self.own_bids[0] if self.own_bids else None

    @property
    def lowest_price(self) -> int | None:
        prices = [b.bid.price_krw for b in self.bids if b.bid.status == BidStatus.open]
        return min(prices) if prices else None


def request_detail(session: Session, user, request_id: int, locale: str = DEFAULT_LOCALE) -> RequestDetail:
    """The request page as the viewer sees it: public facts, Q&A; files only for those allowed (NDA); bids to
    compare, invitations and threads for the startup; its own bid and thread for a maker. Refuses (not_found)
    requests that are not open to anyone but the startup, the makers involved and staff."""
    req = get_request(session, request_id)
    if not visible(session, user, req):
        raise not_found()
    own = org_ids(session, user)
    is_startup = req.startup_org_id in own
    maker_orgs = [] if is_startup else maker_organizations(session, user)
    maker_ids = {m.id for m in maker_orgs}
    texts = content.load_texts(session, ENTITY, [req.id])[req.id]
    files = list(session.exec(select(PrototypeFile).where(PrototypeFile.request_id == req.id)
                              .order_by(PrototypeFile.id)))
    files_visible = can_see_files(session, user, req)
    question_rows = session.exec(select(PrototypeQuestion, Organization)
                                 .join(Organization, Organization.id == PrototypeQuestion.maker_org_id)
                                 .where(PrototypeQuestion.request_id == req.id)
                                 .order_by(PrototypeQuestion.created_at, PrototypeQuestion.id))
    bids: list[BidView] = []
    invites: list[tuple[PrototypeInvite, Organization]] = []
    own_bids: list[PrototypeBid] = []
    if is_startup:
        rows = list(session.exec(select(PrototypeBid, Organization)
                                 .join(Organization, Organization.id == PrototypeBid.maker_org_id)
                                 .where(PrototypeBid.request_id == req.id)
                                 .order_by(PrototypeBid.price_krw, PrototypeBid.id)))
        ratings = rating_summaries(session, [o.id for _b, o in rows])
        bids = [BidView(b, o, ratings.get(o.id, (None, 0))) for b, o in rows]
        invites = [tuple(r) for r in session.exec(
            select(PrototypeInvite, Organization).join(Organization, Organization.id == PrototypeInvite.maker_org_id)
            .where(PrototypeInvite.request_id == req.id).order_by(PrototypeInvite.created_at))]
    elif maker_ids:
        own_bids = list(session.exec(select(PrototypeBid).where(PrototypeBid.request_id == req.id,
                                                                PrototypeBid.maker_org_id.in_(maker_ids))))
    threads: list[Thread] = []
    if is_startup or maker_ids:
        query = select(PrototypeMessage).where(PrototypeMessage.request_id == req.id)
        if not is_startup:
            query = query.where(PrototypeMessage.maker_org_id.in_(maker_ids))
        seeds = set(maker_ids)
        if is_startup:
            # The startup may write first to any maker that accepted the NDA (or bid, when none is asked).
            seeds = set(session.exec(select(NdaAcceptance.maker_org_id).where(NdaAcceptance.request_id == req.id)))
            if not req.nda_required:
                seeds |= {b.bid.maker_org_id for b in bids}
        by_maker: dict[int, list[PrototypeMessage]] = {i: [] for i in seeds}
        for m in session.exec(query.order_by(PrototypeMessage.created_at, PrototypeMessage.id)):
            by_maker.setdefault(m.maker_org_id, []).append(m)
        orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(set(by_maker) or {0})))}
        threads = [Thread(orgs[i], by_maker[i]) for i in sorted(by_maker, key=lambda i: orgs[i].name)]
    commission = session.exec(select(Commission).where(Commission.request_id == req.id)).first()
    if commission is not None and commission_side(session, user, commission) is None:
        commission = None
    return RequestDetail(
        request=req, startup=session.get(Organization, req.startup_org_id),
        title=content.resolve(texts.get("title", {}), locale),
        description=content.resolve(texts.get("description", {}), locale), texts=texts,
        state=request_state(req), is_startup=is_startup, maker_orgs=maker_orgs,
        nda_accepted=nda_orgs(session, req, maker_ids), files=files if files_visible else [], file_count=len(files),
        files_visible=files_visible, questions=[QuestionView(q, o) for q, o in question_rows], own_bids=own_bids,
        bids=bids, invites=invites, threads=threads, commission=commission)


@dataclasses.dataclass
class DeliveryView:
    """A delivery with its files."""

    delivery: MilestoneDelivery
    files: list[DeliveryFile]


@dataclasses.dataclass
class MilestoneView:
    """A milestone with its deliveries (newest first)."""

    milestone: Milestone
    deliveries: list[DeliveryView]


@dataclasses.dataclass
class CommissionDetail:
    """A commission's page: both sides, its milestones, its timeline, ratings, and what the viewer may do."""

    commission: Commission
    side: Side
    request: PrototypeRequest
    title: content.LocalizedText | None
    startup: Organization
    maker: Organization
    bid: PrototypeBid
    milestones: list[MilestoneView]
    events: list[tuple[CommissionEvent, User | None]]
    ratings: list[Rating]
    thread: list[tuple[CommissionMessage, list[CommissionMessageFile]]]
    changes: list[ChangeOrder]
    # Milestones that may be funded / delivered now (the earlier ones are far enough), by id.
    fundable: set[int]
    deliverable: set[int]

    @property
    def milestones_by_id(self) -> dict[int, Milestone]:
        return {v.milestone.id: v.milestone for v in self.milestones}

    @property
    def changes_by_id(self) -> dict[int, ChangeOrder]:
        return {c.id: c for c in self.changes}

    @property
    def open_change(self) -> ChangeOrder | None:
        return next((c for c in self.changes if c.status == ChangeStatus.proposed), None)

    def org_name(self, side) -> str:
        """The name of one side's organisation."""
        return self.startup.name if side == Side.startup else self.maker.name

    def other_name(self, side) -> str:
        """The name of the organisation on the other side."""
        return self.maker.name if side == Side.startup else self.startup.name

    @property
    def paid_krw(self) -> int:
        return sum(v.milestone.amount_krw for v in self.milestones
                   if v.milestone.status in (MilestoneStatus.funded, MilestoneStatus.delivered,
                                             MilestoneStatus.rejected, MilestoneStatus.approved))

    @property
    def approved_krw(self) -> int:
        return sum(v.milestone.amount_krw for v in self.milestones if v.milestone.status == MilestoneStatus.approved)

    @property
    def own_rating(self) -> Rating | None:
        return next((r for r in self.ratings if r.side == self.side), None)

    @property
    def can_rate(self) -> bool:
        """A first rating once completed, or a change within the editing week."""
        return self.commission.status == CommissionStatus.completed and (
            self.own_rating is None or can_edit(self.own_rating))


def commission_detail(session: Session, user, commission_id: int, locale: str = DEFAULT_LOCALE
                      ) -> CommissionDetail:
    """A commission for its two sides; refuses (not_found) everyone else."""
    commission, side = get_commission(session, user, commission_id)
    req = session.get(PrototypeRequest, commission.request_id)
    milestones = list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                                   .order_by(Milestone.position)))
    deliveries = list(session.exec(select(MilestoneDelivery).where(
        MilestoneDelivery.milestone_id.in_([m.id for m in milestones] or [0]))
        .order_by(MilestoneDelivery.created_at.desc(), MilestoneDelivery.id.desc())))
    delivery_files: dict[int, list[DeliveryFile]] = {}
    for f in session.exec(select(DeliveryFile).where(DeliveryFile.delivery_id.in_([d.id for d in deliveries] or [0]))
                          .order_by(DeliveryFile.id)):
        delivery_files.setdefault(f.delivery_id, []).append(f)
    views = [MilestoneView(m, [DeliveryView(d, delivery_files.get(d.id, [])) for d in deliveries
                               if d.milestone_id == m.id]) for m in milestones]
    events = [tuple(e) for e in session.exec(
        select(CommissionEvent, User).outerjoin(User, User.id == CommissionEvent.actor_id)
        .where(CommissionEvent.commission_id == commission.id)
        .order_by(CommissionEvent.created_at, CommissionEvent.id))]
    ratings = list(session.exec(select(Rating).where(Rating.commission_id == commission.id).order_by(Rating.id)))
    title = content.resolve(content.load_texts(session, ENTITY, [req.id])[req.id].get("title", {}), locale)
    changes = list(session.exec(select(ChangeOrder).where(ChangeOrder.commission_id == commission.id)
                                .order_by(ChangeOrder.created_at.desc(), ChangeOrder.id.desc())))
    fundable = {m.id for m in milestones
                if m.status == MilestoneStatus.awaiting_funding and funding_blocker(session, m) is None}
    deliverable = {m.id for m in milestones if m.status in (MilestoneStatus.funded, MilestoneStatus.rejected)
                   and delivery_blocker(session, m) is None}
    return CommissionDetail(commission, side, req, title, session.get(Organization, commission.startup_org_id),
                            session.get(Organization, commission.maker_org_id),
                            session.get(PrototypeBid, commission.bid_id), views, events, ratings,
                            thread_of(session, commission.id), changes, fundable, deliverable)
