"""Quotes: a customer's choices for an analysed design (metal, finish, ring size, stones, quantity, currency,
shipping country) priced by :mod:`market.jewelry.quote` and stored with every figure they used, valid for 7 days;
the same choices give back the same quote while it is valid. A visitor sees the price without it being stored
(:func:`price_quote`), and every metal side by side (:func:`compare_metals`)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from decimal import Decimal

import pycountry
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.money import latest_rates
from market.db import utcnow
from market.jewelry import quote, ringsizes
from market.jewelry.models import AnalysisStatus, JewelryDesign, JewelryFinish, JewelryMetal, JewelryQuote
from market.jewelry.services.access import JewelryError, is_admin, not_found, signed_in
from market.jewelry.services.designs import get_design, summarize
from market.jewelry.services.metals import list_metals
from market.jewelry.services.sizing import ensure_size_settled


@dataclasses.dataclass(frozen=True)
class QuoteRequest:
    """A customer's choices for a quote."""

    design_id: int
    metal: str
    finish: str = "polish"
    ring_system: str | None = None
    ring_value: str | None = None
    stones: tuple[quote.Stone, ...] = ()
    quantity: int = 1
    currency: str = "KRW"
    prototype: str = "resin"
    shipping_country: str | None = None

    def key(self) -> str:
        """A fingerprint of the choices: the same choices find the same stored quote."""
        payload = {"design": self.design_id, "metal": self.metal, "finish": self.finish,
                   "ring": [self.ring_system, self.ring_value], "quantity": self.quantity,
                   "currency": self.currency, "prototype": self.prototype,
                   "stones": [[s.count, s.size_mm] for s in self.stones]}
        if self.shipping_country:
            payload["country"] = self.shipping_country.upper()
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def parse_stones(raw) -> tuple[quote.Stone, ...]:
    """Stone groups from ``[{"count", "size_mm"}]``; refuses more than 10 groups, counts outside 1–200 and
    sizes outside 0.5–20 mm."""
    if not raw:
        return ()
    if not isinstance(raw, list | tuple) or len(raw) > quote.MAX_STONE_GROUPS:
        raise JewelryError(_("Describe at most %(n)d groups of stones.", n=quote.MAX_STONE_GROUPS), "stones")
    stones = []
    for item in raw:
        try:
            count = int(item["count"])
            size = float(item["size_mm"])
        except (KeyError, TypeError, ValueError):
            raise JewelryError(_("Give each group of stones a count and a size in mm."), "stones") from None
        if not 1 <= count <= quote.MAX_STONES_PER_GROUP or not 0.5 <= size <= 20:
            raise JewelryError(_("Stones are counted from 1 to 200 per group and measure 0.5 to 20 mm."),
                               "stones")
        stones.append(quote.Stone(count, round(size, 2)))
    return tuple(sorted(stones, key=lambda s: (s.size_mm, s.count)))


@dataclasses.dataclass(frozen=True)
class _Figures:
    """What a design measures for the customer's choices (the band resized), before pricing."""

    design: JewelryDesign
    volume_mm3: float
    area_mm2: float
    min_wall_mm: float | None
    ring_before_mm: float | None
    ring_after_mm: float | None


def _figures(session: Session, user, request: QuoteRequest) -> _Figures:
    design, analysis = get_design(session, user, request.design_id)
    summary = summarize(design, analysis)
    if analysis.status == AnalysisStatus.pending:
        raise JewelryError(_("The design is still being analysed. Try again in a moment."), code="pending",
                           status=409)
    if not summary.quotable:
        raise JewelryError(_("This design cannot be quoted by weight: it is not a closed (watertight) model, so "
                             "its volume is unknown."), code="not_watertight", status=409)
    ensure_size_settled(design, analysis)
    volume, area = summary.volume_mm3, summary.area_mm2
    before = after = None
    if request.ring_system or request.ring_value:
        try:
            size = ringsizes.parse(request.ring_system or "", request.ring_value or "")
        except ringsizes.RingSizeError as exc:
            raise JewelryError(str(exc.message), "ring_size") from None
        if not summary.is_ring:
            raise JewelryError(_("This design has no finger hole, so it cannot be made in a ring size."),
                               "ring_size")
        ring = analysis.result["ring"]
        s = design.mm_per_unit
        before, after = summary.ring_inner_diameter_mm, round(size.inner_diameter_mm, 2)
        delta = (size.inner_diameter_mm - 2 * ring["inner_radius"] * s) / 2
        volume = volume + delta * ring["dv_over_rho"] * s ** 2
        area = area + delta * ring["da_over_rho"] * s
        if volume <= 0 or area <= 0:
            raise JewelryError(_("This ring cannot be made that small."), "ring_size")
    return _Figures(design, volume, area, None if summary.wall_at_least else summary.min_wall_mm, before, after)


