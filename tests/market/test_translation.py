"""The "Translate" piece on the pages where a party reads the other's words: a Japanese buyer's request reaches a
Korean maker with its phrasebook sentences and structured fields in Korean, the rest marked as Japanese; with a
provider (a LibreTranslate-compatible fake on 127.0.0.1) the maker asks for a translation and sees it beside the
original, marked as machine-made; without one nothing offers it. The endpoint only translates what the page
showed to that reader."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from sqlmodel import select

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from i18n import providers
from i18n.machine import MachineTranslation
from i18n.phrasebook import load_phrasebook
from tests.factories.rfq import full_draft
from tests.helpers import csrf_token

SAMPLE = load_phrasebook().by_id["rfq.sample_first"]
OWN_WORDS = "黒と茶色の牛革で、ロゴを型押ししてください。"
MESSAGE = f"{OWN_WORDS}\n{SAMPLE.text('ja')}"


@pytest.fixture
def maker(make_party):
    """The owner of a Seongsu leather workshop."""
    return make_party("Min-jun Park", "maker", "Saesol Leather", cluster_code="seongsu")


@pytest.fixture
def buyer(make_party):
    """The owner of a Kyoto shop, who writes in Japanese."""
    return make_party("Aiko Tanaka", "buyer", "Kyoto Kogei", country="JP", city="Kyoto")


@pytest.fixture
def rfq(db_session, maker, buyer):
    """A request for quote written in Japanese, with one phrasebook sentence, on one of the maker's wallets."""
    from market.rfq.services import sending

    product = add_product(db_session, maker.org, status=ProductStatus.published, category="leather_goods",
                          price_krw=48_000, moq=20, unit="piece", lead_time_days=21, materials=["cowhide"],
                          title={"ko": "수제 가죽 지갑", "en": "Hand-stitched leather wallet"},
                          description={"ko": "성수동에서 만든 지갑.", "en": "Made in Seongsu-dong."})
    db_session.commit()
    request = sending.send_rfq(db_session, buyer.user, product_id=product.id,
                               **full_draft(message=MESSAGE, incoterm="FOB"))
    db_session.commit()
    return request


@pytest.fixture
def with_provider(app, fake_service):
    """The app with the LibreTranslate-compatible fake as its provider, for the test."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.LibreTranslateProvider(fake_service, api_key="secret-key")
    yield app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = saved


def _all(el, tag: str, cls: str | None = None, **attrs):
    """Descendants of ``el`` by tag (``*`` for any), class and attribute values."""
    path = f".//{tag}"
    if cls:
        path += f'[contains(concat(" ", normalize-space(@class), " "), " {cls} ")]'
    for name, value in attrs.items():
        path += f'[@{name.replace("_", "-")}="{value}"]'
    return el.xpath(path)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return lxml_html.fromstring(response.get_data(as_text=True))


def _translate_form(doc):
    forms = _all(doc, "form", "party-translate")
    return {i.get("name"): i.get("value") for i in _all(forms[0], "input")} if forms else None


def test_without_a_provider_the_phrasebook_and_structured_fields_still_cross(app, rfq, maker):
    """The maker reads the phrasebook sentence and the incoterm in Korean, is told the rest is in Japanese,
    and is offered no "Translate"."""
    doc = _page(maker.client, f"/ko/rfqs/{rfq.id}")
    request = _all(doc, "*", "party-text")[0]
    original = _all(request, "*", "party-original")[0]
    assert original.get("lang") == "ja"
    assert OWN_WORDS in original.text_content()
    phrase = _all(original, "*", "phrase")[0]
    assert phrase.text_content() == SAMPLE.text("ko") and phrase.get("lang") == "ko"
    assert SAMPLE.text("ja") not in original.text_content()
    note = _all(request, "*", "party-note")[0].text_content()
    assert "일본어" in note
    assert "본선 인도 (FOB)" in doc.text_content()
    assert _translate_form(doc) is None and not _all(doc, "*", "party-translation")


def test_the_writer_reads_their_own_words_without_notes(app, rfq, buyer):
    """On a Japanese page the buyer sees their request as written, with no note and nothing to translate."""
    doc = _page(buyer.client, f"/ja/rfqs/{rfq.id}")
    request = _all(doc, "*", "party-text")[0]
    assert _all(request, "*", "party-original")[0].text_content() == MESSAGE
    assert not _all(request, "*", "party-note") and _translate_form(doc) is None


def test_the_writer_is_offered_phrasebook_sentences_in_their_language(app, rfq, buyer):
    """The message box of the thread has the phrasebook in the page's language, tied to the box."""
    doc = _page(buyer.client, f"/ja/rfqs/{rfq.id}")
    book = _all(doc, "details", "phrasebook", data_phrasebook_for="body")[0]
    inserts = [b.get("data-insert") for b in _all(book, "button", "phrase-insert")]
    assert SAMPLE.text("ja") in inserts and load_phrasebook().by_id["message.thanks"].text("ja") in inserts
    assert _all(doc, "textarea", id="body")


