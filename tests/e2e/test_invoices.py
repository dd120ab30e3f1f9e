"""In a real browser on the demo's live server: the line sheet button is busy from the click until its download
starts, and an open bank-transfer invoice of the demo downloads as a PDF carrying the demo's Woori Bank account
(set up by ``seoulmade demo``), the reference, the number and the due date.

Locators use ids and URLs rather than visible text.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from tests.e2e.test_payments import ADMIN, DEMO_MAKER_SLUG, _session
from tests.e2e.test_payments import _sign_in as sign_in

DEMO_ACCOUNT = "1005-803-412907"  # market/payments/demo.py


def test_line_sheet_link_is_busy_until_its_download_starts(browser: Browser, live_server: str):
    """The line sheet link says it is busy at once and is idle again when the PDF arrives."""
    with _session(browser, live_server) as visitor:
        visitor.goto(f"/en/makers/{DEMO_MAKER_SLUG}")
        link = visitor.locator("#maker-linesheet")
        with visitor.expect_download(timeout=60_000) as sheet:
            busy = link.evaluate("el => { el.click(); return el.getAttribute('aria-busy'); }")
        assert busy == "true"
        assert sheet.value.suggested_filename.endswith(".pdf")
        expect(link).not_to_have_attribute("aria-busy", "true")


def test_demo_invoice_downloads_with_the_bank_account(browser: Browser, live_server: str):
    """Staff open a pending bank transfer of the demo and download its invoice: the PDF has the demo's bank
    account, SWIFT code, reference, number and due date."""
    with _session(browser, live_server) as admin:
        sign_in(admin, *ADMIN)
        admin.goto("/en/admin/payments/?status=pending&provider=manual")
        admin.locator("main table a[href*='/en/admin/payments/']").first.click()
        expect(admin).to_have_url(re.compile(r"/en/admin/payments/\d+$"))
        number = re.search(r"INV-\d{4}-\d{6}", admin.locator("#invoice-download").inner_text()).group(0)
        reference = re.search(r"MIS-\d{6}", admin.locator("#payment-h").inner_text()).group(0)
        with admin.expect_download() as invoice:
            admin.locator("#invoice-download").click()
        assert invoice.value.suggested_filename == f"{number}.pdf"
        text = "\n".join(page.extract_text() for page in PdfReader(invoice.value.path()).pages)
        for expected in (DEMO_ACCOUNT, "HVBKKRSE", "Woori Bank", reference, number, "Due date"):
            assert expected in text, expected
