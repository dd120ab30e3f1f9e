"""The matching data API: profiles, listings (teasers for gated ones), import, introductions and their steps,
feedback — with the status codes clients rely on."""

from __future__ import annotations

import io
import json

import pytest

from market.accounts.services import create_api_token


@pytest.fixture
def auth(db_session):
    def _auth(user):
        _token, secret = create_api_token(db_session, user, "test")
        db_session.commit()
        return {"Authorization": f"Bearer {secret}"}

    return _auth


@pytest.fixture
def world(db_session, make_user, make_org, auth):
    holder, maker_user, stranger = make_user(), make_user(), make_user()
    lab = make_org(holder, kind="lab", name="Aalto Test Lab", country="FI")
    maker = make_org(maker_user, kind="maker", name="Mullae Test Works")
    make_org(stranger, kind="maker", name="Other Works")
    return {"holder": holder, "lab": lab, "maker_user": maker_user, "maker": maker, "stranger": stranger,
            "h": auth(holder), "m": auth(maker_user), "s": auth(stranger)}


GATED = {"lang": "en", "status": "published", "nda_required": True, "trl": 5, "license_terms": ["license"],
         "ipc": ["B22F 10/28"], "patent_number": "KR 10-2023-0077881", "questions": ["What part?"],
         "texts": {"en": {"title": "Titanium lattices", "abstract": "Laser powder-bed fusion of graded lattices.",
                          "teaser_title": "Lightweight metal parts", "teaser": "Details after an NDA."}}}


def test_profile_me_put_and_rights(client, world, db_session):
    """Reading `me` creates nothing (404 until started); POST `me` starts the draft; the owner publishes it;
    another org's member gets 403, unknown 404."""
    from matching.models import MatchProfile
    from tests.factories.db import count

    before = count(db_session, MatchProfile)
    r = client.get("/api/v1/matching/profiles/me", headers=world["m"])
    assert r.status_code == 404 and r.json["error"]["code"] == "no_profile"
    assert count(db_session, MatchProfile) == before
    r = client.post("/api/v1/matching/profiles/me", headers=world["m"])
    assert r.status_code == 201 and r.json["status"] == "draft" and r.json["org"]["kind"] == "maker"
    pid = r.json["id"]
    assert client.get("/api/v1/matching/profiles/me", headers=world["m"]).json["id"] == pid
    body = {"texts": {"ko": {"offer": "CNC 선반 가공", "seek": "진동 센서 리트로핏"}}, "lang": "ko",
            "tags": ["CNC turning"], "status": "published", "contact_phone": "+82 2 1234 5678"}
    r = client.put(f"/api/v1/matching/profiles/{pid}", json=body, headers=world["m"])
    assert r.status_code == 200, r.json
    assert r.json["status"] == "published" and r.json["tags"] == ["machine_metal.cnc_turning"]
    assert r.json["contact_phone"] == "+82 2 1234 5678"
    r = client.get(f"/api/v1/matching/profiles/{pid}")
    assert r.status_code == 200 and r.json["contact_phone"] is None and r.json["doc_id"] == f"p:{pid}"
    r = client.put(f"/api/v1/matching/profiles/{pid}", json={"texts": {"en": {"offer": "x"}}}, headers=world["s"])
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    assert client.put("/api/v1/matching/profiles/999999", json={}, headers=world["m"]).status_code == 404
    r = client.put(f"/api/v1/matching/profiles/{pid}", json={"wrong": 1}, headers=world["m"])
    assert r.status_code == 422
    r = client.put(f"/api/v1/matching/profiles/{pid}", json={"tags": ["teleportation"]}, headers=world["m"])
    assert r.status_code == 422 and "tags" in r.json["error"]["fields"]
    assert client.get("/api/v1/matching/profiles/me").status_code == 401


def test_profile_list_filters_kinds_and_refuses_unknown(client, world):
    """`kind` filters the list; an unknown kind is a 422."""
    r = client.get("/api/v1/matching/profiles?kind=maker,startup")
    assert r.status_code == 200 and set(r.json) == {"items", "total", "page", "per_page"}
    r = client.get("/api/v1/matching/profiles?kind=wizard")
    assert r.status_code == 422 and r.json["error"]["fields"] == {"kinds": r.json["error"]["message"]}


