"""End-to-end journey of the 3D jewelry market in a real browser: a visitor uploads the ring of
../shared/data/meshes, sees it in 3D and its price in every metal without signing up, signs in and finds the
design theirs, quotes it in 18K gold at US size 7 shipped to France and orders it with their own reference; the
customer pays by invoice and staff mark the transfer received; the workshop, in Korean, downloads the original
file, the production sheet and the resized ring, makes the prototype, the customer approves it, and the workshop
produces, sends the piece back from quality check once, and ships it with a tracking number, which the
customer's page links to the carrier.

Each person has a browser context of their own. Locators use ids, names and data attributes, not visible text.
With ``SEOULMADE_README_SCREENSHOTS=1`` it also retakes the README's two screenshots in docs/screenshots/
(jewelry-viewer.png, jewelry-quote.png); otherwise they go to a temporary directory, so a test run never changes
the repository.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.e2e.conftest import TIMEOUT_MS
from tests.helpers import confirm_in_dialog

ROOT = Path(__file__).resolve().parents[2]
RING = ROOT.parent / "shared" / "data" / "meshes" / "ring_band_bartmassey.stl"
SCREENSHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("SEOULMADE_README_SCREENSHOTS") == "1"
               else Path(tempfile.gettempdir()) / "seoulmade-e2e-screenshots")
DEMO_PASSWORD = "seoul-workshops-2026"
CUSTOMER = ("owner@galerie-du-canal-sarl.demo", DEMO_PASSWORD)
ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")


@contextmanager
def _person(browser: Browser, live_server: str):
    context = browser.new_context(base_url=live_server, locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, credentials: tuple[str, str]) -> None:
    email, password = credentials
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def _download(page: Page, link: str) -> tuple[str, bytes]:
    """Click a download link and return the file's suggested name and bytes."""
    with page.expect_download() as info:
        page.locator(link).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _step(page: Page, to: str, **fields: str) -> None:
    """Take the order step to ``to`` from the order page (filling the form's fields), and wait for the page."""
    form = page.locator(f"form.order-action[data-to={to}]")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    expect(page.locator("#order-status")).to_have_attribute("data-status", to)


def _photo() -> bytes:
    with Image.new("RGB", (640, 480), "#efeae0") as image:
        draw = ImageDraw.Draw(image)
        draw.ellipse((170, 90, 470, 390), outline="#b08d3c", width=28)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
        return out.getvalue()


