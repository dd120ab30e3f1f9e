"""The manual provider (the default): invoices with a reference, staff marking transfers received, refunds and
cancellations, the ledger that follows each of them, and the wholesale order moving with its payment."""

import pytest
from sqlmodel import select

from market.orders.models import OrderRole, OrderStatus, WholesaleOrder, WholesaleOrderEvent
from market.orders.payable import order_amount
from market.orders.services.orders import move_order
from market.payments import ledger, services
from market.payments.models import LedgerEntry, LedgerTransaction, Payment, Refund
from market.payments.services import PaymentError
from market.refusals import Refusal
from tests.factories.db import count
from tests.factories.payments import ledger_entries, place_order


def _entries(session, payment_id) -> list[tuple[str, str, int, int]]:
    return ledger_entries(session, payment_id, ("account", "amount_minor", "amount_krw"))


def test_start_payment_issues_an_invoice_once(db_session, buyer, order):
    """The buyer gets one manual payment with a reference; starting again reuses it."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert (payment.provider, payment.status, payment.currency, payment.amount_minor) == (
        "manual", "pending", "KRW", 960_000)
    assert payment.reference == f"MIS-{payment.id:06d}" and payment.commission_bps == 1000
    assert payment.payee_org_id == order.maker_org_id and payment.payer_org_id == order.buyer_org_id
    again = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert again.id == payment.id and count(db_session, Payment) == 1
    assert services.payment_for(db_session, "wholesale_order", order.id).id == payment.id


def test_outsiders_and_unknown_payables_get_not_found(db_session, other_buyer, maker, order):
    """Another buyer, the maker, an unknown order and an unknown kind are all refused as not found."""
    for user, kind, payable in ((other_buyer.user, "wholesale_order", order.id),
                                (maker.user, "wholesale_order", order.id),
                                (other_buyer.user, "wholesale_order", 999_999),
                                (other_buyer.user, "spaceship", order.id)):
        with pytest.raises(PaymentError) as refused:
            services.start_payment(db_session, user, kind, payable)
        assert refused.value.status == 404
    assert count(db_session, Payment) == 0


def test_mark_received_pays_the_order_and_writes_the_ledger(db_session, buyer, staff, order):
    """Staff mark the transfer received: the order is paid (once, with a timeline event), the ledger holds the
    money, the maker is owed 90% and the platform's commission is 10%."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id, 960_000, "KEB 2026-11-21 #4411")
    assert (payment.status, payment.received_by_id, payment.received_note) == ("paid", staff[1].id,
                                                                               "KEB 2026-11-21 #4411")
    assert db_session.get(WholesaleOrder, order.id).status == OrderStatus.paid
    assert _entries(db_session, payment.id) == [("payment", "funds:manual", 960_000, 960_000),
                                                ("payment", "payee", -864_000, -864_000),
                                                ("payment", "commission", -96_000, -96_000)]
    assert services.payee_balances(db_session, order.maker_org_id) == {order.maker_org_id: {"KRW": 864_000}}
    assert ledger.unbalanced_transactions(db_session) == []
    events = db_session.exec(select(WholesaleOrderEvent.to_status, WholesaleOrderEvent.note)
                             .where(WholesaleOrderEvent.order_id == order.id).order_by(WholesaleOrderEvent.id)).all()
    assert events == [("awaiting_payment", None), ("paid", payment.reference)]
    with pytest.raises(PaymentError) as twice:
        services.mark_received(db_session, staff[1], payment.id)
    assert twice.value.code == "already_paid" and count(db_session, LedgerTransaction) == 1
    with pytest.raises(PaymentError) as again:
        services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert again.value.code == "already_paid"


def test_only_staff_mark_received_and_never_a_typing_slip(db_session, buyer, maker, staff, order):
    """The maker or buyer cannot record a transfer; zero and an amount more than twice what is due (an extra
    zero) are refused on the amount field; nothing changes."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    for user in (buyer.user, maker.user):
        with pytest.raises(PaymentError) as refused:
            services.mark_received(db_session, user, payment.id)
        assert refused.value.status == 403
    for amount in (0, 9_600_000):
        with pytest.raises(PaymentError) as wrong:
            services.mark_received(db_session, staff[1], payment.id, amount)
        assert wrong.value.field == "amount"
    assert payment.status == "pending" and db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"
    assert count(db_session, LedgerEntry) == 0


def test_maker_confirms_only_after_payment(db_session, buyer, maker, staff, order):
    """Confirming an order awaiting payment is refused; once paid the maker confirms it."""
    with pytest.raises(Refusal) as refused:
        move_order(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker)
    assert refused.value.code == "wrong_state"
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    confirmed = move_order(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker)
    assert confirmed.status == OrderStatus.confirmed


def test_partial_then_full_refund_follow_the_ledger_and_cancel_the_order(db_session, buyer, staff, order):
    """A partial refund keeps the order; refunding the rest cancels it; commission comes back in proportion and
    in full at the end; refunds can never exceed what was paid."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    first = services.refund(db_session, staff[1], payment.id, 300_001, "Two wallets arrived scratched")
    assert (payment.status, first.amount_krw) == ("partially_refunded", 300_001)
    assert db_session.get(WholesaleOrder, order.id).status == OrderStatus.paid
    with pytest.raises(PaymentError) as too_much:
        services.refund(db_session, staff[1], payment.id, 660_000, "More than is left")
    assert too_much.value.code == "exceeds_paid"
    services.refund(db_session, staff[1], payment.id, 659_999, "Order cancelled")
    assert payment.status == "refunded"
    assert db_session.get(WholesaleOrder, order.id).status == OrderStatus.cancelled
    balances = {(b.account, b.currency): b.amount_minor for b in services.balances(db_session)}
    assert balances == {("commission", "KRW"): 0, ("funds:manual", "KRW"): 0, ("payee", "KRW"): 0}
    assert ledger.unbalanced_transactions(db_session) == []
    with pytest.raises(PaymentError) as nothing_left:
        services.refund(db_session, staff[1], payment.id, 1, "Again")
    assert nothing_left.value.code == "wrong_state"
    assert count(db_session, Refund) == 2


