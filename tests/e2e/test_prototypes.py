"""End-to-end journey of a prototype commission in a real browser: a startup posts a request with a drawing and an
NDA, invites a suggested Mullae-dong maker, who accepts the NDA, sees the file, bids and is awarded; the startup
funds the first milestone through the payments checkout (an invoice, which staff mark as received), the maker
delivers it with a photo and the startup approves it.

Each person has a browser context of their own. Locators use ids, names, classes and data attributes rather than
visible text, so the journey does not depend on translations.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.helpers import confirm_in_dialog

DEMO_PASSWORD = "seoul-workshops-2026"
ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
# A demo startup (a Seoul cargo-bike maker) that has no prototype request in the demo yet.
STARTUP_SLUG = "mapo-bike-works"
TIMEOUT_MS = 15_000


@contextmanager
def _person(browser: Browser, live_server: str):
    context: BrowserContext = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def _drawing(path: Path) -> Path:
    """A real PNG drawing of a bracket: an outline with two mounting holes and dimension lines."""
    with Image.new("RGB", (800, 500), "white") as image:
        draw = ImageDraw.Draw(image)
        draw.rectangle((100, 120, 700, 380), outline="black", width=4)
        for x in (200, 600):
            draw.ellipse((x - 30, 220, x + 30, 280), outline="black", width=3)
        draw.line((100, 430, 700, 430), fill="navy", width=2)
        draw.text((360, 440), "120 mm", fill="navy")
        image.save(path, format="PNG")
    return path


def _photo(path: Path) -> Path:
    """A real JPEG photo of the machined part."""
    with Image.new("RGB", (640, 480), "#8a8f98") as image:
        ImageDraw.Draw(image).rounded_rectangle((120, 160, 520, 320), radius=30, fill="#c9ccd1", outline="#333")
        image.save(path, format="JPEG", quality=85)
    return path


def test_startup_commissions_a_mullae_maker(browser: Browser, live_server: str, tmp_path: Path):
    """Post with a drawing and an NDA, invite a suggested Mullae maker, NDA, bid, award, fund, deliver, approve."""
    drawing = _drawing(tmp_path / "bracket-drawing.png")
    with _person(browser, live_server) as startup, _person(browser, live_server) as maker, \
            _person(browser, live_server) as admin:
        # 1. The startup posts the request.
        _sign_in(startup, f"owner@{STARTUP_SLUG}.demo")
        startup.goto("/en/prototypes/")
        startup.locator("#post-request").click()
        startup.locator("#title").fill("Cargo-bike rack bracket, TIG welded")
        startup.locator("#description").fill("A TIG-welded steel bracket that holds the front rack of our cargo "
                                             "bike. Drawing attached; tolerances ±0.2 mm on the two holes.")
        startup.locator("#locale").select_option("en")
        startup.locator("#category").select_option("machine_metal")
        startup.locator("#cluster_code").select_option("mullae")
        startup.locator("#quantity").fill("5")
        startup.locator("#materials").fill("steel tube\nstainless bolts")
        startup.locator("#budget_min_krw").fill("600000")
        startup.locator("#budget_max_krw").fill("1200000")
        startup.locator("#deadline").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
        startup.locator("#nda_required").check()
        startup.locator("#files").set_input_files(str(drawing))
        startup.locator("#request-form button[type=submit]").click()
        expect(startup).to_have_url(re.compile(r"/en/prototypes/(\d+)$"))
        request_url = startup.url
        file_link = startup.locator("#request-files a").first
        expect(file_link).to_have_text("bracket-drawing.png")
        file_url = file_link.get_attribute("href")

        # 2. It invites the best suggested maker of Mullae-dong.
        suggestion = startup.locator('#suggestions .suggestion[data-cluster="mullae"]').first
        maker_href = suggestion.locator("a").first.get_attribute("href")
        maker_name = suggestion.locator("a").first.inner_text()
        maker_slug = maker_href.rstrip("/").rsplit("/", 1)[-1]
        suggestion.locator(".invite-form button[type=submit]").click()
        expect(startup.locator("#invited-makers")).to_contain_text(maker_name)

        # 3. The maker finds the invitation; the file stays closed until it accepts the NDA.
        _sign_in(maker, f"owner@{maker_slug}.demo")
        maker.goto("/en/prototypes/bids")
        maker.locator(f'#invitations a[href="{request_url.removeprefix(live_server)}"]').click()
        expect(maker.locator("#files-locked")).to_be_visible()
        expect(maker.locator("#request-files")).to_have_count(0)
        assert maker.request.get(live_server + file_url, max_redirects=0).status == 404
        maker.locator("#nda-form button[type=submit]").click()
        expect(maker.locator("#request-files a").first).to_have_text("bracket-drawing.png")
        download = maker.request.get(live_server + file_url)
        assert download.status == 200 and download.body() == drawing.read_bytes()

        # 4. It bids with a plan of three milestones adding up to the price.
        maker.locator("#price_krw").fill("1000000")
        maker.locator("#lead_time_days").fill("21")
        for index, (title, amount) in enumerate((("Design review", "200000"), ("First article", "300000"),
                                                 ("Final batch", "500000"))):
            maker.locator(f'[name="milestones-{index}-title"]').fill(title)
            maker.locator(f'[name="milestones-{index}-amount_krw"]').fill(amount)
        maker.locator("#notes").fill("TIG welded, powder coated black.")
        maker.locator("#bid-form button[type=submit]").click()
        expect(maker.locator("#your-bid")).to_contain_text("₩1,000,000")

        # 5. The startup compares the bids and awards this one.
        startup.goto(request_url)
        award = startup.locator(".bid-comparison .award-form").first
        award.locator("button[type=submit]").click()
        confirm_in_dialog(startup)
        expect(startup).to_have_url(re.compile(r"/en/prototypes/commissions/\d+$"))
        commission_url = startup.url
        first = startup.locator(".milestone").first
        expect(first).to_have_attribute("data-status", "awaiting_funding")

        # 6. It funds the first milestone through the payments checkout: an invoice that staff mark received.
        first.locator("a.fund-link").click()
        expect(startup).to_have_url(re.compile(r"/en/pay/milestone/\d+$"))
        startup.locator("main form button[type=submit]").first.click()
        reference = re.search(r"\S+$", startup.locator("#invoice-h").inner_text().strip()).group(0)
        _sign_in(admin, *ADMIN)
        admin.goto(f"/en/admin/payments/?q={reference}")
        admin.get_by_role("link", name=reference).click()
        admin.locator('form[action$="/received"] button[type=submit]').click()
        confirm_in_dialog(admin)
        expect(admin.locator(".flash-success")).to_be_visible()

        # 7. The maker delivers the first milestone with a photo; the startup approves it.
        maker.goto(commission_url)
        milestone = maker.locator(".milestone").first
        expect(milestone).to_have_attribute("data-status", "funded")
        milestone.locator('textarea[name="note"]').fill("Design reviewed; photo of the jig attached.")
        milestone.locator('input[type=file][name="files"]').set_input_files(str(_photo(tmp_path / "jig.jpg")))
        milestone.locator(".deliver-form button[type=submit]").click()
        expect(maker.locator(".milestone").first).to_have_attribute("data-status", "delivered")

        startup.goto(commission_url)
        milestone = startup.locator(".milestone").first
        expect(milestone).to_contain_text("jig.jpg")
        milestone.locator(".approve-form button[type=submit]").click()
        confirm_in_dialog(startup)
        expect(startup.locator(".milestone").first).to_have_attribute("data-status", "approved")
        expect(startup.locator('#commission-timeline li[data-kind="approved"]')).to_have_count(1)
        expect(startup.locator(".milestone").nth(1)).to_have_attribute("data-status", "awaiting_funding")
