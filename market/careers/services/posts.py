"""Job posts: a maker's workshop posts a job (a wage range is required and its minimum may not exceed its
maximum), translates it, closes it; visitors list open posts; the post's JobPosting markup and the workshop's
median time to a first answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import statistics

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.content import LocalizedText, localize, resolve_many, set_text
from i18n.locales import LOCALES
from market import jobs
from market.accounts.models import Organization
from market.careers.models import (
    ENTITY,
    ApplicationStatus,
    JobApplication,
    JobLevel,
    JobPost,
    KoreanLevel,
    PostStatus,
    WageType,
)
from market.careers.services.common import CareersError, is_member
from market.db import utcnow
from market.people.trades import TRADES
from market.refusals import forbidden, not_found

MAX_WAGE_KRW = 1_000_000_000
PER_PAGE = 20


@dataclasses.dataclass
class PostRow:
    """A post as lists show it: the post, its workshop, its title in the reader's language, expired or not."""

    post: JobPost
    org: Organization
    title: LocalizedText | None

    @property
    def expired(self) -> bool:
        return self.post.status == PostStatus.open and self.post.deadline < dt.date.today()

    @property
    def state(self) -> str:
        return "expired" if self.expired else str(self.post.status)


def _choice(enum_cls, value, field: str, message: str):
    try:
        return enum_cls(value)
    except ValueError as exc:
        raise CareersError(message, field) from exc


def check_wage(wage_type, wage_min_krw, wage_max_krw) -> WageType:
    """Refuse a post without pay: a wage type and both ends of the range are required, each above zero and
    within reason, and the minimum may not exceed the maximum."""
    if not wage_type:
        raise CareersError(_("Say how the wage is counted: per hour, month or year."), "wage_type")
    kind = _choice(WageType, wage_type, "wage_type", _("Choose per hour, per month or per year."))
    if wage_min_krw is None or wage_min_krw <= 0:
        raise CareersError(_("A job post needs a wage: give the minimum in won."), "wage_min_krw")
    if wage_max_krw is None or wage_max_krw <= 0:
        raise CareersError(_("A job post needs a wage: give the maximum in won."), "wage_max_krw")
    if wage_min_krw > MAX_WAGE_KRW or wage_max_krw > MAX_WAGE_KRW:
        raise CareersError(_("This wage is not plausible."), "wage_max_krw")
    if wage_min_krw > wage_max_krw:
        raise CareersError(_("The minimum wage is above the maximum."), "wage_max_krw")
    return kind


