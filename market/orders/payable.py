"""Orders as payables. Each order has at most two payments, one per kind, so neither can be paid twice:

- ``wholesale_order``: what is due before the maker confirms — the full price (prepaid terms) or the deposit
  (deposit terms); nothing under net terms;
- ``order_balance``: what is due later — the balance before shipment (deposit terms, once the deposit is in),
  or the invoice sent at shipment under net terms.

Amounts are in the currency and at the rate the buyer saw when ordering (a quote order: the quote's total in its
currency); the money is owed to the maker, less the platform's commission. :data:`ADAPTERS` are given to the
payments service by the app factory.
"""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from i18n.money import convert_at, lines_amount, rate_date_of
from market.accounts.models import Membership, MembershipRole, Organization
from market.orders.models import OrderStatus, PaymentTerms, WholesaleOrder, WholesaleOrderLine
from market.orders.services.common import BALANCE_KIND, PAYABLE_KIND, not_found
from market.orders.services.orders import follow_refund, mark_balance_paid, mark_paid
from market.orders.services.terms import split_minor, terms_of
from market.payments.amounts import to_minor
from market.payments.models import Payment
from market.payments.payables import PayableEstimate, PayableInfo, PayableLine
from market.payments.services import format_amount


def order_amount(order: WholesaleOrder) -> tuple[str, int]:
    """(currency, total in minor units) the buyer pays for the whole order: a quote order's total in the quote's
    currency; else the subtotal in won converted at the order's rate into the currency shown at checkout,
    rounded half up to that currency's minor units; won when no rate was kept."""
    currency = (order.display_currency or "KRW").upper()
    if order.quoted_total is not None:
        return currency, to_minor(order.quoted_total, currency)
    rate = Decimal(order.display_rate) if order.display_rate else None
    if currency == "KRW" or not rate or rate <= 0:
        return "KRW", int(order.subtotal_krw)
    # What the order page shows: each unit price converted and rounded, times its quantity (i18n.money).
    session = object_session(order)
    lines = session.exec(select(WholesaleOrderLine.unit_price_krw, WholesaleOrderLine.quantity)
                         .where(WholesaleOrderLine.order_id == order.id)).all() if session is not None else []
    if not lines:
        return currency, to_minor(Decimal(order.subtotal_krw) / rate, currency)
    return currency, to_minor(lines_amount(lines, currency, rate), currency)


def order_parts(order: WholesaleOrder) -> tuple[str, int, int]:
    """(currency, due before confirmation, due later) in minor units, along the order's payment terms."""
    currency, total = order_amount(order)
    upfront, later = split_minor(total, terms_of(order))
    return currency, upfront, later


