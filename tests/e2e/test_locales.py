"""A buyer switches a product page through all five languages with the language switcher."""

import datetime as dt
import re
import urllib.request
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from playwright.sync_api import Page, expect

from i18n.locales import LOCALE_NAMES, url_segment
from i18n.money import LOCALE_CURRENCY

TRANSLATIONS = Path(__file__).resolve().parents[2] / "i18n" / "translations"


def _translated(locale: str, msgid: str) -> str:
    if locale == "en":
        return msgid
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh)[msgid].string


def _html(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def _product_with_japanese_but_no_vietnamese(base: str) -> int:
    for product_id in range(1, 80):
        ja, vi = _html(f"{base}/ja/products/{product_id}"), _html(f"{base}/vi/products/{product_id}")
        if 'id="product-title" lang="ja"' in ja and 'id="product-title" lang="vi"' not in vi:
            return product_id
    raise AssertionError("the demo has no product translated into Japanese but not Vietnamese")


def test_product_page_in_all_five_locales(page: Page, live_server: str):
    """Each locale shows translated interface text, the listing in that language or a marked fallback, and
    the price in that locale's currency with the rate's date."""
    product_id = _product_with_japanese_but_no_vietnamese(live_server)
    page.goto(f"/en/products/{product_id}")
    seen_fallback = seen_translated = False
    previous = "en"
    for locale in ["en", "ko", "ja", "zh_Hans", "vi"]:
        if locale != previous:
            switcher = page.get_by_role("navigation", name=_translated(previous, "Language"))
            switcher.get_by_role("link", name=LOCALE_NAMES[locale], exact=True).click()
            previous = locale
        expect(page).to_have_url(re.compile(rf"/{url_segment(locale)}/products/{product_id}$"))
        expect(page.locator("html")).to_have_attribute("lang", locale.replace("_", "-"))
        expect(page.locator("#desc-h")).to_have_text(_translated(locale, "Description"))
        expect(page.get_by_role("link", name=_translated(locale, "Sign in"), exact=True).first).to_be_visible()

        title_lang = page.locator("#product-title").get_attribute("lang")
        title_note = page.locator("#product-title + .fallback-note")
        if title_lang == locale.replace("_", "-"):
            seen_translated = True
            expect(title_note).to_have_count(0)
        else:
            seen_fallback = True
            assert title_lang in ("en", "ko")
            expect(title_note).to_be_visible()

        price = page.locator(".price .money").first
        if locale == "ko":
            expect(price).to_have_text(re.compile(r"^₩[\d,]+$"))
        else:
            expect(price).to_have_attribute("data-currency", LOCALE_CURRENCY[locale])
            rate_date = format_date(dt.date(2026, 11, 20), locale=locale)
            expect(page.locator(".price .money-krw")).to_contain_text(rate_date)
    assert seen_translated and seen_fallback
