"""Tables of people of the trades: a craftsperson's public profile (story in ``content_translations``, entity
``craftsperson``), nominations for recognition with their dossier and decision, the awards they lead to (a
certificate ``MST-…`` that can be revoked), and the skills competition with its entries and prizes.

A nomination's status moves only through :data:`NOMINATION_TRANSITIONS`; every step is one conditional UPDATE
applied by :func:`market.transitions.apply_transition`.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow

ENTITY = "craftsperson"
TRANSLATABLE_FIELDS = ("story",)


class Level(enum.StrEnum):
    """The recognition asked for: master craftsman (15+ years) or excellent skilled worker (7+ years)."""

    master = "master"
    excellent = "excellent"


MIN_YEARS = {Level.master: 15, Level.excellent: 7}


class NominatorKind(enum.StrEnum):
    """Who puts a craftsperson forward."""

    self = "self"
    association = "association"
    centre = "centre"
    peer = "peer"


class NominationStatus(enum.StrEnum):
    """Submitted, then reviewed (site visit, interview, scores), then selected or not, and awarded."""

    submitted = "submitted"
    in_review = "in_review"
    selected = "selected"
    not_selected = "not_selected"
    awarded = "awarded"


_N = NominationStatus
NOMINATION_TRANSITIONS: dict[tuple[NominationStatus, NominationStatus], str] = {
    (_N.submitted, _N.in_review): "staff",
    (_N.in_review, _N.selected): "staff",
    (_N.in_review, _N.not_selected): "staff",
    (_N.submitted, _N.not_selected): "staff",
    (_N.selected, _N.awarded): "staff",
}


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Craftsperson(SQLModel, table=True):
    """A person of a workshop: shown publicly only with their consent (``consent_at``)."""

    __tablename__ = "craftspeople"

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    name: str = Field(max_length=120)
    name_ko: str | None = Field(default=None, max_length=120)
    trade: str = Field(max_length=20, index=True)
    started_year: int
    photo_key: str | None = Field(default=None, max_length=255)
    source_locale: str = Field(default="ko", max_length=16)
    consent_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()

    def years_in_trade(self, today: dt.date | None = None) -> int:
        """Full years since the person started in the trade."""
        return max(0, (today or dt.date.today()).year - self.started_year)


class Nomination(SQLModel, table=True):
    """A nomination of one craftsperson for one level and year, with its dossier and the review's record."""

    __tablename__ = "nominations"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({_in(NominationStatus)})", name="status"),
        sa.CheckConstraint(f"level IN ({_in(Level)})", name="level"),
        sa.CheckConstraint(f"nominator_kind IN ({_in(NominatorKind)})", name="nominator_kind"),
    )

    id: int | None = Field(default=None, primary_key=True)
    craftsperson_id: int = Field(foreign_key="craftspeople.id", index=True, ondelete="CASCADE")
    nominated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    nominator_kind: NominatorKind = Field(sa_type=sa.String(16), nullable=False)
    level: Level = Field(sa_type=sa.String(16), nullable=False)
    year: int = Field(index=True)
    trade: str = Field(max_length=20)
    career: str = Field(default="", sa_type=sa.Text)
    qualifications: str = Field(default="", sa_type=sa.Text)
    prizes: str = Field(default="", sa_type=sa.Text)
    apprentices: int = Field(default=0)
    references: str = Field(default="", sa_type=sa.Text)
    work_files: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    site_visit: str = Field(default="", sa_type=sa.Text)
    interview: str = Field(default="", sa_type=sa.Text)
    decision_reason: str = Field(default="", sa_type=sa.Text)
    review_round_id: int | None = None  # the review engine's round, once the nomination is under review
    status: NominationStatus = Field(default=NominationStatus.submitted, sa_type=sa.String(16), nullable=False)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class MasterAward(SQLModel, table=True):
    """A recognition awarded: its certificate code, the grant, and its revocation when revoked."""

    __tablename__ = "master_awards"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, sa_column_kwargs={"unique": True}, nullable=False)
    nomination_id: int = Field(foreign_key="nominations.id", ondelete="CASCADE",
                               sa_column_kwargs={"unique": True})
    craftsperson_id: int = Field(foreign_key="craftspeople.id", index=True, ondelete="CASCADE")
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    level: Level = Field(sa_type=sa.String(16), nullable=False)
    trade: str = Field(max_length=20)
    year: int = Field(index=True)
    grant_krw: int = Field(default=0)
    issued_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    issued_at: dt.datetime = _timestamp()
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoke_reason: str | None = Field(default=None, sa_type=sa.Text)


class Competition(SQLModel, table=True):
    """The skills competition of one trade and year; open for entries, then judged, then its results out."""

    __tablename__ = "competitions"
    __table_args__ = (sa.UniqueConstraint("trade", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    trade: str = Field(max_length=20)
    year: int
    entry_deadline: dt.date
    status: str = Field(default="open", max_length=16)  # open, judging, results
    review_round_id: int | None = None
    created_at: dt.datetime = _timestamp()


class CompetitionEntry(SQLModel, table=True):
    """A workshop's entry: title, process video link, photos and 3D files; place and prize once judged."""

    __tablename__ = "competition_entries"
    __table_args__ = (sa.UniqueConstraint("competition_id", "org_id"),)

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competitions.id", index=True, ondelete="CASCADE")
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    craftsperson_id: int | None = Field(default=None, foreign_key="craftspeople.id", ondelete="SET NULL")
    title: str = Field(max_length=160)
    video_url: str = Field(default="", max_length=500)
    files: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    score: float | None = None
    place: int | None = None
    prize: str = Field(default="", max_length=160)
    trade_fair: str = Field(default="", max_length=160)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
