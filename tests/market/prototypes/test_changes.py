"""Change orders: one side proposes a new price, lead time or milestone plan; the other accepts (the commission
and its milestones change, on the timeline) or refuses; a change that would alter a funded milestone is
refused, when proposed and when accepted."""

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.prototypes.models import ChangeOrder, Commission, CommissionEvent, Milestone
from market.prototypes.services.changes import accept_change, propose_change, refuse_change, withdraw_change
from market.refusals import Refusal
from tests.factories.prototypes import fund, milestones_of
from tests.helpers import csrf_token

NEW_PLAN = [{"title": "Design review", "amount_krw": 200_000}, {"title": "First article", "amount_krw": 400_000},
            {"title": "Tooling", "amount_krw": 300_000}, {"title": "Final batch", "amount_krw": 600_000}]


def _kinds(session, commission):
    return [e.kind for e in session.exec(select(CommissionEvent).where(CommissionEvent.commission_id == commission.id)
                                         .order_by(CommissionEvent.id))]


def test_an_accepted_change_updates_the_commission_and_its_milestones(db_session, startup, maker, commission):
    """The maker proposes 1,500,000 won in four milestones and 25 days; the startup is told and accepts; the
    commission, its milestones and the timeline show it."""
    change = propose_change(db_session, maker.user, commission.id, price_krw=1_500_000, lead_time_days=25,
                            milestones=NEW_PLAN, reason="Tooling for the bend was not in the drawing.")
    db_session.commit()
    assert db_session.exec(select(Notification).where(Notification.user_id == startup.user.id,
                                                      Notification.kind == "prototype_change")).first()
    with pytest.raises(Refusal) as own:
        accept_change(db_session, maker.user, change.id)
    assert own.value.status == 403
    accept_change(db_session, startup.user, change.id, "Agreed.")
    db_session.commit()
    fresh = db_session.get(Commission, commission.id)
    assert (fresh.price_krw, fresh.lead_time_days) == (1_500_000, 25)
    plan = [(m.position, m.title, m.amount_krw, m.status) for m in milestones_of(db_session, commission)]
    assert plan == [(1, "Design review", 200_000, "awaiting_funding"), (2, "First article", 400_000, "awaiting_funding"),
                    (3, "Tooling", 300_000, "awaiting_funding"), (4, "Final batch", 600_000, "awaiting_funding")]
    assert db_session.get(ChangeOrder, change.id).status == "accepted"
    kinds = _kinds(db_session, commission)
    assert kinds[-3:] == ["change_proposed", "milestone_added", "change_accepted"]
    with pytest.raises(Refusal) as twice:
        refuse_change(db_session, startup.user, change.id)
    assert twice.value.status == 409


