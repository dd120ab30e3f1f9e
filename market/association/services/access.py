"""Who may see and do what in the association's work.

* association staff (``assoc_staff``) and admins: every return, campaign, count, proposal and export;
* a trade chair: the returns and exports of its trade (:class:`~market.association.models.TradeChair`);
* a city viewer: published aggregates, exports and programme evaluations, never a single firm's return;
* a member (owner or member of the organisation a register entry links to): its own returns only.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, UserRole
from market.association.models import Member, TradeChair
from market.refusals import forbidden, not_found

STAFF_ROLES = (UserRole.assoc_staff, UserRole.admin)
REVIEWER_ROLES = (*STAFF_ROLES, UserRole.trade_chair)
EXPORT_ROLES = (*REVIEWER_ROLES, UserRole.city_viewer)


def _role(user) -> str | None:
    return getattr(user, "role", None) if user is not None and getattr(user, "is_authenticated", True) else None


def is_staff(user) -> bool:
    """Association staff or an admin."""
    return _role(user) in STAFF_ROLES


def is_reviewer(user) -> bool:
    """Someone who reviews returns: staff, or a trade chair (for its trade)."""
    return _role(user) in REVIEWER_ROLES


def can_export(user) -> bool:
    """Whether ``user`` may download the aggregate tables (CSV, XLSX): staff, trade chairs, the city."""
    return _role(user) in EXPORT_ROLES


def chair_trade(session: Session, user) -> str | None:
    """The trade a trade chair answers for (None for others, or a chair without one)."""
    if _role(user) != UserRole.trade_chair:
        return None
    row = session.get(TradeChair, user.id)
    return row.ksic if row else None


def require_staff(user) -> None:
    """Refuse (403) anyone but association staff."""
    if not is_staff(user):
        raise forbidden(_("Only association staff can do this."))


def require_export(user) -> None:
    """Refuse (403) a download of the aggregate tables to members and visitors."""
    if not can_export(user):
        raise forbidden(_("Only association staff, trade chairs and the city can download the aggregate "
                          "tables. Members see their own figures on their returns page."))


def members_of_user(session: Session, user) -> list[Member]:
    """The register entries of the organisations ``user`` belongs to."""
    if user is None or not getattr(user, "is_authenticated", True) or user.id is None:
        return []
    return list(session.exec(select(Member).join(Membership, Membership.organization_id == Member.organization_id)
                             .where(Membership.user_id == user.id).order_by(Member.id)))


def member_for_user(session: Session, user, member_id: int | None = None) -> Member:
    """The register entry ``user`` files for: ``member_id`` when given (and theirs), else their only one.
    Refuses (403) another firm's entry and (404) a user whose organisation is not in the register."""
    own = members_of_user(session, user)
    if member_id is not None:
        for member in own:
            if member.id == member_id:
                return member
        if session.get(Member, member_id) is None:
            raise not_found()
        raise forbidden(_("You can only see and file the returns of your own organisation."))
    if not own:
        raise not_found(_("Your organisation is not in the association's member register."))
    return own[0]


def can_review_member(session: Session, user, member: Member) -> bool:
    """Whether ``user`` may read and review ``member``'s returns as a reviewer."""
    if is_staff(user):
        return True
    trade = chair_trade(session, user)
    return trade is not None and trade == member.ksic


def can_read_member(session: Session, user, member: Member) -> bool:
    """Whether ``user`` may read ``member``'s returns: reviewers of it, or the member itself."""
    return can_review_member(session, user, member) or any(m.id == member.id for m in members_of_user(session, user))
