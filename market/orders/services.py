"""Wholesale ordering: the cart (MOQ and quantity tiers), checkout split into one order per maker, and the
order's status moves (explicit table, conditional UPDATE, an event and a notification each).

Functions take a session first, flush and never commit; refusals raise :class:`OrderError`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from decimal import Decimal
from itertools import groupby

import pycountry
import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.locales import DEFAULT_LOCALE, LOCALES
from i18n.money import latest_rates
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.db import utcnow
from market.orders.models import (
    ORDER_TRANSITIONS,
    REFUND_CANCELS,
    CartItem,
    OrderRole,
    OrderStatus,
    WholesaleOrder,
    WholesaleOrderEvent,
    WholesaleOrderLine,
)

MAX_QUANTITY = 1_000_000
MAX_ADDRESS = 1000
MAX_NOTE = 2000
MAX_TRACKING = 80
PER_PAGE = 30

STATUS_LABELS = {
    OrderStatus.awaiting_payment: _l("Awaiting payment"),
    OrderStatus.paid: _l("Paid"),
    OrderStatus.confirmed: _l("Confirmed"),
    OrderStatus.in_production: _l("In production"),
    OrderStatus.shipped: _l("Shipped"),
    OrderStatus.delivered: _l("Delivered"),
    OrderStatus.cancelled: _l("Cancelled"),
}

# The button each step shows to the party allowed to make it.
ACTION_LABELS = {
    OrderStatus.confirmed: _l("Confirm the order"),
    OrderStatus.in_production: _l("Start production"),
    OrderStatus.shipped: _l("Mark as shipped"),
    OrderStatus.delivered: _l("Mark as delivered"),
    OrderStatus.cancelled: _l("Cancel the order"),
}


class OrderError(ValueError):
    """A refused cart or order operation: a message, a code, the HTTP status it maps to and messages per field."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid", status: int = 422):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
        self.fields = {field: message} if field else {}


def _not_found() -> OrderError:
    return OrderError(_("Order not found."), code="not_found", status=404)


# --- prices ----------------------------------------------------------------------------------------------------


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


def _product_titles(session: Session, product_ids, locale: str) -> dict[int, content.LocalizedText]:
    ids = sorted({i for i in product_ids if i is not None})
    texts = content.load_texts(session, "product", ids)
    titles = {}
    for pid in ids:
        title = content.resolve(texts[pid].get("title", {}), locale)
        if title is not None:
            titles[pid] = title
    return titles


# --- organisations ---------------------------------------------------------------------------------------------


def _org_ids(session: Session, user: User, kind: OrganizationKind) -> set[int]:
    return set(session.exec(select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
                            .where(Membership.user_id == user.id, Organization.kind == kind)))


