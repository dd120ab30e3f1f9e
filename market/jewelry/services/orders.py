"""Orders and their state machine: placing an order for a quote (routed to a workshop), who plays which part in
it, and each step along :data:`~market.jewelry.models.ORDER_TRANSITIONS` (prototype, approval or revision,
production, shipping, cancelling with the refund due), including the payments service's steps (paid, refunded).

Every step goes through :func:`market.transitions.apply_transition`: one conditional UPDATE from the status the
actor saw, so of two concurrent steps only one applies, and a timeline event for the one that did.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pycountry
import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from i18n.locales import country_name
from i18n.money import format_money
from market.db import utcnow
from market.jewelry import quote, tracking
from market.jewelry.models import (
    ORDER_TRANSITIONS,
    JewelryDesign,
    JewelryOrder,
    JewelryOrderEvent,
    JewelryOrderPhoto,
    JewelryOrderStatus,
    JewelryRole,
)
from market.jewelry.services import notices, schedule
from market.jewelry.services.access import JewelryError, is_admin, not_found, signed_in, workshop_org_ids
from market.jewelry.services.quotes import get_quote, quote_is_valid
from market.jewelry.services.sizing import ensure_design_orderable
from market.jewelry.services.workshops import route_workshop
from market.transitions import allowed_steps, apply_transition, check_transition

MAX_ADDRESS = 1000
MAX_NOTE = 2000
MAX_TRACKING = 80
MAX_REVISIONS = 2
MAX_REFERENCE = 80

STATUS_LABELS = {
    JewelryOrderStatus.awaiting_payment: _l("Awaiting payment"),
    JewelryOrderStatus.paid: _l("Paid"),
    JewelryOrderStatus.prototyping: _l("Prototype being made"),
    JewelryOrderStatus.prototype_ready: _l("Prototype ready for approval"),
    JewelryOrderStatus.revision_requested: _l("Revision requested"),
    JewelryOrderStatus.approved: _l("Prototype approved"),
    JewelryOrderStatus.in_production: _l("In production"),
    JewelryOrderStatus.quality_check: _l("Quality check"),
    JewelryOrderStatus.shipped: _l("Shipped"),
    JewelryOrderStatus.delivered: _l("Delivered"),
    JewelryOrderStatus.cancelled: _l("Cancelled"),
}
# The button each step shows to the party allowed to make it.
ACTION_LABELS = {
    JewelryOrderStatus.prototyping: _l("Start the prototype"),
    JewelryOrderStatus.prototype_ready: _l("Prototype ready: ask for approval"),
    JewelryOrderStatus.approved: _l("Approve the prototype"),
    JewelryOrderStatus.revision_requested: _l("Request a revision"),
    JewelryOrderStatus.in_production: _l("Start production"),
    JewelryOrderStatus.quality_check: _l("Send to quality check"),
    JewelryOrderStatus.shipped: _l("Mark as shipped"),
    JewelryOrderStatus.delivered: _l("Confirm delivery"),
    JewelryOrderStatus.cancelled: _l("Cancel the order"),
}
# Steps whose button says something else from a particular status: from quality check, production is resumed.
ACTION_LABELS_FROM = {
    (JewelryOrderStatus.quality_check, JewelryOrderStatus.in_production): _l("Send back to production"),
}
# The parties an order's step can be taken by, in the order an API caller's role is chosen.
PARTIES = (JewelryRole.customer, JewelryRole.workshop, JewelryRole.staff)


def status_label(status) -> str:
    """An order status in words (the status itself when it is not one)."""
    try:
        return str(STATUS_LABELS[JewelryOrderStatus(status)])
    except ValueError:
        return str(status)


def action_label(status, from_status=None) -> str:
    """The button text of the step to ``status`` (from ``from_status``, when the step is named differently
    from there)."""
    try:
        to = JewelryOrderStatus(status)
        if from_status is not None and (JewelryOrderStatus(from_status), to) in ACTION_LABELS_FROM:
            return str(ACTION_LABELS_FROM[JewelryOrderStatus(from_status), to])
        return str(ACTION_LABELS[to])
    except (KeyError, ValueError):
        return str(status)


def in_paid_currency(order: JewelryOrder, amount_krw: int) -> Decimal:
    """A share of the order in won (a refund) as an amount of the currency the customer paid in: the same share
    of the total they paid, rounded to the currency's minor units."""
    if not order.total_krw or amount_krw >= order.total_krw:
        return Decimal(order.total) if amount_krw else Decimal(0)
    exponent = Decimal(order.total).as_tuple().exponent
    quantum = Decimal(1).scaleb(exponent) if isinstance(exponent, int) and exponent < 0 else Decimal(1)
    return (Decimal(order.total) * amount_krw / order.total_krw).quantize(quantum, rounding=ROUND_HALF_UP)


