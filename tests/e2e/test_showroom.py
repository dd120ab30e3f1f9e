"""End-to-end: a maker uploads a 3D model of a product in a real browser, waits for its conversion, and the
product page's <model-viewer> loads it with its AR attributes, the server USDZ and a Quick Look link whose
banner says "Request a quote" in the page's language; the desktop browser is told it cannot show AR; the
trade-fair card prints as an A5 PDF with the product's title and a QR code.

Locators use ids and attributes, not visible text (except the localised banner, which is what is tested)."""

from __future__ import annotations

import io
import re
import tempfile
import urllib.parse
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.factories.showroom import stl_box

DEMO_PASSWORD = "seoul-workshops-2026"
MAKER = ("owner@bareun-shoemakers.demo", DEMO_PASSWORD)
SCREENSHOTS = Path(tempfile.gettempdir()) / "seoulmade-e2e-screenshots"


def _sign_in(page: Page, credentials: tuple[str, str]) -> None:
    email, password = credentials
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def test_maker_uploads_a_model_and_buyers_see_it_in_ar(page: Page, tmp_path):
    page.set_default_timeout(60_000)
    _sign_in(page, MAKER)
    page.locator("main a[href*='/makers/manage/'][href$='/products']").first.click()
    expect(page).to_have_url(re.compile(r"/en/makers/manage/\d+/products$"))
    edit = page.locator("main a[href*='/products/'][href$='/edit']").first.get_attribute("href")
    product_id = int(re.search(r"/products/(\d+)/edit", edit).group(1))

    page.goto(f"/en/showroom/products/{product_id}/model")
    model_file = tmp_path / "boot.stl"
    model_file.write_bytes(stl_box(280, 105, 120))
    form = page.locator("#model-upload")
    form.locator("input[type=file]").set_input_files(str(model_file))
    form.locator("[name=width_mm]").fill("280")
    form.locator("[name=depth_mm]").fill("105")
    form.locator("[name=height_mm]").fill("120")
    form.locator("[name=placement]").select_option("floor")
    form.locator("[name=unit]").select_option("mm")
    form.locator("button[type=submit]").click()
    # The conversion runs after the upload commits; the page follows it until the model is ready.
    expect(page.locator("#conversion-ready")).to_be_visible(timeout=120_000)

    page.goto(f"/en/products/{product_id}")
    viewer = page.locator("model-viewer#product-viewer")
    expect(viewer).to_have_attribute("ar", "")
    expect(viewer).to_have_attribute("ar-modes", "webxr scene-viewer quick-look")
    expect(viewer).to_have_attribute("ar-scale", "fixed")
    expect(viewer).to_have_attribute("ios-src", re.compile(r"/showroom-files/\d+/model\.usdz\?v=\w+#callToAction="))
    # <model-viewer> loads its model once it comes near the viewport.
    viewer.scroll_into_view_if_needed()
    page.wait_for_function("() => { const m = document.querySelector('model-viewer'); return m && m.loaded; }")
    expect(page.locator("#model-dimensions")).to_contain_text("280 × 105 × 120 mm")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#model-3d").screenshot(path=str(SCREENSHOTS / "showroom-product-3d.png"))
    # A desktop browser cannot place the model in a room: the page says so and keeps the 3D view.
    expect(page.locator("#ar-unsupported")).to_be_visible()
    link = page.locator("#quick-look-link")
    expect(link).to_have_attribute("rel", "ar")
    banner = urllib.parse.unquote(link.get_attribute("href").split("#", 1)[1])
    assert "callToAction=Request a quote" in banner and "price=$" in banner
    usdz = page.request.get(link.get_attribute("href").split("#")[0])
    assert usdz.ok and usdz.headers["content-type"] == "model/vnd.usdz+zip"

    page.goto(f"/ko/products/{product_id}")
    ko_banner = urllib.parse.unquote(page.locator("#quick-look-link").get_attribute("href").split("#", 1)[1])
    assert "callToAction=Request a quote" not in ko_banner and "price=₩" in ko_banner

    page.goto(f"/en/products/{product_id}")
    card = page.request.get(page.locator("#fair-card-link").get_attribute("href"))
    assert card.ok and card.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(card.body()))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert round(width / 72 * 25.4) == 148 and round(height / 72 * 25.4) == 210
    title = page.locator("#product-title").inner_text()
    assert title.split()[0] in reader.pages[0].extract_text().replace("\x00", "")
    assert len(reader.pages[0].images) >= 2
