"""A prototype request's materials come from the glossary's vocabulary: the startup ticks them in its language
(and writes the rest under "Other"), they are stored as language-neutral ids, and every reader — on the page and
through the API — sees them in their own language, the startup's own words marked with the language they are
written in; an unknown id is refused on the field and nothing is stored."""

from __future__ import annotations

import datetime as dt
import io

from lxml import html as lxml_html
from sqlmodel import select

from i18n.glossary import load_glossary
from market.prototypes.models import PrototypeRequest
from market.prototypes.services.base import PrototypeError
from market.prototypes.services.requests import create_request
from tests.factories.clients import bearer
from tests.factories.files import pdf_bytes
from tests.factories.prototypes import request_fields
from tests.helpers import csrf_token

TITANIUM = "machine_metal.titanium"
AL6061 = "machine_metal.aluminium_6061"


def _name(term_id: str, lang: str) -> str:
    return load_glossary().get(term_id).name(lang)


def _form(party, **overrides) -> dict:
    data = {"csrf_token": csrf_token(party.client, "/ja/prototypes/new"), "title": "自転車ラックのブラケット",
            "description": "TIG溶接のブラケット、試作5個。", "locale": "ja", "category": "machine_metal",
            "cluster_code": "mullae", "quantity": "5", "budget_min_krw": "600000", "budget_max_krw": "1200000",
            "deadline": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
            "files": [(io.BytesIO(pdf_bytes()), "bracket.pdf")]}
    data.update(overrides)
    return data


def test_startup_ticks_materials_and_a_korean_maker_reads_them_in_korean(db_session, startup, maker):
    """The Japanese form lists materials in Japanese; ticks and "Other" are stored as ids and text; the
    maker's Korean page names the ids in Korean, keeps the startup's own words marked as Japanese, and says
    plainly that they are in Japanese."""
    page = lxml_html.fromstring(startup.client.get("/ja/prototypes/new").get_data(as_text=True))
    [box] = page.xpath(f'//input[@name="materials"][@value="{TITANIUM}"]')
    assert _name(TITANIUM, "ja") in box.getparent().text_content()

    response = startup.client.post("/ja/prototypes/new", content_type="multipart/form-data", data=_form(
        startup, materials=[TITANIUM], **{"materials-other": "A6061, 防錆ボルト"}))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    req = db_session.exec(select(PrototypeRequest)).one()
    # "A6061" is the name of a vocabulary material in Japanese, so it is stored as its id.
    assert req.materials == [TITANIUM, AL6061, "防錆ボルト"]

    doc = lxml_html.fromstring(maker.client.get(f"/ko/prototypes/{req.id}").get_data(as_text=True))
    items = doc.xpath('//ul[contains(@class, "prototype-materials")]/li')
    assert [li.text_content() for li in items] == [_name(TITANIUM, "ko"), _name(AL6061, "ko"), "防錆ボルト"]
    assert items[2].xpath("./span/@lang") == ["ja"] and not items[0].xpath(".//span[@lang]")
    assert "일본어" in doc.xpath('string(//p[contains(@class, "structured-note")])')


def test_the_form_shows_stored_materials_back_when_refused(db_session, startup):
    """A form refused for another field keeps the ticks and the "Other" text; a forged id is refused on the
    materials field and nothing is stored."""
    response = startup.client.post("/en/prototypes/new", content_type="multipart/form-data", data=_form(
        startup, budget_min_krw="900000", budget_max_krw="100", materials=[TITANIUM],
        **{"materials-other": "rubber feet"}))
    assert response.status_code == 422
    doc = lxml_html.fromstring(response.get_data(as_text=True))
    assert doc.xpath('//input[@name="materials"][@checked]/@value') == [TITANIUM]
    assert doc.xpath('//input[@name="materials-other"]/@value') == ["rubber feet"]

    forged = startup.client.post("/en/prototypes/new", content_type="multipart/form-data", data=_form(
        startup, materials=["machine_metal.unobtainium"]))
    assert forged.status_code == 422
    assert lxml_html.fromstring(forged.get_data(as_text=True)).xpath(
        '//fieldset[@id="materials"][@aria-invalid="true"]')
    assert db_session.exec(select(PrototypeRequest)).first() is None


def test_service_maps_names_and_refuses_unknown_ids(db_session, startup):
    """Names of listed materials in any language become ids, the rest stays as written; an id-shaped value the
    vocabulary does not have is refused on ``materials``."""
    req = create_request(db_session, startup.user, **request_fields(materials=["티타늄", "Aluminium 6061", "carbon"]))
    assert req.materials == [TITANIUM, AL6061, "carbon"]
    try:
        create_request(db_session, startup.user, **request_fields(materials=["machine_metal.adamantium"]))
    except PrototypeError as exc:
        assert "materials" in exc.fields
    else:
        raise AssertionError("an unknown id was stored")


def test_api_names_materials_in_the_asked_language(app, db_session, startup):
    """The API stores ids and own words, answers ``material_names`` in the asked language, and refuses an
    unknown id with 422 on ``materials``, storing nothing."""
    headers = bearer(db_session, startup.user)
    client = app.test_client()
    body = {"title": "Enclosure", "description": "A milled enclosure, 3 units.", "category": "enclosure",
            "quantity": 3, "budget_min_krw": 500_000, "budget_max_krw": 900_000,
            "deadline": (dt.date.today() + dt.timedelta(days=14)).isoformat(), "locale": "en",
            "materials": [TITANIUM, "silicone gasket"]}
    refused = client.post("/api/v1/prototype-requests", json={**body, "materials": ["machine_metal.mithril"]},
                          headers=headers)
    assert refused.status_code == 422 and "materials" in refused.get_json()["error"]["fields"]
    assert db_session.exec(select(PrototypeRequest)).first() is None
    created = client.post("/api/v1/prototype-requests", json=body, headers=headers)
    assert created.status_code == 201, created.get_json()
    answer = client.get(f"/api/v1/prototype-requests/{created.get_json()['id']}?lang=vi", headers=headers).get_json()
    assert answer["materials"] == [TITANIUM, "silicone gasket"]
    assert answer["material_names"] == [_name(TITANIUM, "vi"), "silicone gasket"]
