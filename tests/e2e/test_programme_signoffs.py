"""In a real browser: a co-applicant signs an application off, and a saved programme search is kept and managed.

The Changsin-dong workshop's partner saves the directory's filters (consulting programmes for sewing) as a
search with alerts, renames and pauses it. The owner applies to the finance consulting programme, names the
partner as co-applicant (the partner gets a mail with the link) and sees the submit button explain whose
sign-off is missing; submitting is refused naming the partner; the partner follows the mailed link, ticks the
confirmation and signs off; the owner then submits, and the timeline says who signed off.

Each person has a browser context of their own; locators use ids, names and data attributes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Browser, expect

from market.programmes.demo import DEMO_PASSWORD, PARTNER_EMAIL, PARTNER_NAME, WORKSHOP_EMAIL
from tests.e2e.conftest import signed_in

PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _person(browser: Browser, live_server: str, email: str):
    return signed_in(browser, live_server, email, DEMO_PASSWORD)


def test_a_saved_search_is_kept_and_managed(browser, live_server):
    with _person(browser, live_server, PARTNER_EMAIL) as page:
        page.goto("/en/programmes/?trade=sewing&type=consulting")
        # Saving without a name says why and keeps nothing.
        page.locator("#save-search-button").click()
        expect(page.locator("main")).to_contain_text("Give the search a name.")
        page.locator("#search-name").fill("Consulting for sewing")
        page.locator("#save-search-button").click()
        expect(page).to_have_url(re.compile(r"/en/programmes/searches/$"))
        search = page.locator("#saved-searches li[data-search-id]")
        expect(search).to_have_count(1)
        expect(search.locator(".search-name")).to_have_text("Consulting for sewing")
        expect(search).to_contain_text("1 open now")
        # The same filters again are refused: one alert per programme.
        page.goto("/en/programmes/?trade=sewing&type=consulting")
        page.locator("#search-name").fill("Again")
        page.locator("#save-search-button").click()
        expect(page.locator("main")).to_contain_text("already has these filters")
        page.goto("/en/programmes/searches/")
        search = page.locator("#saved-searches li[data-search-id]")
        expect(search).to_have_count(1)
        search.locator("input[name=name]").fill("Sewing consulting")
        search.locator("form").filter(has=page.locator("input[name=name]")).locator("button").click()
        expect(search.locator(".search-name")).to_have_text("Sewing consulting")
        search.get_by_role("button", name="Pause alerts").click()
        expect(page.locator("#saved-searches li[data-search-id]")).to_have_attribute("data-paused", "yes")
        # The search opens the directory with its filters.
        page.locator("#saved-searches .search-name").click()
        expect(page).to_have_url(re.compile(r"trade=sewing"))
        expect(page.locator("#type")).to_have_value("consulting")


def test_a_co_applicant_signs_off_before_submission(browser, live_server, mailbox, tmp_path):
    with _person(browser, live_server, WORKSHOP_EMAIL) as owner:
        owner.goto("/en/programmes/?type=consulting&status=open")
        owner.locator("li.programme h2 a").first.click()
        owner.locator("#apply-button").click()
        expect(owner).to_have_url(re.compile(r"/en/programmes/applications/\d+$"))
        application_path = urlsplit(owner.url).path
        owner.locator("#plan").fill("Finance consulting to plan the loan for two new machines.")
        owner.locator("#workers").fill("6")
        owner.locator("#consent").check()
        owner.locator("#declaration-none").check()
        with owner.expect_navigation():
            owner.locator("#save-draft").click()
        expect(owner.locator("#plan")).to_have_value(re.compile("two new machines"))
        path = tmp_path / "registration.pdf"
        path.write_bytes(PDF)
        owner.locator("#file-registration").set_input_files(str(path))
        owner.locator("#document_registration button[type=submit]").click()
        expect(owner.locator("#document_registration")).to_contain_text("registration.pdf")

        # Name the partner; the submit button says whose sign-off is missing.
        owner.locator("#co_applicant").select_option(label=f"{PARTNER_NAME} ({PARTNER_EMAIL})")
        owner.locator("#name-co-applicant button[type=submit]").click()
        expect(owner.locator("#signoff-list li[data-signed=no]")).to_contain_text(PARTNER_NAME)
        expect(owner.locator("#submit-waiting")).to_contain_text(PARTNER_NAME)
        owner.locator("#submit-application").click()
        expect(owner.locator("#form-errors")).to_contain_text(f"{PARTNER_NAME} has not signed off yet.")
        expect(owner.locator("#application-status")).to_have_attribute("data-status", "draft")

        link = mailbox(PARTNER_EMAIL, application_path)
        with _person(browser, live_server, PARTNER_EMAIL) as partner:
            partner.goto(urlsplit(link).path)
            # Without the tick, the sign-off is refused on its box.
            partner.locator("#sign-off").click()
            expect(partner.locator("#confirm-error")).to_be_visible()
            partner.locator("#confirm").check()
            partner.locator("#sign-off").click()
            expect(partner.locator("#signoff-list li[data-signed=yes]")).to_contain_text(PARTNER_NAME)
            expect(partner.locator("#sign-off-form")).to_have_count(0)

        owner.goto(application_path)
        expect(owner.locator("#submit-waiting")).to_have_count(0)
        owner.locator("#submit-application").click()
        expect(owner.locator("#application-status")).to_have_attribute("data-status", "submitted")
        expect(owner.locator("#timeline")).to_contain_text("Signed off")
        expect(owner.locator("#timeline")).to_contain_text(f"by {PARTNER_NAME}")
