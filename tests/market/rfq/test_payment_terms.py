"""Payment terms and lead times of requests for quote are structured: a Japanese buyer ticks the payment terms
they can accept in Japanese (and writes the rest under "Other"), the Korean maker reads the ticked ones, the
materials and the incoterm in Korean, the buyer's own words marked and a plain note saying they are in Japanese;
the maker's quote form starts from the first of those terms the platform collects; quotes show their lead time
in the reader's language; unknown ids are refused on the field and nothing is sent."""

from __future__ import annotations

import datetime as dt

from lxml import html as lxml_html
from sqlmodel import select

from i18n.glossary import load_glossary
from i18n.vocabularies import vocabulary
from market.rfq.models import Rfq
from market.rfq.services import quotes
from tests.factories.clients import bearer
from tests.factories.rfq import form_data

COWHIDE = "shoes_leather.cowhide"


def _term(code: str, lang: str) -> str:
    return vocabulary("payment_terms").by_code[code].names[lang]


def test_japanese_buyers_structured_fields_reach_the_korean_maker_in_korean(db_session, buyer, maker, product):
    """The form lists payment terms in Japanese; the maker's Korean page shows the ticked terms, the material
    and the incoterm in Korean, the buyer's "other" term as written with lang="ja", and says plainly that it is
    in Japanese as the buyer wrote it."""
    url = f"/ja/rfqs/new?product_id={product.id}"
    page = lxml_html.fromstring(buyer.client.get(url).get_data(as_text=True))
    [box] = page.xpath('//input[@name="payment_terms"][@value="tt_30_70"]')
    assert _term("tt_30_70", "ja") in box.getparent().text_content()

    data = form_data(buyer.client, url, confirmed="1", incoterm="FOB", materials=[COWHIDE],
                     payment_terms=["tt_30_70", "lc_sight"], **{"payment_terms-other": "月末締め翌月払い"})
    response = buyer.client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rfq = db_session.exec(select(Rfq)).one()
    assert rfq.payment_terms == ["tt_30_70", "lc_sight", "月末締め翌月払い"]

    doc = lxml_html.fromstring(maker.client.get(f"/ko/rfqs/{rfq.id}").get_data(as_text=True))
    items = doc.xpath('//ul[contains(@class, "rfq-payment-terms")]/li')
    assert [li.text_content() for li in items] == [_term("tt_30_70", "ko"), _term("lc_sight", "ko"), "月末締め翌月払い"]
    assert items[2].xpath("./span/@lang") == ["ja"] and not items[0].xpath(".//span[@lang]")
    materials = doc.xpath('//ul[contains(@class, "rfq-materials")]/li')
    assert [li.text_content() for li in materials] == [load_glossary().get(COWHIDE).name("ko")]
    assert "본선 인도 (FOB)" in doc.xpath("string(//dl[@class='facts'])")
    note = doc.xpath('string(//p[contains(@class, "structured-note")])')
    assert "일본어" in note  # "Japanese", in Korean: the part in the writer's language is named
    # The quote form starts from the buyer's first term the platform collects: a 30 % deposit.
    assert doc.xpath('//select[@name="payment_terms"]/option[@selected]/@value') == ["deposit"]
    assert doc.xpath('//input[@name="deposit_percent"]/@value') == ["30"]


def test_no_note_when_every_value_comes_from_the_lists(db_session, buyer, maker, product):
    """A request whose structured fields are all chosen from the lists has nothing in the writer's language."""
    url = f"/ja/rfqs/new?product_id={product.id}"
    data = form_data(buyer.client, url, confirmed="1", materials=[COWHIDE], payment_terms=["net30"])
    assert buyer.client.post(url, data=data).status_code == 302
    rfq = db_session.exec(select(Rfq)).one()
    doc = lxml_html.fromstring(maker.client.get(f"/ko/rfqs/{rfq.id}").get_data(as_text=True))
    assert not doc.xpath('//p[contains(@class, "structured-note")]')
    assert doc.xpath('//ul[contains(@class, "rfq-payment-terms")]/li/text()') == [_term("net30", "ko")]


def test_unknown_payment_term_is_refused_and_nothing_is_sent(db_session, buyer, product):
    """A forged payment-terms id is refused on its field (422, marked) and no request is stored."""
    url = f"/en/rfqs/new?product_id={product.id}"
    data = form_data(buyer.client, url, confirmed="1", payment_terms=["cash_on_the_moon"])
    response = buyer.client.post(url, data=data)
    assert response.status_code == 422
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    assert doc.xpath('//fieldset[@id="payment_terms"][@aria-invalid="true"]')
    assert db_session.exec(select(Rfq)).first() is None


def test_api_takes_payment_term_ids_and_names_them_in_the_asked_language(app, db_session, buyer, maker, product):
    """The API takes payment-term ids and texts apart; an unknown id is a 422 on the field with nothing stored;
    the answer names each term in the asked language, and a quote's terms and lead time in words."""
    headers = bearer(db_session, buyer.user)
    client = app.test_client()
    body = {"product_id": product.id, "quantity": 200, "message": "黒の財布を200個お願いします。ロゴの型押し付き。",
            "payment_terms": ["tt_50_50"], "payment_terms_other": ["月末締め翌月払い"]}
    refused = client.post("/api/v1/rfqs", json={**body, "payment_terms": ["tt_99_1"]}, headers=headers)
    assert refused.status_code == 422 and "payment_terms.0" in refused.get_json()["error"]["fields"]
    assert db_session.exec(select(Rfq)).first() is None
    created = client.post("/api/v1/rfqs", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    rfq_id = created.get_json()["id"]
    quotes.send_quote(db_session, maker.user, rfq_id, unit_price="3000", currency="JPY", lead_time_days=21,
                      valid_until=dt.date.today() + dt.timedelta(days=10), terms="", payment_terms="deposit", deposit_percent=50)
    db_session.commit()
    answer = client.get(f"/api/v1/rfqs/{rfq_id}", headers={**headers, "Accept-Language": "ko"}).get_json()
    assert answer["payment_terms"] == [{"id": "tt_50_50", "name": _term("tt_50_50", "ko"), "lang": None},
                                       {"id": None, "name": "月末締め翌月払い", "lang": "ja"}]
    [quote] = answer["quotes"]
    assert quote["lead_time"] == "3주" and "50%" in quote["payment_terms_text"]


def test_quote_lead_time_reads_in_weeks_or_days(db_session, buyer, maker, sent_rfq):
    """A quote's lead time is a number of days shown in the reader's language: whole weeks as weeks."""
    quotes.send_quote(db_session, maker.user, sent_rfq.id, unit_price="30", currency="USD", lead_time_days=10,
                      valid_until=dt.date.today() + dt.timedelta(days=10), terms="")
    db_session.commit()
    page = lxml_html.fromstring(buyer.client.get(f"/ja/rfqs/{sent_rfq.id}").get_data(as_text=True))
    assert "10日" in page.xpath("string(//ul[@class='quote-list'])")
