"""Orders placed outside the cart: from an accepted quote (the RFQ feature calls :func:`place_quote_order`), a
sample before the bulk order (:func:`order_sample`), and "order again", which puts a past order's lines back in
the cart (:func:`reorder`). Every order lands in the one order table and lifecycle."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.locales import DEFAULT_LOCALE
from i18n.money import latest_rates, to_krw
from market.accounts.models import OrganizationKind, User
from market.db import utcnow
from market.notifications.services import notify_members
from market.orders.models import (
    OrderKind,
    OrderRole,
    ProductSample,
    WholesaleOrder,
    WholesaleOrderEvent,
    WholesaleOrderLine,
)
from market.orders.services.cart import MAX_ADDRESS, _resolve_buyer_org, add_to_cart, parse_country
from market.orders.services.common import MAX_NOTE, OrderError, org_ids
from market.orders.services.orders import get_order
from market.orders.services.terms import PREPAID, Terms, initial_status, require_net_approval

MAX_SAMPLE_QUANTITY = 50

# The timeline note of an order placed from a quote names its request for quote as data ("rfq:12"), and each
# reader's page words it in their language (templates/market/orders/detail.html).
RFQ_NOTE = "rfq:"


def _address(shipping_address: str | None, required: bool = True) -> str:
    address = (shipping_address or "").strip()
    if required and not address:
        raise OrderError(_("Enter the shipping address."), "shipping_address")
    if len(address) > MAX_ADDRESS:
        raise OrderError(_("Keep the address under %(max)d characters.", max=MAX_ADDRESS), "shipping_address")
    return address


def place_quote_order(session: Session, user: User | None, *, rfq_id: int, quote_id: int, buyer_org_id: int,
                      maker_org_id: int, product_id: int | None, title: str, quantity: int, unit_price: Decimal,
                      currency: str, total: Decimal, terms: Terms, shipping_country: str | None,
                      shipping_address: str | None = "") -> WholesaleOrder:
    """The order an accepted quote creates, in the one order table: its total in the quote's currency (with
    the same amount in won at today's rate, for reports), the quote's payment terms, one line, and the first
    timeline event; awaiting the deposit or full payment, or placed (net terms). Refuses net terms for a buyer
    an admin has not approved (409). The caller tells the parties."""
    require_net_approval(session, buyer_org_id, terms)
    currency = currency.upper()
    rates = latest_rates(session)
    rate = rates.get(currency)
    order = WholesaleOrder(
        buyer_org_id=buyer_org_id, maker_org_id=maker_org_id, placed_by_id=user.id if user else None,
        kind=OrderKind.quote,
        rfq_id=rfq_id, quote_id=quote_id, quoted_total=total, subtotal_krw=to_krw(total, currency, rates) or 0,
        display_currency=currency, display_rate=Decimal(rate.krw_per_unit) if rate else None,
        shipping_address=_address(shipping_address, required=False), shipping_country=shipping_country or "KR",
        status=initial_status(terms), payment_terms=terms.kind, deposit_percent=terms.deposit_percent,
        net_days=terms.net_days)
    session.add(order)
    session.flush()
    unit_krw = to_krw(unit_price, currency, rates) or 0
    session.add(WholesaleOrderLine(order_id=order.id, product_id=product_id, title=title[:300],
                                   title_locale=DEFAULT_LOCALE, quantity=quantity, unit_price_krw=unit_krw,
                                   line_total_krw=order.subtotal_krw))
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=user.id if user else None, from_status=None,
                                    to_status=order.status, note=f"{RFQ_NOTE}{rfq_id}"))
    session.flush()
    return order


# --- samples ------------------------------------------------------------------------------------------------------


def sample_offer(session: Session, product_id: int) -> ProductSample | None:
    """The product's sample offer, if its maker made one."""
    return session.get(ProductSample, product_id)


