"""Reports: utilisation is used ÷ available hours (opening hours minus blackouts), satisfaction and NPS come
from the booking survey, a low score opens a follow-up for the manager; the CSV carries the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlmodel import select

from tests.factories.centres import seoul, working_day


def _month_of(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def test_a_completed_booking_and_its_survey_change_the_report(app, db_session, make_user, make_org,
                                                                make_facility, make_machine, staff_user, qualify):
    """Check-in to check-out counts as used; the survey's answers give the mean and NPS; a score of 2 opens a
    follow-up task and tells the staff."""
    from market.centres.models import FollowUp
    from market.centres.services.bookings import check_in, complete_booking, create_booking
    from market.centres.services.reports import facility_report
    from market.notifications.models import Notification
    from market.surveys import services as surveys
    from market.surveys.models import SurveyInvitation

    maker = make_user()
    org = make_org(maker, kind="maker")
    facility = make_facility(staff=[staff_user])
    machine = make_machine(facility)
    qualify(maker, "safety", "cnc")
    day = working_day()
    month = _month_of(day)
    before = facility_report(db_session, facility, month)
    assert before.total.used_minutes == 0 and before.total.utilisation == 0
    assert before.total.available_minutes > 0

    booking = create_booking(db_session, maker, machine.id, seoul(day, "14:00"), seoul(day, "16:00"))
    check_in(db_session, staff_user, booking.id, now=seoul(day, "13:55"))
    complete_booking(db_session, maker, booking.id, now=seoul(day, "15:55"))
    invitation = db_session.exec(select(SurveyInvitation).where(SurveyInvitation.subject_id == booking.id)).one()
    surveys.answer(db_session, surveys.link_token(invitation), {
        "equipment": "2", "staff": "5", "booking": "4", "overall": "4", "again": "yes", "recommend": "9",
        "comment": "The chuck wobbles"})
    db_session.refresh(booking)
    assert booking.status == "surveyed"

    after = facility_report(db_session, facility, month)
    assert after.total.used_minutes == 120
    assert after.total.utilisation == 120 / after.total.available_minutes
    assert after.total.survey.overall == 4 and after.total.survey.nps == 100 and after.total.survey.response_rate == 1
    assert after.total.firms == {org.id} and after.total.revenue_krw == booking.price_krw
    follow_up = db_session.exec(select(FollowUp).where(FollowUp.booking_id == booking.id)).one()
    assert "chuck wobbles" in follow_up.note
    assert db_session.exec(select(Notification).where(Notification.user_id == staff_user.id,
                                                      Notification.kind == "centre_follow_up")).first()


def test_a_blackout_lowers_the_available_hours(app, db_session, make_facility, make_machine, staff_user):
    """A day of downtime is taken out of the available hours."""
    from market.centres.services.bookings import mark_down
    from market.centres.services.reports import facility_report

    facility = make_facility(staff=[staff_user])
    machine = make_machine(facility)
    day = working_day(1)
    month = _month_of(day)
    full = facility_report(db_session, facility, month).total.available_minutes
    mark_down(db_session, staff_user, machine.id, seoul(day + dt.timedelta(days=1), "00:00"), "Service",
              now=seoul(day, "00:00"))
    assert facility_report(db_session, facility, month).total.available_minutes == full - 12 * 60


def test_the_report_page_and_csv_are_for_staff(app, db_session, client, make_user, make_facility, make_machine,
                                               staff_user):
    """Staff see the page with its charts and download the CSV; another user gets 403."""
    from tests.helpers import sign_in

    facility = make_facility(staff=[staff_user])
    make_machine(facility, name="Big CNC")
    sign_in(client, staff_user)
    page = client.get(f"/en/centres/facilities/{facility.slug}/report")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in html and "Big CNC" in html
    download = client.get(f"/en/centres/facilities/{facility.slug}/report?format=csv&month=2026-11")
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True))))
    assert rows[0][0] == "machine" and rows[1][0] == "Big CNC" and rows[-1][0] == "TOTAL"
    other = app.test_client()
    sign_in(other, make_user())
    assert other.get(f"/en/centres/facilities/{facility.slug}/report").status_code == 403
