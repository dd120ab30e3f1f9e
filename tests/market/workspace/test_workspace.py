"""Workspaces: each side finds its orders, quotes, requests, lists and products again, with what awaits it
counted in the menu and on the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from market.orders.models import OrderStatus
from market.orders.services import cart as carts
from market.rfq.services import quotes, sending
from market.workspace import services
from tests.factories.orders import bowl, buyer, maker, other_maker, wallet, wholesale_product  # noqa: F401
from tests.factories.rfq import full_draft


def _place(db_session, buyer, product):  # noqa: F811
    carts.add_to_cart(db_session, buyer.user, product.id, product.moq)
    cart = carts.load_cart(db_session, buyer.user)
    (order,) = carts.checkout(db_session, buyer.user, fingerprint=cart.fingerprint, shipping_address="Tokyo",
                              shipping_country="JP")
    db_session.commit()
    return order


def test_counts_follow_what_awaits_each_side(db_session, buyer, maker, wallet, bowl):  # noqa: F811
    """An order awaiting payment and a quote received wait for the buyer; an open request waits for the maker;
    once quoted it waits for the buyer instead."""
    _place(db_session, buyer, wallet)
    carts.add_to_cart(db_session, buyer.user, bowl.id, bowl.moq)
    rfq = sending.send_rfq(db_session, buyer.user, product_id=wallet.id, **full_draft())
    db_session.commit()
    ws = services.workspace(db_session, buyer.user)
    assert (ws.buyer.orders_to_pay, ws.buyer.cart_lines, ws.buyer.rfqs_open, ws.buyer.quotes_received) == (1, 1, 1, 0)
    assert ws.maker is None
    mine = services.workspace(db_session, maker.user)
    assert (mine.maker.rfqs_to_answer, mine.maker.orders_to_confirm, mine.maker.published_products) == (1, 0, 1)
    assert mine.maker.awaiting == 1

    quotes.send_quote(db_session, maker.user, rfq.id, unit_price=Decimal("30"), currency="USD", lead_time_days=20,
                      valid_until=dt.date.today() + dt.timedelta(days=20), terms="")
    db_session.commit()
    assert services.workspace(db_session, buyer.user).buyer.quotes_received == 1
    assert services.workspace(db_session, maker.user).maker.rfqs_to_answer == 0


def test_menu_and_pages_link_each_side(db_session, buyer, maker, wallet):  # noqa: F811
    """The menu names both workspaces with their counts; the maker's page links the incoming orders to confirm,
    which were linked from nowhere before."""
    order = _place(db_session, buyer, wallet)
    home = buyer.client.get("/en/workspace/buying").get_data(as_text=True)
    assert 'id="menu-buying"' in home and 'id="menu-selling"' not in home
    assert "1 order awaits payment" in home and 'href="/en/orders/?status=awaiting_payment"' in home
    assert 'href="/en/lists/"' in home and 'href="/en/cart"' in home and 'href="/en/rfqs/"' in home
    assert buyer.client.get("/en/workspace/making").status_code == 404

    # The payments feature marks an order paid when the money is in; here the status is set as it would be.
    order.status = OrderStatus.paid
    db_session.add(order)
    db_session.commit()
    page = maker.client.get("/en/workspace/making").get_data(as_text=True)
    assert 'id="menu-selling"' in page
    assert "1 order to confirm" in page and 'href="/en/orders/incoming/?status=paid"' in page
    assert f'href="/en/makers/manage/{maker.org.id}/products"' in page and 'href="/en/rfqs/inbox"' in page
    assert 'href="/en/co-brand/applications"' in page
    menu_badge = page.split('id="menu-selling"', 1)[1].split("</a>", 1)[0]
    assert '<span class="badge warn">1</span>' in menu_badge


def test_visitors_are_sent_to_sign_in(client):
    """The workspaces need an account."""
    assert client.get("/en/workspace/buying").status_code == 302
