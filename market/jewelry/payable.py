"""Jewelry orders as payables (kind ``jewelry_order``): what the payments service collects for an order and how
an order follows a payment or a refund. Registered when this module is imported (the jewelry views import it).
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_precision
from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session

from market.jewelry import services
from market.jewelry.models import JewelryDesign, JewelryOrder, JewelryOrderStatus, JewelryQuote
from market.payments.payables import PayableInfo, register_payable

KIND = "jewelry_order"


def amount_minor(amount: Decimal, currency: str) -> int:
    """An amount in a currency's minor units (cents; KRW, JPY and VND have none)."""
    return int((Decimal(amount) * (10 ** get_currency_precision(currency))).to_integral_value())


class JewelryOrderPayable:
    """The payments service's view of a jewelry order: the quote's total in the quote's currency, owed to the
    workshop; payable only while the order awaits payment."""

    kind = KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due for order ``payable_id``; raises :class:`services.JewelryError` (not_found) for others."""
        order = session.get(JewelryOrder, payable_id)
        if order is None:
            raise services.JewelryError(_("Order not found."), code="not_found", status=404)
        quote = session.get(JewelryQuote, order.quote_id)
        design = session.get(JewelryDesign, quote.design_id)
        payable = order.status == JewelryOrderStatus.awaiting_payment
        reason = None if payable else _("This order is %(status)s and takes no payment.",
                                        status=services.STATUS_LABELS[JewelryOrderStatus(order.status)])
        return PayableInfo(
            kind=KIND, id=order.id, currency=order.currency, amount_minor=amount_minor(order.total, order.currency),
            amount_krw=order.total_krw,
            description=_("Jewelry order #%(id)d: %(design)s", id=order.id, design=design.name),
            payer_user_id=order.customer_id, payee_org_id=order.workshop_org_id, payer_org_id=None,
            payable=payable, reason=reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """Awaiting payment → paid, with a timeline entry and the workshop told to start the prototype."""
        services.mark_paid(session, payable_id, payment_id)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Record the refund on the timeline; a full refund cancels the order where the stage allows it."""
        services.record_refund(session, payable_id, payment_id, amount_minor, fully_refunded)

    def return_url(self, payable_id: int) -> str:
        """The customer's order page (in the request's language; without a request, a path that redirects to
        the visitor's)."""
        try:
            return url_for("market_jewelry.order", order_id=payable_id)
        except RuntimeError:
            return f"/jewelry/orders/{payable_id}"


ADAPTER = register_payable(JewelryOrderPayable())
