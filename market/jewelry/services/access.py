"""The jewelry market's refusal and who may see what: signed-in users, admins, and the workshops a user belongs
to. A customer sees only their own designs, quotes and orders, a workshop only the orders routed to it: anything
else is "not found"."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, UserRole
from market.refusals import Refusal


class JewelryError(Refusal):
    """A refused jewelry operation."""


def not_found(message: str | None = None) -> JewelryError:
    """The refusal for what does not exist or is someone else's (404)."""
    return JewelryError(message or _("Not found."), code="not_found", status=404)


def signed_in(user) -> bool:
    """Whether ``user`` is a signed-in user (not anonymous, not None)."""
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    """Whether ``user`` is platform admin staff."""
    return signed_in(user) and user.role == UserRole.admin


def workshop_org_ids(session: Session, user) -> set[int]:
    """The maker organisations ``user`` is a member of (the workshops whose orders they may see)."""
    if not signed_in(user):
        return set()
    return set(session.exec(select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
                            .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.maker)))
