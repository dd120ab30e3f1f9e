"""``seoulmade payments ...``: reconcile with Stripe, and record a bank transfer from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group()
def payments():
    """Payments: reconcile with Stripe, record bank transfers."""


def _url_context():
    from market.schedule import url_context

    return url_context(current_app._get_current_object())


@payments.command("reconcile")
@click.option("--days", default=3, show_default=True, type=click.IntRange(1, 365),
              help="How far back to fetch PaymentIntents (open card payments are always checked).")
@with_appcontext
def payments_reconcile(days: int):
    """Fetch recent PaymentIntents from Stripe and repair what a lost webhook missed."""
    import datetime as dt

    from market.db import session_scope, utcnow
    from market.payments.providers import get_providers
    from market.payments.services import reconcile

    if get_providers().stripe is None:
        click.echo("Stripe is not configured (STRIPE_SECRET_KEY): nothing to reconcile.")
        return
    with _url_context(), session_scope() as session:
        report = reconcile(session, since=utcnow() - dt.timedelta(days=days))
    click.echo(f"Checked {report.checked} payment(s): {len(report.applied)} payment(s) applied"
               f"{' (' + ', '.join(map(str, report.applied)) + ')' if report.applied else ''}, "
               f"{report.refunds_added} refund(s) recorded.")
    for error in report.errors:
        click.echo(f"Error: {error}", err=True)
    if report.errors:
        sys.exit(1)


@payments.command("mark-received")
@click.argument("reference")
@click.option("--by", "staff_email", required=True, help="Email of the staff member recording it.")
@click.option("--note", default=None, help="For example the bank's transaction reference.")
@with_appcontext
def payments_mark_received(reference: str, staff_email: str, note: str | None):
    """Record that the bank transfer for invoice REFERENCE (MIS-000123) arrived."""
    from sqlmodel import select

    from market.accounts.models import User
    from market.db import session_scope
    from market.payments.models import Payment
    from market.payments.services import PaymentError, mark_received

    try:
        with _url_context(), session_scope() as session:
            staff = session.exec(select(User).where(User.email == staff_email.strip().lower())).first()
            payment = session.exec(select(Payment).where(Payment.reference == reference.strip().upper())).first()
            if staff is None or payment is None:
                raise PaymentError("No such staff member or payment reference.", code="not_found", status=404)
            mark_received(session, staff, payment.id, None, note)
            line = f"{payment.reference} is paid ({payment.amount_minor} {payment.currency} minor units)."
    except PaymentError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        sys.exit(1)
    click.echo(line)
