"""The pages: the centres list, the availability search with reasons, the confirmation step before a booking,
the booking with its calendar file, the staff console and kiosk; refusals re-render with the field marked."""

from __future__ import annotations

import icalendar
import pytest
from sqlmodel import func, select

from tests.factories.centres import seoul, working_day
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def world(app, make_user, make_org, make_facility, make_machine, staff_user):
    maker = make_user(email="page-maker@example.com")
    make_org(maker, kind="maker")
    facility = make_facility(staff=[staff_user], slug="mullae-page", name="Mullae Metal Centre")
    cnc = make_machine(facility, name="Page CNC")
    client = app.test_client()
    sign_in(client, maker)
    return client, maker, facility, cnc


def _bookings(db_session):
    from market.centres.models import Booking

    return db_session.exec(select(func.count()).select_from(Booking)).one()


def test_the_list_and_facility_pages_show_in_every_language(app, client, world):
    """The centres list shows the facility and the map; its page the machines; Korean uses the Korean name."""
    for lang in ("en", "ko", "ja", "zh-hans", "vi"):
        page = client.get(f"/{lang}/centres/")
        assert page.status_code == 200, lang
    assert "센터" in client.get("/ko/centres/").get_data(as_text=True)
    detail = client.get("/en/centres/facilities/mullae-page").get_data(as_text=True)
    assert "Page CNC" in detail
    assert client.get("/en/centres/facilities/none").status_code == 404


def test_search_book_with_a_confirmation_step(app, db_session, world, staff_user, qualify):
    """The search says the training is missing; once granted, the machine is bookable; choosing it shows the
    confirmation page (nothing booked yet); confirming books it and the .ics opens in a calendar."""
    client, maker, facility, cnc = world
    day = working_day()
    query = {"date": day.isoformat(), "start": "14:00", "end": "17:00", "category": "cnc"}
    html = client.get("/en/centres/search", query_string=query).get_data(as_text=True)
    assert 'data-reason="not_qualified"' in html and "Workplace safety training" in html
    qualify(maker, "safety", "cnc")
    html = client.get("/en/centres/search", query_string=query).get_data(as_text=True)
    assert f'/en/centres/book/{cnc.id}?' in html
    confirm_url = f"/en/centres/book/{cnc.id}?date={day.isoformat()}&start=14:00&end=17:00"
    confirm = client.get(confirm_url)
    assert confirm.status_code == 200 and "Confirm the booking" in confirm.get_data(as_text=True)
    assert _bookings(db_session) == 0
    token = csrf_token(client, confirm_url)
    unticked = client.post(confirm_url, data={"csrf_token": token})
    assert unticked.status_code == 422 and _bookings(db_session) == 0
    done = client.post(confirm_url, data={"csrf_token": token, "agree": "y"})
    assert done.status_code == 302 and _bookings(db_session) == 1
    booking_url = done.headers["Location"]
    assert "Confirmed" in client.get(booking_url).get_data(as_text=True)
    ics = client.get(booking_url.rstrip("/") + "/booking.ics")
    assert ics.mimetype == "text/calendar"
    event = icalendar.Calendar.from_ical(ics.data).walk("VEVENT")[0]
    assert event.decoded("dtstart") == seoul(day, "14:00") and "Page CNC" in str(event["summary"])
    taken = client.post(confirm_url, data={"csrf_token": token, "agree": "y"})
    assert taken.status_code in (302, 303, 409) and _bookings(db_session) == 1


def test_a_bad_search_is_marked(app, world):
    """An end before the start is refused on the field (422)."""
    client, *_ = world
    page = client.get("/en/centres/search", query_string={"date": working_day().isoformat(), "start": "15:00",
                                                          "end": "14:00"})
    assert page.status_code == 422 and "The end must be after the start." in page.get_data(as_text=True)