def parse_country(value) -> str:
    """An ISO 3166 alpha-2 country code, upper-cased; refuses unknown codes."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise JewelryError(_("Choose the country to ship to."), "shipping_country")
    return code


def place_order(session: Session, user, quote_id: int, shipping_address: str, shipping_country: str | None = None,
                customer_reference: str | None = None) -> JewelryOrder:
    """Order a quoted design: route it to a workshop that casts its metal and has room, and wait for payment;
    the workshop's members are told and the customer gets the order's confirmation (by mail, after the commit).

    Refuses other people's quotes (not_found), expired or already ordered quotes (409), a missing address or
    country, a country other than the one the quote's shipping was priced for, a reference over 80 characters,
    a design whose implausible size its customer has not confirmed (409), and when no workshop can take it now
    (409)."""
    row = get_quote(session, user, quote_id)
    if row.customer_id != user.id:
        raise not_found(_("Quote not found."))
    if not quote_is_valid(row):
        raise JewelryError(_("This quote has expired. Ask for a new one: prices may have changed."),
                           code="quote_expired", status=409)
    if session.exec(select(JewelryOrder.id).where(JewelryOrder.quote_id == row.id)).first() is not None:
        raise JewelryError(_("This quote has already been ordered."), code="already_ordered", status=409)
    ensure_design_orderable(session, row.design_id)
    address = (shipping_address or "").strip()
    if not address:
        raise JewelryError(_("Enter the shipping address."), "shipping_address")
    if len(address) > MAX_ADDRESS:
        raise JewelryError(_("Keep the address under %(max)d characters.", max=MAX_ADDRESS), "shipping_address")
    country = parse_country(shipping_country or row.shipping_country or "KR")
    if row.shipping_country and country != row.shipping_country:
        raise JewelryError(_("This quote's shipping was priced for %(country)s. Ask for a new quote to ship "
                             "elsewhere.", country=country_name(row.shipping_country)), "shipping_country")
    reference = (customer_reference or "").strip() or None
    if reference and len(reference) > MAX_REFERENCE:
        raise JewelryError(_("Keep your reference under %(max)d characters.", max=MAX_REFERENCE),
                           "customer_reference")
    workshop = route_workshop(session, row.metal_code)
    if workshop is None:
        raise JewelryError(_("No workshop can take an order in this metal right now. Try again later or choose "
                             "another metal."), code="no_workshop", status=409)
    prototype_fee = next((line["amount_krw"] for line in row.lines if line["code"] == "prototype"), 0)
    order = JewelryOrder(quote_id=row.id, customer_id=user.id, workshop_org_id=workshop.id, currency=row.currency,
                         total=row.total, total_krw=row.total_krw, prototype_fee_krw=prototype_fee,
                         shipping_address=address, shipping_country=country, customer_reference=reference)
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except sa.exc.IntegrityError:
        raise JewelryError(_("This quote has already been ordered."), code="already_ordered", status=409) from None
    session.add(JewelryOrderEvent(order_id=order.id, actor_id=user.id, role=JewelryRole.customer,
                                  from_status=None, to_status=JewelryOrderStatus.awaiting_payment))
    session.flush()
    design = session.get(JewelryDesign, row.design_id)
    notices.tell(session, order, JewelryRole.workshop, user.id, "jewelry_order_placed",
                 lambda: _("New jewelry order #%(id)d (%(design)s, %(metal)s), awaiting payment.", id=order.id,
                           design=design.name, metal=quote.metal_label(row.metal_code)))
    delivery = schedule.expected_on(schedule.order_stages(order, [], schedule.lead_time_of(session, workshop.id)),
                                    JewelryOrderStatus.delivered)
    notices.tell(session, order, JewelryRole.customer, None, "jewelry_order_confirmation",
                 lambda: _("Your jewelry order #%(id)d is confirmed: %(design)s in %(metal)s, %(total)s, made by "
                           "%(workshop)s. Expected delivery: %(date)s. The workshop starts when your payment has "
                           "arrived.", id=order.id, design=design.name, metal=quote.metal_label(row.metal_code),
                           total=format_money(order.total, order.currency), workshop=workshop.name,
                           date=format_date(delivery, "long")))
    return order


def roles_of(session: Session, user, order: JewelryOrder) -> set[JewelryRole]:
    """The parts ``user`` plays in an order: customer, workshop (a member of its workshop), staff (admins)."""
    roles = set()
    if not signed_in(user):
        return roles
    if order.customer_id == user.id:
        roles.add(JewelryRole.customer)
    if order.workshop_org_id in workshop_org_ids(session, user):
        roles.add(JewelryRole.workshop)
    if is_admin(user):
        roles.add(JewelryRole.staff)
    return roles


def get_order(session: Session, user, order_id: int, role: JewelryRole | None = None) -> JewelryOrder:
    """An order seen by one of its parties (as ``role`` if given); refuses everyone else (not_found)."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise not_found(_("Order not found."))
    roles = roles_of(session, user, order)
    if (role is None and not roles) or (role is not None and role not in roles):
        raise not_found(_("Order not found."))
    return order


