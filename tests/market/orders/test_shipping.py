"""Shipping and returns: a maker's free-shipping threshold and returns policy (its settings page, its public pages,
checkout), the admin's rate table (validation, the admin page), and the estimate of carriage and duties by
incoterm and destination kept on each order and printed on its invoice, never charged."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import select

from market.orders.models import MakerShippingPolicy, ShippingRate, WholesaleOrder
from market.orders.payable import order_amount
from market.orders.services import cart as carts
from market.orders.services import shipping
from market.orders.services.common import OrderError
from market.payments.models import Payment
from tests.factories.db import count
from tests.helpers import csrf_token

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def admin(make_user):
    return make_user(role="admin", name="Rates Admin")


def _rate(session, admin, destination, basis="value", low=0, high=None, cost=25_000, duty="10", source="EMS 2026"):
    row = shipping.save_rate(session, admin, destination=destination, basis=basis, band_min=low, band_max=high,
                             shipping_krw=cost, duty_percent=duty, set_on=DAY, source=source)
    session.commit()
    return row


def _checkout(session, party, incoterm="DAP", country="JP"):
    cart = carts.load_cart(session, party.user)
    orders = carts.checkout(session, party.user, fingerprint=cart.fingerprint, shipping_address="1-2-3 Jingumae",
                            shipping_country=country, incoterm=incoterm)
    session.commit()
    return orders


# --- the rate table ----------------------------------------------------------------------------------------------


def test_rate_table_refuses_bad_rows_and_changes_nothing(db_session, admin, buyer):
    """Unknown destinations, inverted or overlapping bands, negative costs, duties over 100 %, future dates and
    a missing source are refused on their field; a buyer may not edit the table at all."""
    _rate(db_session, admin, "JP", low=0, high=1_000_000)
    cases = [
        (dict(destination="XX"), "destination"),
        (dict(band_min="500", band_max="100"), "band_max"),
        (dict(band_min="-1"), "band_min"),
        (dict(band_min="999999"), "band_min"),  # overlaps the JP row 0–1,000,000
        (dict(shipping_krw="-5"), "shipping_krw"),
        (dict(duty_percent="120"), "duty_percent"),
        (dict(duty_percent="ten"), "duty_percent"),
        (dict(set_on=dt.date.today() + dt.timedelta(days=3)), "set_on"),
        (dict(source="  "), "source"),
    ]
    for change, field in cases:
        values = dict(destination="JP", basis="value", band_min="1000000", band_max="", shipping_krw="0",
                      duty_percent="5", set_on=DAY, source="Customs table") | change
        with pytest.raises(OrderError) as refused:
            shipping.save_rate(db_session, admin, **values)
        assert refused.value.field == field, (change, refused.value.fields)
        db_session.rollback()
    with pytest.raises(OrderError) as refused:
        shipping.save_rate(db_session, buyer.user, destination="US", basis="value", band_min=0, band_max=None,
                           shipping_krw=1, duty_percent=1, set_on=DAY, source="x")
    assert refused.value.status == 403
    assert count(db_session, ShippingRate) == 1


def test_rate_is_found_by_country_then_region_then_world(db_session, admin):
    """A country's own row wins; an EU country without one uses the EU row; others their continent's, then
    the world's; weight bands are used when the weight is known, value bands otherwise."""
    _rate(db_session, admin, "DE", cost=30_000, source="DE tariff")
    _rate(db_session, admin, "EU", cost=40_000, source="EU tariff")
    _rate(db_session, admin, "142", basis="weight", low=0, high=5_000, cost=20_000, source="Asia light")
    _rate(db_session, admin, "142", basis="weight", low=5_000, cost=60_000, source="Asia heavy")
    _rate(db_session, admin, "001", cost=90_000, source="World")

    def est(country, weight=None):
        return shipping.estimate(db_session, country=country, incoterm="DAP", value_krw=100_000, weight_g=weight)

    assert [est("DE").source, est("FR").source, est("US").source] == ["DE tariff", "EU tariff", "World"]
    assert (est("JP", 4_999).shipping_krw, est("JP", 5_000).shipping_krw) == (20_000, 60_000)
    assert est("JP").source == "World"  # no weight known: Asia has weight bands only


def test_estimate_by_incoterm_free_shipping_and_duties(db_session, admin):
    """Duties are the row's percent of the goods; the maker's free shipping applies only when the maker carries
    the goods (CIF, DAP, DDP) and the order reaches it; without a rate the estimate says so."""
    _rate(db_session, admin, "JP", cost=25_000, duty="7.5")
    policy = shipping.Policy(free_shipping_from_krw=500_000, returns_days=None, returns_note=None)
    dap = shipping.estimate(db_session, country="JP", incoterm="DAP", value_krw=600_000, weight_g=None, policy=policy)
    fob = shipping.estimate(db_session, country="JP", incoterm="FOB", value_krw=600_000, weight_g=None, policy=policy)
    small = shipping.estimate(db_session, country="JP", incoterm="DDP", value_krw=100_000, weight_g=None,
                              policy=policy)
    assert (dap.shipping_krw, dap.free_shipping, dap.duties_krw) == (0, True, 45_000)
    assert (fob.shipping_krw, fob.free_shipping) == (25_000, False)
    assert (small.shipping_krw, small.duties_krw, small.maker_pays_duties) == (25_000, 7_500, True)
    missing = shipping.estimate(db_session, country="BR", incoterm="DAP", value_krw=1, weight_g=None)
    assert not missing.found and missing.duties_krw is None


