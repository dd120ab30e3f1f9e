"""Demo payments: every demo order past payment has its payment, the ledger balances, makers are paid out."""

import random

from sqlmodel import select

from market.orders.demo import add_demo_orders
from market.orders.models import WholesaleOrder
from market.payments import ledger
from market.payments.demo import add_demo_payments
from market.payments.models import Invoice, Payment, Payout, Refund

PAID = {"paid", "confirmed", "in_production", "shipped", "delivered"}


def test_demo_orders_get_payments_and_a_balanced_ledger(db_session, buyer, other_buyer, wallet, bowl, rates,
                                                        staff):
    """Paid demo orders have a paid bank transfer each (in the order's currency), one was partly refunded,
    some makers were paid out, and every ledger transaction balances."""
    add_demo_orders(db_session, random.Random(3), [buyer.org, other_buyer.org], [wallet, bowl])
    counts = add_demo_payments(db_session, random.Random(5))
    orders = {o.id: o for o in db_session.exec(select(WholesaleOrder))}
    payments = db_session.exec(select(Payment)).all()
    paid_orders = {o.id for o in orders.values() if o.status in PAID}
    assert {p.payable_id for p in payments if p.status != "pending"} == paid_orders
    assert all(p.reference and p.received_by_id == staff[1].id for p in payments if p.status != "pending")
    assert {p.currency for p in payments} <= {"KRW", "USD", "JPY", "EUR"}
    assert len(db_session.exec(select(Refund)).all()) == 1
    assert counts["payments"] == len(payments) and counts["payouts"] == len(db_session.exec(select(Payout)).all())
    assert counts["payouts"] >= 1
    assert ledger.unbalanced_transactions(db_session) == []
    # Every open bank transfer has its invoice, numbered, with the bank account and the order's lines.
    open_ids = {p.id for p in payments if p.status == "pending"}
    invoices = db_session.exec(select(Invoice)).all()
    assert {i.payment_id for i in invoices} == open_ids
    assert all(i.number.startswith("INV-") and i.document["bank"]["account_number"] for i in invoices)
