"""The support centre journey of issue #16 in a browser, on the demo: a Mullae maker without the safety training
cannot book the CNC; the centre's manager records the trainings; the maker finds the CNC free tomorrow
14:00–17:00, books it after the confirmation step and gets the calendar file (mail and page); the manager checks
the maker in at the kiosk and out again; the maker answers the survey from the mail's one-time link; the manager's
report shows utilisation and satisfaction changed.

Tomorrow cannot be waited for: once booked, the test moves the booking to the present in the server's database
(its SQLite file beside the server's log), and after the check-in moves it three hours back, as the clock would.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import SERVER_LOGS, TIMEOUT_MS

MAKER = "mullae.maker@madeinseoul.demo"
MANAGER = "centre.manager@madeinseoul.demo"
PASSWORD = "seoul-workshops-2026"
MULLAE = "mullae-machine-metal-centre"
SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def manager_page(browser, live_server):
    """A second browser (the manager's tablet), with its own cookies."""
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str) -> None:
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def _database(live_server) -> sqlite3.Connection:
    return sqlite3.connect(SERVER_LOGS[live_server].parent / "seoulmade.db", timeout=30)


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


def _figures(page: Page) -> tuple[str, str]:
    page.goto(f"/en/centres/facilities/{MULLAE}/report")
    return page.locator("#fig-utilisation").inner_text(), page.locator("#fig-satisfaction").inner_text()