def test_admin_page_lists_adds_edits_and_refuses(db_session, app, make_user, buyer):
    """The admin adds a row on the page; a bad row re-renders with the message on its field (422) and adds
    nothing; a row can be edited and removed; other users are refused."""
    from tests.factories.clients import isolated_client

    admin_client = isolated_client(app, make_user(role="admin", name="Admin"))
    token = csrf_token(admin_client, "/en/orders/shipping-rates")
    form = {"csrf_token": token, "destination": "JP", "basis": "value", "band_min": "0", "band_max": "",
            "shipping_krw": "25000", "duty_percent": "10", "set_on": "2026-12-01", "source": "EMS tariff 2026"}
    assert admin_client.post("/en/orders/shipping-rates", data=form).status_code == 302
    bad = admin_client.post("/en/orders/shipping-rates", data=form | {"duty_percent": "250"})
    assert bad.status_code == 422 and "between 0 and 100" in bad.get_data(as_text=True)
    row = db_session.exec(select(ShippingRate)).one()
    page = admin_client.get("/en/orders/shipping-rates").get_data(as_text=True)
    assert "EMS tariff 2026" in page and "Japan" in page
    assert admin_client.post(f"/en/orders/shipping-rates/{row.id}", data=form | {"shipping_krw": "27000"}
                             ).status_code == 302
    db_session.refresh(row)
    assert row.shipping_krw == 27_000
    assert admin_client.get("/en/orders/shipping-rates/999999").status_code == 404
    assert buyer.client.get("/en/orders/shipping-rates").status_code == 403
    assert admin_client.post(f"/en/orders/shipping-rates/{row.id}/delete", data={"csrf_token": token}
                             ).status_code == 302
    assert count(db_session, ShippingRate) == 0


# --- the maker's policy ------------------------------------------------------------------------------------------


def test_policy_is_validated_and_kept(db_session, maker, other_maker):
    """A maker sets a threshold, returns days and a note; bad values are refused on their field; another
    maker cannot touch it."""
    for values, field in ((dict(free_shipping_from_krw="-3"), "free_shipping_from_krw"),
                          (dict(free_shipping_from_krw="lots"), "free_shipping_from_krw"),
                          (dict(returns_days="400"), "returns_days"),
                          (dict(returns_note="x" * 1001), "returns_note")):
        with pytest.raises(OrderError) as refused:
            shipping.set_policy(db_session, maker.user, maker.org.id, **values)
        assert refused.value.field == field
        db_session.rollback()
    with pytest.raises(OrderError) as refused:
        shipping.set_policy(db_session, other_maker.user, maker.org.id, returns_days=30)
    assert refused.value.status == 404
    shipping.set_policy(db_session, maker.user, maker.org.id, free_shipping_from_krw="1,500,000", returns_days="30",
                        returns_note="미사용 제품만 반품 가능합니다.", locale="ko")
    db_session.commit()
    policy = shipping.maker_policy(db_session, maker.org.id, "ja")
    assert (policy.free_shipping_from_krw, policy.returns_days) == (1_500_000, 30)
    assert policy.returns_note.locale == "ko" and policy.returns_note.is_fallback
    assert count(db_session, MakerShippingPolicy) == 1


def test_policy_shows_on_maker_page_product_page_and_cart_in_japanese(db_session, maker, buyer, wallet):
    """The settings page saves the policy; the Japanese buyer reads it in Japanese, with the threshold in yen,
    on the product page and in the cart."""
    token = csrf_token(maker.client, f"/en/orders/terms/{maker.org.id}/shipping")
    bad = maker.client.post(f"/en/orders/terms/{maker.org.id}/shipping",
                            data={"csrf_token": token, "free_shipping_from_krw": "0", "returns_days": "14"})
    assert bad.status_code == 422 and db_session.get(MakerShippingPolicy, maker.org.id) is None
    done = maker.client.post(f"/en/orders/terms/{maker.org.id}/shipping",
                             data={"csrf_token": token, "free_shipping_from_krw": "1000000", "returns_days": "14"})
    assert done.status_code == 302
    product = buyer.client.get(f"/ja/products/{wallet.id}").get_data(as_text=True)
    assert "送料無料" in product and "￥" in product and "14" in product
    carts.add_to_cart(db_session, buyer.user, wallet.id, 20)
    db_session.commit()
    cart = buyer.client.get("/ja/cart").get_data(as_text=True)
    assert "送料無料" in cart and "返品" in cart


# --- checkout, order and invoice ---------------------------------------------------------------------------------


