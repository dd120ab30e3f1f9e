"""Tables of the 3D jewelry market: metals with dated prices, finishes, workshops, analysed mesh files (one per
file hash), customers' designs, stored quotes, orders with their status events and photos.

An order's status moves only through :data:`ORDER_TRANSITIONS`, each step applied by
:func:`market.transitions.apply_transition` from :mod:`market.jewelry.services.orders`.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class JewelryMetal(SQLModel, table=True):
    """A casting alloy the market offers: its density and the thinnest wall a workshop casts in it."""

    __tablename__ = "jewelry_metals"

    code: str = Field(primary_key=True, max_length=32)
    density_g_cm3: Decimal = Field(sa_type=sa.Numeric(6, 3))
    min_wall_mm: Decimal = Field(sa_type=sa.Numeric(4, 2))
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)


class JewelryMetalPrice(SQLModel, table=True):
    """The price of one gram of a metal from a date on (the newest price not in the future applies)."""

    __tablename__ = "jewelry_metal_prices"
    __table_args__ = (sa.UniqueConstraint("metal_code", "effective_on"),
                      sa.CheckConstraint("price_krw_per_gram > 0", name="price_positive"))

    id: int | None = Field(default=None, primary_key=True)
    metal_code: str = Field(foreign_key="jewelry_metals.code", max_length=32, index=True, ondelete="CASCADE")
    price_krw_per_gram: int
    effective_on: dt.date
    created_at: dt.datetime = _timestamp()
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class JewelryFinish(SQLModel, table=True):
    """A surface finish: a fixed fee per piece plus a fee per square centimetre of surface."""

    __tablename__ = "jewelry_finishes"

    code: str = Field(primary_key=True, max_length=32)
    base_krw: int = Field(default=0, ge=0)
    per_cm2_krw: int = Field(default=0, ge=0)
    sort_order: int = Field(default=0)
    active: bool = Field(default=True)
    updated_at: dt.datetime = _timestamp()
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class JewelryWorkshop(SQLModel, table=True):
    """A maker organisation that casts designs: the metals it works and how many orders it takes at once."""

    __tablename__ = "jewelry_workshops"

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    metals: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    capacity: int = Field(default=5, ge=0)
    accepting: bool = Field(default=True)
    lead_time_days: int = Field(default=14, ge=1)
    updated_at: dt.datetime = _timestamp()


class AnalysisStatus(enum.StrEnum):
    """Where the analysis of an uploaded file stands."""

    pending = "pending"
    analysed = "analysed"
    failed = "failed"


class MeshAnalysis(SQLModel, table=True):
    """One uploaded file, stored once per SHA-256, with its analysis in the file's own units (``result``), the
    viewer's GLB and a thumbnail. Designs of any customer that upload the same bytes share it."""

    __tablename__ = "jewelry_mesh_analyses"
    __table_args__ = (sa.CheckConstraint("status IN ('pending', 'analysed', 'failed')", name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    format: str = Field(max_length=8)
    size_bytes: int
    triangles: int
    declared_unit: str | None = Field(default=None, max_length=16)
    storage_key: str = Field(max_length=200)
    status: AnalysisStatus = Field(default=AnalysisStatus.pending, sa_type=sa.String(16), nullable=False)
    progress: int = Field(default=0)
    stage: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, sa_type=sa.Text)
    result: dict | None = Field(default=None, sa_type=sa.JSON)
    glb_key: str | None = Field(default=None, max_length=200)
    thumbnail_key: str | None = Field(default=None, max_length=200)
    duration_ms: int | None = None
    created_at: dt.datetime = _timestamp()
    analysed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class JewelryDesign(SQLModel, table=True):
    """A customer's design: a name, the uploaded file's analysis and the unit the customer drew it in (files
    that declare their own unit use it instead: ``mm_per_unit`` is what applies). A visitor's design has no
    owner yet but the key of the browser's session (``guest_key``) until they sign up and claim it."""

    __tablename__ = "jewelry_designs"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int | None = Field(default=None, foreign_key="users.id", index=True, ondelete="CASCADE")
    guest_key: str | None = Field(default=None, max_length=64, index=True)
    analysis_id: int = Field(foreign_key="jewelry_mesh_analyses.id", index=True, ondelete="RESTRICT")
    name: str = Field(max_length=120)
    filename: str = Field(max_length=160)
    unit: str = Field(max_length=16)
    mm_per_unit: float
    # When the customer confirmed a size that looks implausible for jewelry (until then it cannot be quoted).
    size_confirmed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()


class JewelryQuote(SQLModel, table=True):
    """A priced set of choices for a design, kept with every figure it used; valid until ``valid_until``.

    ``lines`` holds ``{"code", "params", "amount_krw", "amount"}`` (amount as a decimal string in ``currency``);
    the same inputs within the validity give back the same row (``input_key``)."""

    __tablename__ = "jewelry_quotes"
    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),
                      sa.Index("ix_jewelry_quotes_customer_id_input_key", "customer_id", "input_key"))

    id: int | None = Field(default=None, primary_key=True)
    design_id: int = Field(foreign_key="jewelry_designs.id", index=True, ondelete="CASCADE")
    customer_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    input_key: str = Field(max_length=64)
    metal_code: str = Field(foreign_key="jewelry_metals.code", max_length=32)
    finish_code: str = Field(foreign_key="jewelry_finishes.code", max_length=32)
    prototype: str = Field(max_length=16)
    ring_system: str | None = Field(default=None, max_length=4)
    ring_value: str | None = Field(default=None, max_length=8)
    ring_before_mm: float | None = None
    ring_after_mm: float | None = None
    shipping_country: str | None = Field(default=None, max_length=2)
    stones: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    quantity: int
    currency: str = Field(max_length=3)
    rate_krw_per_unit: Decimal = Field(sa_type=sa.Numeric(18, 6))
    rate_date: dt.date | None = None
    metal_price_krw_per_gram: int
    metal_weight_g: Decimal = Field(sa_type=sa.Numeric(10, 3))
    volume_mm3: float
    area_mm2: float
    lines: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    total: Decimal = Field(sa_type=sa.Numeric(16, 2))
    total_krw: int = Field(ge=0)
    warnings: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()
    valid_until: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)