def _krw_share(order: WholesaleOrder, part_minor: int, total_minor: int) -> int:
    if total_minor <= 0:
        return 0
    return (int(order.subtotal_krw) * part_minor + total_minor // 2) // total_minor


def _payer_user_id(session: Session, order: WholesaleOrder) -> int | None:
    if order.placed_by_id:
        return order.placed_by_id
    return session.exec(select(Membership.user_id).where(Membership.organization_id == order.buyer_org_id)
                        .order_by(Membership.role != MembershipRole.owner, Membership.id)).first()


def _info(session: Session, order: WholesaleOrder, kind: str, amount_minor: int, description: str,
          reason: str | None) -> PayableInfo:
    currency, total = order_amount(order)
    converted = currency != "KRW" and order.quoted_total is None and bool(order.display_rate)
    return PayableInfo(kind=kind, id=order.id, currency=currency, amount_minor=amount_minor,
                       amount_krw=_krw_share(order, amount_minor, total), description=description,
                       payer_user_id=_payer_user_id(session, order), payee_org_id=order.maker_org_id,
                       payer_org_id=order.buyer_org_id, payable=reason is None, reason=reason,
                       lines=_invoice_lines(session, order, currency) if amount_minor == total else (),
                       krw_per_unit=Decimal(order.display_rate) if converted else None,
                       rate_date=rate_date_of(session, currency, order.display_rate, order.created_at.date())
                       if converted else None, estimates=order_estimates(order, currency))


def order_estimates(order: WholesaleOrder, currency: str) -> tuple[PayableEstimate, ...]:
    """The order's shipping and duties estimates in ``currency`` at the order's rate, for its invoice (never
    part of the amount due)."""
    if not order.incoterm:
        return ()
    rate = order.display_rate if currency != "KRW" else None
    found = []
    for kind, amount in (("shipping", order.shipping_estimate_krw), ("duties", order.duties_estimate_krw)):
        if amount is not None:
            found.append(PayableEstimate(kind, to_minor(convert_at(amount, currency, rate), currency),
                                         order.incoterm, order.estimate_set_on, order.estimate_source))
    return tuple(found)


def _invoice_lines(session: Session, order: WholesaleOrder, currency: str) -> tuple[PayableLine, ...]:
    """The order's lines for its invoice, each unit price converted at the order's rate and rounded first (a
    quote order: none, its invoice has the quote's total as one line)."""
    if order.quoted_total is not None:
        return ()
    lines = session.exec(select(WholesaleOrderLine).where(WholesaleOrderLine.order_id == order.id)
                         .order_by(WholesaleOrderLine.id)).all()
    result = []
    for line in lines:
        unit = to_minor(convert_at(line.unit_price_krw, currency, order.display_rate), currency)
        result.append(PayableLine(line.title, line.quantity, unit, unit * line.quantity))
    return tuple(result)


def _maker_name(session: Session, order: WholesaleOrder) -> str:
    maker = session.get(Organization, order.maker_org_id)
    return maker.name if maker else ""


class WholesaleOrderPayable:
    """The payments service's view of what an order needs before the maker confirms it (full price or
    deposit)."""

    kind = PAYABLE_KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due upfront for order ``payable_id``; refuses (not_found) an unknown order."""
        order = session.get(WholesaleOrder, payable_id)
        if order is None:
            raise not_found()
        _currency, upfront, _later = order_parts(order)
        terms = terms_of(order)
        reason = None
        if order.status == OrderStatus.cancelled:
            reason = _("This order was cancelled.")
        elif terms.kind == PaymentTerms.net:
            reason = _("This order is paid on invoice after shipment.")
        elif order.status != OrderStatus.awaiting_payment:
            reason = _("This order has already been paid.")
        if terms.kind == PaymentTerms.deposit:
            description = _("Deposit (%(percent)d%%) for order #%(id)d from %(maker)s",
                            percent=terms.deposit_percent or 0, id=order.id, maker=_maker_name(session, order))
        else:
            description = _("Wholesale order #%(id)d from %(maker)s", id=order.id, maker=_maker_name(session, order))
        return _info(session, order, self.kind, upfront, description, reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """Awaiting payment → paid, with the payment's reference on the timeline."""
        payment = session.get(Payment, payment_id)
        mark_paid(session, payable_id, payment_id, payment.reference if payment else None)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Note the refund on the timeline; a full refund before shipping cancels the order."""
        payment = session.get(Payment, payment_id)
        follow_refund(session, payable_id, format_amount(amount_minor, payment.currency), fully_refunded)

    def return_url(self, payable_id: int) -> str:
        """The buyer's order page."""
        return url_for("market_orders.detail", order_id=payable_id)


# While the balance (deposit terms) or the invoice (net terms) can be paid.
_BALANCE_OPEN = {
    PaymentTerms.deposit: (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production),
    PaymentTerms.net: (OrderStatus.shipped, OrderStatus.delivered),
}


class OrderBalancePayable:
    """The payments service's view of what an order needs later: the balance before shipment (deposit terms) or
    the invoice at shipment (net terms)."""

    kind = BALANCE_KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due later for order ``payable_id``; refuses (not_found) an unknown order."""
        order = session.get(WholesaleOrder, payable_id)
        if order is None:
            raise not_found()
        _currency, _upfront, later = order_parts(order)
        terms = terms_of(order)
        reason = None
        if order.status == OrderStatus.cancelled:
            reason = _("This order was cancelled.")
        elif terms.kind == PaymentTerms.prepaid or later <= 0:
            reason = _("Nothing more is due on this order.")
        elif order.status not in _BALANCE_OPEN[terms.kind]:
            reason = (_("The invoice is sent when the order ships.") if terms.kind == PaymentTerms.net
                      else _("The balance can be paid once the deposit is in."))
        if terms.kind == PaymentTerms.net:
            description = _("Invoice (net %(days)d) for order #%(id)d from %(maker)s", days=terms.net_days or 0,
                            id=order.id, maker=_maker_name(session, order))
        else:
            description = _("Balance for order #%(id)d from %(maker)s", id=order.id,
                            maker=_maker_name(session, order))
        return _info(session, order, self.kind, later, description, reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """Note the balance (or invoice) paid on the timeline and tell both sides."""
        payment = session.get(Payment, payment_id)
        mark_balance_paid(session, payable_id, payment.reference if payment else None)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Note the refund on the timeline (refunding the balance alone never cancels the order)."""
        payment = session.get(Payment, payment_id)
        follow_refund(session, payable_id, format_amount(amount_minor, payment.currency), False)

    def return_url(self, payable_id: int) -> str:
        """The buyer's order page."""
        return url_for("market_orders.detail", order_id=payable_id)


ADAPTER = WholesaleOrderPayable()
BALANCE_ADAPTER = OrderBalancePayable()
ADAPTERS = (ADAPTER, BALANCE_ADAPTER)
