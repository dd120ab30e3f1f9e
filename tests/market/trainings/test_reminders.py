"""Training reminders, as cron runs them: a trainee with a seat in a session starting within 24 hours is mailed
once, in their language, with the Seoul time, the place, the course page and the session's .ics in that
language; waitlisted trainees and sessions further away are left alone; a second run (or two runs at once)
sends nothing more; the command runs from the CLI."""

from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from sqlmodel import select

from i18n.times import utcnow
from market.notifications.models import Notification
from market.trainings import reminders, services
from tests.factories.programmes import add_course
from tests.helpers import at_once


def _starts_in(db_session, row, hours):
    row.starts_at = utcnow() + dt.timedelta(hours=hours)
    row.ends_at = row.starts_at + dt.timedelta(hours=8)
    db_session.add(row)
    db_session.commit()


def test_a_trainee_is_reminded_once_in_their_language(app, db_session, make_user, caplog):
    course, row = add_course(db_session, capacity=1)
    trainee = make_user(name="Tran Thi Mai")
    trainee.locale = "vi"
    db_session.add(trainee)
    waiting = make_user()
    services.enrol(db_session, row.id, trainee)
    services.enrol(db_session, row.id, waiting, waitlist=True)
    _far, far_row = add_course(db_session, capacity=3, meetings=4)
    services.enrol(db_session, far_row.id, make_user())
    db_session.commit()
    _starts_in(db_session, row, 20)
    _starts_in(db_session, far_row, 72)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"), app.test_request_context("/"):
        assert reminders.send_reminders(db_session) == 1
        db_session.commit()
        assert reminders.send_reminders(db_session) == 0
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail" and "Nhắc" in r.getMessage()]
    assert len(mails) == 1 and f"to={trainee.email}" in mails[0]
    seoul = row.starts_at.astimezone(reminders.SEOUL)
    assert f"{seoul.hour}:{seoul.minute:02d}" in mails[0] and "Changsin centre" in mails[0]
    assert f"http://localhost/vi/trainings/sessions/{row.id}.ics" in mails[0]
    assert f"[attachment training-{row.id}.ics text/calendar" in mails[0]
    assert f"http://localhost/vi/trainings/courses/{course.id}" in mails[0]
    notes = list(db_session.exec(select(Notification).where(Notification.kind == "training_reminder")))
    assert [n.user_id for n in notes] == [trainee.id]
    # The far session is reminded once it comes within a day.
    with app.test_request_context("/"):
        assert reminders.send_reminders(db_session, now=far_row.starts_at - dt.timedelta(hours=2)) == 1


def test_the_cli_step(app, db_session, make_user):
    _course, row = add_course(db_session)
    services.enrol(db_session, row.id, make_user())
    db_session.commit()
    _starts_in(db_session, row, 5)
    from market.cli import cli

    runner = app.test_cli_runner()
    result = runner.invoke(cli, ["trainings", "remind", "--base-url", "https://madeinseoul.example"])
    assert result.exit_code == 0, result.output
    assert "1 trainee(s) reminded." in result.output
    assert "0 trainee(s) reminded." in runner.invoke(cli, ["trainings", "remind"]).output
    bad = runner.invoke(cli, ["trainings", "remind", "--base-url", "ftp://x"])
    assert bad.exit_code != 0
    assert "programme(s) changed status." in runner.invoke(cli, ["programmes", "tick"]).output


def test_two_reminder_runs_at_once_remind_each_trainee_once(race_app):
    """Cron starts ``trainings remind`` twice at the same moment: the trainee gets one reminder."""
    from market.accounts.services import register_user
    from market.db import get_database, session_scope
    from market.trainings.models import Course, TrainingSession

    with race_app.app_context(), session_scope(race_app) as session:
        course = Course(code="RACE-1", title={"en": "Overlock basics"}, trade="sewing", hours=8)
        session.add(course)
        session.flush()
        start = utcnow() + dt.timedelta(hours=10)
        row = TrainingSession(course_id=course.id, starts_at=start, ends_at=start + dt.timedelta(hours=8),
                              facility="Changsin centre", capacity=5)
        session.add(row)
        session.flush()
        trainee = register_user(session, "trainee@example.com", "granite lantern harbour 42", "T")
        with race_app.test_request_context("/"):
            services.enrol(session, row.id, trainee)
    outcomes = at_once(race_app, reminders.send_reminders)
    assert sorted(o for o in outcomes if o != "busy") in ([0, 1], [1])
    with get_database(race_app).engine.connect() as conn:
        sent = conn.execute(sa.text("SELECT count(*) FROM notifications WHERE kind = 'training_reminder'"))
        assert sent.scalar() == 1
        assert conn.execute(sa.text("SELECT count(*) FROM training_enrolments WHERE reminded_at IS NOT NULL")
                            ).scalar() == 1
