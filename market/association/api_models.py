"""The shapes of the association API: published KPI cells (a suppressed cell has null figures) and a member's
own return."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic

from market.api import LangQuery


class KpiQuery(LangQuery):
    """Which year's table, by what, and optionally one cell."""

    year: int | None = pydantic.Field(None, ge=2000, le=2100, description="Default: the newest campaign's year")
    by: Literal["cluster", "trade", "district", "size"] = "cluster"
    key: str | None = pydantic.Field(None, max_length=80, description="One cell only; a suppressed one is refused")


class KpiCellOut(pydantic.BaseModel):
    """A published cell; when ``suppressed`` every figure is null."""

    key: str
    label: str
    firms: int | None
    jobs: int | None
    value_added_krw: int | None
    exports_krw: int | None
    suppressed: bool


class KpiTable(pydantic.BaseModel):
    """One table of a year's published aggregates, with its source."""

    year: int
    by: str
    source: str
    cells: list[KpiCellOut]


class ReturnQuery(LangQuery):
    """A reviewer names the member; a member gets its own return."""

    member_id: int | None = pydantic.Field(None, ge=1, le=2**31 - 1)


class ReturnVersionOut(pydantic.BaseModel):
    version: int
    status: str
    reason: str | None
    created_at: dt.datetime


class ReturnOut(pydantic.BaseModel):
    """A member's return of one year."""

    member_id: int
    member_name: str
    year: int
    status: str
    version: int
    staff_full_time: int | None
    staff_part_time: int | None
    staff_under_35: int | None
    hires_this_year: int | None
    labour_cost_krw: int | None
    revenue_krw: int | None
    exports_krw: int | None
    exports_by_country: dict[str, int]
    value_added_krw: int | None
    capital_investment_krw: int | None
    smart_factory_stage: int | None
    cooperation_projects: int | None
    trainings_completed: int | None
    prefill: dict
    returned_reason: str | None
    versions: list[ReturnVersionOut]


class ReturnIn(pydantic.BaseModel):
    """A member's figures for its return; ``submit`` sends it through the checks (otherwise it is saved)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    submit: bool = False
    staff_full_time: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    staff_part_time: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    staff_under_35: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    hires_this_year: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    labour_cost_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    revenue_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    exports_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    exports_by_country: dict[str, int] | None = pydantic.Field(None, max_length=60)
    va_method: Literal["items", "simple"] | None = None
    operating_surplus_krw: int | None = pydantic.Field(None, ge=-(10**15), le=10**15)
    financial_cost_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    taxes_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    depreciation_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    bought_in_inputs_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    capital_investment_krw: int | None = pydantic.Field(None, ge=0, le=10**15)
    smart_factory_stage: int | None = pydantic.Field(None, ge=0, le=3)
    technologies: list[Literal["cad", "cnc", "printing3d", "mes", "sensors", "ecommerce"]] | None = \
        pydantic.Field(None, max_length=6)
    cooperation_projects: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    trainings_completed: int | None = pydantic.Field(None, ge=0, le=1_000_000)
    uses_shared_space: bool | None = None
    export_programme: bool | None = None
    programme_participant: bool | None = None
    succession_status: Literal["not_needed", "planned", "in_progress", "no_successor"] | None = None
    change_note: str | None = pydantic.Field(None, max_length=4000)
