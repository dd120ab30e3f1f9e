"""Orders from accepted quotes are orders like any other (paid as kind ``wholesale_order``): paid in the
quote's currency, they become paid, then cancelled when refunded in full."""

import datetime as dt

import pytest
from sqlmodel import select

from market.orders.models import WholesaleOrder
from market.payments import services
from market.payments.services import PaymentError
from market.rfq.services import quotes, sending
from tests.factories.rfq import full_draft


@pytest.fixture
def rfq_order(db_session, buyer, maker, wallet, rates):
    """200 wallets quoted at 29.90 EUR each (5,980.00 EUR) and accepted by the buyer."""
    sent = sending.send_rfq(db_session, buyer.user, product_id=wallet.id, **full_draft())
    quote = quotes.send_quote(db_session, maker.user, sent.id, unit_price="29.90", currency="EUR", lead_time_days=21,
                           valid_until=dt.date.today() + dt.timedelta(days=14), terms="")
    order = quotes.accept_quote(db_session, buyer.user, quote.id)
    db_session.commit()
    return order


def test_accepted_quote_is_paid_in_its_currency(db_session, buyer, other_buyer, staff, rfq_order):
    """The payment is 598,000 euro cents (8,781,032 won at the day's rate); once received the order is paid;
    a full refund cancels it."""
    with pytest.raises(PaymentError) as refused:
        services.start_payment(db_session, other_buyer.user, "wholesale_order", rfq_order.id)
    assert refused.value.status == 404
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", rfq_order.id)
    assert (payment.currency, payment.amount_minor, payment.amount_krw) == ("EUR", 598_000, 8_781_032)
    assert payment.payee_org_id == rfq_order.maker_org_id
    services.mark_received(db_session, staff[1], payment.id)
    db_session.refresh(rfq_order)
    assert rfq_order.status == "paid"
    assert services.payee_balances(db_session, rfq_order.maker_org_id) == {rfq_order.maker_org_id: {"EUR": 538_200}}
    services.refund(db_session, staff[1], payment.id, 598_000, "Quote withdrawn")
    assert db_session.exec(select(WholesaleOrder.status).where(WholesaleOrder.id == rfq_order.id)).one() == "cancelled"
