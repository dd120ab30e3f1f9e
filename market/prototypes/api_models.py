"""The shapes of the prototype API: what it answers (``*Out``, the lists) and what it takes (queries and bodies),
both validated and documented (OpenAPI) by :mod:`market.api`."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic

from i18n.locales import LOCALES
from market.api import DisplayQuery
from market.clusters import reference_cluster_codes
from market.pages import MAX_PER_PAGE, ListPage, PageQuery
from market.prototypes.models import Category
from market.prototypes.services.base import (
    MAX_DESCRIPTION,
    MAX_KRW,
    MAX_MATERIAL,
    MAX_MATERIALS,
    MAX_QUANTITY,
    MAX_TITLE,
)
from market.prototypes.services.ratings import RATINGS_PER_PAGE

CategoryName = Literal["machine_metal", "enclosure", "leather", "textile", "print", "jewelry"]
State = Literal["open", "closed", "expired", "awarded", "completed", "cancelled"]


class ProtoMoneyOut(pydantic.BaseModel):
    """A KRW amount converted for display."""

    amount: str = pydantic.Field(description="Decimal string in the currency's minor units")
    currency: str
    rate_date: dt.date | None = None


class ProtoTextOut(pydantic.BaseModel):
    """A text in the requested language, or in the fallback language it is really in."""

    text: str
    locale: str
    fallback: bool


class OrgOut(pydantic.BaseModel):
    """An organisation taking part."""

    id: int
    name: str
    kind: str
    cluster_code: str | None
    country: str


class FileOut(pydantic.BaseModel):
    """A file of a request or delivery; `url` downloads it (for those allowed)."""

    id: int
    filename: str
    content_type: str
    size_bytes: int
    url: str


class MilestonePlanItem(pydantic.BaseModel):
    """One step of a bid's milestone plan."""

    title: str
    amount_krw: int


class BidOut(pydantic.BaseModel):
    """A maker's bid."""

    id: int
    request_id: int
    maker: OrgOut
    price_krw: int
    price: ProtoMoneyOut | None
    lead_time_days: int
    notes: str
    milestones: list[MilestonePlanItem]
    status: Literal["open", "awarded", "not_chosen", "withdrawn"]
    revision: int
    rating_average: float | None = pydantic.Field(None, description="The maker's prototype rating (1–5)")
    rating_count: int = 0
    created_at: dt.datetime
    updated_at: dt.datetime


class QuestionOut(pydantic.BaseModel):
    """A public question and its answer."""

    id: int
    maker: OrgOut
    body: str
    answer: str | None
    created_at: dt.datetime
    answered_at: dt.datetime | None


class MessageOut(pydantic.BaseModel):
    """A private message between the startup and one maker."""

    id: int
    maker_org_id: int
    side: Literal["startup", "maker"]
    body: str
    created_at: dt.datetime


class InviteOut(pydantic.BaseModel):
    """A maker invited to bid."""

    id: int
    maker: OrgOut
    score: float | None
    explanation: str
    created_at: dt.datetime


class RequestSummary(pydantic.BaseModel):
    """A request on the board."""

    id: int
    state: State
    title: ProtoTextOut | None
    startup: OrgOut
    category: CategoryName
    cluster_code: str | None
    quantity: int
    budget_min_krw: int
    budget_max_krw: int
    budget_min: ProtoMoneyOut | None
    budget_max: ProtoMoneyOut | None
    deadline: dt.date
    nda_required: bool
    bid_count: int
    question_count: int
    created_at: dt.datetime


class RequestList(ListPage):
    """A page of the board."""

    items: list[RequestSummary]


class RequestOut(RequestSummary):
    """A request as the caller may see it: files only when allowed (NDA), bids for the startup, its own bid
    for a maker."""

    description: ProtoTextOut | None
    source_locale: str
    materials: list[str] = pydantic.Field(description="Vocabulary ids (`GET /api/v1/vocabularies/materials`) "
                                          "and the startup's own words")
    material_names: list[str] = pydantic.Field(description="`materials` in the answer's language (the startup's "
                                               "own words as written)")
    nda_version: str | None
    nda_accepted: bool = pydantic.Field(description="Whether the caller's maker accepted the NDA")
    your_role: Literal["startup", "maker", "visitor"]
    files_visible: bool
    file_count: int
    files: list[FileOut]
    questions: list[QuestionOut]
    bids: list[BidOut] = pydantic.Field(description="Every bid, cheapest first (the startup only)")
    your_bid: BidOut | None
    invites: list[InviteOut]
    messages: list[MessageOut]
    commission_id: int | None