def _metal_figures(session: Session, code: str, prices: dict) -> quote.MetalFigures:
    metal = session.get(JewelryMetal, code)
    if metal is None or not metal.active:
        raise JewelryError(_("Choose one of the metals offered."), "metal")
    price = prices.get(metal.code)
    if price is None:
        raise JewelryError(_("This metal has no price yet."), "metal")
    return quote.MetalFigures(metal.code, Decimal(metal.density_g_cm3), Decimal(metal.min_wall_mm),
                              price.price_krw_per_gram)


def _checked_choices(session: Session, request: QuoteRequest):
    finish = session.get(JewelryFinish, request.finish)
    if finish is None or not finish.active:
        raise JewelryError(_("Choose one of the finishes offered."), "finish")
    if request.prototype not in quote.PROTOTYPE_FEES_KRW:
        raise JewelryError(_("Choose a resin or a wax prototype."), "prototype")
    if not 1 <= request.quantity <= quote.MAX_QUANTITY:
        raise JewelryError(_("Order from 1 to %(max)d pieces.", max=quote.MAX_QUANTITY), "quantity")
    currency = (request.currency or "").upper()
    rates = latest_rates(session)
    if currency not in rates:
        raise JewelryError(_("There is no exchange rate for %(currency)s yet; choose another currency.",
                             currency=currency or "?"), "currency")
    country = None
    if request.shipping_country:
        country = str(request.shipping_country).strip().upper()
        if len(country) != 2 or pycountry.countries.get(alpha_2=country) is None:
            raise JewelryError(_("Choose the country to ship to."), "shipping_country")
    return quote.FinishFigures(finish.code, finish.base_krw, finish.per_cm2_krw), currency, rates, country


def price_quote(session: Session, user, request: QuoteRequest) -> JewelryQuote:
    """Price a design for the customer's choices without storing anything: the quote a visitor sees before
    signing up (``id`` None), and what :func:`create_quote` stores.

    Refuses other people's designs (not_found), designs not analysed yet (409) or not closed (no volume: 409)
    or of an implausible size not confirmed (409), unknown or inactive metals and finishes, ring sizes off their
    scale or for a design that is not a ring, quantities outside 1–500, unknown countries and currencies without
    an exchange rate."""
    figures = _figures(session, user, request)
    prices = {row.metal.code: row.price for row in list_metals(session) if row.price is not None}
    metal = _metal_figures(session, request.metal, prices)
    finish, currency, rates, country = _checked_choices(session, request)
    priced = quote.price_design(
        volume_mm3=figures.volume_mm3, area_mm2=figures.area_mm2, min_wall_mm=figures.min_wall_mm, metal=metal,
        finish=finish, prototype=request.prototype, stones=list(request.stones), quantity=request.quantity,
        shipping_country=country)
    amounts, total = quote.convert_lines(priced.lines, currency, rates)
    rate = rates[currency]
    now = utcnow()
    return JewelryQuote(
        design_id=figures.design.id, customer_id=user.id if signed_in(user) else None, input_key=request.key(),
        metal_code=metal.code, finish_code=finish.code, prototype=request.prototype,
        ring_system=request.ring_system.upper() if request.ring_system else None,
        ring_value=str(request.ring_value) if request.ring_value else None, ring_before_mm=figures.ring_before_mm,
        ring_after_mm=figures.ring_after_mm, shipping_country=country,
        stones=[{"count": s.count, "size_mm": s.size_mm} for s in request.stones],
        quantity=request.quantity, currency=currency, rate_krw_per_unit=rate.krw_per_unit,
        rate_date=rate.rate_date, metal_price_krw_per_gram=metal.price_krw_per_gram,
        metal_weight_g=priced.metal_weight_g, volume_mm3=round(figures.volume_mm3, 4),
        area_mm2=round(figures.area_mm2, 4),
        lines=[{"code": line.code, "params": line.params, "amount_krw": line.amount_krw, "amount": str(amount)}
               for line, amount in zip(priced.lines, amounts, strict=True)],
        total=total, total_krw=priced.total_krw, warnings=priced.warnings, created_at=now,
        valid_until=now + dt.timedelta(days=quote.VALIDITY_DAYS))


