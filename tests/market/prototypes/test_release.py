"""A milestone's money is collected before work starts, held in the ledger, and released to the maker only when
the startup approves the delivery — once."""

from __future__ import annotations

import pytest

from market.payments import ledger
from market.payments import services as payments
from market.payments.models import LedgerAccount
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from tests.factories.prototypes import fund, milestones_of


def _owed(session, org_id) -> int:
    return sum(payments.payee_balances(session, org_id).get(org_id, {}).values())


def test_money_is_held_until_approval_then_released_once(db_session, startup, maker, commission):
    first = milestones_of(db_session, commission)[0]
    payment_id = fund(db_session, first)
    payment = db_session.get(payments.Payment, payment_id)
    net = payment.amount_minor - payment.amount_minor * payment.commission_bps // 10_000
    assert ledger.held_balance(db_session, payment)[0] == net
    assert _owed(db_session, maker.org.id) == 0, "nothing is owed to the maker before approval"

    deliver_milestone(db_session, maker.user, first.id, "First article attached.")
    approve_milestone(db_session, startup.user, first.id, "Looks right.")
    db_session.commit()
    assert ledger.held_balance(db_session, payment) == (0, 0)
    assert _owed(db_session, maker.org.id) == net
    assert first.released_at is not None
    assert not ledger.unbalanced_transactions(db_session)

    with pytest.raises(payments.PaymentError) as again:
        payments.release_to_payee(db_session, kind="milestone", payable_id=first.id)
    assert again.value.status == 409
    assert _owed(db_session, maker.org.id) == net


def test_release_needs_a_payment(db_session, commission):
    first = milestones_of(db_session, commission)[0]
    with pytest.raises(payments.PaymentError) as refused:
        payments.release_to_payee(db_session, kind="milestone", payable_id=first.id)
    assert refused.value.status == 409


def test_refund_of_held_money_comes_out_of_what_is_held(db_session, startup, maker, commission, make_user):
    first = milestones_of(db_session, commission)[0]
    payment_id = fund(db_session, first)
    staff = make_user(role="admin")
    payment = db_session.get(payments.Payment, payment_id)
    payments.refund(db_session, staff, payment_id, payment.amount_minor, "Commission cancelled")
    db_session.commit()
    assert ledger.held_balance(db_session, payment) == (0, 0)
    assert _owed(db_session, maker.org.id) == 0
    held = [b for b in payments.balances(db_session, maker.org.id) if b.account == LedgerAccount.held]
    assert all(b.amount_minor == 0 for b in held)