def test_a_mullae_maker_books_the_cnc_uses_it_and_rates_it(page: Page, manager_page: Page, live_server, mailbox):
    page.set_default_timeout(TIMEOUT_MS)
    tomorrow = (dt.datetime.now(SEOUL) + dt.timedelta(days=1)).date().isoformat()
    search = f"/en/centres/search?date={tomorrow}&start=14:00&end=17:00&category=cnc&district=yeongdeungpo"
    _sign_in(manager_page, MANAGER)
    before = _figures(manager_page)

    # Without the safety training the CNC cannot be booked: the search says why, and the confirmation refuses.
    _sign_in(page, MAKER)
    page.goto(search)
    row = page.locator("tr.unavailable[data-reason=not_qualified]", has_text="Mullae Machine-Metal Centre").first
    expect(row).to_contain_text("Training missing")
    expect(row).to_contain_text("Workplace safety training")
    equipment_id = row.get_attribute("data-equipment")
    page.goto(f"/en/centres/book/{equipment_id}?date={tomorrow}&start=14:00&end=17:00")
    expect(page.locator("#booking-problem")).to_contain_text("Training missing")
    page.get_by_label("I have read the cancellation rules").check()
    page.locator("#confirm-booking").click()
    expect(page.get_by_text("You need this training before you can book this machine")).to_be_visible()

    # The manager records the safety and CNC trainings in the console.
    manager_page.goto(f"/en/centres/facilities/{MULLAE}/console")
    for training in ("safety", "cnc"):
        manager_page.locator("#grant-form #email").fill(MAKER)
        manager_page.locator("#grant-form #training").select_option(training)
        manager_page.locator("#grant-form button[type=submit]").click()
        expect(manager_page.get_by_text("The qualification is recorded.")).to_be_visible()

    # Free tomorrow 14:00–17:00: book the CNC after the confirmation step.
    page.goto(search)
    row = page.locator(f'tr.available[data-equipment="{equipment_id}"]')
    row.get_by_role("link", name="Book").click()
    expect(page.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    expect(page.locator("#booking-when")).to_contain_text("2:00")
    page.get_by_label("I have read the cancellation rules").check()
    page.locator("#confirm-booking").click()
    expect(page).to_have_url(re.compile(r"/en/centres/bookings/\d+$"))
    expect(page.get_by_text("Your booking is confirmed.")).to_be_visible()
    booking_id = int(page.url.rsplit("/", 1)[1])

    # The calendar file: linked from the confirmation mail and downloadable from the page.
    assert mailbox(MAKER, f"/centres/bookings/{booking_id}/booking.ics")
    with page.expect_download() as download:
        page.locator("#ics-link").click()
    event = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")[0]
    start = event.decoded("dtstart").astimezone(SEOUL)
    assert (start.date().isoformat(), start.hour) == (tomorrow, 14)
    assert "calendar.google.com" in page.get_by_role("link", name="Google Calendar").get_attribute("href")

    # Tomorrow comes: the booking is moved to the present (it started five minutes ago).
    now = dt.datetime.now(dt.UTC)
    with _database(live_server) as db:
        db.execute("UPDATE centre_bookings SET start_at = ?, end_at = ?, blocked_until_at = ? WHERE id = ?",
                   (_utc_text(now - dt.timedelta(minutes=5)), _utc_text(now + dt.timedelta(minutes=175)),
                    _utc_text(now + dt.timedelta(minutes=205)), booking_id))

    # Check in at the kiosk view; three hours of work later, check out.
    manager_page.goto(f"/en/centres/facilities/{MULLAE}/kiosk")
    entry = manager_page.locator(f"#kiosk-booking-{booking_id}")
    entry.get_by_role("button", name="Check in").click()
    expect(manager_page.get_by_text("Checked in.")).to_be_visible()
    expect(manager_page.locator(f"#kiosk-booking-{booking_id}")).to_contain_text("Checked in")
    with _database(live_server) as db:  # three hours pass
        db.execute("UPDATE centre_bookings SET start_at = ?, end_at = ?, blocked_until_at = ?, checked_in_at = ? "
                   "WHERE id = ?", (_utc_text(now - dt.timedelta(minutes=175)), _utc_text(now + dt.timedelta(minutes=5)),
                                    _utc_text(now + dt.timedelta(minutes=35)), _utc_text(now - dt.timedelta(minutes=175)),
                                    booking_id))
    manager_page.locator(f"#kiosk-booking-{booking_id}").get_by_role("button", name="Check out").click()
    expect(manager_page.locator(f"#kiosk-booking-{booking_id}")).to_contain_text("Completed")

    # The survey's one-time link from the mail.
    link = mailbox(MAKER, "/surveys/")
    page.goto(link)
    expect(page.get_by_role("heading", name="How was your booking?")).to_be_visible()
    for question, score in (("equipment", "2"), ("staff", "5"), ("booking", "4"), ("overall", "1")):
        page.locator(f'input[name="{question}"][value="{score}"]').check()
    page.locator('input[name="again"][value="no"]').check()
    page.locator('input[name="recommend"][value="3"]').check()
    page.locator('textarea[name="comment"]').fill("The spindle vibrates at high speed.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you for your answers")).to_be_visible()
    page.goto(link)
    expect(page.get_by_text("This survey was already answered.")).to_be_visible()
    page.goto(f"/en/centres/bookings/{booking_id}")
    expect(page.get_by_text("Completed and rated")).to_be_visible()

    # The use is paid: the booking shows the fee, the city's voucher as its own line and what is left to pay; the
    # checkout shows the voucher again and nothing is issued before the maker confirms there.
    expect(page.locator("#booking-payment")).to_contain_text("Seoul shared-equipment voucher (30%)")
    page.locator("#pay-booking").click()
    expect(page).to_have_url(re.compile(rf"/en/pay/centre_booking/{booking_id}$"))
    expect(page.locator("#voucher-note")).to_be_visible()
    page.get_by_role("button", name="Get the invoice").click()
    expect(page.locator("section.invoice")).to_contain_text("MIS-")

    # The manager sees the figures change, and the low score as a follow-up task.
    after = _figures(manager_page)
    assert after[0] != before[0], (before, after)
    assert after[1] != before[1], (before, after)
    manager_page.goto(f"/en/centres/facilities/{MULLAE}/console")
    expect(manager_page.locator("#follow-ups")).to_contain_text("spindle vibrates")
