"""Tables of prototype commissions: a startup's request (texts in :mod:`i18n.content`), its files, NDA
acceptances, invitations, public questions and private messages, makers' bids, the commission an award starts,
its milestones with their deliveries and files, the commission's timeline and the two sides' ratings.

Money is integer KRW. Statuses move only through the tables below (:data:`REQUEST_TRANSITIONS`,
:data:`BID_TRANSITIONS`, :data:`COMMISSION_TRANSITIONS`, :data:`MILESTONE_TRANSITIONS`, :data:`CHANGE_TRANSITIONS`),
each step one conditional UPDATE applied by :func:`market.transitions.apply_transition` from
:mod:`market.prototypes.services`.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow

ENTITY = "prototype_request"
TRANSLATABLE_FIELDS = ("title", "description")


class Category(enum.StrEnum):
    """What kind of prototype is asked for."""

    machine_metal = "machine_metal"
    enclosure = "enclosure"
    leather = "leather"
    textile = "textile"
    print = "print"
    jewelry = "jewelry"


class RequestStatus(enum.StrEnum):
    """Where a prototype request stands; "expired" is not stored: an open request past its award window."""

    open = "open"
    awarded = "awarded"
    completed = "completed"
    cancelled = "cancelled"


class BidStatus(enum.StrEnum):
    """A maker's bid: on offer, chosen, not chosen (another was, or the request was cancelled), withdrawn."""

    open = "open"
    awarded = "awarded"
    not_chosen = "not_chosen"
    withdrawn = "withdrawn"


class CommissionStatus(enum.StrEnum):
    """A commission runs from the award until its last milestone is approved."""

    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class MilestoneStatus(enum.StrEnum):
    """A milestone waits for its money, is funded (work may start), delivered, rejected back or approved."""

    awaiting_funding = "awaiting_funding"
    funded = "funded"
    delivered = "delivered"
    rejected = "rejected"
    approved = "approved"
    cancelled = "cancelled"


class SuggestionStatus(enum.StrEnum):
    """Whether a request's suggested makers are being looked for (in a job after posting), found or failed."""

    pending = "pending"
    ready = "ready"
    failed = "failed"


class ChangeStatus(enum.StrEnum):
    """A change order proposed by one side: waiting for the other, accepted, refused or withdrawn."""

    proposed = "proposed"
    accepted = "accepted"
    refused = "refused"
    withdrawn = "withdrawn"


class Side(enum.StrEnum):
    """The parties: the startup that asks, the maker that bids; payments funds milestones."""

    startup = "startup"
    maker = "maker"
    payments = "payments"


# (from, to) → the side allowed to make that step.
REQUEST_TRANSITIONS: dict[tuple[RequestStatus, RequestStatus], Side] = {
    (RequestStatus.open, RequestStatus.awarded): Side.startup,
    (RequestStatus.open, RequestStatus.cancelled): Side.startup,
    # The startup's approval of the last milestone completes the commission and its request.
    (RequestStatus.awarded, RequestStatus.completed): Side.startup,
}

# When one bid is awarded (or the request cancelled), the other open bids become "not chosen" all at once.
BID_TRANSITIONS: dict[tuple[BidStatus, BidStatus], Side] = {
    (BidStatus.open, BidStatus.open): Side.maker,  # a revised bid stays on offer
    (BidStatus.withdrawn, BidStatus.open): Side.maker,  # bidding again after withdrawing
    (BidStatus.open, BidStatus.withdrawn): Side.maker,
    (BidStatus.open, BidStatus.awarded): Side.startup,
}

COMMISSION_TRANSITIONS: dict[tuple[CommissionStatus, CommissionStatus], Side] = {
    (CommissionStatus.active, CommissionStatus.completed): Side.startup,
    (CommissionStatus.active, CommissionStatus.cancelled): {Side.startup, Side.maker},
}

# A change order is decided by the side that did not propose it ("other"), or withdrawn by its proposer ("own").
CHANGE_TRANSITIONS: dict[tuple[ChangeStatus, ChangeStatus], str] = {
    (ChangeStatus.proposed, ChangeStatus.accepted): "other",
    (ChangeStatus.proposed, ChangeStatus.refused): "other",
    (ChangeStatus.proposed, ChangeStatus.withdrawn): "own",
}