def test_a_change_cannot_alter_a_funded_milestone(db_session, startup, maker, commission):
    """With the first milestone funded, a plan that changes it is refused on ``milestones``; one that keeps it
    and rewrites the rest is accepted, dropping an unfunded milestone (cancelled)."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    with pytest.raises(Refusal) as locked:
        propose_change(db_session, startup.user, commission.id, price_krw=1_100_000,
                       milestones=[{"title": "Design review", "amount_krw": 100_000},
                                   {"title": "Everything else", "amount_krw": 1_000_000}])
    assert locked.value.code == "milestone_locked" and "milestones" in locked.value.fields
    change = propose_change(db_session, startup.user, commission.id,
                            milestones=[{"title": "Design review", "amount_krw": 200_000},
                                        {"title": "First article and batch", "amount_krw": 1_000_000}])
    accept_change(db_session, maker.user, change.id)
    db_session.commit()
    rows = list(db_session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                                .order_by(Milestone.position)))
    assert [(m.title, m.amount_krw, m.status) for m in rows] == [
        ("Design review", 200_000, "funded"), ("First article and batch", 1_000_000, "awaiting_funding"),
        ("Final batch", 600_000, "cancelled")]
    assert "milestone_cancelled" in _kinds(db_session, commission)


def test_a_milestone_funded_after_the_proposal_stops_its_acceptance(db_session, startup, maker, commission):
    """A change proposed while the first milestone awaited funding is refused (409) when accepted after it was
    funded; nothing changes."""
    first = milestones_of(db_session, commission)[0]
    change = propose_change(db_session, maker.user, commission.id, price_krw=1_300_000,
                            milestones=[{"title": "Design review", "amount_krw": 300_000},
                                        {"title": "First article", "amount_krw": 400_000},
                                        {"title": "Final batch", "amount_krw": 600_000}])
    db_session.commit()
    fund(db_session, first)
    with pytest.raises(Refusal) as late:
        accept_change(db_session, startup.user, change.id)
    assert late.value.status == 409 and late.value.code == "milestone_locked"
    db_session.rollback()
    assert db_session.get(Commission, commission.id).price_krw == 1_200_000
    assert db_session.get(ChangeOrder, change.id).status == "proposed"


def test_refusals_of_a_proposal(db_session, startup, maker, other_maker, commission):
    """No change, a price without matching milestones, a second proposal while one waits, and outsiders are
    refused; the proposer may withdraw, and a refused change changes nothing."""
    with pytest.raises(Refusal) as nothing:
        propose_change(db_session, startup.user, commission.id, lead_time_days=20)
    assert nothing.value.code == "no_change"
    with pytest.raises(Refusal) as unbalanced:
        propose_change(db_session, startup.user, commission.id, price_krw=1_000_000)
    assert "milestones" in unbalanced.value.fields
    with pytest.raises(Refusal) as outsider:
        propose_change(db_session, other_maker.user, commission.id, lead_time_days=30)
    assert outsider.value.status == 404
    change = propose_change(db_session, startup.user, commission.id, lead_time_days=15)
    with pytest.raises(Refusal) as pending:
        propose_change(db_session, maker.user, commission.id, lead_time_days=30)
    assert pending.value.code == "change_pending"
    with pytest.raises(Refusal):
        withdraw_change(db_session, maker.user, change.id)
    withdraw_change(db_session, startup.user, change.id)
    again = propose_change(db_session, startup.user, commission.id, lead_time_days=15)
    refuse_change(db_session, maker.user, again.id, "We need the 20 days.")
    db_session.commit()
    assert db_session.get(Commission, commission.id).lead_time_days == 20
    assert [c.status for c in db_session.exec(select(ChangeOrder).order_by(ChangeOrder.id))] == [
        "withdrawn", "refused"]


def test_changes_on_the_page(db_session, startup, maker, commission):
    """The startup proposes from the page; the maker sees it with accept (asking for confirmation) and refuse;
    a proposal whose milestones do not add up comes back with the milestones marked."""
    url = f"/en/prototypes/commissions/{commission.id}"
    data = {"csrf_token": csrf_token(startup.client, url), "price_krw": "1400000", "lead_time_days": "",
            "milestones-0-title": "Design review", "milestones-0-amount_krw": "200000",
            "milestones-1-title": "First article", "milestones-1-amount_krw": "400000",
            "milestones-2-title": "Final batch", "milestones-2-amount_krw": "600000", "reason": "Add anodising."}
    refused = startup.client.post(f"{url}/changes", data=data)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'href="#milestones"' in html and "must be equal" in html
    data["milestones-2-amount_krw"] = "800000"
    assert startup.client.post(f"{url}/changes", data=data).status_code == 302
    change = db_session.exec(select(ChangeOrder)).one()
    page = maker.client.get(url).get_data(as_text=True)
    block = page[page.index(f'id="change-{change.id}"'):page.index('id="thread"')]
    assert f"Change #{change.id} proposed by Mapo Bike Works" in block and "Add anodising." in block
    assert 'class="inline-form accept-change-form"' in block and "data-confirm=" in block
    assert "refuse-change-form" in block
    accepted = maker.client.post(f"/en/prototypes/changes/{change.id}/accept",
                                 data={"csrf_token": csrf_token(maker.client, url)})
    assert accepted.status_code == 302
    assert db_session.get(Commission, commission.id).price_krw == 1_400_000
    page = startup.client.get(url).get_data(as_text=True)
    assert "Change accepted" in page and "Milestone 3 · Final batch" in page
