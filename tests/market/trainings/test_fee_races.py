"""Races on training fees, for real (threads with sessions of their own on a freshly migrated database,
committing as production does): two staff recording the same bank transfer at once apply the fee once (one
ledger transaction, one confirmation); two trainees taking the last paid seat at once get it once; two staff
cancelling a paid session at once refund it once."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from i18n.times import utcnow
from market.payments.services import PaymentError
from market.refusals import Refusal
from tests.conftest import TEST_BANK
from tests.helpers import at_once


@pytest.fixture
def fee_app(backend, fresh_database_url):
    """An app with the platform's bank account (invoices need it) on an empty migrated database of its own."""
    from market.app import create_app
    from market.db import get_database
    from market.migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url, "SERVER_NAME": "localhost",
                      **TEST_BANK})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    yield app
    engine.dispose()


def _world(app, capacity=1, enrol=True):
    """A course with a session (120,000 won) starting in a week, an admin and trainees; the first trainee holds a
    seat with an invoice issued. Returns a dict of ids."""
    from market.accounts.models import User, UserRole
    from market.db import session_scope
    from market.payments import services as payments
    from market.trainings import services
    from market.trainings.models import Course, TrainingSession

    ids = {}
    with app.app_context(), app.test_request_context("/"), session_scope(app) as session:
        course = Course(code="RACE-FEE", title={"en": "Overlock basics"}, trade="sewing", hours=8)
        session.add(course)
        session.flush()
        start = utcnow() + dt.timedelta(days=7)
        row = TrainingSession(course_id=course.id, starts_at=start, ends_at=start + dt.timedelta(hours=8),
                              facility="Changsin centre", capacity=capacity, fee_krw=120_000)
        session.add(row)
        people = []
        for i, role in enumerate(("admin", "programme_staff", "member", "member", "member")):
            user = User(email=f"race{i}@example.com", display_name=f"Person {i}", password_hash="x",
                        session_nonce=f"n{i}", role=UserRole(role))
            session.add(user)
            people.append(user)
        session.flush()
        ids.update(session=row.id, admin=people[0].id, staff=people[1].id, trainees=[p.id for p in people[2:]])
        if enrol:
            enrolment = services.enrol(session, row.id, people[2])
            payment = payments.start_payment(session, people[2], "training_enrolment", enrolment.id)
            ids.update(enrolment=enrolment.id, payment=payment.id)
    return ids


def _scalar(app, sql, **params):
    from market.db import get_database

    with get_database(app).engine.connect() as conn:
        return conn.execute(sa.text(sql), params).scalar()


def test_two_staff_recording_the_same_transfer_at_once_apply_the_fee_once(fee_app):
    from market.accounts.models import User
    from market.payments import services as payments

    ids = _world(fee_app)

    def record(session):
        try:
            payments.mark_received(session, session.get(User, ids["admin"]), ids["payment"], None, "Woori")
            return "applied"
        except PaymentError as exc:
            return exc.code

    outcomes = at_once(fee_app, record)
    assert outcomes.count("applied") == 1, outcomes
    assert _scalar(fee_app, "SELECT count(*) FROM ledger_transactions WHERE payment_id = :p AND kind = 'payment'",
                   p=ids["payment"]) == 1
    assert _scalar(fee_app, "SELECT status FROM training_enrolments WHERE id = :e", e=ids["enrolment"]) == "enrolled"
    assert _scalar(fee_app, "SELECT count(*) FROM notifications WHERE kind = 'training_enrolment' AND user_id = :u "
                            "AND url LIKE '%/trainings/mine'", u=ids["trainees"][0]) == 1


def test_two_trainees_taking_the_last_paid_seat_at_once_get_it_once(fee_app):
    from market.accounts.models import User
    from market.trainings import services

    ids = _world(fee_app, capacity=1, enrol=False)
    order = iter(ids["trainees"][:2])
    lock = __import__("threading").Lock()

    def take(session):
        with lock:
            user_id = next(order)
        try:
            return services.enrol(session, ids["session"], session.get(User, user_id)).status
        except Refusal as exc:
            return exc.code

    outcomes = at_once(fee_app, take)
    assert sorted(o for o in outcomes if o != "busy").count("awaiting_payment") == 1, outcomes
    assert _scalar(fee_app, "SELECT count(*) FROM training_enrolments WHERE session_id = :s AND status = "
                            "'awaiting_payment'", s=ids["session"]) == 1


def test_two_staff_cancelling_a_paid_session_at_once_refund_it_once(fee_app):
    from market.accounts.models import User
    from market.db import session_scope
    from market.payments import services as payments
    from market.trainings.staffing import cancel_session

    ids = _world(fee_app)
    with fee_app.app_context(), fee_app.test_request_context("/"), session_scope(fee_app) as session:
        payments.mark_received(session, session.get(User, ids["admin"]), ids["payment"], None, "Woori")

    def cancel(session):
        try:
            cancel_session(session, session.get(User, ids["staff"]), ids["session"], "The trainer is ill.")
            return "cancelled"
        except Refusal as exc:
            return exc.code

    outcomes = at_once(fee_app, cancel)
    assert outcomes.count("cancelled") == 1, outcomes
    assert _scalar(fee_app, "SELECT count(*) FROM refunds WHERE payment_id = :p", p=ids["payment"]) == 1
    assert _scalar(fee_app, "SELECT status FROM payments WHERE id = :p", p=ids["payment"]) == "refunded"
    assert _scalar(fee_app, "SELECT count(*) FROM notifications WHERE kind = 'training_cancelled'") == 1


def test_two_hold_releases_at_once_release_a_seat_once(fee_app):
    from market.trainings import fees

    ids = _world(fee_app)
    later = utcnow() + dt.timedelta(days=4)
    def release(session):
        try:
            return fees.release_expired_holds(session, now=later)
        except Refusal:  # SQLite: the other run holds the write lock on the payment (the next run retries)
            return "busy"

    outcomes = at_once(fee_app, release)
    assert sorted(o for o in outcomes if o != "busy") in ([0, 1], [1]), outcomes
    assert _scalar(fee_app, "SELECT status FROM training_enrolments WHERE id = :e", e=ids["enrolment"]) == "cancelled"
    assert _scalar(fee_app, "SELECT status FROM payments WHERE id = :p", p=ids["payment"]) == "canceled"
    assert _scalar(fee_app, "SELECT count(*) FROM notifications WHERE kind = 'training_released'") == 1
