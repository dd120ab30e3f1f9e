"""Search by meaning across languages in a real browser (#22): the Japanese catalog answers 指輪 with rings and
靴 with shoes, and a Korean partner search finds the English-only clamping-retrofit listing first with a match
score a person can read (neither 0% nor 100%).

The products and listings are the demo's (``seoulmade demo`` builds the same ones every time).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from matching.demo_content import demo_docs, demo_orgs
from tests.e2e.conftest import TIMEOUT_MS

DEMO_PASSWORD = "seoul-workshops-2026"
COLD_START_MS = 120_000  # the first search of a server process builds the index and may load the model
QUERY_KO = "오래된 머시닝센터에 저렴하게 제로포인트 클램핑 장착"
LISTING_TITLE = "Low-cost zero-point clamping retrofit for older machining centres"


def _categories_first(page: Page, query: str, n: int = 5) -> list[str]:
    page.goto(f"/ja/catalog/?q={query}")
    cards = page.locator("ul.product-cards li.product-card")
    expect(cards.first).to_be_visible(timeout=COLD_START_MS)
    expect(page.locator("input[name=q]").first).to_have_value(query)
    return cards.evaluate_all("(items, n) => items.slice(0, n).map(li => li.dataset.category)", n)


def test_japanese_catalog_finds_rings_and_shoes_by_kanji(page: Page):
    """指輪 (ring) and 靴 (shoes) on the Japanese catalog put rings and shoes first."""
    page.set_default_timeout(TIMEOUT_MS)
    assert _categories_first(page, "指輪") == ["rings"] * 5
    assert _categories_first(page, "靴") == ["shoes"] * 5


def test_korean_partner_search_finds_the_english_only_listing_first(page: Page):
    """A Mullae-dong maker searching in Korean gets the English-only clamping listing first, scored in words a
    person can read."""
    page.set_default_timeout(TIMEOUT_MS)
    listing = next(d for d in demo_docs() if d.doc_id.startswith("t:") and d.title == LISTING_TITLE)
    assert set(listing.translations) == {"en"}, "the listing is written in English only"
    maker = next(o for o in demo_orgs() if o["kind"] == "maker" and o["cluster_code"] == "mullae")
    page.goto("/ko/account/signin")
    page.locator("#email").fill(f"owner@{maker['slug']}.demo")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ko/account/$"))

    page.goto("/ko/partners/")
    page.locator("textarea[name=q]").fill(QUERY_KO)
    page.locator("form.partner-search button[type=submit]").click()
    first = page.locator("li.partner-result").first
    expect(first).to_be_visible(timeout=COLD_START_MS)
    expect(first).to_have_attribute("data-doc-id", listing.doc_id)
    expect(first.locator("h3")).to_have_attribute("lang", "en")
    score = first.locator(".partner-score").inner_text()
    percent = int(re.search(r"(\d+)\s*%", score).group(1))
    assert 30 <= percent < 100, score
