"""Training staff's pages: courses (facts, NCS units, texts in five languages) and sessions (dates, facility,
seats, waitlist, fee, trainer) created and edited through real forms checked on the server, each bad field
marked and nothing changed; a session cancelled with every trainee told in their language; the roster with the
waitlist; only programme staff and admins get in, from a link in the staff navigation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from i18n.times import utcnow
from market.notifications.models import Notification
from market.refusals import Refusal
from market.trainings import services, staffing
from market.trainings.models import Course, EnrolmentStatus, TrainingSession
from market.trainings.texts import course_texts
from tests.factories.programmes import add_course
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def staff(make_user):
    return make_user(role="programme_staff", name="Han So-yeon")


@pytest.fixture
def staff_client(app, staff):
    client = app.test_client()
    sign_in(client, staff)
    return client


def _course_data(token, **changes):
    data = {"csrf_token": token, "code": "lea-201", "trade": "shoes_leather", "level": "3", "hours": "40",
            "language": "ko", "ncs_units": "1904010101, 1904010102_17v2", "practical_check": "y",
            "equipment": "laser", "title_en": "Leather pattern cutting", "title_ko": "가죽 패턴 재단",
            "title_ja": "革のパターン裁断", "title_zh_Hans": "皮革版型裁剪", "title_vi": "Cắt rập da",
            "summary_en": "Cutting patterns for handmade shoes.", "summary_ko": "수제화 패턴 재단."}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _seoul(days, hour):
    day = (utcnow() + dt.timedelta(days=days)).astimezone(staffing.SEOUL).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def test_staff_create_and_edit_a_course_in_five_languages(app, db_session, staff_client):
    token = csrf_token(staff_client, "/en/trainings/staff/courses/new")
    created = staff_client.post("/en/trainings/staff/courses/new", data=_course_data(token))
    assert created.status_code == 302, created.get_data(as_text=True)
    course = db_session.exec(select(Course).where(Course.code == "LEA-201")).one()
    assert (course.trade, course.level, course.hours, course.language, course.equipment) == (
        "shoes_leather", 3, 40, "ko", "laser")
    assert course.ncs_units == ["1904010101", "1904010102_17v2"] and course.practical_check
    texts = course_texts(db_session, course, every_locale=True)
    assert texts.title["vi"] == "Cắt rập da" and texts.title["ko"] == "가죽 패턴 재단"
    assert created.headers["Location"].endswith(f"/en/trainings/staff/courses/{course.id}/sessions/new")
    edited = staff_client.post(f"/en/trainings/staff/courses/{course.id}",
                               data=_course_data(token, hours="48", practical_check=None, title_ja=""))
    assert edited.status_code == 302
    db_session.refresh(course)
    assert course.hours == 48 and not course.practical_check
    assert course_texts(db_session, course, every_locale=True).title["ja"] == ""
    listing = staff_client.get("/en/trainings/staff/").get_data(as_text=True)
    assert "LEA-201" in listing and "Leather pattern cutting" in listing


@pytest.mark.parametrize("changes, field", [
    ({"code": "bad code!"}, "code"), ({"trade": "pottery"}, "trade"), ({"level": "9"}, "level"),
    ({"hours": "0"}, "hours"), ({"hours": "many"}, "hours"), ({"language": "fr"}, "language"),
    ({"ncs_units": "1904010101, 12ab"}, "ncs_units"), ({"equipment": "rocket"}, "equipment"),
    ({"title_en": ""}, "title_en"), ({"summary_vi": "x" * 2001}, "summary_vi")])
def test_a_bad_course_field_is_marked_and_nothing_changes(app, db_session, staff_client, changes, field):
    token = csrf_token(staff_client, "/en/trainings/staff/courses/new")
    before = db_session.exec(select(func.count()).select_from(Course)).one()
    answer = staff_client.post("/en/trainings/staff/courses/new", data=_course_data(token, **changes))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert f'id="{field}-error"' in html and 'aria-invalid="true"' in html
    assert db_session.exec(select(func.count()).select_from(Course)).one() == before


def test_a_taken_code_is_refused(app, db_session, staff):
    add_course(db_session)
    existing = db_session.exec(select(Course)).first()
    with pytest.raises(Refusal) as taken:
        staffing.save_course(db_session, staff, {"code": existing.code, "trade": "sewing", "level": 1, "hours": 8,
                                                 "language": "ko", "title_en": "Again"})
    assert "code" in taken.value.fields


def test_staff_plan_and_edit_a_session(app, db_session, staff_client, make_user):
    course, _row = add_course(db_session)
    trainer = make_user(email="trainer-x@example.com")
    url = f"/en/trainings/staff/courses/{course.id}/sessions/new"
    token = csrf_token(staff_client, url)
    data = {"csrf_token": token, "starts_at": _seoul(10, 9), "ends_at": _seoul(12, 18), "facility": "Seongsu hub",
            "capacity": "12", "waitlist_places": "5", "fee_krw": "80000", "meetings": "3",
            "trainer_email": "Trainer-X@example.com"}
    assert staff_client.post(url, data=data).status_code == 302
    row = db_session.exec(select(TrainingSession).where(TrainingSession.facility == "Seongsu hub")).one()
    assert (row.capacity, row.waitlist_places, row.fee_krw, row.meetings, row.trainer_user_id) == (
        12, 5, 80_000, 3, trainer.id)
    assert row.starts_at.astimezone(staffing.SEOUL).hour == 9
    page = staff_client.get(f"/en/trainings/staff/sessions/{row.id}").get_data(as_text=True)
    assert f'value="{_seoul(10, 9)}"' in page and "trainer-x@example.com" in page
    edited = staff_client.post(f"/en/trainings/staff/sessions/{row.id}", data={**data, "capacity": "20",
                                                                               "waitlist_places": ""})
    assert edited.status_code == 302
    db_session.refresh(row)
    assert (row.capacity, row.waitlist_places) == (20, None)


@pytest.mark.parametrize("changes, field", [
    ({"starts_at": "yesterday"}, "starts_at"), ({"ends_at": ""}, "ends_at"),
    ({"starts_at": "past"}, "starts_at"), ({"ends_at": "before"}, "ends_at"), ({"facility": ""}, "facility"),
    ({"capacity": "0"}, "capacity"), ({"fee_krw": "-5"}, "fee_krw"), ({"fee_krw": "ten"}, "fee_krw"),
    ({"meetings": "0"}, "meetings"), ({"waitlist_places": "-1"}, "waitlist_places"),
    ({"trainer_email": "nobody@example.com"}, "trainer_email")])
def test_a_bad_session_field_is_marked_and_nothing_changes(app, db_session, staff_client, changes, field):
    course, _row = add_course(db_session)
    url = f"/en/trainings/staff/courses/{course.id}/sessions/new"
    token = csrf_token(staff_client, url)
    data = {"csrf_token": token, "starts_at": _seoul(10, 9), "ends_at": _seoul(10, 17), "facility": "Hub",
            "capacity": "10", "fee_krw": "0", "meetings": "1"}
    special = {"past": _seoul(-2, 9), "before": _seoul(9, 9)}
    data.update({k: special.get(v, v) for k, v in changes.items()})
    before = db_session.exec(select(func.count()).select_from(TrainingSession)).one()
    answer = staff_client.post(url, data=data)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and f'id="{field}-error"' in html
    assert db_session.exec(select(func.count()).select_from(TrainingSession)).one() == before


def test_capacity_cannot_drop_under_the_seats_taken(app, db_session, staff, make_user):
    course, row = add_course(db_session, capacity=3)
    for _ in range(2):
        services.enrol(db_session, row.id, make_user())
    values = staffing.session_values(row, db_session) | {"capacity": 1}
    with pytest.raises(Refusal) as low:
        staffing.save_session(db_session, staff, course.id, values, row.id)
    assert "capacity" in low.value.fields


def test_the_waitlist_size_is_kept(app, db_session, staff, make_user):
    course, row = add_course(db_session, capacity=1)
    staffing.save_session(db_session, staff, course.id, staffing.session_values(row, db_session)
                          | {"waitlist_places": 1}, row.id)
    services.enrol(db_session, row.id, make_user())
    services.enrol(db_session, row.id, make_user(), waitlist=True)
    with pytest.raises(Refusal) as full:
        services.enrol(db_session, row.id, make_user(), waitlist=True)
    assert full.value.code == "waitlist_full"


def test_cancelling_a_session_tells_every_trainee_in_their_language(app, db_session, staff_client, staff,
                                                                    make_user):
    course, row = add_course(db_session, capacity=1)
    seated, waiting = make_user(), make_user()
    seated.locale, waiting.locale = "ko", "vi"
    db_session.add_all([seated, waiting])
    db_session.commit()
    services.enrol(db_session, row.id, seated)
    services.enrol(db_session, row.id, waiting, waitlist=True)
    db_session.commit()
    url = f"/en/trainings/staff/sessions/{row.id}"
    token = csrf_token(staff_client, url)
    refused = staff_client.post(f"{url}/cancel", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422 and 'id="reason-error"' in refused.get_data(as_text=True)
    assert 'value="Changsin centre"' in refused.get_data(as_text=True)  # the session's form keeps its values
    db_session.refresh(row)
    assert row.cancelled_at is None
    done = staff_client.post(f"{url}/cancel", data={"csrf_token": token, "reason": "강사 질병 / trainer ill"})
    assert done.status_code == 302
    db_session.refresh(row)
    assert row.cancelled_at is not None and row.cancel_reason == "강사 질병 / trainer ill"
    notes = db_session.exec(select(Notification).where(Notification.kind == "training_cancelled")
                            .order_by(Notification.user_id)).all()
    by_user = {n.user_id: n for n in notes}
    assert set(by_user) == {seated.id, waiting.id}
    assert by_user[seated.id].url == "/ko/trainings/mine" and by_user[waiting.id].url == "/vi/trainings/mine"
    assert "취소" in by_user[seated.id].message and "hủy" in by_user[waiting.id].message.lower()
    assert {e.status for e, _s, _c in services.enrolments_of(db_session, seated.id)} == {EnrolmentStatus.cancelled}
    again = staff_client.post(f"{url}/cancel", data={"csrf_token": token, "reason": "again"})
    assert again.status_code == 409
    edit = staff_client.post(url, data={"csrf_token": token, "starts_at": _seoul(10, 9), "ends_at": _seoul(10, 17),
                                        "facility": "Hub", "capacity": "10", "fee_krw": "5000", "meetings": "1"})
    assert edit.status_code == 409
    db_session.refresh(row)
    assert row.fee_krw == 0
    public = staff_client.get(f"/en/trainings/courses/{course.id}").get_data(as_text=True)
    assert "Cancelled" in public.split(f'data-session-id="{row.id}"')[1]


def test_the_roster_shows_held_seats_and_the_waitlist(app, db_session, staff_client, make_user):
    course, row = add_course(db_session, capacity=1)
    row.fee_krw = 50_000
    db_session.add(row)
    services.enrol(db_session, row.id, make_user(name="Paying Later"))
    services.enrol(db_session, row.id, make_user(name="Waiting Person"), waitlist=True)
    db_session.commit()
    html = staff_client.get(f"/en/trainings/sessions/{row.id}/roster").get_data(as_text=True)
    assert 'data-status="awaiting_payment"' in html and "Waiting Person" in html.split('id="waitlist"')[1]


def test_only_training_staff_get_in_and_the_staff_navigation_links_there(app, db_session, staff_client, make_user):
    client = app.test_client()
    assert client.get("/en/trainings/staff/").status_code == 302
    sign_in(client, make_user())
    assert client.get("/en/trainings/staff/").status_code == 403
    assert client.get("/en/trainings/staff/courses/new").status_code == 403
    assert 'id="nav-manage-trainings"' not in client.get("/en/trainings/").get_data(as_text=True)
    assert 'id="nav-manage-trainings"' in staff_client.get("/en/trainings/").get_data(as_text=True)
    assert staff_client.get("/ko/trainings/staff/").status_code == 200


def test_moving_a_session_tells_its_trainees_with_the_new_calendar(app, db_session, staff, make_user, monkeypatch,
                                                                   smtp_inbox):
    import icalendar

    inbox, port = smtp_inbox
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    course, row = add_course(db_session)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    enrolment.reminded_at = utcnow()
    db_session.commit()
    inbox.messages.clear()
    values = staffing.session_values(row, db_session)
    staffing.save_session(db_session, staff, course.id, values | {"capacity": 11}, row.id)
    db_session.commit()
    assert inbox.messages == []  # seats alone: nobody is bothered
    new_start = values["starts_at"] + dt.timedelta(days=1)
    staffing.save_session(db_session, staff, course.id, values | {"starts_at": new_start,
                                                                  "ends_at": new_start + dt.timedelta(hours=8)},
                          row.id)
    db_session.commit()
    (message,) = inbox.messages
    assert message["To"] == trainee.email
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    assert "has changed" in text.get_payload(decode=True).decode()
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    event = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert event.decoded("dtstart") == row.starts_at.replace(microsecond=0)
    # The same event, one revision on: a calendar that imported the first file moves it instead of adding one.
    assert str(event["uid"]) == f"training-session-{row.id}@madeinseoul" and event.decoded("sequence") == 1
    db_session.refresh(enrolment)
    assert enrolment.reminded_at is None


def test_the_cancellation_mail_carries_the_cancelled_event(app, db_session, staff, make_user, monkeypatch,
                                                           smtp_inbox):
    """The trainee's cancellation mail, received over SMTP, carries the session's .ics marked cancelled with a
    higher revision than the one they imported, so their calendar removes it; the page's .ics says the same."""
    import icalendar

    inbox, port = smtp_inbox
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    course, row = add_course(db_session)
    trainee = make_user()
    services.enrol(db_session, row.id, trainee)
    db_session.commit()
    (confirmation,) = [m for m in inbox.messages if m["To"] == trainee.email]
    (part,) = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
    imported = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert imported.decoded("sequence") == 0 and str(imported["status"]) == "CONFIRMED"
    inbox.messages.clear()
    staffing.cancel_session(db_session, staff, row.id, "Trainer ill")
    db_session.commit()
    (message,) = inbox.messages
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "Trainer ill" in text and "removes the session from your calendar" in text
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    event = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert str(event["uid"]) == str(imported["uid"]) and str(event["status"]) == "CANCELLED"
    assert event.decoded("sequence") == 1
