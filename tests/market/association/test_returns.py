"""A member's annual return: pre-filled from paid orders abroad, saved, refused on submit with a message on each
inconsistent field (and nothing kept), returned with reasons, resubmitted, verified into the published figures,
corrected as a new version; each step refused to those it does not belong to."""

import datetime as dt

import pytest

from market.association.models import AnnualReturn, ReturnStatus
from market.association.services import aggregates, returns
from market.orders.models import OrderStatus, WholesaleOrder
from market.refusals import Refusal
from tests.factories.association import add_member, add_verified, figures

YEAR = 2026


def _order(session, maker_org, buyer_org, amount, country, status=OrderStatus.delivered, year=YEAR):
    session.add(WholesaleOrder(buyer_org_id=buyer_org.id, maker_org_id=maker_org.id, status=status,
                               subtotal_krw=amount, shipping_address="1 Main St", shipping_country=country,
                               created_at=dt.datetime(year, 6, 1, tzinfo=dt.UTC)))
    session.commit()


def test_exports_are_prefilled_from_paid_orders_abroad(db_session, campaign, workshop, make_org, make_user):
    """Paid orders shipped abroad in the year count (by country); unpaid, domestic and last year's do not."""
    buyer = make_org(make_user(), kind="buyer", country="JP")
    for amount, country, status, year in ((3_000_000, "JP", OrderStatus.delivered, YEAR),
                                          (2_000_000, "US", OrderStatus.paid, YEAR),
                                          (9_000_000, "JP", OrderStatus.awaiting_payment, YEAR),
                                          (7_000_000, "KR", OrderStatus.delivered, YEAR),
                                          (5_000_000, "JP", OrderStatus.delivered, YEAR - 1)):
        _order(db_session, workshop.org, buyer, amount, country, status, year)
    ret = returns.open_return(db_session, workshop.member, YEAR)
    assert ret.status == ReturnStatus.not_started
    assert ret.exports_krw == 5_000_000
    assert ret.exports_by_country == {"JP": 3_000_000, "US": 2_000_000}
    assert ret.prefill["exports_krw"] == {"value": 5_000_000, "source": "orders", "count": 2}


def test_no_return_without_an_open_campaign(db_session, workshop, clusters):
    """A year that is not being collected is refused."""
    with pytest.raises(Refusal) as refused:
        returns.open_return(db_session, workshop.member, 2019)
    assert refused.value.code == "no_campaign"


def test_inconsistent_figures_are_refused_on_their_fields(db_session, campaign, workshop):
    """Value added above revenue, exports above revenue, more young staff than staff: each marked, nothing kept."""
    ret = returns.open_return(db_session, workshop.member, YEAR)
    bad = figures(revenue_krw=100_000_000, exports_krw=150_000_000, operating_surplus_krw=90_000_000,
                  staff_under_35=9)
    with pytest.raises(Refusal) as refused:
        returns.submit_return(db_session, ret, workshop.member, workshop.user, bad)
    fields = refused.value.fields
    assert {"exports_krw", "operating_surplus_krw", "staff_under_35"} <= set(fields)
    assert "cannot be more than revenue" in fields["operating_surplus_krw"]
    db_session.refresh(ret)
    assert ret.status == ReturnStatus.not_started and ret.revenue_krw is None


def test_a_change_above_300_percent_needs_a_note(db_session, campaign, workshop):
    """Revenue five times last year's verified figure is refused until a note explains it."""
    add_verified(db_session, workshop.member, YEAR - 1, revenue_krw=100_000_000, exports_krw=0,
                 labour_cost_krw=40_000_000, operating_surplus_krw=5_000_000)
    ret = returns.open_return(db_session, workshop.member, YEAR)
    grown = figures(revenue_krw=500_000_000)
    with pytest.raises(Refusal) as refused:
        returns.submit_return(db_session, ret, workshop.member, workshop.user, grown)
    assert {"revenue_krw", "change_note"} <= set(refused.value.fields)
    returns.submit_return(db_session, ret, workshop.member, workshop.user,
                          {**grown, "change_note": "A new export contract with a Tokyo department store."})
    assert ret.status == ReturnStatus.submitted


def test_the_whole_life_of_a_return_with_versions(db_session, campaign, workshop, staff):
    """Draft, submit, returned with a reason, fixed and resubmitted, verified: four versions with who and why."""
    member = workshop.member
    ret = returns.open_return(db_session, member, YEAR)
    returns.save_return(db_session, ret, member, workshop.user, {"staff_full_time": 3})
    assert ret.status == ReturnStatus.draft and ret.staff_full_time == 3
    returns.submit_return(db_session, ret, member, workshop.user, figures(exports_krw=60_000_000))
    with pytest.raises(Refusal) as no_reason:
        returns.send_back_return(db_session, ret, staff.user, "  ")
    assert no_reason.value.field == "reason"
    returns.send_back_return(db_session, ret, staff.user, "Exports include a domestic order.")
    assert ret.status == ReturnStatus.returned and ret.returned_reason == "Exports include a domestic order."
    returns.save_return(db_session, ret, member, workshop.user, {"exports_krw": 45_000_000})
    assert ret.status == ReturnStatus.returned
    returns.submit_return(db_session, ret, member, workshop.user, {})
    assert ret.status == ReturnStatus.resubmitted
    returns.verify_return(db_session, ret, staff.user)
    assert ret.status == ReturnStatus.verified and ret.verified_by_id == staff.user.id
    versions = returns.versions_of(db_session, ret)
    assert [v.status for v in versions] == ["submitted", "returned", "resubmitted", "verified"]
    assert versions[1].reason == "Exports include a domestic order." and versions[1].actor_id == staff.user.id
    assert versions[-1].figures["exports_krw"] == 45_000_000
    with pytest.raises(Refusal) as late:
        returns.save_return(db_session, ret, member, workshop.user, {"exports_krw": 1})
    assert late.value.status == 409


