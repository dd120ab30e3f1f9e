"""API of people of the trades: the recognised craftspeople (each with its ``certificate_code``, checked at
``/verify/<code>``) and a recognition's Open Badges 3.0 credential."""

from __future__ import annotations

import datetime as dt

import pydantic
from flask import jsonify, request, url_for

from i18n.locales import current_locale
from market.api import LangQuery, Routes
from market.db import get_session
from market.pages import ListPage, PageQuery
from market.people.services import awards

routes = Routes()


class MasterOut(pydantic.BaseModel):
    """A recognised craftsperson whose recognition is valid."""

    certificate_code: str
    name: str
    name_ko: str | None
    level: str = pydantic.Field(description="master or excellent")
    trade: str
    year: int
    workshop_id: int
    workshop: str
    cluster_code: str | None
    issued_at: dt.datetime
    verify_url: str
    profile_url: str


class MasterList(ListPage):
    """One page of recognised craftspeople."""

    items: list[MasterOut]


class MasterQuery(PageQuery, LangQuery):
    """Filters of the registry."""

    trade: str | None = None
    cluster: str | None = None


@routes.endpoint("/masters", summary="List recognised craftspeople", tag="people", query=MasterQuery,
                 response=MasterList, auth=False)
def masters_list(query: MasterQuery):
    """Valid recognitions (revoked ones are left out) of people who consented to publication, by trade and
    cluster; check any `certificate_code` at `/verify/<code>`."""
    locale = query.lang or current_locale()
    rows = awards.list_masters(get_session(), trade=query.trade, cluster=query.cluster)
    start = (query.page - 1) * query.per_page
    items = [MasterOut(
        certificate_code=r.award.code, name=r.person.name, name_ko=r.person.name_ko, level=r.award.level,
        trade=r.award.trade, year=r.award.year, workshop_id=r.org.id, workshop=r.org.name,
        cluster_code=r.org.cluster_code, issued_at=r.award.issued_at,
        verify_url=request.host_url.rstrip("/") + f"/verify/{r.award.code}",
        profile_url=url_for("market_people.person", lang=locale, person_id=r.person.id, _external=True))
        for r in rows[start:start + query.per_page]]
    return MasterList(items=items, total=len(rows), page=query.page, per_page=query.per_page)


@routes.route("/masters/<code>/open-badge")
def masters_open_badge(code: str):
    """A recognition as an Open Badges 3.0 credential (JSON-LD); revoked ones carry their revocation."""
    session = get_session()
    record = awards.get_award(session, code)
    response = jsonify(awards.open_badge(session, record, request.host_url))
    response.mimetype = "application/ld+json"
    return response
