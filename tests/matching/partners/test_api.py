"""``POST /api/v1/matching/search`` and ``GET /api/v1/matching/suggestions``: ranked, explained results, JSON
errors with the right status for bad input, and nothing of an NDA listing's holder."""

from __future__ import annotations

import pytest

from tests.helpers import sign_in


@pytest.fixture
def maker_client(app, world):
    client = app.test_client()
    sign_in(client, world["maker_user"])
    return client


def _csrf_headers(client):
    from tests.helpers import csrf_token

    return {"X-CSRFToken": csrf_token(client, "/en/partners/")}


def test_search_answers_ranked_explained_results(maker_client, world):
    r = maker_client.post("/api/v1/matching/search", headers=_csrf_headers(maker_client),
                          json={"text": "공구 마모 감지 센서", "lang": "ko", "k": 5})
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["total"] == len(body["items"]) > 0
    top = body["items"][0]
    assert top["doc_id"] == f"t:{world['lab_listing'].id}"
    assert top["organization"]["name"] == "KAIST Smart Machining Lab"
    assert top["url"] == f"/ko/matching/listings/{world['lab_listing'].id}"
    assert top["explanation"]["reasons"] and top["explanation"]["doc_sentence"]
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    gated = [i for i in body["items"] if i["gated"]]
    assert all(i["organization"] is None for i in gated)


@pytest.mark.parametrize(("payload", "field"), [
    ({"text": ""}, "text"),
    ({"text": "x" * 2001}, "text"),
    ({"text": "cnc", "kinds": ["wizard"]}, "kinds.0"),
    ({"text": "cnc", "filters": {"colour": "red"}}, "filters.colour"),
    ({"text": "cnc", "k": 500}, "k"),
    ({"text": "cnc", "lang": "xx"}, "lang"),
])
def test_search_refuses_bad_input_with_422(maker_client, payload, field):
    r = maker_client.post("/api/v1/matching/search", headers=_csrf_headers(maker_client), json=payload)
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert field in error["fields"], error


def test_search_needs_a_user_and_own_organisation(app, world, maker_client):
    assert app.test_client().post("/api/v1/matching/search", json={"text": "cnc"}).status_code == 401
    r = maker_client.post("/api/v1/matching/search", headers=_csrf_headers(maker_client),
                          json={"text": "cnc", "org_id": world["lab"].id})
    assert r.status_code == 403


def test_suggestions_for_own_organisation(maker_client, world):
    r = maker_client.get("/api/v1/matching/suggestions?k=3&lang=en")
    assert r.status_code == 200
    items = r.get_json()["items"]
    assert items and items[0]["organization"]["id"] == world["lab"].id
    assert "reciprocity" in items[0]["signals"]
