"""The cart and checkout: list prices with quantity tiers, the minimum order of each product, the cart grouped by
maker, and checkout, which turns it into one order per maker (awaiting payment) all or nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal
from itertools import groupby

import pycountry
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.locales import DEFAULT_LOCALE
from i18n.money import latest_rates
from market.accounts.models import Organization, OrganizationKind, User
from market.notifications.services import notify_members
from market.orders.models import (
    CartItem,
    WholesaleOrder,
    WholesaleOrderEvent,
    WholesaleOrderLine,
)
from market.orders.services.common import MAX_NOTE, OrderError, buyer_organizations, org_ids
from market.orders.services.minimums import check_maker_minimums
from market.orders.services.shipping import cart_estimates, keep_on_order, parse_incoterm
from market.orders.services.terms import initial_status, wholesale_terms

MAX_QUANTITY = 1_000_000
MAX_ADDRESS = 1000


def unit_price_krw(product: Product, quantity: int) -> int:
    """The list price per unit for ``quantity``: the best quantity tier whose ``min_qty`` it reaches, else the
    base price."""
    price = product.price_krw
    for tier in product.quantity_tiers or []:
        try:
            min_qty, tier_price = int(tier["min_qty"]), int(tier["price_krw"])
        except (KeyError, TypeError, ValueError):
            continue
        if min_qty <= quantity and tier_price < price:
            price = tier_price
    return price


def _require_buyer(session: Session, user: User) -> None:
    if not org_ids(session, user, OrganizationKind.buyer):
        raise OrderError(_("Join or create a buyer organisation to order wholesale."), code="no_buyer_organization",
                         status=403)


def _resolve_buyer_org(session: Session, user: User, buyer_org_id: int | None) -> Organization:
    orgs = buyer_organizations(session, user)
    if not orgs:
        _require_buyer(session, user)
    if buyer_org_id is None:
        if len(orgs) > 1:
            raise OrderError(_("Choose which of your buyer organisations is ordering."), "buyer_org_id")
        return orgs[0]
    for org in orgs:
        if org.id == buyer_org_id:
            return org
    raise OrderError(_("Choose one of your buyer organisations."), "buyer_org_id")


# --- the cart --------------------------------------------------------------------------------------------------


def _check_quantity(product: Product, quantity) -> int:
    try:
        quantity = int(quantity)
    except (TypeError, ValueError):
        raise OrderError(_("Enter a whole number of units."), "quantity") from None
    if quantity < product.moq:
        raise OrderError(_("The minimum order for this product is %(moq)d units.", moq=product.moq), "quantity",
                         code="below_moq")
    if quantity > MAX_QUANTITY:
        raise OrderError(_("Order at most %(max)d units of a product.", max=MAX_QUANTITY), "quantity")
    return quantity


def _published_product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None or product.status != ProductStatus.published:
        raise OrderError(_("This product is not available for ordering."), code="not_found", status=404)
    return product


def add_to_cart(session: Session, user: User, product_id: int, quantity) -> CartItem:
    """Put ``quantity`` units of a published product in the user's cart, added to what is already there.

    Refuses users outside buyer organisations, unpublished products and totals below the product's MOQ."""
    _require_buyer(session, user)
    product = _published_product(session, product_id)
    item = session.exec(select(CartItem).where(CartItem.user_id == user.id, CartItem.product_id == product.id)
                        ).first()
    try:
        added = int(quantity)
    except (TypeError, ValueError):
        raise OrderError(_("Enter a whole number of units."), "quantity") from None
    if added <= 0:
        raise OrderError(_("Enter a whole number of units."), "quantity")
    total = _check_quantity(product, added + (item.quantity if item else 0))
    if item is None:
        item = CartItem(user_id=user.id, product_id=product.id, quantity=total)
    else:
        item.quantity = total
    session.add(item)
    session.flush()
    return item


