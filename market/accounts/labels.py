"""Organisation kinds and user and membership roles in words, for pages (never the raw codes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.accounts.models import MembershipRole, OrganizationKind, UserRole

ORG_KIND_NAMES = {
    OrganizationKind.maker: _l("Maker"),
    OrganizationKind.buyer: _l("Buyer"),
    OrganizationKind.ip_holder: _l("IP holder"),
    OrganizationKind.lab: _l("Research lab"),
    OrganizationKind.startup: _l("Startup"),
}
USER_ROLE_NAMES = {
    UserRole.member: _l("Member"),
    UserRole.curator: _l("Curator"),
    UserRole.admin: _l("Administrator"),
    UserRole.assoc_staff: _l("Association staff"),
    UserRole.trade_chair: _l("Trade chair"),
    UserRole.city_viewer: _l("City viewer"),
    UserRole.facility_staff: _l("Support centre staff"),
    UserRole.programme_staff: _l("Programme staff"),
    UserRole.reviewer: _l("Reviewer"),
}
MEMBERSHIP_ROLE_NAMES = {
    MembershipRole.owner: _l("Owner"),
    MembershipRole.member: _l("Member"),
}


def _label(names: dict, enum_class, value) -> str:
    try:
        return str(names[enum_class(str(value))])
    except (KeyError, ValueError):
        return str(value)


def org_kind_label(kind) -> str:
    """An organisation kind in the page's language ("maker" → "제조사")."""
    return _label(ORG_KIND_NAMES, OrganizationKind, kind)


def user_role_label(role) -> str:
    """A platform role (member, curator, admin) in the page's language."""
    return _label(USER_ROLE_NAMES, UserRole, role)


def membership_role_label(role) -> str:
    """A role inside an organisation (owner, member) in the page's language."""
    return _label(MEMBERSHIP_ROLE_NAMES, MembershipRole, role)
