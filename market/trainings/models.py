"""Tables of trainings: courses (trade, level, hours, language, NCS units), sessions (dates, facility, capacity,
fee, meetings), enrolments with their attendance, certificates (``TRN-YYYY-NNNNNN``) and follow-up answers."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class EnrolmentStatus(enum.StrEnum):
    """Awaiting payment (a seat held until its fee is paid), enrolled (a seat), waitlisted, cancelled, completed
    (certificate issued), not completed."""

    awaiting_payment = "awaiting_payment"
    enrolled = "enrolled"
    waitlisted = "waitlisted"
    cancelled = "cancelled"
    completed = "completed"
    failed = "failed"


class Course(SQLModel, table=True):
    """A training course of one trade."""

    __tablename__ = "training_courses"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, sa_column_kwargs={"unique": True}, nullable=False)
    title: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    summary: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    trade: str = Field(max_length=40, index=True)
    level: int = Field(default=1)
    hours: int
    language: str = Field(default="ko", max_length=16)
    ncs_units: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    practical_check: bool = Field(default=True)
    equipment: str | None = Field(default=None, max_length=80)  # the machine the course qualifies for
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class TrainingSession(SQLModel, table=True):
    """One run of a course: dates, place, seats and fee; ``meetings`` is how many times attendance is taken."""

    __tablename__ = "training_sessions"

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="training_courses.id", index=True, ondelete="CASCADE")
    starts_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    ends_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    facility: str = Field(max_length=200)
    capacity: int
    fee_krw: int = Field(default=0)
    meetings: int = Field(default=1)
    trainer_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    # How many may wait for a seat: None without limit, 0 no waitlist.
    waitlist_places: int | None = None
    cancelled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_reason: str | None = Field(default=None, max_length=500)
    # The calendar event's revision: raised when staff move or cancel the session (market.calendar).
    sequence: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Enrolment(SQLModel, table=True):
    """A trainee's place (or waitlist spot) in a session."""

    __tablename__ = "training_enrolments"
    __table_args__ = (sa.UniqueConstraint("session_id", "user_id", name="uq_training_enrolments_session_user"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(foreign_key="training_sessions.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    status: EnrolmentStatus = Field(default=EnrolmentStatus.enrolled, sa_type=sa.String(16), nullable=False)
    practical_passed: bool | None = None
    completed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Set when the day-before reminder was claimed (market.trainings.reminders): at most one per enrolment.
    reminded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The session's fee when the seat was taken (what the trainee pays, whatever staff change later) and when
    # payments applied it (market.trainings.fees).
    fee_krw: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    paid_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    # A seat awaiting payment is held until then; unpaid, it is released (market.trainings.fees).
    hold_until: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Attendance(SQLModel, table=True):
    """Whether a trainee was present at one meeting of the session."""

    __tablename__ = "training_attendance"
    __table_args__ = (sa.UniqueConstraint("enrolment_id", "meeting", name="uq_training_attendance_meeting"),)

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(foreign_key="training_enrolments.id", index=True, ondelete="CASCADE")
    meeting: int
    present: bool
    recorded_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    recorded_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Certificate(SQLModel, table=True):
    """A completion certificate with its public code."""

    __tablename__ = "training_certificates"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, sa_column_kwargs={"unique": True}, nullable=False)
    enrolment_id: int = Field(foreign_key="training_enrolments.id", ondelete="CASCADE",
                              sa_column_kwargs={"unique": True}, nullable=False)
    holder_name: str = Field(max_length=120)
    issued_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_reason: str | None = Field(default=None, max_length=500)


class FollowUp(SQLModel, table=True):
    """A trainee's answer 3 or 6 months after completing: employed in manufacturing or not."""

    __tablename__ = "training_followups"
    __table_args__ = (sa.UniqueConstraint("enrolment_id", "months", name="uq_training_followups_months"),)

    id: int | None = Field(default=None, primary_key=True)
    enrolment_id: int = Field(foreign_key="training_enrolments.id", index=True, ondelete="CASCADE")
    months: int
    employed: bool
    answered_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
