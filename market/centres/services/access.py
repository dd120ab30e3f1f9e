"""Who may do what at a facility, and which price tier a user books at."""

from __future__ import annotations

from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, User, UserRole
from market.centres.models import Facility, FacilityStaff, Tier
from market.refusals import forbidden


def is_staff_of(session: Session, user, facility_id: int) -> bool:
    """Whether ``user`` runs facility ``facility_id`` (its staff) or is an administrator."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role == UserRole.admin:
        return True
    if user.role != UserRole.facility_staff:
        return False
    return session.exec(select(FacilityStaff.id).where(FacilityStaff.facility_id == facility_id,
                                                       FacilityStaff.user_id == user.id)).first() is not None


def require_staff(session: Session, user, facility: Facility) -> None:
    """Refuse (403) a user who is not staff of ``facility``."""
    if not is_staff_of(session, user, facility.id):
        raise forbidden()


def staff_facilities(session: Session, user) -> list[Facility]:
    """The facilities ``user`` runs (every facility for administrators)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if user.role == UserRole.admin:
        return list(session.exec(select(Facility).order_by(Facility.name)))
    if user.role != UserRole.facility_staff:
        return []
    return list(session.exec(select(Facility).join(FacilityStaff, FacilityStaff.facility_id == Facility.id)
                             .where(FacilityStaff.user_id == user.id).order_by(Facility.name)))


def tier_of(session: Session, user: User) -> tuple[str, int | None]:
    """The price tier a user books at and the organisation booked for: a member maker when one of their
    organisations is a maker, a startup when one is a startup, otherwise a citizen."""
    orgs = list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id).order_by(Organization.id)))
    for kind, tier in ((OrganizationKind.maker, Tier.member), (OrganizationKind.startup, Tier.startup)):
        for org in orgs:
            if org.kind == kind:
                return tier, org.id
    return Tier.citizen, (orgs[0].id if orgs else None)
