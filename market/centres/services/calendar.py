"""A booking in people's calendars: an iCalendar (.ics) file made with the ``icalendar`` package, and links that
add it to Google Calendar or Outlook."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import icalendar

from market.centres.labels import centre_name, machine_name
from market.centres.models import Booking, Equipment, Facility

PRODID = "-//Made in Seoul//Support centres//EN"


def _title(equipment: Equipment, facility: Facility) -> str:
    return f"{machine_name(equipment)} · {centre_name(facility)}"


def booking_ics(booking: Booking, equipment: Equipment, facility: Facility, page_url: str = "") -> bytes:
    """The booking as an iCalendar file with one event (times in UTC, the facility as location)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"centre-booking-{booking.id}@madeinseoul")
    event.add("dtstamp", booking.created_at.astimezone(dt.UTC))
    event.add("dtstart", booking.start_at.astimezone(dt.UTC))
    event.add("dtend", booking.end_at.astimezone(dt.UTC))
    event.add("summary", _title(equipment, facility))
    event.add("location", f"{facility.name}, {facility.address}".strip(", "))
    if page_url:
        event.add("url", page_url)
        event.add("description", page_url)
    event.add("status", "CANCELLED" if booking.status in ("cancelled", "rejected", "no_show") else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def google_link(booking: Booking, equipment: Equipment, facility: Facility) -> str:
    """A link that opens Google Calendar with the booking filled in."""
    return "https://calendar.google.com/calendar/render?" + urlencode({
        "action": "TEMPLATE", "text": _title(equipment, facility),
        "dates": f"{_stamp(booking.start_at)}/{_stamp(booking.end_at)}", "location": facility.address or facility.name})


def outlook_link(booking: Booking, equipment: Equipment, facility: Facility) -> str:
    """A link that opens Outlook's calendar with the booking filled in."""
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode({
        "path": "/calendar/action/compose", "rru": "addevent", "subject": _title(equipment, facility),
        "startdt": booking.start_at.astimezone(dt.UTC).isoformat(), "enddt": booking.end_at.astimezone(dt.UTC).isoformat(),
        "location": facility.address or facility.name})


def feed_ics(rows: list[tuple[Booking, Equipment, Facility]], name: str) -> bytes:
    """A calendar of bookings (the private webcal feed): one event per booking, cancelled ones marked so."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for booking, equipment, facility in rows:
        single = icalendar.Calendar.from_ical(booking_ics(booking, equipment, facility))
        for event in single.walk("VEVENT"):
            calendar.add_component(event)
    return calendar.to_ical()
