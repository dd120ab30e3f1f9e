"""``seoulmade trainings remind``: the trainings' timed step, run by cron every hour. Idempotent: a second run (or
two at once) sends nothing more."""

from __future__ import annotations

import contextlib

import click
from flask import current_app
from flask.cli import with_appcontext

BASE_URL = click.option("--base-url", envvar="SEOULMADE_BASE_URL", default=None, metavar="URL",
                        help="The site's address the mailed links start with (e.g. https://madeinseoul.example); "
                             "defaults to $SEOULMADE_BASE_URL, else http://localhost.")


@contextlib.contextmanager
def _url_context(base_url: str | None):
    # Mailed links are made with url_for, which outside a request needs SERVER_NAME or a request context whose
    # base URL is the one the links start with.
    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("give an http:// or https:// address", param_hint="--base-url")
    if current_app.config.get("SERVER_NAME") and not base_url:
        yield
        return
    with current_app.test_request_context("/", base_url=base_url.rstrip("/") if base_url else None):
        yield


@click.group()
def trainings():
    """Trainings: remind trainees the day before their session."""


@trainings.command("remind")
@BASE_URL
@with_appcontext
def trainings_remind(base_url: str | None):
    """Remind every trainee whose session starts in the next 24 hours (once per enrolment)."""
    from market.db import session_scope
    from market.trainings.reminders import send_reminders

    with _url_context(base_url), session_scope() as session:
        count = send_reminders(session)
    click.echo(f"{count} trainee(s) reminded.")
