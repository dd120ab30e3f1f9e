"""``seoulmade centres ...``: the support centres' timed steps one at a time (``seoulmade tick`` and the serve and
worker processes run them all when due, see ``market/schedule.py``)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from market.schedule import url_context


def _url_context():
    return url_context(current_app._get_current_object())


@click.group()
def centres():
    """Support centres: mark no-shows, move the waitlist on, send reminders (run each every few minutes)."""


@centres.command("no-shows")
@with_appcontext
def centres_no_shows():
    """Mark every confirmed booking not checked in within its facility's minutes after the start as a no-show."""
    from market.centres.services.bookings import mark_no_shows
    from market.db import session_scope

    with _url_context(), session_scope() as session:
        count = mark_no_shows(session)
    click.echo(f"{count} booking(s) marked as no-shows.")


@centres.command("waitlist")
@with_appcontext
def centres_waitlist():
    """Expire waitlist offers not taken within 30 minutes and offer their slots to the next waiting users."""
    from market.centres.services.waitlist import advance_waitlist
    from market.db import session_scope

    with _url_context(), session_scope() as session:
        count = advance_waitlist(session)
    click.echo(f"{count} waitlist offer(s) made.")


@centres.command("reminders")
@with_appcontext
def centres_reminders():
    """Remind users of their bookings a day and an hour before the start."""
    from market.centres.services.bookings import send_reminders
    from market.db import session_scope

    with _url_context(), session_scope() as session:
        count = send_reminders(session)
    click.echo(f"{count} reminder(s) sent.")
