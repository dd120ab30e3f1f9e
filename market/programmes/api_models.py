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
    required: bool


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
    status: str
    note: str
    at: dt.datetime


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
    timeline: list[EventOut]
    url: str
