"""Who may change what: members of an organisation (and staff) edit its profile and listings."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, User
from matching.errors import forbidden, not_found


def is_member(session: Session, user: User | None, org_id: int) -> bool:
    """True when ``user`` belongs to organisation ``org_id``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def can_edit(session: Session, user: User | None, org_id: int) -> bool:
    """Members of the organisation and staff may change its profile and listings."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or is_member(session, user, org_id)


def user_orgs(session: Session, user: User) -> list[Organization]:
    """The user's organisations, by name."""
    return list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id).order_by(Organization.name, Organization.id)))


def refuse_edit(session: Session, user: User | None, org_id: int, visible: bool) -> None:
    """Refuse a change by someone who may not edit the organisation's records: ``forbidden`` when they can see
    the record (``visible``), else ``not_found``."""
    if can_edit(session, user, org_id):
        return
    if visible:
        raise forbidden(_("Only members of this organisation can change it."))
    raise not_found()