def test_listing_crud_and_teaser(client, world):
    """The lab creates a gated listing; outsiders see only the teaser; edits and deletion are the lab's."""
    r = client.post("/api/v1/matching/listings", json=GATED, headers=world["h"])
    assert r.status_code == 201, r.json
    lid = r.json["id"]
    assert r.json["disclosed"] and r.json["patent_number"] == "KR 10-2023-0077881"
    r = client.get(f"/api/v1/matching/listings/{lid}", headers=world["m"])
    assert r.status_code == 200 and not r.json["disclosed"]
    assert r.json["title"] == "Lightweight metal parts" and r.json["org"] is None and r.json["patent_number"] is None
    assert "abstract" not in json.dumps(r.json["texts"]) and "Titanium" not in json.dumps(r.json)
    assert r.json["questions"] == ["What part?"]
    r = client.get("/api/v1/matching/listings")
    assert r.json["total"] >= 1 and set(r.json) == {"items", "total", "page", "per_page"}
    r = client.put(f"/api/v1/matching/listings/{lid}", json={"trl": 6}, headers=world["m"])
    assert r.status_code == 403
    r = client.put(f"/api/v1/matching/listings/{lid}", json={"trl": 11}, headers=world["h"])
    assert r.status_code == 422
    r = client.put(f"/api/v1/matching/listings/{lid}", json={"trl": 6, "status": "draft"}, headers=world["h"])
    assert r.status_code == 200 and r.json["trl"] == 6 and r.json["status"] == "draft"
    assert client.get(f"/api/v1/matching/listings/{lid}").status_code == 404
    r = client.post("/api/v1/matching/listings", json={**GATED, "org_id": world["maker"].id}, headers=world["m"])
    assert r.status_code == 403
    assert client.delete(f"/api/v1/matching/listings/{lid}", headers=world["m"]).status_code == 404
    assert client.delete(f"/api/v1/matching/listings/{lid}", headers=world["h"]).status_code == 204
    assert client.get(f"/api/v1/matching/listings/{lid}", headers=world["h"]).status_code == 404


def test_staged_introduction_over_the_api(client, world):
    """Request → answers → approve → accept-nda; contacts only at the end; wrong party and replays refused."""
    lid = client.post("/api/v1/matching/listings", json=GATED, headers=world["h"]).json["id"]
    r = client.post("/api/v1/introductions", json={"to_doc_id": f"t:{lid}", "message": "We 3D print titanium."},
                    headers=world["m"])
    assert r.status_code == 201, r.json
    iid = r.json["id"]
    assert r.json["status"] == "awaiting_answers" and r.json["to_org"] is None and r.json["contacts"] is None
    assert r.json["target"]["title"] == "Lightweight metal parts" and r.json["actions"] == ["answer", "withdraw"]
    again = client.post("/api/v1/introductions", json={"to_doc_id": f"t:{lid}", "message": "Again"},
                        headers=world["m"])
    assert again.status_code == 409
    own = client.post("/api/v1/introductions", json={"to_doc_id": f"t:{lid}", "message": "Me"}, headers=world["h"])
    assert own.status_code == 422
    assert client.get(f"/api/v1/introductions/{iid}", headers=world["s"]).status_code == 404
    assert client.post(f"/api/v1/introductions/{iid}/approve", headers=world["h"]).status_code == 409
    assert client.post(f"/api/v1/introductions/{iid}/answers", json={"answers": ["A bike crank"]},
                       headers=world["h"]).status_code == 403
    r = client.post(f"/api/v1/introductions/{iid}/answers", json={"answers": ["A bike crank"]}, headers=world["m"])
    assert r.status_code == 200 and r.json["status"] == "awaiting_approval"
    r = client.post(f"/api/v1/introductions/{iid}/approve", headers=world["h"])
    assert r.status_code == 200 and r.json["status"] == "awaiting_nda"
    version = client.get("/api/v1/matching/nda").json["version"]
    assert client.post(f"/api/v1/introductions/{iid}/accept-nda", json={"version": version + 5},
                       headers=world["m"]).status_code == 409
    r = client.post(f"/api/v1/introductions/{iid}/accept-nda", json={"version": version}, headers=world["m"])
    assert r.status_code == 200 and r.json["status"] == "accepted"
    assert r.json["to_org"]["name"] == "Aalto Test Lab" and r.json["contacts"]["emails"] == [world["holder"].email]
    assert r.json["nda"]["version"] == version and r.json["nda_accepted_at"]
    listing = client.get(f"/api/v1/matching/listings/{lid}", headers=world["m"]).json
    assert listing["disclosed"] and listing["patent_number"] == "KR 10-2023-0077881"
    assert client.post(f"/api/v1/introductions/{iid}/accept-nda", json={"version": version},
                       headers=world["m"]).status_code == 409
    r = client.get("/api/v1/introductions?box=received", headers=world["h"])
    assert r.json["total"] == 1 and r.json["items"][0]["your_role"] == "recipient"


