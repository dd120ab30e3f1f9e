"""Orders from accepted quotes as payables (kind ``rfq_order``): the buyer pays the quote's total in the quote's
currency; the maker is owed it less the commission.

It lives with payments because the RFQ package has no payment code of its own: an :class:`RfqOrder` only waits
for payment, and becomes ``paid`` (or ``cancelled`` when refunded in full) here. Registered on import.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.money import latest_rates, to_krw
from market.accounts.models import Membership, MembershipRole, Organization
from market.payments.amounts import to_minor
from market.payments.payables import PayableInfo, register_payable
from market.rfq.models import Rfq, RfqOrder, RfqOrderStatus, Side

PAID = "paid"
CANCELLED = "cancelled"


class RfqOrderPayable:
    """The payments service's view of an order from an accepted quote."""

    kind = "rfq_order"

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        from market.payments.services import PaymentError

        order = session.get(RfqOrder, payable_id)
        if order is None:
            raise PaymentError(_("Order not found."), code="not_found", status=404)
        rfq = session.get(Rfq, order.rfq_id)
        currency = order.currency.upper()
        amount_krw = to_krw(order.total, currency, latest_rates(session))
        reason = None
        if order.status == CANCELLED:
            reason = _("This order was cancelled.")
        elif order.status != RfqOrderStatus.awaiting_payment:
            reason = _("This order has already been paid.")
        elif amount_krw is None:
            reason = _("There is no exchange rate for %(currency)s yet.", currency=currency)
        payer = rfq.created_by_id if rfq else None
        if payer is None:
            payer = session.exec(select(Membership.user_id).where(Membership.organization_id == order.buyer_org_id)
                                 .order_by(Membership.role != MembershipRole.owner, Membership.id)).first()
        maker = session.get(Organization, order.maker_org_id)
        return PayableInfo(kind=self.kind, id=order.id, currency=currency, amount_minor=to_minor(order.total, currency),
                           amount_krw=amount_krw or 0,
                           description=_("Order #%(id)d from %(maker)s (accepted quote)", id=order.id,
                                         maker=maker.name if maker else ""),
                           payer_user_id=payer, payee_org_id=order.maker_org_id, payer_org_id=order.buyer_org_id,
                           payable=reason is None, reason=reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        result = session.exec(sa.update(RfqOrder)
                              .where(RfqOrder.id == payable_id, RfqOrder.status == RfqOrderStatus.awaiting_payment)
                              .values(status=PAID).execution_options(synchronize_session=False))
        if result.rowcount == 1:
            self._notify(session, payable_id, lambda order: _(
                "Order #%(id)d from an accepted quote has been paid.", id=order.id))

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        if fully_refunded:
            session.exec(sa.update(RfqOrder).where(RfqOrder.id == payable_id, RfqOrder.status == PAID)
                         .values(status=CANCELLED).execution_options(synchronize_session=False))
        from market.payments.models import Payment
        from market.payments.services import format_amount

        payment = session.get(Payment, payment_id)
        amount = format_amount(amount_minor, payment.currency)
        self._notify(session, payable_id, lambda order: _(
            "Order #%(id)d from an accepted quote: %(amount)s refunded.", id=order.id, amount=amount))

    def return_url(self, payable_id: int) -> str:
        from market.db import get_session

        order = get_session().get(RfqOrder, payable_id)
        return url_for("market_rfq.detail", rfq_id=order.rfq_id) if order else url_for("market_rfq.index")

    @staticmethod
    def _notify(session: Session, payable_id: int, message) -> None:
        from market.rfq.services import _notify_side

        order = session.get(RfqOrder, payable_id)
        rfq = session.get(Rfq, order.rfq_id)
        session.refresh(order)
        for side in (Side.buyer, Side.maker):
            _notify_side(session, rfq, side, None, "rfq.order_payment", lambda: message(order))


register_payable(RfqOrderPayable())
