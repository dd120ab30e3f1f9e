"""Makers manage their products through the pages: create, edit, publish and unpublish, with clear refusals,
and nobody else can see their drafts or change their products."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import select

from catalog.products import services
from catalog.products.models import Product, ProductStatus
from i18n import content
from market.refusals import Refusal
from market.uploads.images import Upload
from tests.factories.files import png_bytes
from tests.helpers import csrf_token

FORM = {
    "category": "shoes",
    "title": "수제 송아지 가죽 첼시 부츠",
    "description": "성수동 공방에서 굿이어 웰트 방식으로 만든 부츠입니다.",
    "price_krw": "250,000",
    "moq": "10",
    "unit": "pair",
    "lead_time_days": "21",
    "hs_code": "6403.91",
    "materials": ["shoes_leather.calfskin"],
    "materials-other": "가죽창,  calfskin , rubber",
    "length_mm": "320",
    "width_mm": "210",
    "height_mm": "130",
    "weight_g": "1800",
    "incoterms": ["FOB", "EXW"],
    "tiers-0-min_qty": "50",
    "tiers-0-price_krw": "230000",
    "tiers-1-min_qty": "200",
    "tiers-1-price_krw": "210000",
}


def _products(db_session, org) -> list[Product]:
    return list(db_session.exec(select(Product).where(Product.maker_id == org.id)))


def test_maker_creates_edits_publishes_and_unpublishes(app, db_session, maker, csrf, client):
    """The whole journey through the pages: a draft with Korean texts, photos, publish, edit, unpublish."""
    maker_client, user, org = maker
    page = maker_client.get(f"/en/makers/manage/{org.id}/products")
    assert page.status_code == 200 and "No products yet" in page.get_data(as_text=True)

    response = maker_client.post(f"/en/makers/manage/{org.id}/products/new", data=FORM | {"csrf_token": csrf})
    assert response.status_code == 302
    [product] = _products(db_session, org)
    assert response.headers["Location"].endswith(f"/en/products/{product.id}/edit#photos")
    assert product.status == ProductStatus.draft and product.source_locale == "ko"
    assert (product.price_krw, product.moq, product.unit, product.lead_time_days) == (250_000, 10, "pair", 21)
    assert product.hs_code == "640391" and product.materials == ["shoes_leather.calfskin", "가죽창", "rubber"]
    assert product.dimensions_mm == [320, 210, 130] and product.weight_g == 1800
    assert product.incoterms == ["EXW", "FOB"]
    assert product.quantity_tiers == [{"min_qty": 50, "price_krw": 230_000}, {"min_qty": 200, "price_krw": 210_000}]
    title = content.load_texts(db_session, "product", [product.id])[product.id]["title"]["ko"]
    assert title.text == FORM["title"] and title.source == "author" and title.reviewed

    edit_page = maker_client.get(f"/en/products/{product.id}/edit").get_data(as_text=True)
    assert f"/en/translations/product/{product.id}" in edit_page and "Title (한국어)" in edit_page
    assert "at least one image" in edit_page and 'value="250000"' in edit_page
    assert client.get(f"/en/products/{product.id}").status_code == 404  # drafts are not public

    response = maker_client.post(f"/en/products/{product.id}/images", content_type="multipart/form-data",
                                 data={"csrf_token": csrf, "images": [(io.BytesIO(png_bytes()), "boots.png", "image/png")]})
    assert response.status_code == 302
    response = maker_client.post(f"/en/products/{product.id}/publish", data={"csrf_token": csrf})
    assert response.status_code == 302
    db_session.refresh(product)
    assert product.status == ProductStatus.published and product.published_at is not None
    public = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert re.search(r"Made in Seoul — <a [^>]+>Seongsu-dong</a>", public) and "/media/public/" in public

    response = maker_client.post(f"/en/products/{product.id}/edit",
                                 data=FORM | {"csrf_token": csrf, "price_krw": "260000", "tiers-1-min_qty": "",
                                              "tiers-1-price_krw": ""})
    assert response.status_code == 302
    db_session.refresh(product)
    assert product.price_krw == 260_000 and product.quantity_tiers == [{"min_qty": 50, "price_krw": 230_000}]

    listing = maker_client.get(f"/en/makers/manage/{org.id}/products").get_data(as_text=True)
    assert FORM["title"] in listing and "Published" in listing
    response = maker_client.post(f"/en/products/{product.id}/unpublish", data={"csrf_token": csrf, "next": "list"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/en/makers/manage/{org.id}/products")
    db_session.refresh(product)
    assert product.status == ProductStatus.draft and product.published_at is None
    assert client.get(f"/en/products/{product.id}").status_code == 404


def test_publishing_without_image_says_what_is_missing(app, db_session, maker, csrf, make_draft):
    """Publishing a draft without a photo (or description, or price) is refused with what is missing."""
    client, user, org = maker
    product = make_draft(user, org)
    response = client.post(f"/en/products/{product.id}/publish", data={"csrf_token": csrf})
    assert response.status_code == 422
    assert "To publish this product, add at least one image." in response.get_data(as_text=True)
    db_session.refresh(product)
    assert product.status == ProductStatus.draft and product.published_at is None

    bare = make_draft(user, org, description="", price_krw=None)
    response = client.post(f"/en/products/{bare.id}/publish", data={"csrf_token": csrf})
    assert "add a description, a price, at least one image." in response.get_data(as_text=True)
    db_session.refresh(bare)
    assert bare.status == ProductStatus.draft


def test_publish_twice_is_a_conflict(app, db_session, maker, csrf, make_draft):
    """A product already published is not published again (the conditional update applies once)."""
    client, user, org = maker
    product = make_draft(user, org)
    services.add_product_images(db_session, user, product.id, [Upload("a.png", png_bytes())])
    services.publish_product(db_session, user, product.id)
    db_session.commit()
    response = client.post(f"/en/products/{product.id}/publish", data={"csrf_token": csrf})
    assert response.status_code == 409 and "already published" in response.get_data(as_text=True)
    services.unpublish_product(db_session, user, product.id)
    with pytest.raises(services.ProductError) as refused:
        services.unpublish_product(db_session, user, product.id)
    assert refused.value.code == "conflict"


def test_bad_input_rerenders_with_messages_and_changes_nothing(app, db_session, maker, csrf, make_draft):
    """Wrong fields come back with their messages and a 422; the stored product stays as it was."""
    client, user, org = maker
    product = make_draft(user, org)
    response = client.post(f"/en/products/{product.id}/edit", data=FORM | {
        "csrf_token": csrf, "title": "", "hs_code": "64A", "price_krw": "abc", "length_mm": "100", "width_mm": "",
        "height_mm": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This field is required." in html and "Not a valid integer value." in html
    db_session.refresh(product)
    assert product.price_krw == 250_000 and product.hs_code is None

    response = client.post(f"/en/products/{product.id}/edit", data=FORM | {
        "csrf_token": csrf, "hs_code": "64A", "length_mm": "100", "width_mm": "", "height_mm": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An HS code has 6 to 10 digits" in html and "Give all three dimensions" in html
    db_session.refresh(product)
    assert product.hs_code is None and product.dimensions_mm is None and product.quantity_tiers == []


def test_new_product_needs_csrf(app, db_session, maker):
    """A create request without the CSRF token is refused and creates nothing."""
    client, _user, org = maker
    response = client.post(f"/en/makers/manage/{org.id}/products/new", data=FORM)
    assert response.status_code == 400 and _products(db_session, org) == []


def test_another_maker_cannot_see_or_change(app, db_session, maker, make_draft, signed_in):
    """Another maker's owner gets 404 on every page and action of this maker, and nothing changes."""
    _client, user, org = maker
    product = make_draft(user, org)
    other, _other_user, other_org = signed_in("maker")
    token = csrf_token(other, f"/en/makers/manage/{other_org.id}/products/new")
    assert other.get(f"/en/makers/manage/{org.id}/products").status_code == 404
    assert other.get(f"/en/makers/manage/{org.id}/products/new").status_code == 404
    assert other.post(f"/en/makers/manage/{org.id}/products/new",
                      data=FORM | {"csrf_token": token}).status_code == 404
    assert other.get(f"/en/products/{product.id}").status_code == 404
    assert other.get(f"/en/products/{product.id}/edit").status_code == 404
    assert other.post(f"/en/products/{product.id}/edit",
                      data=FORM | {"csrf_token": token, "price_krw": "1"}).status_code == 404
    assert other.post(f"/en/products/{product.id}/publish", data={"csrf_token": token}).status_code == 404
    db_session.refresh(product)
    assert product.price_krw == 250_000 and product.status == ProductStatus.draft
    assert len(_products(db_session, org)) == 1
    assert other.get(f"/en/makers/manage/{other_org.id}/products").status_code == 200


