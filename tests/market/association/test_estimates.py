"""Reported versus estimated (respondents weighted to official counts, with an interval), the programme
evaluation against comparable firms, a member's benchmarks, targets and reminders in each member's language."""

import pytest
from sqlmodel import select

from market.association.models import OfficialCount
from market.association.services import aggregates, campaigns, estimates
from market.notifications.models import Notification
from tests.factories.association import add_member, add_verified

YEAR = 2026


@pytest.fixture
def shoes(db_session, clusters, campaign):
    """Eight verified Seongsu shoe workshops with 3 to 10 staff, and last year's returns of the same firms."""
    members = []
    for i in range(8):
        member = add_member(db_session, cluster_code="seongsu", ksic="15")
        add_verified(db_session, member, YEAR - 1, staff_full_time=2 + i, staff_part_time=1, exports_krw=10_000_000,
                     smart_factory_stage=0)
        add_verified(db_session, member, YEAR, staff_full_time=2 + i + (2 if i % 2 else 0), staff_part_time=1,
                     exports_krw=12_000_000, programme_participant=bool(i % 2), smart_factory_stage=2 * (i % 2))
        members.append(member)
    return members


def test_estimate_weights_respondents_to_the_official_count(db_session, shoes):
    """800 official firms, 8 respondents averaging 8.5 staff (+1 for participants): the estimate is 800 × the
    mean, within an interval that contains it, with its source."""
    db_session.add(OfficialCount(year=YEAR, cluster_code="seongsu", ksic="15", firms=800, source="Census",
                                 source_year=2024))
    db_session.commit()
    result = estimates.estimate(db_session, YEAR, "jobs")
    mean = sum((2 + i + (2 if i % 2 else 0)) + 1 for i in range(8)) / 8
    assert result["estimate"] == round(800 * mean)
    assert result["low"] < result["estimate"] < result["high"]
    assert result["response_rate"] == pytest.approx(8 / 800)
    assert result["sources"] == [("Census", 2024)]


def test_no_estimate_without_official_counts(db_session, shoes):
    """Without official counts the page says so instead of inventing a population."""
    assert estimates.estimate(db_session, YEAR, "jobs") is None


def test_programme_evaluation_compares_with_similar_firms(db_session, shoes, clusters):
    """Participants grew by 2 jobs, comparable non-participants by 0: the effect is 2 jobs (n shown); with fewer
    than 5 matched participants a measure is not shown."""
    rows = {r["measure"]: r for r in estimates.programme_evaluation(db_session, YEAR)}
    assert rows["jobs"]["n"] < 5 and rows["jobs"]["effect"] is None
    for _ in range(4):
        member = add_member(db_session, cluster_code="seongsu", ksic="15")
        add_verified(db_session, member, YEAR - 1, staff_full_time=3, staff_part_time=1)
        add_verified(db_session, member, YEAR, staff_full_time=5, staff_part_time=1, programme_participant=True)
    rows = {r["measure"]: r for r in estimates.programme_evaluation(db_session, YEAR)}
    assert rows["jobs"]["n"] >= 5 and rows["jobs"]["effect"] > 0
    assert rows["jobs"]["low"] <= rows["jobs"]["effect"] <= rows["jobs"]["high"]


def test_a_member_sees_its_figures_against_its_cluster_and_trade(db_session, shoes, workshop):
    """Quartiles of the cluster-and-trade group with the member's own figures beside them."""
    ret = add_verified(db_session, workshop.member, YEAR, staff_full_time=20, staff_part_time=0)
    bench = aggregates.benchmark(db_session, workshop.member, ret, YEAR)
    assert bench["scope"] == "cluster_trade" and bench["n"] == 9
    jobs = next(m for m in bench["measures"] if m["name"] == "jobs")
    assert jobs["own"] == 20 and jobs["quartiles"]["q1"] <= jobs["quartiles"]["median"] <= jobs["quartiles"]["q3"]


def test_targets_carry_this_years_share(db_session, shoes):
    """Half of the firms report smart-factory stage 2 (monitoring): the smart-manufacturing point is 50%."""
    points = {p["target"].code: p for p in aggregates.target_points(db_session, YEAR)}
    assert points["smart"]["value"] == pytest.approx(50.0)
    assert aggregates.export_growth(db_session, YEAR)["growth"] == pytest.approx(20.0)


def test_reminders_reach_members_in_their_language_with_a_link(db_session, campaign, workshop, staff):
    """A member that has not answered gets a notice in its language linking to its return."""
    workshop.user.locale = "ko"
    db_session.add(workshop.user)
    db_session.commit()
    assert campaigns.remind_members(db_session, staff.user, YEAR) == 0  # no return made yet
    from market.association.services.returns import open_return

    open_return(db_session, workshop.member, YEAR)
    assert campaigns.remind_members(db_session, staff.user, YEAR) == 1
    notice = db_session.exec(select(Notification).where(Notification.user_id == workshop.user.id)).one()
    assert notice.url == f"/ko/association/returns/{YEAR}"
    assert "2026" in notice.message and "연간" in notice.message
