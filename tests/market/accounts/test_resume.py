"""A form sent while signed out survives the sign-in: the buyer lands back where they were, the step done."""

from __future__ import annotations

import re

from sqlmodel import select

from market.orders.models import CartItem
from tests.factories.clients import isolated_client
from tests.factories.orders import bowl, buyer, maker, other_maker, wallet, wholesale_product  # noqa: F401
from tests.helpers import DEFAULT_PASSWORD, csrf_token


def _sign_in(client, email: str, lang: str, next_path: str | None):
    token = csrf_token(client, f"/{lang}/account/signin")
    query = f"?next={next_path}" if next_path else ""
    return client.post(f"/{lang}/account/signin{query}",
                       data={"csrf_token": token, "email": email, "password": DEFAULT_PASSWORD})


def test_add_to_cart_signed_out_is_sent_after_sign_in(app, db_session, buyer, wallet):  # noqa: F811
    """Signed out, "add to cart" keeps the form; after sign-in it is sent again and the buyer is back on the
    product with the item in the cart (no 405, nothing lost)."""
    visitor = isolated_client(app)
    product_url = f"/ja/products/{wallet.id}"
    token = csrf_token(visitor, product_url)
    refused = visitor.post("/ja/cart/add", data={"csrf_token": token, "product_id": wallet.id, "quantity": 25},
                           headers={"Referer": f"http://localhost{product_url}"})
    assert refused.status_code == 302
    assert refused.headers["Location"] == f"/ja/account/signin?next={product_url}"

    signed = _sign_in(visitor, buyer.user.email, "ja", product_url)
    assert signed.status_code == 302 and signed.headers["Location"].startswith("/ja/account/continue")
    page = visitor.get(signed.headers["Location"])
    html = page.get_data(as_text=True)
    assert 'action="/ja/cart/add"' in html and 'data-autosubmit="1"' in html
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    assert fields["product_id"] == str(wallet.id) and fields["quantity"] == "25"
    assert db_session.exec(select(CartItem).where(CartItem.user_id == buyer.user.id)).first() is None

    sent = visitor.post("/ja/cart/add", data=fields)
    assert sent.status_code == 302 and sent.headers["Location"] == product_url
    item = db_session.exec(select(CartItem).where(CartItem.user_id == buyer.user.id)).one()
    assert (item.product_id, item.quantity) == (wallet.id, 25)
    # Offered once: the kept form is gone from the session.
    assert visitor.get("/ja/account/continue").headers["Location"] == "/ja/account/"


def test_other_posts_are_offered_with_a_confirmation(app, db_session, buyer, wallet):  # noqa: F811
    """A step not marked safe to repeat comes back as a filled form the person sends with a button."""
    visitor = isolated_client(app)
    token = csrf_token(visitor, "/en/account/signin")
    visitor.post(f"/en/cart/{wallet.id}", data={"csrf_token": token, "quantity": 40},
                 headers={"Referer": "http://localhost/en/cart"})
    signed = _sign_in(visitor, buyer.user.email, "en", "/en/cart")
    html = visitor.get(signed.headers["Location"]).get_data(as_text=True)
    assert f'action="/en/cart/{wallet.id}"' in html and "data-autosubmit" not in html
    assert 'name="quantity" value="40"' in html and 'href="/en/cart"' in html


def test_sign_in_without_a_kept_form_goes_to_next(app, buyer):  # noqa: F811
    """Without a kept form, sign-in goes where ``next`` says, as before."""
    visitor = isolated_client(app)
    signed = _sign_in(visitor, buyer.user.email, "en", "/en/cart")
    assert signed.headers["Location"] == "/en/cart"


def test_a_foreign_referrer_is_not_a_way_back(app, wallet):  # noqa: F811
    """A POST from another site's page signs in without ``next`` pointing there."""
    visitor = isolated_client(app)
    token = csrf_token(visitor, "/en/account/signin")
    refused = visitor.post("/en/cart/add", data={"csrf_token": token, "product_id": wallet.id, "quantity": 25},
                           headers={"Referer": "https://evil.example/en/products/1"})
    assert refused.headers["Location"] == "/en/account/signin"
