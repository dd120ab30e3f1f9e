"""Paying wholesale orders in a real browser.

* Manual provider (the default, on the demo's live server): the buyer orders, gets the invoice with its reference,
  an admin marks the transfer received, and the order is paid.
* Stripe (a live server of its own with ``STRIPE_*`` pointing at localstripe on loopback, whose signed webhooks
  go to the server's ``/webhooks/stripe``): the card form loads localstripe's Stripe.js from ``STRIPE_JS_URL``;
  a good card pays, a declined card shows the bank's message and another card pays, and a 3-D Secure card asks
  for authentication first. The webhook that follows each payment reaches the server and changes nothing more.

Locators use ids, names and URLs rather than visible text where they can.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import (
    STARTUP_TIMEOUT,
    TIMEOUT_MS,
    _free_port,
    _healthy,
    _log_tail,
    _seoulmade,
    _server_env,
    _stop,
)
from tests.helpers import confirm_in_dialog
from tests.market.payments.stripe_server import WEBHOOK_SECRET, start_localstripe

ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
DEMO_PASSWORD = "seoul-workshops-2026"
DEMO_BUYER_SLUG = "galerie-du-canal-sarl"
DEMO_MAKER_SLUG = "saesol-handmade-shoes-workshop"
SEED_PASSWORD = "granite otter lantern 42"
SEED_BUYER = "buyer@kyoto-select.test"
SEED_ADMIN = "admin@payments.test"


@contextmanager
def _session(browser: Browser, base_url: str):
    """One person's browser session (own cookies), closed afterwards."""
    context: BrowserContext = browser.new_context(base_url=base_url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/en/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))


def _order(page: Page, product_path: str) -> int:
    """Put the product (at its MOQ) in the cart, check out, and open the new order; returns its id."""
    page.goto(product_path)
    page.locator("form.add-to-cart button[type=submit]").click()
    page.goto("/en/cart")
    checkout = page.locator("main form[action$='/cart/checkout']")
    checkout.locator("#shipping_address").fill("Galerie du Canal, 12 quai de Valmy, 75010 Paris")
    checkout.locator("#shipping_country").select_option("FR")
    checkout.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/en/orders/$"))
    page.locator("main table a[href*='/en/orders/']").first.click()
    expect(page).to_have_url(re.compile(r"/en/orders/\d+$"))
    return int(re.search(r"/orders/(\d+)$", page.url).group(1))


def _open_checkout(page: Page, order_id: int) -> None:
    page.locator(f"a[href$='/pay/wholesale_order/{order_id}']").click()
    expect(page).to_have_url(re.compile(rf"/en/pay/wholesale_order/{order_id}$"))
    page.locator(f"form[action$='/pay/wholesale_order/{order_id}'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/en/pay/wholesale_order/{order_id}$"))


# --- manual provider on the demo server -----------------------------------------------------------------------


def test_bank_transfer_marked_received_by_staff(browser: Browser, live_server: str):
    """The buyer gets an invoice with a reference; an admin finds it and marks it received; the order is paid and
    the maker can confirm it."""
    with _session(browser, live_server) as buyer:
        _sign_in(buyer, f"owner@{DEMO_BUYER_SLUG}.demo", DEMO_PASSWORD)
        buyer.goto(f"/en/makers/{DEMO_MAKER_SLUG}")
        product_path = buyer.locator("main a[href*='/en/products/']").first.get_attribute("href")
        order_id = _order(buyer, product_path)
        expect(buyer.locator(".order-payment")).to_be_visible()
        _open_checkout(buyer, order_id)
        reference = buyer.locator(".payment-reference").inner_text().strip()
        assert re.fullmatch(r"MIS-\d{6}", reference), reference
        expect(buyer.locator("section.invoice")).to_contain_text(reference)

        with _session(browser, live_server) as admin:
            _sign_in(admin, *ADMIN)
            admin.goto(f"/en/admin/payments/?q={reference}")
            admin.locator(f"main table a:text-is('{reference}')").click()
            expect(admin).to_have_url(re.compile(r"/en/admin/payments/\d+$"))
            received = admin.locator("form[action$='/received']")
            received.locator("#note").fill("BNP wire 2026-11-22")
            received.locator("button[type=submit]").click()
            confirm_in_dialog(admin)
            expect(admin.locator("#payment-h .badge.payment-paid")).to_be_visible()

        buyer.goto(f"/en/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-paid")).to_be_visible()
        expect(buyer.locator(f"a[href$='/pay/wholesale_order/{order_id}']")).to_have_count(0)


# --- Stripe on localstripe -------------------------------------------------------------------------------------


