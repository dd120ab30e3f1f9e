"""``seoulmade trainings remind``: the trainings' timed step, run by cron every hour. Idempotent: a second run (or
two at once) sends nothing more."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from market.schedule import url_context

BASE_URL = click.option("--base-url", envvar="SEOULMADE_BASE_URL", default=None, metavar="URL",
                        help="The site's address the mailed links start with (e.g. https://madeinseoul.example); "
                             "defaults to $SEOULMADE_BASE_URL, else http://localhost.")


def _url_context(base_url: str | None):
    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("give an http:// or https:// address", param_hint="--base-url")
    return url_context(current_app._get_current_object(), base_url)


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
