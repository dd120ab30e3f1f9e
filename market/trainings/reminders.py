"""Training reminders, the day before: every trainee with a seat in a session starting within 24 hours is told once,
in their language, when (Seoul time) and where, with a link to the course page and to the session's calendar
file (.ics) in that language, the file also attached to the mail. Run by cron through
``seoulmade trainings remind``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.times import format_datetime, utcnow
from market.accounts.models import User
from market.notifications.services import notify, recipient_locale
from market.programmes.labels import text
from market.trainings.models import Course, Enrolment, EnrolmentStatus, TrainingSession
from market.trainings.notices import calendar_attachment
from market.trainings.texts import course_texts

SEOUL = ZoneInfo("Asia/Seoul")
AHEAD = dt.timedelta(hours=24)


def due_reminders(session: Session, now: dt.datetime | None = None) -> list[tuple[Enrolment, TrainingSession]]:
    """Seats (not waitlist places) in sessions starting within the next 24 hours that were not reminded yet."""
    now = now or utcnow()
    return list(session.exec(
        select(Enrolment, TrainingSession).join(TrainingSession, TrainingSession.id == Enrolment.session_id)
        .where(Enrolment.status == EnrolmentStatus.enrolled, Enrolment.reminded_at.is_(None),
               TrainingSession.starts_at > now, TrainingSession.starts_at <= now + AHEAD)
        .order_by(TrainingSession.starts_at, Enrolment.id)).all())


def _claim(session: Session, enrolment_id: int, now: dt.datetime) -> bool:
    # One conditional UPDATE per reminder: two runs at the same moment both try, one wins (the other waits for the
    # row lock, then finds reminded_at set and changes nothing).
    claimed = session.exec(sa.update(Enrolment).where(
        Enrolment.id == enrolment_id, Enrolment.status == EnrolmentStatus.enrolled, Enrolment.reminded_at.is_(None))
        .values(reminded_at=now).execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def send_reminders(session: Session, now: dt.datetime | None = None) -> int:
    """Remind each trainee of their session starting within 24 hours, once (see :func:`_claim`); returns how many
    were reminded. A run that fails before its commit has claimed nothing and mailed nothing (mail leaves after
    the commit), so the next run reminds them."""
    now = now or utcnow()
    reminded = 0
    for enrolment, training_session in due_reminders(session, now):
        if not _claim(session, enrolment.id, now):
            continue
        reminded += 1
        trainee = session.get(User, enrolment.user_id)
        course = session.get(Course, training_session.course_id)
        locale = recipient_locale(trainee)
        with force_locale(locale):
            when = format_datetime(training_session.starts_at.astimezone(SEOUL), "short", rebase=False)
            calendar = url_for("market_trainings.ics", lang=locale, id=training_session.id, _external=True)
            message = _("Reminder: “%(course)s” starts on %(when)s (Seoul time) at %(place)s.\n\nAdd it to your "
                        "calendar: %(calendar)s", course=text(course_texts(session, course).title, locale),
                        when=when, place=training_session.facility, calendar=calendar)
            notify(session, [trainee.id], "training_reminder", message,
                   url_for("market_trainings.course", lang=locale, id=course.id, _external=False),
                   attachments=(calendar_attachment(training_session, course, locale),))
    session.flush()
    return reminded
