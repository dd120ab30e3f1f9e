"""Two teachers booking the last places of a tour at the same moment, on a real database of its own (no shared
test transaction), on SQLite and PostgreSQL: exactly one class gets in and the capacity holds."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import threading

import sqlalchemy as sa

from tests.helpers import at_once


def test_two_classes_racing_for_the_last_places_one_gets_in(race_app):
    """A tour of 20 places; two classes of 15 book at once: one booking, one refusal, 15 places taken."""
    from market.accounts.services import create_organization, register_user
    from market.db import session_scope, utcnow
    from market.demo.build import add_clusters
    from market.refusals import Refusal
    from market.tours import services

    with race_app.app_context(), session_scope(race_app) as session:
        add_clusters(session)
        host = register_user(session, "host@example.com", "granite lantern harbour 42", "Host")
        org = create_organization(session, host, kind="maker", name="Race Lasts", country="KR",
                                  cluster_code="seongsu")
        tour = services.host_tour(session, host, org_id=org.id, starts_at=utcnow() + dt.timedelta(days=5),
                                  capacity=20, trade="shoes")
        teachers = [register_user(session, f"teacher{i}@example.com", "granite lantern harbour 42", f"T{i}").id
                    for i in range(2)]
        tour_id = tour.id
    barrier = threading.Barrier(2)

    def book(teacher_id):
        from market.accounts.models import User

        with race_app.app_context(), race_app.test_request_context("/"):
            barrier.wait()
            try:
                with session_scope(race_app) as session:
                    services.book(session, session.get(User, teacher_id), tour_id, school="S", group_size=15)
                return "booked"
            except Refusal as exc:
                return exc.field or exc.code
            except sa.exc.OperationalError:
                return "busy"

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(book, teachers))
    assert outcomes[0] == "booked" and outcomes[1] in ("group_size", "busy")
    from market.db import get_database

    with get_database(race_app).engine.connect() as conn:
        assert conn.execute(sa.text("SELECT booked FROM tours")).scalar() == 15
        assert conn.execute(sa.text("SELECT count(*) FROM tour_bookings")).scalar() == 1


def test_two_reminder_runs_at_once_remind_each_booking_once(race_app):
    """Cron starts ``tours remind`` twice at the same moment: the booking is reminded once in all, the teacher
    gets one reminder."""
    from market.accounts.services import create_organization, register_user
    from market.db import get_database, session_scope, utcnow
    from market.demo.build import add_clusters
    from market.tours import services

    with race_app.app_context(), session_scope(race_app) as session:
        add_clusters(session)
        host = register_user(session, "host@example.com", "granite lantern harbour 42", "Host")
        org = create_organization(session, host, kind="maker", name="Remind Lasts", country="KR",
                                  cluster_code="seongsu")
        tour = services.host_tour(session, host, org_id=org.id, starts_at=utcnow() + dt.timedelta(hours=30),
                                  capacity=20, trade="shoes")
        teacher = register_user(session, "teacher@example.com", "granite lantern harbour 42", "T")
        with race_app.test_request_context("/"):
            services.book(session, teacher, tour.id, school="S", group_size=10)
        tour.starts_at = utcnow() + dt.timedelta(hours=10)
        session.add(tour)
    outcomes = at_once(race_app, services.send_reminders)
    assert sorted(o for o in outcomes if o != "busy") in ([0, 1], [1])
    with get_database(race_app).engine.connect() as conn:
        reminders = conn.execute(sa.text("SELECT count(*) FROM notifications WHERE kind = 'tour_reminder' "
                                         "AND user_id = (SELECT id FROM users WHERE email = 'teacher@example.com')"))
        assert reminders.scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM tour_bookings WHERE reminded_at IS NOT NULL")).scalar() == 1
