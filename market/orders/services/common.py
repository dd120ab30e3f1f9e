"""What the cart and the orders share: the refusal, the labels of statuses and steps, limits, and the
organisations a user orders for or sells from."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.orders.models import OrderStatus
from market.refusals import Refusal

PAYABLE_KIND = "wholesale_order"  # the payment due before confirmation: the full price or the deposit
BALANCE_KIND = "order_balance"  # the payment due later: the balance before shipment, or the net-terms invoice
MAX_NOTE = 2000
PER_PAGE = 30

STATUS_LABELS = {
    OrderStatus.awaiting_payment: _l("Awaiting payment"),
    OrderStatus.placed: _l("Placed"),
    OrderStatus.paid: _l("Paid"),
    OrderStatus.confirmed: _l("Confirmed"),
    OrderStatus.in_production: _l("In production"),
    OrderStatus.shipped: _l("Shipped"),
    OrderStatus.delivered: _l("Delivered"),
    OrderStatus.cancelled: _l("Cancelled"),
}

# The button each step shows to the party allowed to make it.
ACTION_LABELS = {
    OrderStatus.confirmed: _l("Confirm the order"),
    OrderStatus.in_production: _l("Start production"),
    OrderStatus.shipped: _l("Mark as shipped"),
    OrderStatus.delivered: _l("Mark as delivered"),
    OrderStatus.cancelled: _l("Cancel the order"),
}


class OrderError(Refusal):
    """A refused cart or order operation."""


def not_found() -> OrderError:
    """The refusal for an order that does not exist or is not the user's side's."""
    return OrderError(_("Order not found."), code="not_found", status=404)


def status_label(status) -> str:
    """An order status in words."""
    return str(STATUS_LABELS.get(OrderStatus(status), status))


def action_label(status) -> str:
    """The button text of the step to ``status``."""
    return str(ACTION_LABELS.get(OrderStatus(status), status))


def org_ids(session: Session, user: User, kind: OrganizationKind) -> set[int]:
    """The organisations of ``kind`` that ``user`` belongs to."""
    return set(session.exec(select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
                            .where(Membership.user_id == user.id, Organization.kind == kind)))


def buyer_organizations(session: Session, user: User) -> list[Organization]:
    """The buyer organisations ``user`` belongs to, by name (those it may order for)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.buyer)
        .order_by(Organization.name)))
