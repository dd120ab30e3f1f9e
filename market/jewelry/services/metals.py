"""Metals with their dated prices per gram, and finishes with their fees: what the admins set and quotes read."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.db import utcnow
from market.jewelry import quote
from market.jewelry.models import JewelryFinish, JewelryMetal, JewelryMetalPrice
from market.jewelry.services.access import JewelryError


@dataclasses.dataclass
class MetalRow:
    """A metal with the price in effect and when that price started."""

    metal: JewelryMetal
    price: JewelryMetalPrice | None

    @property
    def label(self) -> str:
        return quote.metal_label(self.metal.code)


def list_metals(session: Session, *, active_only: bool = False, on: dt.date | None = None) -> list[MetalRow]:
    """Every metal (in display order) with its newest price not later than ``on`` (today)."""
    on = on or utcnow().date()
    query = select(JewelryMetal).order_by(JewelryMetal.sort_order, JewelryMetal.code)
    if active_only:
        query = query.where(JewelryMetal.active == sa.true())
    metals = list(session.exec(query))
    prices: dict[str, JewelryMetalPrice] = {}
    for price in session.exec(select(JewelryMetalPrice).where(JewelryMetalPrice.effective_on <= on)
                              .order_by(JewelryMetalPrice.metal_code, JewelryMetalPrice.effective_on.desc())):
        prices.setdefault(price.metal_code, price)
    return [MetalRow(metal, prices.get(metal.code)) for metal in metals]


def price_history(session: Session, limit: int = 60) -> list[JewelryMetalPrice]:
    """The most recent price entries, newest first."""
    return list(session.exec(select(JewelryMetalPrice)
                             .order_by(JewelryMetalPrice.effective_on.desc(), JewelryMetalPrice.metal_code)
                             .limit(limit)))


def set_metal_price(session: Session, user: User | None, metal_code: str, price_krw_per_gram, effective_on: dt.date
                    ) -> JewelryMetalPrice:
    """Record a metal's price per gram from a date (replacing that date's price); refuses unknown metals,
    prices that are not a positive number of won and dates more than a day ahead."""
    metal = session.get(JewelryMetal, metal_code)
    if metal is None:
        raise JewelryError(_("Choose one of the metals."), "metal_code")
    try:
        price = int(price_krw_per_gram)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the price as a whole number of won."), "price_krw_per_gram") from None
    if price <= 0 or price > 100_000_000:
        raise JewelryError(_("Enter the price as a whole number of won."), "price_krw_per_gram")
    if effective_on > utcnow().date() + dt.timedelta(days=1):
        raise JewelryError(_("The price date cannot be in the future."), "effective_on")
    row = session.exec(select(JewelryMetalPrice).where(JewelryMetalPrice.metal_code == metal.code,
                                                       JewelryMetalPrice.effective_on == effective_on)).first()
    if row is None:
        row = JewelryMetalPrice(metal_code=metal.code, price_krw_per_gram=price, effective_on=effective_on,
                                created_by_id=user.id if user else None)
    else:
        row.price_krw_per_gram, row.created_by_id, row.created_at = price, user.id if user else None, utcnow()
    session.add(row)
    session.flush()
    return row


def set_metal_active(session: Session, metal_code: str, active: bool) -> JewelryMetal:
    """Offer a metal or stop offering it (quotes refuse inactive metals)."""
    metal = session.get(JewelryMetal, metal_code)
    if metal is None:
        raise JewelryError(_("Choose one of the metals."), "metal_code")
    metal.active = bool(active)
    session.add(metal)
    session.flush()
    return metal


def list_finishes(session: Session, *, active_only: bool = False) -> list[JewelryFinish]:
    """Every finish in display order."""
    query = select(JewelryFinish).order_by(JewelryFinish.sort_order, JewelryFinish.code)
    if active_only:
        query = query.where(JewelryFinish.active == sa.true())
    return list(session.exec(query))


def update_finish(session: Session, user: User | None, code: str, base_krw, per_cm2_krw) -> JewelryFinish:
    """Change a finish's fees; refuses unknown finishes and fees that are not whole won from 0 to 10 million."""
    finish = session.get(JewelryFinish, code)
    if finish is None:
        raise JewelryError(_("Choose one of the finishes."), "code")
    try:
        base, per_cm2 = int(base_krw), int(per_cm2_krw)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the fees as whole numbers of won."), "base_krw") from None
    if not (0 <= base <= 10_000_000 and 0 <= per_cm2 <= 10_000_000):
        raise JewelryError(_("Enter the fees as whole numbers of won."), "base_krw")
    finish.base_krw, finish.per_cm2_krw = base, per_cm2
    finish.updated_at, finish.updated_by_id = utcnow(), user.id if user else None
    session.add(finish)
    session.flush()
    return finish
