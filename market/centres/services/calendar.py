"""A booking in people's calendars: an iCalendar (.ics) file made with the ``icalendar`` package, and links that
add it to Google Calendar or Outlook."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from market.calendar import CalendarEvent, ics_file
from market.centres.labels import centre_name, machine_name
from market.centres.models import Booking, Equipment, Facility

PRODID = "-//Made in Seoul//Support centres//EN"


def _title(equipment: Equipment, facility: Facility) -> str:
    return f"{machine_name(equipment)} · {centre_name(facility)}"


def booking_event(booking: Booking, equipment: Equipment, facility: Facility, page_url: str = "") -> CalendarEvent:
    """The booking as a calendar event (the facility as location); a cancelled, rejected or missed booking is
    a cancelled event, one revision on (bookings are not moved: another time is another booking)."""
    cancelled = booking.status in ("cancelled", "rejected", "no_show")
    return CalendarEvent(uid=f"centre-booking-{booking.id}@madeinseoul", start=booking.start_at, end=booking.end_at,
                         summary=_title(equipment, facility),
                         location=f"{facility.name}, {facility.address}".strip(", "), url=page_url,
                         description=page_url, cancelled=cancelled, sequence=1 if cancelled else 0)


def booking_ics(booking: Booking, equipment: Equipment, facility: Facility, page_url: str = "") -> bytes:
    """The booking as an iCalendar file with one event."""
    return ics_file([booking_event(booking, equipment, facility, page_url)], PRODID)


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
    return ics_file([booking_event(*row) for row in rows], PRODID, name=name, method=None)
