"""What the careers services share: labels in words, the maker organisations a user may post for, and how a
user is told of a step in their own language with a link in that language."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.careers.models import ApplicationStatus, JobLevel, KoreanLevel, WageType
from market.notifications.services import notify, recipient_locale
from market.refusals import Refusal

LEVEL_LABELS = {JobLevel.apprentice: _l("Apprentice"), JobLevel.technician: _l("Technician"),
                JobLevel.skilled: _l("Skilled worker"), JobLevel.lead: _l("Lead craftsperson")}
WAGE_TYPE_LABELS = {WageType.hourly: _l("per hour"), WageType.monthly: _l("per month"),
                    WageType.yearly: _l("per year")}
KOREAN_LABELS = {KoreanLevel.none: _l("No Korean needed"), KoreanLevel.basic: _l("Basic Korean"),
                 KoreanLevel.conversational: _l("Conversational Korean"), KoreanLevel.fluent: _l("Fluent Korean")}
STATUS_LABELS = {
    ApplicationStatus.applied: _l("Applied"), ApplicationStatus.viewed: _l("Viewed"),
    ApplicationStatus.interview: _l("Interview"), ApplicationStatus.offer: _l("Offer"),
    ApplicationStatus.hired: _l("Hired"), ApplicationStatus.not_selected: _l("Not selected"),
    ApplicationStatus.withdrawn: _l("Withdrawn"),
}


class CareersError(Refusal):
    """A refused job post, profile, application or alert."""


def label(mapping, value) -> str:
    """A value in words from one of the label tables (the value itself when unknown)."""
    return str(mapping.get(value, value))


def maker_orgs_of(session: Session, user) -> list[Organization]:
    """The maker organisations ``user`` belongs to (the workshops they may post jobs for)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.maker)
                             .order_by(Organization.name)))


def is_member(session: Session, user, org_id: int) -> bool:
    """Whether ``user`` belongs to organisation ``org_id``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def notify_user(session: Session, user: User, kind: str, message, endpoint: str, **url_args) -> None:
    """Tell one user (in the app and by mail) in their own language; ``message`` is called inside it and the
    link opens ``endpoint`` in that language."""
    locale = recipient_locale(user)
    with force_locale(locale):
        url = url_for(endpoint, lang=locale, _external=False, **url_args)
        notify(session, [user.id], kind, message(), url)
