"""Orders after they are placed (from the cart, a quote or a sample offer): what each side sees, and the status
moves along :data:`~market.orders.models.ORDER_TRANSITIONS` — the parties' steps, and the payments service's
(paid, and a cancellation when refunded in full) — each recorded on the timeline and told to the other side.

The payment terms add two rules: under deposit terms the maker cannot ship before the balance is paid, and under
net terms shipping sends the invoice, due ``net_days`` later."""

from __future__ import annotations

import dataclasses
from urllib.parse import quote, quote_plus

from flask_babel import format_date
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import Organization, OrganizationKind, User
from market.db import utcnow
from market.notifications.services import notify_members
from market.orders.models import (
    ORDER_TRANSITIONS,
    OrderReview,
    OrderRole,
    OrderStatus,
    PaymentTerms,
    WholesaleOrder,
    WholesaleOrderEvent,
    WholesaleOrderLine,
)
from market.orders.services.common import (
    BALANCE_KIND,
    MAX_NOTE,
    PAYABLE_KIND,
    PER_PAGE,
    STATUS_LABELS,
    OrderError,
    not_found,
    org_ids,
    status_label,
)
from market.orders.services.terms import Terms, due_date, terms_of
from market.pages import offset
from market.payments import services as payments
from market.payments.models import PAID_STATUSES
from market.transitions import allowed_steps, apply_transition, check_transition

MAX_TRACKING = 80

# Tracking pages of the carriers makers in Seoul ship with; the number is appended (URL-quoted).
TRACKING_URLS = {
    "dhl": "https://www.dhl.com/global-en/home/tracking/tracking-express.html?tracking-id=",
    "fedex": "https://www.fedex.com/fedextrack/?trknbr=",
    "ups": "https://www.ups.com/track?tracknum=",
    "ems": "https://service.epost.go.kr/trace.RetrieveEmsRigiTraceList.comm?POST_CODE=",
    "korea post": "https://service.epost.go.kr/trace.RetrieveEmsRigiTraceList.comm?POST_CODE=",
    "cj": "https://www.cjlogistics.com/en/tool/parcel/tracking?gnbInvcNo=",
    "cj logistics": "https://www.cjlogistics.com/en/tool/parcel/tracking?gnbInvcNo=",
}


def tracking_url(carrier: str | None, tracking_number: str | None) -> str | None:
    """The carrier's tracking page for the number (a known carrier), else a web search for both."""
    if not carrier or not tracking_number:
        return None
    base = TRACKING_URLS.get(carrier.strip().lower())
    if base:
        return base + quote(tracking_number.strip(), safe="")
    return "https://www.google.com/search?q=" + quote_plus(f"{carrier} {tracking_number}")


def balance_paid(session: Session, order: WholesaleOrder) -> bool:
    """Whether the order's later payment (balance or invoice) has been received."""
    payment = payments.payment_for(session, BALANCE_KIND, order.id)
    return payment is not None and payment.status in PAID_STATUSES


def get_order(session: Session, user: User, order_id: int, role: OrderRole) -> WholesaleOrder:
    """The order seen as ``role`` (buyer or maker); refuses (not_found) anyone outside that organisation."""
    order = session.get(WholesaleOrder, order_id)
    if order is None or not getattr(user, "is_authenticated", False):
        raise not_found()
    if role == OrderRole.buyer:
        allowed = order.buyer_org_id in org_ids(session, user, OrganizationKind.buyer)
    elif role == OrderRole.maker:
        allowed = order.maker_org_id in org_ids(session, user, OrganizationKind.maker)
    else:
        allowed = False
    if not allowed:
        raise not_found()
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
    where = [own.in_(org_ids(session, user, kind) or {0})]
    if status in {s.value for s in OrderStatus}:
        where.append(WholesaleOrder.status == status)
    total = session.exec(select(func.count()).select_from(WholesaleOrder).where(*where)).one()
    rows = session.exec(select(WholesaleOrder, Organization).join(Organization, Organization.id == other)
                        .where(*where).order_by(WholesaleOrder.created_at.desc(), WholesaleOrder.id.desc())
                        .offset(offset(page, PER_PAGE)).limit(PER_PAGE))
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
    payment: payments.Payment | None = None  # the upfront payment (full price or deposit), once paying started
    balance_payment: payments.Payment | None = None  # the balance or the net-terms invoice, once paying started
    review: OrderReview | None = None

    @property
    def terms(self) -> Terms:
        """The order's payment terms."""
        return terms_of(self.order)

    @property
    def can_pay(self) -> bool:
        """Whether the buyer is shown the way to pay what is due upfront."""
        return (self.role == OrderRole.buyer and self.order.status == OrderStatus.awaiting_payment
                and self.terms.kind != PaymentTerms.net)

    @property
    def balance_due(self) -> bool:
        """Whether a balance (deposit terms, after the deposit) or an invoice (net terms, after shipment) is open."""
        if self.balance_payment is not None and self.balance_payment.status in PAID_STATUSES:
            return False
        status = OrderStatus(self.order.status)
        if self.terms.kind == PaymentTerms.deposit:
            return status in (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production)
        if self.terms.kind == PaymentTerms.net:
            return status in (OrderStatus.shipped, OrderStatus.delivered)
        return False

    @property
    def balance_is_paid(self) -> bool:
        """Whether the balance or invoice has been received."""
        return self.balance_payment is not None and self.balance_payment.status in PAID_STATUSES

    @property
    def tracking_url(self) -> str | None:
        """The carrier's tracking page, once shipped."""
        return tracking_url(self.order.carrier, self.order.tracking_number)

    @property
    def can_review(self) -> bool:
        """Whether the buyer may rate the maker now (delivered, not yet rated)."""
        return (self.role == OrderRole.buyer and self.order.status == OrderStatus.delivered
                and self.review is None)


