"""A whole saved list to the cart in one click: each product at its minimum order, with the cart's checks, and the
buyer told which products were left out and why, and which makers' own minimums are not reached yet."""

from __future__ import annotations

import pytest
from sqlmodel import select

from catalog.lists import services
from catalog.makers.services import update_maker_profile
from catalog.products.models import ProductStatus
from market.orders.models import CartItem
from market.orders.services import cart as carts
from market.refusals import Refusal
from tests.factories import orders as order_world
from tests.factories.orders import wholesale_product
from tests.helpers import csrf_token

# The wholesale world of the order tests: two makers with a wallet and a bowl, and a Tokyo buyer, signed in.
maker, other_maker, buyer = order_world.maker, order_world.other_maker, order_world.buyer
wallet, bowl = order_world.wallet, order_world.bowl


@pytest.fixture
def shelf(db_session, buyer, maker, wallet, bowl):
    """The buyer's list: the wallet (MOQ 20), the bowl (MOQ 10), a belt then unpublished, and a card case already
    in the cart."""
    belt = wholesale_product(db_session, maker.org, "Leather belt", 20_000, 5)
    case = wholesale_product(db_session, maker.org, "Card case", 12_000, 30)
    saved = services.create_list(db_session, buyer.user, "Spring buying")
    for product in (wallet, bowl, belt, case):
        services.save_product(db_session, buyer.user, product.id, list_id=saved.id)
    belt.status = ProductStatus.draft
    db_session.add(belt)
    carts.add_to_cart(db_session, buyer.user, case.id, 40)
    db_session.commit()
    return saved


def _cart(db_session, user):
    return {i.product_id: i.quantity for i in db_session.exec(select(CartItem).where(CartItem.user_id == user.id))}


def test_list_goes_to_the_cart_at_each_moq_and_names_what_was_left_out(db_session, buyer, maker, shelf, wallet,
                                                                       bowl):
    """Published products not yet in the cart are added at their MOQ; the unpublished belt and the card case
    already in the cart (its quantity untouched) are named with their reasons; a maker whose own minimum the
    cart does not reach is named."""
    update_maker_profile(db_session, maker.user, maker.org.id, min_order_qty=200, min_order_unit="piece")
    db_session.commit()
    outcome = services.add_list_to_cart(db_session, buyer.user, shelf.id, "en")
    db_session.commit()
    assert outcome.added == [("Leather wallet", 20), ("Brass bowl", 10)]
    reasons = dict(outcome.skipped)
    assert reasons["Leather belt"] == "no longer available"
    assert "already in your cart (40 units)" in reasons["Card case"]
    assert len(outcome.shortfalls) == 1 and "Saesol Leather takes orders from 200" in outcome.shortfalls[0]
    cart = _cart(db_session, buyer.user)
    assert cart[wallet.id] == 20 and cart[bowl.id] == 10 and sorted(cart.values()) == [10, 20, 40]


def test_list_to_cart_refuses_others_lists_non_buyers_and_nothing_to_add(db_session, buyer, maker, shelf):
    """Another user's list is not found; a maker (no buyer organisation) is refused as the cart refuses it; a
    second click, when everything is in the cart already, adds nothing and says why."""
    with pytest.raises(Refusal) as refused:
        services.add_list_to_cart(db_session, maker.user, shelf.id, "en")
    assert refused.value.status == 404
    own = services.create_list(db_session, maker.user, "Mine")
    services.save_product(db_session, maker.user, shelf_product(db_session, shelf), list_id=own.id)
    with pytest.raises(Refusal) as refused:
        services.add_list_to_cart(db_session, maker.user, own.id, "en")
    assert refused.value.code == "no_buyer_organization"
    db_session.rollback()
    services.add_list_to_cart(db_session, buyer.user, shelf.id, "en")
    db_session.commit()
    before = _cart(db_session, buyer.user)
    with pytest.raises(Refusal) as refused:
        services.add_list_to_cart(db_session, buyer.user, shelf.id, "en")
    assert refused.value.status == 409 and "already in your cart" in refused.value.message
    assert _cart(db_session, buyer.user) == before


def shelf_product(db_session, shelf) -> int:
    """A published product of the list."""
    return next(e.product.id for e in services.list_entries(db_session, shelf, "en"))


def test_list_page_button_fills_the_cart_and_tells_the_buyer_in_japanese(db_session, buyer, shelf, wallet):
    """The list page's button puts the list in the cart and the cart page says, in Japanese, what was added and
    what was not and why."""
    page = buyer.client.get(f"/ja/lists/{shelf.id}").get_data(as_text=True)
    assert f'action="/ja/lists/{shelf.id}/cart"' in page
    token = csrf_token(buyer.client, f"/ja/lists/{shelf.id}")
    response = buyer.client.post(f"/ja/lists/{shelf.id}/cart", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/ja/cart")
    cart = buyer.client.get("/ja/cart").get_data(as_text=True)
    assert "Leather belt" in cart and "カートに入れました" in cart
    assert _cart(db_session, buyer.user)[wallet.id] == 20
