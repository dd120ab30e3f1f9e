"""Workshops: the maker organisations of the jewelry clusters that cast designs, their settings (metals,
capacity, lead time) and the routing of a new order to the one with the most room."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import Membership, Organization, OrganizationKind
from market.db import utcnow
from market.jewelry.models import JewelryMetal, JewelryOrder, JewelryOrderStatus, JewelryWorkshop
from market.jewelry.services.access import JewelryError, is_admin, not_found, workshop_org_ids

JEWELRY_CLUSTERS = ("jongno", "bongik")
# The statuses that take one of a workshop's places.
ACTIVE_STATUSES = (JewelryOrderStatus.paid, JewelryOrderStatus.prototyping, JewelryOrderStatus.prototype_ready,
                   JewelryOrderStatus.revision_requested, JewelryOrderStatus.approved,
                   JewelryOrderStatus.in_production, JewelryOrderStatus.quality_check,
                   JewelryOrderStatus.awaiting_payment)


def workshops_of(session: Session, user) -> list[tuple[Organization, JewelryWorkshop | None]]:
    """The user's maker organisations in the jewelry clusters (or already set up as workshops), with their
    workshop settings if any."""
    ids = workshop_org_ids(session, user)
    if not ids:
        return []
    orgs = session.exec(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name))
    settings = {w.organization_id: w for w in session.exec(select(JewelryWorkshop)
                                                           .where(JewelryWorkshop.organization_id.in_(ids)))}
    return [(org, settings.get(org.id)) for org in orgs
            if org.cluster_code in JEWELRY_CLUSTERS or org.id in settings]


def set_workshop(session: Session, user, org_id: int, *, metals, capacity, accepting: bool = True,
                 lead_time_days: int = 14) -> JewelryWorkshop:
    """Set which metals a workshop casts and how many orders it takes at once (its owners and admins); refuses
    other organisations (not_found), unknown metals and capacities outside 0–200."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker:
        raise not_found()
    if not is_admin(user):
        role = session.exec(select(Membership.role).where(Membership.organization_id == org.id,
                                                          Membership.user_id == user.id)).first()
        if role is None:
            raise not_found()
        if role != "owner":
            raise JewelryError(_("Only the owners of the workshop can change this."), code="forbidden", status=403)
    known = {m.code for m in session.exec(select(JewelryMetal))}
    chosen = sorted({str(m) for m in metals or []})
    if not chosen or not set(chosen) <= known:
        raise JewelryError(_("Choose the metals the workshop casts."), "metals")
    try:
        capacity = int(capacity)
        lead_time_days = int(lead_time_days)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the capacity as a whole number of orders."), "capacity") from None
    if not 0 <= capacity <= 200:
        raise JewelryError(_("Enter the capacity as a whole number of orders."), "capacity")
    if not 1 <= lead_time_days <= 180:
        raise JewelryError(_("Enter a lead time from 1 to 180 days."), "lead_time_days")
    workshop = session.get(JewelryWorkshop, org.id) or JewelryWorkshop(organization_id=org.id)
    workshop.metals, workshop.capacity, workshop.accepting = chosen, capacity, bool(accepting)
    workshop.lead_time_days, workshop.updated_at = lead_time_days, utcnow()
    session.add(workshop)
    session.flush()
    return workshop


def route_workshop(session: Session, metal_code: str) -> Organization | None:
    """The workshop an order in ``metal_code`` goes to: among those that accept new orders and cast that metal,
    the one with the most free capacity (fewest open orders per place), then the oldest; None when all are full."""
    workshops = [w for w in session.exec(select(JewelryWorkshop).where(JewelryWorkshop.accepting == sa.true(),
                                                                       JewelryWorkshop.capacity > 0))
                 if metal_code in (w.metals or [])]
    if not workshops:
        return None
    load = {org_id: count for org_id, count in session.exec(
        select(JewelryOrder.workshop_org_id, func.count())
        .where(JewelryOrder.workshop_org_id.in_([w.organization_id for w in workshops]),
               JewelryOrder.status.in_(ACTIVE_STATUSES))
        .group_by(JewelryOrder.workshop_org_id)).all()}
    free = [(load.get(w.organization_id, 0) / w.capacity, w.organization_id) for w in workshops
            if load.get(w.organization_id, 0) < w.capacity]
    if not free:
        return None
    return session.get(Organization, min(free)[1])