def buyer_organizations(session: Session, user: User) -> list[Organization]:
    """The buyer organisations ``user`` belongs to, by name (those it may order for)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.buyer)
        .order_by(Organization.name)))


def _require_buyer(session: Session, user: User) -> None:
    if not _org_ids(session, user, OrganizationKind.buyer):
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
    titles = _product_titles(session, [product.id for _item, product in rows], locale)
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
             display_currency: str = "KRW") -> list[WholesaleOrder]:
    """Turn the cart into one order per maker (awaiting payment) and empty it, all or nothing.

    Refuses an empty cart, a cart whose prices, quantities or products changed since the buyer saw it
    (``fingerprint`` from the cart page), unpublished products, lines below the MOQ, a missing address or
    country, and buyer organisations the user is not in."""
    org = _resolve_buyer_org(session, user, buyer_org_id)
    address = (shipping_address or "").strip()
    if not address:
        raise OrderError(_("Enter the shipping address."), "shipping_address")
    if len(address) > MAX_ADDRESS:
        raise OrderError(_("Keep the address under %(max)d characters.", max=MAX_ADDRESS), "shipping_address")
    country = parse_country(shipping_country)
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
    rates = latest_rates(session)
    rate = rates.get(display_currency)
    if rate is None:
        display_currency, rate = "KRW", rates["KRW"]
    orders = []
    for group in cart.groups:
        order = WholesaleOrder(buyer_org_id=org.id, maker_org_id=group.maker.id, placed_by_id=user.id,
                               subtotal_krw=group.subtotal_krw, display_currency=display_currency,
                               display_rate=Decimal(rate.krw_per_unit), shipping_address=address,
                               shipping_country=country, note=note)
        session.add(order)
        session.flush()
        for line in group.lines:
            title = line.title.text if line.title else f"#{line.product.id}"
            session.add(WholesaleOrderLine(order_id=order.id, product_id=line.product.id, title=title[:300],
                                           title_locale=line.title.locale if line.title else locale,
                                           quantity=line.item.quantity, unit_price_krw=line.unit_price_krw,
                                           line_total_krw=line.line_total_krw))
        session.add(WholesaleOrderEvent(order_id=order.id, actor_id=user.id, from_status=None,
                                        to_status=OrderStatus.awaiting_payment))
        orders.append(order)
    session.exec(sa.delete(CartItem).where(CartItem.user_id == user.id).execution_options(
        synchronize_session=False))
    session.flush()
    for order in orders:
        _notify(session, order, OrderRole.maker, user.id, "order_placed",
                lambda o=order: _("New wholesale order #%(id)d from %(buyer)s.", id=o.id, buyer=org.name))
    return orders


# --- orders ----------------------------------------------------------------------------------------------------


def get_order(session: Session, user: User, order_id: int, role: OrderRole) -> WholesaleOrder:
    """The order seen as ``role`` (buyer or maker); refuses (not_found) anyone outside that organisation."""
    order = session.get(WholesaleOrder, order_id)
    if order is None or not getattr(user, "is_authenticated", False):
        raise _not_found()
    if role == OrderRole.buyer:
        allowed = order.buyer_org_id in _org_ids(session, user, OrganizationKind.buyer)
    elif role == OrderRole.maker:
        allowed = order.maker_org_id in _org_ids(session, user, OrganizationKind.maker)
    else:
        allowed = False
    if not allowed:
        raise _not_found()
    return order


@dataclasses.dataclass
class OrderRow:
    """An order in a list, with the other party's name."""

    order: WholesaleOrder
    counterpart: Organization


def list_orders(session: Session, user: User, role: OrderRole, status: str | None = None, page: int = 1
                ) -> tuple[list[OrderRow], int]:
    """The orders of the user's buyer (or maker) organisations, newest first, one page at a time."""
    kind = OrganizationKind.buyer if role == OrderRole.buyer else OrganizationKind.maker
    own = WholesaleOrder.buyer_org_id if role == OrderRole.buyer else WholesaleOrder.maker_org_id
    other = WholesaleOrder.maker_org_id if role == OrderRole.buyer else WholesaleOrder.buyer_org_id
    org_ids = _org_ids(session, user, kind)
    where = [own.in_(org_ids or {0})]
    if status in {s.value for s in OrderStatus}:
        where.append(WholesaleOrder.status == status)
    total = session.exec(select(func.count()).select_from(WholesaleOrder).where(*where)).one()
    rows = session.exec(select(WholesaleOrder, Organization).join(Organization, Organization.id == other)
                        .where(*where).order_by(WholesaleOrder.created_at.desc(), WholesaleOrder.id.desc())
                        .offset((max(page, 1) - 1) * PER_PAGE).limit(PER_PAGE))
    return [OrderRow(order, org) for order, org in rows], total


@dataclasses.dataclass
class OrderDetail:
    """An order with its lines, its timeline and the steps the viewer may take next."""

    order: WholesaleOrder
    role: OrderRole
    buyer: Organization
    maker: Organization
    lines: list[WholesaleOrderLine]
    events: list[tuple[WholesaleOrderEvent, User | None]]
    actions: list[OrderStatus]
    payment: object | None = None  # the order's market.payments Payment, once paying started

    @property
    def can_pay(self) -> bool:
        """Whether the buyer is shown the way to pay."""
        return self.role == OrderRole.buyer and self.order.status == OrderStatus.awaiting_payment


def next_actions(status: str, role: OrderRole) -> list[OrderStatus]:
    """The statuses ``role`` may move an order in ``status`` to, in the table's order."""
    return [to for (frm, to), who in ORDER_TRANSITIONS.items() if frm == status and who == role]


