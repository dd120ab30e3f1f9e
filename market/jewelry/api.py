"""The jewelry market's JSON API: upload a design (multipart), read its analysis, quote it, order it and move the
order along (``/api/v1/jewelry/...``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import pydantic
from flask import current_app, request, url_for
from flask_babel import gettext as _

from market.api import FILE, Routes, api_user, multipart
from market.db import get_session
from market.errors import ApiError
from market.jewelry import quote as pricing
from market.jewelry.models import JewelryRole
from market.jewelry.payable import KIND as PAYABLE_KIND
from market.jewelry.services import designs, orders, queries, quotes
from market.uploads.limits import limited_body

routes = Routes()

TAG = "jewelry"


class AnalysisOut(pydantic.BaseModel):
    """What the analysis found, in millimetres."""

    watertight: bool | None = None
    volume_mm3: float | None = None
    area_mm2: float | None = None
    bbox_mm: list[float] | None = None
    triangles: int
    bodies: int | None = None
    min_wall_mm: float | None = None
    ring_inner_diameter_mm: float | None = None
    repairs: list[str] = []
    warnings: list[str] = []


class DesignOut(pydantic.BaseModel):
    """A design and its analysis (``status``: pending, analysed or failed)."""

    id: int
    name: str
    filename: str
    unit: str
    status: Literal["pending", "analysed", "failed"]
    progress: int
    analysis: AnalysisOut
    model_url: str | None = None
    thumbnail_url: str | None = None
    error: str | None = None


def design_out(design, analysis) -> DesignOut:
    """A design as the API shows it."""
    summary = designs.summarize(design, analysis)
    done = summary.status == "analysed"
    return DesignOut(
        id=design.id, name=design.name, filename=design.filename, unit=design.unit, status=summary.status,
        progress=summary.progress, error=summary.error,
        analysis=AnalysisOut(
            watertight=summary.watertight, triangles=summary.triangles, bodies=summary.bodies,
            volume_mm3=round(summary.volume_mm3, 3) if summary.volume_mm3 is not None else None,
            area_mm2=round(summary.area_mm2, 3) if summary.area_mm2 is not None else None,
            bbox_mm=summary.bbox_mm,
            min_wall_mm=round(summary.min_wall_mm, 3) if summary.min_wall_mm is not None else None,
            ring_inner_diameter_mm=summary.ring_inner_diameter_mm, repairs=summary.repairs,
            warnings=summary.warnings),
        model_url=url_for("market_jewelry.model", design_id=design.id) if done else None,
        thumbnail_url=url_for("market_jewelry.thumbnail", design_id=design.id) if done else None)


@routes.endpoint("/jewelry/designs", "POST", summary="Upload a design", tag=TAG, response=DesignOut, status=201,
          content=multipart("file", file=FILE, unit={"enum": ["mm", "cm", "inch"]}, name={"type": "string"}))
def upload_design():
    """Send a 3D file as `multipart/form-data`: `file` (STL, OBJ, PLY, GLB, glTF or 3MF, at most 64 MB,
    1,000,000 vertices and 1,000,000 triangles), `unit` (`mm`, `cm` or `inch`; files that declare a unit use
    theirs) and an optional `name`. A body over the size limit is refused with 413 from its `Content-Length`
    (and a body without one is read only up to the limit); the file's content, safety and counts are checked
    before it is stored, without building its mesh. Parsing and analysis then run as a job in a process with
    memory and CPU limits: the answer is the design with its analysis (`pending` while a worker analyses it
    when jobs run on RQ; `failed` with `error` when the file cannot be analysed)."""
    user = api_user()
    limit = designs.upload_limits().max_bytes
    # Refused from its Content-Length before the body is read; a body without one is read up to the limit.
    with limited_body(limit):
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise ApiError(422, "invalid", _("Attach the design as the form field 'file'."),
                           {"file": _("This field is required.")})
        data = upload.stream.read(limit + 1)
    session = get_session()
    design, _needs_analysis = designs.upload_design(session, user, data, upload.filename,
                                                    unit=request.form.get("unit", "mm"),
                                                    name=request.form.get("name"))
    session.commit()  # the analysis, queued for after the commit, runs now when jobs run in-process
    design, analysis = designs.get_design(session, user, design.id)
    return design_out(design, analysis), 201


@routes.endpoint("/jewelry/designs/<int:design_id>", summary="A design and its analysis", tag=TAG, response=DesignOut,
          errors=(404,))
def get_design(design_id: int):
    """One of your designs with its analysis; other people's designs are not found."""
    design, analysis = designs.get_design(get_session(), api_user(), design_id)
    return design_out(design, analysis)


