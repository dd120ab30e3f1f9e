"""End-to-end seams of the catalog journey in a real browser: a signed-out Japanese buyer adds a product to the
cart, signs in and lands back on the product with the item in the cart; the buying workspace in the menu then
shows the cart, and a maker finds its incoming orders and RFQ inbox from its own workspace.

Locators use ids, names and URLs rather than visible text, so the journey does not depend on translations.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, expect

from tests.e2e.conftest import TIMEOUT_MS

DEMO_PASSWORD = "seoul-workshops-2026"
# A Seongsu workshop of the demo with published shoes, and a Japanese buyer of the demo.
MAKER_SLUG = "saesol-handmade-shoes-workshop"
JAPANESE_BUYER = ("owner@kyoto-kogei-trading-co-ltd.demo", DEMO_PASSWORD)
MAKER_OWNER = (f"owner@{MAKER_SLUG}.demo", DEMO_PASSWORD)


@contextmanager
def _session(browser: Browser, live_server: str, locale: str):
    """A page in a browser context of its own (one person's session), closed afterwards."""
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_signed_out_add_to_cart_survives_sign_in(browser: Browser, live_server: str):
    """Signed out, "add to cart" leads to the sign-in page; after signing in the buyer is back on the product
    (in Japanese), the item is in the cart, and the buying workspace in the menu counts it."""
    with _session(browser, live_server, "ja-JP") as buyer:
        buyer.goto(f"/ja/makers/{MAKER_SLUG}")
        buyer.locator("section[aria-labelledby=products-h] a[href*='/ja/products/']").first.click()
        expect(buyer).to_have_url(re.compile(r"/ja/products/\d+$"))
        product_path = re.search(r"/ja/products/\d+$", buyer.url).group(0)
        product_id = int(product_path.rsplit("/", 1)[1])

        cart_form = buyer.locator("form.add-to-cart")
        moq = int(cart_form.locator("#cart-quantity").input_value())
        cart_form.locator("button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(r"/ja/account/signin\?next=.*products"))

        email, password = JAPANESE_BUYER
        buyer.locator("#email").fill(email)
        buyer.locator("#password").fill(password)
        buyer.locator("main form").filter(has=buyer.locator("#password")).locator("button[type=submit]").click()

        # The kept form is sent by the browser, and the product page answers it. (Anchored at the origin: the
        # sign-in page's own URL ends with the product's path in its ``next``, and the resume page in between
        # shows the sign-in's success message while its form is being sent.)
        expect(buyer).to_have_url(re.compile(rf"^{re.escape(live_server)}{product_path}$"))
        expect(buyer.locator("html")).to_have_attribute("lang", "ja")
        expect(buyer.locator(".flash-success")).to_have_count(1)

        buyer.goto("/ja/cart")
        line = buyer.locator(f"tr:has(a[href$='/products/{product_id}'])")
        expect(line).to_have_count(1)
        assert int(line.locator(f"#qty-{product_id}").input_value()) >= moq

        buyer.locator("#menu-buying").click()
        expect(buyer).to_have_url(re.compile(r"/ja/workspace/buying$"))
        expect(buyer.locator("#buyer-workspace a[href='/ja/cart']")).to_have_count(1)


def test_maker_finds_incoming_orders_from_its_workspace(browser: Browser, live_server: str):
    """The maker's menu has its workspace, which links the incoming orders (linked from nowhere before) and
    the RFQ inbox."""
    with _session(browser, live_server, "ko-KR") as maker:
        email, password = MAKER_OWNER
        maker.goto("/ko/account/signin")
        maker.locator("#email").fill(email)
        maker.locator("#password").fill(password)
        maker.locator("main form").filter(has=maker.locator("#password")).locator("button[type=submit]").click()
        expect(maker).to_have_url(re.compile(r"/ko/account/$"))
        maker.locator("#menu-selling").click()
        expect(maker).to_have_url(re.compile(r"/ko/workspace/making$"))
        maker.locator("#maker-workspace a[href='/ko/orders/incoming/']").click()
        expect(maker).to_have_url(re.compile(r"/ko/orders/incoming/$"))
        maker.go_back()
        expect(maker.locator("#maker-workspace a[href='/ko/rfqs/inbox']").first).to_be_visible()
