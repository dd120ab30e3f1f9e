"""Support centre builders: facilities (open 09:00–21:00 every day but Sunday), machines, qualifications, and
periods in Seoul time on the next working day."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_counter = itertools.count(1)
HOURS = {str(d): ["09:00", "21:00"] for d in range(6)}


def working_day(days_ahead: int = 2) -> dt.date:
    """A Seoul date at least ``days_ahead`` days from today that is neither a Sunday nor a public holiday."""
    from market.centres.hours import SEOUL, holiday_name

    day = dt.datetime.now(SEOUL).date() + dt.timedelta(days=days_ahead)
    while day.weekday() == 6 or holiday_name(day):
        day += dt.timedelta(days=1)
    return day


def seoul(day: dt.date, hhmm: str) -> dt.datetime:
    """An aware UTC datetime for ``HH:MM`` Seoul time on ``day``."""
    from market.centres.hours import SEOUL

    hour, minute = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), SEOUL).astimezone(dt.UTC)


@pytest.fixture
def make_facility(db_session, clusters):
    """Create a facility: ``make_facility(**fields)``; ``staff=[user, ...]`` become its staff."""
    from market.centres.models import Facility, FacilityStaff

    def _make(staff=(), **fields):
        n = next(_counter)
        values = dict(slug=f"centre-{n}", name=f"Centre {n}", name_ko=f"센터 {n}", operator="city",
                      trade="machine_metal", district="yeongdeungpo", cluster_code="mullae", address="Seoul",
                      phone="02-000-0000", email=f"centre{n}@example.com", services=["equipment"],
                      opening_hours=HOURS)
        values.update(fields)
        facility = Facility(**values)
        db_session.add(facility)
        db_session.flush()
        for user in staff:
            db_session.add(FacilityStaff(facility_id=facility.id, user_id=user.id))
        db_session.commit()
        return facility

    return _make


@pytest.fixture
def make_machine(db_session):
    """Create a machine of ``facility``: ``make_machine(facility, **fields)`` (a CNC by default)."""
    from market.centres.models import Equipment

    def _make(facility, **fields):
        values = dict(name=f"Machine {next(_counter)}", category="cnc", capacity=1, slot_minutes=30,
                      min_block_minutes=60, max_block_minutes=240, buffer_minutes=0, min_notice_minutes=60,
                      horizon_days=30, required_training="cnc", price_member_krw=20_000, price_startup_krw=25_000,
                      price_citizen_krw=30_000, offpeak_percent=50)
        values.update(fields)
        machine = Equipment(facility_id=facility.id, **values)
        db_session.add(machine)
        db_session.commit()
        return machine

    return _make


@pytest.fixture
def qualify(db_session):
    """Give ``user`` trainings: ``qualify(user, "safety", "cnc")``."""
    from market.centres.models import Qualification

    def _qualify(user, *trainings):
        for code in trainings:
            db_session.add(Qualification(user_id=user.id, training=code, source="staff"))
        db_session.commit()

    return _qualify


@pytest.fixture
def staff_user(make_user):
    """A facility staff user (add them to a facility with ``make_facility(staff=[user])``)."""
    return make_user(role="facility_staff", name="Centre Staff")
