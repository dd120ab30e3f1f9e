"""Opening hours in Seoul time and Korean public holidays (the ``holidays`` package): whether a facility is open
over a period, and how many minutes it is open on a day (the "available hours" of the reports).

Pure functions over a facility's ``opening_hours`` (weekday "0" = Monday → ``["09:00", "18:00"]``) and
``closed_on_holidays``; times in and out are aware datetimes.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import holidays

SEOUL = ZoneInfo("Asia/Seoul")


@functools.lru_cache(maxsize=32)
def _korean_holidays(year: int) -> holidays.HolidayBase:
    import holidays  # where used: every process start would pay for its country registry otherwise

    return holidays.country_holidays("KR", years=year)


def holiday_name(day: dt.date) -> str | None:
    """The Korean public holiday on ``day`` (its Korean name, e.g. 설날), or None."""
    return _korean_holidays(day.year).get(day)


def _parse(text: str) -> dt.time:
    hours, minutes = text.split(":")
    if int(hours) == 24:
        return dt.time(23, 59, 59)
    return dt.time(int(hours), int(minutes))


def window(facility, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """When the facility is open on the Seoul date ``day`` (aware UTC datetimes), or None when closed."""
    if facility.closed_on_holidays and holiday_name(day):
        return None
    hours = (facility.opening_hours or {}).get(str(day.weekday()))
    if not hours:
        return None
    start = dt.datetime.combine(day, _parse(hours[0]), SEOUL)
    end = dt.datetime.combine(day, _parse(hours[1]), SEOUL)
    if end <= start:
        return None
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def closed_reason(facility, start: dt.datetime, end: dt.datetime) -> str | None:
    """Why ``facility`` is not open over the whole of [start, end): ``holiday``, ``closed`` (that day or outside
    its hours), or None when it is open throughout. A period must lie within one Seoul day."""
    day = start.astimezone(SEOUL).date()
    if facility.closed_on_holidays and holiday_name(day):
        return "holiday"
    opening = window(facility, day)
    if opening is None or start < opening[0] or end > opening[1]:
        return "closed"
    return None


def open_minutes(facility, first: dt.date, last: dt.date) -> int:
    """Minutes the facility is open from Seoul date ``first`` to ``last`` (both included)."""
    total = 0
    day = first
    while day <= last:
        opening = window(facility, day)
        if opening is not None:
            total += int((opening[1] - opening[0]).total_seconds() // 60)
        day += dt.timedelta(days=1)
    return total


def is_offpeak(moment: dt.datetime) -> bool:
    """Off-peak time: weekday evenings from 18:00, nights before 09:00, weekends and public holidays."""
    local = moment.astimezone(SEOUL)
    if local.weekday() >= 5 or holiday_name(local.date()):
        return True
    return not (9 <= local.hour < 18)
