"""Tables of surveys: an invitation per kind, subject and user (its link's nonce, expiry and whether it was
answered) and the one response it may get."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class SurveyInvitation(SQLModel, table=True):
    """An invitation to answer survey ``kind`` about ``subject_id`` (a booking, a session), grouped for reports
    by ``group_key`` (``"facility:12"``). ``answered_at`` is set once, by one conditional UPDATE."""

    __tablename__ = "survey_invitations"
    __table_args__ = (sa.UniqueConstraint("kind", "subject_id", "user_id",
                                          name="uq_survey_invitations_kind_subject_id_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    subject_id: int = Field(nullable=False)
    group_key: str = Field(default="", max_length=80, index=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    locale: str = Field(default="en", max_length=16)
    title: str = Field(default="", max_length=200)
    return_url: str = Field(default="", max_length=500)
    nonce: str = Field(max_length=32)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    answered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class SurveyResponse(SQLModel, table=True):
    """The answers to one invitation (question name → score, yes/no or text), and whether a score was low."""

    __tablename__ = "survey_responses"

    id: int | None = Field(default=None, primary_key=True)
    invitation_id: int = Field(foreign_key="survey_invitations.id", ondelete="CASCADE",
                               sa_column_kwargs={"unique": True})
    kind: str = Field(max_length=40, index=True)
    subject_id: int = Field(nullable=False)
    group_key: str = Field(default="", max_length=80)
    answers: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    low_score: bool = Field(default=False, nullable=False)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
