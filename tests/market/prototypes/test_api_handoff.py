"""The API of what follows the award: the thread (JSON or multipart with attachments), change orders proposed,
accepted or refused (422 on a funded milestone), fund links only for the next milestone, ratings that must be
chosen, and the stored suggestions with their status."""

import io

import pytest

from tests.factories.clients import bearer, isolated_client
from tests.factories.files import pdf_bytes
from tests.factories.prototypes import fund, milestones_of


@pytest.fixture
def api(app, db_session, startup, maker, other_maker):
    """A client and bearer headers for each party."""
    return isolated_client(app), {name: bearer(db_session, party.user) for name, party in (
        ("startup", startup), ("maker", maker), ("other_maker", other_maker))}


def test_thread_and_change_orders(api, db_session, commission):
    """Both sides write (one with a PDF); the maker proposes a change the startup accepts; a plan that alters
    the funded first milestone is refused; outsiders get 404."""
    client, auth = api
    base = f"/api/v1/prototype-commissions/{commission.id}"
    sent = client.post(f"{base}/messages", json={"body": "When can you start?"}, headers=auth["startup"])
    assert sent.status_code == 201 and sent.json["messages"][0]["side"] == "startup"
    with_file = client.post(f"{base}/messages", data={"body": "Fixture drawing.",
                                                      "files": [(io.BytesIO(pdf_bytes()), "fixture.pdf")]},
                            headers=auth["maker"], content_type="multipart/form-data")
    assert with_file.status_code == 201
    attachment = with_file.json["messages"][1]["files"][0]
    assert attachment["filename"] == "fixture.pdf"
    assert attachment["url"].startswith(f"/en/prototypes/commissions/{commission.id}/messages/files/")
    assert client.post(f"{base}/messages", json={"body": "Hi"}, headers=auth["other_maker"]).status_code == 404

    proposed = client.post(f"{base}/changes", json={"lead_time_days": 30, "reason": "Anodiser is booked."},
                           headers=auth["maker"])
    assert proposed.status_code == 201, proposed.json
    change = proposed.json["changes"][0]
    assert (change["status"], change["lead_time_days"], change["side"]) == ("proposed", 30, "maker")
    own = client.post(f"/api/v1/prototype-changes/{change['id']}/accept", json={}, headers=auth["maker"])
    assert own.status_code == 403
    accepted = client.post(f"/api/v1/prototype-changes/{change['id']}/accept", json={"comment": "Fine."},
                           headers=auth["startup"])
    assert accepted.status_code == 200 and accepted.json["lead_time_days"] == 30
    assert accepted.json["changes"][0]["status"] == "accepted"

    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    locked = client.post(f"{base}/changes", json={"price_krw": 1_200_000, "milestones": [
        {"title": "Design review", "amount_krw": 100_000}, {"title": "Rest", "amount_krw": 1_100_000}]},
        headers=auth["startup"])
    assert locked.status_code == 422 and locked.json["error"]["code"] == "milestone_locked"
    assert "milestones" in locked.json["error"]["fields"]


def test_fund_links_follow_the_order(api, db_session, commission):
    """Only the next milestone to fund carries a fund URL."""
    client, auth = api
    got = client.get(f"/api/v1/prototype-commissions/{commission.id}", headers=auth["startup"]).json
    assert [m["fund_url"] is not None for m in got["milestones"]] == [True, False, False]
    fund(db_session, milestones_of(db_session, commission)[0])
    got = client.get(f"/api/v1/prototype-commissions/{commission.id}", headers=auth["startup"]).json
    assert [m["fund_url"] is not None for m in got["milestones"]] == [False, True, False]


def test_suggestions_carry_their_status(api, posted, maker):
    """The stored suggestions answer with status "ready" once the job has run."""
    client, auth = api
    got = client.get(f"/api/v1/prototype-requests/{posted.id}/suggestions", headers=auth["startup"])
    assert got.status_code == 200 and got.json["status"] == "ready"
    assert maker.org.id in {item["maker"]["id"] for item in got.json["items"]}


def test_openapi_lists_the_new_operations(api):
    """The thread and change-order operations are documented."""
    client, _auth = api
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/prototype-commissions/{commission_id}/messages",
                 "/api/v1/prototype-commissions/{commission_id}/changes",
                 "/api/v1/prototype-changes/{change_id}/accept", "/api/v1/prototype-changes/{change_id}/refuse",
                 "/api/v1/prototype-changes/{change_id}/withdraw"):
        assert path in paths, path
