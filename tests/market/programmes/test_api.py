"""The programmes API: the directory with filters, eligibility rule by rule, and an application from draft to
submission with a 422 naming what is missing."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from tests.factories.clients import bearer
from tests.factories.programmes import PDF, add_profile, add_programme


@pytest.fixture
def workshop(make_user, make_org, db_session):
    owner = make_user()
    org = make_org(owner, name="Changsin Hillside Sewing", cluster_code="changsin", staff_count=6,
                   founded_year=1996)
    add_profile(db_session, org)
    return owner, org, bearer(db_session, owner)


def test_the_directory_filters_by_trade_type_and_status(app, client, db_session):
    from market.programmes.models import ProgrammeStatus, SupportType

    add_programme(db_session, trades=["sewing"], title={"en": "Sewing grant"})
    add_programme(db_session, trades=["jewelry"], support_type=SupportType.loan, title={"en": "Jewelry loan"})
    add_programme(db_session, trades=[], status=ProgrammeStatus.closed, title={"en": "Everyone, closed"})
    titles = lambda url: sorted(p["title"] for p in client.get(url).get_json()["items"])  # noqa: E731
    assert titles("/api/v1/programmes?trade=sewing") == ["Everyone, closed", "Sewing grant"]
    assert titles("/api/v1/programmes?type=loan") == ["Jewelry loan"]
    assert titles("/api/v1/programmes?trade=jewelry&status=open") == ["Jewelry loan"]
    assert len(titles("/api/v1/programmes?trade=&type=&status=")) == 3
    refused = client.get("/api/v1/programmes?type=spaceship")
    assert refused.status_code == 422 and list(refused.get_json()["error"]["fields"]) == ["type"]


def test_eligibility_answers_each_rule_with_why(app, client, db_session, workshop):
    owner, org, headers = workshop
    programme = add_programme(db_session)
    assert client.get(f"/api/v1/programmes/{programme.id}/eligibility").status_code == 401
    body = client.get(f"/api/v1/programmes/{programme.id}/eligibility", headers=headers).get_json()
    assert body["eligible"] is True and body["organization_id"] == org.id
    assert [(r["code"], r["result"]) for r in body["rules"]] == [
        ("headcount_under", "met"), ("seoul_workplace", "met"), ("ksic", "met"), ("no_recent_support", "met")]
    assert all(r["why"] for r in body["rules"])


def test_an_application_from_draft_to_submission(app, client, db_session, workshop):
    """Draft, answers, submit refused with every missing field, document, declaration, submit."""
    _owner, _org, headers = workshop
    programme = add_programme(db_session)
    created = client.post("/api/v1/applications", json={"programme_id": programme.id}, headers=headers)
    assert created.status_code == 201 and created.get_json()["status"] == "draft"
    app_id = created.get_json()["id"]
    again = client.post("/api/v1/applications", json={"programme_id": programme.id}, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_applied"
    saved = client.put(f"/api/v1/applications/{app_id}", json={"answers": {"plan": "Cutting table", "workers": 6}},
                       headers=headers)
    assert saved.status_code == 200 and saved.get_json()["answers"] == {"plan": "Cutting table", "workers": 6}
    refused = client.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"consent", "document_registration", "declaration"}
    bad = client.put(f"/api/v1/applications/{app_id}", json={"answers": {"workers": "many"}}, headers=headers)
    assert bad.status_code == 422 and "workers" in bad.get_json()["error"]["fields"]
    client.put(f"/api/v1/applications/{app_id}", json={"answers": {"consent": True},
                                                       "declaration": {"none": True}}, headers=headers)
    attached = client.post(f"/api/v1/applications/{app_id}/documents", headers=headers,
                           data={"document_code": "registration", "file": (io.BytesIO(PDF), "registration.pdf")},
                           content_type="multipart/form-data")
    assert attached.status_code == 201
    submitted = client.post(f"/api/v1/applications/{app_id}/submit", headers=headers)
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    assert client.put(f"/api/v1/applications/{app_id}", json={"answers": {}}, headers=headers).status_code == 409


def test_after_the_deadline_and_for_strangers(app, client, db_session, workshop, make_user):
    """Applying after the deadline is a 409; another organisation's application is a 404."""
    _owner, _org, headers = workshop
    closed = add_programme(db_session, closes_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    late = client.post("/api/v1/applications", json={"programme_id": closed.id}, headers=headers)
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "programme_closed"
    app_id = client.post("/api/v1/applications", json={"programme_id": add_programme(db_session).id},
                         headers=headers).get_json()["id"]
    stranger = bearer(db_session, make_user())
    assert client.get(f"/api/v1/applications/{app_id}", headers=stranger).status_code == 404
