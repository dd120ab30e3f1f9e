"""Tables of ordering: cart items, orders, their lines and status events, payment terms, reviews and samples.

There is ONE order table for every way of buying: checkout of the cart (one order per maker), an accepted quote
(``kind = quote``, at the quote's price and currency, linked to its RFQ and quote) and a sample order
(``kind = sample``). Every order moves through the same :data:`ORDER_TRANSITIONS`, each step a conditional
UPDATE (:func:`market.transitions.apply_transition`), and is paid according to its payment terms
(:class:`PaymentTerms`): in full before the maker confirms, a deposit first and the balance before shipment, or
on an invoice at shipment due after 30 or 60 days (buyers an admin approved, :class:`NetTermsApproval`).

Catalogue prices are integer won at the list price with quantity tiers applied; a quote order also keeps the
negotiated total in the quote's currency (``quoted_total`` in ``display_currency``), which is what the buyer pays.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class OrderStatus(enum.StrEnum):
    """Where a wholesale order stands."""

    awaiting_payment = "awaiting_payment"  # placed; the full price or the deposit is due before confirmation
    placed = "placed"  # placed with nothing due before confirmation (net terms: invoiced at shipment)
    paid = "paid"  # placed, and the full price or the deposit was received
    confirmed = "confirmed"
    in_production = "in_production"
    shipped = "shipped"
    delivered = "delivered"
    cancelled = "cancelled"


class OrderRole(enum.StrEnum):
    """The two parties of an order (and the payments feature, which marks orders paid)."""

    buyer = "buyer"
    maker = "maker"
    payments = "payments"


_BUYER_OR_MAKER = frozenset({OrderRole.buyer, OrderRole.maker})

# (from, to) → the party (or parties) allowed to make that step. Only the payments feature moves awaiting_payment
# → paid (when the full price or the deposit is in); the maker confirms paid orders, and orders placed on net
# terms. Shipping also needs the balance paid under deposit terms (checked by the service, not the table). Either
# side may call off an order the maker has not confirmed yet; the buyer may still cancel a confirmed one. What
# was paid is refunded in full by the payments feature; later refunds are staff's, and a full refund before the
# order ships cancels it (the payments feature's step; afterwards a refund is only recorded). The buyer may say
# a shipped order arrived, as may the maker.
ORDER_TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], OrderRole | frozenset[OrderRole]] = {
    (OrderStatus.awaiting_payment, OrderStatus.paid): OrderRole.payments,
    (OrderStatus.paid, OrderStatus.confirmed): OrderRole.maker,
    (OrderStatus.placed, OrderStatus.confirmed): OrderRole.maker,
    (OrderStatus.confirmed, OrderStatus.in_production): OrderRole.maker,
    (OrderStatus.in_production, OrderStatus.shipped): OrderRole.maker,
    (OrderStatus.shipped, OrderStatus.delivered): _BUYER_OR_MAKER,
    (OrderStatus.awaiting_payment, OrderStatus.cancelled): _BUYER_OR_MAKER,
    (OrderStatus.placed, OrderStatus.cancelled): _BUYER_OR_MAKER,
    (OrderStatus.paid, OrderStatus.cancelled): frozenset({OrderRole.buyer, OrderRole.maker, OrderRole.payments}),
    (OrderStatus.confirmed, OrderStatus.cancelled): frozenset({OrderRole.buyer, OrderRole.payments}),
    (OrderStatus.in_production, OrderStatus.cancelled): OrderRole.payments,
}


class OrderKind(enum.StrEnum):
    """How an order came to be: checkout of the cart, an accepted quote, or a sample before the bulk order."""

    wholesale = "wholesale"
    quote = "quote"
    sample = "sample"


class PaymentTerms(enum.StrEnum):
    """How an order is paid: in full before confirmation, a deposit then the balance before shipment, or on an
    invoice sent at shipment and due ``net_days`` later (only for buyers an admin approved)."""

    prepaid = "prepaid"
    deposit = "deposit"
    net = "net"


NET_DAYS = (30, 60)

_STATUSES = ", ".join(f"'{s.value}'" for s in OrderStatus)
_TERMS = ", ".join(f"'{t.value}'" for t in PaymentTerms)


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class CartItem(SQLModel, table=True):
    """A product and quantity in a user's cart; the price is worked out when shown and again at checkout."""

    __tablename__ = "cart_items"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "product_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", index=True, ondelete="CASCADE")
    quantity: int
    added_at: dt.datetime = _timestamp()


