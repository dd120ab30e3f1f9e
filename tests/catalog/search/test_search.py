"""Catalog search: words in any language (Korean morphology, glossary across languages), filters in the
buyer's currency, facet counts, sorting and pages — on the page and through the API."""

import datetime as dt

import pytest

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from catalog.search.services import CatalogQuery, search_catalog
from i18n import money
from i18n.text import query_tokens, tokenize
from tests.factories.money import clear_rates


@pytest.fixture
def catalog(app, db_session, make_user, make_org):
    """Five products in three clusters, written in Korean, English and Japanese; a rate for USD only."""
    clear_rates(db_session)
    money.set_rate(db_session, "USD", "1400", dt.date(2026, 11, 20))
    seongsu = make_org(make_user(), kind="maker", name="Saesol Shoes", cluster_code="seongsu")
    jongno = make_org(make_user(), kind="maker", name="Jongno Gold", cluster_code="jongno")
    mullae = make_org(make_user(), kind="maker", name="Hanbit Precision", cluster_code="mullae")
    specs = [
        (seongsu, "shoes", 280_000, 10, 21, {"ko": "수제 송아지 가죽 첼시 부츠", "en": "Handmade calfskin Chelsea boots"}),
        (seongsu, "bags", 140_000, 5, 14, {"ko": "식물성 무두질 가죽 토트백", "en": "Vegetable-tanned leather tote"}),
        (jongno, "rings", 420_000, 3, 30, {"ko": "로스트왁스 주조 18K 금 반지",
                                            "ja": "ロストワックス鋳造 18K ゴールドリング"}),
        (jongno, "rings", 90_000, 20, 10, {"en": "Sterling silver band ring, lost-wax casting"}),
        (mullae, "machined_parts", 48_000, 100, 7, {"ko": "CNC 밀링 알루미늄 하우징, 아노다이징",
                                                    "en": "CNC milling aluminium housing with anodising"}),
    ]
    products = []
    for maker, category, price, moq, lead, title in specs:
        source = "ko" if "ko" in title else next(iter(title))
        products.append(add_product(db_session, maker, title=title, description={source: title[source]},
                                    source_locale=source, status=ProductStatus.published, category=category,
                                    price_krw=price, moq=moq, lead_time_days=lead))
    draft = add_product(db_session, mullae, title={"en": "Secret prototype boots"}, description={"en": "x"},
                        source_locale="en", category="shoes", price_krw=1000)
    db_session.commit()
    return products, draft


def _ids(page):
    return [card.product.id for card in page.items]


def test_korean_morphology_and_particles():
    """Korean words match with their particles and endings removed."""
    assert tokenize("부츠를 만들었습니다") == ["부츠", "만들"]
    assert "boot" in tokenize("Chelsea boots")


def test_words_in_any_language_find_products(db_session, catalog):
    """English, Korean and Japanese queries find products written in those languages; drafts never show."""
    products, draft = catalog
    assert _ids(search_catalog(db_session, CatalogQuery(q="chelsea boots"))) == [products[0].id]
    assert _ids(search_catalog(db_session, CatalogQuery(q="부츠를", lang="ko"))) == [products[0].id]
    assert products[2].id in _ids(search_catalog(db_session, CatalogQuery(q="ゴールドリング", lang="ja")))
    assert draft.id not in _ids(search_catalog(db_session, CatalogQuery(q="secret prototype boots")))


def test_glossary_bridges_languages(db_session, catalog):
    """A Korean query for lost-wax casting finds the English-only silver ring, through the glossary."""
    products, _draft = catalog
    assert "§jewelry.lost_wax_casting" in query_tokens("로스트왁스 주조", "ko")
    found = _ids(search_catalog(db_session, CatalogQuery(q="로스트왁스 주조", lang="ko")))
    assert products[3].id in found and products[2].id in found


