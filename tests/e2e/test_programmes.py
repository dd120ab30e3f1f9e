"""End-to-end journey of a support programme application in a real browser (issue #17's "done when"): the
Changsin-dong sewing workshop (in Korean) sees which open programmes it is eligible for and why, starts an
application to the smart factory stage 1, saves a draft, leaves, returns and submits it (a mail with the link);
programme staff screen it and ask for a document; the workshop adds it and resubmits; staff send it to three
reviewers: one declares a conflict and is refused the file, two declare none, read it blind and score it; staff
see the spread and select it; the ledger then flags the workshop's waiting application to the sewing environment
programme (support of the same type within three years).

Each person has a browser context of their own; locators use ids, names and data attributes.
"""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Browser, Page, expect

from market.programmes.demo import DEMO_PASSWORD, REVIEWER_EMAILS, STAFF_EMAIL, WORKSHOP_EMAIL, WORKSHOP_NAME
from tests.e2e.conftest import signed_in

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _person(browser: Browser, live_server: str, email: str, lang: str = "en"):
    return signed_in(browser, live_server, email, DEMO_PASSWORD, lang, "ko-KR" if lang == "ko" else "en-US")


def _status(page: Page, status: str) -> None:
    expect(page.locator("#application-status")).to_have_attribute("data-status", status)


def _attach(page: Page, code: str, name: str, tmp_path) -> None:
    path = tmp_path / name
    path.write_bytes(PDF)
    page.locator(f"#file-{code}").set_input_files(str(path))
    page.locator(f"#document_{code} button[type=submit]").click()
    expect(page.locator(f"#document_{code}")).to_contain_text(name)


def _review(browser: Browser, live_server: str, email: str, conflict: bool, scores: dict[str, int]) -> None:
    with _person(browser, live_server, email) as page:
        page.goto("/en/reviews/")
        page.locator("main table a").first.click()
        if conflict:
            page.locator("#conflict-yes").check()
            page.locator("#note").fill("The owner is my sister-in-law.")
            page.locator("#declare-button").click()
            expect(page.locator("#file-closed")).to_be_visible()
            expect(page.locator("#review-file")).to_have_count(0)
            expect(page.locator("main")).not_to_contain_text(WORKSHOP_NAME)
            return
        page.locator("#conflict-no").check()
        page.locator("#declare-button").click()
        expect(page.locator("#review-file")).to_be_visible()
        # Blind mode: the file never names the workshop.
        expect(page.locator("main")).not_to_contain_text(WORKSHOP_NAME)
        for code, score in scores.items():
            page.locator(f"input[name=score_{code}][value='{score}']").check()
        page.locator("#comment_need").fill("Old machines, clear need.")
        page.locator("#submit-scores").click()
        expect(page.locator("#my-scores")).to_be_visible()


