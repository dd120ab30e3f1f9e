"""The prototype API: post a request and attach files, browse the board, NDA and files, bid (422 on bad
milestones, 409 after the deadline or the award), award with milestone ids, deliver, approve (once), reject,
rate; and the OpenAPI document lists the operations."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa

from market.prototypes.models import PrototypeRequest
from tests.factories.clients import bearer, isolated_client
from tests.factories.files import pdf_bytes, stl_binary
from tests.factories.prototypes import PLAN, fund


@pytest.fixture
def api(app, db_session, startup, maker, other_maker, other_startup):
    """An anonymous client and bearer headers for each party."""
    return isolated_client(app), {name: bearer(db_session, party.user) for name, party in (
        ("startup", startup), ("maker", maker), ("other_maker", other_maker), ("other_startup", other_startup))}


def _request_body(**overrides) -> dict:
    body = {"title": "Aluminium enclosure", "description": "A milled enclosure for a sensor board, 3 units.",
            "category": "enclosure", "quantity": 3, "budget_min_krw": 500_000, "budget_max_krw": 900_000,
            "deadline": (dt.date.today() + dt.timedelta(days=14)).isoformat(), "nda_required": True,
            "materials": ["aluminium 6061"], "locale": "en"}
    body.update(overrides)
    return body


def _post(client, auth, **overrides) -> dict:
    created = client.post("/api/v1/prototype-requests", json=_request_body(**overrides), headers=auth["startup"])
    assert created.status_code == 201, created.json
    return created.json


def test_full_flow(api, db_session, maker, startup):
    """Post, attach a drawing and an STL, accept the NDA, download, bid, award, fund, deliver, approve, rate."""
    client, auth = api
    req = _post(client, auth)
    assert (req["state"], req["your_role"], req["nda_required"], req["title"]["text"]) == (
        "open", "startup", True, "Aluminium enclosure")
    attached = client.post(f"/api/v1/prototype-requests/{req['id']}/files", headers=auth["startup"],
                           data={"files": [(io.BytesIO(pdf_bytes()), "enclosure.pdf"),
                                           (io.BytesIO(stl_binary()), "enclosure.stl")]},
                           content_type="multipart/form-data")
    assert attached.status_code == 201, attached.json
    assert [f["content_type"] for f in attached.json["files"]] == ["application/pdf", "model/stl"]
    file_url = attached.json["files"][0]["url"]
    # A maker sees the request but not the files before the NDA, and cannot download them.
    seen = client.get(f"/api/v1/prototype-requests/{req['id']}", headers=auth["maker"]).json
    assert (seen["your_role"], seen["files_visible"], seen["files"], seen["file_count"]) == ("maker", False, [], 2)
    assert client.get(file_url, headers=auth["maker"]).status_code == 404
    assert client.get(file_url).status_code == 401
    refused_bid = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["maker"],
                              json={"price_krw": 600_000, "lead_time_days": 10,
                                    "milestones": [{"title": "All", "amount_krw": 600_000}]})
    assert (refused_bid.status_code, refused_bid.json["error"]["code"]) == (403, "nda_required")
    nda = client.post(f"/api/v1/prototype-requests/{req['id']}/nda", json={}, headers=auth["maker"])
    assert nda.status_code == 201 and nda.json["nda_version"]
    download = client.get(file_url, headers=auth["maker"])
    assert download.status_code == 200 and download.data == pdf_bytes()
    # Bids: milestones must add up; one bid per maker (the second updates it).
    bad = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["maker"],
                      json={"price_krw": 700_000, "lead_time_days": 10, "milestones": PLAN})
    assert bad.status_code == 422 and "milestones" in bad.json["error"]["fields"]
    plan = [{"title": "First article", "amount_krw": 300_000}, {"title": "Final batch", "amount_krw": 400_000}]
    first = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["maker"],
                         json={"price_krw": 700_000, "lead_time_days": 10, "notes": "5-axis", "milestones": plan})
    assert client.post(f"/api/v1/prototype-requests/{req['id']}/nda", json={},
                       headers=auth["other_maker"]).status_code == 201
    assert first.status_code == 201 and first.json["status"] == "open"
    again = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["maker"],
                        json={"price_krw": 700_000, "lead_time_days": 9, "milestones": plan})
    assert (again.status_code, again.json["id"], again.json["revision"]) == (200, first.json["id"], 2)
    # Only the startup awards; the award answers the commission with its milestones and their ids.
    assert client.post(f"/api/v1/bids/{first.json['id']}/award", headers=auth["maker"]).status_code == 403
    awarded = client.post(f"/api/v1/bids/{first.json['id']}/award", headers=auth["startup"])
    assert awarded.status_code == 201, awarded.json
    commission = awarded.json
    assert [(m["title"], m["amount_krw"], m["status"]) for m in commission["milestones"]] == [
        ("First article", 300_000, "awaiting_funding"), ("Final batch", 400_000, "awaiting_funding")]
    assert all(isinstance(m["id"], int) for m in commission["milestones"])
    late = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["other_maker"],
                       json={"price_krw": 1, "lead_time_days": 1, "milestones": [{"title": "A", "amount_krw": 1}]})
    assert (late.status_code, late.json["error"]["code"]) == (409, "not_open")
    first_id, second_id = (m["id"] for m in commission["milestones"])
    early = client.post(f"/api/v1/milestones/{first_id}/deliver", json={"note": "x"}, headers=auth["maker"])
    assert (early.status_code, early.json["error"]["code"]) == (409, "not_funded")
    from market.prototypes.models import Milestone

    for milestone_id in (first_id, second_id):
        fund(db_session, db_session.get(Milestone, milestone_id))
    delivered = client.post(f"/api/v1/milestones/{first_id}/deliver", headers=auth["maker"],
                            data={"note": "First article machined.",
                                  "files": [(io.BytesIO(pdf_bytes("Inspection report")), "report.pdf")]},
                            content_type="multipart/form-data")
    assert delivered.status_code == 200, delivered.json
    assert delivered.json["milestones"][0]["deliveries"][0]["files"][0]["filename"] == "report.pdf"
    assert client.post(f"/api/v1/milestones/{first_id}/approve", headers=auth["maker"]).status_code == 403
    rejected = client.post(f"/api/v1/milestones/{first_id}/reject", json={"comment": "Burrs on the edge."},
                           headers=auth["startup"])
    assert rejected.json["milestones"][0]["status"] == "rejected"
    client.post(f"/api/v1/milestones/{first_id}/deliver", json={"note": "Deburred."}, headers=auth["maker"])
    approved = client.post(f"/api/v1/milestones/{first_id}/approve", headers=auth["startup"])
    assert approved.status_code == 200 and approved.json["milestones"][0]["status"] == "approved"
    twice = client.post(f"/api/v1/milestones/{first_id}/approve", headers=auth["startup"])
    assert twice.status_code == 409
    client.post(f"/api/v1/milestones/{second_id}/deliver", json={"note": "Batch done."}, headers=auth["maker"])
    done = client.post(f"/api/v1/milestones/{second_id}/approve", json={"comment": "Great"},
                       headers=auth["startup"])
    assert done.json["status"] == "completed"
    rated = client.post(f"/api/v1/prototype-commissions/{commission['id']}/ratings", headers=auth["startup"],
                        json={"score": 5, "comment": "Excellent."})
    assert rated.status_code == 201 and rated.json["ratings"][0]["score"] == 5
    ratings = client.get(f"/api/v1/organizations/{maker.org.id}/prototype-ratings").json
    assert (ratings["average"], ratings["count"]) == (5.0, 1)
    assert (ratings["total"], ratings["page"], len(ratings["items"])) == (1, 1, 1)
    assert client.get(f"/api/v1/organizations/{maker.org.id}/prototype-ratings?page=2").json["items"] == []
    # Outsiders see neither the commission nor the awarded request.
    assert client.get(f"/api/v1/prototype-commissions/{commission['id']}",
                      headers=auth["other_maker"]).status_code == 404
    assert client.get(f"/api/v1/prototype-requests/{req['id']}", headers=auth["other_startup"]).status_code == 404
    # A maker that only accepted the NDA sees the request, but not the commission.
    assert client.get(f"/api/v1/prototype-requests/{req['id']}", headers=auth["other_maker"]).json[
        "commission_id"] is None


def test_board_filters_and_paging(api, db_session):
    """The board answers items, total, page and per_page, filtered; budgets are converted beside the won."""
    client, auth = api
    _post(client, auth, title="Enclosure", category="enclosure", nda_required=False)
    _post(client, auth, title="Silver ring", category="jewelry", budget_min_krw=100_000, budget_max_krw=200_000)
    from i18n.money import set_rate

    set_rate(db_session, "USD", "1400", dt.date.today())
    db_session.commit()
    board = client.get("/api/v1/prototype-requests?currency=USD&lang=en").json
    assert (board["total"], board["page"], board["per_page"]) == (2, 1, 20)
    assert board["items"][0]["budget_min"] == {"amount": "71.43", "currency": "USD",
                                               "rate_date": dt.date.today().isoformat()}
    assert [i["title"]["text"] for i in client.get("/api/v1/prototype-requests?category=jewelry").json["items"]] == [
        "Silver ring"]
    assert [i["title"]["text"] for i in client.get("/api/v1/prototype-requests?cluster=bongik").json["items"]] == [
        "Silver ring"]
    assert client.get("/api/v1/prototype-requests?nda=false").json["total"] == 1
    assert client.get("/api/v1/prototype-requests?budget_min_krw=300000").json["total"] == 1
    paged = client.get("/api/v1/prototype-requests?per_page=1&page=2").json
    assert (paged["total"], len(paged["items"]), paged["page"]) == (2, 1, 2)
    assert client.get("/api/v1/prototype-requests?category=pottery").status_code == 422


def test_bad_request_input(api, db_session):
    """Bad fields answer 422 with a message per field; non-startups 403; non-JSON 415."""
    client, auth = api
    bad = client.post("/api/v1/prototype-requests", headers=auth["startup"],
                      json=_request_body(category="pottery", budget_min_krw=5, budget_max_krw=1, deadline="soon"))
    assert bad.status_code == 422
    assert {"category", "budget_max_krw", "deadline"} <= set(bad.json["error"]["fields"])
    assert client.post("/api/v1/prototype-requests", headers=auth["maker"],
                       json=_request_body()).status_code == 403
    assert client.post("/api/v1/prototype-requests", headers=auth["startup"], data="x").status_code == 415
    req = _post(client, auth)
    not_a_drawing = client.post(f"/api/v1/prototype-requests/{req['id']}/files", headers=auth["startup"],
                                data={"files": [(io.BytesIO(b"MZ\x90\x00 not a drawing"), "drawing.pdf")]},
                                content_type="multipart/form-data")
    assert not_a_drawing.status_code == 422 and "files" in not_a_drawing.json["error"]["fields"]
    assert client.post(f"/api/v1/prototype-requests/{req['id']}/files", headers=auth["other_startup"],
                       data={"files": [(io.BytesIO(pdf_bytes()), "d.pdf")]},
                       content_type="multipart/form-data").status_code == 403


def test_bids_after_the_deadline_are_refused(api, db_session):
    """A bid after the deadline answers 409."""
    client, auth = api
    req = _post(client, auth, nda_required=False)
    db_session.exec(sa.update(PrototypeRequest).where(PrototypeRequest.id == req["id"])
                    .values(deadline=dt.date.today() - dt.timedelta(days=2)))
    db_session.commit()
    late = client.post(f"/api/v1/prototype-requests/{req['id']}/bids", headers=auth["maker"],
                       json={"price_krw": 600_000, "lead_time_days": 10,
                             "milestones": [{"title": "All", "amount_krw": 600_000}]})
    assert (late.status_code, late.json["error"]["code"]) == (409, "deadline_passed")


def test_questions_suggestions_and_invites(api, db_session, maker):
    """Makers ask, the startup answers; suggestions and invitations are for the startup only."""
    client, auth = api
    req = _post(client, auth)
    asked = client.post(f"/api/v1/prototype-requests/{req['id']}/questions", json={"body": "Anodised?"},
                        headers=auth["maker"])
    assert asked.status_code == 201
    question_id = asked.json["questions"][0]["id"]
    answered = client.post(f"/api/v1/prototype-questions/{question_id}/answer", json={"answer": "Yes, black."},
                           headers=auth["startup"])
    assert answered.json["questions"][0]["answer"] == "Yes, black."
    suggestions = client.get(f"/api/v1/prototype-requests/{req['id']}/suggestions", headers=auth["startup"])
    assert suggestions.status_code == 200
    assert maker.org.id in [s["maker"]["id"] for s in suggestions.json["items"]]
    assert suggestions.json["total"] == len(suggestions.json["items"]) and suggestions.json["page"] == 1
    assert client.get(f"/api/v1/prototype-requests/{req['id']}/suggestions",
                      headers=auth["maker"]).status_code == 403
    invited = client.post(f"/api/v1/prototype-requests/{req['id']}/invites", json={"maker_org_id": maker.org.id},
                          headers=auth["startup"])
    assert invited.status_code == 201 and invited.json["invites"][0]["maker"]["id"] == maker.org.id


def test_openapi_documents_the_operations(api):
    """The OpenAPI document lists the prototype operations with their models."""
    client, _auth = api
    spec = client.get("/api/v1/openapi.json").json
    for path in ("/api/v1/prototype-requests", "/api/v1/prototype-requests/{request_id}/bids",
                 "/api/v1/bids/{bid_id}/award", "/api/v1/milestones/{milestone_id}/approve",
                 "/api/v1/milestones/{milestone_id}/reject", "/api/v1/milestones/{milestone_id}/deliver",
                 "/api/v1/prototype-requests/{request_id}/files", "/api/v1/prototype-requests/{request_id}/nda"):
        assert path in spec["paths"], path
    assert "BidCreate" in spec["components"]["schemas"] and "CommissionOut" in spec["components"]["schemas"]