class DeliveryOut(pydantic.BaseModel):
    """A delivery of a milestone and the startup's decision."""

    id: int
    note: str
    files: list[FileOut]
    decision: Literal["approved", "rejected"] | None
    decision_comment: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None


class MilestoneOut(pydantic.BaseModel):
    """A milestone of a commission."""

    id: int
    position: int
    title: str
    amount_krw: int
    amount: ProtoMoneyOut | None
    status: Literal["awaiting_funding", "funded", "delivered", "rejected", "approved", "cancelled"]
    funded_at: dt.datetime | None
    delivered_at: dt.datetime | None
    approved_at: dt.datetime | None
    released_at: dt.datetime | None
    fund_url: str | None = pydantic.Field(None, description="Where the startup pays it, once payments is live")
    deliveries: list[DeliveryOut]


class EventOut(pydantic.BaseModel):
    """An entry of the commission's timeline."""

    kind: str
    milestone_id: int | None
    note: str | None
    created_at: dt.datetime


class RatingOut(pydantic.BaseModel):
    """A rating one side gave the other."""

    id: int
    side: Literal["startup", "maker"] = pydantic.Field(description="The rater's side")
    rater: OrgOut
    ratee_org_id: int
    score: int
    comment: str
    created_at: dt.datetime


class CommissionMessageOut(pydantic.BaseModel):
    """A message of the commission's thread with its attachments."""

    id: int
    side: Literal["startup", "maker"]
    body: str
    files: list[FileOut]
    created_at: dt.datetime


class ChangeOut(pydantic.BaseModel):
    """A change order: what it changes (null: unchanged), who proposed it and where it stands."""

    id: int
    side: Literal["startup", "maker"] = pydantic.Field(description="The side that proposed it")
    status: Literal["proposed", "accepted", "refused", "withdrawn"]
    price_krw: int | None
    lead_time_days: int | None
    milestones: list[MilestonePlanItem] | None
    reason: str
    decision_comment: str | None
    created_at: dt.datetime
    decided_at: dt.datetime | None


class CommissionOut(pydantic.BaseModel):
    """A commission with its milestones (and their ids), timeline, ratings, thread and change orders."""

    id: int
    request_id: int
    bid_id: int
    status: Literal["active", "completed", "cancelled"]
    your_side: Literal["startup", "maker"]
    startup: OrgOut
    maker: OrgOut
    price_krw: int
    price: ProtoMoneyOut | None
    lead_time_days: int
    milestones: list[MilestoneOut]
    events: list[EventOut]
    ratings: list[RatingOut]
    messages: list[CommissionMessageOut] = []
    changes: list[ChangeOut] = []
    created_at: dt.datetime
    completed_at: dt.datetime | None


class RatingList(ListPage):
    """A page of the prototype ratings an organisation received, newest first, with its average."""

    items: list[RatingOut]
    org_id: int
    average: float | None
    count: int = pydantic.Field(description="How many ratings it received (the average's base)")


class SuggestionOut(pydantic.BaseModel):
    """A maker suggested for a request, with the reasons."""

    maker: OrgOut
    score: float
    explanation: list[str]
    invited: bool


class SuggestionList(ListPage):
    """Suggested makers, best first (one page); ``status`` is "pending" while they are being looked for (ask
    again), then "ready" (or "failed"/"stale": none were found, the startup may look again on the page)."""

    items: list[SuggestionOut]
    status: str = "ready"


class NdaOut(pydantic.BaseModel):
    """A recorded NDA acceptance."""

    request_id: int
    maker_org_id: int
    nda_version: str
    accepted_at: dt.datetime


class Display(DisplayQuery):
    """Language and currency of a prototype request's or commission's answer."""


class BoardQuery(Display, PageQuery):
    """Filters of the board (open requests taking bids)."""

    category: CategoryName | None = None
    cluster: str | None = pydantic.Field(None, description="A cluster code, e.g. mullae")
    budget_min_krw: int | None = pydantic.Field(None, ge=0, le=MAX_KRW, description="Budgets reaching at least this")
    budget_max_krw: int | None = pydantic.Field(None, ge=0, le=MAX_KRW, description="Budgets starting at most at this")
    deadline_before: dt.date | None = pydantic.Field(None, description="Bids due on or before this day")
    deadline_after: dt.date | None = pydantic.Field(None, description="Bids due on or after this day")
    nda: bool | None = pydantic.Field(None, description="true: NDA required; false: none")
    sort: Literal["newest", "deadline", "budget"] = "newest"


