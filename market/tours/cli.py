"""``seoulmade tours remind``: the school tours' timed step, run by cron every hour."""

from __future__ import annotations

import contextlib

import click
from flask import current_app
from flask.cli import with_appcontext


@contextlib.contextmanager
def _url_context():
    # Notices carry links made with url_for, which outside a request needs SERVER_NAME or a request context.
    if current_app.config.get("SERVER_NAME"):
        yield
        return
    with current_app.test_request_context("/"):
        yield


@click.group()
def tours():
    """School tours: remind teachers and hosts the day before."""


@tours.command("remind")
@with_appcontext
def tours_remind():
    """Remind the teacher and the host of every tour starting in the next 24 hours (once per booking)."""
    from market.db import session_scope
    from market.tours.services import send_reminders

    with _url_context(), session_scope() as session:
        count = send_reminders(session)
    click.echo(f"{count} booking(s) reminded.")
