"""Tables of the always-on side: one notice per organisation and newly matched record, and each user's last match mail.

A :class:`MatchNotice` is written once per (organisation, own doc, other doc) so the same match is never announced
twice; :class:`MatchMail` keeps when a user was last mailed about matches, so mail goes out at most daily.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class MatchNotice(SQLModel, table=True):
    """A strong new match announced to ``org_id``: its record ``doc_id`` (or saved search) met ``other_doc_id``."""

    __tablename__ = "match_notices"
    __table_args__ = (
        sa.UniqueConstraint("org_id", "doc_id", "other_doc_id"),
        sa.Index("ix_match_notices_org_id_created_at", "org_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    doc_id: str = Field(max_length=40)  # the recipient's own record, or "s:<saved search id>"
    other_doc_id: str = Field(max_length=40)
    other_org_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE")
    score: float
    reason: str = Field(max_length=20)  # "suggestion" or "saved_search"
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class MatchMail(SQLModel, table=True):
    """When a user last got a mail about new matches (at most one a day)."""

    __tablename__ = "match_mails"

    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", primary_key=True)
    last_sent_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