def _cart_item(session: Session, user: User, product_id: int) -> CartItem:
    item = session.exec(select(CartItem).where(CartItem.user_id == user.id, CartItem.product_id == product_id)
                        ).first()
    if item is None:
        raise OrderError(_("This product is not in your cart."), code="not_found", status=404)
    return item


def set_cart_quantity(session: Session, user: User, product_id: int, quantity) -> CartItem:
    """Change a cart line's quantity; refuses lines not in the cart, unpublished products and quantities below
    the MOQ."""
    item = _cart_item(session, user, product_id)
    product = _published_product(session, product_id)
    item.quantity = _check_quantity(product, quantity)
    session.add(item)
    session.flush()
    return item


def remove_from_cart(session: Session, user: User, product_id: int) -> None:
    """Take a product out of the cart; refuses products not in it."""
    session.delete(_cart_item(session, user, product_id))
    session.flush()


def cart_quantities(session: Session, user: User) -> dict[int, int]:
    """``{product_id: quantity}`` of the user's cart."""
    return dict(session.exec(select(CartItem.product_id, CartItem.quantity).where(CartItem.user_id == user.id)).all())


def cart_count(session: Session, user: User) -> int:
    """How many lines the user's cart has."""
    return session.exec(select(func.count()).select_from(CartItem).where(CartItem.user_id == user.id)).one()


@dataclasses.dataclass
class CartLine:
    """A cart item with its product, title, price and whether it can be ordered as it is."""

    item: CartItem
    product: Product
    title: content.LocalizedText | None
    unit_price_krw: int
    line_total_krw: int
    below_moq: bool
    available: bool


@dataclasses.dataclass
class CartGroup:
    """The lines of one maker: they become one order."""

    maker: Organization
    lines: list[CartLine]

    @property
    def subtotal_krw(self) -> int:
        return sum(line.line_total_krw for line in self.lines if line.available)


