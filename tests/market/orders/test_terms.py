"""One order lifecycle with payment terms: a deposit then the balance before shipment, net terms invoiced at
shipment for approved buyers, full prepayment, cancellation rules, each payment made once."""

import datetime as dt

import pytest
from sqlmodel import select

from market.db import utcnow
from market.notifications.models import Notification
from market.orders.models import OrderRole, OrderStatus, WholesaleOrder
from market.orders.services import orders as order_services
from market.orders.services import terms
from market.orders.services.common import OrderError
from market.payments import services as payments
from market.payments.services import PaymentError
from market.refusals import Refusal
from tests.factories.money import rates  # noqa: F401
from tests.factories.payments import place_order
from tests.factories.quote_orders import pay, quote, quote_order
from tests.helpers import csrf_token


@pytest.fixture
def staff(make_user):
    """A platform admin."""
    return make_user(role="admin", name="Payments Admin")


def _move(session, party, order, *steps, role=OrderRole.maker, **kwargs):
    for step in steps:
        order_services.move_order(session, party.user, order.id, step, role=role, **kwargs)
    session.commit()


def test_check_terms_refuses_what_is_not_allowed():
    """A deposit is 1–99 %, net terms are 30 or 60 days, and unknown terms are refused on their field."""
    assert terms.check_terms("deposit", "30") == terms.Terms(terms.PaymentTerms.deposit, 30)
    assert terms.check_terms("", None) == terms.PREPAID
    for args, field in ((("deposit", 0), "deposit_percent"), (("deposit", 100), "deposit_percent"),
                        (("net", None, 45), "net_days"), (("later",), "payment_terms")):
        with pytest.raises(OrderError) as refused:
            terms.check_terms(*args)
        assert field in refused.value.fields
    assert terms.split_minor(600_001, terms.Terms(terms.PaymentTerms.deposit, 30)) == (180_000, 420_001)


def test_deposit_then_balance_before_shipment(db_session, buyer, maker, wallet, rates, staff):  # noqa: F811
    """30 % deposit at acceptance, paid by transfer; the maker cannot ship before the balance is paid, then
    can; each part is paid once and the maker is owed the total less the commission."""
    order = quote_order(db_session, buyer, maker, wallet, payment_terms="deposit", deposit_percent=30)
    assert (order.kind, order.status, order.payment_terms, order.deposit_percent) == (
        "quote", "awaiting_payment", "deposit", 30)
    with pytest.raises(PaymentError) as early:
        payments.start_payment(db_session, buyer.user, "order_balance", order.id)
    assert early.value.code == "not_payable"
    deposit = pay(db_session, buyer.user, staff, "wholesale_order", order.id)
    assert (deposit.currency, deposit.amount_minor) == ("USD", 180_000)
    db_session.refresh(order)
    assert order.status == OrderStatus.paid
    with pytest.raises(PaymentError):
        payments.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    _move(db_session, maker, order, "confirmed", "in_production")
    with pytest.raises(Refusal) as refused:
        order_services.move_order(db_session, maker.user, order.id, "shipped", role=OrderRole.maker,
                                  carrier="DHL", tracking_number="1234567890")
    assert (refused.value.status, refused.value.code) == (409, "balance_unpaid")
    db_session.rollback()
    assert db_session.get(WholesaleOrder, order.id).status == OrderStatus.in_production
    balance = pay(db_session, buyer.user, staff, "order_balance", order.id)
    assert (balance.currency, balance.amount_minor) == ("USD", 420_000)
    _move(db_session, maker, order, "shipped", carrier="DHL", tracking_number="1234567890")
    db_session.refresh(order)
    assert order.status == OrderStatus.shipped
    assert payments.payee_balances(db_session, order.maker_org_id) == {order.maker_org_id: {"USD": 540_000}}
    with pytest.raises(PaymentError) as twice:
        payments.mark_received(db_session, staff, balance.id)
    assert twice.value.code == "already_paid"
    notices = [n.message for n in db_session.exec(select(Notification).where(Notification.user_id == buyer.user.id))]
    assert any("DHL" in m and "1234567890" in m and "dhl.com" in m for m in notices)
    maker_notices = [n.kind for n in db_session.exec(select(Notification).where(
        Notification.user_id == maker.user.id))]
    assert "order_balance_paid" in maker_notices


def test_net_terms_need_approval_and_invoice_at_shipment(db_session, buyer, maker, wallet, rates, staff):  # noqa: F811
    """Net 30 is refused for a buyer nobody approved; once an admin approves it, the order is placed with nothing
    to pay upfront, and shipping sends the invoice, due 30 days later."""
    offered = quote(db_session, buyer, maker, wallet, payment_terms="net", net_days=30)
    from market.rfq.services import quotes

    with pytest.raises(Refusal) as refused:
        quotes.accept_quote(db_session, buyer.user, offered.id)
    assert refused.value.code == "net_terms_not_approved"
    db_session.rollback()
    with pytest.raises(OrderError):
        terms.approve_net_terms(db_session, buyer.user, buyer.org.id)
    terms.approve_net_terms(db_session, staff, buyer.org.id, 60)
    order = quotes.accept_quote(db_session, buyer.user, offered.id)
    db_session.commit()
    assert (order.status, order.net_days) == (OrderStatus.placed, 30)
    with pytest.raises(PaymentError):
        payments.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    with pytest.raises(PaymentError):
        payments.start_payment(db_session, buyer.user, "order_balance", order.id)
    _move(db_session, maker, order, "confirmed", "in_production")
    _move(db_session, maker, order, "shipped", carrier="Korea Post", tracking_number="EE123456789KR")
    db_session.refresh(order)
    assert abs(order.balance_due_at - (utcnow() + dt.timedelta(days=30))) < dt.timedelta(minutes=5)
    invoice = pay(db_session, buyer.user, staff, "order_balance", order.id)
    assert invoice.amount_minor == 600_000
    _move(db_session, buyer, order, "delivered", role=OrderRole.buyer)
    assert db_session.get(WholesaleOrder, order.id).status == OrderStatus.delivered


