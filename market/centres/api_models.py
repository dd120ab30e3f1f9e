"""The shapes of the support centres API: facilities, equipment with availability, bookings, reports. Times are
ISO 8601 with an offset (answers in UTC); money is integer KRW in ``*_krw`` fields with ``price`` beside it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import pydantic

from market.centres.models import BookingStatus, Category, Operator, Trade
from market.pages import ListPage

CategoryName = Literal[tuple(c.value for c in Category)]  # type: ignore[valid-type]
TradeName = Literal[tuple(t.value for t in Trade)]  # type: ignore[valid-type]
OperatorName = Literal[tuple(o.value for o in Operator)]  # type: ignore[valid-type]
StatusName = Literal[tuple(s.value for s in BookingStatus)]  # type: ignore[valid-type]


class MoneyOut(pydantic.BaseModel):
    """An amount for display."""

    amount: str
    currency: str = "KRW"


def krw(amount: int) -> MoneyOut:
    """An integer KRW amount for display."""
    return MoneyOut(amount=str(int(amount)))


class FacilityQuery(pydantic.BaseModel):
    """Filters of the facility list (every facility fits in one page by default)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    operator: OperatorName | None = None
    trade: TradeName | None = None
    district: str | None = pydantic.Field(None, max_length=40)
    page: int = pydantic.Field(1, ge=1, le=10_000)
    per_page: int = pydantic.Field(100, ge=1, le=100)


class FacilityOut(pydantic.BaseModel):
    """A support facility."""

    id: int
    slug: str
    name: str
    name_ko: str
    operator: str
    trade: str
    district: str
    cluster_code: str | None
    address: str
    phone: str
    email: str
    services: list[str]
    opening_hours: dict[str, list[str]] = pydantic.Field(description="Weekday (0 = Monday) → [open, close], Seoul time")
    closed_on_holidays: bool
    free_cancel_hours: int
    equipment_count: int
    url: str


class FacilityList(ListPage):
    """One page of facilities."""

    items: list[FacilityOut]


class EquipmentQuery(pydantic.BaseModel):
    """Which machines, and the period to check them for (both ``start`` and ``end``, with an offset)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    category: CategoryName | None = None
    trade: TradeName | None = None
    district: str | None = pydantic.Field(None, max_length=40)
    facility: str | None = pydantic.Field(None, max_length=80, description="A facility's slug")
    start: pydantic.AwareDatetime | None = None
    end: pydantic.AwareDatetime | None = pydantic.Field(None, validate_default=True)
    qualified: bool = pydantic.Field(False, description="Only machines the caller is qualified for")
    max_hourly_krw: int | None = pydantic.Field(None, ge=0, le=10_000_000, description="Most per hour for the caller")
    page: int = pydantic.Field(1, ge=1, le=10_000)
    per_page: int = pydantic.Field(500, ge=1, le=500)

    @pydantic.field_validator("start", "end", mode="before")
    @classmethod
    def _plus_sign(cls, value):
        # An unencoded "+09:00" in a query string arrives as " 09:00".
        if isinstance(value, str) and re.search(r" \d{2}:?\d{2}$", value):
            return value[:-6] + "+" + value[-5:] if value[-6] == " " else value[:-5] + "+" + value[-4:]
        return value

    @pydantic.field_validator("end", mode="after")
    @classmethod
    def _period(cls, end, info):
        start = info.data.get("start")
        if (start is None) != (end is None) and "start" in info.data:
            raise ValueError("give both start and end, or neither")
        if start is not None and end is not None and end <= start:
            raise ValueError("end must be after start")
        return end


class EquipmentOut(pydantic.BaseModel):
    """A machine, and whether the caller can book it over the period asked (``reason`` says why not)."""

    id: int
    name: str
    name_ko: str
    category: str
    facility_id: int
    facility_slug: str
    status: str
    capacity: int
    slot_minutes: int
    min_block_minutes: int
    max_block_minutes: int
    buffer_minutes: int
    min_notice_minutes: int
    horizon_days: int
    approval_required: bool
    assisted: bool
    required_trainings: list[str]
    specs: dict
    materials: list[str]
    consumables: list[dict]
    hourly_krw: int = pydantic.Field(description="The caller's tier's hourly price (peak)")
    price_krw: int | None = pydantic.Field(None, description="The price of the period asked")
    available: bool
    reason: str | None = pydantic.Field(None, description="not_qualified, down, taken, closed, holiday, too_soon, "
                                                          "beyond_horizon, too_short, too_long, not_aligned, "
                                                          "in_past, assisted, retired")
    reasons: list[str]
    missing_trainings: list[str]


class EquipmentList(ListPage):
    """One page of machines."""

    items: list[EquipmentOut]


class BookingCreate(pydantic.BaseModel):
    """A booking: the machine and the period (ISO 8601 with an offset)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    equipment_id: int
    start: pydantic.AwareDatetime
    end: pydantic.AwareDatetime
    purpose: str = pydantic.Field("", max_length=500)


class TransferCreate(pydantic.BaseModel):
    """The colleague (same organisation) to hand a booking to."""

    model_config = pydantic.ConfigDict(extra="forbid")

    email: str = pydantic.Field(min_length=3, max_length=254)


class BookingOut(pydantic.BaseModel):
    """A booking."""

    id: int
    status: str
    equipment_id: int
    facility_id: int
    start: dt.datetime
    end: dt.datetime
    tier: str
    price_krw: int
    price: MoneyOut
    price_lines: list[dict]
    charged_krw: int
    late_cancel: bool
    reason: str
    checked_in_at: dt.datetime | None
    checked_out_at: dt.datetime | None
    voucher_percent: int = pydantic.Field(description="The share of the fee the city's voucher pays")
    fee_krw: int = pydantic.Field(description="What is billed once known: used, or a late cancellation; else 0")
    voucher_krw: int = pydantic.Field(description="The voucher's part of the fee, not charged to the user")
    due_krw: int = pydantic.Field(description="What the user pays: the fee less the voucher")
    paid_at: dt.datetime | None
    pay_url: str | None = pydantic.Field(description="The checkout page, while the booking can be paid")
    url: str
    ics_url: str


class BookingList(ListPage):
    """The caller's bookings."""

    items: list[BookingOut]


class ReportQuery(pydantic.BaseModel):
    """The month of a report."""

    model_config = pydantic.ConfigDict(extra="forbid")

    month: str | None = pydantic.Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM (Seoul)")


class FiguresOut(pydantic.BaseModel):
    """The figures of a machine or a facility over a month."""

    available_hours: float
    booked_hours: float
    used_hours: float
    utilisation: float | None
    bookings: int
    no_show_rate: float | None
    late_cancel_rate: float | None
    unmet_demand_hours: float
    firms_served: int
    mean_satisfaction: float | None
    nps: float | None
    response_rate: float | None
    revenue_krw: int
    vouchers_krw: int


class MachineFiguresOut(FiguresOut):
    """A machine's figures."""

    equipment_id: int
    name: str
    category: str


class ReportOut(pydantic.BaseModel):
    """A facility's month."""

    facility: str
    month: str
    total: FiguresOut
    firm_share_of_cluster: float | None
    cluster_makers: int
    machines: list[MachineFiguresOut]
