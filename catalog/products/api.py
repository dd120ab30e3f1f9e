"""API of products: ``GET /api/v1/products/{id}`` in a requested language and currency."""

from __future__ import annotations

import datetime as dt

import pydantic
from flask_babel import gettext as _

from catalog.products import pages
from catalog.showroom.api import Model3DOut, model_3d_map
from i18n import money, vocabularies
from i18n.locales import current_locale
from market.api import DisplayQuery, Routes, api_user
from market.db import get_session
from market.refusals import not_found

routes = Routes()


class LocalizedTextOut(pydantic.BaseModel):
    """A text in the requested language, or in the fallback language it is really in."""

    text: str
    locale: str = pydantic.Field(description="The language of `text`")
    fallback: bool = pydantic.Field(description="True when the requested language had no text")
    reviewed: bool


class MoneyOut(pydantic.BaseModel):
    """An amount converted from KRW."""

    amount: str = pydantic.Field(description="Decimal string in the currency's minor units")
    currency: str
    rate_date: dt.date | None = pydantic.Field(None, description="Date of the exchange rate used")


class TierOut(pydantic.BaseModel):
    """A quantity price."""

    min_qty: int
    price_krw: int
    price: MoneyOut | None = None


class ProductOut(pydantic.BaseModel):
    """A product."""

    id: int
    maker_id: int
    maker_name: str
    cluster_code: str | None
    category: str
    status: str
    title: LocalizedTextOut
    description: LocalizedTextOut | None
    price_krw: int
    price: MoneyOut | None = pydantic.Field(None, description="In `currency`; null when it has no rate")
    srp_krw: int | None = pydantic.Field(None, description="Suggested retail price in won, if the maker set one")
    srp: MoneyOut | None = pydantic.Field(None, description="The suggested retail price in `currency`")
    quantity_tiers: list[TierOut]
    moq: int
    unit: str
    lead_time_days: int
    hs_code: str | None
    materials: list[str] = pydantic.Field(description="Vocabulary ids (`GET /api/v1/vocabularies/materials`) "
                                          "and the maker's own words")
    material_names: list[str] = pydantic.Field(description="`materials` in the answer's language (the maker's own "
                                               "words as written)")
    weight_g: int | None
    dimensions_mm: list[int] | None
    incoterms: list[str]
    model_3d: Model3DOut | None = pydantic.Field(None, description="The 3D model in true size, when it has one")


class ProductQuery(DisplayQuery):
    """Language and currency of a product's answer."""


def _text(value) -> LocalizedTextOut | None:
    if value is None:
        return None
    return LocalizedTextOut(text=value.text, locale=value.locale, fallback=value.is_fallback,
                            reviewed=value.reviewed)


def _money(amount_krw: int, currency: str, rates) -> MoneyOut | None:
    converted = money.convert_krw(amount_krw, currency, rates)
    if converted is None:
        return None
    return MoneyOut(amount=str(converted.amount), currency=currency,
                    rate_date=converted.rate.rate_date if converted.rate else None)


@routes.endpoint("/products/<int:product_id>", summary="Get a product", tag="catalog", query=ProductQuery,
          response=ProductOut, auth=False, errors=(404,))
def get_product(product_id: int, query: ProductQuery):
    """A published product (drafts only for its maker) in the requested language and currency."""
    session = get_session()
    locale = query.lang or current_locale()
    page = pages.get_product_page(session, product_id, locale, api_user())
    if page is None:
        raise not_found(_("Product not found."))
    currency = query.currency or money.LOCALE_CURRENCY.get(locale, "USD")
    rates = money.latest_rates(session)
    p = page.product
    return ProductOut(
        id=p.id, maker_id=p.maker_id, maker_name=page.maker.name, cluster_code=page.maker.cluster_code,
        category=p.category, status=p.status, title=_text(page.title), description=_text(page.description),
        price_krw=p.price_krw, price=_money(p.price_krw, currency, rates), srp_krw=p.srp_krw,
        srp=_money(p.srp_krw, currency, rates) if p.srp_krw is not None else None,
        quantity_tiers=[TierOut(min_qty=t["min_qty"], price_krw=t["price_krw"],
                                price=_money(t["price_krw"], currency, rates)) for t in p.quantity_tiers],
        moq=p.moq, unit=p.unit, lead_time_days=p.lead_time_days, hs_code=p.hs_code, materials=p.materials,
        material_names=vocabularies.labels("materials", p.materials, locale),
        weight_g=p.weight_g, dimensions_mm=p.dimensions_mm, incoterms=p.incoterms,
        model_3d=model_3d_map([p.id]).get(p.id))