def test_refund_refuses_bad_amounts_and_non_staff(db_session, buyer, maker, staff, order):
    """Zero, negative and non-numeric amounts and refunds by non-staff are refused; unpaid payments too."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    with pytest.raises(PaymentError) as unpaid:
        services.refund(db_session, staff[1], payment.id, 1000, "Not paid yet")
    assert unpaid.value.code == "wrong_state"
    services.mark_received(db_session, staff[1], payment.id)
    for amount in (0, -5, "many"):
        with pytest.raises(PaymentError) as refused:
            services.refund(db_session, staff[1], payment.id, amount, "x")
        assert refused.value.field == "amount"
    with pytest.raises(PaymentError) as forbidden:
        services.refund(db_session, maker.user, payment.id, 1000, "Maker's own refund")
    assert forbidden.value.status == 403
    assert count(db_session, Refund) == 0


def test_buyer_cancelling_a_paid_order_is_refunded_in_full(db_session, buyer, maker, staff, order):
    """Cancelling a paid order before production refunds it in full and tells both sides."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    move_order(db_session, buyer.user, order.id, "cancelled", role=OrderRole.buyer)
    assert payment.status == "refunded" and db_session.get(WholesaleOrder, order.id).status == "cancelled"
    (refund,) = db_session.exec(select(Refund)).all()
    assert (refund.amount_minor, refund.source, refund.created_by_id) == (960_000, "cancellation", buyer.user.id)
    assert services.payee_balances(db_session, order.maker_org_id) == {order.maker_org_id: {"KRW": 0}}


def test_buyer_cancelling_before_paying_cancels_the_invoice(db_session, buyer, order):
    """Cancelling an order awaiting payment cancels its open payment; it cannot be paid afterwards."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    move_order(db_session, buyer.user, order.id, "cancelled", role=OrderRole.buyer)
    assert payment.status == "canceled" and payment.canceled_at is not None
    with pytest.raises(PaymentError) as refused:
        services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert refused.value.code == "not_payable"


def test_order_in_yen_is_paid_in_yen(db_session, buyer, wallet, rates):
    """An order placed while seeing yen is paid in whole yen at the rate kept with the order; won for reports."""
    order = place_order(db_session, buyer, wallet, currency="JPY")
    # 20 × ￥5,295 (48,000 won / 9.065, rounded to whole yen), the lines as shown; not the won total converted
    assert order_amount(order) == ("JPY", 105_900)
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert (payment.currency, payment.amount_minor, payment.amount_krw) == ("JPY", 105_900, 960_000)
    assert services.format_amount(payment.amount_minor, "JPY") in ("¥105,900", "￥105,900")


def test_order_in_dollars_is_paid_in_cents(db_session, buyer, wallet, rates):
    """A dollar order is paid in cents."""
    order = place_order(db_session, buyer, wallet, currency="USD")
    assert order_amount(order) == ("USD", 69_000)  # 20 × $34.50 (48,000 / 1391.20 = 34.503)


def test_payouts_cannot_exceed_what_the_maker_is_owed(db_session, buyer, staff, order):
    """A payout of what is owed is recorded in the ledger; more than is left is refused."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    payout = services.record_payout(db_session, staff[1], order.maker_org_id, "KRW", 800_000, "November")
    assert (payout.method, payout.amount_krw, payout.provider_ref) == ("bank_transfer", 800_000, None)
    with pytest.raises(PaymentError) as refused:
        services.record_payout(db_session, staff[1], order.maker_org_id, "KRW", 64_001)
    assert refused.value.code == "exceeds_balance"
    services.record_payout(db_session, staff[1], order.maker_org_id, "KRW", 64_000)
    assert services.payee_balances(db_session, order.maker_org_id) == {order.maker_org_id: {"KRW": 0}}
    funds = {(b.account, b.currency): b.amount_minor for b in services.balances(db_session)}
    assert funds[("funds:manual", "KRW")] == 96_000 == -funds[("commission", "KRW")]
    assert ledger.unbalanced_transactions(db_session) == []


def test_ledger_refuses_unbalanced_transactions(db_session):
    """A transaction whose entries do not add up to zero is never written."""
    with pytest.raises(ledger.LedgerError):
        ledger.post(db_session, "payment", "test:1", "KRW", [ledger.Line("funds:manual", 100, 100),
                                                              ledger.Line("commission", -99, -100)])
    assert count(db_session, LedgerTransaction) == 0
