"""Before paying: a visitor uploads a design and sees its price without signing up (every metal side by side,
shipping and the estimated delivery in the total), signs up and finds the design theirs; quotes carry their
shipping line, and the order ships where the quote was priced for."""

from __future__ import annotations

import io

import pytest

from market.jewelry import quote as pricing
from market.jewelry.models import JewelryDesign
from market.jewelry.services import orders, quotes
from market.jewelry.services.access import Guest, JewelryError
from tests.factories.files import mesh_bytes
from tests.helpers import DEFAULT_PASSWORD, csrf_token

RING = "ring_band_bartmassey.stl"


def _guest_upload(client) -> int:
    token = csrf_token(client, "/en/jewelry/")
    response = client.post("/en/jewelry/designs", data={
        "csrf_token": token, "unit": "mm", "name": "Guest ring", "file": (io.BytesIO(mesh_bytes(RING)), RING)},
        content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_visitor_quotes_without_signing_up_then_claims_the_design(app, db_session, workshop, customer, rates):
    visitor = app.test_client()
    design_id = _guest_upload(visitor)
    page = visitor.get(f"/en/jewelry/designs/{design_id}").get_data(as_text=True)
    assert 'id="quote-form"' in page and 'name="shipping_country"' in page
    assert visitor.get(f"/en/jewelry/designs/{design_id}/thumbnail.png").status_code == 200
    token = csrf_token(visitor, f"/en/jewelry/designs/{design_id}")
    response = visitor.post(f"/en/jewelry/designs/{design_id}/quote", data={
        "csrf_token": token, "metal": "gold_18k_yellow", "finish": "polish", "prototype": "resin",
        "ring_system": "US", "ring_value": "7", "stone_count": "0", "quantity": "1", "currency": "USD",
        "shipping_country": "FR"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:1000]
    assert 'id="signup-to-order"' in html and 'id="order-form"' not in html
    assert 'data-code="shipping"' in html and "France" in html and 'id="delivery-estimate"' in html
    table = html[html.index('id="metal-comparison"'):html.index("</table>", html.index('id="metal-comparison"'))]
    assert table.count("data-metal=") == 8 and 'data-metal="platinum_950"' in table
    assert 'aria-current="true"' in table[table.index('data-metal="gold_18k_yellow"'):][:120]
    # Nothing is stored for a visitor, and another browser does not see the design.
    assert app.test_client().get(f"/en/jewelry/designs/{design_id}").status_code == 404
    assert db_session.get(JewelryDesign, design_id).owner_id is None

    # Signing in in the same browser (the real form) gives them the design; reading pages writes nothing.
    response = visitor.post("/en/account/signin", data={
        "csrf_token": csrf_token(visitor), "email": customer.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    db_session.expire_all()
    design = db_session.get(JewelryDesign, design_id)
    assert design.owner_id == customer.id and design.guest_key is None
    assert "Guest ring" in visitor.get("/en/jewelry/").get_data(as_text=True)
    with visitor.session_transaction() as browser:
        assert "jewelry_guest" not in browser
    token = csrf_token(visitor, f"/en/jewelry/designs/{design_id}")
    response = visitor.post(f"/en/jewelry/designs/{design_id}/quote", data={
        "csrf_token": token, "metal": "gold_18k_yellow", "finish": "polish", "prototype": "resin",
        "ring_system": "US", "ring_value": "7", "stone_count": "0", "quantity": "1", "currency": "USD",
        "shipping_country": "FR"})
    assert response.status_code == 302 and "/quotes/" in response.headers["Location"]


def test_guest_refusals(app, db_session, customer, upload):
    """A visitor without a session key cannot upload; a visitor's price is never stored."""
    from market.jewelry.services import designs

    with pytest.raises(JewelryError) as info:
        designs.upload_design(db_session, Guest(""), mesh_bytes(RING), RING)
    assert info.value.status == 401
    guest = Guest("k" * 43)
    design, _needs = designs.upload_design(db_session, guest, mesh_bytes(RING), RING)
    db_session.commit()
    request = quotes.QuoteRequest(design_id=design.id, metal="silver_925")
    with pytest.raises(JewelryError) as info:
        quotes.create_quote(db_session, guest, request)
    assert info.value.status == 401
    priced = quotes.price_quote(db_session, guest, request)
    assert priced.id is None and priced.customer_id is None and priced.total_krw > 0
    with pytest.raises(JewelryError) as info:
        quotes.price_quote(db_session, Guest("other" * 8), request)
    assert info.value.status == 404


def test_shipping_is_a_line_of_the_quote(app, db_session, customer, upload, rates):
    design = upload(customer, mesh_bytes(RING), RING)
    base = dict(design_id=design.id, metal="silver_925", currency="KRW")
    none = quotes.create_quote(db_session, customer, quotes.QuoteRequest(**base))
    home = quotes.create_quote(db_session, customer, quotes.QuoteRequest(**base, shipping_country="KR"))
    abroad = quotes.create_quote(db_session, customer, quotes.QuoteRequest(**base, shipping_country="jp"))
    assert home.total_krw - none.total_krw == pricing.DOMESTIC_SHIPPING_KRW
    assert abroad.total_krw - none.total_krw == pricing.INTERNATIONAL_SHIPPING_KRW
    assert abroad.shipping_country == "JP" and abroad.lines[-1]["code"] == "shipping"
    with pytest.raises(JewelryError) as info:
        quotes.create_quote(db_session, customer, quotes.QuoteRequest(**base, shipping_country="XX"))
    assert info.value.field == "shipping_country"


def test_order_ships_where_the_quote_was_priced_for(app, db_session, customer, upload, workshop):
    design = upload(customer, mesh_bytes(RING), RING)
    row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(
        design_id=design.id, metal="silver_925", shipping_country="JP"))
    db_session.commit()
    with pytest.raises(JewelryError) as info:
        orders.place_order(db_session, customer, row.id, "1-1 Ginza, Tokyo", "KR")
    assert info.value.field == "shipping_country"
    with pytest.raises(JewelryError) as info:
        orders.place_order(db_session, customer, row.id, "1-1 Ginza, Tokyo", None, "x" * 81)
    assert info.value.field == "customer_reference"
    order = orders.place_order(db_session, customer, row.id, "1-1 Ginza, Tokyo", None, " PO 7 ")
    assert order.shipping_country == "JP" and order.customer_reference == "PO 7"


def test_compare_metals(app, db_session, customer, upload):
    """Every priced metal with the same choices; silver costs least, platinum most, this quote's is marked."""
    design = upload(customer, mesh_bytes(RING), RING)
    row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(
        design_id=design.id, metal="gold_14k_yellow", ring_system="US", ring_value="7", quantity=2))
    options = {o.code: o for o in quotes.compare_metals(db_session, customer, row)}
    assert len(options) == 8 and options["gold_14k_yellow"].current
    assert options["gold_14k_yellow"].total_krw == row.total_krw
    assert options["silver_925"].total_krw == min(o.total_krw for o in options.values())
    assert options["platinum_950"].weight_g > options["gold_14k_yellow"].weight_g


def test_order_confirmation_is_mailed_after_commit(app, db_session, customer, upload, workshop, caplog):
    """Placing an order tells the customer (with the expected delivery) by mail, sent once the order commits."""
    import logging

    from sqlmodel import select

    from market.notifications.models import Notification

    design = upload(customer, mesh_bytes(RING), RING)
    row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(design_id=design.id, metal="silver_925"))
    caplog.set_level(logging.INFO, logger="seoulmade.mail")
    order = orders.place_order(db_session, customer, row.id, "12 Jongno-ro, Seoul", "KR")
    note = db_session.exec(select(Notification).where(Notification.user_id == customer.id,
                                                      Notification.kind == "jewelry_order_confirmation")).one()
    assert f"#{order.id}" in note.message and "Expected delivery" in note.message

    def mailed():
        return [r.getMessage() for r in caplog.records if f"to={customer.email}" in r.getMessage()]

    assert mailed() == []
    db_session.commit()
    assert len(mailed()) == 1 and "is confirmed" in mailed()[0]


def test_uploads_are_rate_limited_per_address(app, db_session):
    """Anyone may upload for a quote, so uploads are limited per address: past the limit the form answers 429
    with a message in the page's language, and stores nothing."""
    from sqlmodel import func, select

    app.config["RATELIMIT_UPLOAD"] = "2 per hour"
    try:
        visitor = app.test_client()
        token = csrf_token(visitor, "/ja/jewelry/")
        statuses = []
        for _attempt in range(3):
            response = visitor.post("/ja/jewelry/designs", data={
                "csrf_token": token, "unit": "mm", "file": (io.BytesIO(b"solid nothing\n"), "nothing.stl")},
                content_type="multipart/form-data")
            statuses.append(response.status_code)
    finally:
        app.config["RATELIMIT_UPLOAD"] = "30 per hour"
    assert statuses[:2] == [422, 422] and statuses[2] == 429
    assert "Too Many Requests" not in response.get_data(as_text=True)
    assert db_session.exec(select(func.count()).select_from(JewelryDesign)).one() == 0
