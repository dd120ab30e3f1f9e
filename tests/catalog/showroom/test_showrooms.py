"""Showrooms, the API's model_3d, trade-fair cards and booth posters, and the makers' 3D numbers."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from catalog.showroom.services import showrooms, stats
from market.refusals import Refusal
from market.rfq.models import Rfq
from tests.helpers import sign_in


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(page.extract_text() for page in reader.pages).replace("\x00", "")


def test_api_products_carry_model_3d(app, client, db_session, maker_product, ready_model, make_org, make_user):
    """GET /api/v1/products/{id} and the product list carry model_3d (links, size, placement); others null."""
    _c, _owner, maker, product = maker_product
    from tests.factories.makers import make_product

    plain = make_product(db_session, maker, title={"ko": "지갑", "en": "Wallet"})
    one = client.get(f"/api/v1/products/{product.id}?lang=en").get_json()
    model = one["model_3d"]
    assert model["dimensions_mm"] == [300, 120, 100] and model["placement"] == "floor"
    assert model["usdz_url"].startswith("http") and model["usdz_url"].split("?")[0].endswith(
        f"/showroom-files/{product.id}/model.usdz")
    assert client.get(model["glb_url"]).data[:4] == b"glTF"
    assert client.get(model["poster_url"]).mimetype == "image/png"
    assert client.get(f"/api/v1/products/{plain.id}").get_json()["model_3d"] is None
    listed = {item["id"]: item for item in client.get("/api/v1/products?per_page=20").get_json()["items"]}
    assert listed[product.id]["model_3d"]["glb_url"] == model["glb_url"]
    assert listed[plain.id]["model_3d"] is None


def test_draft_models_stay_private(app, client, db_session, maker_product, ready_model):
    """A draft product's model files answer 404 to others, and its page and API show no model."""
    from catalog.products.models import ProductStatus

    _c, _owner, _maker, product = maker_product
    product.status = ProductStatus.draft
    db_session.add(product)
    db_session.commit()
    assert client.get(f"/showroom-files/{product.id}/model.glb").status_code == 404
    assert client.get(f"/api/v1/products/{product.id}").status_code == 404


def test_product_page_in_every_locale(client, maker_product, ready_model, rates):
    """The product page shows the AR viewer, the true size and a Quick Look link whose banner says "Request a
    quote" in the buyer's language with the price in their currency; without AR support it says so."""
    _c, _owner, _maker, product = maker_product
    prices = {"en": "%24179.70", "ko": "%E2%82%A9250%2C000", "ja": "%EF%BF%A527%2C579", "zh_Hans": "CN%C2%A5",
              "vi": "4.556.224%C2%A0%E2%82%AB"}
    for locale, price in prices.items():
        page = client.get(f"/{locale.lower().replace('_', '-')}/products/{product.id}").get_data(as_text=True)
        assert 'ar-modes="webxr scene-viewer quick-look"' in page and 'ar-scale="fixed"' in page, locale
        assert 'ios-src="/showroom-files/' in page and "model.usdz?v=" in page
        link = page.split('id="quick-look-link" rel="ar" href="')[1].split('"')[0].replace("&amp;", "&")
        assert "#callToAction=" in link and price in link.split("&price=")[1], link
        english = "callToAction=Request%20a%20quote&" in link
        assert english == (locale == "en"), link
        assert 'id="ar-unsupported"' in page
    en = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert "checkoutTitle=Hand-lasted%20Chelsea%20boots" in en.replace("&amp;", "&")
    assert "This device cannot show the product in your room" in en and "300 × 120 × 100 mm" in en


def test_curators_arrange_showrooms(app, client, db_session, maker_product, ready_model, showroom, make_user):
    """Curators add products to rows and move them; a maker cannot; the page shows the rows with the seal's
    slot, 3D links and "Request a quote"."""
    maker_client, owner, _maker, product = maker_product
    with pytest.raises(Refusal):
        showrooms.add_to_showroom(db_session, owner, showroom.id, product.id)
    curator = make_user(role="curator")
    curator_client = app.test_client()
    sign_in(curator_client, curator)
    page = curator_client.get("/en/showroom/seongsu").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = curator_client.post("/en/showroom/seongsu/items",
                                   data={"csrf_token": token, "product_id": product.id, "row": 2})
    assert response.status_code == 302
    again = curator_client.post("/en/showroom/seongsu/items",
                                data={"csrf_token": token, "product_id": product.id, "row": 1})
    assert again.status_code == 409 and "already in the showroom" in again.get_data(as_text=True)
    rows = showrooms.showroom_rows(db_session, showroom, "en")
    assert [[c.product.id for c in row] for row in rows] == [[product.id]] and rows[0][0].item.row == 1
    item = rows[0][0].item
    assert curator_client.post(f"/en/showroom/seongsu/items/{item.id}/move",
                               data={"csrf_token": token, "direction": "up"}).status_code == 302
    db_session.refresh(item)
    assert item.row == 0
    public = client.get("/ko/showroom/seongsu").get_data(as_text=True)
    assert "성수 쇼룸" in public and "수제 첼시 부츠" in public and f"/products/{product.id}#model-3d" in public
    assert maker_client.post(f"/en/showroom/seongsu/items/{item.id}/remove",
                             data={"csrf_token": token}).status_code in (302, 400, 403)
    assert showrooms.showroom_rows(db_session, showroom, "en") != []
    assert client.get("/en/showroom/nowhere").status_code == 404
    api = client.get("/api/v1/showrooms?lang=en").get_json()["items"]
    assert api[0]["slug"] == "seongsu" and api[0]["rows"][0][0]["product_id"] == product.id


