"""What every RFQ operation shares: the refusals, the labels and limits, who is on which side, the RFQ's status
steps and telling the other side."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.db import utcnow
from market.notifications.services import notify_members
from market.refusals import Refusal
from market.rfq.models import RFQ_TRANSITIONS, DeclineReason, QuoteStatus, Rfq, RfqStatus, Side
from market.transitions import apply_transition

MAX_QUANTITY = 10_000_000
MAX_MESSAGE = 5000
MAX_TERMS = 4000
MAX_NOTE = 2000
PER_PAGE = 20

STATUS_LABELS = {
    RfqStatus.open: _l("waiting for the maker"),
    RfqStatus.quoted: _l("quoted"),
    RfqStatus.declined: _l("declined"),
    RfqStatus.accepted: _l("accepted"),
    RfqStatus.closed: _l("another maker chosen"),
}
QUOTE_STATUS_LABELS = {
    QuoteStatus.offered: _l("on offer"),
    QuoteStatus.accepted: _l("accepted"),
    QuoteStatus.superseded: _l("not chosen"),
    QuoteStatus.withdrawn: _l("withdrawn"),
}
DECLINE_REASONS = {
    DeclineReason.capacity: _l("We are fully booked for this period"),
    DeclineReason.quantity: _l("The quantity is outside what we make"),
    DeclineReason.price: _l("The target price is too low for us"),
    DeclineReason.lead_time: _l("We cannot meet the date"),
    DeclineReason.capability: _l("This is not something we make"),
    DeclineReason.other: _l("Another reason (see the note)"),
}


class RfqError(Refusal):
    """A refused RFQ operation."""


def not_found() -> RfqError:
    """The refusal for an RFQ that does not exist or that the user is no party of."""
    return RfqError(_("Request for quote not found."), code="not_found", status=404)


def conflict(message: str, code: str = "conflict") -> RfqError:
    """The refusal for a step the RFQ's current state no longer allows (409)."""
    return RfqError(message, code=code, status=409)


def today() -> dt.date:
    """Today's date in UTC (quotes are valid through their day)."""
    return utcnow().date()


def status_label(status) -> str:
    """An RFQ status in words."""
    return str(STATUS_LABELS.get(RfqStatus(status), status))


# --- parties ---------------------------------------------------------------------------------------------------


def org_ids(session: Session, user: User, kind: OrganizationKind | None = None) -> list[int]:
    """The organisations (of one kind, when given) ``user`` belongs to."""
    query = (select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
             .where(Membership.user_id == user.id))
    if kind is not None:
        query = query.where(Organization.kind == kind)
    return list(session.exec(query))


def organizations_of(session: Session, user: User, kind: OrganizationKind) -> list[Organization]:
    """The organisations of ``kind`` that ``user`` belongs to, by name."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Organization.kind == kind)
        .order_by(Organization.name)))


def buyer_organizations(session: Session, user: User) -> list[Organization]:
    """The buyer organisations ``user`` belongs to, by name (those it may send RFQs for)."""
    return organizations_of(session, user, OrganizationKind.buyer)


def maker_organizations(session: Session, user: User) -> list[Organization]:
    """The maker organisations ``user`` belongs to, by name (whose RFQ inboxes it reads)."""
    return organizations_of(session, user, OrganizationKind.maker)


def side_of(session: Session, user: User, rfq: Rfq) -> Side | None:
    """Which party ``user`` is on (buyer first when in both organisations), or None for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return None
    ids = set(org_ids(session, user))
    if rfq.buyer_org_id in ids:
        return Side.buyer
    if rfq.maker_org_id in ids:
        return Side.maker
    return None


def acts_as(session: Session, user: User, rfq: Rfq, side: Side) -> bool:
    """Whether ``user`` belongs to ``side``'s organisation of the RFQ."""
    org_id = rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id
    return org_id in set(org_ids(session, user))


def get_rfq_for(session: Session, user: User, rfq_id: int) -> tuple[Rfq, Side]:
    """The RFQ and the user's side in it; refuses (not_found) anyone but the two parties."""
    rfq = session.get(Rfq, rfq_id)
    side = side_of(session, user, rfq) if rfq is not None else None
    if side is None:
        raise not_found()
    return rfq, side


# --- steps and notices -----------------------------------------------------------------------------------------


def move_rfq(session: Session, rfq: Rfq, to: RfqStatus, side: Side, **values) -> None:
    """Move the RFQ to ``to`` as ``side`` through :data:`~market.rfq.models.RFQ_TRANSITIONS`, setting ``values``
    in the same conditional UPDATE; refuses a step the table does not allow (409), the other side's step (403)
    and a status changed by a concurrent request (409)."""
    apply_transition(session, rfq, RFQ_TRANSITIONS, to, role=side, values=values, label=status_label)


def mark_first_response(session: Session, rfq: Rfq) -> None:
    """Note the maker's first answer (a quote, a decline or a message); later answers change nothing."""
    # Conditional, so the first maker action wins even when two happen at once.
    session.exec(sa.update(Rfq).where(Rfq.id == rfq.id, Rfq.first_response_at.is_(None))
                 .values(first_response_at=utcnow()).execution_options(synchronize_session=False))
    session.refresh(rfq)


def notify_side(session: Session, rfq: Rfq, side: Side, actor_id: int | None, kind: str, message) -> None:
    """Tell the members of ``side``'s organisation (not the actor), each in their language, with a link to the
    RFQ; ``message`` is called inside that language."""
    org_id = rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id
    notify_members(session, org_id, kind, message, "market_rfq.detail", exclude_user_id=actor_id, rfq_id=rfq.id)