def test_members_buyers_and_visitors_cannot_manage(app, db_session, maker, make_user, signed_in):
    """A plain member of the maker, a buyer and an anonymous visitor cannot open the maker's product pages."""
    from market.accounts.models import MembershipRole
    from market.accounts.services import add_member
    from tests.helpers import sign_in

    _client, _user, org = maker
    member = make_user()
    add_member(db_session, org, member, MembershipRole.member)
    db_session.commit()
    member_client = app.test_client()
    sign_in(member_client, member)
    assert member_client.get(f"/en/makers/manage/{org.id}/products").status_code == 404
    buyer, _b, buyer_org = signed_in("buyer")
    assert buyer.get(f"/en/makers/manage/{buyer_org.id}/products").status_code == 404
    anonymous = app.test_client().get(f"/en/makers/manage/{org.id}/products")
    assert anonymous.status_code == 302 and "/signin" in anonymous.headers["Location"]


def test_tier_errors_show_on_the_form(app, db_session, maker, csrf):
    """Quantity prices at or below the MOQ are refused next to the quantity prices, creating nothing."""
    client, _user, org = maker
    response = client.post(f"/en/makers/manage/{org.id}/products/new",
                           data=FORM | {"csrf_token": csrf, "tiers-0-min_qty": "10"})
    assert response.status_code == 422
    assert "Quantity prices start above the minimum order quantity (10)." in response.get_data(as_text=True)
    assert _products(db_session, org) == []


