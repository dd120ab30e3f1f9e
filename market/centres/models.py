"""Tables of support centres: facilities (operator, trade, district, opening hours, cancellation settings),
their equipment (category, specs, materials, consumables, capacity, block rules, hourly prices per tier),
blackouts (maintenance, breakdowns), the staff of each facility, trainings that qualify users, bookings (with the
price frozen at booking), the waitlist and the follow-up tasks that low survey scores open.

Booking statuses move only through :data:`BOOKING_TRANSITIONS`, one conditional UPDATE each
(:func:`market.transitions.apply_transition`). No double booking: on PostgreSQL an exclusion constraint over
(equipment, [start, blocked_until)) covers the active bookings of capacity-1 machines (migration 0023; SQLAlchemy
cannot compare it, so it is declared there only); for every machine and on SQLite, booking locks the equipment row
(an UPDATE of ``booking_seq``) before counting the overlapping bookings against the capacity.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class Operator(enum.StrEnum):
    """Who runs a facility."""

    city = "city"
    district = "district"
    private = "private"


class Trade(enum.StrEnum):
    """The trade a facility serves (general: all of them)."""

    general = "general"
    print = "print"
    sewing = "sewing"
    jewelry = "jewelry"
    machine_metal = "machine_metal"
    leather = "leather"
    electronics = "electronics"


class Category(enum.StrEnum):
    """Kinds of machine."""

    laser_cutter = "laser_cutter"
    cnc = "cnc"
    uv_printer = "uv_printer"
    printer_3d = "printer_3d"
    sewing_automation = "sewing_automation"
    casting = "casting"
    digital_press = "digital_press"


class EquipmentStatus(enum.StrEnum):
    """Whether a machine can be booked."""

    operational = "operational"
    down = "down"
    retired = "retired"


class Tier(enum.StrEnum):
    """Price tiers: member makers, startups, citizens."""

    member = "member"
    startup = "startup"
    citizen = "citizen"


class BookingStatus(enum.StrEnum):
    """Where a booking stands."""

    requested = "requested"
    confirmed = "confirmed"
    checked_in = "checked_in"
    completed = "completed"
    surveyed = "surveyed"
    cancelled = "cancelled"
    no_show = "no_show"
    rejected = "rejected"


class Actor(enum.StrEnum):
    """Who moves a booking: its user, the facility's staff, or the system (timers, surveys)."""

    user = "user"
    staff = "staff"
    system = "system"


# Bookings in these statuses hold their slot.
HOLDING = (BookingStatus.requested, BookingStatus.confirmed, BookingStatus.checked_in, BookingStatus.completed,
           BookingStatus.surveyed)

BOOKING_TRANSITIONS: dict[tuple[BookingStatus, BookingStatus], object] = {
    (BookingStatus.requested, BookingStatus.confirmed): Actor.staff,
    (BookingStatus.requested, BookingStatus.rejected): Actor.staff,
    (BookingStatus.requested, BookingStatus.cancelled): {Actor.user, Actor.staff},
    (BookingStatus.confirmed, BookingStatus.cancelled): {Actor.user, Actor.staff},
    (BookingStatus.confirmed, BookingStatus.checked_in): Actor.staff,
    (BookingStatus.confirmed, BookingStatus.no_show): {Actor.staff, Actor.system},
    (BookingStatus.checked_in, BookingStatus.completed): {Actor.staff, Actor.user},
    (BookingStatus.completed, BookingStatus.surveyed): Actor.system,
}


class AssistedStatus(enum.StrEnum):
    """A staff-run job: asked for, quoted by the staff, accepted or declined by the user, or withdrawn."""

    requested = "requested"
    quoted = "quoted"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


ASSISTED_TRANSITIONS: dict[tuple[AssistedStatus, AssistedStatus], object] = {
    (AssistedStatus.requested, AssistedStatus.quoted): Actor.staff,
    (AssistedStatus.requested, AssistedStatus.withdrawn): Actor.user,
    (AssistedStatus.quoted, AssistedStatus.accepted): Actor.user,
    (AssistedStatus.quoted, AssistedStatus.declined): Actor.user,
}


