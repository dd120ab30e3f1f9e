"""Milestones of a commission: the maker delivers a funded (or sent back) milestone, the startup approves it (its
money is released to the maker) or sends it back; the last approval completes the commission and its request.
Each step follows :data:`~market.prototypes.models.MILESTONE_TRANSITIONS`."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.db import utcnow
from market.notifications.services import notify_members
from market.payments import services as payments
from market.prototypes.models import (
    COMMISSION_TRANSITIONS,
    MILESTONE_TRANSITIONS,
    REQUEST_TRANSITIONS,
    Commission,
    CommissionEvent,
    CommissionStatus,
    Milestone,
    MilestoneDelivery,
    MilestoneStatus,
    PrototypeRequest,
    RequestStatus,
    Side,
)
from market.prototypes.services.access import commission_side
from market.prototypes.services.base import (
    MAX_TEXT,
    MILESTONE_STATUS_LABELS,
    PAYABLE_KIND,
    PrototypeError,
    conflict,
    forbidden,
    milestone_label,
    not_found,
    optional_text,
    parse_text,
)
from market.prototypes.services.files import check_uploads, store_delivery_files
from market.transitions import apply_transition


def move_milestone(session: Session, milestone: Milestone, to: MilestoneStatus, side: Side, *,
                   expected: MilestoneStatus | None = None, values: dict | None = None, event=None
                   ) -> MilestoneStatus:
    """Move a milestone from the status seen (``expected``, else its own) to ``to`` as ``side``, with one
    conditional UPDATE; refuses steps outside the table (409), the other side's steps (403) and a milestone
    changed in the meantime (409). Returns the status it left."""
    return apply_transition(session, milestone, MILESTONE_TRANSITIONS, to, role=side, expected=expected,
                            values=values, event=event, label=milestone_label)


def earlier_milestones(session: Session, milestone: Milestone) -> list[Milestone]:
    """The milestones of the same commission before this one (cancelled ones left out), in order."""
    return list(session.exec(select(Milestone).where(
        Milestone.commission_id == milestone.commission_id, Milestone.position < milestone.position,
        Milestone.status != MilestoneStatus.cancelled).order_by(Milestone.position)))


def funding_blocker(session: Session, milestone: Milestone) -> Milestone | None:
    """The earlier milestone that must be funded before this one may be (None when none).

    Milestones are funded in order, as in an escrow of staged payments: the startup may fund the next step ahead
    (so the maker keeps working while it reviews), but never skip one, so the money held is always for a run of
    steps from the first, and a step is never paid before the one it builds on."""
    return next((m for m in earlier_milestones(session, milestone)
                 if m.status == MilestoneStatus.awaiting_funding), None)


def delivery_blocker(session: Session, milestone: Milestone) -> Milestone | None:
    """The earlier milestone that must be approved before this one may be delivered (None when none): work is
    reviewed in order, so a delivery never builds on a step the startup has not accepted."""
    return next((m for m in earlier_milestones(session, milestone) if m.status != MilestoneStatus.approved), None)


def _milestone_for(session: Session, user, milestone_id: int, side: Side) -> tuple[Milestone, Commission]:
    milestone = session.get(Milestone, milestone_id)
    if milestone is None:
        raise not_found("milestone")
    commission = session.get(Commission, milestone.commission_id)
    actual = commission_side(session, user, commission)
    if actual is None:
        raise not_found("milestone")
    if actual != side:
        if side == Side.startup:
            raise forbidden(_("Only the startup reviews and approves milestones."))
        raise forbidden(_("Only the maker delivers milestones."))
    if commission.status != CommissionStatus.active:
        raise conflict(_("This commission is no longer active."), "not_active")
    return milestone, commission


def _event(commission: Commission, milestone: Milestone, user, kind: str, note: str | None = None
           ) -> CommissionEvent:
    return CommissionEvent(commission_id=commission.id, milestone_id=milestone.id,
                           actor_id=user.id if user else None, kind=kind, note=note or None)


def tell(session: Session, org_id: int, user, kind: str, message, commission: Commission) -> None:
    """Tell an organisation's members (but the acting user) about the commission, each in their language."""
    notify_members(session, org_id, kind, message, "market_prototypes.commission",
                   exclude_user_id=user.id if user else None, commission_id=commission.id)


