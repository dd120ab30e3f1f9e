"""No double booking, ever: two people booking the last slot at the same moment, on SQLite and PostgreSQL,
through the API on a real database (no shared test transaction): exactly one wins, the other gets 409
slot_taken. On PostgreSQL the exclusion constraint refuses an overlapping capacity-1 booking even when written
past the services."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from tests.factories.centres import HOURS, seoul, working_day


def _prepare(app, capacity: int, people: int):
    from market.accounts.services import create_api_token, register_user
    from market.centres.models import Equipment, Facility, Qualification
    from market.db import session_scope

    with app.app_context(), session_scope(app) as session:
        facility = Facility(slug="race", name="Race Centre", name_ko="경주 센터", operator="city", trade="general",
                            district="jung", opening_hours=HOURS)
        session.add(facility)
        session.flush()
        machine = Equipment(facility_id=facility.id, name="Last Laser", category="laser_cutter", capacity=capacity,
                            required_training=None, price_citizen_krw=10_000)
        session.add(machine)
        tokens = []
        for i in range(people):
            user = register_user(session, f"racer{i}@example.com", "granite lantern harbour 42", f"Racer {i}")
            session.add(Qualification(user_id=user.id, training="safety"))
            tokens.append(create_api_token(session, user, "race")[1])
        session.flush()
        return machine.id, tokens


def _race(app, machine_id: int, tokens: list[str]) -> list[tuple[int, dict]]:
    day = working_day()
    body = {"equipment_id": machine_id, "start": seoul(day, "14:00").isoformat(),
            "end": seoul(day, "15:00").isoformat()}
    barrier = threading.Barrier(len(tokens))

    def book(token):
        client = app.test_client()
        barrier.wait()
        response = client.post("/api/v1/bookings", json=body, headers={"Authorization": f"Bearer {token}"})
        return response.status_code, response.get_json()

    with concurrent.futures.ThreadPoolExecutor(len(tokens)) as pool:
        return list(pool.map(book, tokens))


def _holding(app) -> int:
    from market.db import get_database

    with get_database(app).engine.connect() as conn:
        return conn.execute(sa.text("SELECT count(*) FROM centre_bookings WHERE status = 'confirmed'")).scalar()


def test_two_bookings_of_the_last_slot_exactly_one_wins(race_app):
    """Two users book the one free hour of a capacity-1 machine at once: one 201, one 409 slot_taken."""
    machine_id, tokens = _prepare(race_app, capacity=1, people=2)
    answers = _race(race_app, machine_id, tokens)
    assert sorted(status for status, _body in answers) == [201, 409], answers
    loser = next(body for status, body in answers if status == 409)
    assert loser["error"]["code"] == "slot_taken"
    assert _holding(race_app) == 1


def test_the_last_place_of_a_shared_machine_goes_to_one(race_app):
    """One of two places of a shared machine is taken; three people race for the last one: exactly one gets
    it."""
    machine_id, tokens = _prepare(race_app, capacity=2, people=4)
    first = _race(race_app, machine_id, tokens[:1])
    assert first[0][0] == 201
    answers = _race(race_app, machine_id, tokens[1:])
    assert sorted(status for status, _body in answers) == [201, 409, 409], answers
    assert _holding(race_app) == 2


def test_postgresql_refuses_overlapping_capacity_one_bookings_itself(race_app, backend):
    """Written past the services, a second overlapping booking of a capacity-1 machine breaks the exclusion
    constraint on PostgreSQL; SQLite has no such constraint (the services' locked count is its only guard, as
    the race tests above show), so there the row is written."""
    from market.db import get_database

    machine_id, _tokens = _prepare(race_app, capacity=1, people=1)
    day = working_day()
    start, end = seoul(day, "14:00").replace(tzinfo=None), seoul(day, "15:00").replace(tzinfo=None)
    insert = sa.text("INSERT INTO centre_bookings (equipment_id, facility_id, user_id, start_at, end_at, "
                     "blocked_until_at, exclusive, status, tier, price_krw, price_lines, charged_krw, purpose, "
                     "reason, late_cancel, created_at, updated_at) VALUES (:e, 1, 1, :s, :t, :t, :x, 'confirmed', "
                     "'citizen', 0, '[]', 0, '', '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
    engine = get_database(race_app).engine
    with engine.begin() as conn:
        conn.execute(insert, {"e": machine_id, "s": start, "t": end, "x": True})
    overlapping = {"e": machine_id, "s": start + dt.timedelta(minutes=30), "t": end + dt.timedelta(minutes=30), "x": True}
    if backend == "postgresql":
        with pytest.raises(sa.exc.IntegrityError, match="ex_centre_bookings_no_overlap"), engine.begin() as conn:
            conn.execute(insert, overlapping)
        with engine.begin() as conn:  # a cancelled booking no longer holds the slot
            conn.execute(sa.text("UPDATE centre_bookings SET status = 'cancelled'"))
            conn.execute(insert, overlapping)
    else:
        with engine.begin() as conn:
            conn.execute(insert, overlapping)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM centre_bookings")).scalar() == 2
