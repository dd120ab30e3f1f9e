"""The products table. Titles and descriptions live in :mod:`i18n.content` (entity ``"product"``)."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class ProductStatus(enum.StrEnum):
    """A draft is seen only by its maker; published products are public."""

    draft = "draft"
    published = "published"


# Who may move a product between states: its maker (the owners and admins ``can_edit_product`` lets in).
PRODUCT_TRANSITIONS = {
    (ProductStatus.draft, ProductStatus.published): "maker",
    (ProductStatus.published, ProductStatus.draft): "maker",
}


class Product(SQLModel, table=True):
    """One export product of a maker; prices are integer won."""

    __tablename__ = "products"

    id: int | None = Field(default=None, primary_key=True)
    maker_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    category: str = Field(max_length=40, index=True)
    status: ProductStatus = Field(default=ProductStatus.draft, sa_type=sa.String(16), nullable=False, index=True)
    source_locale: str = Field(default="ko", max_length=16)
    price_krw: int = Field(ge=0)
    srp_krw: int | None = Field(default=None, ge=0)  # suggested retail price, shown on line sheets
    quantity_tiers: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    moq: int = Field(default=1, ge=1)
    unit: str = Field(default="piece", max_length=16)
    lead_time_days: int = Field(default=14, ge=0)
    hs_code: str | None = Field(default=None, max_length=12)
    materials: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    weight_g: int | None = None
    dimensions_mm: list[int] | None = Field(default=None, sa_type=sa.JSON)
    incoterms: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # Any change to the row moves it (search reloads listings changed after its index was built).
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True,
                                    sa_column_kwargs={"onupdate": utcnow})
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ProductImage(SQLModel, table=True):
    """One picture of a product, cleaned and stored twice: a web size (max 1600 px) and a thumbnail (max 400 px).

    Files are stored under keys the server makes up; identical originals (same ``sha256``) may share their
    files, so a file is removed only when no image row refers to it any more.
    """

    __tablename__ = "product_images"
    __table_args__ = (sa.Index("ix_product_images_product_id_position", "product_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id", ondelete="CASCADE")
    position: int = Field(default=0, ge=0)
    web_key: str = Field(max_length=200)
    thumb_key: str = Field(max_length=200)
    width: int = Field(ge=1)
    height: int = Field(ge=1)
    thumb_width: int = Field(ge=1)
    thumb_height: int = Field(ge=1)
    sha256: str = Field(max_length=64, index=True)
    alt_text: str | None = Field(default=None, max_length=300)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