def test_filters_facets_and_price_in_buyer_currency(db_session, catalog):
    """Cluster, category, price in USD, MOQ and lead time filter; facets count with the other filters."""
    products, _draft = catalog
    page = search_catalog(db_session, CatalogQuery(clusters=("jongno",)))
    assert sorted(_ids(page)) == sorted([products[2].id, products[3].id])
    assert page.facets["cluster"] == {"seongsu": 2, "jongno": 2, "mullae": 1}
    assert page.facets["category"] == {"rings": 2}
    cheap = search_catalog(db_session, CatalogQuery(max_price=100, currency="USD"))
    assert sorted(_ids(cheap)) == sorted([products[1].id, products[3].id, products[4].id])
    assert _ids(search_catalog(db_session, CatalogQuery(max_moq=5, max_lead_time=20))) == [products[1].id]


def test_sorting_and_pages(db_session, catalog):
    """Prices sort both ways and results come in pages."""
    products, _draft = catalog
    by_price = _ids(search_catalog(db_session, CatalogQuery(sort="price_asc")))
    assert by_price[0] == products[4].id and by_price[-1] == products[2].id
    assert _ids(search_catalog(db_session, CatalogQuery(sort="price_desc")))[0] == products[2].id
    page2 = search_catalog(db_session, CatalogQuery(sort="price_asc", per_page=2, page=2))
    assert page2.total == 5 and page2.pages == 3 and _ids(page2) == by_price[2:4]


def test_catalog_page(client, catalog):
    """The catalog page shows counts, localized titles, prices in the buyer's currency and keeps filters."""
    products, _draft = catalog
    html = client.get("/en/catalog/?cluster=seongsu&sort=price_asc").get_data(as_text=True)
    assert "2 products" in html and "Vegetable-tanned leather tote" in html and "$100.00" in html
    assert 'value="seongsu" checked' in html
    ja = client.get("/ja/catalog/?q=ロストワックス").get_data(as_text=True)
    assert "ロストワックス鋳造 18K ゴールドリング" in ja


def test_bad_filters_are_reported_not_fatal(client, catalog):
    """Unreadable filters answer 422 with what was wrong, and the page still lists products."""
    response = client.get("/en/catalog/?min_price=abc&sort=cheapest")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "min_price" in html and "sort" in html and "5 products" in html


def test_products_api(client, catalog):
    """GET /api/v1/products answers the list envelope with facets, money in the asked currency, and 422s."""
    products, _draft = catalog
    body = client.get("/api/v1/products?cluster=jongno&currency=usd&lang=en&sort=price_asc").json
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 24
    first = body["items"][0]
    assert first["id"] == products[3].id and first["price"] == {"amount": "64.29", "currency": "USD",
                                                              "rate_date": "2026-11-20"}
    assert body["items"][1]["title"]["locale"] == "ko" and body["items"][1]["title"]["fallback"] is True
    assert client.get("/api/v1/products?cluster=jongno,seongsu").json["total"] == 4
    for query, field in (("min_price=-1", "min_price"), ("currency=GBP", "currency"), ("page=0", "page"),
                         ("min_price=5&max_price=1", "max_price"), ("colour=red", "colour")):
        response = client.get(f"/api/v1/products?{query}")
        assert response.status_code == 422 and field in response.json["error"]["fields"], query
    assert client.get("/api/v1/products?max_price=10&currency=JPY").status_code == 422


def test_index_follows_catalog_changes(app, db_session, catalog):
    """A newly published product and a changed title are found by the next search."""
    from catalog.products.models import Product
    from i18n import content

    products, draft = catalog
    assert search_catalog(db_session, CatalogQuery(q="prototype")).total == 0
    db_session.get(Product, draft.id).status = ProductStatus.published
    db_session.commit()
    assert _ids(search_catalog(db_session, CatalogQuery(q="prototype"))) == [draft.id]
    content.set_text(db_session, "product", products[1].id, "title", "en", "Saddle leather weekender")
    db_session.commit()
    assert _ids(search_catalog(db_session, CatalogQuery(q="weekender"))) == [products[1].id]


def test_price_range_error_is_translated_on_its_field(client, catalog):
    """A lowest price above the highest one is told in the page's language, on the highest-price field, never
    as pydantic's English message."""
    html = client.get("/ko/catalog/?min_price=100&max_price=10").get_data(as_text=True)
    assert "최고 가격이 최저 가격보다 낮습니다." in html and "Value error" not in html and "min_price is" not in html
    assert 'aria-invalid="true" aria-describedby="max_price-error"' in html and "<code>" not in html