class WholesaleOrder(SQLModel, table=True):
    """A buyer organisation's order to one maker (from the cart, a quote or a sample offer), at list prices in won
    with the rate the buyer saw, or at the quote's total in its currency; paid along its payment terms."""

    __tablename__ = "wholesale_orders"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_STATUSES})", name="status"),
        sa.CheckConstraint(f"payment_terms IN ({_TERMS})", name="payment_terms"),
        sa.CheckConstraint("deposit_percent IS NULL OR (deposit_percent >= 1 AND deposit_percent <= 99)",
                           name="deposit_percent_range"),
        sa.Index("ix_wholesale_orders_maker_org_id_status", "maker_org_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    buyer_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    maker_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    placed_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    status: OrderStatus = Field(default=OrderStatus.awaiting_payment, sa_type=sa.String(24), nullable=False)
    currency: str = Field(default="KRW", max_length=3)
    subtotal_krw: int = Field(ge=0)
    display_currency: str = Field(default="KRW", max_length=3)
    display_rate: Decimal | None = Field(default=None, sa_type=sa.Numeric(18, 6))
    shipping_address: str = Field(sa_type=sa.Text)
    shipping_country: str = Field(max_length=2)
    note: str | None = Field(default=None, sa_type=sa.Text)
    carrier: str | None = Field(default=None, max_length=80)
    tracking_number: str | None = Field(default=None, max_length=80)
    kind: OrderKind = Field(default=OrderKind.wholesale, sa_type=sa.String(16), nullable=False)
    rfq_id: int | None = Field(default=None, foreign_key="rfqs.id", index=True, ondelete="SET NULL")
    quote_id: int | None = Field(default=None, foreign_key="rfq_quotes.id", ondelete="SET NULL",
                                 sa_column_kwargs={"unique": True})
    quoted_total: Decimal | None = Field(default=None, sa_type=sa.Numeric(20, 2))  # in display_currency
    payment_terms: PaymentTerms = Field(default=PaymentTerms.prepaid, sa_type=sa.String(16), nullable=False)
    deposit_percent: int | None = None
    net_days: int | None = None
    balance_due_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)  # net terms: set at shipment
    # The shipping estimate shown at checkout (never charged): the incoterm, the carriage in won (0 when the
    # maker's free shipping applied), the import duties and taxes in won, and the date and source of the rate.
    incoterm: str | None = Field(default=None, max_length=3)
    shipping_estimate_krw: int | None = None
    duties_estimate_krw: int | None = None
    free_shipping: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    estimate_set_on: dt.date | None = None
    estimate_source: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class WholesaleOrderLine(SQLModel, table=True):
    """One product of an order, with the unit price and title as they were when the order was placed."""

    __tablename__ = "wholesale_order_lines"
    __table_args__ = (sa.CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="wholesale_orders.id", index=True, ondelete="CASCADE")
    product_id: int | None = Field(default=None, foreign_key="products.id", index=True, ondelete="SET NULL")
    title: str = Field(max_length=300)
    title_locale: str = Field(max_length=16)
    quantity: int
    unit_price_krw: int = Field(ge=0)
    line_total_krw: int = Field(ge=0)


class WholesaleOrderEvent(SQLModel, table=True):
    """One status change of an order: who made it, when, from and to which status, with an optional note."""

    __tablename__ = "wholesale_order_events"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="wholesale_orders.id", index=True, ondelete="CASCADE")
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    from_status: str | None = Field(default=None, max_length=24)
    to_status: str = Field(max_length=24)
    note: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class MakerOrderTerms(SQLModel, table=True):
    """The payment terms a maker sets for its wholesale (cart) orders; prepaid when it has set none. Net terms
    apply only to buyers an admin approved; others prepay."""

    __tablename__ = "maker_order_terms"
    __table_args__ = (sa.CheckConstraint(f"payment_terms IN ({_TERMS})", name="payment_terms"),)

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    payment_terms: PaymentTerms = Field(default=PaymentTerms.prepaid, sa_type=sa.String(16), nullable=False)
    deposit_percent: int | None = None
    net_days: int | None = None
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: dt.datetime = _timestamp()


