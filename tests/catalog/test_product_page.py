"""The product page: texts in the visitor's language or a marked fallback, price in their currency."""

import datetime as dt

import pytest

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from i18n import money
from tests.factories.money import clear_rates


@pytest.fixture
def boots(app, db_session, make_org, make_user):
    """A published Seongsu product written in Korean, translated into English and Japanese only; rates for USD,
    JPY and VND only (not the reference rates of every currency)."""
    clear_rates(db_session)
    for currency, rate in {"USD": "1391.20", "JPY": "9.065", "VND": "0.05487"}.items():
        money.set_rate(db_session, currency, rate, dt.date(2026, 11, 20))
    owner = make_user()
    maker = make_org(owner, kind="maker", name="Saesol Shoes", cluster_code="seongsu")
    product = add_product(
        db_session, maker, status=ProductStatus.published, category="shoes", price_krw=250_000, moq=10,
        unit="pair", lead_time_days=21, materials=["calfskin"],
        title={"ko": "수제 송아지 가죽 첼시 부츠", "en": "Hand-lasted calfskin Chelsea boots",
               "ja": "ハンドラスティング カーフレザー チェルシーブーツ"},
        description={"ko": "성수동에서 만든 부츠입니다.", "en": "Made in Seongsu-dong."},
        quantity_tiers=[{"min_qty": 50, "price_krw": 230_000}],
    )
    db_session.commit()
    return product, owner


def test_product_in_each_locale(client, boots):
    """Each locale shows the listing in its language (or says it falls back) and the price in its currency."""
    product, _owner = boots
    en = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert "Hand-lasted calfskin Chelsea boots" in en and "$179.70" in en and "Nov 20, 2026" in en
    ja = client.get(f"/ja/products/{product.id}").get_data(as_text=True)
    assert "ハンドラスティング" in ja and "￥27,579" in ja
    assert "Made in Seongsu-dong." in ja and "fallback-note" in ja
    vi = client.get(f"/vi/products/{product.id}").get_data(as_text=True)
    assert "Hand-lasted calfskin Chelsea boots" in vi and "fallback-note" in vi
    assert "4.556.224" in vi
    ko = client.get(f"/ko/products/{product.id}").get_data(as_text=True)
    assert "수제 송아지 가죽 첼시 부츠" in ko and "₩250,000" in ko and "fallback-note" not in ko


def test_buyer_chooses_currency(client, boots):
    """A buyer picks a currency; it sticks across pages and locales; a currency without a rate shows won."""
    product, _owner = boots
    page = client.get(f"/en/products/{product.id}?currency=JPY").get_data(as_text=True)
    assert "¥27,579" in page
    assert "￥" in client.get(f"/ja/products/{product.id}").get_data(as_text=True)
    page = client.get(f"/en/products/{product.id}?currency=CNY").get_data(as_text=True)
    assert "₩250,000" in page and "CN¥" not in page


def test_drafts_are_only_for_their_maker(client, app, db_session, boots, make_user, make_org):
    """An unpublished product answers 404 to others and shows to its maker with an edit link."""
    from tests.helpers import sign_in

    product, owner = boots
    product.status = ProductStatus.draft
    db_session.commit()
    assert client.get(f"/en/products/{product.id}").status_code == 404
    stranger = app.test_client()
    sign_in(stranger, make_user())
    assert stranger.get(f"/en/products/{product.id}").status_code == 404
    maker_client = app.test_client()
    sign_in(maker_client, owner)
    page = maker_client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert "Edit translations" in page


def test_product_api_in_language_and_currency(client, boots):
    """GET /api/v1/products/{id} answers the texts with their real language and fallback flag, and money
    in KRW plus the requested currency with the rate date."""
    product, _owner = boots
    body = client.get(f"/api/v1/products/{product.id}?lang=vi&currency=usd").json
    assert body["title"] == {"text": "Hand-lasted calfskin Chelsea boots", "locale": "en", "fallback": True,
                             "reviewed": False}
    assert body["price_krw"] == 250_000
    assert body["price"] == {"amount": "179.70", "currency": "USD", "rate_date": "2026-11-20"}
    assert body["quantity_tiers"][0]["price"]["amount"] == "165.32"
    ja = client.get(f"/api/v1/products/{product.id}?lang=ja").json
    assert ja["title"]["locale"] == "ja" and not ja["title"]["fallback"] and ja["price"]["currency"] == "JPY"
    assert client.get(f"/api/v1/products/{product.id}?currency=CNY").json["price"] is None


def test_product_api_refuses_bad_parameters(client, boots):
    """Unknown languages, currencies or parameters answer 422 with the field; a missing product 404."""
    product, _owner = boots
    for query, field in (("lang=de", "lang"), ("currency=GBP", "currency"), ("colour=red", "colour")):
        response = client.get(f"/api/v1/products/{product.id}?{query}")
        assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert client.get("/api/v1/products/999999").status_code == 404