def test_apply_screen_review_select_and_the_ledger_flags_an_overlap(browser, live_server, mailbox, tmp_path):
    with _person(browser, live_server, WORKSHOP_EMAIL, lang="ko") as workshop:
        # Which open programmes the workshop is eligible for, and why.
        workshop.goto("/ko/programmes/?status=open")
        smart = workshop.locator("li.programme").filter(has_text="스마트공장 1단계")
        expect(smart.locator(".eligibility .badge.ok")).to_be_visible()
        smart.locator("h2 a").click()
        expect(workshop.locator("#eligibility-verdict .badge.ok")).to_be_visible()
        expect(workshop.locator("li[data-rule=ksic] [data-result=met]")).to_be_visible()
        expect(workshop.locator("li[data-rule=headcount_under]")).to_contain_text("6")

        # A draft, saved and found again.
        workshop.locator("#apply-button").click()
        expect(workshop).to_have_url(re.compile(r"/ko/programmes/applications/\d+$"))
        application_url = workshop.url
        application_id = application_url.rsplit("/", 1)[1]
        _status(workshop, "draft")
        workshop.locator("#plan").fill("재단 공정에 바코드와 센서를 달아 작업 지시를 자동화합니다.")
        workshop.locator("#workers").fill("6")
        workshop.locator("#process").select_option("cutting")
        # The draft saves itself as the workshop types, and says so.
        expect(workshop.locator("#autosave-status")).to_have_attribute("data-state", "saved")
        expect(workshop.locator("#autosave-status")).to_contain_text("저장")
        workshop.goto("/ko/programmes/applications/")
        workshop.locator(f"a[href$='/programmes/applications/{application_id}']").click()
        expect(workshop.locator("#plan")).to_have_value(re.compile("바코드"))

        # Submitting without what is missing is refused, with the fields named; then everything is given.
        workshop.locator("#submit-application").click()
        expect(workshop.locator("#form-errors")).to_be_visible()
        expect(workshop.locator("#form-errors a[href='#document_registration']")).to_be_visible()
        _status(workshop, "draft")
        _attach(workshop, "registration", "business-registration.pdf", tmp_path)
        _attach(workshop, "tax", "local-tax.pdf", tmp_path)
        workshop.locator("#plan").fill("재단 공정에 바코드와 센서를 달아 작업 지시를 자동화합니다.")
        workshop.locator("#workers").fill("6")
        workshop.locator("#budget").fill("18000000")
        workshop.locator("#consent").check()
        workshop.locator("#declaration-none").check()
        workshop.locator("#submit-application").click()
        _status(workshop, "submitted")
        assert mailbox(WORKSHOP_EMAIL, f"/programmes/applications/{application_id}")

        with _person(browser, live_server, STAFF_EMAIL) as staff:
            staff_url = f"/en/programmes/staff/applications/{application_id}"
            staff.goto(staff_url)
            staff.locator("#step-screen").click()
            _status(staff, "screening")
            expect(staff.locator("#no-overlap")).to_be_visible()
            staff.locator("#info-note").fill("Please add a supplier quotation for the barcode printers.")
            staff.locator("#info-form button[type=submit]").click()
            _status(staff, "info_requested")

            # The workshop adds the document and resubmits.
            workshop.goto(application_url)
            expect(workshop.locator("#info-request")).to_contain_text("supplier quotation")
            _attach(workshop, "quote", "barcode-printers-quote.pdf", tmp_path)
            workshop.locator("#submit-application").click()
            _status(workshop, "resubmitted")

            staff.goto(staff_url)
            staff.locator("#step-screen").click()
            _status(staff, "screening")
            staff.locator("#step-review").click()
            _status(staff, "in_review")
            for email in REVIEWER_EMAILS:
                staff.locator("#r-reviewer_email").fill(email)
                staff.locator("#assign-form button[type=submit]").click()
                expect(staff.locator("#assignments")).to_contain_text(re.compile(r"\w"))
            expect(staff.locator("#assignments li")).to_have_count(3)

            _review(browser, live_server, REVIEWER_EMAILS[2], conflict=True, scores={})
            _review(browser, live_server, REVIEWER_EMAILS[0], conflict=False,
                    scores={"need": 5, "plan": 4, "capacity": 4, "jobs": 3})
            _review(browser, live_server, REVIEWER_EMAILS[1], conflict=False,
                    scores={"need": 3, "plan": 4, "capacity": 3, "jobs": 3})

            staff.goto(staff_url)
            expect(staff.locator("#score-spread")).to_be_visible()
            expect(staff.locator("#score-spread tbody tr").first).to_contain_text("5, 3")
            expect(staff.locator("#mean-total")).to_be_visible()
            staff.locator("input[name=d-outcome][value=selected]").check()
            staff.locator("#d-reason").fill("Selected for stage 1: the panel valued the cutting-room plan.")
            staff.locator("#d-amount_krw").fill("12600000")
            staff.locator("#decide-button").click()
            _status(staff, "selected")

            # The ledger now flags the workshop's waiting application of the same support type.
            staff.goto("/en/programmes/staff/?status=submitted")
            staff.locator("tr").filter(has_text=WORKSHOP_NAME).locator("a").first.click()
            expect(staff.locator("#overlap-flag")).to_be_visible()
            staff.locator("#step-screen").click()
            _status(staff, "screening")
            expect(staff.locator("#overlap-flag")).to_contain_text("recorded on the platform")

        workshop.goto(application_url)
        _status(workshop, "selected")


