"""Wholesale ordering rules: MOQ and quantity tiers in the cart, checkout split per maker, order status moves."""

import pytest
from sqlmodel import select

from market.orders.models import CartItem, OrderRole, OrderStatus, WholesaleOrder, WholesaleOrderEvent
from market.orders.services import cart as carts
from market.orders.services import orders as order_services
from market.orders.services.common import OrderError
from market.refusals import Refusal
from tests.factories.db import count


def _checkout(session, user, **overrides):
    cart = carts.load_cart(session, user)
    args = dict(fingerprint=cart.fingerprint, shipping_address="1-2-3 Jingumae, Shibuya, Tokyo",
                shipping_country="JP", note="Gift boxes please")
    args.update(overrides)
    return carts.checkout(session, user, **args)


def test_tiers_pick_the_best_price_reached(wallet):
    """The unit price is the list price, or the lowest tier whose minimum quantity the order reaches."""
    assert [carts.unit_price_krw(wallet, q) for q in (20, 49, 50, 99, 100, 500)] == [
        48_000, 48_000, 45_000, 45_000, 42_000, 42_000]


def test_cart_refuses_below_moq(db_session, buyer, wallet):
    """Adding fewer units than the MOQ is refused with a message naming the MOQ, and nothing is added."""
    with pytest.raises(OrderError) as refused:
        carts.add_to_cart(db_session, buyer.user, wallet.id, 5)
    assert "20" in refused.value.message and refused.value.field == "quantity"
    assert count(db_session, CartItem) == 0


def test_cart_adds_up_and_changes_quantity(db_session, buyer, wallet):
    """Adding twice adds up; changing the quantity re-prices the line; below the MOQ is refused."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 30)
    carts.add_to_cart(db_session, buyer.user, wallet.id, 30)
    line = carts.load_cart(db_session, buyer.user).lines[0]
    assert (line.item.quantity, line.unit_price_krw, line.line_total_krw) == (60, 45_000, 2_700_000)
    carts.set_cart_quantity(db_session, buyer.user, wallet.id, 120)
    assert carts.load_cart(db_session, buyer.user).total_krw == 120 * 42_000
    with pytest.raises(OrderError):
        carts.set_cart_quantity(db_session, buyer.user, wallet.id, 3)
    carts.remove_from_cart(db_session, buyer.user, wallet.id)
    assert carts.cart_count(db_session, buyer.user) == 0


def test_cart_refuses_unpublished_and_non_buyers(db_session, buyer, maker, draft, wallet):
    """Drafts cannot be added, and users outside buyer organisations have no cart."""
    with pytest.raises(OrderError) as refused:
        carts.add_to_cart(db_session, buyer.user, draft.id, 10)
    assert refused.value.status == 404
    with pytest.raises(OrderError) as refused:
        carts.add_to_cart(db_session, maker.user, wallet.id, 20)
    assert refused.value.code == "no_buyer_organization"
    assert count(db_session, CartItem) == 0


def test_checkout_splits_per_maker_and_empties_cart(db_session, buyer, maker, other_maker, wallet, bowl):
    """One order per maker, with lines, subtotals, the first event and the cart emptied."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 50)
    carts.add_to_cart(db_session, buyer.user, bowl.id, 10)
    orders = _checkout(db_session, buyer.user)
    assert len(orders) == 2
    by_maker = {o.maker_org_id: o for o in orders}
    assert by_maker[maker.org.id].subtotal_krw == 50 * 45_000
    assert by_maker[other_maker.org.id].subtotal_krw == 10 * 30_000
    assert all(o.status == OrderStatus.awaiting_payment and o.buyer_org_id == buyer.org.id for o in orders)
    assert all(o.display_currency == "KRW" and o.display_rate == 1 for o in orders)
    assert carts.cart_count(db_session, buyer.user) == 0
    detail = order_services.order_detail(db_session, buyer.user, by_maker[maker.org.id].id, OrderRole.buyer)
    assert [(line.title, line.quantity, line.unit_price_krw) for line in detail.lines] == [
        ("Leather wallet", 50, 45_000)]
    assert [e.to_status for e, _actor in detail.events] == ["awaiting_payment"]


def test_checkout_refuses_changed_price(db_session, buyer, wallet):
    """A price changed after the buyer saw the cart: refused, no order, the cart kept."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 20)
    seen = carts.load_cart(db_session, buyer.user).fingerprint
    wallet.price_krw = 52_000
    db_session.add(wallet)
    db_session.flush()
    with pytest.raises(OrderError) as refused:
        _checkout(db_session, buyer.user, fingerprint=seen)
    assert refused.value.code == "cart_changed"
    assert count(db_session, WholesaleOrder) == 0 and carts.cart_count(db_session, buyer.user) == 1


def test_checkout_refuses_unpublished_product(db_session, buyer, wallet):
    """A product unpublished since it was added refuses checkout and nothing is created."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 20)
    wallet.status = "draft"
    db_session.add(wallet)
    db_session.flush()
    with pytest.raises(OrderError):
        _checkout(db_session, buyer.user)
    assert count(db_session, WholesaleOrder) == 0