class RingSizeIn(pydantic.BaseModel):
    system: Literal["KR", "US", "EU", "JP"]
    value: str = pydantic.Field(max_length=8, description="A size on that scale, e.g. `7` or `6.75` (US).")

    @pydantic.field_validator("value", mode="before")
    @classmethod
    def _as_text(cls, value):
        return str(value) if isinstance(value, int | float | Decimal) else value


class StoneIn(pydantic.BaseModel):
    count: int = pydantic.Field(ge=1, le=pricing.MAX_STONES_PER_GROUP)
    size_mm: float = pydantic.Field(ge=0.5, le=20)


class QuoteIn(pydantic.BaseModel):
    """The choices to price."""

    design_id: int
    metal: Literal["silver_925", "gold_14k_yellow", "gold_14k_white", "gold_14k_rose", "gold_18k_yellow",
                   "gold_18k_white", "gold_18k_rose", "platinum_950"]
    finish: str = pydantic.Field(default="polish", max_length=32)
    ring_size: RingSizeIn | None = None
    stones: list[StoneIn] = pydantic.Field(default_factory=list, max_length=pricing.MAX_STONE_GROUPS)
    quantity: int = pydantic.Field(default=1, ge=1, le=pricing.MAX_QUANTITY)
    currency: str = pydantic.Field(default="KRW", min_length=3, max_length=3)
    prototype: Literal["resin", "wax"] = "resin"
    shipping_country: str | None = pydantic.Field(
        default=None, min_length=2, max_length=2,
        description="ISO country code to price insured shipping to (the order then ships there).")


class LineOut(pydantic.BaseModel):
    code: str
    label: str
    amount: str = pydantic.Field(description="Decimal string in the quote's currency.")
    amount_krw: int


class RingOut(pydantic.BaseModel):
    system: str
    value: str
    before_mm: float | None
    after_mm: float | None


class QuoteOut(pydantic.BaseModel):
    """A stored quote: every line in the customer's currency, valid until `valid_until`."""

    id: int
    design_id: int
    currency: str
    total: str
    total_krw: int
    metal: str
    metal_weight_g: str
    lines: list[LineOut]
    ring_size: RingOut | None = None
    warnings: list[str]
    valid_until: dt.datetime
    rate_date: dt.date | None = None
    shipping_country: str | None = None


def quote_out(row) -> QuoteOut:
    """A quote as the API shows it (labels in the request's language)."""
    return QuoteOut(
        id=row.id, design_id=row.design_id, currency=row.currency, total=str(row.total), total_krw=row.total_krw,
        metal=row.metal_code, metal_weight_g=str(row.metal_weight_g),
        lines=[LineOut(code=line["code"], label=pricing.line_label(line["code"], line["params"]),
                       amount=line["amount"], amount_krw=line["amount_krw"]) for line in row.lines],
        ring_size=RingOut(system=row.ring_system, value=row.ring_value, before_mm=row.ring_before_mm,
                          after_mm=row.ring_after_mm) if row.ring_system else None,
        warnings=[quotes.warning_text(w) for w in row.warnings], valid_until=row.valid_until,
        rate_date=row.rate_date, shipping_country=row.shipping_country)


@routes.endpoint("/jewelry/quotes", "POST", summary="Quote a design", tag=TAG, body=QuoteIn, response=QuoteOut,
          status=201, errors=(404, 409))
def create_quote(body: QuoteIn):
    """Price one of your analysed designs in a metal, finish, ring size (the band is resized to it), stones and
    quantity, in your currency. The same choices within the 7 days give back the same quote."""
    request_ = quotes.QuoteRequest(
        design_id=body.design_id, metal=body.metal, finish=body.finish,
        ring_system=body.ring_size.system if body.ring_size else None,
        ring_value=body.ring_size.value if body.ring_size else None,
        stones=quotes.parse_stones([s.model_dump() for s in body.stones]), quantity=body.quantity,
        currency=body.currency.upper(), prototype=body.prototype, shipping_country=body.shipping_country)
    return quote_out(quotes.create_quote(get_session(), api_user(), request_)), 201


@routes.endpoint("/jewelry/quotes/<int:quote_id>", summary="A quote", tag=TAG, response=QuoteOut, errors=(404,))
def get_quote(quote_id: int):
    """One of your quotes."""
    return quote_out(quotes.get_quote(get_session(), api_user(), quote_id))


