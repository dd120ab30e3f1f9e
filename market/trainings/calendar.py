"""A training session in people's calendars: an iCalendar (.ics) file made with the ``icalendar`` package."""

from __future__ import annotations

import datetime as dt

import icalendar

from market.programmes.labels import text
from market.trainings.models import Course, TrainingSession
from market.trainings.texts import course_texts

PRODID = "-//Made in Seoul//Trainings//EN"


def session_ics(training_session: TrainingSession, course: Course, page_url: str = "") -> bytes:
    """The session as one event (UTC times, the facility as location)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")  # an event to add, not an invitation to answer (also as a mail part)
    event = icalendar.Event()
    event.add("uid", f"training-session-{training_session.id}@madeinseoul")
    event.add("dtstamp", training_session.created_at.astimezone(dt.UTC))
    event.add("dtstart", training_session.starts_at.astimezone(dt.UTC))
    event.add("dtend", training_session.ends_at.astimezone(dt.UTC))
    event.add("summary", text(course_texts(None, course).title))
    event.add("location", training_session.facility)
    if page_url:
        event.add("url", page_url)
    calendar.add_component(event)
    return calendar.to_ical()
