"""Cancelling a running commission, by either side, with a reason: what was approved stays paid to the maker;
money held for work not delivered yet (funded or sent-back milestones) goes back to the startup through the
payments service; milestones not funded are cancelled (with any payment started for them); the request is
cancelled with the commission and the other side is told. A milestone delivered and waiting for the startup's
decision stops the cancellation until it is approved or sent back, so that delivered work is never cancelled
unseen and money is never refunded twice."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.db import utcnow
from market.payments import services as payments
from market.prototypes.models import (
    COMMISSION_TRANSITIONS,
    Commission,
    CommissionEvent,
    CommissionStatus,
    Milestone,
    MilestoneStatus,
    PrototypeRequest,
    RequestStatus,
    Side,
)
from market.prototypes.services.access import get_commission
from market.prototypes.services.base import MAX_TEXT, PAYABLE_KIND, conflict, parse_text
from market.prototypes.services.milestones import move_milestone, tell
from market.transitions import apply_transition


def cancellation_blocker(session: Session, commission: Commission) -> Milestone | None:
    """The delivered milestone that must be decided before the commission can be cancelled (None when none)."""
    return session.exec(select(Milestone).where(Milestone.commission_id == commission.id,
                                                Milestone.status == MilestoneStatus.delivered)
                        .order_by(Milestone.position)).first()


def cancel_commission(session: Session, user, commission_id: int, reason: str) -> Commission:
    """Either side cancels an active commission with ``reason``: funded and sent-back milestones are refunded to
    the startup in full, unfunded ones cancelled, approved ones kept; the commission and its request are
    cancelled and the other side told. Refuses outsiders (404), a missing reason (422 on ``reason``), a
    commission no longer active and one with a delivered milestone awaiting a decision (409)."""
    commission, side = get_commission(session, user, commission_id)
    reason = parse_text(reason, "reason", MAX_TEXT, _("Say why the commission is cancelled."))
    if commission.status != CommissionStatus.active:
        raise conflict(_("This commission is no longer active."), "not_active")
    blocker = cancellation_blocker(session, commission)
    if blocker is not None:
        raise conflict(_("Milestone “%(title)s” is delivered and waits for the startup: approve it or send it "
                         "back before cancelling.", title=blocker.title), "delivered_pending")
    apply_transition(session, commission, COMMISSION_TRANSITIONS, CommissionStatus.cancelled, role=side,
                     expected=CommissionStatus.active,
                     event=CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="cancelled",
                                           note=reason))
    milestones = list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                                   .order_by(Milestone.position)))
    for milestone in milestones:
        status = MilestoneStatus(milestone.status)
        if status in (MilestoneStatus.funded, MilestoneStatus.rejected):
            refund = payments.refund_payable(session, user, PAYABLE_KIND, milestone.id, reason)
            session.refresh(milestone)
            if refund is None and milestone.status != MilestoneStatus.awaiting_funding:
                # Funded outside the payments service (the demo's offline history): nothing to give back here.
                move_milestone(session, milestone, MilestoneStatus.awaiting_funding, Side.payments,
                               values={"payment_id": None, "funded_at": None})
        if status == MilestoneStatus.awaiting_funding:
            # A payment started for it but not made is cancelled (a refunded one above is already closed).
            payments.cancel_payment_for(session, PAYABLE_KIND, milestone.id)
        if milestone.status == MilestoneStatus.awaiting_funding:
            move_milestone(session, milestone, MilestoneStatus.cancelled, side)
    # The request follows its commission; it is not a step either side may take on the request itself (an
    # awarded request is cancelled only through this), so it is one conditional UPDATE outside its table.
    session.exec(sa.update(PrototypeRequest).where(PrototypeRequest.id == commission.request_id,
                                                   PrototypeRequest.status == RequestStatus.awarded)
                 .values(status=RequestStatus.cancelled, closed_at=utcnow())
                 .execution_options(synchronize_session=False))
    request = session.get(PrototypeRequest, commission.request_id)
    if request is not None:
        session.refresh(request)
    other = commission.maker_org_id if side == Side.startup else commission.startup_org_id
    tell(session, other, user, "prototype_cancelled",
         lambda: _("Commission #%(id)d was cancelled: %(reason)s", id=commission.id, reason=reason), commission)
    return commission