def test_cart_orders_follow_the_makers_terms(db_session, buyer, maker, wallet, rates, staff):  # noqa: F811
    """A maker's deposit terms apply to cart orders; its net terms only to approved buyers (others prepay)."""
    terms.set_maker_terms(db_session, maker.user, maker.org.id, "deposit", 50)
    order = place_order(db_session, buyer, wallet)
    assert (order.payment_terms, order.deposit_percent) == ("deposit", 50)
    deposit = payments.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert deposit.amount_minor == order.subtotal_krw // 2
    with pytest.raises(OrderError):
        terms.set_maker_terms(db_session, buyer.user, maker.org.id, "prepaid")
    terms.set_maker_terms(db_session, maker.user, maker.org.id, "net", net_days=30)
    db_session.commit()
    assert place_order(db_session, buyer, wallet).payment_terms == "prepaid"
    terms.approve_net_terms(db_session, staff, buyer.org.id, 30)
    net = place_order(db_session, buyer, wallet)
    assert (net.payment_terms, net.status) == ("net", "placed")


def test_cancel_rules_and_refunds(db_session, buyer, maker, wallet, rates, staff):  # noqa: F811
    """The maker may call off a paid order before confirming it (refunded in full), not a confirmed one; the
    buyer may cancel a confirmed order and gets the deposit back."""
    first = quote_order(db_session, buyer, maker, wallet, payment_terms="deposit", deposit_percent=30)
    deposit = pay(db_session, buyer.user, staff, "wholesale_order", first.id)
    _move(db_session, maker, first, "cancelled")
    db_session.refresh(deposit)
    assert (db_session.get(WholesaleOrder, first.id).status, deposit.status) == ("cancelled", "refunded")
    second = place_order(db_session, buyer, wallet)
    pay(db_session, buyer.user, staff, "wholesale_order", second.id)
    _move(db_session, maker, second, "confirmed")
    with pytest.raises(Refusal) as refused:
        order_services.move_order(db_session, maker.user, second.id, "cancelled", role=OrderRole.maker)
    assert refused.value.status == 403
    db_session.rollback()
    _move(db_session, buyer, second, "cancelled", role=OrderRole.buyer)
    assert payments.payment_for(db_session, "wholesale_order", second.id).status == "refunded"


def test_order_page_shows_terms_balance_and_tracking(db_session, buyer, maker, wallet, rates, staff):  # noqa: F811
    """Both sides see the terms; the buyer gets the balance button once the deposit is in, the maker (in Korean)
    is told it cannot ship yet; after shipping the tracking number links to the carrier."""
    order = quote_order(db_session, buyer, maker, wallet, payment_terms="deposit", deposit_percent=30)
    page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert "30% deposit, balance before shipment" in page and 'id="pay-upfront"' in page
    pay(db_session, buyer.user, staff, "wholesale_order", order.id)
    _move(db_session, maker, order, "confirmed", "in_production")
    page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert f"/pay/order_balance/{order.id}" in page
    sale = maker.client.get(f"/ko/orders/incoming/{order.id}").get_data(as_text=True)
    assert 'class="muted balance-unpaid"' in sale
    pay(db_session, buyer.user, staff, "order_balance", order.id)
    _move(db_session, maker, order, "shipped", carrier="FedEx", tracking_number="7777 1234")
    page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert "https://www.fedex.com/fedextrack/?trknbr=7777%201234" in page
    listing = buyer.client.get("/en/orders/").get_data(as_text=True)
    assert f"/en/orders/{order.id}" in listing


def test_staff_approve_net_terms_and_makers_set_theirs_on_pages(db_session, app, buyer, maker, staff):
    """Staff approve a buyer for net terms on their page (others get 404); a maker saves deposit terms."""
    from tests.factories.clients import isolated_client

    admin = isolated_client(app, staff)
    url = "/en/orders/net-terms"
    assert buyer.client.get(url).status_code == 404
    approved = admin.post(url, data={"csrf_token": csrf_token(admin, url), "buyer_org_id": buyer.org.id,
                                     "max_days": 60})
    assert approved.status_code == 302 and terms.net_approval(db_session, buyer.org.id).max_days == 60
    assert buyer.org.name in admin.get(url).get_data(as_text=True)
    page = f"/en/orders/terms/{maker.org.id}"
    assert maker.client.get("/en/orders/terms").headers["Location"].endswith(page)
    refused = maker.client.post(page, data={"csrf_token": csrf_token(maker.client, page),
                                            "payment_terms": "deposit", "deposit_percent": "120"})
    assert refused.status_code == 422 and "between 1 and 99" in refused.get_data(as_text=True)
    saved = maker.client.post(page, data={"csrf_token": csrf_token(maker.client, page),
                                          "payment_terms": "deposit", "deposit_percent": "40"})
    assert saved.status_code == 302 and terms.maker_terms(db_session, maker.org.id).deposit_percent == 40
    assert buyer.client.get(page).status_code == 404
