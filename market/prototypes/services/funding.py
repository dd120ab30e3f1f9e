"""What payments calls through :mod:`market.prototypes.payable`: a milestone funded (awaiting funding → funded,
work may start) or refunded (a full refund stops the work until it is paid again), on the timeline and told to
the sides."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from market.db import utcnow
from market.prototypes.models import (
    Commission,
    CommissionEvent,
    CommissionStatus,
    Milestone,
    MilestoneStatus,
    PrototypeRequest,
    Side,
)
from market.prototypes.services.base import conflict, not_found
from market.prototypes.services.milestones import funding_blocker, move_milestone, tell
from market.refusals import Refusal


def milestone_payable(session: Session, milestone_id: int) -> tuple[Milestone, Commission, PrototypeRequest]:
    """A milestone with its commission and request, for the payments adapter; not_found for unknown ids."""
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise not_found("milestone")
    commission = session.get(Commission, milestone.commission_id)
    return milestone, commission, session.get(PrototypeRequest, commission.request_id)


def _already_funded():
    return conflict(_("This milestone is already funded."), "already_funded")


def out_of_order(blocker: Milestone):
    """The refusal to fund a milestone before an earlier one (409, ``out_of_order``)."""
    return conflict(_("Milestone %(n)d · %(title)s must be funded first: milestones are funded in order.",
                      n=blocker.position, title=blocker.title), "out_of_order")


def fund_milestone(session: Session, milestone_id: int, payment_id: int) -> Milestone:
    """Payments collected a milestone's money: awaiting funding → funded (work may start), on the timeline and
    told to the maker. One conditional UPDATE: a second call with the same payment changes nothing, and a
    second payment for an already funded milestone is refused (409), so a milestone is never paid twice."""
    milestone, commission, _req = milestone_payable(session, milestone_id)
    if milestone.status != MilestoneStatus.awaiting_funding:
        if milestone.payment_id == payment_id:
            return milestone
        raise _already_funded()
    if commission.status != CommissionStatus.active:
        raise conflict(_("This commission is no longer active."), "not_active")
    blocker = funding_blocker(session, milestone)
    if blocker is not None:
        raise out_of_order(blocker)
    event = CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, kind="funded",
                            note=f"payment #{payment_id}")
    try:
        move_milestone(session, milestone, MilestoneStatus.funded, Side.payments,
                       expected=MilestoneStatus.awaiting_funding,
                       values={"payment_id": payment_id, "funded_at": utcnow()}, event=event)
    except Refusal:
        # Funded by another transaction since this one read it: the same payment again is a repeat.
        session.refresh(milestone)
        if milestone.payment_id == payment_id:
            return milestone
        raise _already_funded() from None
    tell(session, commission.maker_org_id, None, "prototype_funded",
          lambda: _("Milestone “%(title)s” is funded: work can start.", title=milestone.title), commission)
    return milestone


def refund_milestone(session: Session, milestone_id: int, payment_id: int, amount_minor: int,
                     fully_refunded: bool) -> Milestone:
    """Payments refunded a milestone's money. A full refund of a funded, delivered or sent-back milestone puts
    it back to awaiting funding (work stops until it is paid again); a partial refund, or one after approval,
    is only recorded on the timeline. Both sides are told."""
    milestone, commission, _req = milestone_payable(session, milestone_id)
    current = MilestoneStatus(milestone.status)
    if fully_refunded and milestone.payment_id == payment_id and current in (
            MilestoneStatus.funded, MilestoneStatus.delivered, MilestoneStatus.rejected):
        move_milestone(session, milestone, MilestoneStatus.awaiting_funding, Side.payments, expected=current,
                       values={"payment_id": None, "funded_at": None})
    session.add(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, kind="refunded",
                                note=f"payment #{payment_id}: {amount_minor:,} KRW"))
    session.flush()
    for org_id in (commission.maker_org_id, commission.startup_org_id):
        tell(session, org_id, None, "prototype_refunded",
              lambda: _("The payment of milestone “%(title)s” was refunded.", title=milestone.title), commission)
    return milestone
