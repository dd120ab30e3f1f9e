"""Bids and the award: a maker bids (price, lead time, notes, a milestone plan summing to the price), updates or
withdraws its bid; the startup awards one, which starts the commission with the bid's plan as its milestones."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from market.accounts.models import Organization, OrganizationKind
from market.db import utcnow
from market.notifications.services import notify_members
from market.prototypes.models import (
    BID_TRANSITIONS,
    REQUEST_TRANSITIONS,
    BidStatus,
    Commission,
    CommissionEvent,
    Milestone,
    PrototypeBid,
    RequestStatus,
    Side,
)
from market.prototypes.services.access import get_request, nda_orgs, org_ids, resolve_org, visible
from market.prototypes.services.base import (
    AWARD_WINDOW_DAYS,
    MAX_LEAD_TIME_DAYS,
    MAX_TEXT,
    bid_label,
    collect,
    conflict,
    forbidden,
    not_found,
    parse_int,
    parse_krw,
    parse_milestones,
    refuse_fields,
    request_state,
    state_label,
)
from market.transitions import apply_transition


def _bid_values(price_krw, lead_time_days, notes, milestones) -> dict:
    errors: dict[str, str] = {}
    price = collect(errors, parse_krw, price_krw, "price_krw")
    lead = collect(errors, parse_int, lead_time_days, "lead_time_days", 1, MAX_LEAD_TIME_DAYS,
                   _("Enter a lead time from 1 to %(max)d days.", max=MAX_LEAD_TIME_DAYS))
    notes = (notes or "").strip()
    if len(notes) > MAX_TEXT:
        errors["notes"] = _("Write at most %(n)d characters.", n=MAX_TEXT)
    plan = collect(errors, parse_milestones, milestones, price)
    refuse_fields(errors)
    return {"price_krw": price, "lead_time_days": lead, "notes": notes, "milestones": plan}


def submit_bid(session: Session, user, request_id: int, *, price_krw, lead_time_days, notes: str = "",
               milestones=None, maker_org_id: int | None = None) -> PrototypeBid:
    """The user's maker bids on an open request, or updates its open (or withdrawn) bid: one bid per maker.

    Refuses non-makers (403), makers that have not accepted a required NDA (403), requests past their deadline,
    awarded or cancelled (409), a bid already decided (409), and with 422: a price or lead time out of range
    and milestones that are missing or do not add up to the price (on ``milestones``)."""
    req = get_request(session, request_id, lock=True)
    if not visible(session, user, req):
        raise not_found()
    org = resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    if req.status != RequestStatus.open:
        raise conflict(_("This request is no longer taking bids."), "not_open")
    if request_state(req) != "open":
        raise conflict(_("The deadline for bids has passed."), "deadline_passed")
    if req.nda_required and not nda_orgs(session, req, {org.id}):
        raise forbidden(_("Accept the NDA before you bid."), "nda_required")
    values = _bid_values(price_krw, lead_time_days, notes, milestones)
    query = (select(PrototypeBid).where(PrototypeBid.request_id == req.id, PrototypeBid.maker_org_id == org.id)
             .execution_options(populate_existing=True))
    bid = session.exec(query).first()
    created = False
    if bid is None:
        bid = PrototypeBid(request_id=req.id, maker_org_id=org.id, created_by_id=user.id, **values)
        try:
            with session.begin_nested():
                session.add(bid)
            created = True
        except IntegrityError:
            # A colleague's first bid landed at the same moment: update it instead.
            bid = session.exec(query).one()
    if not created:
        if bid.status not in (BidStatus.open, BidStatus.withdrawn):
            raise conflict(_("Your bid was already decided and can no longer change."), "bid_decided")
        apply_transition(session, bid, BID_TRANSITIONS, BidStatus.open, role=Side.maker, label=bid_label,
                         values={"revision": PrototypeBid.revision + 1, "created_by_id": user.id, **values})
    notify_members(session, req.startup_org_id, "prototype_bid",
                   lambda: (_("%(maker)s bid on your prototype request #%(id)d.", maker=org.name, id=req.id)
                            if created else
                            _("%(maker)s updated its bid on your prototype request #%(id)d.", maker=org.name,
                              id=req.id)),
                   "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return bid


def own_bid_id(session: Session, user, request_id: int, maker_org_id: int | None = None) -> int | None:
    """The id of the bid the user's maker already has on a request (None when it has none or is ambiguous)."""
    makers = org_ids(session, user, OrganizationKind.maker)
    if maker_org_id is not None:
        makers &= {maker_org_id}
    if len(makers) != 1:
        return None
    return session.exec(select(PrototypeBid.id).where(PrototypeBid.request_id == request_id,
                                                      PrototypeBid.maker_org_id.in_(makers))).first()


