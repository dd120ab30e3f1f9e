"""The students' survey after a school tour: the teacher makes one slip per student who came once the tour has
begun, each student answers through their own slip's link without an account and only once, and the answers
are summed up for the teacher (their class) and the host workshop (every class of the tour)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from market.db import utcnow
from market.refusals import Refusal
from market.tours import services, survey
from tests.factories.clients import isolated_client
from tests.factories.people import make_tour
from tests.helpers import csrf_token


def _visited(db_session, make_user, make_org, *, came=3, group=4):
    """A tour that took place this morning with one class of ``group`` students, ``came`` of whom came."""
    host = make_user(name="Host")
    org = make_org(host, name="Seongsu Shoe Studio", cluster_code="seongsu")
    tour = make_tour(db_session, host, org, capacity=40)
    teacher = make_user(name="Teacher Choi")
    booking = services.book(db_session, teacher, tour.id, school="Seoul Technical High School", group_size=group)
    tour.starts_at = utcnow() - dt.timedelta(hours=2)
    db_session.add(tour)
    db_session.commit()
    services.record_attendance(db_session, host, booking.id, came)
    db_session.commit()
    return host, tour, teacher, booking


def _answer(app, link, **answers):
    """A student (no account) opens their slip's link and sends the answers; returns the response."""
    student = isolated_client(app)
    path = link.replace("http://localhost", "")
    token = csrf_token(student, path)
    return student.post(path, data={"csrf_token": token, **answers})


def test_no_slips_before_the_tour_and_none_for_another_teacher(app, db_session, make_user, make_org):
    """Slips are refused before the tour begins (409); another teacher and the host cannot see a class's slips."""
    host = make_user()
    tour = make_tour(db_session, host, make_org(host))
    teacher = make_user()
    booking = services.book(db_session, teacher, tour.id, school="S", group_size=5)
    db_session.commit()
    with pytest.raises(Refusal) as refused:
        survey.make_slips(db_session, teacher, booking.id, "en")
    assert refused.value.status == 409
    page = isolated_client(app, teacher).get(f"/en/tours/bookings/{booking.id}/survey")
    assert page.status_code == 200 and 'id="slips-not-yet"' in page.get_data(as_text=True)
    for outsider in (make_user(), host):
        assert isolated_client(app, outsider).get(f"/en/tours/bookings/{booking.id}/survey").status_code == 404
        with pytest.raises(Refusal):
            survey.make_slips(db_session, outsider, booking.id, "en")


def test_each_student_answers_once_through_their_own_slip(app, db_session, make_user, make_org):
    """Three students came: the teacher's page makes three slips with links and QR codes (asking again makes no
    more); each student answers on their own page without signing in, a second answer through the same slip is
    refused, and a missing answer marks its question."""
    _host, tour, teacher, booking = _visited(db_session, make_user, make_org, came=3)
    client = isolated_client(app, teacher)
    url = f"/en/tours/bookings/{booking.id}/survey"
    token = csrf_token(client, f"/en/tours/{tour.id}")
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    html = client.get(url).get_data(as_text=True)
    links = sorted(set(re.findall(r'href="(http://localhost/en/surveys/[^"]+)"', html)))
    assert len(links) == 3 and html.count("<svg") >= 3
    assert len(survey.list_slips(db_session, teacher, booking.id)) == 3
    refused = _answer(app, links[0], learned="5", overall="4")
    assert refused.status_code == 422 and 'id="q-interest-error"' in refused.get_data(as_text=True)
    assert _answer(app, links[0], learned="5", interest="yes", overall="4",
                   comment="The lasting machine was amazing").status_code == 200
    again = isolated_client(app).get(links[0].replace("http://localhost", ""))
    assert again.status_code == 409 and "already answered" in again.get_data(as_text=True)
    assert _answer(app, links[1], learned="3", interest="no", overall="5").status_code == 200
    assert sum(s.answered for s in survey.list_slips(db_session, teacher, booking.id)) == 2


def test_the_results_are_summed_up_for_the_teacher_and_the_host(app, db_session, make_user, make_org):
    """Two of three students answered: the teacher's class results and the host's tour page show 2 of 3, the
    means, the share who would like to work in a workshop and what the students wrote; another class's answers
    count for the host but not in this teacher's results."""
    host, tour, teacher, booking = _visited(db_session, make_user, make_org, came=3)
    links = [s.link for s in survey.make_slips(db_session, teacher, booking.id, "en")]
    db_session.commit()
    _answer(app, links[0], learned="5", interest="yes", overall="5", comment="I want to make shoes")
    _answer(app, links[1], learned="3", interest="no", overall="4")
    other_teacher = make_user()
    tour.starts_at = utcnow() + dt.timedelta(days=1)
    db_session.add(tour)
    other = services.book(db_session, other_teacher, tour.id, school="Mapo Girls' High School", group_size=2)
    tour.starts_at = utcnow() - dt.timedelta(hours=2)
    db_session.add(tour)
    db_session.commit()
    other_links = [s.link for s in survey.make_slips(db_session, other_teacher, other.id, "en")]
    db_session.commit()
    _answer(app, other_links[0], learned="1", interest="no", overall="2")

    mine = survey.class_results(db_session, teacher, booking.id)
    assert (mine.results.invited, mine.results.answered) == (3, 2)
    assert mine.results.means["learned"] == 4 and mine.interest_share == 0.5
    assert mine.comments == ["I want to make shoes"]
    everyone = survey.tour_results(db_session, tour)
    assert (everyone.results.invited, everyone.results.answered) == (5, 3)

    teacher_page = isolated_client(app, teacher).get(f"/en/tours/bookings/{booking.id}/survey").get_data(as_text=True)
    assert "2 of 3 students answered the survey." in teacher_page and "I want to make shoes" in teacher_page
    host_page = isolated_client(app, host).get(f"/en/tours/{tour.id}").get_data(as_text=True)
    assert 'id="tour-results"' in host_page and "3 of 5 students answered the survey." in host_page
    assert "I want to make shoes" in host_page
    detail = isolated_client(app, teacher).get(f"/en/tours/{tour.id}").get_data(as_text=True)
    assert f'id="slips-link-{booking.id}"' in detail and f'id="class-results-{booking.id}"' in detail