def order_detail(session: Session, user: User, order_id: int, role: OrderRole) -> OrderDetail:
    """An order's page as ``role``; refuses (not_found) anyone outside that side."""
    order = get_order(session, user, order_id, role)
    lines = list(session.exec(select(WholesaleOrderLine).where(WholesaleOrderLine.order_id == order.id)
                              .order_by(WholesaleOrderLine.id)))
    events = list(session.exec(select(WholesaleOrderEvent, User).outerjoin(User, User.id == WholesaleOrderEvent.actor_id)
                               .where(WholesaleOrderEvent.order_id == order.id)
                               .order_by(WholesaleOrderEvent.created_at, WholesaleOrderEvent.id)))
    from market.payments.services import payment_for

    return OrderDetail(order, role, session.get(Organization, order.buyer_org_id),
                       session.get(Organization, order.maker_org_id), lines, [tuple(e) for e in events],
                       next_actions(order.status, role), payment_for(session, PAYABLE_KIND, order.id))


def move_order(session: Session, user: User, order_id: int, to, *, role: OrderRole, expected: str | None = None,
               note: str | None = None, carrier: str | None = None, tracking_number: str | None = None
               ) -> WholesaleOrder:
    """Move an order to ``to`` as ``role``, from the status the actor saw (``expected``, else the current one).

    One conditional UPDATE (WHERE status = expected), so of two concurrent clicks only one applies. Cancelling
    cancels an open payment, or refunds a paid one in full (the payment is locked first). Refuses outsiders
    (not_found), steps outside :data:`ORDER_TRANSITIONS` or not the role's (409/403), an order that changed since
    (409), a cancellation while the payment has just gone through (409), and shipping without carrier and
    tracking number."""
    order = get_order(session, user, order_id, role)
    try:
        to = OrderStatus(to)
        current = OrderStatus(expected or order.status)
    except ValueError:
        raise OrderError(_("This is not a step an order can take."), code="wrong_state", status=409) from None
    allowed = ORDER_TRANSITIONS.get((current, to))
    if allowed is None:
        raise OrderError(_("This order is %(status)s, so it cannot become %(to)s.",
                           status=STATUS_LABELS[current], to=STATUS_LABELS[to]), code="wrong_state", status=409)
    if allowed != role:
        raise OrderError(_("Only the other party can do this."), code="forbidden", status=403)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise OrderError(_("Keep the note under %(max)d characters.", max=MAX_NOTE), "note")
    values = {}
    if to == OrderStatus.shipped:
        carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
        if not carrier:
            raise OrderError(_("Enter the carrier to mark the order as shipped."), "carrier")
        if not tracking_number:
            raise OrderError(_("Enter the tracking number to mark the order as shipped."), "tracking_number")
        if len(carrier) > MAX_TRACKING or len(tracking_number) > MAX_TRACKING:
            raise OrderError(_("Keep the carrier and tracking number under %(max)d characters.", max=MAX_TRACKING),
                             "tracking_number")
        values = {"carrier": carrier, "tracking_number": tracking_number}
    if to == OrderStatus.cancelled:
        _settle_payment_before_cancel(session, order, current)
    result = session.exec(sa.update(WholesaleOrder)
                          .where(WholesaleOrder.id == order.id, WholesaleOrder.status == current)
                          .values(status=to, updated_at=utcnow(), **values)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise OrderError(_("This order changed in the meantime. Reload the page and try again."), code="conflict",
                         status=409)
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=user.id, from_status=current, to_status=to,
                                    note=note))
    session.flush()
    session.refresh(order)
    other = OrderRole.maker if role == OrderRole.buyer else OrderRole.buyer
    _notify(session, order, other, user.id, f"order_{to.value}",
            lambda: _("Wholesale order #%(id)d is now: %(status)s.", id=order.id, status=STATUS_LABELS[to]))
    if to == OrderStatus.cancelled and current != OrderStatus.awaiting_payment:
        _refund_cancelled(session, user, order)
    return order


# --- payment ---------------------------------------------------------------------------------------------------

PAYABLE_KIND = "wholesale_order"


def _payment_refused(exc) -> OrderError:
    return OrderError(exc.message, code=exc.code, status=exc.status if exc.status in (403, 404, 409) else 409)


