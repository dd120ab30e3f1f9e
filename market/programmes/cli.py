"""``seoulmade programmes tick``: the programmes' timed step, run by cron every hour (idempotent). Pages, the API
and applying read the status from the dates themselves; this stores it for whoever reads the column."""

from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group()
def programmes():
    """Support programmes: keep their stored status in step with their windows."""


@programmes.command("tick")
@with_appcontext
def programmes_tick():
    """Store each programme's status as its dates give it (upcoming, open, closed)."""
    from market.db import session_scope
    from market.programmes.services.editing import sync_statuses

    with session_scope() as session:
        count = sync_statuses(session)
    click.echo(f"{count} programme(s) changed status.")
