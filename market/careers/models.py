"""Tables of skilled jobs: a maker's job post (title and description in ``content_translations``, entity
``job_post``), an applicant's light profile, one application per applicant and post with its status moved only
through :data:`APPLICATION_TRANSITIONS`, and guests' job alerts.

Wages are integer KRW per ``wage_type`` (hour, month or year); a post always has a minimum and a maximum.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow

ENTITY = "job_post"
TRANSLATABLE_FIELDS = ("title", "description")


class JobLevel(enum.StrEnum):
    """How senior the job is."""

    apprentice = "apprentice"
    technician = "technician"
    skilled = "skilled"
    lead = "lead"


class WageType(enum.StrEnum):
    """What the wage range is counted per."""

    hourly = "hourly"
    monthly = "monthly"
    yearly = "yearly"


class KoreanLevel(enum.StrEnum):
    """How much Korean the job needs."""

    none = "none"
    basic = "basic"
    conversational = "conversational"
    fluent = "fluent"


class PostStatus(enum.StrEnum):
    """A post is open until its workshop closes it; an open post past its deadline shows as expired."""

    open = "open"
    closed = "closed"


class ApplicationStatus(enum.StrEnum):
    """Where an application stands."""

    applied = "applied"
    viewed = "viewed"
    interview = "interview"
    offer = "offer"
    hired = "hired"
    not_selected = "not_selected"
    withdrawn = "withdrawn"


class Side(enum.StrEnum):
    """Who moves an application: the workshop that posted, or the applicant."""

    workshop = "workshop"
    applicant = "applicant"


_A = ApplicationStatus
APPLICATION_TRANSITIONS: dict[tuple[ApplicationStatus, ApplicationStatus], Side] = {
    (_A.applied, _A.viewed): Side.workshop,
    (_A.applied, _A.interview): Side.workshop,
    (_A.viewed, _A.interview): Side.workshop,
    (_A.interview, _A.offer): Side.workshop,
    (_A.interview, _A.hired): Side.workshop,
    (_A.offer, _A.hired): Side.workshop,
    (_A.applied, _A.not_selected): Side.workshop,
    (_A.viewed, _A.not_selected): Side.workshop,
    (_A.interview, _A.not_selected): Side.workshop,
    (_A.offer, _A.not_selected): Side.workshop,
    (_A.applied, _A.withdrawn): Side.applicant,
    (_A.viewed, _A.withdrawn): Side.applicant,
    (_A.interview, _A.withdrawn): Side.applicant,
    (_A.offer, _A.withdrawn): Side.applicant,
}
FINAL_STATUSES = frozenset({_A.hired, _A.not_selected, _A.withdrawn})


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class JobPost(SQLModel, table=True):
    """A maker's job opening; its title and description are translatable content."""

    __tablename__ = "job_posts"
    __table_args__ = (
        sa.CheckConstraint(f"level IN ({_in(JobLevel)})", name="level"),
        sa.CheckConstraint(f"wage_type IN ({_in(WageType)})", name="wage_type"),
        sa.CheckConstraint(f"status IN ({_in(PostStatus)})", name="status"),
        sa.CheckConstraint("wage_min_krw > 0 AND wage_max_krw >= wage_min_krw", name="wage_range"),
        sa.CheckConstraint("openings > 0", name="openings_positive"),
        sa.Index("ix_job_posts_status_deadline", "status", "deadline"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    trade: str = Field(max_length=20, index=True)
    cluster_code: str | None = Field(default=None, foreign_key="clusters.code", max_length=40, ondelete="SET NULL")
    level: JobLevel = Field(sa_type=sa.String(16), nullable=False)
    wage_type: WageType = Field(sa_type=sa.String(16), nullable=False)
    wage_min_krw: int
    wage_max_krw: int
    hours_per_week: int
    work_days: str = Field(default="", max_length=80)
    social_insurance: bool = Field(default=True)
    training: bool = Field(default=False)
    mentor_id: int | None = Field(default=None, foreign_key="craftspeople.id", ondelete="SET NULL")
    korean_level: KoreanLevel = Field(default=KoreanLevel.basic, sa_type=sa.String(16), nullable=False)
    photo_keys: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    deadline: dt.date
    openings: int = Field(default=1)
    source_locale: str = Field(default="ko", max_length=16)
    status: PostStatus = Field(default=PostStatus.open, sa_type=sa.String(16), nullable=False)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class ApplicantProfile(SQLModel, table=True):
    """A job seeker's light profile: how to reach them, their languages and trades, portfolio and CV."""

    __tablename__ = "applicant_profiles"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    full_name: str = Field(max_length=120)
    phone: str = Field(default="", max_length=40)
    email: str = Field(max_length=254)
    languages: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    trades: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    about: str = Field(default="", sa_type=sa.Text)
    portfolio_keys: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    cv_key: str | None = Field(default=None, max_length=255)
    cv_filename: str | None = Field(default=None, max_length=160)
    updated_at: dt.datetime = _timestamp()


class JobApplication(SQLModel, table=True):
    """One applicant's application to one post; ``answered_at`` is the workshop's first step on it."""

    __tablename__ = "job_applications"
    __table_args__ = (
        sa.UniqueConstraint("post_id", "applicant_id"),
        sa.CheckConstraint(f"status IN ({_in(ApplicationStatus)})", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="job_posts.id", index=True, ondelete="CASCADE")
    applicant_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    note: str = Field(default="", sa_type=sa.Text)
    status: ApplicationStatus = Field(default=ApplicationStatus.applied, sa_type=sa.String(16), nullable=False)
    answered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class JobAlert(SQLModel, table=True):
    """A guest's wish to hear of new posts (by trade and cluster), mailed in ``locale`` until unsubscribed."""

    __tablename__ = "job_alerts"
    __table_args__ = (sa.UniqueConstraint("email", "trade", "cluster_code"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    trade: str = Field(default="", max_length=20)
    cluster_code: str = Field(default="", max_length=40)
    locale: str = Field(default="en", max_length=16)
    created_at: dt.datetime = _timestamp()
    unsubscribed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
