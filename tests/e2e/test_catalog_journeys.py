"""End-to-end journeys of the catalog in a real browser: a maker lists a product with photos and gets it
co-brand certified, and a Japanese buyer finds a product, asks for a quote and accepts it.

Each role has its own browser context (own cookies). Locators use ids, names and URLs rather than visible text,
so the journeys do not depend on translations (the Japanese catalogue may still have empty entries).
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, expect

from i18n.glossary import load_glossary
from tests.e2e.conftest import TIMEOUT_MS
from tests.helpers import confirm_in_dialog

DEMO_PASSWORD = "seoul-workshops-2026"
CURATOR = ("curator@madeinseoul.demo", "curate-seoul-2026")
# A Seongsu shoemaker of the demo with no co-brand application yet (Saesol's is waiting for a curator).
MAKER_SLUG = "bareun-shoemakers"
MAKER_NAME = "Bareun Shoemakers"
# A Seongsu workshop of the demo with published shoes, and a Japanese buyer of the demo.
QUOTING_MAKER_NAME = "Saesol"
QUOTING_MAKER_SLUG = "saesol-handmade-shoes-workshop"
JAPANESE_BUYER_SLUG = "kyoto-kogei-trading-co-ltd"
# The first catalog request of a server process builds the search index (Korean analysis of every listing),
# which takes about 12 s on the demo's 923 products; later requests reuse it.
CATALOG_COLD_START_MS = 60_000
COWHIDE = "shoes_leather.cowhide"


def _owner(slug: str) -> tuple[str, str]:
    return f"owner@{slug}.demo", DEMO_PASSWORD


@contextmanager
def _session(browser: Browser, live_server: str, locale: str):
    """A page in a browser context of its own (one person's session), closed afterwards."""
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, lang: str, credentials: tuple[str, str]) -> None:
    """Sign in on the sign-in page of ``lang``; lands on the account page."""
    email, password = credentials
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    expect(page.locator("main")).to_contain_text(email)


def _submit(page: Page, form_selector: str) -> None:
    """Press the submit button of the (single) form matching ``form_selector``."""
    form = page.locator(form_selector)
    expect(form).to_have_count(1)
    form.locator("button[type=submit]").click()


def _number_in_url(page: Page, pattern: str) -> int:
    match = re.search(pattern, page.url)
    assert match, f"{page.url} does not match {pattern}"
    return int(match.group(1))