def _seed(database_url: str) -> int:
    """A small marketplace for the Stripe server: staff, a Paris buyer, a Seongsu maker with one published
    product, and the demo's exchange rates; returns the product's id."""
    from catalog.products.services import add_product
    from market.accounts import services as accounts
    from market.accounts.models import UserRole
    from market.app import create_app
    from market.db import get_database, session_scope, utcnow
    from market.demo.build import add_clusters, add_exchange_rates
    from market.migrate import upgrade

    app = create_app({"DATABASE_URL": database_url, "DATABASE_POOL": "null"})
    with get_database(app).engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        add_clusters(session)
        add_exchange_rates(session)
        people = {}
        for email, name, role in ((SEED_ADMIN, "Payments Admin", UserRole.admin),
                                  (SEED_BUYER, "Claire Martin", UserRole.member),
                                  ("maker@saesol.test", "Min-jun Park", UserRole.member)):
            user = accounts.register_user(session, email, SEED_PASSWORD, name, role=role)
            user.email_verified_at = utcnow()
            people[email] = user
        accounts.create_organization(session, people[SEED_BUYER], name="Galerie Martin", kind="buyer", country="FR")
        maker = accounts.create_organization(session, people["maker@saesol.test"], name="Saesol Leather",
                                             kind="maker", country="KR", cluster_code="seongsu")
        product = add_product(session, maker, status="published", category="leather_goods", price_krw=48_000,
                              moq=2, unit="piece", title={"en": "Card wallet", "ko": "카드 지갑"},
                              description={"en": "Hand-stitched in Seongsu-dong.", "ko": "성수동 수제."})
        product_id = product.id
    get_database(app).engine.dispose()
    return product_id


@pytest.fixture(scope="module")
def stripe_server():
    """(base URL, localstripe, product id) of a ``seoulmade serve`` whose STRIPE_* settings point at localstripe
    on loopback; localstripe's webhooks go to the server. Both are stopped at the end."""
    data_dir = Path(tempfile.mkdtemp(prefix="seoulmade-e2e-stripe-"))
    localstripe = start_localstripe(data_dir)
    process = None
    try:
        product_id = _seed(f"sqlite:///{data_dir / 'seoulmade.db'}")
        env = _server_env(data_dir)
        env.update(localstripe.settings())
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        log_path = data_dir / "server.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen([_seoulmade(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"seoulmade serve (Stripe) did not start; log tail:\n{_log_tail(log_path)}")
            time.sleep(0.2)
        localstripe.register_webhook("live-server", f"{base_url}/webhooks/stripe", WEBHOOK_SECRET)
        yield base_url, localstripe, product_id
    finally:
        if process is not None:
            _stop(process)
        localstripe.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def _pay_by_card(page: Page, number: str) -> None:
    """Type a card into localstripe's card element (number, month, two-digit year, CVC, postcode) and pay."""
    card = page.locator("#card-element")
    expect(card.locator("input")).to_have_count(5)
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("30")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("75010")
    page.locator("#card-form button[type=submit]").click()


def _expect_paid(page: Page, order_id: int) -> int:
    expect(page).to_have_url(re.compile(r"/en/payments/\d+$"))
    expect(page.locator("#payment-h .badge.payment-paid")).to_be_visible()
    payment_id = int(re.search(r"/payments/(\d+)$", page.url).group(1))
    page.goto(f"/en/orders/{order_id}")
    expect(page.locator("#order-h .badge.order-paid")).to_be_visible()
    return payment_id


def test_card_declined_then_paid_and_the_webhook_arrives(browser: Browser, stripe_server):
    """A declined card shows the bank's message and the order stays unpaid; a good card pays it; the webhook
    localstripe sends afterwards reaches the server and is recorded without paying twice."""
    base_url, _localstripe, product_id = stripe_server
    with _session(browser, base_url) as buyer:
        _sign_in(buyer, SEED_BUYER, SEED_PASSWORD)
        order_id = _order(buyer, f"/en/products/{product_id}")
        _open_checkout(buyer, order_id)
        expect(buyer.locator("#card-payment")).to_have_attribute("data-publishable-key", re.compile(r"^pk_test_"))
        _pay_by_card(buyer, "4000000000000341")
        expect(buyer.locator("#card-message")).to_have_text("Your card was declined.")
        expect(buyer.locator("#card-form button[type=submit]")).to_be_enabled()
        _pay_by_card(buyer, "4242424242424242")
        payment_id = _expect_paid(buyer, order_id)

    with _session(browser, base_url) as admin:
        _sign_in(admin, SEED_ADMIN, SEED_PASSWORD)
        deadline = time.monotonic() + 15
        while True:
            admin.goto(f"/en/admin/payments/{payment_id}")
            events = admin.locator("#events-h + ul")
            if events.count() and "payment_intent.succeeded" in events.inner_text():
                break
            assert time.monotonic() < deadline, "the payment_intent.succeeded webhook never reached the server"
            time.sleep(0.5)
        expect(events).to_contain_text("already_applied")
        expect(admin.locator("table.ledger-table tbody tr")).to_have_count(3)


def test_three_d_secure_card(browser: Browser, stripe_server):
    """A card that needs 3-D Secure opens the bank's challenge; once completed the order is paid."""
    base_url, _localstripe, product_id = stripe_server
    with _session(browser, base_url) as buyer:
        _sign_in(buyer, SEED_BUYER, SEED_PASSWORD)
        order_id = _order(buyer, f"/en/products/{product_id}")
        _open_checkout(buyer, order_id)
        _pay_by_card(buyer, "4000002500003155")
        buyer.get_by_role("button", name="Complete authentication").click()
        _expect_paid(buyer, order_id)
