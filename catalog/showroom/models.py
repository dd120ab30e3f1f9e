"""Tables of the showroom: a product's 3D model and its conversion, showrooms and their curated rows, and the 3D
views and AR launches counted per product."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class ModelStatus(enum.StrEnum):
    """Where a product's 3D model is: queued or converting, ready to show, or failed (with its reason)."""

    pending = "pending"
    ready = "ready"
    failed = "failed"


class Placement(enum.StrEnum):
    """How the product stands in the buyer's room."""

    floor = "floor"
    table = "table"
    wall = "wall"
    worn = "worn"


class ProductModel(SQLModel, table=True):
    """The 3D model of one product: the maker's upload (private), the stated true size and placement, and what the
    conversion made from it (optimised GLB, USDZ, poster PNG; public files under random keys)."""

    __tablename__ = "product_models"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id", unique=True, ondelete="CASCADE")
    status: ModelStatus = Field(default=ModelStatus.pending, sa_type=sa.String(16), nullable=False)
    source_key: str = Field(max_length=200)
    source_format: str = Field(max_length=8)
    filename: str = Field(max_length=160)
    size_bytes: int = Field(ge=0)
    triangles: int = Field(default=0, ge=0)
    unit: str = Field(default="mm", max_length=8)  # the unit the file is drawn in (declared or the maker's)
    mm_per_unit: float = Field(default=1.0)
    up_axis: str = Field(default="z", max_length=1)  # the file's up axis; the outputs are all Y-up
    dimensions_mm: list[float] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)  # stated W, D, H
    measured_mm: list[float] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)  # the model's W, D, H
    placement: Placement = Field(default=Placement.floor, sa_type=sa.String(8), nullable=False)
    progress: int = Field(default=0, ge=0, le=100)
    stage: str = Field(default="queued", max_length=20)
    error: dict | None = Field(default=None, sa_type=sa.JSON)  # {"msgid", "params"} of a failure
    glb_key: str | None = Field(default=None, max_length=200)
    glb_bytes: int | None = None
    usdz_key: str | None = Field(default=None, max_length=200)
    poster_key: str | None = Field(default=None, max_length=200)
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    converted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class ShowroomKind(enum.StrEnum):
    """A showroom belongs to a cluster or to a support centre."""

    cluster = "cluster"
    centre = "centre"


class Showroom(SQLModel, table=True):
    """A curated showroom at ``/<locale>/showroom/<slug>``: of a cluster, or of a support centre (named here)."""

    __tablename__ = "showrooms"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    kind: ShowroomKind = Field(default=ShowroomKind.cluster, sa_type=sa.String(8), nullable=False)
    cluster_code: str | None = Field(default=None, foreign_key="clusters.code", max_length=40)
    name_en: str = Field(max_length=120)
    name_ko: str = Field(max_length=120)
    intro_en: str = Field(default="", sa_type=sa.Text)
    intro_ko: str = Field(default="", sa_type=sa.Text)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ShowroomItem(SQLModel, table=True):
    """A product shown in a showroom, in a named row at a position the curators choose."""

    __tablename__ = "showroom_items"
    __table_args__ = (sa.UniqueConstraint("showroom_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    showroom_id: int = Field(foreign_key="showrooms.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", index=True, ondelete="CASCADE")
    row: int = Field(default=0, ge=0)
    position: int = Field(default=0, ge=0)


class ViewKind(enum.StrEnum):
    """What a visitor did with a 3D model."""

    view = "view"  # the 3D view loaded
    ar = "ar"  # an AR session started (or Quick Look opened)
    quote = "quote"  # "Request a quote" tapped from the 3D or AR view


class ModelEvent(SQLModel, table=True):
    """One 3D view, AR launch or quote tap on a product, with the AR platform when there is one."""

    __tablename__ = "product_model_events"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="products.id", index=True, ondelete="CASCADE")
    kind: ViewKind = Field(sa_type=sa.String(8), nullable=False)
    platform: str = Field(default="", max_length=16)  # webxr, scene-viewer, quick-look, or "" for a 3D view
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
