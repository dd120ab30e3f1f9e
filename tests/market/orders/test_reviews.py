"""After delivery the buyer rates the maker; ratings show on the maker's profile and in catalogue results;
"order again" refills the cart; a product's sample is ordered before the bulk order."""

import pytest
from sqlmodel import select

from market.orders.models import CartItem, OrderRole, OrderStatus
from market.orders.services import orders as order_services
from market.orders.services import placing, reviews
from market.orders.services.common import OrderError
from market.payments import services as payments
from tests.factories.db import count
from tests.factories.money import rates  # noqa: F401
from tests.factories.payments import place_order
from tests.factories.quote_orders import pay
from tests.helpers import csrf_token


@pytest.fixture
def staff(make_user):
    """A platform admin."""
    return make_user(role="admin", name="Payments Admin")


@pytest.fixture
def delivered(db_session, buyer, maker, wallet, staff):
    """A cart order of 20 wallets, paid, made, shipped and delivered."""
    order = place_order(db_session, buyer, wallet)
    pay(db_session, buyer.user, staff, "wholesale_order", order.id)
    for step in ("confirmed", "in_production"):
        order_services.move_order(db_session, maker.user, order.id, step, role=OrderRole.maker)
    order_services.move_order(db_session, maker.user, order.id, "shipped", role=OrderRole.maker, carrier="EMS",
                              tracking_number="EE1KR")
    order_services.move_order(db_session, buyer.user, order.id, "delivered", role=OrderRole.buyer)
    db_session.commit()
    return order


def test_rating_after_delivery(db_session, buyer, maker, wallet, delivered, other_buyer):
    """A low score needs a comment; one rating per order; the maker's average counts it; outsiders and orders
    not delivered are refused."""
    with pytest.raises(OrderError) as refused:
        reviews.review_order(db_session, buyer.user, delivered.id, 2, "")
    assert "comment" in refused.value.fields
    with pytest.raises(OrderError) as refused:
        reviews.review_order(db_session, buyer.user, delivered.id, "", "")
    assert "score" in refused.value.fields
    with pytest.raises(OrderError) as refused:
        reviews.review_order(db_session, other_buyer.user, delivered.id, 5)
    assert refused.value.status == 404
    open_order = place_order(db_session, buyer, wallet)
    with pytest.raises(OrderError) as refused:
        reviews.review_order(db_session, buyer.user, open_order.id, 5)
    assert refused.value.code == "not_delivered"
    reviews.review_order(db_session, buyer.user, delivered.id, 4, "Good stitching")
    db_session.commit()
    with pytest.raises(OrderError) as refused:
        reviews.review_order(db_session, buyer.user, delivered.id, 5)
    assert refused.value.code == "already_rated"
    db_session.rollback()
    rating = reviews.maker_ratings(db_session, [maker.org.id])[maker.org.id]
    assert (rating.average, rating.count) == (4.0, 1)
    profile = maker.client.get(f"/en/makers/{maker.org.slug}").get_data(as_text=True)
    assert 'id="order-rating"' in profile and "4.0 of 5 from 1 order" in profile
    assert "Rated 4.0 of 5 (1)" in buyer.client.get("/en/catalog/").get_data(as_text=True)


def test_rating_form_on_the_order_page(db_session, buyer, delivered):
    """The delivered order's page asks for a rating (no score chosen yet) and shows it once given."""
    url = f"/en/orders/{delivered.id}"
    page = buyer.client.get(url).get_data(as_text=True)
    assert 'id="review-h"' in page and 'name="score"' in page
    refused = buyer.client.post(f"{url}/review", data={"csrf_token": csrf_token(buyer.client, url), "score": "1"})
    assert refused.status_code == 422 and "went wrong" in refused.get_data(as_text=True)
    sent = buyer.client.post(f"{url}/review", data={"csrf_token": csrf_token(buyer.client, url), "score": "5",
                                                    "comment": "Perfect"})
    assert sent.status_code == 302
    assert "Rated 5 of 5." in buyer.client.get(url).get_data(as_text=True)


def test_order_again_puts_the_lines_in_the_cart(db_session, buyer, wallet, delivered):
    """Order again puts the same products and quantities back in the cart."""
    url = f"/en/orders/{delivered.id}"
    again = buyer.client.post(f"{url}/again", data={"csrf_token": csrf_token(buyer.client, url)})
    assert again.status_code == 302 and again.headers["Location"].endswith("/en/cart")
    (item,) = db_session.exec(select(CartItem)).all()
    assert (item.product_id, item.quantity) == (wallet.id, 20)


def test_sample_before_the_bulk_order(db_session, buyer, maker, wallet, rates, other_buyer):  # noqa: F811
    """The maker offers a 2-piece sample at 30,000 won each; the buyer orders it below the MOQ and pays it
    upfront; products without an offer and outsiders are refused."""
    with pytest.raises(OrderError):
        placing.order_sample(db_session, buyer.user, wallet.id, shipping_address="Tokyo", shipping_country="JP")
    with pytest.raises(OrderError):
        placing.set_sample_offer(db_session, buyer.user, wallet.id, 2, 30_000)
    placing.set_sample_offer(db_session, maker.user, wallet.id, 2, 30_000)
    db_session.commit()
    assert "Order a sample" in buyer.client.get(f"/en/products/{wallet.id}").get_data(as_text=True)
    order = placing.order_sample(db_session, buyer.user, wallet.id, shipping_address="1-2-3 Jingumae",
                                 shipping_country="JP")
    db_session.commit()
    assert (order.kind, order.subtotal_krw, order.status, order.payment_terms) == (
        "sample", 60_000, OrderStatus.awaiting_payment, "prepaid")
    payment = payments.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    assert (payment.currency, payment.amount_minor) == ("KRW", 60_000)
    assert count(db_session, CartItem) == 0
