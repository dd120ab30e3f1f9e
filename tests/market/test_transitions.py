"""The one state-machine step: legal steps apply once, illegal and foreign steps and lost races are refused."""

import pytest
import sqlalchemy as sa

from market.refusals import Refusal
from market.rfq.models import Rfq, RfqStatus, Side
from market.transitions import allowed_steps, apply_transition

TABLE = {(RfqStatus.open, RfqStatus.quoted): Side.maker, (RfqStatus.quoted, RfqStatus.accepted): Side.buyer,
         (RfqStatus.open, RfqStatus.declined): frozenset({Side.buyer, Side.maker})}


@pytest.fixture
def rfq(db_session, make_user, make_org):
    """An open request between a buyer and a maker."""
    person = make_user()
    buyer, maker = make_org(person, kind="buyer"), make_org(make_user(), kind="maker")
    row = Rfq(buyer_org_id=buyer.id, maker_org_id=maker.id, created_by_id=person.id, quantity=10,
              message="Ten wallets, please.")
    db_session.add(row)
    db_session.commit()
    return row


def test_a_legal_step_applies_and_records_its_event(db_session, rfq):
    """The step moves the status, stamps updated_at and adds the event only when it applied."""
    from market.notifications.models import Notification

    before = rfq.updated_at
    events = []

    def record(old):
        events.append(Notification(user_id=rfq.created_by_id, kind="t", message=f"moved from {old}", url="/en/"))
        return events[-1]

    left = apply_transition(db_session, rfq, TABLE, RfqStatus.declined, role=Side.maker, event=record)
    assert left == RfqStatus.open and rfq.status == RfqStatus.declined and rfq.updated_at >= before
    assert [e.message for e in events] == ["moved from open"]


def test_illegal_and_foreign_steps_are_refused_and_change_nothing(db_session, rfq):
    """A step outside the table is a 409, another party's step a 403; the status stays."""
    with pytest.raises(Refusal) as illegal:
        apply_transition(db_session, rfq, TABLE, RfqStatus.accepted, role=Side.buyer)
    assert illegal.value.status == 409 and illegal.value.code == "wrong_state"
    with pytest.raises(Refusal) as foreign:
        apply_transition(db_session, rfq, TABLE, RfqStatus.quoted, role=Side.buyer)
    assert foreign.value.status == 403
    db_session.refresh(rfq)
    assert rfq.status == RfqStatus.open


def test_the_second_of_two_racing_steps_loses(db_session, rfq):
    """When the status changed after the actor looked, the conditional UPDATE finds nothing: 409, no event."""
    db_session.exec(sa.update(Rfq).where(Rfq.id == rfq.id).values(status=RfqStatus.declined))
    with pytest.raises(Refusal) as lost:
        apply_transition(db_session, rfq, TABLE, RfqStatus.quoted, role=Side.maker, expected=RfqStatus.open)
    assert lost.value.status == 409 and lost.value.code == "conflict"


def test_allowed_steps_are_the_roles_own():
    """The next steps offered to a role are the table's steps from the status that the role may take."""
    assert allowed_steps(TABLE, "open", Side.maker) == [RfqStatus.quoted, RfqStatus.declined]
    assert allowed_steps(TABLE, RfqStatus.open, Side.buyer) == [RfqStatus.declined]


def test_a_step_whose_extra_condition_no_longer_holds_is_refused(db_session, rfq):
    """A condition the row must still meet (a quote still valid today) is part of the same UPDATE: 409 when not."""
    with pytest.raises(Refusal) as refused:
        apply_transition(db_session, rfq, TABLE, RfqStatus.quoted, role=Side.maker, where=[Rfq.quantity > 100])
    assert refused.value.status == 409
    db_session.refresh(rfq)
    assert rfq.status == RfqStatus.open
    apply_transition(db_session, rfq, TABLE, RfqStatus.quoted, role=Side.maker, where=[Rfq.quantity >= 10])
    assert rfq.status == RfqStatus.quoted
