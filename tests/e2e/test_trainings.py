"""End-to-end journey of a paid training in a real browser (issue #17): programme staff reach "Manage trainings"
from the staff navigation, create a course (a bad NCS unit is marked first) and a session with a fee and one
seat (an end before the start is marked first); a trainee enrols after a confirmation page, is led to the
checkout and gets a bank-transfer invoice; enrolling twice is refused; a second person finds the session full;
an admin records the transfer; the trainee sees the enrolment confirmed (and was mailed the .ics); staff cancel a
second paid session and its fee can no longer be paid.

Each person has a browser context of their own; locators use ids, names and data attributes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from market.programmes.demo import DEMO_PASSWORD, STAFF_EMAIL, WORKSHOP_EMAIL
from market.trainings.demo import TRAINEE_EMAIL, TRAINEE_PASSWORD
from tests.e2e.conftest import SERVER_LOGS, signed_in
from tests.helpers import confirm_in_dialog

ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
SEOUL = ZoneInfo("Asia/Seoul")


def _person(browser: Browser, live_server: str, email: str, password: str):
    return signed_in(browser, live_server, email, password)


def _local(days: int, hour: int) -> str:
    day = (dt.datetime.now(dt.UTC) + dt.timedelta(days=days)).astimezone(SEOUL).date()
    return f"{day.isoformat()}T{hour:02d}:00"


def _plan_session(staff: Page, fee: str, capacity: str, waitlist: str, days: int) -> int:
    """On a course's "new session" page: a session with ``fee``; returns its id from the course page."""
    form = staff.locator("#session-form")
    form.locator("#starts_at").fill(_local(days, 9))
    form.locator("#ends_at").fill(_local(days, 17))
    form.locator("#facility").fill("Changsin sewing centre, room 2")
    form.locator("#capacity").fill(capacity)
    form.locator("#waitlist_places").fill(waitlist)
    form.locator("#fee_krw").fill(fee)
    form.locator("#meetings").fill("1")
    form.locator("#session-save").click()
    expect(staff).to_have_url(re.compile(r"/en/trainings/staff/courses/\d+$"))
    row = staff.locator("#staff-sessions tbody tr[data-session-id]").last
    return int(row.get_attribute("data-session-id"))


