"""Applicants and applications: a job seeker's light profile (contact, languages, trades, portfolio, optional CV
PDF through the upload checks), one application per post, and its steps applied → viewed → interview → offer →
hired / not selected / withdrawn, each told to the other side in their language with a link."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.content import resolve_many
from i18n.locales import LOCALES
from market.accounts.models import Organization, User
from market.careers.models import (
    APPLICATION_TRANSITIONS,
    ENTITY,
    ApplicantProfile,
    ApplicationStatus,
    JobApplication,
    JobPost,
    PostStatus,
    Side,
)
from market.careers.services.common import STATUS_LABELS, CareersError, is_member, label, notify_user
from market.db import utcnow
from market.notifications.services import notify_members
from market.people.trades import TRADES
from market.refusals import Refusal, forbidden, not_found
from market.transitions import apply_transition
from market.uploads.files import PDF_OR_IMAGE, check_file, check_files, store_files

MAX_PORTFOLIO = 6


def get_profile(session: Session, user) -> ApplicantProfile | None:
    """The user's applicant profile, or None before they made one."""
    return session.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user.id)).first()


def save_profile(session: Session, user, *, full_name: str, email: str, phone: str = "",
                 languages: list[str] | None = None, trades: list[str] | None = None, about: str = "",
                 portfolio=(), cv=None) -> ApplicantProfile:
    """Create or update the user's applicant profile; new portfolio files (photos, PDF, 3D) are added and a new
    CV replaces the old one. Refuses an empty name, an address without "@", unknown languages or trades, a CV
    that is not a PDF and files the upload checks refuse; nothing is stored then."""
    full_name, email = (full_name or "").strip(), (email or "").strip()
    if not full_name:
        raise CareersError(_("Give your name."), "full_name")
    if "@" not in email or len(email) > 254:
        raise CareersError(_("Give an e-mail address where workshops can reach you."), "email")
    languages = [lang for lang in (languages or []) if lang]
    if any(lang not in LOCALES for lang in languages):
        raise CareersError(_("Unknown language."), "languages")
    trades = [t for t in (trades or []) if t]
    if any(t not in TRADES for t in trades):
        raise CareersError(_("Choose one of the trades."), "trades")
    profile = get_profile(session, user) or ApplicantProfile(user_id=user.id, full_name=full_name, email=email)
    checked = check_files(list(portfolio), already=len(profile.portfolio_keys), limit=MAX_PORTFOLIO)
    cv_checked = None
    if cv is not None and (cv.data or cv.filename):
        cv_checked = check_file(cv, PDF_OR_IMAGE)
        if cv_checked.content_type != "application/pdf":
            raise CareersError(_("The CV must be a PDF file."), "cv")
    keys = store_files(checked + ([cv_checked] if cv_checked else []))
    if cv_checked:
        profile.cv_key, profile.cv_filename = keys.pop(), cv_checked.filename
    profile.portfolio_keys = [*profile.portfolio_keys, *keys]
    profile.full_name, profile.email, profile.phone = full_name[:120], email, (phone or "").strip()[:40]
    profile.languages, profile.trades, profile.about = languages, trades, (about or "").strip()[:4000]
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile


def apply_to_post(session: Session, user, post_id: int, note: str = "") -> JobApplication:
    """Apply to an open post with the user's profile; tells the workshop. Refuses a user without a profile
    (422), a closed or expired post (409), a member of the posting workshop (403) and a second application to
    the same post (409, "already applied")."""
    post = session.get(JobPost, post_id)
    if post is None:
        raise not_found()
    if post.status != PostStatus.open or post.deadline < dt.date.today():
        raise Refusal(_("This job no longer takes applications."), code="closed", status=409)
    if is_member(session, user, post.org_id):
        raise forbidden(_("You cannot apply to your own workshop's job."))
    if get_profile(session, user) is None:
        raise CareersError(_("Fill in your applicant profile first."), "profile", code="no_profile")
    if already_applied(session, user, post_id):
        raise Refusal(_("You already applied to this job."), code="already_applied", status=409)
    application = JobApplication(post_id=post_id, applicant_id=user.id, note=(note or "").strip()[:4000])
    try:
        with session.begin_nested():
            session.add(application)
            session.flush()
    except sa.exc.IntegrityError as exc:  # a second request that raced the check above
        raise Refusal(_("You already applied to this job."), code="already_applied", status=409) from exc
    notify_members(session, post.org_id, "job_application",
                   lambda: _("New application for your job post from %(name)s.", name=user.display_name),
                   "market_careers.applications", post_id=post.id)
    return application


