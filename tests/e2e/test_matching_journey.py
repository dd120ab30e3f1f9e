"""End to end in a real browser: a Mullae-dong machine-metal maker searches for partners in Korean, finds an
English-language lab offer, reads why it matched, requests an introduction; the lab accepts; both then see each
other's contacts (and not before), write to each other on the thread (a drawing attached) and move the deal to an
agreed licence, each reading it in their language.

The people come from the demo (``seoulmade demo`` makes the same organisations and listings every time; their
ids and slugs are read from ``matching.demo_content``, the module the demo itself is built from).
"""

from __future__ import annotations

import re
from contextlib import contextmanager

from playwright.sync_api import Browser, BrowserContext, Page, expect

from matching.demo_content import demo_docs, demo_orgs
from tests.e2e.conftest import TIMEOUT_MS

DEMO_PASSWORD = "seoul-workshops-2026"
QUERY_KO = "절삭 공구와 금형용 DLC 코팅"  # "DLC coating for cutting tools and moulds"
LISTING_TITLE = "Low-temperature DLC coating for cutting tools and moulds"
FIRST_SEARCH_MS = 60_000  # the first search of a server process may load the model


def _demo_people():
    orgs = demo_orgs()
    maker = next(o for o in orgs if o["kind"] == "maker" and o["cluster_code"] == "mullae")
    listing = next(d for d in demo_docs() if d.doc_id.startswith("t:") and d.title == LISTING_TITLE)
    lab = orgs[listing.org_id - 1]
    assert lab["id"] == listing.org_id and lab["kind"] == "lab"
    assert set(listing.translations) == {"en"}, "the lab's offer is written in English only"
    return maker, lab, listing


@contextmanager
def _person(browser: Browser, live_server: str, locale: str):
    context: BrowserContext = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, lang: str, slug: str) -> str:
    email = f"owner@{slug}.demo"
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))
    return email


def test_maker_finds_english_lab_offer_in_korean_and_gets_introduced(browser, live_server):
    maker, lab, listing = _demo_people()
    listing_id = int(listing.doc_id[2:])

    with _person(browser, live_server, "ko-KR") as maker_page, _person(browser, live_server, "en-US") as lab_page:
        maker_email = _sign_in(maker_page, "ko", maker["slug"])

        # Search in Korean; the English-only lab listing is among the first results, with its explanation.
        maker_page.goto("/ko/partners/")
        maker_page.locator("textarea[name=q]").fill(QUERY_KO)
        maker_page.locator("form.partner-search button[type=submit]").click()
        result = maker_page.locator(f'li.partner-result[data-doc-id="t:{listing_id}"]')
        expect(result).to_be_visible(timeout=FIRST_SEARCH_MS)
        rank = maker_page.locator("li.partner-result").evaluate_all(
            "(items, id) => items.findIndex(li => li.dataset.docId === id)", f"t:{listing_id}")
        assert rank < 3, f"the DLC listing ranked {rank + 1}"
        expect(result.locator("h3")).to_have_attribute("lang", "en")
        expect(result.locator("h3")).to_contain_text("DLC")
        why = result.locator("details.why")
        expect(why.locator(".chip.concept").first).to_be_visible()  # shared concepts across the languages
        expect(why.locator("ul.reasons li").first).to_be_visible()  # which signals put it there
        expect(why.locator("dl.best-sentences dd").nth(1)).to_contain_text("DLC")  # the lab's best sentence

        # Open the listing and request an introduction.
        result.locator("h3 a").click()
        expect(maker_page).to_have_url(re.compile(rf"/ko/matching/listings/{listing_id}$"))
        expect(maker_page.locator("main")).not_to_contain_text(f"owner@{lab['slug']}.demo")
        request_form = maker_page.locator("section.intro-request form")
        request_form.locator("textarea[name=message]").fill(
            "문래동 CNC 가공 업체입니다. 엔드밀과 금형에 저온 DLC 코팅을 적용하고 싶습니다.")
        request_form.locator("button[type=submit]").click()
        expect(maker_page).to_have_url(re.compile(r"/ko/introductions/\d+$"))
        intro_path = re.search(r"/introductions/(\d+)$", maker_page.url).group(0)
        expect(maker_page.locator("section.contacts")).to_have_count(0)

        # The lab accepts.
        _sign_in(lab_page, "en", lab["slug"])
        lab_page.goto(f"/en{intro_path}")
        expect(lab_page.locator("main")).to_contain_text("엔드밀과 금형에 저온 DLC 코팅")
        lab_page.locator(f'form[action="/en{intro_path}/accept"] button[type=submit]').click()
        expect(lab_page.locator("section.contacts")).to_contain_text(maker_email)

        # Both see each other's contacts.
        maker_page.goto(f"/ko{intro_path}")
        expect(maker_page.locator("section.contacts")).to_contain_text(f"owner@{lab['slug']}.demo")

        # After the acceptance the two sides talk on the introduction's thread and move the deal: the lab writes
        # in English, the maker answers in Korean with a drawing, moves the deal to "evaluating"; the lab agrees a
        # licence, which the maker reads in Korean.
        lab_page.goto(f"/en{intro_path}")
        expect(lab_page.locator("main dl.facts a[href*='/matching/profiles/']")).to_contain_text(maker["name"])
        lab_page.locator("#thread-form textarea[name=body]").fill("Send us two end mills and we coat them for a test.")
        lab_page.locator("#thread-form button[type=submit]").click()
        expect(lab_page.locator("ol.intro-thread")).to_contain_text("two end mills")

        maker_page.goto(f"/ko{intro_path}")
        expect(maker_page.locator("ol.intro-thread")).to_contain_text("two end mills")
        maker_page.locator("#thread-form textarea[name=body]").fill("시험용 엔드밀 두 개와 도면을 보냅니다.")
        maker_page.locator("#thread-form input[name=files]").set_input_files(
            files=[{"name": "endmill.pdf", "mimeType": "application/pdf", "buffer": _pdf()}])
        maker_page.locator("#thread-form button[type=submit]").click()
        expect(maker_page.locator("ol.intro-thread")).to_contain_text("endmill.pdf")
        maker_page.locator("#deal-form select[name=stage]").select_option("evaluating")
        maker_page.locator("#deal-form button[type=submit]").click()
        expect(maker_page.locator("p.deal-stage")).to_contain_text("검토 중")

        lab_page.goto(f"/en{intro_path}")
        expect(lab_page.locator("p.deal-stage")).to_contain_text("Evaluating")
        expect(lab_page.locator("ol.intro-thread")).to_contain_text("endmill.pdf")
        lab_page.locator("#deal-form select[name=stage]").select_option("agreed")
        lab_page.locator("#deal-form button[type=submit]").click()
        expect(lab_page.locator("#deal-form")).to_contain_text("Say what was agreed")  # the kind is required
        lab_page.locator("#deal-form select[name=stage]").select_option("agreed")
        lab_page.locator("#deal-form select[name=kind]").select_option("licence")
        lab_page.locator("#deal-form button[type=submit]").click()
        expect(lab_page.locator("p.deal-stage")).to_contain_text("Licence")

        maker_page.goto(f"/ko{intro_path}")
        expect(maker_page.locator("p.deal-stage")).to_contain_text("합의")
        expect(maker_page.locator("p.deal-stage")).to_contain_text("라이선스")
        expect(maker_page.locator("#deal-form")).to_have_count(0)  # an agreed deal is final


def _pdf() -> bytes:
    from tests.factories.files import pdf_bytes

    return pdf_bytes("End mill drawing")
