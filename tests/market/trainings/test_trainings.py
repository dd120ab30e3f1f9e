"""Trainings: enrolment (a full session refused, the waitlist), attendance by the trainer, completion at 80% with
a practical check issuing a certificate that verifies (revoked ones shown revoked), the machine qualification,
the .ics file, the API and the counter toward 7,000."""

from __future__ import annotations

import icalendar
import pytest
from sqlmodel import select

from market.refusals import Refusal
from market.trainings import services
from market.trainings.models import EnrolmentStatus
from tests.factories.clients import bearer
from tests.factories.programmes import add_course


@pytest.fixture
def trainer(make_user):
    return make_user(role="programme_staff", name="Bae Hyun-woo")


def test_a_full_session_is_refused_and_the_waitlist_moves_up(app, db_session, make_user):
    _course, row = add_course(db_session, capacity=1)
    first, second = make_user(), make_user()
    seat = services.enrol(db_session, row.id, first)
    with pytest.raises(Refusal) as full:
        services.enrol(db_session, row.id, second)
    assert full.value.code == "session_full" and full.value.status == 409
    waiting = services.enrol(db_session, row.id, second, waitlist=True)
    assert waiting.status == EnrolmentStatus.waitlisted
    from market.notifications.models import Notification

    notes = db_session.exec(select(Notification).where(Notification.user_id.in_([first.id, second.id]))
                            .order_by(Notification.id)).all()
    assert [(n.user_id, n.url) for n in notes] == [(first.id, "/en/trainings/mine"), (second.id, "/en/trainings/mine")]
    assert "waitlist" in notes[1].message
    with pytest.raises(Refusal) as twice:
        services.enrol(db_session, row.id, first)
    assert twice.value.code == "already_enrolled"
    services.cancel_enrolment(db_session, seat.id, first)
    assert waiting.status == EnrolmentStatus.enrolled


def test_completion_needs_80_percent_and_the_practical_check(app, db_session, make_user, trainer):
    """Four of five meetings and a passed check: a certificate (and the machine qualification); three of five:
    not completed. Only the trainer records attendance."""
    from market.centres.models import Qualification

    _course, row = add_course(db_session, meetings=5, equipment="sewing", trainer=trainer)
    good, weak = make_user(name="Nguyen Thi Lan"), make_user()
    enrolled = [services.enrol(db_session, row.id, user) for user in (good, weak)]
    with pytest.raises(Refusal) as not_trainer:
        services.record_attendance(db_session, enrolled[0].id, 1, True, good)
    assert not_trainer.value.status == 403
    with pytest.raises(Refusal):
        services.record_attendance(db_session, enrolled[0].id, 6, True, trainer)
    for meeting in range(1, 6):
        services.record_attendance(db_session, enrolled[0].id, meeting, meeting != 3, trainer)
        services.record_attendance(db_session, enrolled[1].id, meeting, meeting <= 3, trainer)
    done, certificate = services.complete(db_session, enrolled[0].id, trainer, practical_passed=True)
    assert done.status == EnrolmentStatus.completed and certificate.code.startswith("TRN-")
    assert len(certificate.code) <= 20 and certificate.holder_name == "Nguyen Thi Lan"
    failed, none = services.complete(db_session, enrolled[1].id, trainer, practical_passed=True)
    assert failed.status == EnrolmentStatus.failed and none is None
    with pytest.raises(Refusal) as again:
        services.complete(db_session, enrolled[0].id, trainer, practical_passed=True)
    assert again.value.status == 409
    held = db_session.exec(select(Qualification).where(Qualification.user_id == good.id)).all()
    assert [(q.training, q.source) for q in held] == [("sewing", "training")]
    db_session.commit()
    counter = services.trained_counter(db_session)
    assert counter.target == 7000 and sum(n for (trade, _y), n in counter.by_trade_year.items()
                                          if trade == "sewing") >= 1