def acting_role(session: Session, user, order: JewelryOrder, to=None) -> JewelryRole:
    """The part ``user`` acts in on ``order``: the first of theirs that may take the step to ``to`` (when given),
    else their first (so a step that is not theirs is refused as the other party's)."""
    roles = [role for role in PARTIES if role in roles_of(session, user, order)]
    if not roles:
        raise not_found(_("Order not found."))
    return next((role for role in roles if to and to in allowed_steps(ORDER_TRANSITIONS, order.status, role)),
                roles[0])


def next_actions(status: str, role: JewelryRole) -> list[JewelryOrderStatus]:
    """The statuses ``role`` may move an order in ``status`` to, in the table's order."""
    return allowed_steps(ORDER_TRANSITIONS, status, role)


def refund_on_cancel_krw(order: JewelryOrder) -> int:
    """What a customer gets back on cancelling now: everything once paid and before the prototype is started;
    everything but the prototype fee while the prototype is being made or approved; nothing to refund before
    payment (and no cancelling by the customer once production has started)."""
    if order.status == JewelryOrderStatus.paid:
        return order.total_krw
    if order.status in (JewelryOrderStatus.prototyping, JewelryOrderStatus.prototype_ready,
                        JewelryOrderStatus.revision_requested):
        return max(order.total_krw - order.prototype_fee_krw, 0)
    return 0


def move_order(session: Session, user, order_id: int, to, *, role: JewelryRole, expected: str | None = None,
               note: str | None = None, carrier: str | None = None, tracking_number: str | None = None
               ) -> JewelryOrder:
    """Move an order to ``to`` as ``role``, from the status the actor saw (``expected``, else the current one);
    the other party is told.

    Refuses outsiders (not_found), steps outside :data:`ORDER_TRANSITIONS` (409) or not the role's (403), an
    order that changed since (409), a prototype marked ready without photos, a revision without comments or past
    the limit of revisions, and shipping without carrier and tracking number."""
    order = get_order(session, user, order_id, role)
    try:
        to = JewelryOrderStatus(to)
        current = JewelryOrderStatus(expected or order.status)
    except ValueError:
        raise JewelryError(_("This is not a step an order can take."), code="wrong_state", status=409) from None
    return _apply_move(session, order, current, to, role=role, actor_id=user.id, note=note, carrier=carrier,
                       tracking_number=tracking_number)


