"""Saved lists: a signed-in user's named lists of products, each product at most once per list."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class SavedList(SQLModel, table=True):
    """A user's named list of saved products (only its owner sees it)."""

    __tablename__ = "saved_lists"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class SavedListItem(SQLModel, table=True):
    """One product on a saved list, with an optional note of the buyer's."""

    __tablename__ = "saved_list_items"
    __table_args__ = (sa.UniqueConstraint("list_id", "product_id"),)

    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(foreign_key="saved_lists.id", index=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", index=True, ondelete="CASCADE")
    note: str | None = Field(default=None, max_length=500)
    added_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