def test_with_a_provider_the_maker_translates_and_sees_it_beside_the_original(app, rfq, maker, db_session,
                                                                             with_provider):
    """"Translate" answers the translation as JSON, keeps it, and the page then shows it marked as machine-made
    under the kept original."""
    doc = _page(maker.client, f"/ko/rfqs/{rfq.id}")
    fields = _translate_form(doc)
    assert fields is not None and fields["text"] == MESSAGE
    response = maker.client.post("/ko/translate/", data=fields, headers={"Accept": "application/json"})
    assert response.status_code == 200
    translation = response.get_json()["translation"]
    assert translation == {"text": f"[ko] {MESSAGE}", "source": "ja", "target": "ko",
                           "provider": "libretranslate", "machine": True}
    assert len(db_session.exec(select(MachineTranslation)).all()) == 1
    doc = _page(maker.client, f"/ko/rfqs/{rfq.id}")
    box = _all(doc, "*", "party-text")[0]
    assert OWN_WORDS in _all(box, "*", "party-original")[0].text_content()
    shown = _all(box, "*", "party-translation")[0]
    assert shown.get("lang") == "ko" and "[ko]" in shown.text_content()
    assert "기계 번역" in _all(shown, "*", "party-machine")[0].text_content()
    assert _translate_form(doc) is None


def test_without_scripts_the_form_comes_back_to_the_page(app, rfq, maker, with_provider):
    """A plain form post redirects back to the page it came from, never to another site."""
    fields = _translate_form(_page(maker.client, f"/ko/rfqs/{rfq.id}"))
    response = maker.client.post("/ko/translate/", data=fields)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/ko/rfqs/{rfq.id}")
    fields = _translate_form(_page(maker.client, f"/ko/rfqs/{rfq.id}"))  # None: already translated
    assert fields is None


def test_an_offsite_next_goes_home(app, rfq, maker, with_provider):
    """``next`` pointing elsewhere is ignored."""
    fields = _translate_form(_page(maker.client, f"/ko/rfqs/{rfq.id}"))
    response = maker.client.post("/ko/translate/", data={**fields, "next": "//evil.example/x"})
    assert response.status_code == 302 and response.headers["Location"] == "/ko/"


def test_only_what_the_page_showed_that_reader_is_translated(app, rfq, maker, buyer, make_party, db_session,
                                                              with_provider):
    """Another text under the token, another person's token or a forged one is refused with the JSON envelope,
    and nothing is translated or kept; a signed-out visitor is sent to sign in."""
    fields = _translate_form(_page(maker.client, f"/ko/rfqs/{rfq.id}"))
    json = {"Accept": "application/json"}
    other = make_party("Lena Vogel", "buyer", "Berlin Goods", country="DE")
    for client, data in ((maker.client, {**fields, "text": "別の文章"}),
                         (other.client, {**fields, "csrf_token": csrf_token(other.client)}),
                         (maker.client, {**fields, "token": fields["token"][:-2] + "xx"})):
        response = client.post("/ko/translate/", data=data, headers=json)
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "bad_token"
    assert db_session.exec(select(MachineTranslation)).all() == []
    anonymous = app.test_client()
    response = anonymous.post("/ko/translate/", data=fields)
    assert response.status_code in (302, 400)
    assert db_session.exec(select(MachineTranslation)).all() == []


def test_a_text_in_the_readers_language_is_not_translated(app, rfq, buyer, with_provider):
    """A request for a text already in the page's language is refused (409), not sent to the engine."""
    from i18n.machine import content_hash
    from market.translation import _serializer

    token = _serializer().dumps([content_hash(MESSAGE), buyer.user.id])  # as the page would sign it for her
    response = buyer.client.post("/ja/translate/", data={"text": MESSAGE, "token": token,
                                                         "csrf_token": csrf_token(buyer.client)},
                                 headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_translatable"


def test_a_dead_service_is_a_message_and_keeps_nothing(app, rfq, maker, db_session):
    """When the provider does not answer, the reader gets 503 with words, and the page still works."""
    saved = app.extensions[providers.EXTENSION]
    app.extensions[providers.EXTENSION] = providers.LibreTranslateProvider("http://127.0.0.1:9", timeout=2)
    try:
        fields = _translate_form(_page(maker.client, f"/ko/rfqs/{rfq.id}"))
        response = maker.client.post("/ko/translate/", data=fields, headers={"Accept": "application/json"})
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "translation_unavailable"
        response = maker.client.post("/ko/translate/", data=fields)
        assert response.status_code == 302
        assert db_session.exec(select(MachineTranslation)).all() == []
    finally:
        app.extensions[providers.EXTENSION] = saved


def test_an_order_note_in_japanese_reads_for_the_korean_maker(app, db_session, maker, buyer, rfq, with_provider):
    """The buyer's note on a sample order shows its phrasebook sentence in Korean, says the rest is Japanese,
    and offers "Translate" when a provider is configured."""
    from market.orders.services import placing
    from market.rfq.models import Rfq

    product_id = db_session.get(Rfq, rfq.id).product_id
    placing.set_sample_offer(db_session, maker.user, product_id, 2, 30_000)
    fragile = load_phrasebook().by_id["order.fragile"]
    order = placing.order_sample(db_session, buyer.user, product_id, shipping_address="京都市東山区 1-2-3",
                                 shipping_country="JP", note=f"午前中に届けてください。{fragile.text('ja')}")
    db_session.commit()
    doc = _page(maker.client, f"/ko/orders/incoming/{order.id}")
    note = [box for box in _all(doc, "*", "party-text") if "午前中" in box.text_content()][0]
    assert _all(note, "*", "phrase")[0].text_content() == fragile.text("ko")
    assert "일본어" in _all(note, "*", "party-note")[0].text_content()
    assert _all(note, "form", "party-translate")