class OrderIn(pydantic.BaseModel):
    quote_id: int
    shipping_address: str = pydantic.Field(min_length=1, max_length=orders.MAX_ADDRESS)
    shipping_country: str | None = pydantic.Field(default=None, min_length=2, max_length=2,
                                                  description="Defaults to the quote's (else KR).")
    customer_reference: str | None = pydantic.Field(default=None, max_length=orders.MAX_REFERENCE)


class EventOut(pydantic.BaseModel):
    at: dt.datetime
    role: str
    by: str | None
    from_status: str | None
    to_status: str | None
    note: str | None


class OrderOut(pydantic.BaseModel):
    """An order with its timeline and what comes next."""

    id: int
    status: str
    quote_id: int
    design_id: int
    workshop: str
    currency: str
    total: str
    total_krw: int
    revisions: int
    carrier: str | None
    tracking_number: str | None
    tracking_url: str | None = None
    customer_reference: str | None = None
    expected_delivery: dt.date | None = None
    original_file_url: str
    production_sheet_url: str
    timeline: list[EventOut]
    next_steps: list[str]
    payment_url: str | None = None


def order_out(detail: queries.OrderDetail) -> OrderOut:
    """An order as the API shows it to one of its parties."""
    order = detail.order
    pay = None
    if order.status == "awaiting_payment" and detail.role == JewelryRole.customer \
            and "payments.checkout" in current_app.view_functions:
        pay = url_for("payments.checkout", kind=PAYABLE_KIND, payable_id=order.id)
    return OrderOut(
        id=order.id, status=order.status, quote_id=order.quote_id, design_id=detail.design.id,
        workshop=detail.workshop.name, currency=order.currency, total=str(order.total), total_krw=order.total_krw,
        revisions=order.revisions, carrier=order.carrier, tracking_number=order.tracking_number,
        tracking_url=detail.tracking_url, customer_reference=order.customer_reference,
        expected_delivery=detail.expected_delivery,
        original_file_url=url_for("market_jewelry.original_file", order_id=order.id),
        production_sheet_url=url_for("market_jewelry.production_sheet", order_id=order.id),
        timeline=[EventOut(at=e.created_at, role=e.role, by=u.display_name if u else None, from_status=e.from_status,
                           to_status=e.to_status, note=e.note) for e, u in detail.events],
        next_steps=[str(s) for s in detail.actions], payment_url=pay)


@routes.endpoint("/jewelry/orders", "POST", summary="Order a quote", tag=TAG, body=OrderIn, response=OrderOut, status=201,
          errors=(404, 409))
def place_order(body: OrderIn):
    """Order one of your valid quotes: it goes to a Jongno or Bongik-dong workshop that casts the metal and has
    room, and waits for payment (`payment_url`)."""
    session = get_session()
    order = orders.place_order(session, api_user(), body.quote_id, body.shipping_address, body.shipping_country,
                               body.customer_reference)
    return order_out(queries.order_detail(session, api_user(), order.id, JewelryRole.customer)), 201


@routes.endpoint("/jewelry/orders/<int:order_id>", summary="An order", tag=TAG, response=OrderOut, errors=(404,))
def get_order(order_id: int):
    """An order you placed, or one your workshop makes."""
    return order_out(queries.order_detail(get_session(), api_user(), order_id))


class MoveIn(pydantic.BaseModel):
    to: str = pydantic.Field(max_length=24)
    expected: str | None = pydantic.Field(default=None, max_length=24,
                                          description="The status you saw; refused with 409 if it changed.")
    note: str | None = pydantic.Field(default=None, max_length=orders.MAX_NOTE)
    carrier: str | None = pydantic.Field(default=None, max_length=80)
    tracking_number: str | None = pydantic.Field(default=None, max_length=80)


@routes.endpoint("/jewelry/orders/<int:order_id>/moves", "POST", summary="Move an order", tag=TAG, body=MoveIn,
          response=OrderOut, errors=(403, 404, 409))
def move_order(order_id: int, body: MoveIn):
    """Take the next step of an order as its customer (approve, request a revision, cancel, confirm delivery) or
    its workshop (start the prototype, prototype ready, production, quality check, ship)."""
    session = get_session()
    user = api_user()
    role = orders.acting_role(session, user, orders.get_order(session, user, order_id), body.to)
    orders.move_order(session, user, order_id, body.to, role=role, expected=body.expected, note=body.note,
                      carrier=body.carrier, tracking_number=body.tracking_number)
    return order_out(queries.order_detail(session, user, order_id, role))