def _photo(path: Path, size: tuple[int, int], colour: str, image_format: str) -> Path:
    """A real photo-like image: a coloured background with a shoe-ish shape."""
    with Image.new("RGB", size, colour) as image:
        draw = ImageDraw.Draw(image)
        w, h = size
        draw.ellipse((w // 8, h // 3, w * 7 // 8, h * 5 // 6), fill="#5b3a1e", outline="#1c1c1c", width=6)
        draw.rectangle((w // 5, h // 4, w // 2, h // 2), fill="#8a5a2b")
        image.save(path, format=image_format)
    return path


def _evidence_pdf(path: Path, title: str, lines: list[str]) -> Path:
    """A small, real PDF document standing in for a scanned report."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 12, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def _expect_images_loaded(page: Page, images) -> None:
    """Every image of the locator is served from the public media area and was decoded by the browser."""
    expect(images.first).to_be_attached()
    for i in range(images.count()):
        image = images.nth(i)
        expect(image).to_have_attribute("src", re.compile(r"^/media/public/"))
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def test_maker_lists_a_product_with_photos_and_gets_it_certified(browser: Browser, live_server: str,
                                                                  tmp_path: Path):
    """A maker creates, illustrates and publishes a product and applies for the co-brand; a curator approves,
    and anyone can verify the certificate naming the maker and the product."""
    title = "성수 수제 가죽 로퍼 (테스트)"
    description = ("성수동 공방에서 소가죽을 재단하고 손으로 꿰매어 만든 로퍼입니다. 굽과 밑창은 교체할 수 있으며, "
                   "색상과 사이즈는 주문에 따라 맞출 수 있습니다.")
    photos = [_photo(tmp_path / "loafer-front.png", (900, 700), "#e9e4da", "PNG"),
              _photo(tmp_path / "loafer-side.jpg", (1200, 800), "#d8e2e9", "JPEG")]
    quality = _evidence_pdf(tmp_path / "quality-report.pdf", "Quality inspection report",
                            ["Sampling inspection of finished loafers: 0 critical, 0 major, 1 minor defect in 120 "
                             "pairs.", "Method: AQL 1.0, general inspection level II."])
    origin = _evidence_pdf(tmp_path / "business-registration.pdf", "Business registration",
                           ["Registered workshop address: Seongsu-dong, Seongdong-gu, Seoul.",
                            "Photos of the production line at the registered address are attached."])

    with _session(browser, live_server, "ko-KR") as maker:
        _sign_in(maker, "ko", _owner(MAKER_SLUG))
        maker.locator("main a[href*='/makers/manage/'][href$='/products']").first.click()
        expect(maker).to_have_url(re.compile(r"/ko/makers/manage/\d+/products$"))
        org_id = _number_in_url(maker, r"/makers/manage/(\d+)/products")

        # A new draft product: Korean texts (the maker's language), price, order terms and shipping facts.
        maker.locator(f"main a[href$='/makers/manage/{org_id}/products/new']").click()
        expect(maker).to_have_url(re.compile(rf"/ko/makers/manage/{org_id}/products/new$"))
        maker.locator("#category").select_option("shoes")
        maker.locator("#title").fill(title)
        maker.locator("#description").fill(description)
        maker.locator("#price_krw").fill("189000")
        maker.locator("#moq").fill("20")
        maker.locator("#unit").select_option("pair")
        maker.locator("#lead_time_days").fill("21")
        maker.locator("#tiers-0-min_qty").fill("100")
        maker.locator("#tiers-0-price_krw").fill("172000")
        maker.locator("#hs_code").fill("640399")
        # Materials from the glossary's vocabulary, named in Korean; the rest in the maker's own words.
        maker.locator("#materials details:has(#materials-shoes_leather-cowhide) > summary").click()
        cowhide = maker.locator("#materials-shoes_leather-cowhide")
        expect(cowhide.locator("xpath=..")).to_contain_text(load_glossary().get(COWHIDE).name("ko"))
        cowhide.check()
        maker.locator("#materials-other").fill("고무 밑창, 황동 아일렛")
        maker.locator("#length_mm").fill("285")
        maker.locator("#width_mm").fill("105")
        maker.locator("#height_mm").fill("120")
        maker.locator("#weight_g").fill("820")
        for incoterm in ("EXW", "FOB", "DAP"):
            maker.locator(f"input[name=incoterms][value={incoterm}]").check()
        _submit(maker, "form.product-form")
        expect(maker).to_have_url(re.compile(r"/ko/products/\d+/edit#photos$"))
        product_id = _number_in_url(maker, r"/products/(\d+)/edit")
        expect(maker.locator("#title")).to_have_value(title)
        expect(maker.locator("#price_krw")).to_have_value("189000")

        # Two photos in one upload, then publish.
        maker.locator("input[type=file][name=images]").set_input_files(photos)
        _submit(maker, f"form[action$='/products/{product_id}/images']")
        expect(maker).to_have_url(re.compile(rf"/ko/products/{product_id}/edit#photos$"))
        expect(maker.locator(".image-list > li")).to_have_count(2)
        _expect_images_loaded(maker, maker.locator(".image-list img"))
        _submit(maker, f"form[action$='/products/{product_id}/publish']")
        expect(maker.locator(".publish-box form[action$='/unpublish']")).to_have_count(1)
        expect(maker.locator(".publish-box .form-errors")).to_have_count(0)

        # The public product page shows the Korean title and both photos (main photo and two thumbnails).
        maker.goto(f"/ko/products/{product_id}")
        expect(maker.locator("#product-title")).to_have_text(title)
        gallery = maker.locator(".product-gallery img")
        expect(gallery).to_have_count(3)
        _expect_images_loaded(maker, gallery)

        # The co-brand application: the maker and the new product, answers for the gold tier, two documents.
        maker.goto("/ko/co-brand/")
        _submit(maker, f"form[action$='/co-brand/makers/{org_id}/apply']")
        expect(maker).to_have_url(re.compile(r"/ko/co-brand/applications/\d+$"))
        application_id = _number_in_url(maker, r"/applications/(\d+)$")
        answers = maker.locator(f"form[action$='/co-brand/applications/{application_id}']")
        expect(answers).to_have_count(1)  # an editable draft, not an application already under review
        for question in ("design_location", "making_location", "assembly_location"):
            answers.locator(f"input[name={question}][value=cluster]").check()
        answers.locator("#workshop_staff_share").fill("90")
        answers.locator("#years_in_cluster").fill("12")
        answers.locator(f"input[name=products][value='{product_id}']").check()
        answers.locator("button[type=submit]").click()
        expect(maker).to_have_url(re.compile(rf"/ko/co-brand/applications/{application_id}$"))
        expect(maker.locator(f"input[name=products][value='{product_id}']")).to_be_checked()

        for kind, document in (("quality", quality), ("origin", origin)):
            maker.locator("#kind").select_option(kind)
            maker.locator("#file").set_input_files(document)
            _submit(maker, f"form[action$='/applications/{application_id}/evidence']")
            expect(maker).to_have_url(re.compile(rf"/ko/co-brand/applications/{application_id}#evidence$"))
        evidence = maker.locator("section[aria-labelledby=evidence] tbody tr")
        expect(evidence).to_have_count(2)
        expect(evidence.get_by_role("link", name=quality.name)).to_be_visible()
        expect(evidence.get_by_role("link", name=origin.name)).to_be_visible()
        expect(maker.locator(".cobrand-score tfoot strong")).to_have_text("100 / 100")
        expect(maker.locator(".cobrand-result .cobrand-seal.seal-gold")).to_be_visible()

        submit_button = maker.locator(f"form[action$='/applications/{application_id}/submit'] button")
        expect(submit_button).not_to_have_attribute("aria-disabled", "true")
        submit_button.click()
        expect(maker).to_have_url(re.compile(rf"/ko/co-brand/applications/{application_id}$"))
        expect(maker.locator("main p.notice[role=status]")).to_be_visible()
        expect(maker.locator(f"form[action$='/co-brand/applications/{application_id}']")).to_have_count(0)

    with _session(browser, live_server, "en-US") as curator:
        _sign_in(curator, "en", CURATOR)
        curator.goto("/en/co-brand/review")
        curator.locator(f"main a[href$='/co-brand/review/{application_id}']").click()
        expect(curator).to_have_url(re.compile(rf"/en/co-brand/review/{application_id}$"))
        expect(curator.locator("section[aria-labelledby=evidence-h] tbody tr")).to_have_count(2)
        expect(curator.locator("section[aria-labelledby=products-h] li")).to_contain_text([title])
        approve = curator.locator(f"form[action$='/review/{application_id}/approve']")
        expect(approve.locator(f"input[name=products][value='{product_id}']")).to_be_checked()
        approve.locator("#note").fill("Evidence checked against the workshop's registration. Welcome!")
        approve.locator("button[type=submit]").click()
        confirm_in_dialog(curator)  # issuing a certificate asks once more
        expect(curator).to_have_url(re.compile(r"/en/co-brand/certificates/MIS-\d{4}-\d+$"))
        code = curator.url.rsplit("/", 1)[1]
        expect(curator.locator("main h1")).to_contain_text(code)
        expect(curator.locator("main h1 .badge.ok")).to_be_visible()
        expect(curator.locator(".cobrand-certificate .cobrand-seal.seal-gold")).to_be_visible()
        expect(curator.locator(f".cobrand-certificate a[href$='/products/{product_id}']")).to_have_text(title)

    with _session(browser, live_server, "en-US") as visitor:
        visitor.goto(f"/verify/{code}")
        verdict = visitor.locator("article.cobrand-verify")
        expect(verdict).to_have_class(re.compile(r"\bstatus-valid\b"))
        expect(visitor.locator("#verify-title")).to_have_text(code)
        expect(verdict.locator(".cobrand-seal.seal-gold")).to_be_visible()
        expect(verdict.locator("dl.facts dd").first).to_contain_text(MAKER_NAME)
        expect(verdict.locator(f"a[href$='/products/{product_id}']")).to_have_text(title)

        # The product page now carries the badge, which links to the same certificate.
        visitor.goto(f"/en/products/{product_id}")
        badge = visitor.locator("#main a.cobrand-seal.seal-gold")
        expect(badge).to_have_attribute("href", re.compile(rf"/verify/{code}$"))
        _expect_images_loaded(visitor, visitor.locator(".product-gallery img"))

        # A Japanese reader sees the ticked material in Japanese.
        visitor.goto(f"/ja/products/{product_id}")
        expect(visitor.locator("dl.facts")).to_contain_text(load_glossary().get(COWHIDE).name("ja"))
        expect(visitor.locator("dl.facts")).not_to_contain_text(COWHIDE)


def test_japanese_buyer_finds_a_product_and_gets_a_quote_accepted(browser: Browser, live_server: str):
    """A buyer browsing in Japanese filters the catalog, asks a Seongsu workshop for a quote on a product, and
    accepts the quote the workshop sends, which makes an order awaiting payment."""
    today = dt.date.today()
    needed_by = today + dt.timedelta(days=75)
    valid_until = today + dt.timedelta(days=30)
    message = ("We would like 40 pairs of this shoe for our Kyoto shop. Material: full-grain calf leather with a "
               "leather sole. Sizes 23.0 to 27.0 cm (Japanese sizing), colours black and dark brown with a "
               "burnished toe finish, each pair in a dust bag.")

    with _session(browser, live_server, "ja-JP") as buyer:
        _sign_in(buyer, "ja", _owner(JAPANESE_BUYER_SLUG))

        # Search the workshop's name, then narrow with the Seongsu cluster and the shoes category.
        buyer.goto("/ja/catalog/", timeout=CATALOG_COLD_START_MS)
        buyer.locator("#q").fill(QUOTING_MAKER_NAME)
        buyer.locator("#q").press("Enter")
        expect(buyer).to_have_url(re.compile(rf"/ja/catalog/\?q={QUOTING_MAKER_NAME}$"))
        filters = buyer.locator("form.filters")
        filters.locator("input[name=cluster][value=seongsu]").check()
        filters.locator("input[name=category][value=shoes]").check()
        filters.locator("button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(r"/ja/catalog/\?.*cluster=seongsu.*&category=shoes"))
        expect(buyer.locator("form.filters input[name=cluster][value=seongsu]")).to_be_checked()
        cards = buyer.locator(".product-cards > li")
        expect(cards.first).to_be_visible()
        assert cards.count() in range(1, 6), f"expected a few of {QUOTING_MAKER_NAME}'s shoes, got {cards.count()}"
        expect(cards).to_contain_text(["聖水洞"] * cards.count())  # the cluster's name on a Japanese page

        cards.first.locator("a.product-link").click()
        expect(buyer).to_have_url(re.compile(r"/ja/products/\d+$"))
        product_id = _number_in_url(buyer, r"/products/(\d+)$")
        expect(buyer.locator("html")).to_have_attribute("lang", "ja")
        expect(buyer.locator(f"main a[href$='/makers/{QUOTING_MAKER_SLUG}']")).to_be_visible()
        expect(buyer.locator(".price .money").first).to_have_attribute("data-currency", "JPY")

        # The request: the first press checks completeness (no attachment), the second sends it.
        buyer.locator(f"main a[href$='/rfqs/new?product_id={product_id}']").click()
        expect(buyer).to_have_url(re.compile(rf"/ja/rfqs/new\?product_id={product_id}$"))
        rfq_form = buyer.locator("main form[enctype='multipart/form-data']")
        rfq_form.locator("#quantity").fill("40")
        rfq_form.locator("#target_price").fill("15000")
        expect(rfq_form.locator("#currency")).to_have_value("JPY")
        rfq_form.locator("#currency").select_option("JPY")
        rfq_form.locator("#incoterm").select_option("DAP")
        expect(rfq_form.locator("#destination_country")).to_have_value("JP")
        rfq_form.locator("#needed_by").fill(needed_by.isoformat())
        rfq_form.locator("#message").fill(message)
        rfq_form.locator("button[type=submit]").click()

        expect(buyer.locator(".completeness-panel")).to_be_visible()
        expect(buyer.locator(".completeness-panel meter")).to_have_attribute("value", "90")
        expect(buyer.locator(".completeness-panel .missing-list li")).to_have_count(1)
        expect(rfq_form.locator("input[name=confirmed]")).to_have_value("1")
        expect(rfq_form.locator("#message")).to_have_value(message)
        rfq_form.locator("button[type=submit]").click()

        expect(buyer).to_have_url(re.compile(r"/ja/rfqs/\d+$"))
        rfq_id = _number_in_url(buyer, r"/rfqs/(\d+)$")
        expect(buyer.locator("#rfq-h .badge.rfq-open")).to_be_visible()
        expect(buyer.locator(".rfq-text").first).to_have_text(message)

        # The workshop answers in its own session while the buyer stays signed in.
        with _session(browser, live_server, "ko-KR") as maker:
            _sign_in(maker, "ko", _owner(QUOTING_MAKER_SLUG))
            maker.locator("main a[href$='/rfqs/inbox']").first.click()
            expect(maker).to_have_url(re.compile(r"/ko/rfqs/inbox$"))
            maker.locator(f"main a[href$='/rfqs/{rfq_id}']").click()
            expect(maker).to_have_url(re.compile(rf"/ko/rfqs/{rfq_id}$"))
            expect(maker.locator(".rfq-text").first).to_have_text(message)

            quote = maker.locator(f"form[action$='/rfqs/{rfq_id}/quotes']")
            quote.locator("#unit_price").fill("16500")
            quote.locator("#currency").select_option("JPY")
            quote.locator("#lead_time_days").fill("35")
            quote.locator("#valid_until").fill(valid_until.isoformat())
            quote.locator("#terms").fill("DAP Kyoto. 30% deposit, balance before shipping. Each pair in a cotton dust "
                                         "bag; sizes 23.0-27.0 cm as requested.")
            quote.locator("button[type=submit]").click()
            expect(maker).to_have_url(re.compile(rf"/ko/rfqs/{rfq_id}$"))
            expect(maker.locator("#rfq-h .badge.rfq-quoted")).to_be_visible()
            expect(maker.locator("li.quote.quote-offered")).to_have_count(1)

        buyer.goto(f"/ja/rfqs/{rfq_id}")
        offered = buyer.locator("li.quote.quote-offered")
        expect(offered).to_have_count(1)
        expect(offered.locator(".price")).to_contain_text("16,500")
        offered.locator("form[action$='/accept'] button[type=submit]").click()
        confirm_in_dialog(buyer)

        # Accepting makes an order of the one order lifecycle, awaiting payment: the buyer lands on it.
        expect(buyer).to_have_url(re.compile(r"/ja/orders/\d+$"))
        expect(buyer.locator("#order-h .badge.order-awaiting_payment")).to_be_visible()
        expect(buyer.locator("main")).to_contain_text("660,000")
        buyer.goto(f"/ja/rfqs/{rfq_id}")
        expect(buyer.locator("#rfq-h .badge.rfq-accepted")).to_be_visible()
        expect(buyer.locator("li.quote.quote-accepted")).to_have_count(1)
        expect(buyer.locator("form[action$='/accept']")).to_have_count(0)
        order = buyer.locator(".rfq-order")
        expect(order).to_be_visible()
        # 40 pairs at ¥16,500 each.
        expect(order).to_contain_text("660,000")
