"""Demo wholesale orders: about thirty orders from demo buyers to demo makers, in every status."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from sqlmodel import Session, select

from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.money import latest_rates
from market.accounts.models import Membership, Organization
from market.db import utcnow
from market.orders.models import (
    OrderStatus,
    PaymentTerms,
    WholesaleOrder,
    WholesaleOrderEvent,
    WholesaleOrderLine,
)
from market.orders.services import unit_price_krw

# The path each final status is reached by (the maker's steps, or the buyer's cancel).
_PATHS = {
    OrderStatus.awaiting_payment: [],
    OrderStatus.placed: [],  # net terms: nothing due before the maker confirms
    OrderStatus.paid: [OrderStatus.paid],
    OrderStatus.confirmed: [OrderStatus.paid, OrderStatus.confirmed],
    OrderStatus.in_production: [OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production],
    OrderStatus.shipped: [OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production, OrderStatus.shipped],
    OrderStatus.delivered: [OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production, OrderStatus.shipped,
                            OrderStatus.delivered],
    OrderStatus.cancelled: [OrderStatus.cancelled],
}
_CARRIERS = ("EMS", "DHL Express", "FedEx", "CJ Logistics")


def _first_member(session: Session, org_id: int) -> int | None:
    return session.exec(select(Membership.user_id).where(Membership.organization_id == org_id)
                        .order_by(Membership.id)).first()


def add_demo_orders(session: Session, rng: random.Random, buyers: list[Organization], products: list[Product],
                    count: int = 30) -> int:
    """Create ``count`` orders (default 30) from ``buyers`` (buyer organisations) for published ``products``,
    one to four lines each from a single maker, spread over every status with its timeline; returns how many.

    Written directly (no notifications): the demo has no request to build links in."""
    published = [p for p in products if p.status == ProductStatus.published]
    if not buyers or not published:
        return 0
    by_maker: dict[int, list[Product]] = {}
    for product in published:
        by_maker.setdefault(product.maker_id, []).append(product)
    titles = content.load_texts(session, "product", [p.id for p in published])
    rates = latest_rates(session)
    statuses = list(_PATHS)
    created = 0
    for index in range(count):
        buyer = buyers[index % len(buyers)]
        maker_id = rng.choice(sorted(by_maker))
        lines = rng.sample(by_maker[maker_id], k=min(len(by_maker[maker_id]), rng.randint(1, 4)))
        currency = rng.choice([c for c in ("USD", "JPY", "EUR", "KRW") if c in rates])
        placed_at = utcnow() - dt.timedelta(days=rng.randint(2, 90), hours=rng.randint(0, 23))
        buyer_user, maker_user = _first_member(session, buyer.id), _first_member(session, maker_id)
        order = WholesaleOrder(buyer_org_id=buyer.id, maker_org_id=maker_id, placed_by_id=buyer_user,
                               subtotal_krw=0, display_currency=currency,
                               display_rate=Decimal(rates[currency].krw_per_unit),
                               shipping_address=f"{buyer.name}\n{buyer.city or ''}".strip(),
                               shipping_country=buyer.country or "JP", note=None, created_at=placed_at,
                               updated_at=placed_at)
        session.add(order)
        session.flush()
        subtotal = 0
        for product in lines:
            quantity = product.moq * rng.choice((1, 1, 2, 3, 5))
            price = unit_price_krw(product, quantity)
            title = content.resolve(titles[product.id].get("title", {}), "en")
            session.add(WholesaleOrderLine(order_id=order.id, product_id=product.id,
                                           title=(title.text if title else f"#{product.id}")[:300],
                                           title_locale=title.locale if title else "en", quantity=quantity,
                                           unit_price_krw=price, line_total_krw=price * quantity))
            subtotal += price * quantity
        order.subtotal_krw = subtotal
        final = statuses[index % len(statuses)]
        first = OrderStatus.placed if final == OrderStatus.placed else OrderStatus.awaiting_payment
        if first == OrderStatus.placed:
            order.payment_terms, order.net_days = PaymentTerms.net, 30
        session.add(WholesaleOrderEvent(order_id=order.id, actor_id=buyer_user, to_status=first,
                                        created_at=placed_at))
        previous, at = first, placed_at
        for step in _PATHS[final]:
            at = min(at + dt.timedelta(days=rng.randint(1, 6)), utcnow())
            actor = buyer_user if step in (OrderStatus.cancelled, OrderStatus.paid) else maker_user
            session.add(WholesaleOrderEvent(order_id=order.id, actor_id=actor, from_status=previous, to_status=step,
                                            created_at=at))
            previous = step
        if final in (OrderStatus.shipped, OrderStatus.delivered):
            order.carrier = rng.choice(_CARRIERS)
            order.tracking_number = f"EE{rng.randint(100_000_000, 999_999_999)}KR"
        order.status, order.updated_at = final, at
        session.add(order)
        created += 1
    session.flush()
    return created


# Demo shipping estimates in won, by destination and order value (EMS-like figures), with import duties and taxes
# as a percent of the goods: plausible for small leather, metal and textile lots, not a carrier's real tariff.
_DEMO_RATES = (
    ("JP", "value", 0, 1_000_000, 38_000, "10.00"),
    ("JP", "value", 1_000_000, None, 95_000, "10.00"),
    ("CN", "value", 0, 1_000_000, 35_000, "13.00"),
    ("CN", "value", 1_000_000, None, 88_000, "13.00"),
    ("VN", "value", 0, None, 45_000, "10.00"),
    ("US", "value", 0, 1_000_000, 62_000, "6.50"),
    ("US", "value", 1_000_000, None, 150_000, "6.50"),
    ("EU", "value", 0, 1_000_000, 70_000, "21.00"),
    ("EU", "value", 1_000_000, None, 165_000, "21.00"),
    ("142", "value", 0, None, 55_000, "10.00"),
    ("001", "value", 0, None, 90_000, "15.00"),
)


def add_demo_shipping(session: Session, rng: random.Random) -> dict[str, int]:
    """The admin's table of shipping estimates, and a free-shipping threshold and returns policy for about half
    of the makers; returns the counts."""
    from market.accounts.models import OrganizationKind
    from market.orders.models import MakerShippingPolicy, ShippingRate

    set_on = utcnow().date() - dt.timedelta(days=7)
    for destination, basis, low, high, cost, duty in _DEMO_RATES:
        session.add(ShippingRate(destination=destination, basis=basis, band_min=low, band_max=high,
                                 shipping_krw=cost, duty_percent=Decimal(duty), set_on=set_on,
                                 source="Korea Post EMS tariff and customs tables (demo figures)"))
    makers = list(session.exec(select(Organization.id).where(Organization.kind == OrganizationKind.maker)
                               .order_by(Organization.id)))
    policies = 0
    for org_id in makers:
        if rng.random() < 0.5:
            continue
        session.add(MakerShippingPolicy(organization_id=org_id,
                                        free_shipping_from_krw=rng.choice((1_000_000, 1_500_000, 3_000_000)),
                                        returns_days=rng.choice((None, 14, 30))))
        policies += 1
    session.flush()
    return {"shipping rates": len(_DEMO_RATES), "maker shipping policies": policies}
