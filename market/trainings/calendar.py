"""A training session in people's calendars (:mod:`market.calendar`): one event whose revision rises each time
staff move or cancel the session, so a calendar that imported it updates or removes it."""

from __future__ import annotations

from market.calendar import CalendarEvent, ics_file
from market.programmes.labels import text
from market.trainings.models import Course, TrainingSession
from market.trainings.texts import course_texts

PRODID = "-//Made in Seoul//Trainings//EN"


def session_ics(training_session: TrainingSession, course: Course, page_url: str = "") -> bytes:
    """The session as one event (the facility as location), cancelled once staff cancelled it."""
    return ics_file([CalendarEvent(uid=f"training-session-{training_session.id}@madeinseoul",
                                   start=training_session.starts_at, end=training_session.ends_at,
                                   summary=text(course_texts(None, course).title),
                                   location=training_session.facility, url=page_url,
                                   cancelled=training_session.cancelled_at is not None,
                                   sequence=training_session.sequence)], PRODID)
