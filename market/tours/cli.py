"""``seoulmade tours remind``: the school tours' timed step, run by cron every hour."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from market.schedule import url_context


def _url_context(base_url: str | None):
    return url_context(current_app._get_current_object(), base_url)


@click.group()
def tours():
    """School tours: remind teachers and hosts the day before."""


@tours.command("remind")
@click.option("--base-url", envvar="SEOULMADE_BASE_URL", default=None, metavar="URL",
              help="The site's address the mailed links start with (e.g. https://madeinseoul.example); "
                   "defaults to $SEOULMADE_BASE_URL, else http://localhost.")
@with_appcontext
def tours_remind(base_url: str | None):
    """Remind the teacher and the host of every tour starting in the next 24 hours (once per booking)."""
    from market.db import session_scope
    from market.tours.services import send_reminders

    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("give an http:// or https:// address", param_hint="--base-url")
    with _url_context(base_url), session_scope() as session:
        count = send_reminders(session)
    click.echo(f"{count} booking(s) reminded.")