def test_trade_fair_card_and_booth_poster(app, client, db_session, maker_product, ready_model, showroom, rates):
    """The A5 card has the title in two languages, the price band in won and the buyer's currency and a QR code
    image; the booth poster lists the showroom's products."""
    _c, _owner, _maker, product = maker_product
    db_session.add(showrooms.ShowroomItem(showroom_id=showroom.id, product_id=product.id))
    db_session.commit()
    response = client.get(f"/en/showroom/products/{product.id}/card.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert round(width / 72 * 25.4) == 148 and round(height / 72 * 25.4) == 210
    text = _text(response.data)
    assert "Hand-lasted Chelsea boots" in text and "수제 첼시 부츠" in text, text
    assert "₩250,000" in text and "$179.70" in text
    assert len(reader.pages[0].images) >= 2  # the poster and the QR code
    poster = client.get("/en/showroom/seongsu/poster.pdf")
    assert poster.status_code == 200 and "Hand-lasted Chelsea boots" in _text(poster.data)


def test_maker_sees_views_ar_launches_and_rfqs(app, client, db_session, maker_product, ready_model, make_user,
                                               make_org):
    """Views and AR launches sent by the page are counted per platform; RFQs since the model are counted; the
    maker's page shows them; unknown platforms are refused."""
    maker_client, _owner, maker, product = maker_product
    page = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    token = page.split('data-csrf="')[1].split('"')[0]
    for kind, platform in [("view", ""), ("view", ""), ("ar", "quick-look"), ("ar", "webxr"), ("quote", "")]:
        response = client.post("/en/showroom/events", data={"csrf_token": token, "product_id": product.id,
                                                            "kind": kind, "platform": platform})
        assert response.status_code == 204
    bad = client.post("/en/showroom/events", data={"csrf_token": token, "product_id": product.id, "kind": "ar",
                                                  "platform": "hologram"})
    assert bad.status_code == 422 and bad.get_json()["error"]["fields"]["platform"]
    buyer = make_org(make_user(), kind="buyer", name="Buyer")
    db_session.add(Rfq(buyer_org_id=buyer.id, maker_org_id=maker.id, product_id=product.id, quantity=20,
                       message="Quote please"))
    db_session.commit()
    numbers = stats.product_stats(db_session, [product.id])[product.id]
    assert numbers.views == 2 and numbers.ar_by_platform == {"webxr": 1, "scene-viewer": 0, "quick-look": 1}
    assert numbers.quote_taps == 1 and numbers.rfqs_since == 1
    mine = maker_client.get(f"/en/showroom/products/{product.id}/model").get_data(as_text=True)
    assert 'id="model-stats"' in mine and "Quick Look (iOS)" in mine


def test_pages_in_every_locale(app, client, db_session, maker_product, ready_model, showroom):
    """The showroom list, a showroom and the maker's 3D page answer in all five languages."""
    maker_client, _owner, _maker, product = maker_product
    db_session.add(showrooms.ShowroomItem(showroom_id=showroom.id, product_id=product.id))
    db_session.commit()
    words = {"ko": "쇼룸", "en": "showroom", "ja": "ショールーム", "zh-hans": "展厅", "vi": "phòng trưng bày"}
    for prefix, word in words.items():
        listing = client.get(f"/{prefix}/showroom/")
        assert listing.status_code == 200 and word in listing.get_data(as_text=True).lower()
        assert client.get(f"/{prefix}/showroom/seongsu").status_code == 200
        mine = maker_client.get(f"/{prefix}/showroom/products/{product.id}/model")
        assert mine.status_code == 200 and 'id="conversion-ready"' in mine.get_data(as_text=True)
    assert client.get(f"/en/showroom/products/{product.id}/model").status_code in (302, 401)