def test_enrol_attend_complete_and_the_certificate_verifies(browser, live_server):
    """A trainee enrols in the coming sewing session; the trainer marks every meeting and the practical check and
    closes the training; the certificate code verifies publicly as valid, in the trainee's list too; the automated
    sewing machines she could not book before the course can now be booked."""
    from market.trainings.demo import TRAINEE_EMAIL, TRAINER_EMAIL

    with _person(browser, live_server, TRAINEE_EMAIL) as trainee:
        # Before the course the Changsin centre's automated sewing machines cannot be booked: training missing.
        search = _sewing_machine_search()
        trainee.goto(search)
        changsin = trainee.locator("tr[data-equipment]", has_text="Changsin Sewing Support Centre")
        expect(changsin.first).to_have_attribute("data-reason", "not_qualified")
        expect(changsin.first).to_contain_text("Automated sewing training")
        trainee.goto("/en/trainings/")
        expect(trainee.locator("#trained-counter")).to_contain_text("7,000")
        trainee.locator("a[href*='/trainings/courses/']").filter(has_text="Industrial sewing machines").click()
        coming = trainee.locator("tr[data-session-id]").last
        session_id = coming.get_attribute("data-session-id")
        coming.locator(f"a[data-enrol='{session_id}']").click()
        expect(trainee.locator("#enrol-fee")).to_have_text("Free")
        trainee.locator("#enrol-confirm").click()
        expect(trainee).to_have_url(re.compile(r"/en/trainings/mine$"))
        expect(trainee.locator(f"a[href$='/trainings/sessions/{session_id}.ics']")).to_be_visible()

        with _person(browser, live_server, TRAINER_EMAIL) as trainer:
            trainer.goto(f"/en/trainings/sessions/{session_id}/roster")
            row = trainer.locator("tr[data-enrolment-id]").filter(has_text="Nguyen Thi Lan")
            meetings = row.locator("form[action$='/attendance']").count()
            assert meetings >= 5
            for index in range(meetings):
                row.locator("form[action$='/attendance'] button").nth(index).click()
                expect(row.locator("form[action$='/attendance'] button").nth(index)).to_have_text("✓")
            row.locator("input[name=practical]").check()
            row.locator("form[action$='/complete'] button").click()
            certificate = row.locator("a[href*='/verify/']")
            expect(certificate).to_have_text(re.compile(r"^TRN-\d{4}-\d{6}$"))
            code = certificate.inner_text()

        trainee.goto("/en/trainings/mine")
        expect(trainee.locator(".certificate-code")).to_have_text(code)
        trainee.goto(f"/en/verify/{code}")
        expect(trainee.locator("article.status-valid")).to_be_visible()
        expect(trainee.locator("main")).to_contain_text("Nguyen Thi Lan")

        # The completed course qualifies her for the machines it names: she books one.
        trainee.goto(search)
        available = trainee.locator("tr.available[data-equipment]", has_text="Changsin Sewing Support Centre").first
        available.get_by_role("link", name="Book").click()
        expect(trainee.get_by_role("heading", name="Confirm your booking")).to_be_visible()
        trainee.get_by_label("I have read the cancellation rules").check()
        trainee.locator("#confirm-booking").click()
        expect(trainee).to_have_url(re.compile(r"/en/centres/bookings/\d+$"))
        expect(trainee.get_by_text("Your booking is confirmed.")).to_be_visible()


def _sewing_machine_search() -> str:
    """The centres' search for automated sewing machines in Jongno on a working day three weeks ahead (inside
    the 30-day booking horizon, after the demo's last booking)."""
    import holidays

    day = dt.date.today() + dt.timedelta(days=20)
    while day.weekday() >= 5 or day in holidays.KR(years=day.year):
        day += dt.timedelta(days=1)
    return f"/en/centres/search?date={day.isoformat()}&start=10:00&end=12:00&category=sewing_automation&district=jongno"
