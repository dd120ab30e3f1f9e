"""Time in UTC: the clock every table uses and the column type that keeps stored times timezone-aware.

It sits in the lowest layer because translatable content and exchange rates (this package) store times too.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa


def utcnow() -> dt.datetime:
    """Return the current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timestamp stored as naive UTC and always read back as an aware UTC datetime.

    SQLite has no time zones, so both backends store naive UTC; refusing naive input keeps local times out.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC)


def format_datetime(value: dt.datetime | None = None, format: str | None = None, rebase: bool = True) -> str:
    """A date and time in the page's locale (Flask-Babel's format), with the day period in words where the
    locale's short form is Latin "AM"/"PM" but its full form is not: Korean reads 오전/오후."""
    from flask_babel import format_datetime as babel_format_datetime

    return _day_period_in_words(babel_format_datetime(value, format, rebase))


def format_time(value: dt.datetime | dt.time | None = None, format: str | None = None, rebase: bool = True) -> str:
    """A time in the page's locale, with the day period in words like :func:`format_datetime`."""
    from flask_babel import format_time as babel_format_time

    return _day_period_in_words(babel_format_time(value, format, rebase))


def _day_period_in_words(text: str) -> str:
    from flask_babel import get_locale

    periods = get_locale().day_periods.get("format", {})
    short, wide = periods.get("abbreviated", {}), periods.get("wide", {})
    for period in ("am", "pm"):
        if short.get(period) and wide.get(period) and short[period] != wide[period] and short[period].isascii():
            text = text.replace(short[period], wide[period])
    return text
