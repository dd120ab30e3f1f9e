"""Calendar and hand-over: the private webcal feed (secret, resettable, revocable), reminders a day and an hour
ahead (once each), and bookings handed to a colleague of the same organisation."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlmodel import select

from tests.factories.centres import seoul, working_day


@pytest.fixture
def team(make_user, make_org, make_facility, make_machine, qualify):
    owner = make_user(email="owner@example.com")
    org = make_org(owner, kind="maker")
    colleague = make_user(email="colleague@example.com")
    from market.accounts.models import Membership

    return owner, org, colleague, make_machine(make_facility(), category="laser_cutter", required_training=None), \
        Membership, qualify


def test_the_private_feed_lists_bookings_and_a_reset_address_stops_working(app, db_session, client, team):
    """The feed answers the secret's bookings as iCalendar; after a reset or revocation the old address is 404."""
    from market.centres.services.bookings import create_booking
    from market.centres.services.feeds import reset_feed, revoke_feed

    owner, _org, _colleague, machine, _m, qualify = team
    qualify(owner, "safety")
    day = working_day()
    create_booking(db_session, owner, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    secret = reset_feed(db_session, owner)
    db_session.commit()
    answer = client.get(f"/en/centres/calendar/{secret}.ics")
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    events = icalendar.Calendar.from_ical(answer.data).walk("VEVENT")
    assert len(events) == 1 and events[0].decoded("dtstart") == seoul(day, "14:00")
    newer = reset_feed(db_session, owner)
    db_session.commit()
    assert client.get(f"/en/centres/calendar/{secret}.ics").status_code == 404
    assert client.get(f"/en/centres/calendar/{newer}.ics").status_code == 200
    revoke_feed(db_session, owner)
    db_session.commit()
    assert client.get(f"/en/centres/calendar/{newer}.ics").status_code == 404


def test_reminders_go_a_day_and_an_hour_ahead_once(app, db_session, team):
    """A booking gets one reminder a day ahead and one an hour ahead, never twice."""
    from market.centres.services.bookings import create_booking, send_reminders
    from market.notifications.models import Notification

    owner, _org, _colleague, machine, _m, qualify = team
    qualify(owner, "safety")
    day = working_day(3)
    start = seoul(day, "14:00")
    create_booking(db_session, owner, machine.id, start, seoul(day, "15:00"))
    assert send_reminders(db_session, now=start - dt.timedelta(hours=30)) == 0
    assert send_reminders(db_session, now=start - dt.timedelta(hours=23)) == 1
    assert send_reminders(db_session, now=start - dt.timedelta(hours=20)) == 0
    assert send_reminders(db_session, now=start - dt.timedelta(minutes=50)) == 1
    assert send_reminders(db_session, now=start - dt.timedelta(minutes=40)) == 0
    kinds = db_session.exec(select(Notification.kind).where(Notification.user_id == owner.id)).all()
    assert kinds.count("centre_reminder") == 2


def test_a_booking_is_handed_to_a_qualified_colleague_only(app, db_session, team, make_user):
    """Handing over needs a colleague of the booking's organisation holding the trainings; then it is theirs."""
    from market.centres.services.bookings import create_booking, transfer_booking
    from market.refusals import Refusal

    owner, org, colleague, machine, Membership, qualify = team
    qualify(owner, "safety")
    day = working_day()
    booking = create_booking(db_session, owner, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    make_user(email="stranger@example.com")
    for email in ("stranger@example.com", "nobody@example.com", "colleague@example.com"):
        with pytest.raises(Refusal) as refused:
            transfer_booking(db_session, owner, booking.id, email)
        assert refused.value.field == "email", email
        if email == "stranger@example.com":
            db_session.add(Membership(user_id=colleague.id, organization_id=org.id))
            db_session.commit()
    qualify(colleague, "safety")
    with pytest.raises(Refusal) as not_mine:
        transfer_booking(db_session, colleague, booking.id, "owner@example.com")
    assert not_mine.value.status == 403
    moved = transfer_booking(db_session, owner, booking.id, "Colleague@example.com")
    assert moved.user_id == colleague.id


def test_transfer_api(app, db_session, client, team):
    """POST /api/v1/bookings/{id}/transfer hands it over, or answers 422 on the email."""
    from market.accounts.services import create_api_token
    from market.centres.services.bookings import create_booking

    owner, org, colleague, machine, Membership, qualify = team
    qualify(owner, "safety")
    qualify(colleague, "safety")
    db_session.add(Membership(user_id=colleague.id, organization_id=org.id))
    day = working_day()
    booking = create_booking(db_session, owner, machine.id, seoul(day, "14:00"), seoul(day, "15:00"))
    token = create_api_token(db_session, owner, "t")[1]
    db_session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    bad = client.post(f"/api/v1/bookings/{booking.id}/transfer", json={"email": "x@example.com"}, headers=headers)
    assert bad.status_code == 422 and "email" in bad.get_json()["error"]["fields"]
    good = client.post(f"/api/v1/bookings/{booking.id}/transfer", json={"email": colleague.email}, headers=headers)
    assert good.status_code == 200
