"""School tours: booking within capacity (over capacity refused), consent forms through the upload checks,
reminders, attendance and internship leads told to the workshop."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from market.db import utcnow
from market.notifications.models import Notification
from market.refusals import Refusal
from market.tours import services
from market.tours.models import InternshipLead, TourBooking
from market.uploads.images import Upload
from tests.factories.files import pdf_bytes
from tests.factories.people import make_tour


def test_a_teacher_books_within_capacity_and_over_capacity_is_refused(app, db_session, make_user, make_org):
    """20 students fit a tour of 25; a second class of 6 is refused with the places left, nothing changes."""
    host = make_user()
    org = make_org(host, cluster_code="seongsu")
    tour = make_tour(db_session, host, org, capacity=25)
    teacher = make_user(name="Teacher Choi")
    booking = services.book(db_session, teacher, tour.id, school="Seoul Technical High School", group_size=20,
                            consent_forms=[Upload("consent.pdf", pdf_bytes())])
    db_session.commit()
    assert tour.booked == 20 and booking.consent_files[0]["type"] == "application/pdf"
    with pytest.raises(services.TourError) as refused:
        services.book(db_session, make_user(), tour.id, school="Another School", group_size=6)
    assert "group_size" in refused.value.fields and "5" in refused.value.message
    db_session.rollback()
    db_session.refresh(tour)
    assert tour.booked == 20
    assert len(list(db_session.exec(select(TourBooking).where(TourBooking.tour_id == tour.id)))) == 1
    notes = list(db_session.exec(select(Notification).where(Notification.user_id == host.id)))
    assert any("Seoul Technical High School" in n.message for n in notes)


def test_a_consent_form_that_is_not_a_document_is_refused(app, db_session, make_user, make_org):
    """A consent form that is not a PDF or an image is refused and no seat is taken."""
    host = make_user()
    tour = make_tour(db_session, host, make_org(host))
    with pytest.raises(Refusal):
        services.book(db_session, make_user(), tour.id, school="S", group_size=3,
                      consent_forms=[Upload("consent.pdf", b"not a pdf at all")])
    db_session.rollback()
    db_session.refresh(tour)
    assert tour.booked == 0


def test_the_booking_form_over_capacity_marks_the_field(app, db_session, make_user, make_org):
    """Posting 31 students to a tour of 30 re-renders the form (422) with the message on the group size."""
    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    host = make_user()
    tour = make_tour(db_session, host, make_org(host), capacity=30)
    client = isolated_client(app, make_user())
    token = csrf_token(client, f"/en/tours/{tour.id}")
    response = client.post(f"/en/tours/{tour.id}/book", data={"csrf_token": token, "school": "S",
                                                              "group_size": "31"})
    assert response.status_code == 422
    assert 'id="group_size-error"' in response.get_data(as_text=True)


def test_reminders_attendance_and_leads(app, db_session, make_user, make_org):
    """A tour tomorrow reminds the teacher and host once; the host records attendance (not more than came);
    a student's internship interest reaches the workshop."""
    host = make_user()
    org = make_org(host)
    tour = make_tour(db_session, host, org, days=1)
    tour.starts_at = utcnow() + dt.timedelta(hours=20)
    db_session.add(tour)
    teacher = make_user()
    booking = services.book(db_session, teacher, tour.id, school="S", group_size=12)
    db_session.commit()
    assert services.send_reminders(db_session) == 1
    assert services.send_reminders(db_session) == 0
    with pytest.raises(services.TourError):
        services.record_attendance(db_session, host, booking.id, 13)
    with pytest.raises(Refusal) as refused:
        services.record_attendance(db_session, teacher, booking.id, 10)
    assert refused.value.status == 403
    assert services.record_attendance(db_session, host, booking.id, 11).attended == 11
    survey_note = db_session.exec(select(Notification).where(Notification.user_id == teacher.id,
                                                             Notification.kind == "tour_survey")).one()
    assert survey_note.url.endswith(f"/tours/bookings/{booking.id}/survey")
    services.add_lead(db_session, teacher, booking.id, student_name="Jung Min", contact="min@example.com")
    db_session.commit()
    assert [lead.student_name for lead in services.leads_of_tour(db_session, host, tour.id)] == ["Jung Min"]
    assert services.leads_of_tour(db_session, teacher, tour.id) == []
    assert db_session.exec(select(InternshipLead)).first().org_id == org.id


def test_cancelling_frees_the_seats(app, db_session, make_user, make_org):
    """A cancelled booking gives its seats back; cancelling twice is refused."""
    host = make_user()
    tour = make_tour(db_session, host, make_org(host), capacity=10)
    teacher = make_user()
    booking = services.book(db_session, teacher, tour.id, school="S", group_size=10)
    services.cancel_booking(db_session, teacher, booking.id)
    db_session.refresh(tour)
    assert tour.booked == 0
    with pytest.raises(Refusal):
        services.cancel_booking(db_session, teacher, booking.id)


def test_the_reminder_command_reminds_once(app, db_session, make_user, make_org):
    """``seoulmade tours remind`` reminds the bookings of tomorrow's tours, and only once; a base URL that is not
    an http(s) address is refused."""
    from market.tours.cli import tours

    host = make_user()
    tour = make_tour(db_session, host, make_org(host), days=1)
    tour.starts_at = utcnow() + dt.timedelta(hours=10)
    db_session.add(tour)
    services.book(db_session, make_user(), tour.id, school="S", group_size=4)
    db_session.commit()
    runner = app.test_cli_runner()
    assert "1 booking(s) reminded." in runner.invoke(tours, ["remind"]).output
    assert "0 booking(s) reminded." in runner.invoke(tours, ["remind"]).output
    refused = runner.invoke(tours, ["remind", "--base-url", "madeinseoul.example"])
    assert refused.exit_code == 2 and "http" in refused.output
