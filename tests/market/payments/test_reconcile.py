"""Reconciliation: a payment made at Stripe whose webhook was lost is applied by `seoulmade payments reconcile`,
refunds made at Stripe are recorded, and running it again changes nothing."""

from click.testing import CliRunner
from flask.cli import ScriptInfo
from sqlmodel import func, select

from market.cli import cli
from market.orders.models import WholesaleOrder
from market.payments import ledger, services
from market.payments.models import LedgerTransaction, Refund
from tests.factories.payments import stripe_client
from tests.market.payments.webhook_helpers import pay_at_stripe


def _run(app, *args):
    """The CLI on the test app (and so on the test's own transaction)."""
    return CliRunner().invoke(cli, list(args), obj=ScriptInfo(create_app=lambda: app), catch_exceptions=False)


def test_reconcile_applies_a_payment_whose_webhook_was_lost(app, db_session, stripe_on, buyer, order):
    """The payer paid on their device and the webhook never came: reconcile finds the intent succeeded."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    pay_at_stripe(stripe_on, payment.provider_ref)  # the webhook is delivered to the inbox, never to us
    assert db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"
    result = _run(app, "payments", "reconcile", "--days", "1")
    assert result.exit_code == 0, result.output
    assert f"1 payment(s) applied ({payment.id})" in result.output
    db_session.refresh(payment)
    assert payment.status == "paid" and db_session.get(WholesaleOrder, order.id).status == "paid"
    again = services.reconcile(db_session)
    assert again.applied == [] and again.errors == []
    assert db_session.exec(select(func.count()).select_from(LedgerTransaction)).one() == 1


def test_reconcile_records_refunds_made_at_stripe(db_session, stripe_on, buyer, order):
    """A refund made in Stripe's dashboard is recorded once, with the ledger following."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.confirm_card(db_session, buyer.user, payment.id, "pm_card_visa")
    refund = stripe_client(stripe_on).v1.refunds.create(params={"payment_intent": payment.provider_ref,
                                                                "amount": 960_000})
    report = services.reconcile(db_session)
    assert report.refunds_added == 1 and report.errors == []
    (row,) = db_session.exec(select(Refund)).all()
    assert (row.provider_ref, row.amount_minor, row.source) == (refund.id, 960_000, "provider")
    assert payment.status == "refunded" and db_session.get(WholesaleOrder, order.id).status == "cancelled"
    assert services.reconcile(db_session).refunds_added == 0
    assert ledger.unbalanced_transactions(db_session) == []


def test_reconcile_without_stripe_does_nothing(app):
    """With the manual provider there is nothing to fetch."""
    result = _run(app, "payments", "reconcile")
    assert result.exit_code == 0 and "nothing to reconcile" in result.output


def test_mark_received_from_the_command_line(app, db_session, buyer, staff, order):
    """`seoulmade payments mark-received MIS-... --by staff` pays the order; a wrong reference fails."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    result = _run(app, "payments", "mark-received", payment.reference, "--by", staff[1].email, "--note", "KEB 1")
    assert result.exit_code == 0 and f"{payment.reference} is paid" in result.output
    assert db_session.get(WholesaleOrder, order.id).status == "paid"
    assert _run(app, "payments", "mark-received", "MIS-999999", "--by", staff[1].email).exit_code == 1
