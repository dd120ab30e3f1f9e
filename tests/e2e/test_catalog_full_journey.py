"""The catalog's whole journeys in a real browser, on the demo's live server:

1. a signed-out Japanese buyer puts products of two makers in the cart, signs in and keeps them, sees the
   shipping and duties estimate and checks out one order per maker, receives the invoice by mail and downloads
   it, is marked paid by staff, follows the shipment the maker moves to delivered, rates the maker and orders
   again — one test, each person in a browser context of their own;
2. a new maker signs up, publishes its first product and is told what its profile lacks; once it adds that, the
   product and the maker's profile are public.

Locators use ids, classes and URLs; what the user reads is asserted in the user's language.
"""

from __future__ import annotations

import io
import re
import uuid
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import TIMEOUT_MS
from tests.helpers import confirm_in_dialog

DEMO_PASSWORD = "seoul-workshops-2026"
ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
JAPANESE_BUYER = ("owner@kyoto-kogei-trading-co-ltd.demo", DEMO_PASSWORD)
# Two Seongsu shoemakers of the demo with published products; their own minimums are at most 100 pairs.
FIRST_MAKER = "saesol-handmade-shoes-workshop"
SECOND_MAKER = "bareun-shoemakers"
QUANTITY = 100
NEW_PASSWORD = "granite otter lantern 42"


@contextmanager
def _session(browser: Browser, live_server: str, locale: str):
    """A page in a browser context of its own (one person's session), closed afterwards."""
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in_form(page: Page, credentials: tuple[str, str]) -> None:
    email, password = credentials
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()


def _sign_in(page: Page, lang: str, credentials: tuple[str, str]) -> None:
    page.goto(f"/{lang}/account/signin")
    _sign_in_form(page, credentials)
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


def _first_product(page: Page, lang: str, slug: str) -> int:
    page.goto(f"/{lang}/makers/{slug}")
    page.locator(f"section[aria-labelledby=products-h] a[href*='/{lang}/products/']").first.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/products/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def _add_to_cart(page: Page) -> None:
    form = page.locator("form.add-to-cart")
    quantity = form.locator("#cart-quantity")
    quantity.fill(str(max(QUANTITY, int(quantity.input_value()))))
    form.locator("button[type=submit]").click()


def _step(page: Page, order_id: int, to: str, **fields: str) -> None:
    """The maker moves the order one step on its page."""
    form = page.locator("form.order-action").filter(has=page.locator(f"input[name=to][value={to}]"))
    for name, value in fields.items():
        form.locator(f"#{name}").fill(value)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/ko/orders/incoming/{order_id}$"))
    expect(page.locator(f"#order-h .badge.order-{to}")).to_be_visible()