def create_quote(session: Session, user, request: QuoteRequest) -> JewelryQuote:
    """Price a design for the customer's choices and store the quote, valid 7 days; the same choices while a
    quote is valid return that quote unchanged (same id, same price). Refuses visitors who have not signed up
    (401) and what :func:`price_quote` refuses."""
    if not signed_in(user):
        raise JewelryError(_("Sign up or sign in to keep a quote and order it."), code="unauthorized", status=401)
    get_design(session, user, request.design_id)
    key = request.key()
    existing = session.exec(select(JewelryQuote).where(JewelryQuote.customer_id == user.id,
                                                       JewelryQuote.input_key == key,
                                                       JewelryQuote.valid_until > utcnow())
                            .order_by(JewelryQuote.id.desc())).first()
    if existing is not None:
        return existing
    row = price_quote(session, user, request)
    session.add(row)
    session.flush()
    return row


@dataclasses.dataclass(frozen=True)
class MetalOption:
    """The same choices in another metal: its weight and total in the quote's currency."""

    code: str
    label: str
    weight_g: Decimal
    total: Decimal
    total_krw: int
    thin_walls: bool
    current: bool


def compare_metals(session: Session, user, row: JewelryQuote) -> list[MetalOption]:
    """Every offered metal with a price, side by side, for the same design and choices as quote ``row`` (resized
    band, finish, stones, quantity, shipping, currency): nothing is stored."""
    figures = _figures(session, user, request_of(row))
    rates = latest_rates(session)
    finish = session.get(JewelryFinish, row.finish_code)
    if finish is None or row.currency not in rates:
        return []
    stones = [quote.Stone(int(s["count"]), float(s["size_mm"])) for s in row.stones]
    options = []
    for metal_row in list_metals(session, active_only=True):
        if metal_row.price is None:
            continue
        metal = metal_row.metal
        priced = quote.price_design(
            volume_mm3=figures.volume_mm3, area_mm2=figures.area_mm2, min_wall_mm=figures.min_wall_mm,
            metal=quote.MetalFigures(metal.code, Decimal(metal.density_g_cm3), Decimal(metal.min_wall_mm),
                                     metal_row.price.price_krw_per_gram),
            finish=quote.FinishFigures(finish.code, finish.base_krw, finish.per_cm2_krw), prototype=row.prototype,
            stones=stones, quantity=row.quantity, shipping_country=row.shipping_country)
        _amounts, total = quote.convert_lines(priced.lines, row.currency, rates)
        options.append(MetalOption(metal.code, metal_row.label, priced.metal_weight_g, total, priced.total_krw,
                                   bool(priced.warnings), metal.code == row.metal_code))
    return options


def request_of(row: JewelryQuote, **changes) -> QuoteRequest:
    """The choices a quote was priced for (with ``changes``): to price them again in another metal."""
    request = QuoteRequest(
        design_id=row.design_id, metal=row.metal_code, finish=row.finish_code, ring_system=row.ring_system,
        ring_value=row.ring_value,
        stones=tuple(quote.Stone(int(s["count"]), float(s["size_mm"])) for s in row.stones),
        quantity=row.quantity, currency=row.currency, prototype=row.prototype,
        shipping_country=row.shipping_country)
    return dataclasses.replace(request, **changes)


def get_quote(session: Session, user, quote_id: int) -> JewelryQuote:
    """A quote for its customer (and admins) only; refuses everyone else (not_found)."""
    row = session.get(JewelryQuote, quote_id)
    if row is None or not signed_in(user) or (row.customer_id != user.id and not is_admin(user)):
        raise not_found(_("Quote not found."))
    return row


def quote_is_valid(row: JewelryQuote) -> bool:
    """Whether the quote can still be ordered."""
    return row.valid_until > utcnow()


def warning_text(warning: dict) -> str:
    """A stored quote warning in words."""
    if warning.get("code") == "thin_walls":
        return _("Some walls are %(wall)s mm thick, under the %(required)s mm casting minimum of %(metal)s: the "
                 "workshop may need to thicken them.", wall=warning["min_wall"], required=warning["required"],
                 metal=quote.metal_label(warning["metal"]))
    return str(warning.get("code", ""))
