"""Tables of school tours: a tour a maker hosts (its seats counted in ``booked`` with a conditional UPDATE, so
two bookings can never pass the capacity), a teacher's booking for a class with consent forms, the
students' "interested in an internship" leads, and the students' survey slips."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Tour(SQLModel, table=True):
    """A workshop visit on one date for at most ``capacity`` students."""

    __tablename__ = "tours"
    __table_args__ = (
        sa.CheckConstraint("capacity > 0", name="capacity_positive"),
        sa.CheckConstraint("booked >= 0 AND booked <= capacity", name="booked_within_capacity"),
    )

    id: int | None = Field(default=None, primary_key=True)
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    trade: str = Field(max_length=20)
    starts_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    duration_minutes: int = Field(default=90)
    capacity: int
    booked: int = Field(default=0)
    safety_notes: str = Field(default="", sa_type=sa.Text)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    cancelled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()


class TourBooking(SQLModel, table=True):
    """A teacher's booking for a class: school, group size, consent forms (private files) and attendance."""

    __tablename__ = "tour_bookings"

    id: int | None = Field(default=None, primary_key=True)
    tour_id: int = Field(foreign_key="tours.id", index=True, ondelete="CASCADE")
    teacher_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    school: str = Field(max_length=160)
    group_size: int
    phone: str = Field(default="", max_length=40)
    consent_files: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    status: str = Field(default="booked", max_length=16)  # booked, cancelled
    attended: int | None = None
    reminded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()


class InternshipLead(SQLModel, table=True):
    """A student of a booked class who would like an internship at the workshop."""

    __tablename__ = "internship_leads"

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="tour_bookings.id", index=True, ondelete="CASCADE")
    org_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    student_name: str = Field(max_length=120)
    contact: str = Field(max_length=160)
    note: str = Field(default="", sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class TourSurveySlip(SQLModel, table=True):
    """One student's slip for the survey after a tour: the teacher hands it out (printed with its QR code, or the
    link sent on), and the student answers through it once, without an account. Its survey invitation is the
    one of kind ``school_tour`` about this slip (see :mod:`market.tours.survey`)."""

    __tablename__ = "tour_survey_slips"
    __table_args__ = (sa.UniqueConstraint("booking_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(foreign_key="tour_bookings.id", index=True, ondelete="CASCADE")
    number: int
    created_at: dt.datetime = _timestamp()
