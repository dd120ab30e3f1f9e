"""Cancelling a running commission: either side, with a reason; approved work stays paid, money held for work
not delivered goes back to the startup, unfunded milestones are cancelled, the request is cancelled and the
other side told; a delivered milestone waiting for a decision stops it; nothing moves twice."""

from __future__ import annotations

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.payments import ledger
from market.payments import services as payments
from market.payments.models import Refund
from market.prototypes.models import PrototypeRequest
from market.prototypes.services.base import PrototypeError
from market.prototypes.services.cancellation import cancel_commission
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from tests.factories.prototypes import fund, milestones_of
from tests.helpers import csrf_token


def test_cancel_after_the_first_milestone_refunds_what_is_held(db_session, startup, maker, commission):
    """Milestone 1 approved (paid to the maker), milestone 2 funded (refunded in full), milestone 3 unfunded
    (cancelled): the maker keeps 1's share, the startup gets 2's money back, nothing stays held."""
    first, second, third = milestones_of(db_session, commission)
    fund(db_session, first)
    deliver_milestone(db_session, maker.user, first.id, "Design review notes.")
    approve_milestone(db_session, startup.user, first.id, "Good.")
    second_payment = fund(db_session, second)
    cancel_commission(db_session, startup.user, commission.id, "Our investor pulled out; we stop here.")
    db_session.commit()
    assert commission.status == "cancelled"
    assert [m.status for m in milestones_of(db_session, commission)] == ["approved", "cancelled", "cancelled"]
    refund = db_session.exec(select(Refund).where(Refund.payment_id == second_payment)).one()
    assert refund.amount_minor == 400_000
    assert payments.payee_balances(db_session, maker.org.id)[maker.org.id]["KRW"] == 180_000  # 200,000 less 10%
    paid = db_session.get(payments.Payment, second_payment)
    assert ledger.held_balance(db_session, paid) == (0, 0) and paid.status == "refunded"
    assert ledger.unbalanced_transactions(db_session) == []
    assert db_session.get(PrototypeRequest, commission.request_id).status == "cancelled"
    told = db_session.exec(select(Notification).where(Notification.user_id == maker.user.id,
                                                      Notification.kind == "prototype_cancelled")).one()
    assert f"/commissions/{commission.id}" in told.url
    with pytest.raises(PrototypeError) as twice:
        cancel_commission(db_session, maker.user, commission.id, "Again")
    assert twice.value.status == 409


def test_a_delivered_milestone_must_be_decided_first(db_session, startup, maker, commission):
    """While milestone 1 is delivered and waits for the startup, neither side can cancel; nothing changes."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    deliver_milestone(db_session, maker.user, first.id, "Here it is.")
    with pytest.raises(PrototypeError) as refused:
        cancel_commission(db_session, maker.user, commission.id, "We are overbooked.")
    assert refused.value.status == 409 and refused.value.code == "delivered_pending"
    assert commission.status == "active" and first.status == "delivered"


def test_a_reason_is_required_and_outsiders_are_refused(db_session, startup, commission, other_maker):
    """No reason: 422 on the reason field; someone of neither side: 404."""
    with pytest.raises(PrototypeError) as refused:
        cancel_commission(db_session, startup.user, commission.id, "  ")
    assert refused.value.field == "reason"
    with pytest.raises(PrototypeError) as outsider:
        cancel_commission(db_session, other_maker.user, commission.id, "No")
    assert outsider.value.status == 404
    assert commission.status == "active"


def test_the_maker_cancels_from_the_page(db_session, startup, maker, commission):
    """The page offers cancellation with a confirmation; an empty reason re-renders with the field marked; a
    reason cancels it and the timeline shows why."""
    url = f"/en/prototypes/commissions/{commission.id}"
    page = maker.client.get(url).get_data(as_text=True)
    assert 'id="cancel-form"' in page and "data-confirm" in page
    token = csrf_token(maker.client, url)
    refused = maker.client.post(f"{url}/cancel", data={"csrf_token": token, "cancel-reason": ""})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    done = maker.client.post(f"{url}/cancel", data={"csrf_token": token, "cancel-reason": "Machine broke down."})
    assert done.status_code == 302
    after = startup.client.get(url).get_data(as_text=True)
    assert "Commission cancelled" in after and "Machine broke down." in after and 'id="cancel-form"' not in after