def test_checkout_keeps_the_estimate_on_each_order_and_never_charges_it(db_session, admin, buyer, wallet, bowl,
                                                                       maker):
    """Two makers, one with free shipping reached: each order keeps the incoterm, carriage and duties with the
    rate's date and source, and what the buyer pays is the goods alone."""
    _rate(db_session, admin, "JP", cost=25_000, duty="10", source="EMS 2026")
    shipping.set_policy(db_session, maker.user, maker.org.id, free_shipping_from_krw=900_000)
    carts.add_to_cart(db_session, buyer.user, wallet.id, 20)  # 960,000 won: free shipping from Saesol
    carts.add_to_cart(db_session, buyer.user, bowl.id, 10)  # 300,000 won
    db_session.commit()
    with pytest.raises(OrderError) as refused:
        _checkout(db_session, buyer, incoterm="XYZ")
    assert refused.value.field == "incoterm"
    db_session.rollback()
    orders = {o.maker_org_id: o for o in _checkout(db_session, buyer, incoterm="DAP")}
    saesol, mullae = orders[wallet.maker_id], orders[bowl.maker_id]
    assert (saesol.incoterm, saesol.free_shipping, saesol.shipping_estimate_krw, saesol.duties_estimate_krw) == (
        "DAP", True, 0, 96_000)
    assert (mullae.shipping_estimate_krw, mullae.duties_estimate_krw, mullae.estimate_set_on,
            mullae.estimate_source) == (25_000, 30_000, DAY, "EMS 2026")
    assert order_amount(mullae) == ("KRW", 300_000)


def test_order_page_and_invoice_show_estimates_as_not_charged(db_session, admin, buyer, bowl):
    """The order page shows the estimate lines marked "not charged"; the invoice PDF prints them under the total
    due, which stays the goods' price."""
    _rate(db_session, admin, "JP", cost=25_000, duty="10", source="EMS 2026")
    carts.add_to_cart(db_session, buyer.user, bowl.id, 10)
    db_session.commit()
    order = _checkout(db_session, buyer, incoterm="CIF")[0]
    page = buyer.client.get(f"/en/orders/{order.id}").get_data(as_text=True)
    assert "Estimated shipping (CIF), not charged" in page and "₩25,000" in page and "₩30,000" in page
    token = csrf_token(buyer.client, f"/en/pay/wholesale_order/{order.id}")
    assert buyer.client.post(f"/en/pay/wholesale_order/{order.id}", data={"csrf_token": token}).status_code == 302
    payment = db_session.exec(select(Payment)).one()
    assert payment.amount_minor == 300_000
    pdf = buyer.client.get(f"/en/payments/{payment.id}/invoice.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.get_data())).pages)
    assert "Estimates, not included in the total due" in text
    assert "Estimated shipping, CIF (not charged)" in text and "₩25,000" in text and "₩30,000" in text
    assert "EMS 2026" in text and "₩300,000" in text


def test_cart_page_estimate_follows_destination_and_incoterm(db_session, admin, buyer, bowl):
    """The cart estimates for the chosen country and incoterm, says duties are an estimate, and says when the
    table has no rate for the destination."""
    _rate(db_session, admin, "JP", cost=25_000, duty="10", source="EMS 2026")
    carts.add_to_cart(db_session, buyer.user, bowl.id, 10)
    db_session.commit()
    page = buyer.client.get("/en/cart?country=JP&incoterm=DDP").get_data(as_text=True)
    assert "Estimate, not charged" in page and "₩25,000" in page and "paid by the maker" in page
    assert "Duties are an estimate" in page
    other = buyer.client.get("/en/cart?country=BR&incoterm=DAP").get_data(as_text=True)
    assert "We have no shipping rate for Brazil yet" in other
    assert db_session.exec(select(WholesaleOrder)).first() is None
    assert Decimal("10") == db_session.exec(select(ShippingRate.duty_percent)).one()


def test_cart_says_when_products_are_not_offered_under_the_incoterm(db_session, admin, buyer, bowl):
    """A product whose maker lists only EXW and FOB is flagged under DDP, not under FOB; a product listing no
    incoterms is open to any."""
    bowl.incoterms = ["EXW", "FOB"]
    db_session.add(bowl)
    carts.add_to_cart(db_session, buyer.user, bowl.id, 10)
    db_session.commit()
    cart = carts.load_cart(db_session, buyer.user)
    assert shipping.cart_estimates(db_session, cart, "JP", "DDP", "en")[bowl.maker_id].not_offered == (bowl.id,)
    assert shipping.cart_estimates(db_session, cart, "JP", "FOB", "en")[bowl.maker_id].not_offered == ()
    page = buyer.client.get("/en/cart?country=JP&incoterm=DDP").get_data(as_text=True)
    assert "1 product of this maker is not offered under DDP" in page
    bowl.incoterms = []
    db_session.add(bowl)
    db_session.commit()
    assert shipping.cart_estimates(db_session, carts.load_cart(db_session, buyer.user), "JP", "DDP",
                                   "en")[bowl.maker_id].not_offered == ()
