"""Search parameters from a URL (the catalog page and the API share them), validated with pydantic."""

from __future__ import annotations

from decimal import Decimal

import pydantic
from werkzeug.datastructures import MultiDict

from catalog.products.api import ProductQuery
from catalog.search.services import MAX_QUERY, PER_PAGE, SORTS, CatalogQuery
from market.pages import MAX_PER_PAGE, PageQuery


class CatalogParams(ProductQuery, PageQuery):
    """Catalog filters: `cluster` and `category` may repeat or be comma-separated; prices are in `currency`."""

    model_config = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=True)

    q: str = pydantic.Field("", max_length=MAX_QUERY, description="Words in any of the five languages")
    cluster: list[str] = pydantic.Field(default_factory=list, description="Cluster codes, e.g. seongsu")
    category: list[str] = pydantic.Field(default_factory=list, description="Category codes, e.g. rings")
    certified: bool = pydantic.Field(False, description="Only products with the Made in Seoul seal")
    min_price: Decimal | None = pydantic.Field(None, ge=0, description="In `currency`")
    max_price: Decimal | None = pydantic.Field(None, ge=0, description="In `currency`")
    max_moq: int | None = pydantic.Field(None, ge=1)
    max_lead_time: int | None = pydantic.Field(None, ge=0, description="Days")
    lang: str | None = pydantic.Field(None, description="Language of the answer (and the query)")
    sort: str = pydantic.Field("relevance", description="relevance, price_asc, price_desc, newest, lead_time")
    per_page: int = pydantic.Field(PER_PAGE, ge=1, le=MAX_PER_PAGE, description="Items per page.")

    @pydantic.field_validator("cluster", "category", mode="before")
    @classmethod
    def _split(cls, value):
        values = value if isinstance(value, list) else [value]
        return [part.strip() for v in values for part in str(v).split(",") if part.strip()]

    @pydantic.field_validator("sort")
    @classmethod
    def _sort(cls, value):
        if value not in SORTS:
            raise ValueError("unknown sort; use one of " + ", ".join(SORTS))
        return value

    @pydantic.model_validator(mode="after")
    def _range(self):
        if self.min_price is not None and self.max_price is not None and self.min_price > self.max_price:
            raise ValueError("min_price is above max_price")
        return self

    @classmethod
    def from_args(cls, args: MultiDict) -> CatalogParams:
        """Parse request arguments (repeated keys become lists; empty values are ignored)."""
        data: dict = {}
        for key in args:
            values = [v for v in args.getlist(key) if v != ""]
            if not values:
                continue
            data[key] = values if key in ("cluster", "category") else values[-1]
        return cls.model_validate(data)

    def to_query(self, lang: str, currency: str) -> CatalogQuery:
        """The service's query, with the page's language and currency as defaults."""
        return CatalogQuery(
            q=self.q, lang=self.lang or lang, clusters=tuple(self.cluster), categories=tuple(self.category),
            certified=self.certified, min_price=self.min_price, max_price=self.max_price,
            currency=self.currency or currency, max_moq=self.max_moq, max_lead_time=self.max_lead_time,
            sort=self.sort, page=self.page, per_page=self.per_page)
