"""A product never links to a missing maker page, a long description is never cut, and drafts can be deleted."""

from __future__ import annotations

from sqlmodel import select

from catalog.makers.models import MakerProfile
from catalog.products import services
from catalog.products.models import Product, ProductImage, ProductStatus
from i18n import content
from market.uploads.images import Upload
from tests.factories.files import png_bytes
from tests.helpers import csrf_token


def _ready(db_session, user, org, make_draft) -> Product:
    """A draft with everything publishing needs (texts, price, one photo)."""
    product = make_draft(user, org)
    services.add_product_images(db_session, user, product.id, [Upload("boots.png", png_bytes())])
    db_session.commit()
    return product


def test_first_product_publishes_the_profile(app, db_session, maker, csrf, make_draft, client):
    """Publishing the first product makes the maker's profile public, so the product's maker link works."""
    maker_client, user, org = maker
    assert db_session.get(MakerProfile, org.id) is None
    product = _ready(db_session, user, org, make_draft)
    response = maker_client.post(f"/en/products/{product.id}/publish", data={"csrf_token": csrf},
                                 follow_redirects=True)
    assert "Your maker profile is public now too" in response.get_data(as_text=True)
    assert db_session.get(MakerProfile, org.id).published_at is not None
    page = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert f'href="/en/makers/{org.slug}"' in page
    assert client.get(f"/en/makers/{org.slug}").status_code == 200


def test_incomplete_profile_refuses_with_links(app, db_session, signed_in, make_draft):
    """A maker without a story of its workshop is told what its public profile lacks, with a link to where it
    is written; nothing is published."""
    maker_client, user, org = signed_in("maker")
    product = _ready(db_session, user, org, make_draft)
    token = csrf_token(maker_client, f"/en/products/{product.id}/edit")
    response = maker_client.post(f"/en/products/{product.id}/publish", data={"csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "your maker profile, which is not public yet" in html
    assert f'<a href="/en/organizations/{org.id}/edit">a short story of your workshop (About)</a>' in html
    assert "your cluster" not in html
    db_session.refresh(product)
    assert product.status == ProductStatus.draft
    assert db_session.get(MakerProfile, org.id) is None


def test_long_description_comes_back_marked_and_whole(app, db_session, maker, csrf, make_draft):
    """A description over the limit re-renders with the field marked and the whole text kept (no 500, no
    silent cut); the box has no maxlength (which cuts pastes) but a counter and the limit in its hint."""
    maker_client, user, org = maker
    product = make_draft(user, org)
    edit = maker_client.get(f"/en/products/{product.id}/edit").get_data(as_text=True)
    assert 'data-maxchars="8000"' in edit and "At most 8,000 characters." in edit
    assert 'maxlength="8000"' not in edit and "js/counter.js" in edit
    long_text = "가" * 3990 + "\r\n" * 20 + "나" * 4000
    form = {"csrf_token": csrf, "category": "shoes", "title": "부츠", "description": long_text,
            "price_krw": "250000", "moq": "10", "unit": "pair", "lead_time_days": "14"}
    response = maker_client.post(f"/en/products/{product.id}/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    textarea = html.split('id="description"', 1)[0].rsplit("<textarea", 1)[1] + html.split('id="description"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in textarea
    assert 'id="description-error"' in html and "Please correct the fields marked below:" in html
    assert "가" * 3990 + "\n" * 20 + "나" * 4000 in html
    # Line breaks count once each, as people see them: with 10 fewer of them the text is exactly at the limit.
    form["description"] = "가" * 3990 + "\r\n" * 10 + "나" * 4000
    assert maker_client.post(f"/en/products/{product.id}/edit", data=form).status_code == 302
    assert len(services.source_texts(db_session, product)[1]) == 8000


def test_draft_is_deleted_after_confirmation(app, db_session, maker, csrf, make_draft):
    """A draft's delete button asks first; deleting removes its texts and photos; a published product and
    others' drafts cannot be deleted."""
    maker_client, user, org = maker
    product = _ready(db_session, user, org, make_draft)
    listing = maker_client.get(f"/en/makers/manage/{org.id}/products").get_data(as_text=True)
    assert f'action="/en/products/{product.id}/delete"' in listing and "data-confirm=" in listing
    services.publish_product(db_session, user, product.id)
    db_session.commit()
    refused = maker_client.post(f"/en/products/{product.id}/delete", data={"csrf_token": csrf},
                                headers={"Referer": f"http://localhost/en/makers/manage/{org.id}/products"},
                                follow_redirects=True)
    assert "Only drafts can be deleted" in refused.get_data(as_text=True)
    services.unpublish_product(db_session, user, product.id)
    db_session.commit()
    image_ids = [i.id for i in services.list_images(db_session, product.id)]

    response = maker_client.post(f"/en/products/{product.id}/delete", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.headers["Location"] == f"/en/makers/manage/{org.id}/products"
    db_session.expire_all()
    assert db_session.get(Product, product.id) is None
    assert all(db_session.get(ProductImage, i) is None for i in image_ids)
    assert content.load_texts(db_session, "product", [product.id])[product.id] == {}


def test_others_cannot_delete_a_draft(app, db_session, maker, make_draft, signed_in):
    """Another maker's owner gets 404 and the draft stays."""
    _client, user, org = maker
    product = make_draft(user, org)
    other, _user, _org = signed_in("maker")
    token = csrf_token(other, "/en/account/")
    assert other.post(f"/en/products/{product.id}/delete", data={"csrf_token": token}).status_code == 404
    assert db_session.exec(select(Product).where(Product.id == product.id)).first() is not None

