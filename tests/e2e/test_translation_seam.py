"""The language seam between the parties, in a real browser: a Japanese buyer writes a request for quote in
Japanese, inserting one sentence from the phrasebook; the Korean maker reads the structured fields (the incoterm,
the material and the payment terms ticked from the vocabularies) and that sentence in Korean, the buyer's own
payment term marked as Japanese, with plain notes that the rest is in Japanese as the buyer wrote it.

On the demo's server (no machine translation, the embedded default) nothing offers "Translate". On a second
server over the same database whose provider is a LibreTranslate-compatible fake on 127.0.0.1 (the fixture
provider), the maker presses "Translate" and reads the Korean translation beside the kept Japanese original,
marked as machine-made.

Locators use classes, names and URLs; the Korean texts checked are the phrasebook's and the glossary's data.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from werkzeug.serving import make_server

from i18n.glossary import load_glossary
from i18n.phrasebook import load_phrasebook
from i18n.vocabularies import vocabulary
from tests.e2e.conftest import (
    SERVER_LOGS,
    STARTUP_TIMEOUT,
    TIMEOUT_MS,
    _free_port,
    _healthy,
    _seoulmade,
    _server_env,
    _stop,
)
from tests.fakes import _FAKE_DICTIONARY, _fake_libretranslate

DEMO_PASSWORD = "seoul-workshops-2026"
MAKER_SLUG = "saesol-handmade-shoes-workshop"
JAPANESE_BUYER = ("owner@kyoto-kogei-trading-co-ltd.demo", DEMO_PASSWORD)
MAKER_OWNER = (f"owner@{MAKER_SLUG}.demo", DEMO_PASSWORD)
OWN_WORDS = "黒と茶色の牛革で、内側にロゴを型押ししてください。"
IN_KOREAN = "검정색과 갈색 소가죽으로, 안쪽에 로고를 형압해 주세요. 본 주문 전에 샘플을 보내 주실 수 있나요?"
SAMPLE = load_phrasebook().by_id["rfq.sample_first"]
COWHIDE = "shoes_leather.cowhide"
OWN_TERMS = "月末締め翌月払い"  # a payment term the buyer writes under "Other"


@pytest.fixture(scope="module")
def fake_translator():
    """A LibreTranslate-compatible fake on 127.0.0.1 that knows the buyer's request in Korean."""
    table = _FAKE_DICTIONARY.setdefault(("ja", "ko"), {})
    table[OWN_WORDS + SAMPLE.text("ja")] = IN_KOREAN
    server = make_server("127.0.0.1", 0, _fake_libretranslate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()
    table.pop(OWN_WORDS + SAMPLE.text("ja"), None)


@pytest.fixture(scope="module")
def translating_server(live_server, fake_translator):
    """A second ``seoulmade serve`` on the demo's data dir, with the fake as its translation provider."""
    data_dir = Path(SERVER_LOGS[live_server]).parent
    env = {**_server_env(data_dir), "TRANSLATION_PROVIDER": "libretranslate",
           "TRANSLATION_PROVIDER_URL": fake_translator, "TRANSLATION_PROVIDER_KEY": "secret-key"}
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "server-translating.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([_seoulmade(), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the translating server did not start; log:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.2)
        yield base_url
    finally:
        _stop(process)


@contextmanager
def _person(browser: Browser, base_url: str, locale: str):
    context: BrowserContext = browser.new_context(base_url=base_url, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def _sign_in(page: Page, email: str, password: str, lang: str) -> None:
    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


def _send_japanese_rfq(browser: Browser, live_server: str) -> int:
    """The Japanese buyer asks the Seongsu workshop for a quote on one of its shoes; the RFQ's id."""
    with _person(browser, live_server, "ja-JP") as buyer:
        _sign_in(buyer, *JAPANESE_BUYER, lang="ja")
        buyer.goto(f"/ja/makers/{MAKER_SLUG}")
        buyer.locator("section[aria-labelledby=products-h] a[href*='/ja/products/']").first.click()
        expect(buyer).to_have_url(re.compile(r"/ja/products/\d+$"))
        product_id = int(buyer.url.rsplit("/", 1)[1])
        buyer.goto(f"/ja/rfqs/new?product_id={product_id}")
        form = buyer.locator("main form[enctype='multipart/form-data']")
        form.locator("#target_price").fill("95")
        form.locator("#incoterm").select_option("FOB")
        form.locator("#needed_by").fill("2027-06-30")
        # The incoterm is offered in the buyer's language.
        expect(form.locator("#incoterm option[value=FOB]")).to_have_text(
            vocabulary("incoterms").by_code["FOB"].label("ja"))
        # Materials are ticked from the glossary's vocabulary, named in the buyer's language.
        box_id = f"materials-{COWHIDE.replace('.', '-')}"
        form.locator(f"#materials details:has(#{box_id}) > summary").click()
        cowhide = form.locator(f"#{box_id}")
        expect(cowhide.locator("xpath=..")).to_contain_text(load_glossary().get(COWHIDE).name("ja"))
        cowhide.check()
        # Payment terms too: one ticked from the vocabulary, one in the buyer's own words.
        deposit = form.locator("#payment_terms-tt_30_70")
        expect(deposit.locator("xpath=..")).to_contain_text(vocabulary("payment_terms").by_code["tt_30_70"].label("ja"))
        deposit.check()
        form.locator("#payment_terms-other").fill(OWN_TERMS)
        form.locator("#message").fill(OWN_WORDS)
        form.locator("#message").press("End")
        book = buyer.locator("details.phrasebook[data-phrasebook-for=message]")
        book.locator("summary").click()
        book.locator(f"button[data-phrase='{SAMPLE.id}']").click()
        expect(form.locator("#message")).to_have_value(OWN_WORDS + SAMPLE.text("ja"))
        form.locator("button[type=submit]").click()
        buyer.wait_for_load_state()
        if not re.search(r"/ja/rfqs/\d+$", buyer.url):  # the completeness step comes back once: send as it is
            buyer.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()
        expect(buyer).to_have_url(re.compile(r"/ja/rfqs/\d+$"))
        # The writer sees her own words as written, with nothing to translate.
        expect(buyer.locator(".party-text .party-original").first).to_have_text(OWN_WORDS + SAMPLE.text("ja"))
        expect(buyer.locator("form.party-translate")).to_have_count(0)
        return int(buyer.url.rsplit("/", 1)[1])


def test_a_japanese_request_reaches_the_korean_maker_across_the_language_gap(
        browser: Browser, live_server: str, translating_server: str):
    """Structured fields and the phrasebook sentence in Korean without any engine; with the fixture provider,
    "Translate" shows the Korean translation beside the Japanese original, marked as machine translation."""
    rfq_id = _send_japanese_rfq(browser, live_server)

    with _person(browser, live_server, "ko-KR") as maker:
        _sign_in(maker, *MAKER_OWNER, lang="ko")
        maker.goto(f"/ko/rfqs/{rfq_id}")
        expect(maker.locator("dl.facts").first).to_contain_text(vocabulary("incoterms").by_code["FOB"].label("ko"))
        expect(maker.locator("ul.rfq-materials")).to_have_text(load_glossary().get(COWHIDE).name("ko"))
        terms = maker.locator("ul.rfq-payment-terms li")
        expect(terms.first).to_have_text(vocabulary("payment_terms").by_code["tt_30_70"].label("ko"))
        expect(terms.locator("span[lang=ja]")).to_have_text(OWN_TERMS)
        expect(maker.locator("p.structured-note")).to_contain_text("일본어")
        # The quote form starts from the buyer's 30 % deposit.
        expect(maker.locator("select[name=payment_terms]")).to_have_value("deposit")
        expect(maker.locator("input[name=deposit_percent]")).to_have_value("30")
        request = maker.locator(".party-text").first
        original = request.locator(".party-original")
        expect(original).to_have_attribute("lang", "ja")
        expect(original).to_contain_text(OWN_WORDS)
        expect(original.locator(".phrase")).to_have_text(SAMPLE.text("ko"))
        expect(request.locator(".party-note")).to_contain_text("일본어")
        # No provider on the demo's server: nothing offers a machine translation.
        expect(maker.locator("form.party-translate")).to_have_count(0)
        expect(maker.locator(".party-translation")).to_have_count(0)

    with _person(browser, translating_server, "ko-KR") as maker:
        _sign_in(maker, *MAKER_OWNER, lang="ko")
        maker.goto(f"/ko/rfqs/{rfq_id}")
        request = maker.locator(".party-text").first
        request.locator("form.party-translate button[type=submit]").click()
        translation = request.locator(".party-translation")
        expect(translation).to_contain_text(IN_KOREAN)
        expect(translation).to_have_attribute("lang", "ko")
        expect(translation.locator(".party-machine")).to_contain_text("기계 번역")
        expect(request.locator(".party-original")).to_contain_text(OWN_WORDS)
        # Kept: the page shown again has the translation without asking the engine.
        maker.reload()
        expect(maker.locator(".party-text").first.locator(".party-translation")).to_contain_text(IN_KOREAN)
