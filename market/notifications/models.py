"""The notifications table: one row per user and event, unread until the user opens it or marks all read."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class Notification(SQLModel, table=True):
    """Something that happened for ``user_id``: a short message in their language and where to look."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    kind: str = Field(max_length=40)
    message: str = Field(sa_type=sa.Text)
    url: str = Field(max_length=500)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    read_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
