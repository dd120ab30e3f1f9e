"""The payments adapter of milestones (kind "milestone"): what is due, funding exactly once, refunds, and the
release on approval."""

import pytest
import sqlalchemy as sa
from sqlmodel import select

from market.payments.payables import get_adapter, registered_kinds
from market.prototypes import payable
from market.prototypes.models import Commission, CommissionEvent, Milestone, MilestoneStatus, PrototypeRequest
from market.prototypes.services.milestones import approve_milestone, deliver_milestone
from market.refusals import Refusal
from tests.factories.db import count
from tests.factories.prototypes import fund, milestones_of


@pytest.fixture
def adapter(app):
    return payable.ADAPTER


def test_registered_when_the_app_starts(app):
    """The app factory registers the adapter (importing the module registers nothing), so payments finds the
    "milestone" kind."""
    assert "milestone" in registered_kinds()
    assert get_adapter("milestone") is payable.ADAPTER


def test_describe_a_milestone(db_session, adapter, commission, startup, maker):
    """The milestone's amount in KRW, payee the maker, payer the startup; payable only while awaiting funding
    and the commission is active."""
    first = milestones_of(db_session, commission)[0]
    info = adapter.describe(db_session, first.id)
    assert (info.kind, info.id, info.currency, info.amount_minor, info.amount_krw) == (
        "milestone", first.id, "KRW", 200_000, 200_000)
    assert (info.payee_org_id, info.payer_org_id, info.payer_user_id) == (maker.org.id, startup.org.id,
                                                                          startup.user.id)
    assert info.payable and "Design review" in info.description
    fund(db_session, first)
    again = adapter.describe(db_session, first.id)
    assert not again.payable and again.reason
    second = milestones_of(db_session, commission)[1]
    db_session.exec(sa.update(Commission).where(Commission.id == commission.id)
  .values(status="cancelled"))
    assert not adapter.describe(db_session, second.id).payable
    with pytest.raises(Refusal) as unknown:
        adapter.describe(db_session, 999_999)
    assert unknown.value.status == 404
    assert adapter.return_url(first.id).endswith(f"/prototypes/commissions/{commission.id}#milestone-{first.id}")


def test_paid_exactly_once(db_session, adapter, commission):
    """on_paid funds the milestone; the same payment again is a no-op, another payment is refused: one funding."""
    first = milestones_of(db_session, commission)[0]
    adapter.on_paid(db_session, first.id, 501)
    adapter.on_paid(db_session, first.id, 501)
    with pytest.raises(Refusal) as second:
        adapter.on_paid(db_session, first.id, 502)
    assert second.value.code == "already_funded"
    db_session.refresh(first)
    assert (first.status, first.payment_id) == ("funded", 501)
    assert count(db_session, CommissionEvent, CommissionEvent.milestone_id == first.id,
                 CommissionEvent.kind == "funded") == 1


def test_paid_after_a_concurrent_funding_is_refused(db_session, adapter, commission):
    """If another transaction funded the milestone after this one read it, the conditional UPDATE loses."""
    first = milestones_of(db_session, commission)[0]
    db_session.exec(sa.update(Milestone).where(Milestone.id == first.id)
                    .values(status="funded", payment_id=700).execution_options(synchronize_session=False))
    assert first.status == "awaiting_funding"  # the stale copy this session holds
    with pytest.raises(Refusal) as refused:
        adapter.on_paid(db_session, first.id, 701)
    assert (refused.value.status, refused.value.code) == (409, "already_funded")
    db_session.refresh(first)
    assert first.payment_id == 700


def test_the_same_payment_racing_itself_is_a_repeat(db_session, adapter, commission):
    """If the same payment funded the milestone in another transaction meanwhile, this call changes nothing."""
    first = milestones_of(db_session, commission)[0]
    db_session.exec(sa.update(Milestone).where(Milestone.id == first.id)
                    .values(status="funded", payment_id=702).execution_options(synchronize_session=False))
    assert first.status == "awaiting_funding"  # the stale copy this session holds
    adapter.on_paid(db_session, first.id, 702)
    db_session.refresh(first)
    assert (first.status, first.payment_id) == ("funded", 702)
    assert count(db_session, CommissionEvent, CommissionEvent.kind == "funded") == 0


def test_full_refund_sends_the_milestone_back(db_session, adapter, commission, maker):
    """A full refund of a funded milestone makes it await funding again; a partial one is only recorded."""
    first = milestones_of(db_session, commission)[0]
    payment = fund(db_session, first)
    adapter.on_refunded(db_session, first.id, payment, 50_000, False)
    db_session.refresh(first)
    assert first.status == "funded"
    adapter.on_refunded(db_session, first.id, payment, 200_000, True)
    db_session.refresh(first)
    assert (first.status, first.payment_id) == ("awaiting_funding", None)
    assert count(db_session, CommissionEvent, CommissionEvent.kind == "refunded") == 2
    assert adapter.describe(db_session, first.id).payable
    with pytest.raises(Refusal):
        deliver_milestone(db_session, maker.user, first.id, "Done")


def test_unfunded_milestones_cannot_be_worked_on(db_session, commission, maker):
    """Work (a delivery) starts only once the milestone's money is collected."""
    first = milestones_of(db_session, commission)[0]
    with pytest.raises(Refusal) as refused:
        deliver_milestone(db_session, maker.user, first.id, "Early")
    assert refused.value.code == "not_funded"


def test_approval_releases_the_money_paid_through_payments(db_session, commission, startup, maker):
    """Approval releases the money held by payments to the maker, once, on the timeline; the commission goes on
    while other milestones remain."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first)
    deliver_milestone(db_session, maker.user, first.id, "Done.")
    approve_milestone(db_session, startup.user, first.id)
    db_session.refresh(first)
    assert first.status == MilestoneStatus.approved and first.released_at is not None
    assert count(db_session, CommissionEvent, CommissionEvent.kind == "released") == 1
    assert db_session.exec(select(PrototypeRequest)).one().status == "awarded"


def test_approval_without_a_payment_releases_nothing(db_session, commission, startup, maker):
    """A milestone funded outside payments (the demo's offline history) is approved with nothing to release."""
    first = milestones_of(db_session, commission)[0]
    fund(db_session, first, payment_id=4242)
    deliver_milestone(db_session, maker.user, first.id, "Done.")
    approve_milestone(db_session, startup.user, first.id)
    db_session.refresh(first)
    assert first.status == MilestoneStatus.approved and first.released_at is None
    assert count(db_session, CommissionEvent, CommissionEvent.kind == "released") == 0
