"""API of skilled jobs: list open posts (each with ``wage: {type, min_krw, max_krw}``), post a job (422 without a
wage or with min > max) and apply to one (409 when already applied). Shapes in :mod:`market.careers.api_models`."""

from __future__ import annotations

from flask import url_for

from i18n.locales import current_locale
from market.accounts.models import Organization
from market.api import LangQuery, Routes, api_user
from market.careers.api_models import (
    ApplicationCreate,
    ApplicationOut,
    JobCreate,
    JobList,
    JobOut,
    JobQuery,
    WageOut,
    WorkshopOut,
)
from market.careers.models import JobPost
from market.careers.services import applications, posts
from market.db import get_session

routes = Routes()


def job_out(post: JobPost, org: Organization, locale: str) -> JobOut:
    """A post in the API's shape."""
    texts = posts.post_texts(get_session(), post, locale)
    title, description = texts["title"], texts["description"]
    row = posts.PostRow(post, org, title)
    return JobOut(
        id=post.id, title=str(title) if title else "", description=str(description) if description else "",
        locale=title.locale if title else None,
        workshop=WorkshopOut(id=org.id, name=org.name, cluster_code=org.cluster_code), trade=post.trade,
        cluster_code=post.cluster_code, level=post.level,
        wage=WageOut(type=post.wage_type, min_krw=post.wage_min_krw, max_krw=post.wage_max_krw),
        hours_per_week=post.hours_per_week, work_days=post.work_days, social_insurance=post.social_insurance,
        training=post.training, mentor_id=post.mentor_id, korean_level=post.korean_level, deadline=post.deadline,
        openings=post.openings, state=row.state,
        url=url_for("market_careers.detail", lang=locale, post_id=post.id, _external=True),
        created_at=post.created_at)


@routes.endpoint("/jobs", summary="List open jobs", tag="jobs", query=JobQuery, response=JobList, auth=False)
def jobs_list(query: JobQuery):
    """Open job posts whose deadline has not passed, newest first, filtered by trade, cluster and level."""
    locale = query.lang or current_locale()
    filters = posts.PostFilters(trade=query.trade, cluster=query.cluster,
                                level=query.level.value if query.level else None, page=query.page,
                                per_page=query.per_page)
    rows, total = posts.list_open_posts(get_session(), filters, locale)
    return JobList(items=[job_out(r.post, r.org, locale) for r in rows], total=total, page=query.page,
                   per_page=query.per_page)


@routes.endpoint("/jobs", "POST", summary="Post a job", tag="jobs", body=JobCreate, response=JobOut, status=201,
                 errors=(403, 404))
def jobs_create(body: JobCreate):
    """Post a job for one of your maker workshops. A post needs `wage` with `type`, `min_krw` and `max_krw`
    (min ≤ max): without it the answer is 422."""
    session = get_session()
    post = posts.create_post(
        session, api_user(), org_id=body.org_id, title=body.title, description=body.description,
        locale=body.locale, trade=body.trade, level=body.level.value, wage_type=body.wage.type.value,
        wage_min_krw=body.wage.min_krw, wage_max_krw=body.wage.max_krw, hours_per_week=body.hours_per_week,
        deadline=body.deadline, openings=body.openings, work_days=body.work_days,
        social_insurance=body.social_insurance, training=body.training, mentor_id=body.mentor_id,
        korean_level=body.korean_level.value)
    return job_out(post, session.get(Organization, post.org_id), body.locale), 201


@routes.endpoint("/jobs/<int:post_id>", summary="Get a job", tag="jobs", query=LangQuery, response=JobOut,
                 auth=False, errors=(404,))
def jobs_get(post_id: int, query: LangQuery):
    """One job post, open, expired or closed."""
    session = get_session()
    post = posts.get_post(session, post_id)
    return job_out(post, session.get(Organization, post.org_id), query.lang or current_locale())


@routes.endpoint("/jobs/<int:post_id>/applications", "POST", summary="Apply to a job", tag="jobs",
                 body=ApplicationCreate, response=ApplicationOut, status=201, errors=(404, 409))
def jobs_apply(post_id: int, body: ApplicationCreate):
    """Apply with your applicant profile (make it first on the jobs pages): 422 without a profile, 409 when
    you already applied or the post is closed."""
    application = applications.apply_to_post(get_session(), api_user(), post_id, body.note)
    return ApplicationOut(id=application.id, post_id=application.post_id, status=application.status,
                          created_at=application.created_at, updated_at=application.updated_at), 201