def already_applied(session: Session, user, post_id: int) -> bool:
    """Whether the user has applied to the post."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(JobApplication.id).where(JobApplication.post_id == post_id,
                                                        JobApplication.applicant_id == user.id)).first() is not None


def move_application(session: Session, user, application_id: int, to: str,
                     expected: str | None = None) -> JobApplication:
    """Move an application one step: the workshop's members view, invite to interview, offer, hire or turn it
    down; the applicant withdraws. The other side is told in their language. Refuses a step the table does not
    have (409), the other side's step (403) and a stale page (409)."""
    application = session.get(JobApplication, application_id)
    if application is None:
        raise not_found()
    post = session.get(JobPost, application.post_id)
    if application.applicant_id == user.id:
        side = Side.applicant
    elif is_member(session, user, post.org_id):
        side = Side.workshop
    else:
        raise not_found()
    try:
        target = ApplicationStatus(to)
    except ValueError as exc:
        raise CareersError(_("Unknown step."), "to") from exc
    values = {}
    if side == Side.workshop and application.answered_at is None:
        values["answered_at"] = utcnow()
    apply_transition(session, application, APPLICATION_TRANSITIONS, target, role=side,
                     expected=ApplicationStatus(expected) if expected else None, values=values,
                     label=lambda s: label(STATUS_LABELS, ApplicationStatus(s)))
    if side == Side.workshop:
        applicant = session.get(User, application.applicant_id)
        notify_user(session, applicant, "job_application_status",
                    lambda: _("Your application is now: %(status)s.",
                              status=label(STATUS_LABELS, target)),
                    "market_careers.mine")
    else:
        notify_members(session, post.org_id, "job_application_status",
                       lambda: _("An applicant withdrew their application."),
                       "market_careers.applications", post_id=post.id)
    return application


@dataclasses.dataclass
class ApplicationRow:
    """An application with its applicant's profile (for the workshop) or its post (for the applicant)."""

    application: JobApplication
    profile: ApplicantProfile | None
    post: JobPost
    org: Organization
    title: object | None


def applications_for_post(session: Session, user, post_id: int, locale: str) -> list[ApplicationRow]:
    """The applications to one post, oldest first: only the posting workshop's members see them (else 404)."""
    post = session.get(JobPost, post_id)
    if post is None or not is_member(session, user, post.org_id):
        raise not_found()
    org = session.get(Organization, post.org_id)
    rows = session.exec(select(JobApplication, ApplicantProfile)
                        .join(ApplicantProfile, ApplicantProfile.user_id == JobApplication.applicant_id,
                              isouter=True)
                        .where(JobApplication.post_id == post_id).order_by(JobApplication.created_at)).all()
    title = resolve_many(session, ENTITY, [post.id], "title", locale).get(post.id)
    return [ApplicationRow(a, p, post, org, title) for a, p in rows]


def my_applications(session: Session, user, locale: str) -> list[ApplicationRow]:
    """The user's applications, newest first, with their posts."""
    rows = session.exec(select(JobApplication, JobPost, Organization)
                        .join(JobPost, JobPost.id == JobApplication.post_id)
                        .join(Organization, Organization.id == JobPost.org_id)
                        .where(JobApplication.applicant_id == user.id)
                        .order_by(JobApplication.created_at.desc())).all()
    titles = resolve_many(session, ENTITY, [p.id for _a, p, _o in rows], "title", locale)
    return [ApplicationRow(a, None, p, o, titles.get(p.id)) for a, p, o in rows]


def cv_of(session: Session, user, application_id: int) -> ApplicantProfile:
    """The profile whose CV the workshop may download for one application (members of the posting workshop and
    the applicant only; 404 otherwise)."""
    application = session.get(JobApplication, application_id)
    if application is None:
        raise not_found()
    post = session.get(JobPost, application.post_id)
    if application.applicant_id != user.id and not is_member(session, user, post.org_id):
        raise not_found()
    profile = session.exec(select(ApplicantProfile)
                           .where(ApplicantProfile.user_id == application.applicant_id)).first()
    if profile is None or not profile.cv_key:
        raise not_found()
    return profile
