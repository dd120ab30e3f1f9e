"""The calendar files every feature makes (market.calendar): one event per item in UTC with its revision and
status, PUBLISH for a file to add (also by mail), no method and a name for a subscribed feed."""

from __future__ import annotations

import datetime as dt

import icalendar

from market.calendar import CalendarEvent, ics_file

SEOUL = dt.timezone(dt.timedelta(hours=9))


def test_an_event_keeps_its_uid_and_says_its_revision_and_status():
    start = dt.datetime(2027, 3, 2, 14, 0, tzinfo=SEOUL)
    moved = CalendarEvent("session-7@madeinseoul", start, start + dt.timedelta(hours=3), "봉제 기초 · Sewing basics",
                          location="창신 센터", url="https://example.com/s/7", sequence=2)
    parsed = icalendar.Calendar.from_ical(ics_file([moved], "-//Test//EN"))
    assert str(parsed["method"]) == "PUBLISH"
    (event,) = parsed.walk("VEVENT")
    assert str(event["uid"]) == "session-7@madeinseoul" and event.decoded("sequence") == 2
    assert event.decoded("dtstart") == dt.datetime(2027, 3, 2, 5, 0, tzinfo=dt.UTC)
    assert str(event["summary"]) == "봉제 기초 · Sewing basics" and str(event["location"]) == "창신 센터"
    assert str(event["status"]) == "CONFIRMED" and str(event["url"]) == "https://example.com/s/7"
    cancelled = CalendarEvent("session-7@madeinseoul", start, start + dt.timedelta(hours=3), "x", cancelled=True,
                              sequence=3)
    (event,) = icalendar.Calendar.from_ical(ics_file([cancelled], "-//Test//EN")).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and event.decoded("sequence") == 3


def test_a_feed_has_a_name_and_no_method():
    start = dt.datetime(2027, 3, 2, 5, 0, tzinfo=dt.UTC)
    events = [CalendarEvent(f"b-{i}@madeinseoul", start, start + dt.timedelta(hours=1), f"Booking {i}")
              for i in range(3)]
    parsed = icalendar.Calendar.from_ical(ics_file(events, "-//Test//EN", name="My bookings", method=None))
    assert "method" not in parsed and str(parsed["x-wr-calname"]) == "My bookings"
    assert [str(e["uid"]) for e in parsed.walk("VEVENT")] == [f"b-{i}@madeinseoul" for i in range(3)]