def create_post(session: Session, user, *, org_id: int, title: str, description: str, locale: str, trade: str,
                level: str, wage_type: str | None, wage_min_krw: int | None, wage_max_krw: int | None,
                hours_per_week: int, deadline: dt.date, openings: int = 1, work_days: str = "",
                social_insurance: bool = True, training: bool = False, mentor_id: int | None = None,
                korean_level: str = "basic", cluster_code: str | None = None,
                photo_keys: list[str] | None = None) -> JobPost:
    """Post a job for workshop ``org_id`` (the user must belong to it) and queue the guests' alerts. Refuses a
    missing or reversed wage range, an unknown trade, level or Korean level, hours outside 1–68 a week, no
    openings, a deadline in the past, an empty title and a workshop that is not the user's (403)."""
    org = session.get(Organization, org_id)
    if org is None or str(org.kind) != "maker":
        raise not_found()
    if not is_member(session, user, org_id):
        raise forbidden(_("Only the workshop's members can post its jobs."))
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise CareersError(_("Give the job a title."), "title")
    if len(title) > 160:
        raise CareersError(_("The title is too long (at most %(n)d characters).", n=160), "title")
    if locale not in LOCALES:
        raise CareersError(_("Unknown language."), "locale")
    if trade not in TRADES:
        raise CareersError(_("Choose one of the trades."), "trade")
    level = _choice(JobLevel, level, "level", _("Choose a level."))
    kind = check_wage(wage_type, wage_min_krw, wage_max_krw)
    korean = _choice(KoreanLevel, korean_level or "basic", "korean_level", _("Choose a Korean level."))
    if hours_per_week is None or not 1 <= hours_per_week <= 68:
        raise CareersError(_("Weekly hours must be between 1 and 68."), "hours_per_week")
    if openings is None or not 1 <= openings <= 100:
        raise CareersError(_("Openings must be between 1 and 100."), "openings")
    if deadline is None or deadline < dt.date.today():
        raise CareersError(_("The deadline has passed; choose a later day."), "deadline")
    if mentor_id is not None:
        from market.people.models import Craftsperson

        mentor = session.get(Craftsperson, mentor_id)
        if mentor is None or mentor.org_id != org_id:
            raise CareersError(_("The mentor must be a craftsperson of this workshop."), "mentor_id")
    post = JobPost(org_id=org_id, created_by_id=user.id, trade=trade, cluster_code=cluster_code or org.cluster_code,
                   level=level, wage_type=kind, wage_min_krw=wage_min_krw, wage_max_krw=wage_max_krw,
                   hours_per_week=hours_per_week, work_days=(work_days or "").strip()[:80],
                   social_insurance=bool(social_insurance), training=bool(training), mentor_id=mentor_id,
                   korean_level=korean, photo_keys=list(photo_keys or []), deadline=deadline, openings=openings,
                   source_locale=locale)
    session.add(post)
    session.flush()
    set_text(session, ENTITY, post.id, "title", locale, title, source="author", reviewed=True, user_id=user.id)
    if description:
        set_text(session, ENTITY, post.id, "description", locale, description, source="author", reviewed=True,
                 user_id=user.id)
    jobs.after_commit(session, "market.careers.services.alerts.send_job_alerts", post.id)
    return post


def get_post(session: Session, post_id: int) -> JobPost:
    """The post with this id; 404 when there is none."""
    post = session.get(JobPost, post_id)
    if post is None:
        raise not_found()
    return post


def set_post_translation(session: Session, user, post_id: int, locale: str, title: str, description: str) -> None:
    """Store the post's title and description in another language (the workshop's members only)."""
    post = get_post(session, post_id)
    if not is_member(session, user, post.org_id):
        raise forbidden()
    if locale not in LOCALES:
        raise CareersError(_("Unknown language."), "locale")
    if not (title or "").strip():
        raise CareersError(_("Give the job a title."), "title")
    set_text(session, ENTITY, post.id, "title", locale, title, user_id=user.id)
    set_text(session, ENTITY, post.id, "description", locale, description or "", user_id=user.id)


def close_post(session: Session, user, post_id: int) -> JobPost:
    """Close an open post (the workshop's members only); a closed post takes no more applications."""
    post = get_post(session, post_id)
    if not is_member(session, user, post.org_id):
        raise forbidden()
    post.status, post.updated_at = PostStatus.closed, utcnow()
    session.add(post)
    session.flush()
    return post


@dataclasses.dataclass
class PostFilters:
    """What a job seeker filters the board by."""

    trade: str | None = None
    cluster: str | None = None
    level: str | None = None
    page: int = 1
    per_page: int = PER_PAGE


def list_open_posts(session: Session, filters: PostFilters, locale: str) -> tuple[list[PostRow], int]:
    """Open posts whose deadline has not passed, newest first, with the total count."""
    where = [JobPost.status == PostStatus.open, JobPost.deadline >= dt.date.today()]
    if filters.trade:
        where.append(JobPost.trade == filters.trade)
    if filters.cluster:
        where.append(JobPost.cluster_code == filters.cluster)
    if filters.level:
        where.append(JobPost.level == filters.level)
    total = session.exec(select(func.count()).select_from(JobPost).where(*where)).one()
    rows = list(session.exec(select(JobPost, Organization).join(Organization, Organization.id == JobPost.org_id)
                             .where(*where).order_by(JobPost.created_at.desc(), JobPost.id.desc())
                             .offset((max(1, filters.page) - 1) * filters.per_page).limit(filters.per_page)))
    titles = resolve_many(session, ENTITY, [p.id for p, _o in rows], "title", locale)
    return [PostRow(p, o, titles.get(p.id)) for p, o in rows], total


