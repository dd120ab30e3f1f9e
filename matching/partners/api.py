"""API of partner finding: ``POST /api/v1/matching/search`` and ``GET /api/v1/matching/suggestions``."""

from __future__ import annotations

from typing import Literal

import pydantic
from flask import url_for

from i18n.locales import LOCALES, current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.errors import ApiError
from matching.documents import LICENSE_TERMS
from matching.partners.services import MAX_K, PartnerResult, acting_org, find_partners, suggestions_for

routes = Routes()

Kind = Literal["maker", "buyer", "ip_holder", "lab", "startup"]
Lang = Literal[LOCALES]  # type: ignore[valid-type]


class SearchFilters(pydantic.BaseModel):
    """Filters of a search; every one optional."""

    model_config = pydantic.ConfigDict(extra="forbid")

    cluster: str | None = pydantic.Field(None, max_length=40, description="Maker cluster code, e.g. mullae",
                                         json_schema_extra={"pattern": r"\S"})
    region: str | None = pydantic.Field(None, max_length=16, description="Region or country code, e.g. KR-11",
                                        json_schema_extra={"pattern": r"\S"})
    trl_min: int | None = pydantic.Field(None, ge=1, le=9)
    trl_max: int | None = pydantic.Field(None, ge=1, le=9)
    license_terms: list[Literal[LICENSE_TERMS]] | None = None  # type: ignore[valid-type]

    def to_engine(self) -> dict:
        return self.model_dump(exclude_none=True)


class SearchIn(pydantic.BaseModel):
    """A search for partners: what you need, in your words and language."""

    model_config = pydantic.ConfigDict(extra="forbid")

    # The engine refuses text without a letter or digit (422 on `text`): the pattern says so.
    text: str = pydantic.Field(min_length=1, max_length=2000, description="What you are looking for",
                               json_schema_extra={"pattern": r"[^\W_]"})
    kinds: list[Kind] | None = pydantic.Field(None, description="Kinds of organisation to search")
    filters: SearchFilters = pydantic.Field(default_factory=SearchFilters)
    lang: Lang | None = pydantic.Field(None, description="Language of the text and of the explanations")
    k: int = pydantic.Field(10, ge=1, le=MAX_K)
    org_id: int | None = pydantic.Field(None, description="Search on behalf of this organisation of yours")


class ConceptOut(pydantic.BaseModel):
    id: str
    label: str


class ReasonOut(pydantic.BaseModel):
    code: str
    message: str
    contribution: float | None


class ExplanationOut(pydantic.BaseModel):
    """Why a record matched: shared concepts, best sentences of both sides, and the signals behind the score."""

    concepts: list[ConceptOut]
    query_sentence: str | None
    doc_sentence: str | None
    reasons: list[ReasonOut]


class OrganizationRef(pydantic.BaseModel):
    id: int
    name: str


class ResultOut(pydantic.BaseModel):
    """One ranked record; ``organization`` is null while a listing's holder stays anonymous (NDA first)."""

    doc_id: str
    kind: str
    title: str
    summary: str
    text_lang: str
    gated: bool
    organization: OrganizationRef | None
    score: float
    signals: dict[str, float | None] = pydantic.Field(
        description="Raw value of each signal; reciprocity is null when the other side states no needs")
    explanation: ExplanationOut | None
    url: str | None


class ResultListOut(pydantic.BaseModel):
    items: list[ResultOut]
    total: int


class SuggestionsQuery(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    org_id: int | None = None
    k: int = pydantic.Field(10, ge=1, le=MAX_K)
    lang: Lang | None = None


def doc_url(listing_id: int | None, profile_id: int | None, lang: str) -> str | None:
    """The page of a record: a technology listing's page, or a profile's page."""
    if listing_id is not None:
        return url_for("matching_listings.show_listing", lang=lang, listing_id=listing_id)
    if profile_id is not None:
        return url_for("matching_profiles.show_profile", lang=lang, profile_id=profile_id)
    return None


def result_url(result: PartnerResult, lang: str) -> str | None:
    """The page of a result."""
    return doc_url(result.listing_id, result.profile_id, lang)


def result_out(result: PartnerResult, lang: str) -> ResultOut:
    """The API view of one result."""
    explanation = result.explanation
    return ResultOut(
        doc_id=result.doc_id, kind=result.kind, title=result.title, summary=result.summary,
        text_lang=result.text_lang, gated=result.gated,
        organization=OrganizationRef(id=result.org_id, name=result.org_name) if result.org_name else None,
        score=round(result.score, 4), signals={k: None if v is None else round(v, 4) for k, v in result.match.signals.items()},
        explanation=ExplanationOut(
            concepts=[ConceptOut(id=c.id, label=c.label) for c in explanation.concepts],
            query_sentence=explanation.query_sentence, doc_sentence=explanation.doc_sentence,
            reasons=[ReasonOut(code=r.code, message=r.message,
                               contribution=None if r.contribution is None else round(r.contribution, 4))
                     for r in explanation.reasons]) if explanation else None,
        url=result_url(result, lang))


def _org_for(session, org_id):
    user = api_user()
    org = acting_org(session, user, org_id)
    if org_id is not None and (org is None or org.id != org_id):
        raise ApiError(403, "forbidden", "You are not a member of that organisation.")
    return org


@routes.endpoint("/matching/search", "POST", summary="Find partners", tag="matching", body=SearchIn,
          response=ResultListOut, errors=(422,))
def search(body: SearchIn):
    """Profiles and technology listings whose offer answers the text, best first, each with its explanation.
    Your own organisation is left out; listings behind an NDA show their teaser only."""
    session = get_session()
    lang = body.lang or current_locale()
    org = _org_for(session, body.org_id)
    results = find_partners(session, body.text, lang=lang, viewer_lang=lang, kinds=body.kinds,
                            filters=body.filters.to_engine(), k=body.k, viewer_org_id=org.id if org else None)
    return ResultListOut(items=[result_out(r, lang) for r in results], total=len(results))


@routes.endpoint("/matching/suggestions", summary="Suggested partners", tag="matching", query=SuggestionsQuery,
          response=ResultListOut, errors=(403, 422))
def suggestions(query: SuggestionsQuery):
    """Reciprocal suggestions for your organisation's published profile: what you seek against what they
    offer and the reverse; empty while your organisation has no published profile."""
    session = get_session()
    lang = query.lang or current_locale()
    org = _org_for(session, query.org_id)
    if org is None:
        return ResultListOut(items=[], total=0)
    results = suggestions_for(session, org.id, viewer_lang=lang, k=query.k)
    return ResultListOut(items=[result_out(r, lang) for r in results], total=len(results))