def _apply_move(session: Session, order: JewelryOrder, current: JewelryOrderStatus, to: JewelryOrderStatus, *,
                role: JewelryRole, actor_id: int | None, note: str | None = None, carrier: str | None = None,
                tracking_number: str | None = None, extra: dict | None = None) -> JewelryOrder:
    # The table first, so a step that is not allowed is refused as such before what it would need is checked.
    check_transition(ORDER_TRANSITIONS, current, to, role, label=status_label)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise JewelryError(_("Keep the note under %(max)d characters.", max=MAX_NOTE), "note")
    values = dict(extra or {})
    if to == JewelryOrderStatus.prototype_ready:
        photos = session.exec(select(func.count()).select_from(JewelryOrderPhoto)
                              .where(JewelryOrderPhoto.order_id == order.id)).one()
        if not photos:
            raise JewelryError(_("Upload at least one photo of the prototype first."), "photos")
    if to == JewelryOrderStatus.revision_requested:
        if not note:
            raise JewelryError(_("Say what should change in the prototype."), "note")
        if order.revisions >= MAX_REVISIONS:
            raise JewelryError(_("The prototype has already been revised %(n)d times, the most an order includes. "
                                 "Approve it or cancel the order.", n=MAX_REVISIONS), code="revision_limit",
                               status=409)
        values["revisions"] = JewelryOrder.revisions + 1
    if to == JewelryOrderStatus.shipped:
        carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
        if not carrier:
            raise JewelryError(_("Enter the carrier to mark the order as shipped."), "carrier")
        if not tracking_number:
            raise JewelryError(_("Enter the tracking number to mark the order as shipped."), "tracking_number")
        if len(carrier) > MAX_TRACKING or len(tracking_number) > MAX_TRACKING:
            raise JewelryError(_("Keep the carrier and tracking number under %(max)d characters.",
                                 max=MAX_TRACKING), "tracking_number")
        values.update(carrier=carrier, tracking_number=tracking_number)
    if to == JewelryOrderStatus.cancelled and role != JewelryRole.payments:
        refund = refund_on_cancel_krw(order) if current != JewelryOrderStatus.awaiting_payment else 0
        if refund:
            values["refund_due_krw"] = refund
    apply_transition(session, order, ORDER_TRANSITIONS, to, role=role, expected=current, values=values,
                     label=status_label,
                     event=lambda old: JewelryOrderEvent(order_id=order.id, actor_id=actor_id, role=role,
                                                         from_status=old, to_status=to, note=note))
    sides = [JewelryRole.workshop if role == JewelryRole.customer else JewelryRole.customer] \
        if role in (JewelryRole.customer, JewelryRole.workshop) else [JewelryRole.customer, JewelryRole.workshop]
    for side in sides:
        if to == JewelryOrderStatus.shipped and side == JewelryRole.customer:
            notices.tell(session, order, side, actor_id, "jewelry_shipped", lambda: shipped_message(order))
            continue
        notices.tell(session, order, side, actor_id, f"jewelry_{to.value}",
                     lambda: _("Jewelry order #%(id)d is now: %(status)s.", id=order.id, status=status_label(to)))
    return order


def shipped_message(order: JewelryOrder) -> str:
    """What the customer is told when their order ships: the carrier, the tracking number and its link."""
    url = tracking.tracking_url(order.carrier, order.tracking_number)
    text = _("Jewelry order #%(id)d has been shipped with %(carrier)s, tracking number %(number)s.", id=order.id,
             carrier=order.carrier, number=order.tracking_number)
    if url:
        text += "\n" + _("Track the parcel: %(url)s", url=url)
    return text


def mark_paid(session: Session, order_id: int, payment_id: int | None = None) -> JewelryOrder:
    """The payments service's step: awaiting payment → paid, with a timeline entry; refuses an order in any
    other state (409), so a payment is never applied twice."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise not_found(_("Order not found."))
    note = f"payment #{payment_id}" if payment_id is not None else None
    return _apply_move(session, order, JewelryOrderStatus.awaiting_payment, JewelryOrderStatus.paid,
                       role=JewelryRole.payments, actor_id=None, note=note, extra={"paid_at": utcnow()})


def record_refund(session: Session, order_id: int, payment_id: int, amount_minor: int, fully_refunded: bool
                  ) -> JewelryOrder:
    """The payments service reports a refund: it is added to the order's refunded total and the timeline; a full
    refund of an order not yet cancelled cancels it (when the table lets the payments service cancel from its
    status), a partial one is only recorded."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise not_found(_("Order not found."))
    session.exec(sa.update(JewelryOrder).where(JewelryOrder.id == order.id)
                 .values(refunded_minor=JewelryOrder.refunded_minor + int(amount_minor), refund_due_krw=None)
                 .execution_options(synchronize_session=False))
    note = f"refund of {int(amount_minor)} (minor units, {order.currency}) by payment #{payment_id}"
    current = JewelryOrderStatus(order.status)
    if fully_refunded and JewelryOrderStatus.cancelled in allowed_steps(ORDER_TRANSITIONS, current,
                                                                       JewelryRole.payments):
        return _apply_move(session, order, current, JewelryOrderStatus.cancelled, role=JewelryRole.payments,
                           actor_id=None, note=note)
    session.add(JewelryOrderEvent(order_id=order.id, actor_id=None, role=JewelryRole.payments, from_status=None,
                                  to_status=None, note=note))
    session.flush()
    session.refresh(order)
    return order