def withdraw_bid(session: Session, user, bid_id: int) -> PrototypeBid:
    """The maker withdraws its open bid (it may bid again while the request is open); refuses others (404/403)
    and decided bids (409)."""
    bid = session.get(PrototypeBid, bid_id, populate_existing=True)
    if bid is None or bid.maker_org_id not in org_ids(session, user, OrganizationKind.maker):
        raise not_found("bid")
    apply_transition(session, bid, BID_TRANSITIONS, BidStatus.withdrawn, role=Side.maker, label=bid_label)
    return bid


def award_bid(session: Session, user, bid_id: int) -> Commission:
    """The startup awards one bid: the request becomes awarded, the bid's plan becomes the commission's
    milestones (each awaiting funding), the winner is notified and every other bidder told it was not chosen.

    Refuses anyone but the startup's members (403; 404 for outsiders of a closed request), requests no longer
    open or past their award window (409) and bids not on offer (409). Concurrent awards: one wins."""
    bid = session.get(PrototypeBid, bid_id)
    if bid is None:
        raise not_found("bid")
    req = get_request(session, bid.request_id, lock=True)
    if req.startup_org_id not in org_ids(session, user):
        if not visible(session, user, req):
            raise not_found("bid")
        raise forbidden(_("Only the startup that posted this request can award it."))
    session.refresh(bid)
    if req.status != RequestStatus.open:
        raise conflict(_("This request was already awarded or closed."), "not_open")
    if request_state(req) == "expired":
        raise conflict(_("This request expired: awards are possible up to %(n)d days after the deadline.",
                         n=AWARD_WINDOW_DAYS), "expired")
    if bid.status != BidStatus.open:
        raise conflict(_("This bid is not on offer."), "bid_not_open")
    apply_transition(session, req, REQUEST_TRANSITIONS, RequestStatus.awarded, role=Side.startup,
                     label=state_label)
    apply_transition(session, bid, BID_TRANSITIONS, BidStatus.awarded, role=Side.startup, label=bid_label)
    others = list(session.exec(select(PrototypeBid.maker_org_id).where(
        PrototypeBid.request_id == req.id, PrototypeBid.id != bid.id, PrototypeBid.status == BidStatus.open)))
    session.exec(sa.update(PrototypeBid)
                 .where(PrototypeBid.request_id == req.id, PrototypeBid.id != bid.id,
                        PrototypeBid.status == BidStatus.open)
                 .values(status=BidStatus.not_chosen, updated_at=utcnow())
                 .execution_options(synchronize_session=False))
    commission = Commission(request_id=req.id, bid_id=bid.id, startup_org_id=req.startup_org_id,
                            maker_org_id=bid.maker_org_id, awarded_by_id=user.id, price_krw=bid.price_krw,
                            lead_time_days=bid.lead_time_days)
    session.add(commission)
    session.flush()
    for position, step in enumerate(bid.milestones, start=1):
        session.add(Milestone(commission_id=commission.id, position=position, title=step["title"],
                              amount_krw=int(step["amount_krw"])))
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="awarded"))
    session.flush()
    startup = session.get(Organization, req.startup_org_id)
    notify_members(session, bid.maker_org_id, "prototype_awarded",
                   lambda: _("%(startup)s awarded you prototype request #%(id)d. The first milestone starts once "
                             "it is funded.", startup=startup.name, id=req.id),
                   "market_prototypes.commission", exclude_user_id=user.id, commission_id=commission.id)
    for org_id in others:
        notify_members(session, org_id, "prototype_not_chosen",
                       lambda: _("Prototype request #%(id)d was awarded to another maker. Thank you for your bid.",
                                 id=req.id), "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return commission