def test_plain_introduction_decline_with_reason(client, world):
    """A profile request is declined with a listed reason (others are 422); contacts stay hidden."""
    pid = client.post("/api/v1/matching/profiles/me", headers=world["m"]).json["id"]
    client.put(f"/api/v1/matching/profiles/{pid}", json={"texts": {"en": {"offer": "Turning"}},
                                                        "status": "published"}, headers=world["m"])
    iid = client.post("/api/v1/introductions", json={"profile_id": pid, "message": "A joint project?"},
                      headers=world["h"]).json["id"]
    r = client.post(f"/api/v1/introductions/{iid}/decline", json={"reason": "bored"}, headers=world["m"])
    assert r.status_code == 422
    r = client.post(f"/api/v1/introductions/{iid}/decline", json={"reason": "outside_region", "note": "Seoul only"},
                    headers=world["m"])
    assert r.status_code == 200 and r.json["decline_reason_text"] == "Outside the region we work in"
    assert r.json["contacts"] is None
    r = client.get(f"/api/v1/introductions/{iid}", headers=world["h"])
    assert r.json["status"] == "declined" and r.json["decline_note"] == "Seoul only"
    assert client.post(f"/api/v1/introductions/{iid}/accept", headers=world["m"]).status_code == 409
    assert client.post("/api/v1/introductions", json={"to_doc_id": "p:999999", "message": "x"},
                       headers=world["h"]).status_code == 404


def test_import_endpoint_rights_and_reports(client, world, make_user, auth):
    """Staff import JSON rows; a lab member imports its own file; refused rows answer 422 with line numbers."""
    staff = auth(make_user(role="admin"))
    rows = [{"external_ref": "a1", "kind": "startup", "title": "Ring shells", "description": "Titanium ring shells",
             "lang": "en", "organization": "Ring Startup"}]
    r = client.post("/api/v1/matching/import", json={"source": "bank", "rows": rows}, headers=staff)
    assert r.status_code == 200 and r.json["ok"] and r.json["profiles_created"] == 1
    r = client.post("/api/v1/matching/import", json={"source": "bank", "rows": rows}, headers=staff)
    assert r.json["profiles_updated"] == 1 and r.json["profiles_created"] == 0
    assert client.post("/api/v1/matching/import", json={"source": "bank", "rows": rows},
                       headers=world["m"]).status_code == 403
    line = json.dumps({"external_ref": "l1", "kind": "lab", "title": "DLC coating", "description": "Low friction",
                       "lang": "en"})
    bad = json.dumps({"external_ref": "l2", "kind": "lab", "title": "x", "description": "y", "lang": "en",
                      "trl": 0})
    r = client.post("/api/v1/matching/import", headers=world["h"],
                    data={"file": (io.BytesIO(f"{line}\n{bad}\n".encode()), "portfolio.jsonl"), "source": "mine"})
    assert r.status_code == 422 and r.json["error"]["code"] == "import_refused", r.json
    assert r.json["errors"][0]["line"] == 2 and r.json["errors"][0]["external_ref"] == "l2"
    r = client.post("/api/v1/matching/import", headers=world["h"],
                    data={"file": (io.BytesIO(f"{line}\n".encode()), "portfolio.jsonl"), "source": "mine"})
    assert r.status_code == 200 and r.json["listings_created"] == 1
    listing = client.get(f"/api/v1/matching/listings?org_id={world['lab'].id}").json["items"][0]
    assert listing["external_ref"] == "l1" and listing["org"]["id"] == world["lab"].id
    r = client.post("/api/v1/matching/import", headers=staff, data="plain", content_type="text/plain")
    assert r.status_code == 415


def test_feedback_endpoint(client, world):
    """Feedback is stored (201); a malformed doc id is refused (422)."""
    r = client.post("/api/v1/matching/feedback", json={"doc_id": "t:4", "useful": True, "context": {"rank": 2}},
                    headers=world["m"])
    assert r.status_code == 201 and r.json["useful"] is True
    r = client.post("/api/v1/matching/feedback", json={"doc_id": "nope", "useful": True}, headers=world["m"])
    assert r.status_code == 422


def test_openapi_documents_the_matching_operations(client):
    """The OpenAPI document lists the new paths."""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/matching/profiles/{profile_id}", "/api/v1/matching/listings/{listing_id}",
                 "/api/v1/matching/import", "/api/v1/introductions/{intro_id}/accept-nda"):
        assert path in paths
