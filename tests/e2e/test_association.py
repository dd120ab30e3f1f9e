"""End-to-end journey of an annual return in a real browser: a Seongsu shoe workshop opens this year's return with
its exports pre-filled from its paid orders abroad, corrects the figure, is refused on the field when its exports
by country do not add up, fixes them and submits; association staff return it with a reason, the workshop sees
the reason, fixes it and resubmits; staff verify it. The dashboard, the PDF report and the XLSX then show the
new export total, and the 4-firm textile cell (KSIC 13) reads "suppressed" on the page, in the PDF, in the
XLSX and CSV, and in the API (asking for it by key is refused). Staff then move a target, which the dashboard
and the report draw and cite.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import TIMEOUT_MS

DEMO_PASSWORD = "seoul-workshops-2026"
MEMBER = ("owner@hanul-shoe-atelier.demo", DEMO_PASSWORD)
STAFF = ("association@madeinseoul.demo", "assoc-seoul-2026")
PLATFORM_EXPORTS = 18_400_000 + 7_250_000
CORRECTED_EXPORTS = 31_650_000
YEAR = dt.datetime.now(dt.UTC).year


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def _won(text: str) -> int:
    return int(re.sub(r"[^0-9]", "", text))


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\x00", "")


def _decide(page: Page, status: str, decision: str, reason: str = "") -> None:
    page.goto(f"/en/association/review?year={YEAR}&status={status}")
    page.locator("#review-list a", has_text="Hanul Shoe Atelier").click()
    expect(page.locator("#return-status")).to_have_text(re.compile(status.capitalize()))
    page.locator("#decision").select_option(decision)
    if reason:
        page.locator("#reason").fill(reason)
    page.locator("#decide").click()
    expect(page).to_have_url(re.compile(r"/en/association/review\?year="))


def test_a_return_from_prefill_to_the_published_figures(browser, live_server):
    member_ctx = browser.new_context(base_url=live_server, locale="en-US")
    staff_ctx = browser.new_context(base_url=live_server, locale="en-US")
    member_ctx.set_default_timeout(TIMEOUT_MS)
    staff_ctx.set_default_timeout(TIMEOUT_MS)
    try:
        member, staff = member_ctx.new_page(), staff_ctx.new_page()
        _sign_in(member, *MEMBER)
        _sign_in(staff, *STAFF)
        staff.goto(f"/en/association/{YEAR}")
        exports_before = _won(staff.locator("#kpi-exports").inner_text())

        # The member opens the return: the export figure comes from its paid orders abroad, with its source.
        member.goto("/en/association/returns")
        member.locator(f"a[href$='/association/returns/{YEAR}']").first.click()
        expect(member.locator("#prefill-exports")).to_contain_text("2 paid orders to buyers abroad")
        expect(member.locator("#exports_krw")).to_have_value(str(PLATFORM_EXPORTS))
        for field, value in {"staff_full_time": "5", "staff_part_time": "1", "staff_under_35": "2",
                             "hires_this_year": "1", "labour_cost_krw": "210000000", "revenue_krw": "620000000",
                             "operating_surplus_krw": "30000000", "financial_cost_krw": "2000000",
                             "taxes_krw": "4000000", "depreciation_krw": "6000000",
                             "change_note": "New buyers in Japan and the US through the platform."}.items():
            member.locator(f"#{field}").fill(value)
        member.locator("#smart_factory_stage").select_option("1")
        # A direct sale abroad the platform does not know of: the member corrects the figure, but the countries
        # still add up to the old one.
        member.locator("#exports_krw").fill(str(CORRECTED_EXPORTS))
        member.locator("#exports_by_country").fill("JP 25650000")
        member.locator("#submit-return").click()
        expect(member.locator("#exports_by_country-error")).to_contain_text("add up to")
        member.locator("#exports_by_country").fill("JP 31650000")
        member.locator("#submit-return").click()
        expect(member.locator("#return-status")).to_have_text("Submitted")

        # Staff return it with a reason; the member sees it, fixes the split and resubmits.
        _decide(staff, "submitted", "return", "Split the order to the US out of Japan.")
        member.reload()
        expect(member.locator("#returned-reason")).to_contain_text("Split the order to the US out of Japan.")
        member.locator("#exports_by_country").fill("JP 20000000, US 11650000")
        member.locator("#submit-return").click()
        expect(member.locator("#return-status")).to_have_text("Resubmitted")
        _decide(staff, "resubmitted", "verify")
        member.reload()
        expect(member.locator("#return-status")).to_have_text("Verified")
        expect(member.locator("#versions li")).to_have_count(4)

        # The published figures change accordingly: dashboard, PDF report, XLSX.
        staff.goto(f"/en/association/{YEAR}")
        exports_after = _won(staff.locator("#kpi-exports").inner_text())
        assert exports_after == exports_before + CORRECTED_EXPORTS
        report = staff.request.get(f"/en/association/{YEAR}/report.pdf?in=en")
        assert report.ok
        text = _pdf_text(report.body())
        assert f"{exports_after:,}" in text
        xlsx = staff.request.get(f"/en/association/{YEAR}/aggregates.xlsx")
        assert xlsx.ok
        book = zipfile.ZipFile(io.BytesIO(xlsx.body()))
        assert f"<v>{exports_after}</v>" in book.read("xl/worksheets/sheet1.xml").decode()

        # The 4-firm textile cell reads "suppressed" everywhere.
        expect(staff.locator("#table-trade tr[data-key='13']")).to_contain_text("suppressed")
        textiles = next(line for line in text.splitlines() if line.startswith("13 Textiles"))
        assert "suppressed" in textiles and not re.search(r"\d", textiles[len("13 Textiles"):])
        assert "suppressed" in book.read("xl/sharedStrings.xml").decode()
        csv_text = staff.request.get(f"/en/association/{YEAR}/aggregates.csv").text()
        assert "trade,13,suppressed,suppressed,suppressed,suppressed,yes" in csv_text
        cells = {c["key"]: c for c in staff.request.get(f"/api/v1/association/kpis?year={YEAR}&by=trade").json()["cells"]}
        assert cells["13"]["suppressed"] is True and cells["13"]["jobs"] is None
        refused = staff.request.get(f"/api/v1/association/kpis?year={YEAR}&by=trade&key=13")
        assert refused.status == 403 and refused.json()["error"]["code"] == "suppressed"
        # A member downloading the aggregates is refused.
        assert member.request.get(f"/en/association/{YEAR}/aggregates.csv").status == 403

        # Staff move a target (a bad year is marked first); the dashboard draws and cites it, and the report
        # cites it too, beside its bar charts of the breakdowns, where the textile cell reads "suppressed".
        staff.goto("/en/association/targets")
        staff.locator("#target-shared_space a").click()
        staff.locator("#target_year").fill("2020")
        staff.locator("#save-target").click()
        expect(staff.locator("#target_year-error")).to_contain_text("after the baseline year")
        staff.locator("#target").fill("22")
        staff.locator("#target_year").fill("2031")
        staff.locator("#source").fill("City council resolution 2026")
        staff.locator("#save-target").click()
        expect(staff.locator("#target-shared_space")).to_contain_text("City council resolution 2026")
        staff.goto(f"/en/association/{YEAR}")
        chart = staff.locator(".assoc-chart", has_text="Firms using shared space")
        expect(chart).to_contain_text("22% (2031)")
        expect(chart).to_contain_text("City council resolution 2026")
        text = " ".join(_pdf_text(staff.request.get(f"/en/association/{YEAR}/report.pdf?in=en").body()).split())
        assert "City council resolution 2026" in text and "Jobs by trade" in text
        assert "13 Textiles suppressed" in text
    finally:
        member_ctx.close()
        staff_ctx.close()