def order_detail(session: Session, user: User, order_id: int, role: OrderRole) -> OrderDetail:
    """An order's page as ``role``; refuses (not_found) anyone outside that side."""
    order = get_order(session, user, order_id, role)
    lines = list(session.exec(select(WholesaleOrderLine).where(WholesaleOrderLine.order_id == order.id)
                              .order_by(WholesaleOrderLine.id)))
    events = list(session.exec(select(WholesaleOrderEvent, User).outerjoin(User, User.id == WholesaleOrderEvent.actor_id)
                               .where(WholesaleOrderEvent.order_id == order.id)
                               .order_by(WholesaleOrderEvent.created_at, WholesaleOrderEvent.id)))
    return OrderDetail(order, role, session.get(Organization, order.buyer_org_id),
                       session.get(Organization, order.maker_org_id), lines, [tuple(e) for e in events],
                       allowed_steps(ORDER_TRANSITIONS, order.status, role),
                       payments.payment_for(session, PAYABLE_KIND, order.id),
                       payments.payment_for(session, BALANCE_KIND, order.id),
                       session.exec(select(OrderReview).where(OrderReview.order_id == order.id)).first())


def move_order(session: Session, user: User, order_id: int, to, *, role: OrderRole, expected: str | None = None,
               note: str | None = None, carrier: str | None = None, tracking_number: str | None = None
               ) -> WholesaleOrder:
    """Move an order to ``to`` as ``role``, from the status the actor saw (``expected``, else the current one).

    One conditional UPDATE (WHERE status = expected), so of two concurrent clicks only one applies. Cancelling
    cancels an open payment, or refunds a paid one in full (the payment is locked first). Refuses outsiders
    (not_found), steps outside :data:`ORDER_TRANSITIONS` or not the role's (409/403), an order that changed since
    (409), a cancellation while the payment has just gone through (409), and shipping without carrier and
    tracking number, and (409, ``balance_unpaid``) shipping under deposit terms before the balance is paid."""
    order = get_order(session, user, order_id, role)
    try:
        to = OrderStatus(to)
        current = OrderStatus(expected or order.status)
    except ValueError:
        raise OrderError(_("This is not a step an order can take."), code="wrong_state", status=409) from None
    check_transition(ORDER_TRANSITIONS, current, to, role, label=status_label)
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
        terms = terms_of(order)
        if terms.kind == PaymentTerms.deposit:
            # The balance payment is locked first, so a refund or payment racing this step waits for it.
            payment = payments.payment_for(session, BALANCE_KIND, order.id)
            if payment is not None:
                payments.lock_payment(session, payment.id)
            if not balance_paid(session, order):
                raise OrderError(_("The buyer has not paid the balance yet. You can ship once it is paid."),
                                 code="balance_unpaid", status=409)
        elif terms.kind == PaymentTerms.net:
            values["balance_due_at"] = due_date(utcnow(), terms)
    if to == OrderStatus.cancelled:
        _settle_payment_before_cancel(session, order, current)
    apply_transition(session, order, ORDER_TRANSITIONS, to, role=role, expected=current, values=values,
                     event=WholesaleOrderEvent(order_id=order.id, actor_id=user.id, from_status=current,
                                               to_status=to, note=note), label=status_label)
    other = OrderRole.maker if role == OrderRole.buyer else OrderRole.buyer
    _notify(session, order, other, user.id, f"order_{to.value}", _step_message(order, to))
    if to == OrderStatus.cancelled:
        reason = _("Order cancelled before production: refunded in full.")
        for kind in (PAYABLE_KIND, BALANCE_KIND):
            payments.refund_payable(session, user, kind, order.id, reason)
    return order