def _ts(**kwargs):
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kwargs)


class Facility(SQLModel, table=True):
    """A support facility: who runs it, its trade and district, opening hours per weekday (Monday = "0": open
    and close as "HH:MM" in Seoul time, or absent when closed), whether it closes on Korean public holidays, and
    its cancellation rules (free until ``free_cancel_hours`` before; later, the slot is billed when
    ``bill_late_cancel``; not checked in ``no_show_minutes`` after the start is a no-show), and its fairness rule
    (a user books at most ``weekly_hours_per_group`` hours a week of one kind of machine there)."""

    __tablename__ = "centre_facilities"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, sa_column_kwargs={"unique": True}, nullable=False)
    name: str = Field(max_length=160)
    name_ko: str = Field(max_length=160)
    operator: str = Field(max_length=16)
    trade: str = Field(max_length=16, index=True)
    district: str = Field(max_length=40, index=True)
    cluster_code: str | None = Field(default=None, foreign_key="clusters.code", max_length=40)
    address: str = Field(default="", max_length=255)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    services: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    opening_hours: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    closed_on_holidays: bool = Field(default=True)
    free_cancel_hours: int = Field(default=24)
    bill_late_cancel: bool = Field(default=True)
    no_show_minutes: int = Field(default=15)
    weekly_hours_per_group: int = Field(default=20)
    # The share of a member maker's or startup's fee the city's shared-equipment voucher covers (0–90 %), frozen
    # on each booking when it is made.
    voucher_percent: int = Field(default=0)
    created_at: dt.datetime = _ts()


