"""Tables of wholesale ordering: cart items, orders (one per maker), their lines and their status events.

Prices are integer won at the list price with quantity tiers applied. An order's status moves only through
:data:`ORDER_TRANSITIONS`, each step a conditional UPDATE (:func:`market.transitions.apply_transition`).
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

    awaiting_payment = "awaiting_payment"
    paid = "paid"
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


# (from, to) → the party (or parties) allowed to make that step. Only the payments feature moves awaiting_payment
# → paid (when the money is in), and the maker confirms paid orders only. A buyer who cancels a paid or confirmed
# order is refunded in full by the payments feature; later refunds are staff's, and a full refund before the order
# ships cancels it (the payments feature's step; afterwards a refund is only recorded).
ORDER_TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], OrderRole | frozenset[OrderRole]] = {
    (OrderStatus.awaiting_payment, OrderStatus.paid): OrderRole.payments,
    (OrderStatus.paid, OrderStatus.confirmed): OrderRole.maker,
    (OrderStatus.confirmed, OrderStatus.in_production): OrderRole.maker,
    (OrderStatus.in_production, OrderStatus.shipped): OrderRole.maker,
    (OrderStatus.shipped, OrderStatus.delivered): OrderRole.maker,
    (OrderStatus.awaiting_payment, OrderStatus.cancelled): OrderRole.buyer,
    (OrderStatus.paid, OrderStatus.cancelled): frozenset({OrderRole.buyer, OrderRole.payments}),
    (OrderStatus.confirmed, OrderStatus.cancelled): frozenset({OrderRole.buyer, OrderRole.payments}),
    (OrderStatus.in_production, OrderStatus.cancelled): OrderRole.payments,
}

_STATUSES = ", ".join(f"'{s.value}'" for s in OrderStatus)


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
    """A buyer organisation's order to one maker, at list prices in won, with the rate the buyer saw."""

    __tablename__ = "wholesale_orders"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_STATUSES})", name="status"),
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