def _step_message(order: WholesaleOrder, to: OrderStatus):
    """The notice of a step, called in each recipient's language: shipping names the carrier, the tracking
    number and link, and (net terms) the invoice's due date."""
    if to == OrderStatus.shipped:
        def shipped() -> str:
            text = _("Order #%(id)d has shipped with %(carrier)s, tracking number %(number)s: %(link)s",
                     id=order.id, carrier=order.carrier, number=order.tracking_number,
                     link=tracking_url(order.carrier, order.tracking_number))
            if order.balance_due_at is not None:
                text += "\n" + _("The invoice is due on %(date)s.", date=format_date(order.balance_due_at))
            return text
        return shipped
    return lambda: _("Order #%(id)d is now: %(status)s.", id=order.id, status=STATUS_LABELS[to])


# --- the payments service's steps ------------------------------------------------------------------------------


def _settle_payment_before_cancel(session: Session, order: WholesaleOrder, current: OrderStatus) -> None:
    """Before a cancellation: lock the order's payment (payment before order, the order every payment path
    takes), and cancel it when nothing was paid yet."""
    for kind in (PAYABLE_KIND, BALANCE_KIND):
        payment = payments.payment_for(session, kind, order.id)
        if payment is None:
            continue
        payments.lock_payment(session, payment.id)
        if payment.status not in PAID_STATUSES:
            payments.cancel_payment_for(session, kind, order.id)


def mark_paid(session: Session, order_id: int, payment_id: int, reference: str | None = None) -> WholesaleOrder | None:
    """The payments service says the order's money is in: awaiting payment → paid, an event on the timeline, and
    both sides notified. An order no longer awaiting payment is left as it is."""
    order = session.get(WholesaleOrder, order_id)
    if order is None:
        return None
    session.refresh(order)
    if order.status != OrderStatus.awaiting_payment:
        return order
    apply_transition(session, order, ORDER_TRANSITIONS, OrderStatus.paid, role=OrderRole.payments,
                     event=WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=order.status,
                                               to_status=OrderStatus.paid, note=reference), label=status_label)
    _notify(session, order, OrderRole.maker, None, "order_paid",
            lambda: _("Wholesale order #%(id)d is now: %(status)s.", id=order.id,
                      status=STATUS_LABELS[OrderStatus.paid]))
    _notify(session, order, OrderRole.buyer, None, "order_paid",
            lambda: _("Your payment for wholesale order #%(id)d was received.", id=order.id))
    return order


def mark_balance_paid(session: Session, order_id: int, reference: str | None = None) -> WholesaleOrder | None:
    """The payments service says the order's balance (or net-terms invoice) is paid: a timeline event, and both
    sides told (the maker may ship now under deposit terms). The status does not change."""
    order = session.get(WholesaleOrder, order_id)
    if order is None:
        return None
    current = OrderStatus(order.status)
    session.add(WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=current, to_status=current,
                                    note=_("Balance paid") + (f" ({reference})" if reference else "")))
    session.flush()
    _notify(session, order, OrderRole.maker, None, "order_balance_paid",
            lambda: _("The balance of order #%(id)d was paid. You can ship it now.", id=order.id))
    _notify(session, order, OrderRole.buyer, None, "order_balance_paid",
            lambda: _("Your balance payment for order #%(id)d was received.", id=order.id))
    return order


def follow_refund(session: Session, order_id: int, refunded: str, fully_refunded: bool) -> WholesaleOrder | None:
    """A refund was made on the order's payment (``refunded`` is the formatted amount): a full refund before
    shipping cancels the order; any refund is noted on the timeline and told to both sides."""
    order = session.get(WholesaleOrder, order_id)
    if order is None:
        return None
    current = OrderStatus(order.status)
    note = _("Refunded: %(amount)s", amount=refunded)
    if fully_refunded and OrderStatus.cancelled in allowed_steps(ORDER_TRANSITIONS, current, OrderRole.payments):
        apply_transition(session, order, ORDER_TRANSITIONS, OrderStatus.cancelled, role=OrderRole.payments,
                         expected=current, label=status_label,
                         event=WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=current,
                                                   to_status=OrderStatus.cancelled, note=note))
    else:
        session.add(WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=current, to_status=current,
                                        note=note))
        session.flush()
    for side in (OrderRole.buyer, OrderRole.maker):
        _notify(session, order, side, None, "order_refunded",
                lambda: _("Wholesale order #%(id)d: %(amount)s refunded.", id=order.id, amount=refunded))
    return order


def _notify(session: Session, order: WholesaleOrder, side: OrderRole, actor_id: int | None, kind: str,
            message) -> None:
    """Tell the members of ``side``'s organisation (not the actor), each in their language, with a link to the
    order as that side sees it."""
    if side == OrderRole.buyer:
        notify_members(session, order.buyer_org_id, kind, message, "market_orders.detail",
                       exclude_user_id=actor_id, order_id=order.id)
    else:
        notify_members(session, order.maker_org_id, kind, message, "market_orders.sale",
                       exclude_user_id=actor_id, order_id=order.id)
