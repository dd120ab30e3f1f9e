"""One request for quote sent to three makers, on the demo's live server, in a real browser.

The buyer (in English) describes a need, ticks three of the makers the matching engine suggests and sends;
each maker (in Korean, /ko/) quotes, one with a 30 % deposit; the buyer compares the quotes side by side and
accepts that one (confirmed in the dialog), pays the deposit by bank transfer, which an admin marks received;
the maker confirms and starts production but cannot ship before the balance is paid, and ships once it is.
The makers not chosen see their request closed.

Locators use ids, classes, names and URLs rather than visible text where they can.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import TIMEOUT_MS
from tests.helpers import confirm_in_dialog

ADMIN = ("admin@madeinseoul.demo", "admin-seoul-2026")
DEMO_PASSWORD = "seoul-workshops-2026"
DEMO_BUYER = "owner@galerie-du-canal-sarl.demo"
NEED = ("Hand-stitched wallets and card holders in full-grain cowhide leather, black and tan, 110 x 90 mm, "
        "matte finish, our logo embossed inside, packed one per box.")


@contextmanager
def _session(browser: Browser, base_url: str, locale: str = "en-US"):
    """One person's browser session (own cookies), closed afterwards."""
    context: BrowserContext = browser.new_context(base_url=base_url, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str, lang: str = "en") -> None:
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


def _invoice_reference(buyer: Page, kind: str, order_id: int) -> str:
    """From the order's page, open the payment of ``kind`` and start it (bank transfer); its reference."""
    buyer.locator(f"a[href$='/pay/{kind}/{order_id}']").click()
    expect(buyer).to_have_url(re.compile(rf"/en/pay/{kind}/{order_id}$"))
    buyer.locator(f"form[action$='/pay/{kind}/{order_id}'] button[type=submit]").click()
    expect(buyer.locator(".payment-reference")).to_be_visible()
    reference = buyer.locator(".payment-reference").inner_text().strip()
    assert re.fullmatch(r"MIS-\d{6}", reference), reference
    return reference


def _mark_received(browser: Browser, live_server: str, reference: str) -> None:
    """An admin finds the payment by its reference and marks the transfer received (confirmed in the dialog)."""
    with _session(browser, live_server) as admin:
        _sign_in(admin, *ADMIN)
        admin.goto(f"/en/admin/payments/?q={reference}")
        admin.locator(f"main table a:text-is('{reference}')").click()
        expect(admin).to_have_url(re.compile(r"/en/admin/payments/\d+$"))
        admin.locator("form[action$='/received'] button[type=submit]").click()
        confirm_in_dialog(admin)
        expect(admin.locator("#payment-h .badge.payment-paid")).to_be_visible()


def _step(maker: Page, to: str, **fields: str) -> None:
    """Submit the order step to ``to`` on the maker's order page."""
    form = maker.locator(f"form.order-action:has(input[name=to][value={to}])")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()


