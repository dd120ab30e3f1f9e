"""The association API: public KPI tables with suppressed cells as nulls, a suppressed cell asked for by key
refused, a member's own return (another firm's refused, nothing leaked), and the operations documented."""

import pytest

from tests.factories.association import add_member, add_verified
from tests.factories.clients import bearer, isolated_client

YEAR = 2026


@pytest.fixture
def population(db_session, campaign, clusters):
    """Verified returns: 6 shoe workshops in Seongsu, 7 metal shops in Mullae, 4 print shops in Euljiro."""
    for cluster, ksic, n in (("seongsu", "15", 6), ("mullae", "25", 7), ("euljiro", "18", 4)):
        for i in range(n):
            add_verified(db_session, add_member(db_session, cluster_code=cluster, ksic=ksic), YEAR,
                         exports_krw=10_000_000 + i, revenue_krw=400_000_000 + i)


def test_kpis_by_trade_hide_the_four_firm_cell(app, population):
    """The 4-firm printing cell is suppressed with null figures; others carry their figures."""
    answer = isolated_client(app).get(f"/api/v1/association/kpis?year={YEAR}&by=trade")
    assert answer.status_code == 200
    body = answer.json
    assert body["year"] == YEAR and body["by"] == "trade"
    cells = {c["key"]: c for c in body["cells"]}
    assert cells["18"] == {"key": "18", "label": "18 Printing", "firms": None, "jobs": None,
                           "value_added_krw": None, "exports_krw": None, "suppressed": True}
    shown = [c for c in body["cells"] if not c["suppressed"]]
    assert all(c["firms"] >= 5 for c in shown)
    # No published cell lets the hidden one be worked out as the total minus the rest.
    assert len([c for c in body["cells"] if c["suppressed"]]) >= 2


def test_asking_for_a_suppressed_cell_is_refused(app, population):
    """A suppressed cell by key: 403 "suppressed" with a reason, and no figure in the answer."""
    answer = isolated_client(app).get(f"/api/v1/association/kpis?year={YEAR}&by=trade&key=18")
    assert answer.status_code == 403
    assert answer.json["error"]["code"] == "suppressed"
    assert "400000" not in answer.get_data(as_text=True)
    unknown = isolated_client(app).get(f"/api/v1/association/kpis?year={YEAR}&by=trade&key=99")
    assert unknown.status_code == 404


def test_bad_queries_are_refused_on_their_fields(app, population):
    """An unknown table or year out of range: 422 naming the field."""
    answer = isolated_client(app).get("/api/v1/association/kpis?by=colour&year=1800")
    assert answer.status_code == 422
    assert {"by", "year"} <= set(answer.json["error"]["fields"])


def test_a_member_reads_its_own_return_only(app, db_session, campaign, workshop, other_workshop, staff):
    """Own return: 200; another firm's (by member_id): 403 without its figures; signed out: 401."""
    add_verified(db_session, workshop.member, YEAR, revenue_krw=432_100_000)
    add_verified(db_session, other_workshop.member, YEAR, revenue_krw=987_600_000)
    client = isolated_client(app)
    own = client.get(f"/api/v1/association/returns/{YEAR}", headers=bearer(db_session, workshop.user))
    assert own.status_code == 200 and own.json["revenue_krw"] == 432_100_000
    assert own.json["member_id"] == workshop.member.id
    other = client.get(f"/api/v1/association/returns/{YEAR}?member_id={other_workshop.member.id}",
                       headers=bearer(db_session, workshop.user))
    assert other.status_code == 403 and "987600000" not in other.get_data(as_text=True)
    assert client.get(f"/api/v1/association/returns/{YEAR}").status_code == 401
    by_staff = client.get(f"/api/v1/association/returns/{YEAR}?member_id={other_workshop.member.id}",
                          headers=bearer(db_session, staff.user))
    assert by_staff.status_code == 200 and by_staff.json["revenue_krw"] == 987_600_000


def test_the_city_never_reads_a_single_return(app, db_session, campaign, workshop, city, print_chair):
    """A city viewer, and the chair of another trade, get no firm's return."""
    add_verified(db_session, workshop.member, YEAR)
    client = isolated_client(app)
    for party in (city, print_chair):
        answer = client.get(f"/api/v1/association/returns/{YEAR}?member_id={workshop.member.id}",
                            headers=bearer(db_session, party.user))
        assert answer.status_code in (403, 404)
        assert "revenue_krw" not in answer.get_data(as_text=True)


def test_the_operations_are_documented(app):
    """The OpenAPI document lists both operations."""
    paths = isolated_client(app).get("/api/v1/openapi.json").json["paths"]
    assert "/api/v1/association/kpis" in paths or "/association/kpis" in paths
    assert any(p.endswith("/association/returns/{year}") for p in paths)


def test_a_member_saves_and_submits_through_the_api(app, db_session, campaign, workshop):
    """PUT saves the fields sent; submitting inconsistent figures is refused on each field and keeps nothing;
    consistent ones submit; a second submission is refused (409)."""
    from tests.factories.association import figures

    client = isolated_client(app)
    auth = bearer(db_session, workshop.user)
    url = f"/api/v1/association/returns/{YEAR}"
    saved = client.put(url, json={"staff_full_time": 3}, headers=auth)
    assert saved.status_code == 200 and saved.json["status"] == "draft" and saved.json["staff_full_time"] == 3
    body = {k: v for k, v in figures().items() if k != "exports_by_country"}
    bad = client.put(url, json={**body, "exports_krw": 900_000_000, "staff_under_35": 40, "submit": True},
                     headers=auth)
    assert bad.status_code == 422
    assert {"exports_krw", "staff_under_35"} <= set(bad.json["error"]["fields"])
    assert client.get(url, headers=auth).json["status"] == "draft"
    done = client.put(url, json={**body, "submit": True}, headers=auth)
    assert done.status_code == 200 and done.json["status"] == "submitted"
    again = client.put(url, json={**body, "submit": True}, headers=auth)
    assert again.status_code == 409
    assert client.put(url, json={"staff_full_time": -1}, headers=auth).status_code == 422
    assert client.put("/api/v1/association/returns/2019", json={}, headers=auth).status_code == 404
