"""Orders from quotes and their payments: a request quoted with payment terms and accepted, and a payment made
by bank transfer and marked received by staff."""

from __future__ import annotations

import datetime as dt

from tests.factories.rfq import full_draft


def quote(session, buyer, maker, product=None, *, unit_price="30.00", currency="USD", rfq=None, **terms):
    """``maker`` quotes ``unit_price`` on a request ``buyer`` sends (on ``product``, or to the maker), with the
    payment ``terms`` (``payment_terms``, ``deposit_percent``, ``net_days``); returns the quote."""
    from market.rfq.services import quotes, sending

    if rfq is None:
        target = {"product_id": product.id} if product is not None else {"maker_id": maker.org.id}
        rfq = sending.send_rfq(session, buyer.user, **target, **full_draft())
    offered = quotes.send_quote(session, maker.user, rfq.id, unit_price=unit_price, currency=currency,
                                lead_time_days=21, valid_until=dt.date.today() + dt.timedelta(days=14), **terms)
    session.commit()
    return offered


def quote_order(session, buyer, maker, product=None, **kwargs):
    """A quote (see :func:`quote`) accepted by the buyer: the order it placed."""
    from market.rfq.services import quotes

    order = quotes.accept_quote(session, buyer.user, quote(session, buyer, maker, product, **kwargs).id)
    session.commit()
    return order


def pay(session, payer, staff_user, kind: str, order_id: int):
    """``payer`` starts paying (bank transfer) and staff mark the transfer received; returns the payment."""
    from market.payments import services as payments

    payment = payments.start_payment(session, payer, kind, order_id)
    payments.mark_received(session, staff_user, payment.id)
    session.commit()
    return payment