def list_org_posts(session: Session, org_id: int, locale: str) -> list[PostRow]:
    """Every post of one workshop, newest first (its own page)."""
    rows = list(session.exec(select(JobPost, Organization).join(Organization, Organization.id == JobPost.org_id)
                             .where(JobPost.org_id == org_id).order_by(JobPost.created_at.desc())))
    titles = resolve_many(session, ENTITY, [p.id for p, _o in rows], "title", locale)
    return [PostRow(p, o, titles.get(p.id)) for p, o in rows]


def post_texts(session: Session, post: JobPost, locale: str) -> dict[str, LocalizedText | None]:
    """The post's title and description in ``locale`` (with fallback)."""
    return localize(session, ENTITY, post.id, ("title", "description"), locale)


def median_first_answer(session: Session, org_id: int) -> dt.timedelta | None:
    """The median time the workshop took to first answer an application (None before any answer)."""
    rows = session.exec(select(JobApplication.created_at, JobApplication.answered_at)
                        .join(JobPost, JobPost.id == JobApplication.post_id)
                        .where(JobPost.org_id == org_id, JobApplication.answered_at.is_not(None))).all()
    if not rows:
        return None
    return dt.timedelta(seconds=statistics.median((a - c).total_seconds() for c, a in rows))


def hires_by_org(session: Session, year: int) -> dict[int, int]:
    """How many people each workshop hired through the portal in ``year`` (for the association's returns)."""
    start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    rows = session.exec(select(JobPost.org_id, func.count()).join(JobApplication, JobApplication.post_id == JobPost.id)
                        .where(JobApplication.status == ApplicationStatus.hired,
                               JobApplication.updated_at >= start, JobApplication.updated_at < end)
                        .group_by(JobPost.org_id)).all()
    return {org_id: n for org_id, n in rows}


UNIT = {WageType.hourly: "HOUR", WageType.monthly: "MONTH", WageType.yearly: "YEAR"}
EMPLOYMENT = {JobLevel.apprentice: "INTERN"}


def job_posting_jsonld(post: JobPost, org: Organization, texts: dict, url: str) -> dict:
    """Google's JobPosting structured data for the post's page."""
    title = texts.get("title")
    description = texts.get("description")
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": str(title) if title else "",
        "description": str(description) if description else (str(title) if title else ""),
        "datePosted": post.created_at.date().isoformat(),
        "validThrough": dt.datetime.combine(post.deadline, dt.time(23, 59), tzinfo=dt.UTC).isoformat(),
        "employmentType": EMPLOYMENT.get(post.level, "FULL_TIME" if post.hours_per_week >= 35 else "PART_TIME"),
        "hiringOrganization": {"@type": "Organization", "name": org.name},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": "Seoul", "addressRegion": org.district or "Seoul",
            "addressCountry": "KR"}},
        "baseSalary": {"@type": "MonetaryAmount", "currency": "KRW", "value": {
            "@type": "QuantitativeValue", "minValue": post.wage_min_krw, "maxValue": post.wage_max_krw,
            "unitText": UNIT[WageType(post.wage_type)]}},
        "totalJobOpenings": post.openings,
        "url": url,
    }
    if post.status == PostStatus.closed:
        data["validThrough"] = post.updated_at.isoformat()
    return data


def count_open_posts(session: Session) -> int:
    """How many posts are open now."""
    return session.exec(select(func.count()).select_from(JobPost).where(
        JobPost.status == PostStatus.open, JobPost.deadline >= dt.date.today())).one()