@pytest.fixture
def order(db_session, buyer, wallet):
    """An order for 20 wallets, awaiting payment."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 20)
    (placed,) = _checkout(db_session, buyer.user)
    db_session.commit()
    return placed


def test_maker_moves_order_through_its_steps(db_session, maker, buyer, order, pay):
    """Once paid: confirmed → in production → shipped (with tracking) → delivered, each recorded and the buyer
    notified."""
    from market.notifications.models import Notification

    pay(order)
    move = order_services.move_order
    move(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker)
    move(db_session, maker.user, order.id, "in_production", role=OrderRole.maker)
    with pytest.raises(OrderError) as refused:
        move(db_session, maker.user, order.id, "shipped", role=OrderRole.maker, carrier="EMS")
    assert refused.value.field == "tracking_number"
    assert db_session.get(WholesaleOrder, order.id).status == "in_production"
    move(db_session, maker.user, order.id, "shipped", role=OrderRole.maker, carrier="EMS",
         tracking_number="EE123456789KR")
    done = move(db_session, maker.user, order.id, "delivered", role=OrderRole.maker)
    assert (done.status, done.carrier, done.tracking_number) == ("delivered", "EMS", "EE123456789KR")
    events = db_session.exec(select(WholesaleOrderEvent.to_status).where(WholesaleOrderEvent.order_id == order.id)
                             .order_by(WholesaleOrderEvent.id)).all()
    assert events == ["awaiting_payment", "paid", "confirmed", "in_production", "shipped", "delivered"]
    notes = db_session.exec(select(Notification).where(Notification.user_id == buyer.user.id)).all()
    assert len(notes) == 5 and all(n.url == f"/en/orders/{order.id}" for n in notes)


def test_illegal_transitions_are_refused(db_session, maker, buyer, order, pay):
    """Skipping steps, confirming before payment, the buyer confirming, or cancelling after production are
    refused and change nothing."""
    for step in ("delivered", "confirmed"):
        with pytest.raises(Refusal) as refused:
            order_services.move_order(db_session, maker.user, order.id, step, role=OrderRole.maker)
        assert refused.value.code == "wrong_state"
    pay(order)
    with pytest.raises(Refusal) as refused:
        order_services.move_order(db_session, buyer.user, order.id, "confirmed", role=OrderRole.buyer)
    assert refused.value.code == "forbidden"
    order_services.move_order(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker)
    order_services.move_order(db_session, maker.user, order.id, "in_production", role=OrderRole.maker)
    with pytest.raises(Refusal) as refused:
        order_services.move_order(db_session, buyer.user, order.id, "cancelled", role=OrderRole.buyer)
    assert refused.value.status == 403  # only a full refund cancels an order in production
    assert db_session.get(WholesaleOrder, order.id).status == "in_production"


def test_buyer_cancels_while_awaiting_payment(db_session, buyer, order):
    """The buyer may cancel an order awaiting payment."""
    assert order_services.move_order(db_session, buyer.user, order.id, "cancelled", role=OrderRole.buyer).status == (
        "cancelled")


def test_concurrent_transition_applies_once(db_session, maker, order, pay):
    """Two clicks from the same page (same expected status): the first applies, the second is refused."""
    pay(order)
    order_services.move_order(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker, expected="paid")
    with pytest.raises(Refusal) as refused:
        order_services.move_order(db_session, maker.user, order.id, "confirmed", role=OrderRole.maker, expected="paid")
    assert (refused.value.status, refused.value.code) == (409, "conflict")
    assert count(db_session, WholesaleOrderEvent) == 3


def test_outsiders_cannot_see_or_move(db_session, other_maker, other_buyer, maker, order):
    """Another maker or buyer gets not_found; the buyer cannot act as the maker."""
    for user, role in ((other_maker.user, OrderRole.maker), (other_buyer.user, OrderRole.buyer),
                       (maker.user, OrderRole.buyer)):
        with pytest.raises(OrderError) as refused:
            order_services.move_order(db_session, user, order.id, "confirmed", role=role)
        assert refused.value.status == 404
    assert order_services.list_orders(db_session, other_maker.user, OrderRole.maker)[1] == 0
    assert db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"


def test_demo_orders_cover_every_status(db_session, buyer, other_buyer, wallet, bowl):
    """The demo creates thirty orders in every status, each with lines and a timeline."""
    import random

    from market.orders.demo import add_demo_orders

    assert add_demo_orders(db_session, random.Random(3), [buyer.org, other_buyer.org], [wallet, bowl]) == 30
    orders = db_session.exec(select(WholesaleOrder)).all()
    assert {o.status for o in orders} == set(OrderStatus)
    assert all(o.subtotal_krw > 0 for o in orders)
    assert all(o.tracking_number for o in orders if o.status in ("shipped", "delivered"))