@dataclasses.dataclass
class Cart:
    """The user's cart grouped by maker, with a fingerprint of the prices shown (checked again at checkout)."""

    groups: list[CartGroup]

    @property
    def lines(self) -> list[CartLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def total_krw(self) -> int:
        return sum(group.subtotal_krw for group in self.groups)

    @property
    def orderable(self) -> bool:
        return bool(self.lines) and all(line.available and not line.below_moq for line in self.lines)

    @property
    def fingerprint(self) -> str:
        rows = sorted(f"{line.product.id}:{line.item.quantity}:{line.unit_price_krw}:{int(line.available)}"
                      for line in self.lines)
        return hashlib.sha256("|".join(rows).encode()).hexdigest()[:32]


def load_cart(session: Session, user: User, locale: str = DEFAULT_LOCALE, *, lock: bool = False) -> Cart:
    """The user's cart grouped by maker (by name), with prices worked out now."""
    query = (select(CartItem, Product).join(Product, Product.id == CartItem.product_id)
             .where(CartItem.user_id == user.id).order_by(CartItem.added_at, CartItem.id))
    if lock:
        query = query.with_for_update(of=CartItem)
    rows = list(session.exec(query))
    titles = content.resolve_many(session, "product", [product.id for _item, product in rows], "title", locale)
    makers = {org.id: org for org in session.exec(
        select(Organization).where(Organization.id.in_({product.maker_id for _item, product in rows})))}
    lines = []
    for item, product in rows:
        price = unit_price_krw(product, item.quantity)
        lines.append(CartLine(item, product, titles.get(product.id), price, price * item.quantity,
                              below_moq=item.quantity < product.moq,
                              available=product.status == ProductStatus.published))
    lines.sort(key=lambda line: (makers[line.product.maker_id].name, line.product.maker_id))
    groups = [CartGroup(makers[maker_id], list(group))
              for maker_id, group in groupby(lines, key=lambda line: line.product.maker_id)]
    return Cart(groups)


# --- checkout --------------------------------------------------------------------------------------------------


def parse_country(value) -> str:
    """An ISO 3166 alpha-2 country code, upper-cased; refuses unknown codes."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise OrderError(_("Choose the country to ship to."), "shipping_country")
    return code


def checkout(session: Session, user: User, *, fingerprint: str, shipping_address: str, shipping_country: str,
             note: str | None = None, buyer_org_id: int | None = None, locale: str = DEFAULT_LOCALE,
             display_currency: str = "KRW", incoterm: str | None = None) -> list[WholesaleOrder]:
    """Turn the cart into one order per maker (awaiting payment) and empty it, all or nothing. Each order keeps
    the estimate of its carriage and import duties under ``incoterm`` (DAP when not given), never charged.

    Refuses an empty cart, a cart whose prices, quantities or products changed since the buyer saw it
    (``fingerprint`` from the cart page), unpublished products, lines below the MOQ, a maker's lines below that
    maker's own minimum order (its profile's), a missing address or country, and buyer organisations the user is
    not in, and an unknown incoterm."""
    org = _resolve_buyer_org(session, user, buyer_org_id)
    address = (shipping_address or "").strip()
    if not address:
        raise OrderError(_("Enter the shipping address."), "shipping_address")
    if len(address) > MAX_ADDRESS:
        raise OrderError(_("Keep the address under %(max)d characters.", max=MAX_ADDRESS), "shipping_address")
    country = parse_country(shipping_country)
    incoterm = parse_incoterm(incoterm)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise OrderError(_("Keep the note under %(max)d characters.", max=MAX_NOTE), "note")
    cart = load_cart(session, user, locale, lock=True)
    if not cart.lines:
        raise OrderError(_("Your cart is empty."), code="empty_cart")
    if cart.fingerprint != fingerprint:
        raise OrderError(_("Prices or products in your cart changed since you saw them. Check the cart and "
                           "place the order again."), code="cart_changed", status=409)
    for line in cart.lines:
        if not line.available:
            raise OrderError(_("A product in your cart is no longer available. Remove it to continue."),
                             code="unavailable", status=409)
        if line.below_moq:
            raise OrderError(_("The minimum order for this product is %(moq)d units.", moq=line.product.moq),
                             code="below_moq")
    check_maker_minimums(session, cart, display_currency)
    rates = latest_rates(session)
    rate = rates.get(display_currency)
    if rate is None:
        display_currency, rate = "KRW", rates["KRW"]
    estimates = cart_estimates(session, cart, country, incoterm, locale)
    orders = []
    for group in cart.groups:
        terms = wholesale_terms(session, group.maker.id, org.id)
        order = WholesaleOrder(buyer_org_id=org.id, maker_org_id=group.maker.id, placed_by_id=user.id,
                               subtotal_krw=group.subtotal_krw, display_currency=display_currency,
                               display_rate=Decimal(rate.krw_per_unit), shipping_address=address,
                               shipping_country=country, note=note, status=initial_status(terms),
                               payment_terms=terms.kind, deposit_percent=terms.deposit_percent,
                               net_days=terms.net_days)
        keep_on_order(order, estimates[group.maker.id])
        session.add(order)
        session.flush()
        for line in group.lines:
            title = line.title.text if line.title else f"#{line.product.id}"
            session.add(WholesaleOrderLine(order_id=order.id, product_id=line.product.id, title=title[:300],
                                           title_locale=line.title.locale if line.title else locale,
                                           quantity=line.item.quantity, unit_price_krw=line.unit_price_krw,
                                           line_total_krw=line.line_total_krw))
        session.add(WholesaleOrderEvent(order_id=order.id, actor_id=user.id, from_status=None,
                                        to_status=order.status))
        orders.append(order)
    session.exec(sa.delete(CartItem).where(CartItem.user_id == user.id).execution_options(
        synchronize_session=False))
    session.flush()
    for order in orders:
        notify_members(session, order.maker_org_id, "order_placed",
                       lambda o=order: _("New wholesale order #%(id)d from %(buyer)s.", id=o.id, buyer=org.name),
                       "market_orders.sale", exclude_user_id=user.id, order_id=order.id)
    return orders
