"""The organisation API's capabilities are a controlled vocabulary like the product API's materials: stored as
language-neutral ids (with the organisation's own words for the rest), served with ``capability_names`` in the
request's language, accepted as ids (or names, or own words) on write, and an unknown id is refused with 422 on
``capabilities`` while nothing changes."""

from __future__ import annotations

from i18n.glossary import load_glossary
from tests.factories.clients import bearer

WELDING = "machine_metal.tig_welding"
MILLING = "machine_metal.cnc_milling"


def _name(term_id: str, lang: str) -> str:
    return load_glossary().get(term_id).name(lang)


def test_capabilities_are_served_as_ids_with_names_in_the_asked_language(app, db_session, make_user, make_org):
    """Written as an id and a Korean name, capabilities are stored as ids and named in Japanese for a Japanese
    reader; the organisation's own words stay as written."""
    owner = make_user()
    org = make_org(owner, name="Mullae Precision", capabilities=[WELDING, "CNC 밀링", "jig design"])
    assert org.capabilities == [WELDING, MILLING, "jig design"]
    client, headers = app.test_client(), bearer(db_session, owner)
    answer = client.get(f"/api/v1/organizations/{org.id}", headers={**headers, "Accept-Language": "ja"}).get_json()
    assert answer["capabilities"] == [WELDING, MILLING, "jig design"]
    assert answer["capability_names"] == [_name(WELDING, "ja"), _name(MILLING, "ja"), "jig design"]


def test_patch_takes_ids_and_refuses_an_unknown_one_changing_nothing(app, db_session, make_user, make_org):
    """PATCH replaces the capabilities with the ids given; an id the vocabulary does not have answers 422 with
    the field named, and the organisation keeps what it had."""
    owner = make_user()
    org = make_org(owner, name="Mullae Precision", capabilities=[WELDING])
    client, headers = app.test_client(), bearer(db_session, owner)
    refused = client.patch(f"/api/v1/organizations/{org.id}",
                           json={"capabilities": [MILLING, "machine_metal.warp_drive"], "city": "Busan"},
                           headers=headers)
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert "capabilities" in error["fields"] and "warp_drive" in error["fields"]["capabilities"]
    db_session.refresh(org)
    assert org.capabilities == [WELDING] and org.city != "Busan"

    changed = client.patch(f"/api/v1/organizations/{org.id}", json={"capabilities": [MILLING, "CNC milling"]},
                           headers={**headers, "Accept-Language": "ko"})
    assert changed.status_code == 200, changed.get_json()
    # The English name of the same capability is the same id, kept once.
    assert changed.get_json()["capabilities"] == [MILLING]
    assert changed.get_json()["capability_names"] == [_name(MILLING, "ko")]


def test_create_takes_capabilities(app, db_session, make_user):
    """A new organisation may name its capabilities; they are stored as ids."""
    owner = make_user()
    client, headers = app.test_client(), bearer(db_session, owner)
    created = client.post("/api/v1/organizations", json={
        "name": "Euljiro Press", "kind": "buyer", "country": "KR", "capabilities": ["printing.letterpress"]},
        headers={**headers, "Accept-Language": "en"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["capability_names"] == [_name("printing.letterpress", "en")]
