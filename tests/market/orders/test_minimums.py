"""A maker's own minimum order (on its profile) is enforced: the cart warns and checkout refuses, naming the
maker and the minimum, with the subtotal in the buyer's currency."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from catalog.makers.services import update_maker_profile
from market.orders.models import WholesaleOrder
from market.orders.services import cart as carts
from market.refusals import Refusal
from tests.helpers import csrf_token


@pytest.fixture
def minimum(db_session, maker):
    """Saesol Leather takes orders from 50 pieces."""
    update_maker_profile(db_session, maker.user, maker.org.id, min_order_qty=50, min_order_unit="piece")
    db_session.commit()


def test_checkout_below_the_makers_minimum_is_refused(db_session, buyer, maker, wallet, bowl, minimum):
    """30 wallets pass the product's MOQ (20) but not the maker's 50 pieces: nothing is ordered, the message
    names the maker, its minimum and the subtotal in the buyer's currency; 50 go through."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 30)
    carts.add_to_cart(db_session, buyer.user, bowl.id, bowl.moq)
    db_session.commit()
    cart = carts.load_cart(db_session, buyer.user)
    with pytest.raises(Refusal) as refused:
        carts.checkout(db_session, buyer.user, fingerprint=cart.fingerprint, shipping_address="Tokyo",
                       shipping_country="JP", display_currency="JPY")
    db_session.rollback()
    assert refused.value.code == "below_maker_minimum"
    assert "Saesol Leather takes orders from 50 (unit: piece); your cart has 30 from them (¥" in refused.value.message
    assert db_session.exec(select(func.count()).select_from(WholesaleOrder)).one() == 0

    carts.set_cart_quantity(db_session, buyer.user, wallet.id, 50)
    cart = carts.load_cart(db_session, buyer.user)
    orders = carts.checkout(db_session, buyer.user, fingerprint=cart.fingerprint, shipping_address="Tokyo",
                            shipping_country="JP", display_currency="JPY")
    assert len(orders) == 2


def test_cart_page_warns_and_checkout_page_refuses(db_session, buyer, wallet, minimum):
    """The cart shows the shortfall on the maker's group; checking out comes back with the refusal."""
    carts.add_to_cart(db_session, buyer.user, wallet.id, 30)
    db_session.commit()
    with buyer.client.session_transaction() as sess:
        sess["currency"] = "USD"
    page = buyer.client.get("/en/cart").get_data(as_text=True)
    assert 'class="error maker-minimum"' in page and "Saesol Leather takes orders from 50 (unit: piece)" in page
    assert "($" in page
    fingerprint = carts.load_cart(db_session, buyer.user).fingerprint
    token = csrf_token(buyer.client, "/en/cart")
    response = buyer.client.post("/en/cart/checkout", data={"csrf_token": token, "fingerprint": fingerprint,
                                                             "shipping_address": "Tokyo", "shipping_country": "JP"})
    assert response.status_code == 422
    assert "your cart has 30 from them" in response.get_data(as_text=True)


def test_a_minimum_in_another_unit_does_not_block_and_the_subtotal_is_the_lines(db_session, buyer, maker, wallet):
    """A maker's minimum in pairs cannot be counted over products sold by the piece: checkout is not blocked by it
    (the demo buyer's cart was refused with "your cart has 0 from them"); in the same unit, the subtotal named is
    the sum of the lines as the cart shows them (unit price converted first)."""
    from i18n.money import format_money, latest_rates, lines_amount
    from market.orders.services.minimums import maker_shortfalls

    update_maker_profile(db_session, maker.user, maker.org.id, min_order_qty=500, min_order_unit="pair")
    carts.add_to_cart(db_session, buyer.user, wallet.id, 30)
    db_session.commit()
    assert maker_shortfalls(db_session, carts.load_cart(db_session, buyer.user), "JPY") == {}

    update_maker_profile(db_session, maker.user, maker.org.id, min_order_qty=500, min_order_unit=wallet.unit)
    cart = carts.load_cart(db_session, buyer.user)
    shortfall = maker_shortfalls(db_session, cart, "JPY")[maker.org.id]
    rate = latest_rates(db_session)["JPY"].krw_per_unit
    expected = lines_amount([(line.unit_price_krw, line.item.quantity) for line in cart.lines], "JPY", rate)
    assert shortfall.subtotal == format_money(expected, "JPY")