def set_sample_offer(session: Session, user: User, product_id: int, quantity, unit_price_krw) -> ProductSample:
    """A member of the product's maker offers a sample: ``quantity`` pieces (1–50) at ``unit_price_krw`` each.
    Refuses outsiders (404) and quantities or prices out of range."""
    product = session.get(Product, product_id)
    if product is None or product.maker_id not in org_ids(session, user, OrganizationKind.maker):
        raise OrderError(_("This product is not available for ordering."), code="not_found", status=404)
    try:
        quantity, price = int(quantity), int(unit_price_krw)
    except (TypeError, ValueError):
        raise OrderError(_("Enter a whole number of units."), "quantity") from None
    if not 1 <= quantity <= MAX_SAMPLE_QUANTITY:
        raise OrderError(_("A sample is between 1 and %(max)d pieces.", max=MAX_SAMPLE_QUANTITY), "quantity")
    if price < 0:
        raise OrderError(_("Enter a price of zero or more."), "unit_price_krw")
    offer = session.get(ProductSample, product_id) or ProductSample(product_id=product_id, unit_price_krw=price)
    offer.quantity, offer.unit_price_krw, offer.updated_at = quantity, price, utcnow()
    session.add(offer)
    session.flush()
    return offer


def order_sample(session: Session, user: User, product_id: int, *, shipping_address: str, shipping_country: str,
                 note: str | None = None, buyer_org_id: int | None = None, display_currency: str = "KRW",
                 locale: str = DEFAULT_LOCALE) -> WholesaleOrder:
    """A buyer orders the product's sample (its quantity at its price, below the MOQ), paid in full upfront,
    and the maker is told. Refuses users outside buyer organisations (403), unpublished products and products
    without a sample offer (404), a missing address or country."""
    org = _resolve_buyer_org(session, user, buyer_org_id)
    product = session.get(Product, product_id)
    offer = session.get(ProductSample, product_id) if product is not None else None
    if product is None or product.status != ProductStatus.published or offer is None:
        raise OrderError(_("This product does not offer a sample."), code="not_found", status=404)
    address, country = _address(shipping_address), parse_country(shipping_country)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise OrderError(_("Keep the note under %(max)d characters.", max=MAX_NOTE), "note")
    rates = latest_rates(session)
    rate = rates.get(display_currency) or rates["KRW"]
    total = offer.quantity * offer.unit_price_krw
    if total <= 0:
        raise OrderError(_("This product does not offer a sample."), code="not_found", status=404)
    order = WholesaleOrder(buyer_org_id=org.id, maker_org_id=product.maker_id, placed_by_id=user.id,
                           kind=OrderKind.sample, subtotal_krw=total, display_currency=rate.currency,
                           display_rate=Decimal(rate.krw_per_unit), shipping_address=address,
                           shipping_country=country, note=note, status=initial_status(PREPAID))
    session.add(order)
    session.flush()
    title = content.resolve_many(session, "product", [product.id], "title", locale).get(product.id)
    session.add(WholesaleOrderLine(order_id=order.id, product_id=product.id,
                                   title=(title.text if title else f"#{product.id}")[:300],
                                   title_locale=title.locale if title else locale, quantity=offer.quantity,
                                   unit_price_krw=offer.unit_price_krw, line_total_krw=total))
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=user.id, from_status=None, to_status=order.status,
                                    note=_("Sample order")))
    session.flush()
    notify_members(session, order.maker_org_id, "order_placed",
                   lambda: _("New sample order #%(id)d from %(buyer)s.", id=order.id, buyer=org.name),
                   "market_orders.sale", exclude_user_id=user.id, order_id=order.id)
    return order


# --- order again --------------------------------------------------------------------------------------------------


def reorder(session: Session, user: User, order_id: int) -> tuple[int, int]:
    """Put the lines of one of the user's organisation's past orders back in the user's cart (at least each
    product's MOQ; a sample line becomes the product's bulk minimum). Returns (lines added, lines skipped because
    the product is gone or no longer published). Refuses outsiders (404) and quote orders (409: their price was
    negotiated, ask for a new quote)."""
    order = get_order(session, user, order_id, OrderRole.buyer)
    if order.kind == OrderKind.quote:
        raise OrderError(_("This order's price was negotiated. Ask the maker for a new quote instead."),
                         code="negotiated", status=409)
    lines = list(session.exec(select(WholesaleOrderLine).where(WholesaleOrderLine.order_id == order.id)
                              .order_by(WholesaleOrderLine.id)))
    added = skipped = 0
    for line in lines:
        product = session.get(Product, line.product_id) if line.product_id else None
        if product is None or product.status != ProductStatus.published:
            skipped += 1
            continue
        quantity = max(line.quantity, product.moq)
        try:
            with session.begin_nested():
                add_to_cart(session, user, product.id, quantity)
        except OrderError:
            skipped += 1
            continue
        added += 1
    if not added:
        raise OrderError(_("None of this order's products can be ordered any more."), code="unavailable",
                         status=409)
    return added, skipped

