"""Shapes of the jobs API: posts with their wage range, the list, the post to create and applications."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic

from market.api import LangQuery
from market.careers.models import ApplicationStatus, JobLevel, KoreanLevel, WageType
from market.pages import ListPage, PageQuery


class WageIn(pydantic.BaseModel):
    """The pay of a job: how it is counted and its range in won (both required, min ≤ max)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    type: WageType = pydantic.Field(description="hourly, monthly or yearly")
    min_krw: int = pydantic.Field(ge=1, le=1_000_000_000)
    max_krw: int = pydantic.Field(ge=1, le=1_000_000_000)


class WageOut(pydantic.BaseModel):
    """The pay of a job."""

    type: WageType
    min_krw: int
    max_krw: int


class WorkshopOut(pydantic.BaseModel):
    """The workshop that posts."""

    id: int
    name: str
    cluster_code: str | None


class JobOut(pydantic.BaseModel):
    """A job post as the public sees it, in the language asked for (with fallback)."""

    id: int
    title: str
    description: str
    locale: str | None = pydantic.Field(description="The language the texts are in.")
    workshop: WorkshopOut
    trade: str
    cluster_code: str | None
    level: JobLevel
    wage: WageOut
    hours_per_week: int
    work_days: str
    social_insurance: bool
    training: bool
    mentor_id: int | None
    korean_level: KoreanLevel
    deadline: dt.date
    openings: int
    state: str = pydantic.Field(description="open, expired or closed")
    url: str
    created_at: dt.datetime


class JobList(ListPage):
    """One page of open job posts."""

    items: list[JobOut]


class JobQuery(PageQuery, LangQuery):
    """Filters of the job list."""

    trade: str | None = None
    cluster: str | None = None
    level: JobLevel | None = None


class JobCreate(pydantic.BaseModel):
    """A job post; `wage` is required (a post without pay is refused with 422), its minimum not above its
    maximum (422 on `wage_max_krw`)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    org_id: int = pydantic.Field(ge=1, description="Your maker workshop")
    title: str = pydantic.Field(min_length=1, max_length=160)
    description: str = pydantic.Field("", max_length=8000)
    locale: Literal["ko", "en", "ja", "zh_Hans", "vi"] = pydantic.Field(
        "ko", description="Language of the title and description")
    trade: Literal["jewelry", "sewing", "machine_metal", "shoes", "printing"]
    level: JobLevel
    wage: WageIn = pydantic.Field(description="Required: a post without pay is refused (422).")
    hours_per_week: int = pydantic.Field(ge=1, le=68)
    work_days: str = pydantic.Field("", max_length=80)
    social_insurance: bool = True
    training: bool = False
    mentor_id: int | None = pydantic.Field(None, ge=1)
    korean_level: KoreanLevel = KoreanLevel.basic
    deadline: dt.date
    openings: int = pydantic.Field(1, ge=1, le=100)


class ApplicationCreate(pydantic.BaseModel):
    """An application with your applicant profile."""

    model_config = pydantic.ConfigDict(extra="forbid")

    note: str = pydantic.Field("", max_length=4000)


class ApplicationOut(pydantic.BaseModel):
    """An application and where it stands."""

    id: int
    post_id: int
    status: ApplicationStatus
    created_at: dt.datetime
    updated_at: dt.datetime
