"""Wholesale orders as payables (kind ``wholesale_order``): the buyer pays the order's subtotal in the currency
and at the rate it saw when ordering; the money is owed to the maker, less the platform's commission.
:data:`ADAPTER` is given to the payments service by the app factory.
"""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, MembershipRole, Organization
from market.orders.models import OrderStatus, WholesaleOrder
from market.orders.services.common import PAYABLE_KIND, not_found
from market.orders.services.orders import follow_refund, mark_paid
from market.payments.amounts import to_minor
from market.payments.models import Payment
from market.payments.payables import PayableInfo
from market.payments.services import format_amount


def order_amount(order: WholesaleOrder) -> tuple[str, int]:
    """(currency, amount in minor units) the buyer pays: the subtotal in won converted at the order's rate into
    the currency shown at checkout, rounded half up to that currency's minor units; won when no rate was kept."""
    currency = (order.display_currency or "KRW").upper()
    rate = Decimal(order.display_rate) if order.display_rate else None
    if currency == "KRW" or not rate or rate <= 0:
        return "KRW", int(order.subtotal_krw)
    return currency, to_minor(Decimal(order.subtotal_krw) / rate, currency)


def _payer_user_id(session: Session, order: WholesaleOrder) -> int | None:
    if order.placed_by_id:
        return order.placed_by_id
    return session.exec(select(Membership.user_id).where(Membership.organization_id == order.buyer_org_id)
                        .order_by(Membership.role != MembershipRole.owner, Membership.id)).first()


class WholesaleOrderPayable:
    """The payments service's view of a wholesale order."""

    kind = PAYABLE_KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due for order ``payable_id``; refuses (not_found) an unknown order."""
        order = session.get(WholesaleOrder, payable_id)
        if order is None:
            raise not_found()
        currency, amount_minor = order_amount(order)
        maker = session.get(Organization, order.maker_org_id)
        reason = None
        if order.status == OrderStatus.cancelled:
            reason = _("This order was cancelled.")
        elif order.status != OrderStatus.awaiting_payment:
            reason = _("This order has already been paid.")
        return PayableInfo(
            kind=self.kind, id=order.id, currency=currency, amount_minor=amount_minor,
            amount_krw=int(order.subtotal_krw),
            description=_("Wholesale order #%(id)d from %(maker)s", id=order.id, maker=maker.name if maker else ""),
            payer_user_id=_payer_user_id(session, order), payee_org_id=order.maker_org_id,
            payer_org_id=order.buyer_org_id, payable=reason is None, reason=reason)

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


ADAPTER = WholesaleOrderPayable()
