"""Change orders: after the award, one side proposes a change to the commission's price, lead time or milestone
plan and the other accepts or refuses it (the proposer may withdraw it while it waits). Every step is on the
timeline; an accepted change updates the commission and its milestones.

Milestones whose money is already in (funded, delivered, sent back or approved, released or not) are fixed: a
change that would alter or drop one is refused, when proposed and again when accepted (it may have been funded
in between). Unfunded milestones are rewritten in place, dropped ones cancelled (with any open invoice for them)
and new ones added at the end. Steps follow :data:`~market.prototypes.models.CHANGE_TRANSITIONS`.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.db import utcnow
from market.payments import services as payments
from market.prototypes.models import (
    CHANGE_TRANSITIONS,
    ChangeOrder,
    ChangeStatus,
    Commission,
    CommissionEvent,
    CommissionStatus,
    Milestone,
    MilestoneStatus,
    Side,
)
from market.prototypes.services.access import commission_side, get_commission
from market.prototypes.services.base import (
    MAX_LEAD_TIME_DAYS,
    PAYABLE_KIND,
    PrototypeError,
    collect,
    conflict,
    not_found,
    optional_text,
    parse_int,
    parse_krw,
    parse_milestones,
    refuse_fields,
)
from market.prototypes.services.milestones import move_milestone, tell
from market.transitions import apply_transition

OPEN_STATUSES = (MilestoneStatus.awaiting_funding,)  # the only milestones a change may touch


def current_milestones(session: Session, commission: Commission) -> list[Milestone]:
    """The commission's milestones that still count (cancelled ones left out), in order."""
    return list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id,
                                                     Milestone.status != MilestoneStatus.cancelled)
                             .order_by(Milestone.position)))


def _locked_conflict(milestones: list[Milestone], plan: list[dict]) -> Milestone | None:
    """The first funded (or later) milestone the plan would alter or drop; None when the plan keeps them all."""
    for index, milestone in enumerate(milestones):
        if milestone.status in OPEN_STATUSES:
            continue
        step = plan[index] if index < len(plan) else None
        if step is None or step["title"] != milestone.title or int(step["amount_krw"]) != milestone.amount_krw:
            return milestone
    return None


def _locked_refusal(milestone: Milestone, status: int = 422) -> PrototypeError:
    return PrototypeError(_("Milestone %(n)d · %(title)s is already funded: a change cannot alter or drop it.",
                            n=milestone.position, title=milestone.title), "milestones", code="milestone_locked",
                          status=status)


def _label(side: Side) -> str:
    return _("the startup") if side == Side.startup else _("the maker")


def _other(commission: Commission, side: Side) -> int:
    return commission.maker_org_id if side == Side.startup else commission.startup_org_id


def propose_change(session: Session, user, commission_id: int, *, price_krw=None, lead_time_days=None,
                   milestones=None, reason: str = "") -> ChangeOrder:
    """One side proposes a new price, lead time and/or milestone plan (the whole plan, summing to the price);
    the other side is told and decides.

    Refuses outsiders (404), commissions no longer active (409), a second proposal while one waits (409), and
    with 422: no change at all, a price, lead time or plan out of range, a plan that does not add up to the
    (new) price, and a plan that alters or drops a milestone already funded (``milestone_locked``)."""
    commission, side = get_commission(session, user, commission_id)
    if commission.status != CommissionStatus.active:
        raise conflict(_("This commission is no longer active."), "not_active")
    waiting = session.exec(select(ChangeOrder.id).where(ChangeOrder.commission_id == commission.id,
                                                        ChangeOrder.status == ChangeStatus.proposed)).first()
    if waiting is not None:
        raise conflict(_("A change is already waiting for an answer; decide or withdraw it first."),
                       "change_pending")
    errors: dict[str, str] = {}
    empty = (None, "")
    price = collect(errors, parse_krw, price_krw, "price_krw") if price_krw not in empty else None
    lead = (collect(errors, parse_int, lead_time_days, "lead_time_days", 1, MAX_LEAD_TIME_DAYS,
                    _("Enter a lead time from 1 to %(max)d days.", max=MAX_LEAD_TIME_DAYS))
            if lead_time_days not in empty else None)
    reason = collect(errors, optional_text, reason, "reason") or ""
    existing = current_milestones(session, commission)
    plan = None
    if milestones:
        plan = collect(errors, parse_milestones, milestones, price if price is not None else commission.price_krw)
    elif price is not None and price != sum(m.amount_krw for m in existing):
        errors["milestones"] = _("Change the milestones too, so that they add up to the new price.")
    refuse_fields(errors)
    if price == commission.price_krw:
        price = None
    if lead == commission.lead_time_days:
        lead = None
    if plan is not None and [(s["title"], s["amount_krw"]) for s in plan] == \
            [(m.title, m.amount_krw) for m in existing]:
        plan = None
    if price is None and lead is None and plan is None:
        raise PrototypeError(_("Change at least one of the price, the lead time or the milestones."), "price_krw",
                             code="no_change")
    if plan is not None:
        locked = _locked_conflict(existing, plan)
        if locked is not None:
            raise _locked_refusal(locked)
    change = ChangeOrder(commission_id=commission.id, side=side, proposed_by_id=user.id, price_krw=price,
                         lead_time_days=lead, milestones=plan, reason=reason)
    session.add(change)
    session.flush()
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="change_proposed",
                                note=str(change.id)))
    session.flush()
    tell(session, _other(commission, side), user, "prototype_change",
         lambda: _("A change to commission #%(id)d was proposed by %(side)s: accept or refuse it.",
                   id=commission.id, side=_label(side)), commission)
    return change


