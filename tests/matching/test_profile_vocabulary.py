"""A matching profile's capabilities and equipment come from the glossary's vocabulary: a Mullae machine shop
ticks them in Korean, a Japanese reader sees them in Japanese (the shop's own words marked as Korean), the API
takes ids and texts apart and refuses unknown ids on the field, and chosen ids count as the profile's concepts
for matching."""

from __future__ import annotations

from lxml import html as lxml_html
from sqlmodel import select

from i18n.glossary import load_glossary
from matching.models import MatchProfile
from matching.services import docs, profiles
from tests.factories.clients import bearer
from tests.helpers import csrf_token

CNC_MILLING, WIRE_EDM = "machine_metal.cnc_milling", "machine_metal.wire_edm"
LATHE = "machine_metal.cnc_lathe"


def _name(term_id: str, lang: str) -> str:
    return load_glossary().get(term_id).name(lang)


def test_korean_shop_ticks_capabilities_and_a_japanese_reader_sees_them_in_japanese(app, db_session, signed_in):
    """Saved from the Korean editor as ids and own words; read on the Japanese page in Japanese."""
    client, _user, org = signed_in("maker")
    url = f"/ko/matching/profile/{org.id}/edit?edit_lang=ko"
    form = lxml_html.fromstring(client.get(url).get_data(as_text=True))
    [box] = form.xpath(f'//input[@name="capabilities"][@value="{CNC_MILLING}"]')
    assert _name(CNC_MILLING, "ko") in box.getparent().text_content()
    response = client.post(url, data={
        "csrf_token": csrf_token(client, url), "edit_lang": "ko", "title": "문래 정밀", "lang": "ko",
        "offer": "금형 부품을 만듭니다.", "capabilities": [CNC_MILLING, WIRE_EDM], "capabilities-other": "치공구 설계",
        "equipment": [LATHE]})
    assert response.status_code == 302
    profile = db_session.exec(select(MatchProfile).where(MatchProfile.org_id == org.id)).one()
    assert profile.capabilities == [CNC_MILLING, WIRE_EDM, "치공구 설계"] and profile.equipment == [LATHE]
    profiles.set_profile_status(db_session, _user, profile.id, True)
    db_session.commit()

    page = lxml_html.fromstring(app.test_client().get(f"/ja/matching/profiles/{profile.id}").get_data(as_text=True))
    items = page.xpath('//ul[contains(@class, "profile-capabilities")]/li')
    assert [li.text_content() for li in items] == [_name(CNC_MILLING, "ja"), _name(WIRE_EDM, "ja"), "치공구 설계"]
    assert items[2].xpath("./span/@lang") == ["ko"]
    assert page.xpath('string(//ul[contains(@class, "profile-equipment")])').strip() == _name(LATHE, "ja")

    # The ids are the profile's concepts for matching, beside its tags.
    [doc] = docs.docs_for(db_session, [docs.profile_doc_id(profile.id)])
    assert {CNC_MILLING, WIRE_EDM, LATHE} <= set(doc.tags)


def test_unknown_id_is_refused_on_the_field(db_session, signed_in):
    """A forged capability id re-renders the editor with the field marked, and nothing is saved."""
    client, _user, org = signed_in("maker")
    url = f"/en/matching/profile/{org.id}/edit?edit_lang=en"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "edit_lang": "en", "lang": "en",
                                      "offer": "Moulds.", "capabilities": ["machine_metal.teleportation"]})
    assert response.status_code == 422
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    assert doc.xpath('//fieldset[@id="capabilities"][@aria-invalid="true"]')
    profile = db_session.exec(select(MatchProfile).where(MatchProfile.org_id == org.id)).first()
    assert profile is None or profile.capabilities == []


def test_api_takes_ids_and_texts_and_names_them(app, db_session, signed_in):
    """PUT takes ids and own words apart (unknown ids: 422 on the field); GET names them in the negotiated
    language."""
    _client, user, org = signed_in("maker")
    profile = profiles.ensure_org_profile(db_session, user, org.id)
    db_session.commit()
    headers = bearer(db_session, user)
    client = app.test_client()
    url = f"/api/v1/matching/profiles/{profile.id}"
    refused = client.put(url, json={"capabilities": ["machine_metal.teleportation"]}, headers=headers)
    assert refused.status_code == 422 and "capabilities.0" in refused.get_json()["error"]["fields"]
    saved = client.put(url, json={"capabilities": [CNC_MILLING], "capabilities_other": ["治具の設計"],
                                  "equipment": [LATHE]}, headers={**headers, "Accept-Language": "ko"})
    assert saved.status_code == 200, saved.get_json()
    body = client.get(url, headers={**headers, "Accept-Language": "ko"}).get_json()
    assert body["capabilities"] == [{"id": CNC_MILLING, "name": _name(CNC_MILLING, "ko"), "lang": None},
                                    {"id": None, "name": "治具の設計", "lang": "ja"}]
    assert body["equipment"] == [{"id": LATHE, "name": _name(LATHE, "ko"), "lang": None}]