def test_staff_console_grants_checks_in_and_takes_down(app, db_session, world, staff_user, qualify):
    """Staff grant a training (an unknown email is marked on its field), check in at the kiosk, and a machine
    taken down cancels its bookings; other users get 403."""
    from market.centres.models import Booking, Qualification
    from market.centres.services.bookings import create_booking

    client, maker, facility, cnc = world
    staff = app.test_client()
    sign_in(staff, staff_user)
    console = f"/en/centres/facilities/{facility.slug}/console"
    assert client.get(console).status_code == 403
    token = csrf_token(staff, console)
    unknown = staff.post(f"/en/centres/facilities/{facility.slug}/qualifications",
                         data={"csrf_token": token, "email": "nobody@example.com", "training": "safety"})
    assert unknown.status_code == 422 and "No user has this email address." in unknown.get_data(as_text=True)
    for training in ("safety", "cnc"):
        staff.post(f"/en/centres/facilities/{facility.slug}/qualifications",
                   data={"csrf_token": token, "email": maker.email, "training": training})
    assert db_session.exec(select(func.count()).select_from(Qualification)
                           .where(Qualification.user_id == maker.id)).one() == 2
    day = working_day()
    booking = create_booking(db_session, maker, cnc.id, seoul(day, "14:00"), seoul(day, "15:00"))
    db_session.commit()
    kiosk = staff.get(f"/en/centres/facilities/{facility.slug}/kiosk")
    assert kiosk.status_code == 200
    down = staff.post(f"/en/centres/facilities/{facility.slug}/equipment/{cnc.id}/down",
                      data={"csrf_token": token, "until": day.isoformat(), "reason": "Coolant leak"})
    assert down.status_code == 302
    db_session.expire_all()
    assert db_session.get(Booking, booking.id).status == "cancelled"


def test_a_user_reports_a_problem_to_the_staff(app, db_session, world, staff_user, qualify):
    """A problem reported from the booking page becomes a follow-up task in the console and a notice to staff;
    an empty report is marked on its field."""
    from market.centres.models import FollowUp
    from market.centres.services.bookings import create_booking
    from market.notifications.models import Notification

    client, maker, facility, cnc = world
    qualify(maker, "safety", "cnc")
    day = working_day()
    booking = create_booking(db_session, maker, cnc.id, seoul(day, "14:00"), seoul(day, "15:00"))
    db_session.commit()
    page = f"/en/centres/bookings/{booking.id}"
    token = csrf_token(client, page)
    empty = client.post(f"{page}/problem", data={"csrf_token": token, "problem": " "})
    assert empty.status_code == 422
    sent = client.post(f"{page}/problem", data={"csrf_token": token, "problem": "Coolant pump is leaking"})
    assert sent.status_code == 302
    task = db_session.exec(select(FollowUp).where(FollowUp.booking_id == booking.id)).one()
    assert task.kind == "problem" and "Coolant pump" in task.note
    assert db_session.exec(select(Notification).where(Notification.user_id == staff_user.id,
                                                      Notification.kind == "centre_problem")).first()


def test_a_centre_with_a_showroom_links_it(app, db_session, client, world):
    """A centre whose showroom shares its slug links it from its page (in 3D and AR); one without says nothing."""
    from catalog.showroom.models import ShowroomKind
    from catalog.showroom.services import showrooms

    assert 'id="centre-showroom"' not in client.get("/en/centres/facilities/mullae-page").get_data(as_text=True)
    showrooms.create_showroom(db_session, slug="mullae-page", kind=ShowroomKind.centre,
                              name_en="Mullae Metal Centre showroom", name_ko="문래 금속센터 쇼룸")
    db_session.commit()
    page = client.get("/ko/centres/facilities/mullae-page").get_data(as_text=True)
    assert 'id="centre-showroom"' in page and 'href="/ko/showroom/mullae-page"' in page
    assert client.get("/ko/showroom/mullae-page").status_code == 200


def test_the_kiosk_lists_a_booking_running_past_midnight(app, db_session, world, staff_user, qualify):
    """Today's kiosk lists today's bookings and one that began yesterday evening and is still running (whoever is
    at the machine after midnight must be checked out); yesterday's finished booking and tomorrow's are not."""
    import datetime as dt

    from market.centres.services.bookings import create_booking
    from market.centres.services.facilities import bookings_of_day

    client, maker, facility, cnc = world
    qualify(maker, "safety", "cnc")
    day = working_day()
    made = [create_booking(db_session, maker, cnc.id, seoul(day, f"{h}:00"), seoul(day, f"{h + 1}:00"))
            for h in (10, 12, 14, 16)]
    # Move them where the hours would not let a user book: over midnight, yesterday, today, tomorrow.
    spans = {"over midnight": (seoul(day - dt.timedelta(days=1), "22:00"), seoul(day, "01:00")),
             "yesterday": (seoul(day - dt.timedelta(days=1), "18:00"), seoul(day - dt.timedelta(days=1), "21:00")),
             "today": (seoul(day, "14:00"), seoul(day, "15:00")),
             "tomorrow": (seoul(day + dt.timedelta(days=1), "00:00"), seoul(day + dt.timedelta(days=1), "02:00"))}
    for booking, (start, end) in zip(made, spans.values(), strict=True):
        booking.start_at, booking.end_at, booking.blocked_until_at = start, end, end
        db_session.add(booking)
    db_session.commit()
    listed = [booking.id for booking, _machine in bookings_of_day(db_session, facility.id, day)]
    assert listed == [made[0].id, made[2].id]
