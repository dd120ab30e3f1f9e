"""Tables of requests for quote: the RFQ (alone, or one of a batch sent to several makers at once), its
attachments, quotes and messages, and makers' policies. An accepted quote becomes an order of the one order
table (:mod:`market.orders`), at the quote's price, currency and payment terms.

Negotiated amounts keep the currency they were made in (``Decimal`` + ISO code), unlike catalogue prices,
which are integer won. The RFQ's status moves only through :data:`RFQ_TRANSITIONS` and a quote's through
:data:`QUOTE_TRANSITIONS`, each step a conditional UPDATE (:func:`market.transitions.apply_transition`).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow

INCOTERMS = ("EXW", "FOB", "CIF", "DAP", "DDP")


class RfqStatus(enum.StrEnum):
    """Where a request for quote stands."""

    open = "open"
    quoted = "quoted"
    declined = "declined"
    accepted = "accepted"
    closed = "closed"  # the buyer accepted another maker's quote on the same batch


class QuoteStatus(enum.StrEnum):
    """An offered quote is accepted, superseded when another is accepted, or withdrawn by a decline."""

    offered = "offered"
    accepted = "accepted"
    superseded = "superseded"
    withdrawn = "withdrawn"


class Side(enum.StrEnum):
    """The two parties of an RFQ."""

    buyer = "buyer"
    maker = "maker"


class DeclineReason(enum.StrEnum):
    """Why a maker declines (a fixed list, so makers can be compared and buyers understand)."""

    capacity = "capacity"
    quantity = "quantity"
    price = "price"
    lead_time = "lead_time"
    capability = "capability"
    other = "other"


# (from, to) → the side allowed to make that step. Quoting again while quoted replaces nothing: it adds an offer.
RFQ_TRANSITIONS: dict[tuple[RfqStatus, RfqStatus], Side] = {
    (RfqStatus.open, RfqStatus.quoted): Side.maker,
    (RfqStatus.quoted, RfqStatus.quoted): Side.maker,
    (RfqStatus.open, RfqStatus.declined): Side.maker,
    (RfqStatus.quoted, RfqStatus.declined): Side.maker,
    (RfqStatus.quoted, RfqStatus.accepted): Side.buyer,
    (RfqStatus.open, RfqStatus.closed): Side.buyer,
    (RfqStatus.quoted, RfqStatus.closed): Side.buyer,
}

# A quote's own step; when one is accepted, the other offers on the request are superseded and a decline
# withdraws them, both as set-wise updates beside the request's step.
QUOTE_TRANSITIONS: dict[tuple[QuoteStatus, QuoteStatus], Side] = {
    (QuoteStatus.offered, QuoteStatus.accepted): Side.buyer,
}


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class RfqBatch(SQLModel, table=True):
    """One request sent to several makers at once: each maker gets an RFQ of the batch, and the buyer compares
    their quotes side by side and accepts one."""

    __tablename__ = "rfq_batches"

    id: int | None = Field(default=None, primary_key=True)
    buyer_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class Rfq(SQLModel, table=True):
    """A buyer organisation's request for a price, on a product or to a maker."""

    __tablename__ = "rfqs"
    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'quoted', 'declined', 'accepted', 'closed')", name="status"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.Index("ix_rfqs_maker_org_id_status", "maker_org_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    buyer_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="products.id", index=True, ondelete="SET NULL")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    quantity: int
    target_price: Decimal | None = Field(default=None, sa_type=sa.Numeric(18, 2))
    currency: str | None = Field(default=None, max_length=3)
    incoterm: str | None = Field(default=None, max_length=3)
    destination_country: str | None = Field(default=None, max_length=2)
    needed_by: dt.date | None = None
    message: str = Field(sa_type=sa.Text)
    # Vocabulary ids (i18n.vocabularies "materials"), then free texts: each party reads them in their language.
    materials: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # The payment terms the buyer can accept (i18n.vocabularies "payment_terms": T/T, L/C, net ...), ids then
    # free texts, read by the maker in their language; the quote then sets the order's terms.
    payment_terms: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    completeness: int = Field(default=0)
    status: RfqStatus = Field(default=RfqStatus.open, sa_type=sa.String(16), nullable=False)
    decline_reason: str | None = Field(default=None, max_length=20)
    decline_note: str | None = Field(default=None, sa_type=sa.Text)
    declined_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    first_response_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    batch_id: int | None = Field(default=None, foreign_key="rfq_batches.id", index=True, ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class RfqAttachment(SQLModel, table=True):
    """A drawing or photo sent with an RFQ, stored privately under a made-up name; sent only to the parties."""

    __tablename__ = "rfq_attachments"

    id: int | None = Field(default=None, primary_key=True)
    rfq_id: int = Field(foreign_key="rfqs.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=160)
    content_type: str = Field(max_length=40)
    size_bytes: int
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class RfqQuote(SQLModel, table=True):
    """A maker's offer on an RFQ, in the currency it was made in."""

    __tablename__ = "rfq_quotes"
    __table_args__ = (
        sa.CheckConstraint("status IN ('offered', 'accepted', 'superseded', 'withdrawn')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rfq_id: int = Field(foreign_key="rfqs.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    unit_price: Decimal = Field(sa_type=sa.Numeric(18, 2))
    currency: str = Field(max_length=3)
    lead_time_days: int
    valid_until: dt.date
    terms: str = Field(default="", sa_type=sa.Text)
    # The payment terms the order will have (see market.orders.models.PaymentTerms): prepaid, deposit (with its
    # percentage) or net (30/60 days, for buyers an admin approved).
    payment_terms: str = Field(default="prepaid", max_length=16)
    deposit_percent: int | None = None
    net_days: int | None = None
    status: QuoteStatus = Field(default=QuoteStatus.offered, sa_type=sa.String(16), nullable=False)
    created_at: dt.datetime = _timestamp()
    accepted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class RfqMessage(SQLModel, table=True):
    """One message in an RFQ's thread, from one side."""

    __tablename__ = "rfq_messages"

    id: int | None = Field(default=None, primary_key=True)
    rfq_id: int = Field(foreign_key="rfqs.id", index=True, ondelete="CASCADE")
    author_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    side: Side = Field(sa_type=sa.String(8), nullable=False)
    body: str = Field(sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class RfqPolicy(SQLModel, table=True):
    """What a maker accepts: the smallest quantity and the least complete request it wants to receive."""

    __tablename__ = "rfq_policies"

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    min_quantity: int = Field(default=1)
    min_completeness: int = Field(default=0)
    updated_at: dt.datetime = _timestamp()
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class RfqDraft(SQLModel, table=True):
    """A request for quote the buyer has not sent yet: what they typed (``fields``, as the form holds it) and the
    files they attached, stored privately (``attachments``: ``storage_key``, ``filename``, ``content_type``,
    ``size_bytes``) so a page that comes back (the completeness check, a refused field) never drops them. Only
    its author sees it; it is deleted, files and all, when the request is sent or the buyer deletes it."""

    __tablename__ = "rfq_drafts"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="products.id", ondelete="SET NULL")
    fields: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    attachments: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