def _pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_japanese_buyer_orders_from_two_makers_pays_follows_rates_and_reorders(browser: Browser, live_server: str,
                                                                               mailbox):
    """Journey 1 of the catalog, from the first visit to the reorder, in Japanese."""
    with _session(browser, live_server, "ja-JP") as buyer:
        # Signed out: "add to cart" asks to sign in, and the product is in the cart afterwards.
        first = _first_product(buyer, "ja", FIRST_MAKER)
        _add_to_cart(buyer)
        expect(buyer).to_have_url(re.compile(r"/ja/account/signin\?next="))
        _sign_in_form(buyer, JAPANESE_BUYER)
        expect(buyer).to_have_url(re.compile(rf"/ja/products/{first}$"))
        expect(buyer.locator(".flash-success")).to_contain_text("カートに追加しました")
        second = _first_product(buyer, "ja", SECOND_MAKER)
        _add_to_cart(buyer)
        expect(buyer.locator(".flash-success")).to_contain_text("カートに追加しました")

        # The cart: one group per maker, each with its estimate of shipping and duties, plainly not charged.
        buyer.goto("/ja/cart?country=JP&incoterm=DAP")
        expect(buyer.locator("section.cart-group")).to_have_count(2)
        for product_id in (first, second):
            expect(buyer.locator(f"tr:has(a[href$='/products/{product_id}'])")).to_have_count(1)
        estimates = buyer.locator(".shipping-estimate")
        expect(estimates).to_have_count(2)
        expect(estimates.first).to_contain_text("見積もり（請求対象外）")
        expect(estimates.first.locator(".estimate-duties")).to_contain_text("￥")
        expect(buyer.locator(".maker-minimum")).to_have_count(0)
        checkout = buyer.locator("main form[action$='/cart/checkout']")
        checkout.locator("#shipping_address").fill("京都市東山区清水 2-208 京都工芸トレーディング 御中")
        checkout.locator("#shipping_country").select_option("JP")
        checkout.locator("#incoterm").select_option("DAP")
        checkout.locator("button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(r"/ja/orders/$"))
        links = buyer.locator("main table a[href*='/ja/orders/']")
        ids = sorted({int(re.search(r"/orders/(\d+)", h).group(1)) for h in
                      links.evaluate_all("els => els.map(e => e.getAttribute('href'))")}, reverse=True)[:2]
        order_id = None
        for candidate in ids:
            buyer.goto(f"/ja/orders/{candidate}")
            if buyer.locator(f"a[href$='/products/{first}']").count():
                order_id = candidate
        assert order_id is not None, ids
        buyer.goto(f"/ja/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-awaiting_payment")).to_be_visible()
        expect(buyer.locator(".order-incoterm")).to_contain_text("DAP")
        expect(buyer.locator("tr.estimate-line").first).to_contain_text("請求対象外")

        # The invoice: asked for on the checkout page, mailed with its link, and downloaded as a PDF.
        buyer.locator(f"a[href$='/pay/wholesale_order/{order_id}']").click()
        expect(buyer).to_have_url(re.compile(rf"/ja/pay/wholesale_order/{order_id}$"))
        buyer.locator(f"form[action$='/pay/wholesale_order/{order_id}'] button[type=submit]").click()
        expect(buyer.locator("section.invoice #invoice-download")).to_be_visible()
        reference = buyer.locator(".invoice-reference").inner_text().strip()
        assert re.fullmatch(r"MIS-\d{6}", reference), reference
        with buyer.expect_download() as download:
            buyer.locator("#invoice-download").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        text = _pdf_text(pdf)
        assert reference in text and "DAP" in text
        mailed = mailbox(JAPANESE_BUYER[0], "/invoice.pdf")
        response = buyer.context.request.get(mailed)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"

        # Staff mark the transfer received.
        with _session(browser, live_server, "en-US") as admin:
            _sign_in(admin, "en", ADMIN)
            admin.goto(f"/en/admin/payments/?q={reference}")
            admin.locator(f"main table a:text-is('{reference}')").click()
            received = admin.locator("form[action$='/received']")
            received.locator("#note").fill("MUFG transfer, Kyoto Kogei")
            received.locator("button[type=submit]").click()
            confirm_in_dialog(admin)
            expect(admin.locator("#payment-h .badge.payment-paid")).to_be_visible()
        buyer.goto(f"/ja/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-paid")).to_have_text("支払い済み")

        # The maker confirms, makes, ships with tracking, and marks it delivered.
        with _session(browser, live_server, "ko-KR") as maker:
            _sign_in(maker, "ko", (f"owner@{FIRST_MAKER}.demo", DEMO_PASSWORD))
            maker.goto(f"/ko/orders/incoming/{order_id}")
            _step(maker, order_id, "confirmed")
            _step(maker, order_id, "in_production")
            _step(maker, order_id, "shipped", carrier="EMS", tracking_number="EE123456789KR")
            _step(maker, order_id, "delivered")

        # The buyer follows the shipment, rates the maker and orders the same again.
        buyer.goto(f"/ja/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-delivered")).to_have_text("配達済み")
        expect(buyer.locator("dd.tracking a")).to_have_text("EE123456789KR")
        review = buyer.locator(f"form[action$='/orders/{order_id}/review']")
        review.locator("#score").select_option("5")
        review.locator("#comment").fill("丁寧な仕上げで、納期どおりに届きました。")
        review.locator("button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(rf"/ja/orders/{order_id}$"))
        expect(buyer.locator(".order-review")).to_contain_text("5点中5点と評価しました。")
        buyer.locator("form.order-again button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(r"/ja/cart$"))
        line = buyer.locator(f"tr:has(a[href$='/products/{first}'])")
        expect(line).to_have_count(1)
        assert int(line.locator(f"#qty-{first}").input_value()) >= QUANTITY


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (900, 700), "#e9e4da")
    ImageDraw.Draw(image).rounded_rectangle((180, 260, 720, 470), radius=60, fill="#6b4226")
    image.save(path, "PNG")
    return path


def test_new_maker_publishes_and_is_told_what_its_profile_lacks(browser: Browser, live_server: str, mailbox,
                                                               tmp_path: Path):
    """Journey 3: a new Seongsu maker signs up (in Korean), creates its workshop without a story, and publishing
    its first product tells it the profile lacks the story, with a link where to add it; after adding it the
    product is published and its maker profile is public."""
    email = f"maker-{uuid.uuid4().hex[:10]}@example.com"
    with _session(browser, live_server, "ko-KR") as maker:
        maker.goto("/ko/account/signup")
        maker.locator("#email").fill(email)
        maker.locator("main form button[type=submit]").click()
        expect(maker).to_have_url(re.compile(r"/ko/account/signup/sent$"))
        maker.goto(mailbox(email, "/account/signup/finish/"))
        maker.locator("#display_name").fill("김하늘")
        maker.locator("#password").fill(NEW_PASSWORD)
        maker.locator("#confirm").fill(NEW_PASSWORD)
        maker.locator("main form button[type=submit]").click()
        expect(maker).to_have_url(re.compile(r"/ko/organizations/new$"))
        maker.locator("#name").fill(f"Haneul Leather {email[6:12]}")
        maker.locator("#kind").select_option("maker")
        maker.locator("#country").select_option("KR")
        maker.locator("#cluster_code").select_option("seongsu")
        maker.locator("main form button[type=submit]").click()
        expect(maker).to_have_url(re.compile(r"/ko/organizations/\d+$"))
        org_id = int(maker.url.rsplit("/", 1)[1])

        maker.goto(f"/ko/makers/manage/{org_id}/products/new")
        maker.locator("#category").select_option("shoes")
        maker.locator("#title").fill("성수 수제 가죽 슬리퍼")
        maker.locator("#description").fill("성수동 공방에서 소가죽을 손으로 꿰매어 만든 실내용 슬리퍼입니다.")
        maker.locator("#price_krw").fill("68000")
        maker.locator("#moq").fill("30")
        maker.locator("#unit").select_option("pair")
        maker.locator("#lead_time_days").fill("21")
        maker.locator("form.product-form button[type=submit]").first.click()
        expect(maker).to_have_url(re.compile(r"/ko/products/\d+/edit#photos$"))
        product_id = int(re.search(r"/products/(\d+)/edit", maker.url).group(1))
        maker.locator("input[type=file][name=images]").set_input_files([_photo(tmp_path / "slipper.png")])
        maker.locator(f"form[action$='/products/{product_id}/images'] button[type=submit]").click()
        expect(maker.locator(".image-list > li")).to_have_count(1)

        # Publishing is refused with what the profile lacks, in Korean, linked to where it is added.
        maker.locator(f"form[action$='/products/{product_id}/publish'] button[type=submit]").click()
        error = maker.locator("#publish-error")
        expect(error).to_contain_text("공방")
        gap = error.locator(f".gaps a[href$='/ko/organizations/{org_id}/edit']").first
        expect(gap).to_be_visible()
        gap.click()
        expect(maker).to_have_url(re.compile(rf"/ko/organizations/{org_id}/edit$"))
        maker.locator("#about").fill("성수동에서 15년째 가죽 신발과 슬리퍼를 만드는 3인 공방입니다.")
        maker.locator("main form").filter(has=maker.locator("#about")).locator("button[type=submit]").click()
        expect(maker).to_have_url(re.compile(rf"/ko/organizations/{org_id}$"))

        maker.goto(f"/ko/products/{product_id}/edit")
        maker.locator(f"form[action$='/products/{product_id}/publish'] button[type=submit]").click()
        expect(maker.locator(".publish-box form[action$='/unpublish']")).to_have_count(1)
        expect(maker.locator("#publish-error")).to_have_count(0)

    with _session(browser, live_server, "ja-JP") as visitor:
        visitor.goto(f"/ja/products/{product_id}")
        profile = visitor.locator("main a[href*='/ja/makers/']").first
        href = profile.get_attribute("href")
        response = visitor.goto(href)
        assert response is not None and response.status == 200
        expect(visitor.locator("main h1")).to_contain_text("Haneul Leather")