def _change_for(session: Session, user, change_id: int) -> tuple[ChangeOrder, Commission, Side]:
    change = session.get(ChangeOrder, change_id)
    if change is None:
        raise not_found("commission")
    commission = session.get(Commission, change.commission_id)
    side = commission_side(session, user, commission)
    if side is None:
        raise not_found("commission")
    return change, commission, side


def _role(change: ChangeOrder, side: Side) -> str:
    return "own" if side == change.side else "other"


def _status_word(status) -> str:
    return {ChangeStatus.proposed: _("waiting for an answer"), ChangeStatus.accepted: _("accepted"),
            ChangeStatus.refused: _("refused"), ChangeStatus.withdrawn: _("withdrawn")}.get(status, str(status))


def _move(session: Session, change: ChangeOrder, to: ChangeStatus, side: Side, user, comment: str | None):
    apply_transition(session, change, CHANGE_TRANSITIONS, to, role=_role(change, side),
                     expected=ChangeStatus.proposed, label=_status_word,
                     values={"decided_by_id": user.id, "decided_at": utcnow(), "decision_comment": comment or None})


def _apply(session: Session, user, commission: Commission, change: ChangeOrder, side: Side) -> None:
    """Write an accepted change into the commission and its milestones."""
    if change.price_krw is not None:
        commission.price_krw = change.price_krw
    if change.lead_time_days is not None:
        commission.lead_time_days = change.lead_time_days
    session.add(commission)
    if change.milestones is None:
        session.flush()
        return
    existing = current_milestones(session, commission)
    locked = _locked_conflict(existing, change.milestones)
    if locked is not None:
        raise _locked_refusal(locked, status=409)
    now = utcnow()
    last = max((m.position for m in session.exec(select(Milestone).where(
        Milestone.commission_id == commission.id))), default=0)
    events = []
    for index, step in enumerate(change.milestones):
        if index < len(existing):
            milestone = existing[index]
            if milestone.status in OPEN_STATUSES:
                milestone.title, milestone.amount_krw, milestone.updated_at = step["title"], step["amount_krw"], now
                session.add(milestone)
            continue
        last += 1
        milestone = Milestone(commission_id=commission.id, position=last, title=step["title"],
                              amount_krw=int(step["amount_krw"]))
        session.add(milestone)
        session.flush()
        events.append(CommissionEvent(commission_id=commission.id, milestone_id=milestone.id, actor_id=user.id,
                                      kind="milestone_added"))
    for milestone in existing[len(change.milestones):]:
        # Only unfunded milestones get here (the check above); an open invoice for one is cancelled with it.
        payments.cancel_payment_for(session, PAYABLE_KIND, milestone.id)
        move_milestone(session, milestone, MilestoneStatus.cancelled, side, expected=MilestoneStatus.awaiting_funding,
                       event=CommissionEvent(commission_id=commission.id, milestone_id=milestone.id,
                                             actor_id=user.id, kind="milestone_cancelled"))
    session.add_all(events)
    session.flush()


def accept_change(session: Session, user, change_id: int, comment: str = "") -> ChangeOrder:
    """The other side accepts a proposed change: the commission's price, lead time and milestones become the
    proposed ones, and the proposer is told. Refuses the proposer's own side (403), outsiders (404), changes
    already decided (409), inactive commissions (409) and a change that would now alter a milestone funded since
    it was proposed (409, ``milestone_locked``)."""
    change, commission, side = _change_for(session, user, change_id)
    comment = optional_text(comment, "comment")
    if commission.status != CommissionStatus.active:
        raise conflict(_("This commission is no longer active."), "not_active")
    _move(session, change, ChangeStatus.accepted, side, user, comment)
    _apply(session, user, commission, change, side)
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="change_accepted",
                                note=str(change.id)))
    session.flush()
    tell(session, _other(commission, side), user, "prototype_change_accepted",
         lambda: _("Your change to commission #%(id)d was accepted.", id=commission.id), commission)
    return change


def refuse_change(session: Session, user, change_id: int, comment: str = "") -> ChangeOrder:
    """The other side refuses a proposed change (nothing changes); the proposer is told. Refuses the proposer's
    own side (403), outsiders (404) and changes already decided (409)."""
    change, commission, side = _change_for(session, user, change_id)
    comment = optional_text(comment, "comment")
    _move(session, change, ChangeStatus.refused, side, user, comment)
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="change_refused",
                                note=str(change.id)))
    session.flush()
    tell(session, _other(commission, side), user, "prototype_change_refused",
         lambda: _("Your change to commission #%(id)d was refused.", id=commission.id), commission)
    return change


def withdraw_change(session: Session, user, change_id: int) -> ChangeOrder:
    """The proposer withdraws its change while it waits. Refuses the other side (403), outsiders (404) and
    changes already decided (409)."""
    change, commission, side = _change_for(session, user, change_id)
    _move(session, change, ChangeStatus.withdrawn, side, user, None)
    session.add(CommissionEvent(commission_id=commission.id, actor_id=user.id, kind="change_withdrawn",
                                note=str(change.id)))
    session.flush()
    return change


def commission_of_change(session: Session, change_id: int) -> int | None:
    """The commission a change order belongs to (for redirects)."""
    change = session.get(ChangeOrder, change_id)
    return change.commission_id if change is not None else None
