"""Search parameters from a URL (the catalog page and the API share them), validated with pydantic."""

from __future__ import annotations

from decimal import Decimal

import pydantic
from werkzeug.datastructures import MultiDict

from catalog.products.api import ProductQuery
from catalog.search.services import MAX_QUERY, PER_PAGE, SORTS, CatalogQuery
from i18n.locales import LOCALES
from market.pages import MAX_PER_PAGE, PageQuery

# Far above any price in any currency, and small enough to convert to won exactly.
MAX_PRICE = Decimal(10**12)


def _decimal_number(schema: dict) -> None:
    """A decimal is documented as a number (pydantic also offers "any string", which it then refuses)."""
    schema["anyOf"] = [option for option in schema.get("anyOf", []) if option.get("type") != "string"]


class CatalogParams(ProductQuery, PageQuery):
    """Catalog filters: `cluster` and `category` may repeat or be comma-separated; prices are in `currency`."""

    model_config = pydantic.ConfigDict(extra="forbid", str_strip_whitespace=True)

    q: str = pydantic.Field("", max_length=MAX_QUERY, description="Words in any of the five languages")
    cluster: list[str] = pydantic.Field(default_factory=list, description="Cluster codes, e.g. seongsu")
    category: list[str] = pydantic.Field(default_factory=list, description="Category codes, e.g. rings")
    certified: bool = pydantic.Field(False, description="Only products with the Made in Seoul seal")
    master: bool = pydantic.Field(False, description="Only products made in a recognised master's workshop")
    min_price: Decimal | None = pydantic.Field(None, ge=0, le=MAX_PRICE, description="In `currency`",
                                               json_schema_extra=_decimal_number)
    max_price: Decimal | None = pydantic.Field(None, ge=0, le=MAX_PRICE, description="In `currency`",
                                               json_schema_extra=_decimal_number)
    max_moq: int | None = pydantic.Field(None, ge=1)
    max_lead_time: int | None = pydantic.Field(None, ge=0, description="Days")
    lang: str | None = pydantic.Field(None, description="Language of the answer (and the query)",
                                      json_schema_extra={"enum": list(LOCALES)})
    sort: str = pydantic.Field("relevance", description="relevance, price_asc, price_desc, newest, lead_time",
                               json_schema_extra={"enum": list(SORTS)})
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

    @pydantic.field_validator("max_price")
    @classmethod
    def _range(cls, value, info):
        low = info.data.get("min_price")
        if value is not None and low is not None and low > value:
            raise ValueError("max_price is below min_price")
        return value

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
            certified=self.certified, master=self.master, min_price=self.min_price, max_price=self.max_price,
            currency=self.currency or currency, max_moq=self.max_moq, max_lead_time=self.max_lead_time,
            sort=self.sort, page=self.page, per_page=self.per_page)