def test_one_request_three_makers_deposit_then_balance_before_shipping(browser: Browser, live_server: str):
    """The whole journey, with what each side sees at each step."""
    with _session(browser, live_server) as buyer:
        _sign_in(buyer, DEMO_BUYER, DEMO_PASSWORD)
        buyer.goto("/en/rfqs/")
        buyer.locator("a[href$='/en/rfqs/several']").click()
        form = buyer.locator("#several-form")
        form.locator("#message").fill(NEED)
        form.locator("#quantity").fill("1000")
        form.locator("#target_price").fill("30")
        form.locator("#currency").select_option("USD")
        form.locator("#incoterm").select_option("FOB")
        form.locator("#needed_by").fill((dt.date.today() + dt.timedelta(days=90)).isoformat())
        form.locator("button[name=step][value=suggest]").click()
        suggestions = buyer.locator("#maker-suggestions li.maker-suggestion")
        expect(suggestions.nth(2)).to_be_visible()
        makers = []
        for index in range(3):
            item = suggestions.nth(index)
            makers.append((item.get_attribute("data-maker"), item.get_attribute("data-slug")))
            item.locator("input[name=maker_ids]").check()
        buyer.locator("#several-form button[name=step][value=send]").click()
        expect(buyer).to_have_url(re.compile(r"/en/rfqs/batches/\d+$"))
        compare_url = buyer.url
        rows = buyer.locator("#compare-quotes tr.compare-row")
        expect(rows).to_have_count(3)
        rfq_of = {row.get_attribute("data-maker"): row.get_attribute("data-rfq") for row in rows.all()}
        assert set(rfq_of) == {maker_id for maker_id, _slug in makers}

        # Each maker quotes on its own request, in Korean; the first asks for a 30 % deposit.
        for index, (maker_id, slug) in enumerate(makers):
            with _session(browser, live_server, "ko-KR") as maker:
                _sign_in(maker, f"owner@{slug}.demo", DEMO_PASSWORD, "ko")
                maker.goto(f"/ko/rfqs/{rfq_of[maker_id]}")
                expect(maker.locator("html")).to_have_attribute("lang", "ko")
                quote = maker.locator(f"form[action$='/rfqs/{rfq_of[maker_id]}/quotes']")
                quote.locator("#unit_price").fill(("28.50", "31.00", "33.75")[index])
                quote.locator("#currency").select_option("USD")
                quote.locator("#lead_time_days").fill(str(30 + index * 5))
                if index == 0:
                    quote.locator("#payment_terms").select_option("deposit")
                    quote.locator("#deposit_percent").fill("30")
                quote.locator("button[type=submit]").click()
                expect(maker.locator(".quote-list li.quote")).to_have_count(1)
                if index == 0:
                    expect(maker.locator(".quote-list")).to_contain_text("30%")

        # The buyer compares the three quotes and accepts the deposit one.
        buyer.goto(compare_url)
        chosen_id, chosen_slug = makers[0]
        chosen = buyer.locator(f"#compare-quotes tr.compare-row[data-maker='{chosen_id}']")
        expect(chosen).to_contain_text("30% deposit, balance before shipment")
        expect(chosen).to_contain_text("$28.50")
        expect(buyer.locator("#compare-quotes form[action*='/accept']")).to_have_count(3)
        chosen.locator("form[action*='/accept'] button[type=submit]").click()
        confirm_in_dialog(buyer)
        expect(buyer).to_have_url(re.compile(r"/en/orders/\d+$"))
        order_id = int(re.search(r"/orders/(\d+)$", buyer.url).group(1))
        expect(buyer.locator(".order-terms")).to_have_text("30% deposit, balance before shipment")
        expect(buyer.locator("#order-h .badge.order-awaiting_payment")).to_be_visible()
        expect(buyer.locator(".quoted-total")).to_contain_text("$28,500.00")

        # The deposit (30 % of 28,500.00 USD) is paid by transfer and marked received by staff.
        reference = _invoice_reference(buyer, "wholesale_order", order_id)
        expect(buyer.locator("main")).to_contain_text("$8,550.00")
        _mark_received(browser, live_server, reference)
        buyer.goto(f"/en/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-paid")).to_be_visible()
        expect(buyer.locator(".upfront-payment")).to_contain_text("$8,550.00")

        with _session(browser, live_server, "ko-KR") as maker:
            _sign_in(maker, f"owner@{chosen_slug}.demo", DEMO_PASSWORD, "ko")
            sale = f"/ko/orders/incoming/{order_id}"
            maker.goto(sale)
            expect(maker.locator("#order-h .badge.order-paid")).to_be_visible()
            _step(maker, "confirmed")
            expect(maker.locator("#order-h .badge.order-confirmed")).to_be_visible()
            _step(maker, "in_production")
            expect(maker.locator("#order-h .badge.order-in_production")).to_be_visible()
            expect(maker.locator(".balance-unpaid")).to_be_visible()
            # Shipping before the balance is paid is refused, and nothing changes.
            _step(maker, "shipped", carrier="DHL", tracking_number="1234567890")
            expect(maker.locator("main")).to_contain_text("잔금")
            maker.goto(sale)
            expect(maker.locator("#order-h .badge.order-in_production")).to_be_visible()

            # The buyer pays the balance (70 %; payable any time after the deposit), staff mark it received; now
            # the maker ships.
            buyer.goto(f"/en/orders/{order_id}")
            expect(buyer.locator("a#pay-balance")).to_be_visible()
            reference = _invoice_reference(buyer, "order_balance", order_id)
            expect(buyer.locator("main")).to_contain_text("$19,950.00")
            _mark_received(browser, live_server, reference)

            maker.goto(sale)
            expect(maker.locator(".balance-paid")).to_be_visible()
            _step(maker, "shipped", carrier="DHL", tracking_number="1234567890")
            expect(maker.locator("#order-h .badge.order-shipped")).to_be_visible()

        buyer.goto(f"/en/orders/{order_id}")
        expect(buyer.locator("#order-h .badge.order-shipped")).to_be_visible()
        expect(buyer.locator(".tracking a")).to_have_attribute("href", re.compile(r"dhl\.com.*1234567890"))
        buyer.goto("/en/orders/")
        expect(buyer.locator(f"main a[href$='/en/orders/{order_id}']").first).to_be_visible()
        buyer.goto(compare_url)
        expect(buyer.locator(".rfq-compare .notice")).to_be_visible()
        expect(buyer.locator("#compare-quotes form[action*='/accept']")).to_have_count(0)

    # A maker not chosen sees, in Korean, that its request was closed.
    other_id, other_slug = makers[1]
    with _session(browser, live_server, "ko-KR") as other:
        _sign_in(other, f"owner@{other_slug}.demo", DEMO_PASSWORD, "ko")
        other.goto(f"/ko/rfqs/{rfq_of[other_id]}")
        expect(other.locator("#rfq-h .badge.rfq-closed")).to_be_visible()
        expect(other.locator(".quote-list")).to_contain_text("선택되지")