class NetTermsApproval(SQLModel, table=True):
    """A buyer organisation an admin allowed to pay on invoice, up to ``max_days`` after shipment."""

    __tablename__ = "net_terms_approvals"

    buyer_org_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    max_days: int = Field(default=60)
    approved_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    approved_at: dt.datetime = _timestamp()


class OrderReview(SQLModel, table=True):
    """The buyer's rating (1–5) and review of the maker after a delivered order; one per order."""

    __tablename__ = "order_reviews"
    __table_args__ = (sa.CheckConstraint("score >= 1 AND score <= 5", name="score_range"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="wholesale_orders.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    maker_org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    buyer_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    score: int
    comment: str = Field(default="", sa_type=sa.Text)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class ProductSample(SQLModel, table=True):
    """A product's sample offer: ``quantity`` pieces (one, or a small lot) at ``unit_price_krw`` each, ordered
    without the product's MOQ before a bulk order."""

    __tablename__ = "product_samples"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_price_krw >= 0", name="price_not_negative"),
    )

    product_id: int = Field(foreign_key="products.id", primary_key=True, ondelete="CASCADE")
    quantity: int = Field(default=1)
    unit_price_krw: int
    updated_at: dt.datetime = _timestamp()


# --- shipping and returns ----------------------------------------------------------------------------------------

SHIPPING_BASES = ("weight", "value")


class MakerShippingPolicy(SQLModel, table=True):
    """A maker's free-shipping threshold (an order subtotal in won from which the maker pays the carriage) and
    returns policy (days after delivery within which returns are accepted; None: no returns except defects). A
    note on returns in the maker's words lives in :mod:`i18n.content` (entity ``maker_policy``)."""

    __tablename__ = "maker_shipping_policies"
    __table_args__ = (
        sa.CheckConstraint("free_shipping_from_krw IS NULL OR free_shipping_from_krw > 0",
                           name="free_shipping_positive"),
        sa.CheckConstraint("returns_days IS NULL OR (returns_days >= 1 AND returns_days <= 365)",
                           name="returns_days_range"),
    )

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    free_shipping_from_krw: int | None = None
    returns_days: int | None = None
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: dt.datetime = _timestamp()


class ShippingRate(SQLModel, table=True):
    """One row of the admin-kept table of shipping estimates: for a destination (a country's ISO code, ``EU``, a
    continent's UN M49 code or ``001`` for the world) and a band of the shipment's weight in grams or of the
    order's value in won (``band_min`` inclusive, ``band_max`` exclusive, open-ended when None), the shipping cost
    in won and the import duties and taxes as a percent of the goods' value; with the day it was set and its
    source. Every figure it gives is an estimate."""

    __tablename__ = "shipping_rates"
    __table_args__ = (
        sa.CheckConstraint("basis IN ('weight', 'value')", name="basis"),
        sa.CheckConstraint("band_min >= 0", name="band_min_not_negative"),
        sa.CheckConstraint("band_max IS NULL OR band_max > band_min", name="band_order"),
        sa.CheckConstraint("shipping_krw >= 0", name="shipping_not_negative"),
        sa.CheckConstraint("duty_percent >= 0 AND duty_percent <= 100", name="duty_percent_range"),
        sa.Index("ix_shipping_rates_destination_basis", "destination", "basis"),
    )

    id: int | None = Field(default=None, primary_key=True)
    destination: str = Field(max_length=3)
    basis: str = Field(max_length=8)
    band_min: int = 0
    band_max: int | None = None
    shipping_krw: int
    duty_percent: Decimal = Field(sa_type=sa.Numeric(5, 2))
    set_on: dt.date
    source: str = Field(max_length=200)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: dt.datetime = _timestamp()
