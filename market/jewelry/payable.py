"""Jewelry orders as payables (kind ``jewelry_order``): what the payments service collects for an order and how
an order follows a payment or a refund. :data:`ADAPTER` is registered by the app factory.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session

from market.jewelry.models import JewelryDesign, JewelryOrder, JewelryOrderStatus, JewelryQuote
from market.jewelry.services.access import not_found
from market.jewelry.services.orders import mark_paid, record_refund, status_label
from market.payments.amounts import to_minor
from market.payments.payables import PayableInfo

KIND = "jewelry_order"


class JewelryOrderPayable:
    """The payments service's view of a jewelry order: the quote's total in the quote's currency, owed to the
    workshop; payable only while the order awaits payment."""

    kind = KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due for order ``payable_id``; refuses (not_found) an unknown order."""
        order = session.get(JewelryOrder, payable_id)
        if order is None:
            raise not_found(_("Order not found."))
        quote = session.get(JewelryQuote, order.quote_id)
        design = session.get(JewelryDesign, quote.design_id)
        payable = order.status == JewelryOrderStatus.awaiting_payment
        reason = None if payable else _("This order is %(status)s and takes no payment.",
                                        status=status_label(order.status))
        return PayableInfo(
            kind=KIND, id=order.id, currency=order.currency, amount_minor=to_minor(order.total, order.currency),
            amount_krw=order.total_krw,
            description=_("Jewelry order #%(id)d: %(design)s", id=order.id, design=design.name),
            payer_user_id=order.customer_id, payee_org_id=order.workshop_org_id, payer_org_id=None,
            payable=payable, reason=reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """Awaiting payment → paid, with a timeline entry and the workshop told to start the prototype."""
        mark_paid(session, payable_id, payment_id)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Record the refund on the timeline; a full refund cancels the order where the stage allows it."""
        record_refund(session, payable_id, payment_id, amount_minor, fully_refunded)

    def return_url(self, payable_id: int) -> str:
        """The customer's order page (in the request's language; without a request, a path that redirects to
        the visitor's)."""
        try:
            return url_for("market_jewelry.order", order_id=payable_id)
        except RuntimeError:
            return f"/jewelry/orders/{payable_id}"


# The adapter the app factory registers with :func:`market.payments.payables.init_app`.
ADAPTER = JewelryOrderPayable()