class RatingsQuery(PageQuery):
    """A page of an organisation's ratings."""

    per_page: int = pydantic.Field(RATINGS_PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Items per page.")


class RequestCreate(pydantic.BaseModel):
    """A new prototype request (attach files afterwards with `POST /prototype-requests/{id}/files`)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    # The service checks each field and answers 422 per field; the schema states the same rules.
    title: str = pydantic.Field(json_schema_extra={"pattern": r"\S", "maxLength": MAX_TITLE})
    description: str = pydantic.Field(json_schema_extra={"pattern": r"\S", "maxLength": MAX_DESCRIPTION})
    category: str = pydantic.Field(description="machine_metal, enclosure, leather, textile, print or jewelry",
                                   json_schema_extra={"enum": [c.value for c in Category]})
    quantity: int = pydantic.Field(json_schema_extra={"minimum": 1, "maximum": MAX_QUANTITY})
    budget_min_krw: int = pydantic.Field(json_schema_extra={"minimum": 1, "maximum": MAX_KRW})
    budget_max_krw: int = pydantic.Field(description="At least `budget_min_krw`",
                                         json_schema_extra={"minimum": 1, "maximum": MAX_KRW})
    deadline: str = pydantic.Field(description="The last day for bids, YYYY-MM-DD, today to a year ahead",
                                   json_schema_extra={"format": "date"})
    nda_required: bool = False
    materials: list[str] = pydantic.Field(default_factory=list, description=(
        "Material ids from `GET /api/v1/vocabularies/materials` (makers read them in their language) or your own "
        "words; a name of a listed material in any language is stored as its id, an unknown id answers 422"),
        json_schema_extra={"maxItems": MAX_MATERIALS, "items": {"type": "string", "maxLength": MAX_MATERIAL}})
    cluster_code: str | None = pydantic.Field(None, description="A preferred cluster, e.g. mullae",
                                              json_schema_extra=lambda s: s.update(enum=reference_cluster_codes()))
    locale: str | None = pydantic.Field(None, description="The language of title and description",
                                        json_schema_extra={"enum": list(LOCALES)})
    startup_org_id: int | None = pydantic.Field(None, description="Needed when you belong to several startups")


class BidCreate(pydantic.BaseModel):
    """A bid (or the new version of your open bid)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    price_krw: int
    lead_time_days: int
    notes: str = ""
    milestones: list[dict] = pydantic.Field(description="`[{\"title\", \"amount_krw\"}]` summing to the price")
    maker_org_id: int | None = pydantic.Field(None, description="Needed when you belong to several makers")


class MakerChoice(pydantic.BaseModel):
    """Which of your makers acts (needed only when you belong to several)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    maker_org_id: int | None = None


class TextCreate(pydantic.BaseModel):
    """A question or private message."""

    model_config = pydantic.ConfigDict(extra="forbid")

    body: str
    maker_org_id: int | None = pydantic.Field(None, description="For the startup: the maker written to")


class AnswerCreate(pydantic.BaseModel):
    """The startup's answer."""

    model_config = pydantic.ConfigDict(extra="forbid")

    answer: str


class InviteCreate(pydantic.BaseModel):
    """The maker to invite."""

    model_config = pydantic.ConfigDict(extra="forbid")

    maker_org_id: int


class RejectCreate(pydantic.BaseModel):
    """What needs to change."""

    model_config = pydantic.ConfigDict(extra="forbid")

    comment: str


class ChangeCreate(pydantic.BaseModel):
    """A change order: give at least one of a new price, lead time or whole milestone plan (summing to the
    price); funded milestones must stay as they are."""

    model_config = pydantic.ConfigDict(extra="forbid")

    price_krw: int | None = None
    lead_time_days: int | None = None
    milestones: list[dict] | None = pydantic.Field(None, description="`[{\"title\", \"amount_krw\"}]`: the whole plan")
    reason: str = ""


class ChangeDecision(pydantic.BaseModel):
    """An optional comment on accepting or refusing a change."""

    model_config = pydantic.ConfigDict(extra="forbid")

    comment: str = ""


class RatingCreate(pydantic.BaseModel):
    """A rating of the other side: 1–5 (a comment is required for 1 or 2); sending it again within 7 days
    changes it."""

    model_config = pydantic.ConfigDict(extra="forbid")

    score: int = pydantic.Field(description="1 to 5")
    comment: str = ""

