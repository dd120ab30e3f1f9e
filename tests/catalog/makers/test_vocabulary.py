"""A Korean maker's materials, capabilities and equipment cross the language gap without an engine: the maker
ticks them in Korean from the glossary's vocabulary, a Japanese buyer reads them in Japanese on the maker's page
and the product page; words the maker wrote under "Other" stay as written, marked as Korean."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from i18n.glossary import load_glossary
from tests.factories.makers import make_maker
from tests.helpers import csrf_token, sign_in

COWHIDE, SUEDE = "shoes_leather.cowhide", "shoes_leather.suede"
STITCHING = "shoes_leather.hand_stitching"
SEWING_MACHINE = "sewing.sewing_machine"


def _name(term_id: str, lang: str) -> str:
    return load_glossary().get(term_id).name(lang)


@pytest.fixture
def korean_maker(app, db_session, make_org, make_user):
    """A Seongsu workshop whose owner writes in Korean, signed in: returns (org, client)."""
    owner = make_user()
    org = make_maker(db_session, make_org, owner, name="Saesol Leather", name_ko="새솔가죽",
                     about={"ko": "성수동의 가죽 공방입니다."}, materials=["소가죽"], equipment=[])
    client = app.test_client()
    sign_in(client, owner)
    return org, client


def _texts(doc, heading: str) -> list:
    return doc.xpath(f'//h3[normalize-space()="{heading}"]/following-sibling::ul[1]/li')


def test_japanese_buyer_reads_a_korean_makers_vocabulary_in_japanese(app, db_session, korean_maker):
    """The Korean form shows the stored Korean word ticked in Korean; what the maker saves is read in Japanese,
    and the maker's own words are marked as Korean."""
    org, client = korean_maker
    url = f"/ko/makers/{org.slug}/profile"
    form = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    # Free text stored before the vocabulary ("소가죽") is ticked as the vocabulary's cowhide, named in Korean.
    [box] = form.xpath(f'//input[@name="materials"][@value="{COWHIDE}"]')
    assert box.get("checked") is not None and _name(COWHIDE, "ko") in box.getparent().text_content()

    data = {"csrf_token": csrf_token(client, url), "materials": [COWHIDE, SUEDE], "materials-other": "천연 밀랍 실",
            "capabilities": [STITCHING], "equipment": [SEWING_MACHINE], "min_order_unit": "pair",
            "published": "y"}
    assert client.post(url, data=data).status_code == 302

    buyer = app.test_client()
    doc = lxml_html.fromstring(buyer.get(f"/ja/makers/{org.slug}").get_data(as_text=True))
    materials = _texts(doc, "素材")
    assert [li.text_content() for li in materials] == [_name(COWHIDE, "ja"), _name(SUEDE, "ja"), "천연 밀랍 실"]
    assert materials[2].xpath("./span/@lang") == ["ko"] and not materials[0].xpath(".//span")
    assert [li.text_content() for li in _texts(doc, "対応能力")] == [_name(STITCHING, "ja")]
    assert [li.text_content() for li in _texts(doc, "設備")] == [_name(SEWING_MACHINE, "ja")]
    assert COWHIDE not in doc.text_content()  # ids never reach the page


def test_product_materials_are_shown_in_the_readers_language(app, db_session, korean_maker):
    """A product's materials, stored as ids, read in Japanese on the Japanese page and in English through the
    API; the maker's own word stays as written."""
    org, _client = korean_maker
    product = add_product(db_session, org, status=ProductStatus.published, category="leather_goods",
                          price_krw=48_000, moq=20, unit="piece", lead_time_days=21,
                          materials=["소가죽", "천연 밀랍 실"], title={"ko": "수제 가죽 지갑"},
                          description={"ko": "성수동에서 만든 지갑."})
    db_session.commit()
    assert product.materials == [COWHIDE, "천연 밀랍 실"]
    page = lxml_html.fromstring(app.test_client().get(f"/ja/products/{product.id}").get_data(as_text=True))
    shown = page.xpath('string(//dt[normalize-space()="素材"]/following-sibling::dd[1])')
    assert _name(COWHIDE, "ja") in shown and "천연 밀랍 실" in shown and COWHIDE not in shown