def _settle_payment_before_cancel(session: Session, order: WholesaleOrder, current: OrderStatus) -> None:
    """Before a cancellation: lock the order's payment (payment before order, the order every payment path
    takes), and cancel it when nothing was paid yet."""
    from market.payments import services as payments

    payment = payments.payment_for(session, PAYABLE_KIND, order.id)
    if payment is None:
        return
    payments.lock_payment(session, payment.id)
    if current == OrderStatus.awaiting_payment:
        try:
            payments.cancel_payment_for(session, PAYABLE_KIND, order.id)
        except payments.PaymentError as exc:
            raise _payment_refused(exc) from exc


def _refund_cancelled(session: Session, user: User, order: WholesaleOrder) -> None:
    from market.payments import services as payments

    try:
        payments.refund_payable(session, user, PAYABLE_KIND, order.id,
                                _("Order cancelled by the buyer before production: refunded in full."))
    except payments.PaymentError as exc:
        raise _payment_refused(exc) from exc


def mark_paid(session: Session, order_id: int, payment_id: int, reference: str | None = None) -> WholesaleOrder | None:
    """The payments feature says the order's money is in: awaiting payment → paid (one conditional UPDATE), an
    event on the timeline, and both sides notified. An order no longer awaiting payment is left as it is."""
    order = session.get(WholesaleOrder, order_id)
    if order is None:
        return None
    result = session.exec(sa.update(WholesaleOrder)
                          .where(WholesaleOrder.id == order.id, WholesaleOrder.status == OrderStatus.awaiting_payment)
                          .values(status=OrderStatus.paid, updated_at=utcnow())
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(order)
        return order
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=OrderStatus.awaiting_payment,
                                    to_status=OrderStatus.paid, note=reference))
    session.flush()
    session.refresh(order)
    _notify(session, order, OrderRole.maker, None, "order_paid",
            lambda: _("Wholesale order #%(id)d is now: %(status)s.", id=order.id,
                      status=STATUS_LABELS[OrderStatus.paid]))
    _notify(session, order, OrderRole.buyer, None, "order_paid",
            lambda: _("Your payment for wholesale order #%(id)d was received.", id=order.id))
    return order


def follow_refund(session: Session, order_id: int, refunded: str, fully_refunded: bool) -> WholesaleOrder | None:
    """A refund was made on the order's payment (``refunded`` is the formatted amount): a full refund before
    shipping cancels the order; any refund is noted on the timeline and told to both sides."""
    order = session.get(WholesaleOrder, order_id)
    if order is None:
        return None
    current = OrderStatus(order.status)
    note = _("Refunded: %(amount)s", amount=refunded)
    to = current
    if fully_refunded and current in REFUND_CANCELS:
        result = session.exec(sa.update(WholesaleOrder)
                              .where(WholesaleOrder.id == order.id, WholesaleOrder.status == current)
                              .values(status=OrderStatus.cancelled, updated_at=utcnow())
                              .execution_options(synchronize_session=False))
        if result.rowcount == 1:
            to = OrderStatus.cancelled
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=current, to_status=to, note=note))
    session.flush()
    session.refresh(order)
    for side in (OrderRole.buyer, OrderRole.maker):
        _notify(session, order, side, None, "order_refunded",
                lambda: _("Wholesale order #%(id)d: %(amount)s refunded.", id=order.id, amount=refunded))
    return order


# --- notifications ---------------------------------------------------------------------------------------------


def _recipient_locale(user: User, org: Organization) -> str:
    if user.locale in LOCALES:
        return user.locale
    return org.source_locale if org.source_locale in LOCALES else DEFAULT_LOCALE


def _notify(session: Session, order: WholesaleOrder, side: OrderRole, actor_id: int | None, kind: str,
            message) -> None:
    """Notify the members of ``side``'s organisation (not the actor), each language group in its language."""
    from market.notifications.services import notify

    org = session.get(Organization, order.buyer_org_id if side == OrderRole.buyer else order.maker_org_id)
    users = list(session.exec(select(User).join(Membership, Membership.user_id == User.id)
                              .where(Membership.organization_id == org.id, User.id != (actor_id or 0))))
    users.sort(key=lambda u: _recipient_locale(u, org))
    endpoint = "market_orders.detail" if side == OrderRole.buyer else "market_orders.sale"
    for locale, group in groupby(users, key=lambda u: _recipient_locale(u, org)):
        with force_locale(locale):
            url = url_for(endpoint, order_id=order.id, lang=locale, _external=False)
            notify(session, [u.id for u in group], kind, message(), url)
