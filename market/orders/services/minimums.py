"""Makers' own minimum order (the quantity and unit on their profile), checked on the cart and at checkout.

A maker who takes orders "from 100 pieces" is counted over the cart's lines of that maker, when all of them are
sold in that unit (a minimum in pairs says nothing about products sold by the piece);
the buyer is told which maker, the minimum and what the cart holds from that maker now (with its subtotal in the
buyer's currency), before and at checkout.
"""

from __future__ import annotations

import dataclasses

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.makers.models import MakerProfile
from catalog.products.categories import unit_name
from i18n.money import format_money, latest_rates, lines_amount
from market.orders.services.common import OrderError


@dataclasses.dataclass(frozen=True)
class MakerShortfall:
    """A maker whose own minimum order the cart does not reach yet."""

    maker_id: int
    maker_name: str
    minimum: int
    unit: str
    in_cart: int
    subtotal: str

    @property
    def message(self) -> str:
        """The refusal in the current locale: the maker, its minimum and what the cart holds."""
        unit = unit_name(self.unit)
        return _("%(maker)s takes orders from %(minimum)s (unit: %(unit)s); your cart has %(count)s from them "
                 "(%(subtotal)s). Add more of their products to order.", maker=self.maker_name,
                 minimum=format_decimal(self.minimum), unit=unit, count=format_decimal(self.in_cart),
                 subtotal=self.subtotal)


def maker_shortfalls(session: Session, cart, currency: str = "KRW") -> dict[int, MakerShortfall]:
    """The makers of ``cart`` (:class:`~market.orders.services.cart.Cart`) whose minimum order it does not reach,
    by maker id, with each subtotal in ``currency`` (won when there is no rate for it)."""
    maker_ids = [group.maker.id for group in cart.groups]
    if not maker_ids:
        return {}
    profiles = {p.organization_id: p for p in session.exec(
        select(MakerProfile).where(MakerProfile.organization_id.in_(maker_ids),
                                   MakerProfile.min_order_qty.is_not(None)))}
    if not profiles:
        return {}
    rates = latest_rates(session)
    found = {}
    for group in cart.groups:
        profile = profiles.get(group.maker.id)
        if profile is None:
            continue
        lines = [line for line in group.lines if line.available]
        # A minimum in pairs cannot be counted over products sold by the piece: the maker's minimum is enforced
        # only when every line of theirs is sold in its unit (each product's own MOQ still applies).
        if any(line.product.unit != profile.min_order_unit for line in lines):
            continue
        count = sum(line.item.quantity for line in lines)
        if count >= profile.min_order_qty:
            continue
        rate = rates.get(currency)
        shown = currency if rate else "KRW"
        subtotal = lines_amount([(line.unit_price_krw, line.item.quantity) for line in lines], shown,
                                rate.krw_per_unit if rate else None)
        found[group.maker.id] = MakerShortfall(group.maker.id, group.maker.name, profile.min_order_qty,
                                               profile.min_order_unit, count, format_money(subtotal, shown))
    return found


def check_maker_minimums(session: Session, cart, currency: str = "KRW") -> None:
    """Refuse (``below_maker_minimum``) a cart below any of its makers' own minimum order, naming the first."""
    shortfalls = maker_shortfalls(session, cart, currency)
    if shortfalls:
        first = next(iter(shortfalls.values()))
        raise OrderError(first.message, code="below_maker_minimum")