def test_reviewing_belongs_to_staff_and_the_chair_of_the_trade(db_session, campaign, workshop, other_workshop,
                                                               shoe_chair, print_chair, city):
    """The member cannot verify its own return, nor can the city or another trade's chair; the shoe chair can."""
    ret = returns.open_return(db_session, workshop.member, YEAR)
    returns.submit_return(db_session, ret, workshop.member, workshop.user, figures())
    for outsider in (workshop.user, print_chair.user, city.user):
        with pytest.raises(Refusal) as refused:
            returns.verify_return(db_session, ret, outsider)
        assert refused.value.status == 403
    returns.verify_return(db_session, ret, shoe_chair.user)
    assert ret.status == ReturnStatus.verified


def test_another_firm_cannot_file_this_return(db_session, campaign, workshop, other_workshop):
    """A return is the member's own: another firm's figures are refused (403)."""
    ret = returns.open_return(db_session, workshop.member, YEAR)
    with pytest.raises(Refusal) as refused:
        returns.save_return(db_session, ret, other_workshop.member, other_workshop.user, figures())
    assert refused.value.status == 403


def test_a_correction_of_a_verified_return_is_a_new_version(db_session, campaign, workshop, staff):
    """Staff correct verified figures with a reason; the member cannot; the published figures follow."""
    ret = add_verified(db_session, workshop.member, YEAR)
    with pytest.raises(Refusal):
        returns.correct_return(db_session, ret, workshop.user, {"exports_krw": 1}, "typo")
    returns.correct_return(db_session, ret, staff.user, {"exports_krw": 70_000_000}, "Invoice found later.")
    assert ret.version == 2 and ret.exports_krw == 70_000_000
    assert returns.versions_of(db_session, ret)[-1].reason == "Invoice found later."


def test_verification_changes_the_published_figures(db_session, campaign, workshop, staff, clusters):
    """The year's total counts a return only once it is verified."""
    for _ in range(5):
        add_verified(db_session, add_member(db_session), YEAR)
    before = aggregates.kpi_cells(db_session, YEAR, "trade")
    ret = returns.open_return(db_session, workshop.member, YEAR)
    returns.submit_return(db_session, ret, workshop.member, workshop.user, figures(exports_krw=80_000_000))
    assert aggregates.kpi_cells(db_session, YEAR, "trade") == before
    returns.verify_return(db_session, ret, staff.user)
    after = {c.key: c for c in aggregates.kpi_cells(db_session, YEAR, "trade")}
    assert after["15"].firms == 6 and after["15"].exports_krw == 5 * 50_000_000 + 80_000_000
    assert db_session.get(AnnualReturn, ret.id).status == ReturnStatus.verified


def test_a_stale_decision_loses(db_session, campaign, workshop, staff, shoe_chair):
    """Two reviewers decide on the same submitted return: the second, made from a stale page, is refused (409)
    and the first decision stands."""
    ret = returns.open_return(db_session, workshop.member, YEAR)
    returns.submit_return(db_session, ret, workshop.member, workshop.user, figures())
    returns.send_back_return(db_session, ret, shoe_chair.user, "Add the labour cost of the part-timer.",
                             expected=ReturnStatus.submitted)
    with pytest.raises(Refusal) as stale:
        returns.verify_return(db_session, ret, staff.user, expected=ReturnStatus.submitted)
    assert stale.value.status == 409
    assert ret.status == ReturnStatus.returned


def test_hires_through_job_posts_are_prefilled(db_session, clusters, workshop, make_user):
    """A person the workshop hired through its job post this year is offered as the year's hires, with where
    the figure came from."""
    from market.association.services.prefill import prefill_labels
    from market.careers.services import applications
    from tests.factories.association import open_year
    from tests.factories.people import make_post, make_profile

    post = make_post(db_session, workshop.user, workshop.org)
    seeker = make_user()
    make_profile(db_session, seeker)
    application = applications.apply_to_post(db_session, seeker, post.id)
    for step in ("interview", "hired"):
        applications.move_application(db_session, workshop.user, application.id, step)
    db_session.commit()
    year = application.updated_at.year  # hires count in the year they happen: this one
    open_year(db_session, year)
    ret = returns.open_return(db_session, workshop.member, year)
    assert ret.hires_this_year == 1
    assert ret.prefill["hires_this_year"] == {"value": 1, "source": "jobs", "count": 1}
    assert "job post" in prefill_labels(ret.prefill)["hires_this_year"]
