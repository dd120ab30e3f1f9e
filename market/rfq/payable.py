"""Orders from accepted quotes as payables (kind ``rfq_order``): the buyer pays the quote's total in the quote's
currency; the maker is owed it less the commission. An :class:`~market.rfq.models.RfqOrder` waits for payment,
becomes paid, and is cancelled when refunded in full (:data:`~market.rfq.models.RFQ_ORDER_TRANSITIONS`).
:data:`ADAPTER` is given to the payments service by the app factory.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.money import latest_rates, to_krw
from market.accounts.models import Membership, MembershipRole, Organization
from market.db import get_session
from market.payments.amounts import to_minor
from market.payments.models import Payment
from market.payments.payables import PayableInfo
from market.payments.services import format_amount
from market.rfq.models import PAYMENTS, RFQ_ORDER_TRANSITIONS, Rfq, RfqOrder, RfqOrderStatus, Side
from market.rfq.services.common import RfqError, notify_side
from market.transitions import apply_transition

KIND = "rfq_order"


def _move(session: Session, order: RfqOrder, to: RfqOrderStatus) -> None:
    apply_transition(session, order, RFQ_ORDER_TRANSITIONS, to, role=PAYMENTS)


def _notify(session: Session, order: RfqOrder, message) -> None:
    """Tell both parties of the order's RFQ."""
    rfq = session.get(Rfq, order.rfq_id)
    for side in (Side.buyer, Side.maker):
        notify_side(session, rfq, side, None, "rfq.order_payment", message)


class RfqOrderPayable:
    """The payments service's view of an order from an accepted quote."""

    kind = KIND

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due for order ``payable_id``; refuses (not_found) an unknown order."""
        order = session.get(RfqOrder, payable_id)
        if order is None:
            raise RfqError(_("Order not found."), code="not_found", status=404)
        rfq = session.get(Rfq, order.rfq_id)
        currency = order.currency.upper()
        amount_krw = to_krw(order.total, currency, latest_rates(session))
        reason = None
        if order.status == RfqOrderStatus.cancelled:
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
        """Awaiting payment → paid, and both parties told; an order no longer awaiting payment stays as it is."""
        order = session.get(RfqOrder, payable_id)
        if order is None or order.status != RfqOrderStatus.awaiting_payment:
            return
        _move(session, order, RfqOrderStatus.paid)
        _notify(session, order, lambda: _("Order #%(id)d from an accepted quote has been paid.", id=order.id))

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """A full refund cancels a paid order; both parties are told of every refund."""
        order = session.get(RfqOrder, payable_id)
        if fully_refunded and order.status == RfqOrderStatus.paid:
            _move(session, order, RfqOrderStatus.cancelled)
        payment = session.get(Payment, payment_id)
        amount = format_amount(amount_minor, payment.currency)
        _notify(session, order, lambda: _("Order #%(id)d from an accepted quote: %(amount)s refunded.", id=order.id,
                                          amount=amount))

    def return_url(self, payable_id: int) -> str:
        """The RFQ's page (the list of RFQs when the order is gone)."""
        order = get_session().get(RfqOrder, payable_id)
        return url_for("market_rfq.detail", rfq_id=order.rfq_id) if order else url_for("market_rfq.index")


ADAPTER = RfqOrderPayable()