def test_ring_from_upload_to_shipping(browser: Browser, live_server: str, tmp_path: Path):
    assert RING.is_file(), "../shared/data/meshes must sit beside the repository"
    with _person(browser, live_server) as customer:
        # A visitor, not signed up yet.
        customer.goto("/en/jewelry/")
        customer.locator("#design-file").set_input_files(str(RING))
        customer.locator("#name").fill("Bart's ring")
        customer.locator("#design-upload button[type=submit]").click()
        expect(customer).to_have_url(re.compile(r"/en/jewelry/designs/\d+$"), timeout=60_000)
        # The analysis runs in a job (a child process of its own): the page says "analysing" and follows it
        # until it is done (at once here, where jobs run in-process after the upload's commit).
        expect(customer.locator("#design-state")).to_have_attribute("data-state", "analysed", timeout=120_000)

        # The 3D view: the vendored <model-viewer> loads the design's GLB.
        customer.wait_for_function(
            "() => { const m = document.querySelector('model-viewer'); return m !== null && m.loaded; }",
            timeout=90_000)  # software WebGL on a busy machine takes about 30 s to load it
        expect(customer.locator("#fact-watertight")).to_have_text(re.compile(r"yes"))
        expect(customer.locator("#fact-ring")).to_contain_text("20.")
        customer.wait_for_function("() => document.querySelector('model-viewer').modelIsVisible")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        customer.screenshot(path=str(SCREENSHOTS / "jewelry-viewer.png"))
        # Stop the turntable: software WebGL on a busy machine can starve the frames Playwright waits on.
        customer.evaluate("document.querySelector('model-viewer').autoRotate = false")

        # The visitor's price: every metal side by side, shipping and the delivery estimate, and "sign up to order".
        design_url = customer.url

        def ask_price() -> None:
            form = customer.locator("#quote-form")
            form.locator("[name=metal]").select_option("gold_18k_yellow")
            form.locator("[name=ring_system]").select_option("US")
            form.locator("[name=ring_value]").fill("7")
            form.locator("[name=currency]").select_option("USD")
            form.locator("[name=shipping_country]").select_option("FR")
            form.locator("button[type=submit]").click()

        ask_price()
        expect(customer.locator("#signup-to-order")).to_be_visible()
        expect(customer.locator("#metal-comparison tbody tr")).to_have_count(8)
        expect(customer.locator("#quote-lines tr[data-code=shipping]")).to_contain_text("France")
        expect(customer.locator("#delivery-estimate")).to_have_attribute("data-date", re.compile(r"\d{4}-"))

        # The 3D view has been checked: from here on pages show its poster, since software WebGL on a busy
        # machine starves the frames Playwright waits on.
        customer.route(re.compile(r".*/model\.glb$"), lambda route: route.abort())

        # Signed in, the design is theirs; the quote in 18K yellow gold at US size 7: the band shrinks from about
        # 20.7 mm to 17.32 mm.
        _sign_in(customer, CUSTOMER)
        customer.goto("/en/jewelry/")
        expect(customer.locator(".jewelry-designs", has_text="Bart's ring")).to_be_visible()
        customer.goto(design_url)
        ask_price()
        expect(customer).to_have_url(re.compile(r"/en/jewelry/quotes/\d+$"))
        expect(customer.locator("#quote-ring")).to_contain_text("17.32 mm")
        expect(customer.locator("#quote-total")).to_contain_text("$")
        expect(customer.locator("#quote-lines tr[data-code=metal]")).to_contain_text("18K yellow gold")
        customer.screenshot(path=str(SCREENSHOTS / "jewelry-quote.png"), full_page=True)

        # The order goes to a Jongno or Bongik-dong workshop and waits for payment.
        customer.locator("#order-form [name=shipping_address]").fill("Galerie du Canal\n12 quai de Jemmapes, Paris")
        customer.locator("#order-form [name=shipping_country]").select_option("FR")
        customer.locator("#order-form [name=customer_reference]").fill("GDC-2026-41")
        customer.locator("#order-form button[type=submit]").click()
        expect(customer).to_have_url(re.compile(r"/en/jewelry/orders/\d+$"))
        expect(customer.locator("#order-status")).to_have_attribute("data-status", "awaiting_payment")
        order_url = customer.url
        order_id = int(order_url.rsplit("/", 1)[1])
        workshop_slug = customer.locator("#workshop-link").get_attribute("data-slug")

        # Paying by invoice; staff mark the transfer received.
        customer.locator("#pay-link").click()
        customer.locator("main form button[type=submit]").first.click()
        reference = customer.locator("#invoice-h").inner_text().split()[-1]
        with _person(browser, live_server) as admin:
            _sign_in(admin, ADMIN)
            admin.goto(f"/en/admin/payments/?q={reference}")
            admin.locator("a", has_text=reference).first.click()
            admin.locator("form[action$='/received'] button[type=submit]").click()
            confirm_in_dialog(admin)
            expect(admin.locator(".flash-success")).to_be_visible()
        customer.goto(order_url)
        expect(customer.locator("#order-status")).to_have_attribute("data-status", "paid")

        # The workshop, in Korean: the files to make it, prototype with a photo, the customer approves, then
        # production to shipping.
        with _person(browser, live_server) as workshop:
            workshop.route(re.compile(r".*/model\.glb$"), lambda route: route.abort())
            _sign_in(workshop, (f"owner@{workshop_slug}.demo", DEMO_PASSWORD))
            workshop.goto("/ko/jewelry/workshop/")
            expect(workshop.locator(f"#queue a[href$='/workshop/orders/{order_id}']")).to_be_visible()
            workshop.goto(f"/ko/jewelry/workshop/orders/{order_id}")
            expect(workshop.locator("html")).to_have_attribute("lang", "ko")
            name, data = _download(workshop, "#download-original")
            assert name == RING.name and data == RING.read_bytes()
            name, data = _download(workshop, "#download-sheet")
            assert name.endswith("-ko.pdf") and data.startswith(b"%PDF")
            sheet = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).replace("\x00", "")
            assert f"#{order_id}" in sheet and "GDC-2026-41" in sheet and "17.32" in sheet
            name, data = _download(workshop, "#download-resized")
            assert name.endswith(".stl") and len(data) > 84
            _step(workshop, "prototyping")
            photo = tmp_path / "prototype.jpg"
            photo.write_bytes(_photo())
            workshop.locator("#photo").set_input_files(str(photo))
            workshop.locator("#photo-form button[type=submit]").click()
            expect(workshop.locator("#photos img")).to_have_count(1)
            _step(workshop, "prototype_ready", note="Resin prototype printed, photos attached.")

            customer.goto(order_url)
            expect(customer.locator("#order-status")).to_have_attribute("data-status", "prototype_ready")
            expect(customer.locator("#photos img")).to_have_count(1)
            _step(customer, "approved")

            workshop.goto(f"/ko/jewelry/workshop/orders/{order_id}")
            _step(workshop, "in_production")
            _step(workshop, "quality_check")
            _step(workshop, "in_production")  # "send back to production"
            _step(workshop, "quality_check")
            _step(workshop, "shipped", carrier="EMS", tracking_number="EE123456785KR")

        customer.goto(order_url)
        expect(customer.locator("#order-status")).to_have_attribute("data-status", "shipped")
        expect(customer.locator("#tracking")).to_have_text("EE123456785KR")
        expect(customer.locator("#tracking-link")).to_have_attribute("href", re.compile(r"EE123456785KR"))
        expect(customer.locator("#stepper li[data-status=shipped]")).to_have_attribute("aria-current", "step")
        timeline = customer.locator("#timeline li")
        expect(timeline).to_have_count(10)