MILESTONE_TRANSITIONS: dict[tuple[MilestoneStatus, MilestoneStatus], Side] = {
    (MilestoneStatus.awaiting_funding, MilestoneStatus.funded): Side.payments,
    (MilestoneStatus.funded, MilestoneStatus.delivered): Side.maker,
    (MilestoneStatus.rejected, MilestoneStatus.delivered): Side.maker,
    (MilestoneStatus.delivered, MilestoneStatus.approved): Side.startup,
    (MilestoneStatus.delivered, MilestoneStatus.rejected): Side.startup,
    # A full refund of a milestone's money stops its work until it is funded again.
    (MilestoneStatus.funded, MilestoneStatus.awaiting_funding): Side.payments,
    (MilestoneStatus.rejected, MilestoneStatus.awaiting_funding): Side.payments,
    (MilestoneStatus.delivered, MilestoneStatus.awaiting_funding): Side.payments,
    # An accepted change order that drops an unfunded milestone cancels it (either side may have proposed it).
    (MilestoneStatus.awaiting_funding, MilestoneStatus.cancelled): {Side.payments, Side.startup, Side.maker},
}


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class PrototypeRequest(SQLModel, table=True):
    """A startup's request for a prototype; title and description live in ``content_translations``."""

    __tablename__ = "prototype_requests"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(RequestStatus)})", name="status"),
        sa.CheckConstraint(f"category IN ({_in(Category)})", name="category"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("budget_min_krw > 0 AND budget_max_krw >= budget_min_krw", name="budget_range"),
        sa.Index("ix_prototype_requests_status_deadline", "status", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    startup_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    category: Category = Field(sa_type=sa.String(20), nullable=False, index=True)
    cluster_code: str | None = Field(default=None, foreign_key="clusters.code", max_length=40, ondelete="SET NULL")
    quantity: int
    materials: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    budget_min_krw: int
    budget_max_krw: int
    deadline: dt.date  # the last day bids are taken
    nda_required: bool = Field(default=False)
    nda_version: str | None = Field(default=None, max_length=20)
    source_locale: str = Field(default="en", max_length=16)
    status: RequestStatus = Field(default=RequestStatus.open, sa_type=sa.String(16), nullable=False)
    # The suggested makers are looked for in a job after posting (it takes seconds); the page shows progress.
    suggestions_status: SuggestionStatus = Field(default=SuggestionStatus.pending, sa_type=sa.String(12),
                                                 nullable=False, sa_column_kwargs={"server_default": "pending"})
    suggestions_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
    closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class PrototypeFile(SQLModel, table=True):
    """A CAD file, drawing or image of a request, stored privately; NDA-protected when the request asks."""

    __tablename__ = "prototype_files"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=160)
    content_type: str = Field(max_length=60)
    size_bytes: int
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class NdaAcceptance(SQLModel, table=True):
    """A maker's acceptance of a request's NDA: who, when and which version of the text."""

    __tablename__ = "prototype_nda_acceptances"
    __table_args__ = (sa.UniqueConstraint("request_id", "maker_org_id", "nda_version"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    nda_version: str = Field(max_length=20)
    accepted_at: dt.datetime = _timestamp()


class PrototypeInvite(SQLModel, table=True):
    """A maker the startup invited to bid, with the suggestion's score and explanation when it came from one."""

    __tablename__ = "prototype_invites"
    __table_args__ = (sa.UniqueConstraint("request_id", "maker_org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    invited_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    score: float | None = None
    explanation: str = Field(default="", sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class PrototypeQuestion(SQLModel, table=True):
    """A maker's public question on a request and the startup's answer, shown to every visitor."""

    __tablename__ = "prototype_questions"

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    body: str = Field(sa_type=sa.Text)
    answer: str | None = Field(default=None, sa_type=sa.Text)
    answered_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    answered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()


class PrototypeMessage(SQLModel, table=True):
    """A private message between the startup and one maker (after that maker accepted the NDA)."""

    __tablename__ = "prototype_messages"
    __table_args__ = (sa.Index("ix_prototype_messages_request_id_maker_org_id", "request_id", "maker_org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    side: Side = Field(sa_type=sa.String(8), nullable=False)
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    body: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class PrototypeBid(SQLModel, table=True):
    """A maker's bid: one per maker and request, updated in place while open; the plan is ``[{title, amount_krw}]``."""

    __tablename__ = "prototype_bids"
    __table_args__ = (
        sa.UniqueConstraint("request_id", "maker_org_id"),
        sa.CheckConstraint(f"status IN ({_in(BidStatus)})", name="status"),
        sa.CheckConstraint("price_krw > 0", name="price_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    price_krw: int
    lead_time_days: int
    notes: str = Field(default="", sa_type=sa.Text)
    milestones: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    status: BidStatus = Field(default=BidStatus.open, sa_type=sa.String(16), nullable=False)
    revision: int = Field(default=1)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class Commission(SQLModel, table=True):
    """The work an award starts: one per request and per bid, at the bid's price."""

    __tablename__ = "prototype_commissions"
    __table_args__ = (sa.CheckConstraint(f"status IN ({_in(CommissionStatus)})", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", ondelete="CASCADE",
                            sa_column_kwargs={"unique": True})
    bid_id: int = Field(foreign_key="prototype_bids.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    startup_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    awarded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    price_krw: int
    lead_time_days: int
    status: CommissionStatus = Field(default=CommissionStatus.active, sa_type=sa.String(16), nullable=False)
    created_at: dt.datetime = _timestamp()
    completed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class Milestone(SQLModel, table=True):
    """One paid step of a commission; its money is collected before work starts and released on approval."""

    __tablename__ = "prototype_milestones"
    __table_args__ = (
        sa.UniqueConstraint("commission_id", "position"),
        sa.CheckConstraint(f"status IN ({_in(MilestoneStatus)})", name="status"),
        sa.CheckConstraint("amount_krw > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="prototype_commissions.id", index=True, ondelete="CASCADE")
    position: int
    title: str = Field(max_length=200)
    amount_krw: int
    status: MilestoneStatus = Field(default=MilestoneStatus.awaiting_funding, sa_type=sa.String(20),
                                    nullable=False)
    payment_id: int | None = None  # the payment that funded it (payments' id)
    funded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    delivered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    approved_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    released_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: dt.datetime = _timestamp()


class MilestoneDelivery(SQLModel, table=True):
    """What the maker delivered for a milestone (a note and files) and the startup's decision on it."""

    __tablename__ = "prototype_deliveries"

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="prototype_milestones.id", index=True, ondelete="CASCADE")
    delivered_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    note: str = Field(default="", sa_type=sa.Text)
    decision: str | None = Field(default=None, max_length=16)  # "approved" or "rejected"
    decision_comment: str | None = Field(default=None, sa_type=sa.Text)
    decided_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()


class DeliveryFile(SQLModel, table=True):
    """A photo or file of a delivery, stored privately; sent only to the commission's two sides."""

    __tablename__ = "prototype_delivery_files"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="prototype_deliveries.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=160)
    content_type: str = Field(max_length=60)
    size_bytes: int
    thumb_key: str | None = Field(default=None, max_length=255)  # a cleaned WEBP thumbnail of a photo
    created_at: dt.datetime = _timestamp()


class CommissionEvent(SQLModel, table=True):
    """One entry of a commission's timeline: award, funding, delivery, approval, rejection, refund, rating."""

    __tablename__ = "prototype_events"

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="prototype_commissions.id", index=True, ondelete="CASCADE")
    milestone_id: int | None = Field(default=None, foreign_key="prototype_milestones.id", ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    kind: str = Field(max_length=30)
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class Rating(SQLModel, table=True):
    """One side's rating of the other at the end of a commission (1–5 and a comment)."""

    __tablename__ = "prototype_ratings"
    __table_args__ = (
        sa.UniqueConstraint("commission_id", "rater_org_id"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
        sa.Index("ix_prototype_ratings_ratee_org_id_created_at", "ratee_org_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="prototype_commissions.id", ondelete="CASCADE")
    rater_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    ratee_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    side: Side = Field(sa_type=sa.String(8), nullable=False)  # the rater's side
    score: int
    comment: str = Field(default="", sa_type=sa.Text)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)  # last edit (within 7 days)


class PrototypeSuggestion(SQLModel, table=True):
    """A maker suggested for a request by the suggestions job, with its score and reasons (in the request's
    language), best first by ``position``."""

    __tablename__ = "prototype_suggestions"
    __table_args__ = (sa.UniqueConstraint("request_id", "maker_org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="prototype_requests.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    position: int
    score: float
    reasons: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()


class CommissionMessage(SQLModel, table=True):
    """A message of a commission's thread between the startup and the maker, with attachments."""

    __tablename__ = "prototype_commission_messages"

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="prototype_commissions.id", index=True, ondelete="CASCADE")
    side: Side = Field(sa_type=sa.String(8), nullable=False)
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    body: str = Field(default="", sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class CommissionMessageFile(SQLModel, table=True):
    """A file attached to a commission message, checked and stored privately; sent only to the two sides and
    staff."""

    __tablename__ = "prototype_commission_message_files"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="prototype_commission_messages.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=160)
    content_type: str = Field(max_length=60)
    size_bytes: int
    created_at: dt.datetime = _timestamp()


class ChangeOrder(SQLModel, table=True):
    """A change to a commission's price, lead time or milestones proposed by one side; the other accepts or
    refuses it. ``milestones`` is the whole new plan ``[{title, amount_krw}]`` (None: unchanged)."""

    __tablename__ = "prototype_change_orders"
    __table_args__ = (sa.CheckConstraint(f"status IN ({_in(ChangeStatus)})", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    commission_id: int = Field(foreign_key="prototype_commissions.id", index=True, ondelete="CASCADE")
    side: Side = Field(sa_type=sa.String(8), nullable=False)  # the proposer's side
    proposed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    price_krw: int | None = None
    lead_time_days: int | None = None
    milestones: list[dict] | None = Field(default=None, sa_type=sa.JSON)
    reason: str = Field(default="", sa_type=sa.Text)
    status: ChangeStatus = Field(default=ChangeStatus.proposed, sa_type=sa.String(12), nullable=False)
    decided_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_comment: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()
