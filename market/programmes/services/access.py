"""Who acts on programmes: members of an applying organisation, and programme staff (and admins)."""

from __future__ import annotations

from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, User, UserRole
from market.refusals import forbidden

STAFF_ROLES = (UserRole.programme_staff, UserRole.admin)


def is_programme_staff(user) -> bool:
    """Programme staff and admins."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)


def require_staff(user) -> None:
    """Refuse (403) anyone but programme staff."""
    if not is_programme_staff(user):
        raise forbidden()


def member_org_ids(session: Session, user) -> set[int]:
    """Organisations the user belongs to."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(session.exec(select(Membership.organization_id).where(Membership.user_id == user.id)))


def organisations_of(session: Session, user: User) -> list[Organization]:
    """The user's organisations, by name."""
    ids = member_org_ids(session, user)
    if not ids:
        return []
    return list(session.exec(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name)))


def acting_organisation(session: Session, user: User, org_id: int | None = None) -> Organization:
    """The organisation the user acts for: ``org_id`` when they belong to it, else their first; 403 without
    one."""
    orgs = organisations_of(session, user)
    if org_id is not None:
        orgs = [o for o in orgs if o.id == org_id]
    if not orgs:
        raise forbidden()
    return orgs[0]