@pytest.mark.parametrize(("rows", "message"), [
    ([(10, 90)], "start above the minimum order quantity"),
    ([(5, 90)], "start above the minimum order quantity"),
    ([(50, 90), (50, 80)], "larger quantity than the one before"),
    ([(50, 90), (40, 80)], "larger quantity than the one before"),
    ([(50, 100)], "lower than the unit price"),
    ([(50, 90), (100, 90)], "lower than the unit price and the quantity price before"),
    ([(50, 90), (100, 95)], "lower than the unit price"),
    ([(50, None)], "Give both the quantity and the unit price"),
    ([(0, 80)], "positive whole numbers"),
])
def test_tier_validation_refuses(app, rows, message):
    """Quantity prices must rise in quantity above the MOQ and fall in price below the unit price."""
    with pytest.raises(services.ProductError) as refused:
        services.validate_tiers(rows, moq=10, price_krw=100)
    assert message in refused.value.message and refused.value.field == "quantity_tiers"


def test_tier_validation_accepts_and_skips_empty_rows(app):
    """Valid quantity prices are kept in order; empty rows are skipped."""
    tiers = services.validate_tiers([(20, 95), (None, None), (100, 80), (500, 70)], moq=10, price_krw=100)
    assert tiers == [{"min_qty": 20, "price_krw": 95}, {"min_qty": 100, "price_krw": 80},
                     {"min_qty": 500, "price_krw": 70}]
    assert services.validate_tiers([], moq=1, price_krw=None) == []


def test_published_product_keeps_price_and_description(app, db_session, maker, csrf, make_draft):
    """Removing the description or price of a published product is refused (unpublish first)."""
    client, user, org = maker
    product = make_draft(user, org)
    services.add_product_images(db_session, user, product.id, [Upload("a.png", png_bytes())])
    services.publish_product(db_session, user, product.id)
    db_session.commit()
    response = client.post(f"/en/products/{product.id}/edit",
                           data=FORM | {"csrf_token": csrf, "description": "", "price_krw": ""})
    assert response.status_code == 422 and "A published product needs a description" in response.get_data(
        as_text=True)
    assert services.source_texts(db_session, product)[1] == "성수동에서 만든 부츠입니다."


def test_status_change_applies_once_even_from_a_stale_copy(app, db_session, maker, make_draft):
    """A transition is one conditional update: a request holding an outdated status changes nothing."""
    import sqlalchemy as sa

    _client, user, org = maker
    product = make_draft(user, org)
    db_session.execute(sa.text("UPDATE products SET status = 'published' WHERE id = :id"), {"id": product.id})
    assert product.status == ProductStatus.draft  # this request's copy is stale
    with pytest.raises(Refusal) as refused:
        services._transition(db_session, product, ProductStatus.published)
    assert (refused.value.code, refused.value.status) == ("conflict", 409)
    assert db_session.scalar(sa.text("SELECT published_at FROM products WHERE id = :id"), {"id": product.id}) is None
