"""End-to-end journey of a prototype commission in a real browser, the startup in English and the maker in Korean:
the startup posts a request with a drawing and an NDA and waits for its suggested makers, invites a Mullae-dong
maker, who accepts the NDA, sees the file, bids and is awarded; the maker proposes a change order that the startup
accepts; milestones are funded in order (the second cannot be paid before the first) through the payments
checkout (an invoice, which staff mark as received), delivered with a photo (a thumbnail on the page) and
approved; the two sides write in the commission's thread; at the end each side rates the other on purpose (no
score is chosen for them) and the maker reads its earnings in Korean.

Each person has a browser context of their own. Locators use ids, names, classes and data attributes rather than
visible text, except where the words are the point (who rated whom, the named timeline entries).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.helpers import confirm_in_dialog

DEMO_PASSWORD = "seoul-workshops-2026"
ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
# A demo startup (a Seoul cargo-bike maker) that has no prototype request in the demo yet.
STARTUP_SLUG = "mapo-bike-works"


@contextmanager
def _person(browser: Browser, live_server: str, locale: str = "en-US"):
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str = DEMO_PASSWORD, lang: str = "en") -> None:
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


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


def _fund(startup: Page, admin: Page, milestone) -> None:
    """The startup pays a milestone by invoice at the checkout; staff mark the transfer as received."""
    milestone.locator("a.fund-link").click()
    expect(startup).to_have_url(re.compile(r"/en/pay/milestone/\d+$"))
    startup.locator("main form button[type=submit]").first.click()
    reference = re.search(r"\S+$", startup.locator("#invoice-h").inner_text().strip()).group(0)
    admin.goto(f"/en/admin/payments/?q={reference}")
    admin.get_by_role("link", name=reference).click()
    admin.locator('form[action$="/received"] button[type=submit]').click()
    confirm_in_dialog(admin)
    expect(admin.locator(".flash-success")).to_be_visible()


def _deliver(maker: Page, url: str, position: int, note: str, photo: Path | None = None) -> None:
    maker.goto(url)
    milestone = maker.locator(f'.milestone[data-position="{position}"]')
    expect(milestone).to_have_attribute("data-status", "funded")
    milestone.locator('textarea[name="note"]').fill(note)
    if photo is not None:
        milestone.locator('input[type=file][name="files"]').set_input_files(str(photo))
    milestone.locator(".deliver-form button[type=submit]").click()
    expect(maker.locator(f'.milestone[data-position="{position}"]')).to_have_attribute("data-status", "delivered")


def _approve(startup: Page, url: str, position: int) -> None:
    startup.goto(url)
    milestone = startup.locator(f'.milestone[data-position="{position}"]')
    milestone.locator(".approve-form button[type=submit]").click()
    confirm_in_dialog(startup)
    expect(startup.locator(f'.milestone[data-position="{position}"]')).to_have_attribute("data-status", "approved")


def test_startup_commissions_a_mullae_maker(browser: Browser, live_server: str, tmp_path: Path):
    """Post and wait for suggestions, invite, NDA, bid, award, a change order, milestones in order with a
    photo, the thread, and ratings given on purpose; startup in English, maker in Korean."""
    drawing = _drawing(tmp_path / "bracket-drawing.png")
    with _person(browser, live_server) as startup, _person(browser, live_server, "ko-KR") as maker, \
            _person(browser, live_server) as admin:
        # 1. The startup posts the request; the page shows its suggested makers once the job found them.
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
        startup.locator("#materials-other").fill("steel tube, stainless bolts")
        startup.locator("#budget_min_krw").fill("600000")
        startup.locator("#budget_max_krw").fill("1200000")
        startup.locator("#deadline").fill((dt.date.today() + dt.timedelta(days=14)).isoformat())
        startup.locator("#nda_required").check()
        startup.locator("#files").set_input_files(str(drawing))
        startup.locator("#request-form button[type=submit]").click()
        expect(startup).to_have_url(re.compile(r"/en/prototypes/(\d+)$"))
        request_url = startup.url
        request_id = request_url.rstrip("/").rsplit("/", 1)[-1]
        file_link = startup.locator("#request-files a").first
        expect(file_link).to_have_text("bracket-drawing.png")
        file_url = file_link.get_attribute("href").replace("/en/", "/ko/", 1)
        expect(startup.locator("#suggestions")).to_have_attribute("data-state", "ready")

        # 2. It invites the best suggested maker of Mullae-dong.
        suggestion = startup.locator('#suggestions .suggestion[data-cluster="mullae"]').first
        maker_href = suggestion.locator("a").first.get_attribute("href")
        maker_name = suggestion.locator("a").first.inner_text()
        maker_slug = maker_href.rstrip("/").rsplit("/", 1)[-1]
        suggestion.locator(".invite-form button[type=submit]").click()
        expect(startup.locator("#invited-makers")).to_contain_text(maker_name)

        # 3. The maker (in Korean) finds the invitation; the file stays closed until it accepts the NDA.
        _sign_in(maker, f"owner@{maker_slug}.demo", lang="ko")
        maker.goto("/ko/prototypes/bids")
        maker.locator(f'#invitations a[href="/ko/prototypes/{request_id}"]').click()
        expect(maker.locator("html")).to_have_attribute("lang", "ko")
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
        expect(maker.locator("#your-bid")).to_contain_text("1,000,000")

        # 5. The startup compares the bids and awards this one (asked to confirm first).
        startup.goto(request_url)
        award = startup.locator(".bid-comparison .award-form").first
        award.locator("button[type=submit]").click()
        confirm_in_dialog(startup)
        expect(startup).to_have_url(re.compile(r"/en/prototypes/commissions/\d+$"))
        commission_url = startup.url
        maker_commission_url = commission_url.replace("/en/", "/ko/", 1)
        expect(startup.locator(".milestone")).to_have_count(3)
        expect(startup.locator("article.prototype-commission")).to_have_attribute("data-side", "startup")

        # 6. The maker proposes a change order: 1,100,000 won, the last two steps merged.
        maker.goto(maker_commission_url)
        expect(maker.locator("article.prototype-commission")).to_have_attribute("data-side", "maker")
        expect(maker.locator(".milestone .fund-link")).to_have_count(0)
        maker.locator("#propose-change summary").click()
        maker.locator("#price_krw").fill("1100000")
        maker.locator('[name="milestones-1-title"]').fill("First article and final batch")
        maker.locator('[name="milestones-1-amount_krw"]').fill("900000")
        maker.locator('[name="milestones-2-title"]').fill("")
        maker.locator('[name="milestones-2-amount_krw"]').fill("")
        maker.locator("#reason").fill("Both steps on one fixture saves a set-up.")
        maker.locator("#change-form button[type=submit]").click()
        expect(maker.locator('.change-order[data-status="proposed"] .withdraw-change-form')).to_be_visible()

        # The startup accepts it (a money step: asked to confirm); price and milestones change on both sides.
        startup.goto(commission_url)
        change = startup.locator('.change-order[data-status="proposed"]')
        expect(change).to_contain_text("Both steps on one fixture saves a set-up.")
        change.locator(".accept-change-form button[type=submit]").click()
        confirm_in_dialog(startup)
        expect(startup.locator('.change-order[data-status="accepted"]')).to_have_count(1)
        expect(startup.locator("#commission-price")).to_contain_text("1,100,000")
        expect(startup.locator('.milestone[data-position="2"] h3')).to_contain_text("First article and final batch")
        expect(startup.locator('.milestone[data-position="3"]')).to_have_attribute("data-status", "cancelled")
        expect(startup.locator('#commission-timeline li[data-kind="change_accepted"]')).to_have_count(1)
        maker.goto(maker_commission_url)
        expect(maker.locator("#commission-price")).to_contain_text("1,100,000")

        # 7. Milestones go in order: only the first can be funded; paying the second is refused at checkout.
        startup.goto(commission_url)
        expect(startup.locator(".fund-link")).to_have_count(1)
        second = startup.locator('.milestone[data-position="2"]')
        expect(second.locator(".waiting-order")).to_be_visible()
        second_id = second.get_attribute("id").removeprefix("milestone-")
        startup.goto(f"/en/pay/milestone/{second_id}")
        expect(startup.locator("main .notice[role=note]")).to_contain_text("must be funded first")
        expect(startup.locator(f'form[action="/en/pay/milestone/{second_id}"]')).to_have_count(0)
        startup.goto(commission_url)
        _sign_in(admin, *ADMIN)
        _fund(startup, admin, startup.locator('.milestone[data-position="1"]'))

        # 8. The maker delivers the first milestone with a photo; the startup sees its thumbnail and approves.
        _deliver(maker, maker_commission_url, 1, "Design reviewed; photo of the jig attached.",
                 _photo(tmp_path / "jig.jpg"))
        startup.goto(commission_url)
        thumb = startup.locator('.milestone[data-position="1"] img.delivery-thumb')
        expect(thumb).to_be_visible()
        startup.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
        _approve(startup, commission_url, 1)
        timeline = startup.locator("#commission-timeline")
        expect(timeline.locator('li[data-kind="funded"]')).to_contain_text("Milestone 1 · Design review funded")
        expect(timeline.locator('li[data-kind="approved"]')).to_have_count(1)

        # 9. The two sides write in the commission's thread.
        startup.locator("#thread-form #body").fill("Great jig. Can you ship the batch by Friday?")
        startup.locator("#thread-form button[type=submit]").click()
        expect(startup.locator(".commission-thread li[data-side=startup]")).to_have_count(1)
        maker.goto(maker_commission_url)
        expect(maker.locator(".commission-thread")).to_contain_text("Can you ship the batch by Friday?")
        maker.locator("#thread-form #body").fill("네, 금요일에 발송하겠습니다.")
        maker.locator("#thread-form button[type=submit]").click()
        expect(maker.locator(".commission-thread li[data-side=maker]")).to_have_count(1)

        # 10. The second milestone: funded, delivered, approved; the commission is complete.
        startup.goto(commission_url)
        _fund(startup, admin, startup.locator('.milestone[data-position="2"]'))
        _deliver(maker, maker_commission_url, 2, "Five brackets packed.")
        _approve(startup, commission_url, 2)
        expect(startup.locator("#commission-status")).to_have_class(re.compile(r"commission-completed"))
        expect(startup.locator("#commission-timeline li[data-kind=funded]").nth(1)).to_contain_text(
            "Milestone 2 · First article and final batch funded")

        # 11. Ratings are given on purpose: nothing is chosen in advance, and sending none marks the score.
        form = startup.locator("#rating-form")
        expect(form.locator("input[name=score]:checked")).to_have_count(0)
        form.locator("button[type=submit]").click()
        expect(startup.locator("#rating-form #score-error")).to_be_visible()
        startup.locator("#rating-form #score-4").check()
        startup.locator("#rating-form #comment").fill("Precise welds; one day late.")
        startup.locator("#rating-form button[type=submit]").click()
        expect(startup.locator('.rating-line[data-side="startup"]')).to_contain_text(
            f"Mapo Bike Works rated {maker_name}")
        expect(startup.locator('.rating-line[data-side="startup"] .rating')).to_have_text("★★★★☆")

        maker.goto(maker_commission_url)
        expect(maker.locator("#rating-form input[name=score]:checked")).to_have_count(0)
        maker.locator("#rating-form #score-5").check()
        maker.locator("#rating-form button[type=submit]").click()
        expect(maker.locator('.rating-line[data-side="maker"] .rating')).to_have_text("★★★★★")
        expect(maker.locator('.rating-line[data-side="startup"] .rating')).to_have_text("★★★★☆")

        # 12. The maker sees its money on its earnings page, in Korean: each milestone paid, the commission kept,
        # its share released on approval, and when the next payout comes.
        maker.goto("/ko/earnings")
        earnings = maker.locator(".earnings-table")
        expect(earnings.locator("tr", has_text="Design review")).to_contain_text("180,000")  # 200,000 less 10 %
        expect(earnings.locator("tr", has_text="Design review")).to_contain_text("지급 확정")  # released
        expect(maker.locator(".earnings-totals .next-payout")).not_to_be_empty()
        expect(maker.locator("h1")).to_contain_text("수익")
