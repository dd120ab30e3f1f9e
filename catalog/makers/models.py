"""The maker profile table: what only makers have, next to their organisation row.

The organisation (:class:`market.accounts.models.Organization`) keeps the names, cluster, district, founding
year, staff count, capabilities and the translatable "about" story; this table adds materials, equipment,
certifications, the minimum order, the typical lead time, workshop photos, the co-brand status and whether the
profile is public.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class MakerProfile(SQLModel, table=True):
    """A maker's public profile; one row per maker organisation, created on first edit (or by the demo).

    The profile is public while ``published_at`` is set. ``photos`` holds the stored files of each workshop
    photo (``id``, ``web_key``, ``thumb_key`` and sizes); those files are never shared with other rows, so they
    are deleted with the photo. ``cobrand_status`` is reserved for the co-brand certification feature to set
    ("none" until it does); pages show the badge that feature computes from its valid certificates.
    """

    __tablename__ = "maker_profiles"

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    materials: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    equipment: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    certifications: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    min_order_qty: int | None = Field(default=None, ge=1)
    min_order_unit: str = Field(default="piece", max_length=16)
    min_order_note: str | None = Field(default=None, max_length=160)
    lead_time_days: int | None = Field(default=None, ge=0)
    photos: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    cobrand_status: str = Field(default="none", max_length=16, sa_column_kwargs={"server_default": "none"})
    published_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
