"""Bank transfers as they arrive: in parts (the rest stays due and the payer is told), short and written off by
an admin with a reason, or too much (the excess owed back until returned); the ledger balances at every step
and the order is paid exactly once."""

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.orders.models import WholesaleOrder
from market.payments import ledger, services
from market.payments.models import LedgerTransaction, PaymentReceipt
from market.payments.services import PaymentError
from tests.factories.db import count
from tests.helpers import csrf_token


def _balance(session, account, org_id=None):
    rows = ledger.balances(session, account, org_id)
    return sum(r.amount_minor for r in rows)


def test_a_payment_in_two_parts(db_session, buyer, maker, staff, order):
    """600,000 then 360,000 won: after the first the order still awaits payment, the rest is due and the buyer
    is told with a link; the second pays it, and the maker is owed its share of the whole amount."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id, 600_000, "KEB #1")
    assert payment.status == "pending" and db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"
    summary = services.transfer_summary(db_session, payment)
    assert (summary.received, summary.outstanding, summary.excess) == (600_000, 360_000, 0)
    note = db_session.exec(select(Notification).where(Notification.user_id == buyer.user.id,
                                                      Notification.kind == "payment_short")).one()
    assert f"/payments/{payment.id}" in note.url
    assert _balance(db_session, "unapplied") == -600_000 and _balance(db_session, "funds:manual") == 600_000
    page = buyer.client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    assert "still due" in page and "360,000" in page
    services.mark_received(db_session, staff[1], payment.id)  # the rest, by default
    assert payment.status == "paid" and db_session.get(WholesaleOrder, order.id).status == "paid"
    assert services.payee_balances(db_session, order.maker_org_id) == {order.maker_org_id: {"KRW": 864_000}}
    assert _balance(db_session, "unapplied") == 0 and _balance(db_session, "funds:manual") == 960_000
    assert ledger.unbalanced_transactions(db_session) == []
    with pytest.raises(PaymentError) as twice:
        services.mark_received(db_session, staff[1], payment.id, 1)
    assert twice.value.code == "already_paid"


def test_a_short_payment_written_off_by_an_admin(db_session, app, buyer, staff, make_user, order):
    """An admin writes off the 10,000 won the buyer's bank kept, with a reason; a curator cannot, and there must
    be something received first."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    with pytest.raises(PaymentError) as nothing:
        services.write_off_shortfall(db_session, staff[1], payment.id, "bank fee")
    assert nothing.value.code == "nothing_received"
    services.mark_received(db_session, staff[1], payment.id, 950_000)
    curator = make_user(role="curator")
    with pytest.raises(PaymentError) as refused:
        services.write_off_shortfall(db_session, curator, payment.id, "bank fee")
    assert refused.value.status == 403
    with pytest.raises(PaymentError) as no_reason:
        services.write_off_shortfall(db_session, staff[1], payment.id, "  ")
    assert no_reason.value.field == "reason"
    services.write_off_shortfall(db_session, staff[1], payment.id, "The buyer's bank kept a 10,000 won fee.")
    assert payment.status == "paid" and db_session.get(WholesaleOrder, order.id).status == "paid"
    assert _balance(db_session, "write_off") == 10_000 and _balance(db_session, "unapplied") == 0
    assert services.payee_balances(db_session, order.maker_org_id)[order.maker_org_id]["KRW"] == 864_000
    assert ledger.unbalanced_transactions(db_session) == []
    kinds = [r.kind for r in services.receipts_of(db_session, payment.id)]
    assert kinds == ["transfer", "write_off"]


def test_an_overpayment_is_owed_back_until_returned_once(db_session, buyer, staff, order):
    """1,000,000 won against a 960,000 won invoice pays it; 40,000 won is owed to the buyer (shown to both) until
    staff record it sent back, once."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id, 1_000_000, "Tokyo Select paid in full plus fees")
    assert payment.status == "paid" and services.transfer_summary(db_session, payment).excess == 40_000
    assert _balance(db_session, "payer_credit", order.buyer_org_id) == -40_000
    assert "40,000" in buyer.client.get(f"/en/payments/{payment.id}").get_data(as_text=True)
    admin_page = staff[0].get(f"/en/admin/payments/{payment.id}").get_data(as_text=True)
    assert "return-excess" in admin_page
    services.return_excess(db_session, staff[1], payment.id, "Woori back-transfer 8812")
    assert _balance(db_session, "payer_credit", order.buyer_org_id) == 0
    assert _balance(db_session, "funds:manual") == 960_000 and ledger.unbalanced_transactions(db_session) == []
    with pytest.raises(PaymentError) as twice:
        services.return_excess(db_session, staff[1], payment.id)
    assert twice.value.code == "no_excess" and count(db_session, LedgerTransaction) == 2


def test_parts_that_end_above_the_amount(db_session, buyer, staff, order):
    """500,000 then 500,000 won: the second pays the invoice and leaves 40,000 won owed back."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id, 500_000)
    services.mark_received(db_session, staff[1], payment.id, 500_000)
    assert payment.status == "paid" and services.transfer_summary(db_session, payment).excess == 40_000
    assert _balance(db_session, "payer_credit", order.buyer_org_id) == -40_000
    assert ledger.unbalanced_transactions(db_session) == []


def test_the_staff_page_records_parts_and_writes_off(db_session, buyer, staff, order):
    """Staff record a part from the page (the form then offers the rest), then write off the rest with a
    reason; a write-off without a reason re-renders with the field marked and changes nothing."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    client = staff[0]
    url = f"/en/admin/payments/{payment.id}"
    token = csrf_token(client, url)
    part = client.post(f"{url}/received", data={"csrf_token": token, "amount": "900,000", "note": "KEB #9"})
    assert part.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'value="60000"' in page and "Still due" in page and "KEB #9" in page
    refused = client.post(f"{url}/write-off", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    assert count(db_session, PaymentReceipt) == 1
    done = client.post(f"{url}/write-off", data={"csrf_token": token, "reason": "Bank fee"})
    assert done.status_code == 302 and db_session.get(WholesaleOrder, order.id).status == "paid"
