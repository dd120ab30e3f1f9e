"""Cart and order pages: add from the product page, cart by maker, checkout, the maker's steps, 404 for others."""

from sqlmodel import func, select

from market.orders.models import OrderRole, WholesaleOrder
from market.orders.services import cart as carts
from market.orders.services import orders as order_services
from tests.helpers import csrf_token


def _place(db_session, buyer, *products):
    for product in products:
        carts.add_to_cart(db_session, buyer.user, product.id, product.moq)
    cart = carts.load_cart(db_session, buyer.user)
    orders = carts.checkout(db_session, buyer.user, fingerprint=cart.fingerprint, shipping_address="Tokyo",
                               shipping_country="JP")
    db_session.commit()
    return orders


def test_add_from_product_page_and_cart_groups(buyer, wallet, bowl):
    """The product page posts to the cart; the cart shows each maker with a subtotal."""
    page = buyer.client.get(f"/en/products/{wallet.id}")
    assert 'action="/en/cart/add"' in page.get_data(as_text=True)
    token = csrf_token(buyer.client, "/en/cart")
    low = buyer.client.post("/en/cart/add", data={"csrf_token": token, "product_id": wallet.id, "quantity": 3},
                            follow_redirects=True)
    assert "minimum order for this product is 20" in low.get_data(as_text=True)
    for product in (wallet, bowl):
        buyer.client.post("/en/cart/add", data={"csrf_token": token, "product_id": product.id,
                                                "quantity": product.moq})
    html = buyer.client.get("/en/cart").get_data(as_text=True)
    assert "Saesol Leather" in html and "Mullae Metal" in html and "Subtotal" in html
    assert "Cart <span class=\"badge\">2</span>" in html


def test_checkout_page_places_orders(db_session, buyer, wallet, bowl):
    """Checkout from the cart page creates one order per maker and shows them in the buyer's list."""
    for product in (wallet, bowl):
        carts.add_to_cart(db_session, buyer.user, product.id, product.moq)
    db_session.commit()
    fingerprint = carts.load_cart(db_session, buyer.user).fingerprint
    token = csrf_token(buyer.client, "/en/cart")
    missing = buyer.client.post("/en/cart/checkout", data={"csrf_token": token, "fingerprint": fingerprint,
                                                            "shipping_address": "", "shipping_country": "JP"})
    assert missing.status_code == 422
    done = buyer.client.post("/en/cart/checkout", data={"csrf_token": token, "fingerprint": fingerprint,
                                                         "shipping_address": "Tokyo", "shipping_country": "JP"})
    assert done.status_code == 302
    assert db_session.exec(select(func.count()).select_from(WholesaleOrder)).one() == 2
    listing = buyer.client.get("/en/orders/").get_data(as_text=True)
    assert "Awaiting payment" in listing


def test_maker_ships_with_tracking_from_page(db_session, buyer, maker, wallet, pay):
    """The maker sees the next step, shipping without tracking re-renders with a message and changes nothing."""
    (order,) = _place(db_session, buyer, wallet)
    pay(order)
    for step in ("confirmed", "in_production"):
        order_services.move_order(db_session, maker.user, order.id, step, role=OrderRole.maker)
    db_session.commit()
    page = maker.client.get(f"/en/orders/incoming/{order.id}").get_data(as_text=True)
    assert "Mark as shipped" in page
    token = csrf_token(maker.client, f"/en/orders/incoming/{order.id}")
    refused = maker.client.post(f"/en/orders/incoming/{order.id}/move",
                                data={"csrf_token": token, "to": "shipped", "expected": "in_production",
                                      "carrier": "EMS"})
    assert refused.status_code == 422 and "tracking number" in refused.get_data(as_text=True)
    shipped = maker.client.post(f"/en/orders/incoming/{order.id}/move",
                                data={"csrf_token": token, "to": "shipped", "expected": "in_production",
                                      "carrier": "EMS", "tracking_number": "EE1KR"})
    assert shipped.status_code == 302
    assert "EE1KR" in buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)


def test_others_get_404(db_session, buyer, other_buyer, other_maker, wallet):
    """Another buyer or maker gets 404 on the order pages and cannot move it."""
    (order,) = _place(db_session, buyer, wallet)
    assert other_buyer.client.get(f"/en/orders/{order.id}").status_code == 404
    assert other_maker.client.get(f"/en/orders/incoming/{order.id}").status_code == 404
    token = csrf_token(other_maker.client, "/en/orders/incoming/")
    moved = other_maker.client.post(f"/en/orders/incoming/{order.id}/move",
                                    data={"csrf_token": token, "to": "confirmed", "expected": "awaiting_payment"})
    assert moved.status_code == 404
    assert f"#{order.id}" not in other_maker.client.get("/en/orders/incoming/").get_data(as_text=True)
    assert db_session.get(WholesaleOrder, order.id).status == "awaiting_payment"
