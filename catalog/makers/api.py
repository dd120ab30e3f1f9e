"""API of makers: ``GET /api/v1/makers`` (public makers, by cluster and name) and ``GET /api/v1/makers/{slug}``
(a profile with its story in a requested language)."""

from __future__ import annotations

import datetime as dt

import pydantic
from flask import url_for
from flask_babel import gettext as _

from catalog.makers import services
from catalog.products.api import LocalizedTextOut
from i18n import vocabularies
from i18n.locales import current_locale
from market.api import LangQuery, Routes, api_user
from market.clusters import get_cluster, reference_cluster_codes
from market.db import get_session
from market.errors import ApiError
from market.pages import ListPage, PageQuery
from market.refusals import not_found

routes = Routes()


class MinOrderOut(pydantic.BaseModel):
    """The smallest order a maker accepts."""

    quantity: int | None
    unit: str
    note: str | None


class ResponseStatsOut(pydantic.BaseModel):
    """How the maker answers requests for quotes (computed from its RFQs)."""

    requests: int
    response_rate: float | None = pydantic.Field(None, description="Share of requests answered, 0–1")
    median_response_hours: float | None


class BadgeOut(pydantic.BaseModel):
    """The maker's "Made in Seoul" co-brand badge."""

    tier: str | None
    code: str | None
    url: str | None
    expires_on: dt.date | None


class PhotoOut(pydantic.BaseModel):
    """A workshop photo: web size and thumbnail."""

    url: str
    thumb_url: str
    width: int
    height: int


class MakerSummaryOut(pydantic.BaseModel):
    """A public maker in a list."""

    id: int
    slug: str
    name: str
    name_ko: str | None
    cluster_code: str | None
    district: str | None
    founded_year: int | None
    staff_count: int | None
    capabilities: list[str]
    product_count: int
    url: str = pydantic.Field(description="The maker's public page")


class MakerListOut(ListPage):
    """One page of public makers."""

    items: list[MakerSummaryOut]


class VocabularyNamesOut(pydantic.BaseModel):
    """A maker's vocabulary fields named in the answer's language."""

    capabilities: list[str]
    materials: list[str]
    equipment: list[str]


class MakerOut(MakerSummaryOut):
    """A maker's public profile."""

    cluster_name: str | None
    about: LocalizedTextOut | None
    materials: list[str] = pydantic.Field(description="Vocabulary ids (`GET /api/v1/vocabularies/materials`) "
                                          "and the maker's own words")
    equipment: list[str] = pydantic.Field(description="Vocabulary ids (`GET /api/v1/vocabularies/equipment`) "
                                          "and the maker's own words")
    names: VocabularyNamesOut = pydantic.Field(
        description="Capabilities, materials and equipment in the answer's language (own words as written)")
    certifications: list[str]
    min_order: MinOrderOut | None
    lead_time_days: int | None
    photos: list[PhotoOut]
    cobrand_status: str
    badge: BadgeOut | None
    response: ResponseStatsOut | None = pydantic.Field(
        None, description="Null until the maker has received requests for quotes")
    published: bool


class MakerQuery(LangQuery):
    """The language of the answer."""


class MakerListQuery(LangQuery, PageQuery):
    """Filters and paging of the maker list."""

    cluster: str | None = pydantic.Field(None, description="A cluster code, e.g. `seongsu`",
                                         json_schema_extra=lambda schema: schema.update(enum=reference_cluster_codes()))
    q: str | None = pydantic.Field(None, max_length=100, description="Part of the English or Korean name")


def _media_url(key: str) -> str:
    area, _sep, rest = key.partition("/")
    return url_for("market_media.media", rest=rest, _external=True) if area == "public" else ""


def _page_url(slug: str, locale: str) -> str:
    return url_for("catalog_makers.detail", slug=slug, lang=locale, _external=True)


def _summary_fields(maker, product_count: int, locale: str) -> dict:
    return dict(id=maker.id, slug=maker.slug, name=maker.name, name_ko=maker.name_ko,
                cluster_code=maker.cluster_code, district=maker.district, founded_year=maker.founded_year,
                staff_count=maker.staff_count, capabilities=maker.capabilities, product_count=product_count,
                url=_page_url(maker.slug, locale))


@routes.endpoint("/makers", summary="List makers", tag="catalog", query=MakerListQuery, response=MakerListOut,
          auth=False)
def list_makers(query: MakerListQuery):
    """Public makers by name, optionally of one cluster (`cluster`) and whose English or Korean name contains
    `q`; an unknown cluster is refused."""
    session = get_session()
    locale = query.lang or current_locale()
    if query.cluster and get_cluster(session, query.cluster) is None:
        raise ApiError(422, "invalid", _("Some query parameters are not valid."),
                       {"cluster": _("Unknown cluster.")})
    result = services.list_makers(session, cluster_code=query.cluster, q=query.q, page=query.page,
                                  per_page=query.per_page)
    return MakerListOut(items=[MakerSummaryOut(**_summary_fields(s.maker, s.product_count, locale))
                               for s in result.items],
                        total=result.total, page=result.page, per_page=result.per_page)


@routes.endpoint("/makers/<slug>", summary="Get a maker", tag="catalog", query=MakerQuery, response=MakerOut,
          auth=False, errors=(404,))
def get_maker(slug: str, query: MakerQuery):
    """A public maker's profile with its story in the requested language (or the fallback it is really in);
    an unpublished profile only for its owners."""
    session = get_session()
    locale = query.lang or current_locale()
    page = services.get_maker_page(session, slug, locale, api_user(), products_limit=0)
    if page is None:
        raise not_found(_("Maker not found."))
    p, about, response, badge = page.profile, page.about, page.response, page.badge
    return MakerOut(
        **_summary_fields(page.maker, page.product_count, locale),
        cluster_name=page.cluster.name_en if page.cluster else None,
        about=LocalizedTextOut(text=about.text, locale=about.locale, fallback=about.is_fallback,
                           reviewed=about.reviewed) if about else None,
        materials=p.materials, equipment=p.equipment, certifications=p.certifications,
        names=VocabularyNamesOut(
            capabilities=vocabularies.labels("capabilities", page.maker.capabilities, locale),
            materials=vocabularies.labels("materials", p.materials, locale),
            equipment=vocabularies.labels("equipment", p.equipment, locale)),
        min_order=MinOrderOut(quantity=p.min_order_qty, unit=p.min_order_unit, note=p.min_order_note)
        if p.min_order_qty or p.min_order_note else None,
        lead_time_days=p.lead_time_days,
        photos=[PhotoOut(url=_media_url(ph["web_key"]), thumb_url=_media_url(ph["thumb_key"]), width=ph["width"],
                         height=ph["height"]) for ph in p.photos],
        cobrand_status=p.cobrand_status,
        badge=BadgeOut(tier=badge.tier, code=badge.code, url=badge.url, expires_on=badge.expires_on)
        if badge else None,
        response=ResponseStatsOut(requests=response.requests, response_rate=response.response_rate,
                                  median_response_hours=response.median_hours) if response else None,
        published=page.public)
