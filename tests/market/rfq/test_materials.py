"""Materials of a request for quote come from the glossary's vocabulary: a Japanese buyer ticks them in Japanese
(and writes the rest under "Other"), the Korean maker reads the ticked ones in Korean and the buyer's own words
marked as Japanese; the API takes ids and texts apart, refuses unknown ids on the field, and names each material
in the asked language."""

from __future__ import annotations

import re

from lxml import html as lxml_html
from sqlmodel import select

from i18n.glossary import load_glossary
from i18n.vocabularies import vocabulary
from market.rfq.models import Rfq, RfqDraft
from tests.factories.clients import bearer
from tests.factories.rfq import form_data

COWHIDE = "shoes_leather.cowhide"
SUEDE = "shoes_leather.suede"


def _name(term_id: str, lang: str) -> str:
    return load_glossary().get(term_id).name(lang)


def test_japanese_buyer_ticks_materials_and_korean_maker_reads_them_in_korean(db_session, buyer, maker, product):
    """The form lists the materials in Japanese; what is sent is stored as ids and free text, and the maker's
    page shows the ids in Korean and the buyer's own word marked as Japanese."""
    url = f"/ja/rfqs/new?product_id={product.id}"
    page = lxml_html.fromstring(buyer.client.get(url).get_data(as_text=True))
    [box] = page.xpath(f'//input[@name="materials"][@value="{COWHIDE}"]')
    assert _name(COWHIDE, "ja") in box.getparent().text_content()

    data = form_data(buyer.client, url, confirmed="1", materials=[COWHIDE], **{"materials-other": "スエード, 和紙の芯材"})
    response = buyer.client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rfq = db_session.exec(select(Rfq)).one()
    # スエード is a name of a vocabulary material in Japanese, so it is stored as its id.
    assert rfq.materials == [COWHIDE, SUEDE, "和紙の芯材"]

    doc = lxml_html.fromstring(maker.client.get(f"/ko/rfqs/{rfq.id}").get_data(as_text=True))
    items = doc.xpath('//ul[contains(@class, "rfq-materials")]/li')
    assert [li.text_content() for li in items] == [_name(COWHIDE, "ko"), _name(SUEDE, "ko"), "和紙の芯材"]
    assert items[2].xpath("./span/@lang") == ["ja"] and not items[0].xpath(".//span[@lang]")


def test_unknown_material_id_is_refused_on_the_field(db_session, buyer, product):
    """A forged id is refused on the materials field (422, marked) and nothing is sent."""
    url = f"/en/rfqs/new?product_id={product.id}"
    data = form_data(buyer.client, url, confirmed="1", materials=["shoes_leather.unobtainium"])
    response = buyer.client.post(url, data=data)
    assert response.status_code == 422
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    assert doc.xpath('//fieldset[@id="materials"][@aria-invalid="true"]')
    assert "Choose values from the list" in doc.xpath('string(//p[@id="materials-error"])')
    assert db_session.exec(select(Rfq)).first() is None


def test_a_draft_keeps_the_ticked_materials(db_session, buyer, product):
    """A request that comes back for confirmation keeps its ticks and its "Other" text."""
    url = f"/en/rfqs/new?product_id={product.id}"
    data = form_data(buyer.client, url, target_price="", incoterm="", needed_by="", materials=[COWHIDE],
                     **{"materials-other": "horsehair"})
    html = buyer.client.post(url, data=data).get_data(as_text=True)
    assert db_session.exec(select(Rfq)).first() is None
    draft = db_session.exec(select(RfqDraft)).one()
    assert draft.fields["materials"] == [COWHIDE] and draft.fields["materials-other"] == "horsehair"
    doc = lxml_html.fromstring(html)
    assert doc.xpath('//input[@name="materials"][@checked]/@value') == [COWHIDE]
    assert doc.xpath('//input[@name="materials-other"]/@value') == ["horsehair"]
    draft_id = re.search(r'<input type="hidden" name="draft" value="(\d+)">', html).group(1)
    resumed = lxml_html.fromstring(buyer.client.get(f"{url}&draft={draft_id}").get_data(as_text=True))
    assert resumed.xpath('//input[@name="materials"][@checked]/@value') == [COWHIDE]
    assert resumed.xpath('//input[@name="materials-other"]/@value') == ["horsehair"]


def test_api_takes_ids_and_texts_and_names_them_in_the_asked_language(app, db_session, buyer, product):
    """The API's request takes material ids and free texts apart; an unknown id is a 422 on its field; the
    answer names each material in the asked language, the free text as written with its language."""
    headers = bearer(db_session, buyer.user)
    client = app.test_client()
    body = {"product_id": product.id, "quantity": 200, "message": "黒の財布を200個お願いします。ロゴの型押し付き。",
            "materials": [COWHIDE], "materials_other": ["和紙の芯材"]}
    refused = client.post("/api/v1/rfqs", json={**body, "materials": ["shoes_leather.unobtainium"]},
                          headers=headers)
    assert refused.status_code == 422 and "materials.0" in refused.get_json()["error"]["fields"]
    created = client.post("/api/v1/rfqs", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    rfq_id = created.get_json()["id"]
    answer = client.get(f"/api/v1/rfqs/{rfq_id}", headers={**headers, "Accept-Language": "ko"}).get_json()
    assert answer["materials"][0] == {"id": COWHIDE, "name": _name(COWHIDE, "ko"), "lang": None}
    assert answer["materials"][1] == {"id": None, "name": "和紙の芯材", "lang": "ja"}
    assert vocabulary("materials").by_code[COWHIDE]
