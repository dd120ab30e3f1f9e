"""Shapes of the programmes API: the directory, eligibility, applications."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pydantic

from market.api import LangQuery


class ProgrammeQuery(LangQuery):
    """Filters of the directory."""

    trade: Literal["sewing", "shoes_leather", "jewelry", "machine_metal", "printing", "electronics"] | None = None
    type: Literal["loan", "guarantee", "grant", "training", "consulting", "facility", "export", "safety_net",
                  "certification"] | None = pydantic.Field(None, description="support type")
    status: Literal["upcoming", "open", "closed", "results"] | None = None
    district: str | None = pydantic.Field(None, max_length=60, description="a borough, e.g. Jongno-gu")
    closing_this_week: bool = False
    page: int = pydantic.Field(1, ge=1, le=10_000)

    @pydantic.field_validator("trade", "type", "status", "district", mode="before")
    @classmethod
    def _blank_is_any(cls, value):
        """``?trade=&type=`` (empty) means any."""
        return None if value == "" else value


class DocumentOut(pydantic.BaseModel):
    code: str
    label: str
    label_lang: str | None = pydantic.Field(None, description="the language the label is in (another than the "
                                                              "requested one when it falls back)")
    required: bool


class ChoiceOut(pydantic.BaseModel):
    value: str
    label: str
    label_lang: str | None = None


class QuestionOut(pydantic.BaseModel):
    """A question of the application form, in the requested language (else English, else Korean)."""

    name: str
    type: str = pydantic.Field(description="text, textarea, number, choice or checkbox")
    label: str
    label_lang: str | None = None
    help: str = ""
    required: bool
    min: int | None = None
    max: int | None = None
    choices: list[ChoiceOut] = pydantic.Field(default_factory=list)


class ProgrammeOut(pydantic.BaseModel):
    """A programme with the national directory's fields."""

    id: int
    code: str
    title: str
    summary: str
    target: str
    benefit: str
    support_type: str
    trades: list[str]
    clusters: list[str]
    districts: list[str]
    benefit_max_krw: int | None
    places: int | None
    selection_method: str
    documents: list[DocumentOut]
    questions: list[QuestionOut] = pydantic.Field(default_factory=list, description="the application form")
    responsible_agency: str
    executing_agency: str
    notice_url: str | None
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    accepting: bool
    url: str


class ProgrammeList(pydantic.BaseModel):
    items: list[ProgrammeOut]
    total: int
    page: int
    per_page: int


class EligibilityQuery(LangQuery):
    organization_id: int | None = pydantic.Field(None, description="the organisation to check (default: your "
                                                                   "first)")


class RuleOut(pydantic.BaseModel):
    code: str
    result: str = pydantic.Field(description="met, not_met or unknown")
    why: str


class EligibilityOut(pydantic.BaseModel):
    programme_id: int
    organization_id: int
    eligible: bool
    rules: list[RuleOut]


class ApplicationCreate(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    programme_id: int
    organization_id: int | None = None


class DeclarationItem(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    title: str = pydantic.Field(max_length=200)
    support_type: str
    year: int
    amount_krw: int | None = None


class Declaration(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    none: bool = False
    items: list[DeclarationItem] = pydantic.Field(default_factory=list, max_length=20)


class ApplicationUpdate(pydantic.BaseModel):
    """Answers to the programme's form (field name → value) and the declaration of other public support."""

    model_config = pydantic.ConfigDict(extra="forbid")

    answers: dict[str, Any] = pydantic.Field(default_factory=dict)
    declaration: Declaration | None = None


class FileOut(pydantic.BaseModel):
    id: int
    document_code: str
    filename: str
    size: int


class EventOut(pydantic.BaseModel):
    status: str = pydantic.Field(description="the status reached, or a sign-off step: signoff_asked, signed_off, "
                                             "signoff_again, signoff_removed")
    note: str
    at: dt.datetime
    by: str | None = pydantic.Field(None, description="who took the step")


class SignOffOut(pydantic.BaseModel):
    """A co-applicant and their sign-off."""

    user_id: int
    name: str
    signed: bool
    signed_at: dt.datetime | None


class ApplicationOut(pydantic.BaseModel):
    id: int
    programme_id: int
    organization_id: int
    status: str
    answers: dict[str, Any]
    declaration: dict[str, Any]
    files: list[FileOut]
    missing: dict[str, str] = pydantic.Field(description="what submission still needs, by field")
    info_request: str
    decision_reason: str
    submitted_at: dt.datetime | None
    co_applicants: list[SignOffOut] = pydantic.Field(default_factory=list)
    timeline: list[EventOut]
    url: str


class CoApplicantCreate(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    user_id: int = pydantic.Field(description="a member of the applying organisation")


class SignOffCreate(pydantic.BaseModel):
    """A co-applicant's sign-off: ``confirm`` that they read the answers and the declaration."""

    model_config = pydantic.ConfigDict(extra="forbid")

    confirm: bool = False
    user_id: int | None = pydantic.Field(None, description="whose sign-off (only your own; default: yours)")


class SearchFilters(pydantic.BaseModel):
    """The directory's filters a saved search keeps (only those set)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    trade: Literal["sewing", "shoes_leather", "jewelry", "machine_metal", "printing", "electronics"] | None = None
    type: Literal["loan", "guarantee", "grant", "training", "consulting", "facility", "export", "safety_net",
                  "certification"] | None = pydantic.Field(None, description="support type")
    district: str | None = pydantic.Field(None, max_length=60, description="a borough, e.g. Jongno-gu")
    status: Literal["upcoming", "open", "closed", "results"] | None = None
    deadline_before: dt.date | None = None
    closing_this_week: bool = False


SEARCH_NAME = dict(min_length=1, max_length=80, pattern=r"\S", description="your name for the search")


class SearchCreate(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    name: str = pydantic.Field(**SEARCH_NAME)
    filters: SearchFilters = pydantic.Field(default_factory=SearchFilters)


class SearchUpdate(pydantic.BaseModel):
    """Rename and/or pause or resume (fields left out stay as they are)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    name: str | None = pydantic.Field(None, **SEARCH_NAME)
    paused: bool | None = None


class SearchOut(pydantic.BaseModel):
    id: int
    name: str
    filters: dict[str, Any]
    paused: bool
    open_now: int = pydantic.Field(description="matching programmes open now")
    alerts_sent: int
    created_at: dt.datetime
    url: str = pydantic.Field(description="the directory with these filters")


class SearchList(pydantic.BaseModel):
    items: list[SearchOut]
    total: int
    page: int
    per_page: int