def test_the_certificate_verifies_and_a_revoked_one_says_so(app, client, db_session, make_user, trainer):
    _course, row = add_course(db_session, meetings=1, trainer=trainer)
    trainee = make_user(name="Nguyen Thi Lan")
    enrolment = services.enrol(db_session, row.id, trainee)
    services.record_attendance(db_session, enrolment.id, 1, True, trainer)
    _done, certificate = services.complete(db_session, enrolment.id, trainer, practical_passed=True)
    db_session.commit()
    html = client.get(f"/verify/{certificate.code.lower()}").get_data(as_text=True)
    assert "Nguyen Thi Lan" in html and "Industrial sewing" in html
    services.revoke_certificate(db_session, certificate.code, trainer, "Issued in error.")
    db_session.commit()
    html = client.get(f"/verify/{certificate.code}").get_data(as_text=True)
    assert "Issued in error." in html
    assert client.get("/verify/TRN-2026-999999").status_code == 404


def test_the_session_in_a_calendar(app, client, db_session):
    course, row = add_course(db_session)
    response = client.get(f"/en/trainings/sessions/{row.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    event = next(c for c in icalendar.Calendar.from_ical(response.data).walk("VEVENT"))
    assert str(event["summary"]) == "Industrial sewing" and event.decoded("dtstart") == row.starts_at.replace(microsecond=0)


def test_courses_and_enrolments_through_the_api(app, client, db_session, make_user):
    _course, row = add_course(db_session, capacity=1)
    body = client.get("/api/v1/courses?trade=sewing").get_json()
    session_out = next(s for c in body["items"] for s in c["sessions"] if s["id"] == row.id)
    assert session_out["seats_left"] == 1
    headers = bearer(db_session, make_user())
    created = client.post("/api/v1/enrolments", json={"session_id": row.id}, headers=headers)
    assert created.status_code == 201 and created.get_json()["status"] == "enrolled"
    other = bearer(db_session, make_user())
    full = client.post("/api/v1/enrolments", json={"session_id": row.id}, headers=other)
    assert full.status_code == 409 and full.get_json()["error"]["code"] == "session_full"
    waiting = client.post("/api/v1/enrolments", json={"session_id": row.id, "waitlist": True}, headers=other)
    assert waiting.get_json()["status"] == "waitlisted"


def test_follow_ups_give_the_employment_rate(app, db_session, make_user, trainer):
    import datetime as dt

    course, row = add_course(db_session, meetings=1, trainer=trainer)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    services.record_attendance(db_session, enrolment.id, 1, True, trainer)
    services.complete(db_session, enrolment.id, trainer, practical_passed=True)
    with pytest.raises(Refusal) as early:
        services.answer_follow_up(db_session, enrolment.id, trainee, 3, True)
    assert early.value.code == "too_early"
    later = enrolment.completed_at + dt.timedelta(days=95)
    services.answer_follow_up(db_session, enrolment.id, trainee, 3, True, now=later)
    with pytest.raises(Refusal):
        services.answer_follow_up(db_session, enrolment.id, trainee, 3, False, now=later)
    assert services.course_stats(db_session, course.id).employed_3 == 1.0


def test_the_trainee_answers_a_due_follow_up_on_their_page(app, db_session, make_user, trainer):
    import datetime as dt

    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    _course, row = add_course(db_session, meetings=1, trainer=trainer)
    trainee = make_user()
    enrolment = services.enrol(db_session, row.id, trainee)
    services.record_attendance(db_session, enrolment.id, 1, True, trainer)
    services.complete(db_session, enrolment.id, trainer, practical_passed=True)
    enrolment.completed_at -= dt.timedelta(days=100)
    db_session.commit()
    assert services.due_follow_ups(db_session, enrolment) == [3]
    client = isolated_client(app, trainee)
    html = client.get("/en/trainings/mine").get_data(as_text=True)
    assert 'class="follow-up"' in html
    token = csrf_token(client, "/en/trainings/mine")
    answered = client.post(f"/en/trainings/enrolments/{enrolment.id}/follow-up",
                           data={"csrf_token": token, "months": "3", "employed": "yes"})
    assert answered.status_code == 302 and services.due_follow_ups(db_session, enrolment) == []
