"""Wholesale orders as payables (kind ``wholesale_order``): the buyer pays the order's subtotal in the currency
and at the rate it saw when ordering; the money is owed to the maker, less the platform's commission.

Registered on import; :mod:`market.payments.adapters` imports this module when the app starts.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, MembershipRole, Organization
from market.orders import services
from market.orders.models import OrderStatus, WholesaleOrder
from market.payments.amounts import iso_exponent, to_minor
from market.payments.payables import PayableInfo, register_payable


def order_amount(order: WholesaleOrder) -> tuple[str, int]:
    """(currency, amount in minor units) the buyer pays: the subtotal in won converted at the order's rate into
    the currency shown at checkout, rounded to that currency's minor units; won when no rate was kept."""
    currency = (order.display_currency or "KRW").upper()
    rate = Decimal(order.display_rate) if order.display_rate else None
    if currency == "KRW" or not rate or rate <= 0:
        return "KRW", int(order.subtotal_krw)
    amount = (Decimal(order.subtotal_krw) / rate).quantize(Decimal(1).scaleb(-iso_exponent(currency)),
                                                           rounding=ROUND_HALF_UP)
    return currency, to_minor(amount, currency)


def _payer_user_id(session: Session, order: WholesaleOrder) -> int | None:
    if order.placed_by_id:
        return order.placed_by_id
    return session.exec(select(Membership.user_id).where(Membership.organization_id == order.buyer_org_id)
                        .order_by(Membership.role != MembershipRole.owner, Membership.id)).first()


class WholesaleOrderPayable:
    """The payments service's view of a wholesale order."""

    kind = services.PAYABLE_KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        order = session.get(WholesaleOrder, payable_id)
        if order is None:
            raise services.OrderError(_("Order not found."), code="not_found", status=404)
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
        from market.payments.models import Payment

        payment = session.get(Payment, payment_id)
        services.mark_paid(session, payable_id, payment_id, payment.reference if payment else None)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        from market.payments.models import Payment
        from market.payments.services import format_amount

        payment = session.get(Payment, payment_id)
        services.follow_refund(session, payable_id, format_amount(amount_minor, payment.currency), fully_refunded)

    def return_url(self, payable_id: int) -> str:
        return url_for("market_orders.detail", order_id=payable_id)


register_payable(WholesaleOrderPayable())
