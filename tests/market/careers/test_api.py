"""The jobs API: the list with its wage object, posting (422 without a wage) and applying (409 the second time)."""

from __future__ import annotations

import datetime as dt

from tests.factories.clients import bearer
from tests.factories.people import make_post, make_profile


def _body(org_id: int, **overrides) -> dict:
    body = {"org_id": org_id, "title": "Apprentice printer", "locale": "en", "trade": "printing",
            "level": "apprentice", "wage": {"type": "monthly", "min_krw": 2_100_000, "max_krw": 2_500_000},
            "hours_per_week": 40, "deadline": (dt.date.today() + dt.timedelta(days=20)).isoformat()}
    body.update(overrides)
    return body


def test_the_list_gives_each_job_its_wage(app, db_session, client, make_user, make_org):
    """GET /api/v1/jobs lists open posts, each with ``wage: {type, min_krw, max_krw}``."""
    owner = make_user()
    org = make_org(owner, cluster_code="euljiro")
    post = make_post(db_session, owner, org, trade="printing")
    data = client.get("/api/v1/jobs?trade=printing").get_json()
    item = next(i for i in data["items"] if i["id"] == post.id)
    assert item["wage"] == {"type": "monthly", "min_krw": 2_200_000, "max_krw": 2_600_000}
    assert data["total"] >= 1 and item["workshop"]["id"] == org.id


def test_posting_without_a_wage_answers_422_and_stores_nothing(app, db_session, client, make_user, make_org):
    """POST /api/v1/jobs without a wage, or with min > max, is 422 in the error envelope; with one it is 201."""
    owner = make_user()
    org = make_org(owner, cluster_code="euljiro")
    headers = bearer(db_session, owner)
    body = _body(org.id)
    del body["wage"]
    response = client.post("/api/v1/jobs", json=body, headers=headers)
    assert response.status_code == 422 and "wage" in response.get_json()["error"]["fields"]
    reversed_wage = _body(org.id, wage={"type": "hourly", "min_krw": 20_000, "max_krw": 10_000})
    response = client.post("/api/v1/jobs", json=reversed_wage, headers=headers)
    assert response.status_code == 422 and "wage_max_krw" in response.get_json()["error"]["fields"]
    assert client.get("/api/v1/jobs?trade=printing").get_json()["total"] == 0
    response = client.post("/api/v1/jobs", json=_body(org.id), headers=headers)
    assert response.status_code == 201
    assert response.get_json()["wage"] == {"type": "monthly", "min_krw": 2_100_000, "max_krw": 2_500_000}


def test_applying_twice_through_the_api_is_409(app, db_session, client, make_user, make_org):
    """POST /api/v1/jobs/{id}/applications: 422 without a profile, 201, then 409 "already_applied"."""
    owner = make_user()
    org = make_org(owner)
    post = make_post(db_session, owner, org)
    seeker = make_user()
    headers = bearer(db_session, seeker)
    response = client.post(f"/api/v1/jobs/{post.id}/applications", json={}, headers=headers)
    assert response.status_code == 422
    make_profile(db_session, seeker)
    response = client.post(f"/api/v1/jobs/{post.id}/applications", json={"note": "Hello"}, headers=headers)
    assert response.status_code == 201 and response.get_json()["status"] == "applied"
    response = client.post(f"/api/v1/jobs/{post.id}/applications", json={}, headers=headers)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "already_applied"