def deliver_milestone(session: Session, user, milestone_id: int, note: str = "", uploads=()
                      ) -> MilestoneDelivery:
    """The maker delivers a funded (or sent back) milestone with a note and photos or files; the startup is
    notified. Refuses the startup's side (403), outsiders (404), milestones not funded or already delivered
    (409), a delivery with neither note nor file, and files that fail the checks (422)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.maker)
    note = optional_text(note, "note")
    checked = check_uploads(uploads)
    if not note and not checked:
        raise PrototypeError(_("Add photos or files of the work, or a note."), "files")
    current = MilestoneStatus(milestone.status)
    if current == MilestoneStatus.awaiting_funding:
        raise conflict(_("This milestone is not funded yet: work starts once the startup has paid it."),
                       "not_funded")
    if current not in (MilestoneStatus.funded, MilestoneStatus.rejected):
        raise conflict(_("This milestone is %(status)s, so this is not possible now.",
                         status=str(MILESTONE_STATUS_LABELS[current]).lower()), "wrong_state")
    blocker = delivery_blocker(session, milestone)
    if blocker is not None:
        raise conflict(_("Milestone %(n)d · %(title)s must be approved before this one is delivered.",
                         n=blocker.position, title=blocker.title), "out_of_order")
    move_milestone(session, milestone, MilestoneStatus.delivered, Side.maker, expected=current,
                   values={"delivered_at": utcnow()}, event=_event(commission, milestone, user, "delivered", note))
    delivery = MilestoneDelivery(milestone_id=milestone.id, delivered_by_id=user.id, note=note)
    session.add(delivery)
    session.flush()
    store_delivery_files(session, delivery, checked)
    tell(session, commission.startup_org_id, user, "prototype_delivered",
          lambda: _("Milestone “%(title)s” was delivered for your review.", title=milestone.title), commission)
    return delivery


def _latest_delivery(session: Session, milestone: Milestone) -> MilestoneDelivery | None:
    return session.exec(select(MilestoneDelivery).where(MilestoneDelivery.milestone_id == milestone.id)
                        .order_by(MilestoneDelivery.created_at.desc(), MilestoneDelivery.id.desc())).first()


def _decide(session: Session, user, milestone: Milestone, decision: str, comment: str | None) -> None:
    delivery = _latest_delivery(session, milestone)
    if delivery is not None:
        delivery.decision, delivery.decision_comment = decision, comment
        delivery.decided_by_id, delivery.decided_at = user.id, utcnow()
        session.add(delivery)
        session.flush()


def _release(session: Session, milestone: Milestone) -> bool:
    """Release the milestone's money held in the ledger to the maker; False when it was funded outside payments
    (the demo's offline history), so there is nothing to release."""
    if payments.payment_for(session, PAYABLE_KIND, milestone.id) is None:
        return False
    payments.release_to_payee(session, kind=PAYABLE_KIND, payable_id=milestone.id)
    return True


def approve_milestone(session: Session, user, milestone_id: int, comment: str = "") -> Milestone:
    """The startup approves a delivered milestone: its money is released to the maker and, with the last one,
    the commission is completed. One conditional UPDATE, so a milestone is approved (and released) once:
    a second approval answers 409. Refuses the maker's side (403) and outsiders (404)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.startup)
    comment = optional_text(comment, "comment")
    if milestone.status == MilestoneStatus.approved:
        raise conflict(_("This milestone is already approved."), "already_approved")
    move_milestone(session, milestone, MilestoneStatus.approved, Side.startup,
                   values={"approved_at": utcnow()}, event=_event(commission, milestone, user, "approved", comment))
    _decide(session, user, milestone, "approved", comment or None)
    if _release(session, milestone):
        session.exec(sa.update(Milestone).where(Milestone.id == milestone.id, Milestone.released_at.is_(None))
                     .values(released_at=utcnow()).execution_options(synchronize_session=False))
        session.add(_event(commission, milestone, user, "released"))
        session.flush()
        session.refresh(milestone)
    tell(session, commission.maker_org_id, user, "prototype_approved",
          lambda: _("Milestone “%(title)s” was approved.", title=milestone.title), commission)
    _complete_if_done(session, user, commission)
    return milestone


def _complete_if_done(session: Session, user, commission: Commission) -> None:
    """With every milestone approved, the commission and its request are completed and both sides told."""
    pending = session.exec(select(func.count()).select_from(Milestone).where(
        Milestone.commission_id == commission.id,
        Milestone.status.not_in([MilestoneStatus.approved, MilestoneStatus.cancelled]))).one()
    if pending:
        return
    now = utcnow()
    apply_transition(session, commission, COMMISSION_TRANSITIONS, CommissionStatus.completed, role=Side.startup,
                     expected=CommissionStatus.active, values={"completed_at": now},
                     event=CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="completed"))
    apply_transition(session, session.get(PrototypeRequest, commission.request_id), REQUEST_TRANSITIONS,
                     RequestStatus.completed, role=Side.startup, expected=RequestStatus.awarded,
                     values={"closed_at": now})
    for org_id in (commission.maker_org_id, commission.startup_org_id):
        tell(session, org_id, user, "prototype_completed",
              lambda: _("Commission #%(id)d is complete. Rate how it went.", id=commission.id), commission)


def reject_milestone(session: Session, user, milestone_id: int, comment: str) -> Milestone:
    """The startup sends a delivered milestone back with comments (required); the maker is notified and may
    deliver again. Refuses the maker's side (403), outsiders (404) and milestones not delivered (409)."""
    milestone, commission = _milestone_for(session, user, milestone_id, Side.startup)
    comment = parse_text(comment, "comment", MAX_TEXT, _("Say what needs to change."))
    move_milestone(session, milestone, MilestoneStatus.rejected, Side.startup,
                   event=_event(commission, milestone, user, "rejected", comment))
    _decide(session, user, milestone, "rejected", comment)
    tell(session, commission.maker_org_id, user, "prototype_rejected",
          lambda: _("Milestone “%(title)s” was sent back with comments.", title=milestone.title), commission)
    return milestone
