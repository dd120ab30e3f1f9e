"""The suggested retail price: optional in the product form, refused out of range, shown on the product page."""

from __future__ import annotations

from sqlmodel import select

from catalog.products.models import Product

FORM = {"category": "shoes", "title": "수제 첼시 부츠", "description": "성수동 공방에서 만든 부츠입니다.",
        "price_krw": "250,000", "moq": "10", "unit": "pair", "lead_time_days": "21"}


def test_maker_sets_a_suggested_retail_price(db_session, maker, csrf, client):
    """The form takes the price in won (optional); a bad one comes back marked and nothing is stored."""
    maker_client, _user, org = maker
    form = maker_client.get(f"/en/makers/manage/{org.id}/products/new").get_data(as_text=True)
    assert 'name="srp_krw"' in form and "Suggested retail price (won)" in form
    refused = maker_client.post(f"/en/makers/manage/{org.id}/products/new",
                                data=FORM | {"srp_krw": "0", "csrf_token": csrf})
    assert refused.status_code == 422
    assert db_session.exec(select(Product).where(Product.maker_id == org.id)).all() == []
    created = maker_client.post(f"/en/makers/manage/{org.id}/products/new",
                                data=FORM | {"srp_krw": "390,000", "csrf_token": csrf})
    assert created.status_code == 302
    product = db_session.exec(select(Product).where(Product.maker_id == org.id)).one()
    assert product.srp_krw == 390_000
    edit = maker_client.get(f"/en/products/{product.id}/edit").get_data(as_text=True)
    assert 'value="390000"' in edit or 'value="390,000"' in edit
    without = maker_client.post(f"/en/makers/manage/{org.id}/products/new", data=FORM | {"csrf_token": csrf})
    assert without.status_code == 302
    assert {p.srp_krw for p in db_session.exec(select(Product).where(Product.maker_id == org.id))} == {390_000, None}
