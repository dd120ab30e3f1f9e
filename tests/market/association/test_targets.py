"""Staff edit the forum paper's targets (baseline, target, their years, the source): the dashboard and the report
then draw and cite them; bad figures are refused on their fields; only association staff may edit."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from market.association.services import aggregates, targets
from market.refusals import Refusal
from tests.helpers import csrf_token

YEAR = 2026


def test_the_paper_figures_hold_until_staff_change_them(db_session, staff):
    """Without changes the four targets are the paper's; a change replaces one target's figures and source."""
    before = {t.code: t for t in targets.current_targets(db_session)}
    assert (before["smart"].baseline, before["smart"].target, before["smart"].edited) == (3, 15, False)
    changed = targets.set_target(db_session, staff.user, "smart", baseline=4.5, target=18, baseline_year=2025,
                                 target_year=2032, source="Seoul urban manufacturing plan 2025")
    assert (changed.baseline, changed.target, changed.baseline_year, changed.target_year) == (4.5, 18, 2025, 2032)
    assert changed.source == "Seoul urban manufacturing plan 2025" and changed.edited
    points = {p["target"].code: p for p in aggregates.target_points(db_session, YEAR)}
    assert points["smart"]["target"].target == 18
    assert points["shared_space"]["target"].target == 20


@pytest.mark.parametrize(("changes", "field"), [
    ({"baseline": -1}, "baseline"),
    ({"target": 140}, "target"),
    ({"target_year": 2020}, "target_year"),
    ({"baseline_year": 1800}, "baseline_year"),
    ({"source": "  "}, "source"),
    ({"source": "x" * 201}, "source"),
])
def test_bad_figures_are_refused_on_their_field(db_session, staff, changes, field):
    """Shares outside 0–100%, a target year not after the baseline, a missing source: refused, nothing kept."""
    values = {"baseline": 3, "target": 15, "baseline_year": 2024, "target_year": 2030, "source": "Forum paper",
              **changes}
    with pytest.raises(Refusal) as refused:
        targets.set_target(db_session, staff.user, "smart", **values)
    assert field in refused.value.fields
    assert not targets.get_target(db_session, "smart").edited


def test_only_staff_change_targets(db_session, shoe_chair, city, workshop):
    """Trade chairs, the city and members are refused."""
    for party in (shoe_chair, city, workshop):
        with pytest.raises(Refusal) as refused:
            targets.set_target(db_session, party.user, "smart", baseline=1, target=2, baseline_year=2024,
                               target_year=2030, source="x")
        assert refused.value.status == 403


def test_staff_edit_a_target_on_its_page_and_the_dashboard_cites_it(app, db_session, campaign, staff):
    """The edit page marks a bad field (422, nothing kept); a good change shows on the list, the dashboard's
    chart and the report PDF with its source."""
    page = staff.client.get("/en/association/targets")
    assert page.status_code == 200 and "Firms using shared space" in page.get_data(as_text=True)
    token = csrf_token(staff.client, "/en/association/targets/shared_space")
    bad = staff.client.post("/en/association/targets/shared_space", data={
        "csrf_token": token, "baseline": 5, "baseline_year": 2024, "target": 20, "target_year": 2023,
        "source": "Forum paper"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert 'id="target_year-error"' in html and "The target year comes after the baseline year." in html
    assert not targets.get_target(db_session, "shared_space").edited
    good = staff.client.post("/en/association/targets/shared_space", data={
        "csrf_token": token, "baseline": 6, "baseline_year": 2025, "target": 22, "target_year": 2031,
        "source": "City council resolution 2025"})
    assert good.status_code == 302 and good.headers["Location"].endswith("/en/association/targets#target-shared_space")
    listing = staff.client.get("/en/association/targets").get_data(as_text=True)
    assert "City council resolution 2025" in listing
    dashboard = staff.client.get(f"/en/association/{YEAR}").get_data(as_text=True)
    assert "Firms using shared space: 6% (2025) → 22% (2031)" in " ".join(dashboard.split())
    assert "City council resolution 2025" in dashboard
    report = staff.client.get(f"/en/association/{YEAR}/report.pdf?in=en")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.data)).pages).split())
    assert "City council resolution 2025" in text and "22% (2031)" in text


def test_targets_pages_are_refused_to_others(app, campaign, workshop, shoe_chair, city, client):
    """Members, trade chairs and the city cannot open or post the targets' pages; a visitor is sent to sign in;
    an unknown target is 404."""
    for party in (workshop, shoe_chair, city):
        assert party.client.get("/en/association/targets").status_code == 403
        assert party.client.get("/en/association/targets/smart").status_code == 403
        assert party.client.post("/en/association/targets/smart", data={"baseline": 1}).status_code in (400, 403)
    assert client.get("/en/association/targets").status_code == 302


def test_an_unknown_target_is_not_found(staff):
    """A code that is not one of the four targets is 404."""
    assert staff.client.get("/en/association/targets/nonsense").status_code == 404