def test_staff_create_a_paid_training_and_a_trainee_pays_by_invoice(browser: Browser, live_server: str):
    code = f"E2E-{uuid.uuid4().hex[:6].upper()}"
    with _person(browser, live_server, STAFF_EMAIL, DEMO_PASSWORD) as staff:
        staff.goto("/en/trainings/")
        staff.locator("#nav-manage-trainings").click()
        expect(staff).to_have_url(re.compile(r"/en/trainings/staff/$"))
        staff.locator("#new-course").click()
        form = staff.locator("#course-form")
        form.locator("#code").fill(code)
        form.locator("#trade").select_option("sewing")
        form.locator("#level").fill("2")
        form.locator("#hours").fill("24")
        form.locator("#language").select_option("ko")
        form.locator("#ncs_units").fill("1903020101, 19030")
        form.locator("#title_en").fill("Overlock and coverstitch for knitwear")
        form.locator("#title_ko").fill("니트용 오버록과 삼봉 재봉")
        form.locator("#course-save").click()
        expect(staff.locator("#ncs_units-error")).to_contain_text("19030")
        expect(staff.locator("#ncs_units")).to_have_attribute("aria-invalid", "true")
        staff.locator("#ncs_units").fill("1903020101, 1903020102")
        staff.locator("#course-save").click()
        expect(staff).to_have_url(re.compile(r"/en/trainings/staff/courses/\d+/sessions/new$"))
        course_id = int(re.search(r"/courses/(\d+)/", staff.url).group(1))

        form = staff.locator("#session-form")
        form.locator("#starts_at").fill(_local(9, 9))
        form.locator("#ends_at").fill(_local(8, 17))
        form.locator("#facility").fill("Changsin sewing centre, room 2")
        form.locator("#capacity").fill("1")
        form.locator("#fee_krw").fill("90000")
        form.locator("#meetings").fill("1")
        form.locator("#session-save").click()
        expect(staff.locator("#ends_at-error")).to_be_visible()
        session_id = _plan_session(staff, "90000", "1", "0", 9)

    with _person(browser, live_server, TRAINEE_EMAIL, TRAINEE_PASSWORD) as trainee:
        trainee.goto(f"/en/trainings/courses/{course_id}")
        trainee.locator(f"a[data-enrol='{session_id}']").click()
        expect(trainee.locator("#enrol-fee")).to_contain_text("90,000")
        expect(trainee.locator("#enrol-fee-note")).to_be_visible()
        trainee.locator("#enrol-confirm").click()
        expect(trainee).to_have_url(re.compile(r"/en/pay/training_enrolment/\d+$"))
        enrolment_id = int(trainee.url.rsplit("/", 1)[1])
        trainee.locator(f"form[action$='/pay/training_enrolment/{enrolment_id}'] button[type=submit]").click()
        reference = trainee.locator(".payment-reference").inner_text().strip()
        assert re.fullmatch(r"MIS-\d{6}", reference), reference
        expect(trainee.locator("section.invoice")).to_contain_text(reference)
        trainee.goto("/en/trainings/mine")
        expect(trainee.locator(f"#enrolment-{enrolment_id}")).to_have_attribute("data-enrolment-status",
                                                                                "awaiting_payment")
        # Enrolling twice: a clear message, nothing changed.
        trainee.goto(f"/en/trainings/sessions/{session_id}/enrol")
        trainee.locator("#enrol-confirm").click()
        expect(trainee.locator(".flash-error")).to_contain_text("already enrolled")

    # Someone else finds the only seat held and no waitlist.
    with _person(browser, live_server, WORKSHOP_EMAIL, DEMO_PASSWORD) as other:
        other.goto(f"/en/trainings/sessions/{session_id}/enrol")
        other.locator("#enrol-confirm").click()
        expect(other.locator(".flash-error")).to_contain_text("full")

    with _person(browser, live_server, *ADMIN) as admin:
        admin.goto(f"/en/admin/payments/?q={reference}")
        admin.locator(f"main table a:text-is('{reference}')").click()
        received = admin.locator("form[action$='/received']")
        received.locator("#note").fill("Woori transfer")
        received.locator("button[type=submit]").click()
        confirm_in_dialog(admin)
        expect(admin.locator("#payment-h .badge.payment-paid")).to_be_visible()

    with _person(browser, live_server, TRAINEE_EMAIL, TRAINEE_PASSWORD) as trainee:
        trainee.goto("/en/trainings/mine")
        status = trainee.locator(f"#enrolment-{enrolment_id}")
        expect(status).to_have_attribute("data-enrolment-status", "enrolled")
        expect(status).to_contain_text("Fee paid")
    log = SERVER_LOGS[live_server].read_text(errors="replace")
    assert f"[attachment training-{session_id}.ics text/calendar" in log

    # A second paid session is cancelled by staff: its fee can no longer be paid.
    with _person(browser, live_server, STAFF_EMAIL, DEMO_PASSWORD) as staff:
        staff.goto(f"/en/trainings/staff/courses/{course_id}/sessions/new")
        second = _plan_session(staff, "50000", "5", "", 12)
    with _person(browser, live_server, TRAINEE_EMAIL, TRAINEE_PASSWORD) as trainee:
        trainee.goto(f"/en/trainings/sessions/{second}/enrol")
        trainee.locator("#enrol-confirm").click()
        expect(trainee).to_have_url(re.compile(r"/en/pay/training_enrolment/\d+$"))
        held = int(trainee.url.rsplit("/", 1)[1])
        with _person(browser, live_server, STAFF_EMAIL, DEMO_PASSWORD) as staff:
            staff.goto(f"/en/trainings/staff/sessions/{second}")
            staff.locator("#reason").fill("The trainer is ill.")
            staff.locator("#cancel-session-form button[type=submit]").click()
            confirm_in_dialog(staff)
            expect(staff.locator(f"#staff-sessions tr[data-session-id='{second}']")).to_contain_text("Cancelled")
        trainee.goto(f"/en/pay/training_enrolment/{held}")
        expect(trainee.locator("main")).to_contain_text("This session was cancelled")
        trainee.goto("/en/trainings/mine")
        expect(trainee.locator(f"#enrolment-{held}")).to_have_attribute("data-enrolment-status", "cancelled")
        expect(trainee.locator(f"#enrolment-{held}")).to_contain_text("The trainer is ill.")