class Equipment(SQLModel, table=True):
    """A machine of a facility, with its booking rules (minutes) and hourly prices per tier (KRW; off-peak hours,
    weekday evenings and weekends, cost ``offpeak_percent`` of them). ``booking_seq`` is bumped by every booking
    so concurrent bookings of one machine wait for each other (the locked capacity count)."""

    __tablename__ = "centre_equipment"
    __table_args__ = (sa.CheckConstraint("capacity >= 1", name="capacity"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="centre_facilities.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=160)
    name_ko: str = Field(default="", max_length=160)
    category: str = Field(max_length=24, index=True)
    model: str = Field(default="", max_length=120)
    specs: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    materials: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    consumables: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    manual_key: str | None = Field(default=None, max_length=255)
    photo_key: str | None = Field(default=None, max_length=255)
    capacity: int = Field(default=1)
    slot_minutes: int = Field(default=30)
    min_block_minutes: int = Field(default=60)
    max_block_minutes: int = Field(default=480)
    buffer_minutes: int = Field(default=0)
    min_notice_minutes: int = Field(default=60)
    horizon_days: int = Field(default=30)
    approval_required: bool = Field(default=False)
    assisted: bool = Field(default=False)
    required_training: str | None = Field(default=None, max_length=40)
    price_member_krw: int = Field(default=0)
    price_startup_krw: int = Field(default=0)
    price_citizen_krw: int = Field(default=0)
    offpeak_percent: int = Field(default=100)
    status: str = Field(default=EquipmentStatus.operational, max_length=16)
    booking_seq: int = Field(default=0)
    created_at: dt.datetime = _ts()


class Blackout(SQLModel, table=True):
    """A time a machine cannot be used (maintenance, a breakdown), with the reason."""

    __tablename__ = "centre_blackouts"

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="centre_equipment.id", index=True, ondelete="CASCADE")
    start_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    end_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    reason: str = Field(default="", max_length=500)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _ts()


class FacilityStaff(SQLModel, table=True):
    """A user who runs a facility (approves, checks in, grants qualifications, sees reports)."""

    __tablename__ = "centre_facility_staff"
    __table_args__ = (sa.UniqueConstraint("facility_id", "user_id", name="uq_centre_facility_staff_facility_id_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="centre_facilities.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")


class Qualification(SQLModel, table=True):
    """A user's qualification for a training (``safety`` for every machine, or a machine's own), granted by staff
    or a completed training; it lapses after the training's days without use (counted from ``last_used_at``)."""

    __tablename__ = "centre_qualifications"
    __table_args__ = (sa.UniqueConstraint("user_id", "training", name="uq_centre_qualifications_user_id_training"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    training: str = Field(max_length=40)
    source: str = Field(default="staff", max_length=16)
    granted_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    granted_at: dt.datetime = _ts()
    last_used_at: dt.datetime = _ts()


class Booking(SQLModel, table=True):
    """A user's booking of a machine over [start_at, end_at); the machine is held until ``blocked_until_at`` (the
    end plus the buffer). ``exclusive`` (capacity 1 at booking) puts it under the PostgreSQL exclusion
    constraint. The price (KRW, its tier and lines) is frozen when booked."""

    __tablename__ = "centre_bookings"
    __table_args__ = (sa.Index("ix_centre_bookings_equipment_id_start_at", "equipment_id", "start_at"),
                      sa.CheckConstraint("end_at > start_at", name="period"))

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="centre_equipment.id", ondelete="CASCADE")
    facility_id: int = Field(foreign_key="centre_facilities.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    organization_id: int | None = Field(default=None, foreign_key="organizations.id", ondelete="SET NULL")
    start_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    end_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    blocked_until_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    exclusive: bool = Field(default=True)
    status: str = Field(default=BookingStatus.confirmed, max_length=16, index=True)
    tier: str = Field(default=Tier.citizen, max_length=16)
    price_krw: int = Field(default=0)
    price_lines: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    charged_krw: int = Field(default=0)
    voucher_percent: int = Field(default=0)  # the facility's voucher share for this booking, frozen at booking
    paid_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)  # set once by payments
    purpose: str = Field(default="", max_length=500)
    reason: str = Field(default="", max_length=500)
    checked_in_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    checked_out_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    late_cancel: bool = Field(default=False)
    reminded_day_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    reminded_hour_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()


class WaitlistEntry(SQLModel, table=True):
    """A user waiting for a machine over [start_at, end_at): offered the slot when it frees (``offered_at``)."""

    __tablename__ = "centre_waitlist"

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="centre_equipment.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    start_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    end_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default="waiting", max_length=16)
    offered_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _ts()


class FollowUp(SQLModel, table=True):
    """A task for the facility's manager, opened by a low survey score (or a problem report), until closed."""

    __tablename__ = "centre_follow_ups"

    id: int | None = Field(default=None, primary_key=True)
    facility_id: int = Field(foreign_key="centre_facilities.id", index=True, ondelete="CASCADE")
    booking_id: int | None = Field(default=None, foreign_key="centre_bookings.id", ondelete="SET NULL")
    kind: str = Field(default="low_score", max_length=16)
    note: str = Field(default="", sa_type=sa.Text)
    created_at: dt.datetime = _ts()
    closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class CalendarFeed(SQLModel, table=True):
    """A user's private calendar feed of their bookings: only the SHA-256 of its secret is stored; resetting it
    makes a new secret, so the old address stops working."""

    __tablename__ = "centre_calendar_feeds"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", ondelete="CASCADE", sa_column_kwargs={"unique": True})
    secret_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    created_at: dt.datetime = _ts()


class AssistedRequest(SQLModel, table=True):
    """A request for a staff-run job (sample printing at the print demo centre): not a slot but a description,
    answered with a quote (KRW) the user accepts or declines."""

    __tablename__ = "centre_assisted_requests"

    id: int | None = Field(default=None, primary_key=True)
    equipment_id: int = Field(foreign_key="centre_equipment.id", index=True, ondelete="CASCADE")
    facility_id: int = Field(foreign_key="centre_facilities.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    description: str = Field(sa_type=sa.Text)
    quantity: int = Field(default=1)
    status: str = Field(default=AssistedStatus.requested, max_length=16)
    quote_krw: int | None = Field(default=None)
    quote_note: str = Field(default="", max_length=500)
    created_at: dt.datetime = _ts()
    updated_at: dt.datetime = _ts()
