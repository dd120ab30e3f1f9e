"""The jewelry market's refusal and who may see what: visitors (by their session's key), signed-in users,
admins, and the workshops a user belongs to. A customer sees only their own designs, quotes and orders, a workshop only the orders routed to it: anything
else is "not found"."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, UserRole
from market.jewelry.models import JewelryDesign
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


class Guest:
    """A visitor who has not signed up, known by the key kept in their browser's session: they may upload
    designs and see prices, which become theirs when they sign up (:func:`claim_guest_designs`)."""

    is_authenticated = False
    id = None
    role = None

    def __init__(self, guest_key: str):
        self.guest_key = guest_key


def guest_key_of(user) -> str | None:
    """The session key of a visitor (None for signed-in users and for visitors without one)."""
    return None if signed_in(user) else getattr(user, "guest_key", None)


def owns_design(user, design) -> bool:
    """Whether ``user`` may work on ``design``: its owner and admins, or the visitor whose session made it."""
    if signed_in(user):
        return design.owner_id == user.id or is_admin(user)
    key = guest_key_of(user)
    return bool(key) and design.owner_id is None and design.guest_key == key


def claim_guest_designs(session: Session, user, guest_key: str | None) -> int:
    """Give the designs a visitor made in this browser before signing up to ``user``; returns how many."""
    if not signed_in(user) or not guest_key:
        return 0
    designs = list(session.exec(select(JewelryDesign).where(JewelryDesign.guest_key == guest_key,
                                                            JewelryDesign.owner_id.is_(None))))
    for design in designs:
        design.owner_id, design.guest_key = user.id, None
        session.add(design)
    session.flush()
    return len(designs)
