"""Read models of orders: an order's page with everything it shows and the steps the viewer may take, and the
lists of orders (the customer's, and the workshop's queue with what to do next)."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from market.accounts.models import Organization, User
from market.jewelry import tracking
from market.jewelry.models import (
    JewelryDesign,
    JewelryOrder,
    JewelryOrderEvent,
    JewelryOrderPhoto,
    JewelryOrderStatus,
    JewelryQuote,
    JewelryRole,
    MeshAnalysis,
)
from market.jewelry.services import schedule
from market.jewelry.services.access import workshop_org_ids
from market.jewelry.services.orders import (
    MAX_REVISIONS,
    PARTIES,
    get_order,
    in_paid_currency,
    next_actions,
    refund_on_cancel_krw,
    roles_of,
)
from market.pages import offset

PER_PAGE = 30
# What the workshop's queue says is next for each status.
NEXT_STEP_LABELS = {
    JewelryOrderStatus.awaiting_payment: _l("Wait for the customer's payment"),
    JewelryOrderStatus.paid: _l("Print and cast the prototype"),
    JewelryOrderStatus.prototyping: _l("Upload photos of the prototype and ask for approval"),
    JewelryOrderStatus.prototype_ready: _l("Wait for the customer's approval"),
    JewelryOrderStatus.revision_requested: _l("Read the comments and make the prototype again"),
    JewelryOrderStatus.approved: _l("Download the file and the production sheet, then start production"),
    JewelryOrderStatus.in_production: _l("Finish the piece and send it to quality check"),
    JewelryOrderStatus.quality_check: _l("Check the piece and ship it with a tracking number"),
    JewelryOrderStatus.shipped: _l("Wait for delivery"),
    JewelryOrderStatus.delivered: _l("Done"),
    JewelryOrderStatus.cancelled: _l("Cancelled"),
}


@dataclasses.dataclass
class OrderDetail:
    """An order with everything its page shows, and the steps the viewer may take next."""

    order: JewelryOrder
    role: JewelryRole
    quote: JewelryQuote
    design: JewelryDesign
    analysis: MeshAnalysis
    workshop: Organization
    customer: User
    events: list[tuple[JewelryOrderEvent, User | None]]
    photos: list[JewelryOrderPhoto]
    actions: list[JewelryOrderStatus]
    refund_on_cancel_krw: int
    stages: list[schedule.Stage]

    @property
    def refund_on_cancel(self):
        """What cancelling now refunds, in the currency the customer paid in."""
        return in_paid_currency(self.order, self.refund_on_cancel_krw)

    @property
    def refund_due(self):
        """The refund due after a cancellation, in the currency the customer paid in (None if none)."""
        if not self.order.refund_due_krw:
            return None
        return in_paid_currency(self.order, self.order.refund_due_krw)

    @property
    def tracking_url(self) -> str | None:
        """The carrier's page tracking the parcel, once shipped (None for an unknown carrier)."""
        return tracking.tracking_url(self.order.carrier, self.order.tracking_number)

    @property
    def expected_delivery(self):
        """The day the order is expected to be (or was) delivered."""
        return schedule.expected_on(self.stages, JewelryOrderStatus.delivered)

    @property
    def revisions_left(self) -> int:
        return max(MAX_REVISIONS - self.order.revisions, 0)

    @property
    def next_step(self) -> str:
        """What the workshop's queue says is next."""
        return str(NEXT_STEP_LABELS[JewelryOrderStatus(self.order.status)])


def order_detail(session: Session, user, order_id: int, role: JewelryRole | None = None) -> OrderDetail:
    """An order's page as ``role`` (by default the first part ``user`` plays in it: customer, workshop,
    staff); refuses (not_found) anyone who does not play that role."""
    order = get_order(session, user, order_id, role)
    if role is None:
        role = next(r for r in PARTIES if r in roles_of(session, user, order))
    row = session.get(JewelryQuote, order.quote_id)
    design = session.get(JewelryDesign, row.design_id)
    events = [tuple(e) for e in session.exec(
        select(JewelryOrderEvent, User).outerjoin(User, User.id == JewelryOrderEvent.actor_id)
        .where(JewelryOrderEvent.order_id == order.id)
        .order_by(JewelryOrderEvent.created_at, JewelryOrderEvent.id))]
    photos = list(session.exec(select(JewelryOrderPhoto).where(JewelryOrderPhoto.order_id == order.id)
                               .order_by(JewelryOrderPhoto.created_at, JewelryOrderPhoto.id)))
    actions = next_actions(order.status, role)
    if role == JewelryRole.customer and JewelryOrderStatus.revision_requested in actions \
            and order.revisions >= MAX_REVISIONS:
        actions.remove(JewelryOrderStatus.revision_requested)
    stages = schedule.order_stages(order, [e for e, _actor in events],
                                   schedule.lead_time_of(session, order.workshop_org_id))
    return OrderDetail(order, role, row, design, session.get(MeshAnalysis, design.analysis_id),
                       session.get(Organization, order.workshop_org_id), session.get(User, order.customer_id),
                       events, photos, actions, refund_on_cancel_krw(order), stages)


@dataclasses.dataclass
class OrderRow:
    """An order in a list with its design's name and the other party."""

    order: JewelryOrder
    design: JewelryDesign
    quote: JewelryQuote
    counterpart: str


def list_orders(session: Session, user, role: JewelryRole, status: str | None = None, page: int = 1
                ) -> tuple[list[OrderRow], int]:
    """The customer's orders, or the orders of the user's workshops (the queue: open orders first, oldest
    first), one page at a time."""
    if role == JewelryRole.customer:
        where = [JewelryOrder.customer_id == user.id]
        order_by = [JewelryOrder.created_at.desc(), JewelryOrder.id.desc()]
    else:
        where = [JewelryOrder.workshop_org_id.in_(workshop_org_ids(session, user) or {0})]
        finished = sa.case((JewelryOrder.status.in_(("delivered", "cancelled", "shipped")), 1), else_=0)
        order_by = [finished, JewelryOrder.updated_at, JewelryOrder.id]
    if status in {s.value for s in JewelryOrderStatus}:
        where.append(JewelryOrder.status == status)
    total = session.exec(select(func.count()).select_from(JewelryOrder).where(*where)).one()
    rows = session.exec(select(JewelryOrder, JewelryQuote, JewelryDesign)
                        .join(JewelryQuote, JewelryQuote.id == JewelryOrder.quote_id)
                        .join(JewelryDesign, JewelryDesign.id == JewelryQuote.design_id)
                        .where(*where).order_by(*order_by)
                        .offset(offset(page, PER_PAGE)).limit(PER_PAGE))
    result = []
    names = {}
    for order, row, design in rows:
        if role == JewelryRole.customer:
            if order.workshop_org_id not in names:
                names[order.workshop_org_id] = session.get(Organization, order.workshop_org_id).name
            other = names[order.workshop_org_id]
        else:
            customer = session.get(User, order.customer_id)
            other = customer.display_name if customer else "—"
        result.append(OrderRow(order, design, row, other))
    return result, total