class JewelryOrderStatus(enum.StrEnum):
    """Where a jewelry order stands."""

    awaiting_payment = "awaiting_payment"
    paid = "paid"
    prototyping = "prototyping"
    prototype_ready = "prototype_ready"
    revision_requested = "revision_requested"
    approved = "approved"
    in_production = "in_production"
    quality_check = "quality_check"
    shipped = "shipped"
    delivered = "delivered"
    cancelled = "cancelled"


class JewelryRole(enum.StrEnum):
    """Who may move an order: its customer, its workshop, the payments service, platform staff."""

    customer = "customer"
    workshop = "workshop"
    payments = "payments"
    staff = "staff"


S, R = JewelryOrderStatus, JewelryRole
# (from, to) → the parties allowed to make that step.
ORDER_TRANSITIONS: dict[tuple[JewelryOrderStatus, JewelryOrderStatus], frozenset[JewelryRole]] = {
    (S.awaiting_payment, S.paid): frozenset({R.payments}),
    (S.awaiting_payment, S.cancelled): frozenset({R.customer, R.workshop, R.staff}),
    (S.paid, S.prototyping): frozenset({R.workshop}),
    (S.paid, S.cancelled): frozenset({R.customer, R.staff, R.payments}),
    (S.prototyping, S.prototype_ready): frozenset({R.workshop}),
    (S.prototyping, S.cancelled): frozenset({R.customer, R.staff, R.payments}),
    (S.prototype_ready, S.approved): frozenset({R.customer}),
    (S.prototype_ready, S.revision_requested): frozenset({R.customer}),
    (S.prototype_ready, S.cancelled): frozenset({R.customer, R.staff, R.payments}),
    (S.revision_requested, S.prototyping): frozenset({R.workshop}),
    (S.revision_requested, S.cancelled): frozenset({R.customer, R.staff, R.payments}),
    (S.approved, S.in_production): frozenset({R.workshop}),
    (S.approved, S.cancelled): frozenset({R.staff, R.payments}),
    (S.in_production, S.quality_check): frozenset({R.workshop}),
    (S.in_production, S.cancelled): frozenset({R.staff, R.payments}),
    (S.quality_check, S.in_production): frozenset({R.workshop}),
    (S.quality_check, S.shipped): frozenset({R.workshop}),
    (S.shipped, S.delivered): frozenset({R.customer, R.workshop}),
}
del S, R

_STATUSES = ", ".join(f"'{s.value}'" for s in JewelryOrderStatus)


class JewelryOrder(SQLModel, table=True):
    """A customer's order of a quoted design from one workshop: prototype, then production, then shipping."""

    __tablename__ = "jewelry_orders"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        sa.Index("ix_jewelry_orders_workshop_org_id_status", "workshop_org_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="jewelry_quotes.id", sa_column_kwargs={"unique": True}, nullable=False,
                          ondelete="RESTRICT")
    customer_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    workshop_org_id: int = Field(foreign_key="organizations.id", ondelete="RESTRICT")
    status: JewelryOrderStatus = Field(default=JewelryOrderStatus.awaiting_payment, sa_type=sa.String(24),
                                       nullable=False)
    currency: str = Field(max_length=3)
    total: Decimal = Field(sa_type=sa.Numeric(16, 2))
    total_krw: int = Field(ge=0)
    prototype_fee_krw: int = Field(default=0, ge=0)
    shipping_address: str = Field(sa_type=sa.Text)
    shipping_country: str = Field(max_length=2)
    revisions: int = Field(default=0)
    carrier: str | None = Field(default=None, max_length=80)
    tracking_number: str | None = Field(default=None, max_length=80)
    customer_reference: str | None = Field(default=None, max_length=80)
    refund_due_krw: int | None = Field(default=None, ge=0)
    refunded_minor: int = Field(default=0, ge=0)
    paid_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class JewelryOrderEvent(SQLModel, table=True):
    """One step of an order's timeline: who, when, from and to which status, with a note."""

    __tablename__ = "jewelry_order_events"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="jewelry_orders.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    role: str = Field(max_length=16)
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str | None = Field(default=None, max_length=24)
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class JewelryOrderPhoto(SQLModel, table=True):
    """A photo the workshop took of the prototype or the finished piece (cleaned WEBP, two sizes)."""

    __tablename__ = "jewelry_order_photos"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="jewelry_orders.id", index=True, ondelete="CASCADE")
    stage: str = Field(max_length=24)
    web_key: str = Field(max_length=200)
    thumb_key: str = Field(max_length=200)
    width: int
    height: int
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
