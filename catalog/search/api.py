"""API of catalog search: ``GET /api/v1/products`` with the catalog page's filters."""

from __future__ import annotations

import pydantic

from catalog.products.api import LocalizedTextOut, MoneyOut
from catalog.search.params import CatalogParams
from catalog.search.services import search_catalog
from catalog.showroom.api import Model3DOut, model_3d_map
from i18n import money
from i18n.locales import current_locale
from market.api import Routes
from market.db import get_session
from market.pages import ListPage

routes = Routes()


class ProductSummaryOut(pydantic.BaseModel):
    """A product in a list."""

    id: int
    title: LocalizedTextOut | None
    category: str
    maker_id: int
    maker_name: str
    cluster_code: str | None
    price_krw: int
    price: MoneyOut | None
    srp_krw: int | None = pydantic.Field(None, description="Suggested retail price in won, if the maker set one")
    moq: int
    unit: str
    lead_time_days: int
    certificate_code: str | None = pydantic.Field(None, description="The Made in Seoul certificate, if any")
    model_3d: Model3DOut | None = pydantic.Field(None, description="The 3D model in true size, when it has one")


class ProductListOut(ListPage):
    """A page of products with facet counts."""

    items: list[ProductSummaryOut]
    facets: dict[str, dict[str, int]]


@routes.endpoint("/products", summary="Search products", tag="catalog", query=CatalogParams, response=ProductListOut,
          auth=False)
def list_products(query: CatalogParams):
    """Published products matching the words and filters, with counts per cluster, category and seal."""
    session = get_session()
    lang = query.lang or current_locale()
    currency = query.currency or money.LOCALE_CURRENCY.get(lang, "USD")
    page = search_catalog(session, query.to_query(lang, currency))
    rates = money.latest_rates(session)
    models = model_3d_map([card.product.id for card in page.items])
    items = []
    for card in page.items:
        p = card.product
        converted = money.convert_krw(p.price_krw, currency, rates)
        items.append(ProductSummaryOut(
            id=p.id, category=p.category, maker_id=p.maker_id, maker_name=card.maker.name,
            cluster_code=card.maker.cluster_code, price_krw=p.price_krw, srp_krw=p.srp_krw, moq=p.moq, unit=p.unit,
            lead_time_days=p.lead_time_days,
            title=LocalizedTextOut(text=card.title.text, locale=card.title.locale, fallback=card.title.is_fallback,
                                   reviewed=card.title.reviewed) if card.title else None,
            price=MoneyOut(amount=str(converted.amount), currency=currency,
                           rate_date=converted.rate.rate_date if converted.rate else None) if converted else None,
            certificate_code=(card.badge or {}).get("code"), model_3d=models.get(p.id)))
    return ProductListOut(items=items, total=page.total, page=page.page, per_page=page.per_page, facets=page.facets)
