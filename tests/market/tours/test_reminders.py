"""Tour reminders, as cron runs them: each booking of a tour in the next 24 hours is reminded once, the teacher and
the host's members each by mail in their own language with the tour's time and a link to the tour page in that
language; tours further away, cancelled bookings and tours already reminded are left alone."""

from __future__ import annotations

import datetime as dt
import logging

from sqlmodel import select

from market.db import utcnow
from market.notifications.models import Notification
from market.tours import services
from tests.factories.people import make_tour


def _speaking(db_session, user, locale):
    user.locale = locale
    db_session.add(user)
    db_session.commit()
    return user


def _tomorrow(db_session, tour, hours=20):
    tour.starts_at = utcnow() + dt.timedelta(hours=hours)
    db_session.add(tour)
    db_session.commit()


def test_each_recipient_is_mailed_in_their_language_with_a_link_to_the_tour(app, db_session, make_user, make_org,
                                                                           caplog):
    """A Japanese teacher gets the reminder in Japanese with the Seoul time and the tour's Japanese page; the
    Korean host gets it in Korean with the school and the class size."""
    host = _speaking(db_session, make_user(), "ko")
    org = make_org(host, name="Seongsu Shoe Studio", cluster_code="seongsu")
    tour = make_tour(db_session, host, org)
    _tomorrow(db_session, tour)
    teacher = _speaking(db_session, make_user(name="Tanaka Sensei"), "ja")
    services.book(db_session, teacher, tour.id, school="Tokyo Craft High School", group_size=12)
    db_session.commit()
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        assert services.send_reminders(db_session) == 1
        db_session.commit()
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    to_teacher = [m for m in mails if f"to={teacher.email}" in m][-1]
    to_host = [m for m in mails if f"to={host.email}" in m][-1]
    seoul = tour.starts_at.astimezone(services.SEOUL)
    assert "Seongsu Shoe Studio" in to_teacher and "リマインダー" in to_teacher
    assert f"{seoul.hour}:{seoul.minute:02d}" in to_teacher
    assert f"http://localhost/ja/tours/{tour.id}" in to_teacher
    assert "Tokyo Craft High School" in to_host and "알림" in to_host
    assert f"http://localhost/ko/tours/{tour.id}" in to_host
    notes = list(db_session.exec(select(Notification).where(Notification.kind == "tour_reminder")))
    assert sorted(n.user_id for n in notes) == sorted([teacher.id, host.id])


def test_a_booking_is_reminded_once_and_only_when_its_tour_is_near(app, db_session, make_user, make_org):
    """Running the reminders again sends nothing; a tour in three days and a cancelled booking are not reminded
    now; the far tour is reminded once it comes within 24 hours."""
    host = make_user()
    org = make_org(host)
    near, far, dropped = (make_tour(db_session, host, org) for _ in range(3))
    _tomorrow(db_session, near)
    _tomorrow(db_session, dropped, hours=5)
    far.starts_at = utcnow() + dt.timedelta(days=3)
    db_session.add(far)
    teacher = make_user()
    services.book(db_session, teacher, near.id, school="Near School", group_size=3)
    far_booking = services.book(db_session, teacher, far.id, school="Far School", group_size=3)
    cancelled = services.book(db_session, teacher, dropped.id, school="Dropped School", group_size=3)
    services.cancel_booking(db_session, teacher, cancelled.id)
    db_session.commit()
    assert services.send_reminders(db_session) == 1
    db_session.commit()
    assert services.send_reminders(db_session) == 0
    assert services.send_reminders(db_session, now=far.starts_at - dt.timedelta(hours=23)) == 1
    db_session.refresh(far_booking)
    assert far_booking.reminded_at is not None
    messages = [n.message for n in db_session.exec(select(Notification).where(
        Notification.user_id == teacher.id, Notification.kind == "tour_reminder"))]
    assert len(messages) == 2 and not any("Dropped" in m for m in messages)


def test_the_command_links_to_the_sites_address(app, db_session, make_user, make_org, caplog):
    """``seoulmade tours remind --base-url https://…`` mails links that start with the site's address."""
    from market.tours.cli import tours

    host = make_user()
    tour = make_tour(db_session, host, make_org(host))
    _tomorrow(db_session, tour)
    teacher = _speaking(db_session, make_user(), "vi")
    services.book(db_session, teacher, tour.id, school="S", group_size=4)
    db_session.commit()
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        result = app.test_cli_runner().invoke(tours, ["remind", "--base-url", "https://madeinseoul.example/"])
        db_session.commit()  # the command's session is the test's: its commit sends the mail
    assert "1 booking(s) reminded." in result.output
    mailed = [r.getMessage() for r in caplog.records if f"to={teacher.email}" in r.getMessage()]
    assert mailed and f"https://madeinseoul.example/vi/tours/{tour.id}" in mailed[-1]
