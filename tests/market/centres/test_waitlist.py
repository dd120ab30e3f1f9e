"""The waitlist: a user waits for a taken slot; a cancellation offers it to the first waiting user, held for them
for 30 minutes (others are refused meanwhile), then passed on to the next."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from tests.factories.centres import seoul, working_day


@pytest.fixture
def crowd(make_user, make_facility, make_machine, qualify):
    machine = make_machine(make_facility(), category="laser_cutter", required_training=None)
    users = [make_user() for _ in range(4)]
    for user in users:
        qualify(user, "safety")
    return machine, users


def test_a_cancelled_slot_is_offered_to_the_first_waiting_user(app, db_session, crowd):
    """B and C wait for A's slot; A cancels; B is offered it and told; C cannot book it for 30 minutes."""
    from market.centres.models import WaitlistEntry
    from market.centres.services.bookings import cancel_booking, create_booking
    from market.centres.services.waitlist import advance_waitlist, join_waitlist
    from market.notifications.models import Notification
    from market.refusals import Refusal

    machine, (a, b, c, _d) = crowd
    day = working_day(3)
    start, end = seoul(day, "14:00"), seoul(day, "16:00")
    booked = create_booking(db_session, a, machine.id, start, end)
    first = join_waitlist(db_session, b, machine.id, start, end)
    second = join_waitlist(db_session, c, machine.id, start, end)
    with pytest.raises(Refusal) as twice:
        join_waitlist(db_session, b, machine.id, start, end)
    assert twice.value.code == "already_waiting"
    now = dt.datetime.now(dt.UTC)
    cancel_booking(db_session, a, booked.id, now=now)
    db_session.refresh(first)
    assert first.status == "offered"
    notice = db_session.exec(select(Notification).where(Notification.user_id == b.id)).one()
    assert f"/book/{machine.id}?" in notice.url
    with pytest.raises(Refusal) as held:
        create_booking(db_session, c, machine.id, start, end, now=now + dt.timedelta(minutes=10))
    assert held.value.code == "slot_taken"
    assert advance_waitlist(db_session, now=now + dt.timedelta(minutes=31)) == 1
    db_session.refresh(first)
    db_session.refresh(second)
    assert (first.status, second.status) == ("expired", "offered")
    taken = create_booking(db_session, c, machine.id, start, end, now=now + dt.timedelta(minutes=35))
    assert taken.status == "confirmed"
    db_session.refresh(second)
    assert second.status == "booked"
    assert db_session.exec(select(WaitlistEntry).where(WaitlistEntry.status == "waiting")).all() == []


def test_a_free_slot_cannot_be_waited_for(app, db_session, crowd):
    """Joining the waitlist of a free slot is refused: book it instead."""
    from market.centres.services.waitlist import join_waitlist
    from market.refusals import Refusal

    machine, (a, *_rest) = crowd
    day = working_day()
    with pytest.raises(Refusal) as refused:
        join_waitlist(db_session, a, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    assert refused.value.code == "free"


def test_the_search_offers_the_waitlist_for_a_taken_slot(app, db_session, client, crowd):
    """A taken slot shows "Join the waitlist"; joining lists it under the user's bookings."""
    from market.centres.services.bookings import create_booking
    from tests.helpers import csrf_token, sign_in

    machine, (a, b, *_rest) = crowd
    day = working_day()
    create_booking(db_session, a, machine.id, seoul(day, "14:00"), seoul(day, "17:00"))
    db_session.commit()
    sign_in(client, b)
    url = f"/en/centres/search?date={day.isoformat()}&start=14:00&end=17:00"
    assert "Join the waitlist" in client.get(url).get_data(as_text=True)
    answer = client.post(f"/en/centres/waitlist/{machine.id}", data={
        "csrf_token": csrf_token(client, url), "date": day.isoformat(), "start": "14:00", "end": "17:00"})
    assert answer.status_code == 302
    assert 'id="waitlist"' in client.get("/en/centres/bookings/").get_data(as_text=True)
