"""Korean and Japanese pages (and line sheets) show no leftover English, raw codes or English country names.

A plain-HTTP crawl (no browser) of the demo server as an anonymous visitor, a maker, a buyer and the curator:
from each locale's home page and a few seeds it follows the site's links, a bounded number of pages per page
shape (numbers in paths collapsed), and reads the visible text (and the placeholder, title, aria-label and alt
attributes) that is not inside an element whose ``lang`` names another language (a maker's own words are shown
that way) nor in ``code``/``textarea``. It fails listing, per problem, the page shapes that show:

* an English UI string: a message of the catalogue (``messages.pot``) of two words or more, or a fixed part of
  one, matched on word boundaries (a message with numbers in its placeholders also whole: "from 60: ₩10,000"),
  unless its translation in that locale keeps it (brand names such as "Made in Seoul");
* a text that is exactly a raw code (the value of one of the product's ``Enum`` classes, a cluster code) or an
  English name of a glossary term (a maker's "brass" not put through the ``vocab`` filter);
* an unmarked sentence of English (a cluster's history shown in English);
* an English country name.

A maker's line sheet in both languages is checked the same way for UI strings, codes and country names.
"""

from __future__ import annotations

import enum
import html.parser
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "i18n" / "translations"
LOCALES = ("ko", "ja")
DEMO_PASSWORD = "seoul-workshops-2026"
USERS = {
    "anonymous": None,
    "maker": ("owner@saesol-handmade-shoes-workshop.demo", DEMO_PASSWORD),
    "buyer": ("owner@galerie-du-canal-sarl.demo", DEMO_PASSWORD),
    "curator": ("curator@madeinseoul.demo", "curate-seoul-2026"),
}
PAGES_PER_SHAPE = 2  # e.g. two makers' pages, two clusters' pages
SHAPES_PER_CRAWL = 60  # distinct page shapes per user and locale
CRAWL_SECONDS = 7.0  # per user and locale: 8 crawls stay under a minute
# Pages seen first (besides the home page), so that the short crawl reaches every part of the site.
SEEDS = ("/", "/catalog/", "/clusters/", "/clusters/jangwi", "/makers/", "/account/", "/rfq/", "/orders/",
         "/catalog/?min_price=100&max_price=10")
SKIP = ("sign-out", "signout", "/download", ".pdf", "linesheet", "/label", "/media/", "/api/", "/static/",
        "/files/", "/export", ".csv", ".png", ".stl", ".zip", "/verify-email", "/reset/")
HIDDEN = {"script", "style", "template", "noscript", "head", "title"}
# Codes shown as codes on purpose (ledger accounts, API examples), and what a person is typing into a form.
MACHINE_TEXT = {"code", "kbd", "samp", "pre", "textarea"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "track"}
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
ALLOWED = {"Made in Seoul", "G-Valley"}  # brand and place names that stay as they are
# Found by this crawl in parts of the product being reworked elsewhere; remove an entry once it is fixed there.
KNOWN_ELSEWHERE = {  # (part of the problem, end of the page shape): why
}


def _messages(locale: str) -> tuple[set[str], dict[str, str]]:
    """The catalogue's English messages of two words or more (for a message with placeholders, each fixed part
    of two words or more, and the whole message as a pattern), and their translations in ``locale``."""
    with open(TRANSLATIONS / "messages.pot", "rb") as file:
        template = read_po(file)
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as file:
        catalogue = read_po(file, locale=locale)
    phrases: set[str] = set()
    translated: dict[str, str] = {}
    for message in template:
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        for msgid in ids:
            # A message with placeholders is checked through its longest fixed part of two words or more.
            parts = [p.strip(" .,:;·—()") for p in re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", msgid or "")]
            if len(parts) > 1 and re.search(r"[a-z]{3}", "".join(parts)):
                phrases.add(msgid)  # the whole message, its placeholders filled with numbers
            for part in parts:
                if sum(bool(re.search(r"[A-Za-z]{2}", w)) for w in part.split()) >= 2 and part not in ALLOWED:
                    phrases.add(part)
    for message in catalogue:
        if message.id:
            msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            string = message.string[0] if isinstance(message.string, (tuple, list)) else message.string
            translated[msgid] = string or ""
    return phrases, translated


def _pattern(phrase: str) -> str:
    """A phrase as a regex: a placeholder stands for a number or an amount ("from 60: ₩10,000"), which is what
    most placeholders of whole messages hold; a name could be anything, so those messages are not matched whole."""
    parts = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", phrase)
    return r"[#₩$€¥£]?\d[\d.,]*[^\s,;]*".join(re.escape(part) for part in parts)


def _kept_in_translation(phrase: str, translated: dict[str, str]) -> bool:
    """True when some translation keeps the English phrase (a brand or a product name)."""
    return any(phrase in msgid and phrase in string for msgid, string in translated.items())


def _raw_codes() -> set[str]:
    """The values of the product's enums and the cluster codes."""
    from market.app import import_all_models
    from market.clusters import reference_cluster_codes

    import_all_models()

    codes: set[str] = set(reference_cluster_codes())
    pending = [enum.Enum]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in ("market", "catalog", "matching", "i18n"):
            codes.update(str(member.value) for member in cls if isinstance(member.value, str))
    return {code for code in codes if re.search(r"[a-z]", code)}


_WORD = re.compile(r"[A-Za-z][a-z']*")


def _english_sentence(text: str) -> bool:
    """Six words or more, all in Latin letters, three of them in lower case: a sentence of English (a story, a
    summary) rather than a name ("Saesol Handmade Shoes Workshop")."""
    if re.search(r"[^\x00-\x7f’]", text):
        return False
    words = _WORD.findall(text)
    return len(text.split()) >= 6 and sum(word.islower() for word in words) >= 3


def _english_terms(locale: str) -> set[str]:
    """The English names of the manufacturing glossary's terms (a maker's tag shown untranslated), except those
    that ``locale`` also writes in English (EXW, FOB)."""
    from i18n.glossary import load_glossary

    return {form.casefold() for term in load_glossary() for form in term.forms("en")
            if form.casefold() not in term.name(locale).casefold()}


def _country_names(locale: str) -> set[str]:
    """English country names that the locale writes differently."""
    english, local = Locale("en").territories, Locale.parse(locale).territories
    return {name for code, name in english.items()
            if len(code) == 2 and code.isalpha() and len(name) >= 4 and local.get(code) != name}


class _Text(html.parser.HTMLParser):
    """The visible text of a page outside elements in another language, and its links."""

    def __init__(self, locale: str):
        super().__init__(convert_charrefs=True)
        self.language = locale.split("_")[0].lower()
        self.stack: list[tuple[str, bool]] = []
        self.hidden = 0
        self.texts: list[str] = []
        self.links: list[str] = []

    def _other_language(self, attrs: dict) -> bool:
        lang = attrs.get("lang")
        return lang is not None and not lang.lower().startswith(self.language)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        hide = tag in HIDDEN or tag in MACHINE_TEXT or self._other_language(attrs) or attrs.get("translate") == "no" \
            or "hidden" in attrs or attrs.get("aria-hidden") == "true"
        if not self.hidden and not hide:
            self.texts.extend(attrs[a].strip() for a in SHOWN_ATTRIBUTES if attrs.get(a, "").strip())
        if tag in VOID:
            return
        self.stack.append((tag, hide))
        self.hidden += hide

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.hidden -= self.stack.pop()[1]

    def handle_endtag(self, tag):
        if tag not in {t for t, _ in self.stack}:
            return
        while self.stack:
            open_tag, hide = self.stack.pop()
            self.hidden -= hide
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(" ".join(data.split()))


def _open(opener, url: str, data: bytes | None = None) -> tuple[str | None, str]:
    try:
        with opener.open(url, data=data, timeout=30) as response:
            if "text/html" not in response.headers.get("Content-Type", ""):
                return None, response.geturl()
            return response.read().decode("utf-8", "replace"), response.geturl()
    except urllib.error.HTTPError as exc:  # error pages are pages too (422 for refused filters, 403, 404)
        if "text/html" not in exc.headers.get("Content-Type", ""):
            return None, url
        return exc.read().decode("utf-8", "replace"), url
    except (urllib.error.URLError, OSError):
        return None, url


def _sign_in(base: str, email: str, password: str):
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    page, _ = _open(opener, f"{base}/en/account/signin")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page or "")
    assert token, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email, "password": password}).encode()
    _, landed = _open(opener, f"{base}/en/account/signin", form)
    assert "/signin" not in landed, f"demo sign-in failed for {email}"
    return opener


def _shape(path: str) -> tuple[str, str]:
    """The page's shape (numbers collapsed) and, for detail pages, the shape of their family (last part
    collapsed too), which gets :data:`PAGES_PER_SHAPE` pages."""
    shape = re.sub(r"\d+", "N", path)
    parts = shape.rstrip("/").split("/")
    family = "/".join(parts[:-1] + ["*"]) if len(parts) > 3 else shape
    return shape, family


def _crawl(base: str, locale: str, opener) -> dict[str, list[str]]:
    """Visit up to :data:`SHAPES_PER_CRAWL` page shapes of ``locale``; return each page's visible texts."""
    prefix = f"/{locale.lower().replace('_', '-')}"
    queue = [f"{base}{prefix}{seed}" for seed in SEEDS]
    seen_paths: set[str] = set()
    families: dict[str, int] = defaultdict(int)
    shapes: set[str] = set()
    texts: dict[str, list[str]] = {}
    deadline = time.monotonic() + CRAWL_SECONDS
    while queue and len(shapes) < SHAPES_PER_CRAWL and time.monotonic() < deadline:
        url = queue.pop(0)
        parsed = urllib.parse.urlsplit(url)
        key = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        shape, family = _shape(parsed.path)
        if key in seen_paths or families[family] >= PAGES_PER_SHAPE:
            continue
        seen_paths.add(key)
        page, final = _open(opener, url)
        if page is None or not urllib.parse.urlsplit(final).path.startswith(prefix + "/"):
            continue
        families[family] += 1
        shapes.add(shape)
        parser = _Text(locale)
        parser.feed(page)
        texts[key] = parser.texts
        for href in parser.links:
            target = urllib.parse.urlsplit(urllib.parse.urljoin(final, href))
            if target.netloc == parsed.netloc and target.path.startswith(prefix + "/") \
                    and not any(part in target.path for part in SKIP):
                queue.append(f"{base}{target.path}")
    return texts


@pytest.fixture(scope="module")
def crawled(live_server):
    """Visible texts per user, locale and page."""
    results = {}
    for user, credentials in USERS.items():
        opener = _sign_in(live_server, *credentials) if credentials else urllib.request.build_opener()
        for locale in LOCALES:
            results[user, locale] = _crawl(live_server, locale, opener)
    return results


class _Checker:
    """What counts as leftover English on a ``locale`` page."""

    def __init__(self, locale: str):
        phrases, translated = _messages(locale)
        phrases = {p for p in phrases if not _kept_in_translation(p, translated)}
        self.english = re.compile(r"(?<!\w)(" + "|".join(
            _pattern(p) for p in sorted(phrases, key=len, reverse=True)) + r")(?!\w)")
        self.codes = _raw_codes()
        self.terms = _english_terms(locale)
        self.countries = re.compile(r"(?<!\w)(" + "|".join(
            re.escape(c) for c in sorted(_country_names(locale), key=len, reverse=True)) + r")(?!\w)")

    def check(self, text: str, marked: bool = True) -> list[str]:
        """The problems of one visible text; ``marked`` when the page marks people's words with their language
        (HTML does, a PDF cannot: there only UI strings, codes and country names count)."""
        problems = [f"English {found!r}" for found in self.english.findall(text)]
        if text in self.codes:
            problems.append(f"raw code {text!r}")
        elif marked and text.casefold() in self.terms:
            problems.append(f"English trade term {text!r}")
        elif marked and _english_sentence(text):
            problems.append(f"English text {text[:50]!r}")
        problems += [f"English country name {found!r}" for found in self.countries.findall(text)]
        return problems


def _report(findings: dict[str, set[str]]) -> str:
    return "\n".join(f"  {what}: {', '.join(sorted(where)[:4])}" for what, where in sorted(findings.items()))


@pytest.mark.parametrize("locale", LOCALES)
def test_pages_show_no_leftover_english_or_raw_codes(crawled, locale):
    """Korean and Japanese pages show no English UI text, raw enum values or codes, or English country names,
    whoever is signed in."""
    checker = _Checker(locale)
    findings: dict[str, set[str]] = defaultdict(set)
    pages = 0
    for (user, page_locale), pages_texts in crawled.items():
        if page_locale != locale:
            continue
        for path, texts in pages_texts.items():
            pages += 1
            shape = _shape(path.split("?")[0])[0]
            for text in texts:
                for problem in checker.check(text):
                    if not any(known in problem and shape.endswith(suffix) for known, suffix in KNOWN_ELSEWHERE):
                        findings[problem].add(f"{shape} ({user})")
    assert pages >= 20, f"the crawl reached only {pages} {locale} pages"
    assert not findings, f"{locale} pages show untranslated text:\n{_report(findings)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_line_sheet_pdf_shows_no_leftover_english(live_server, locale):
    """A maker's line sheet (PDF) in Korean or Japanese has no English UI text, raw codes or English country
    names."""
    import io

    from pypdf import PdfReader

    url = f"{live_server}/{locale}/makers/saesol-handmade-shoes-workshop/linesheet.pdf"
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.headers["Content-Type"].startswith("application/pdf")
        pdf = PdfReader(io.BytesIO(response.read()))
    # pypdf reads a NUL before each glyph of the CJK (CFF) face.
    lines = [" ".join(line.replace("\x00", "").split()) for page in pdf.pages
             for line in page.extract_text().splitlines()]
    checker = _Checker(locale)
    findings: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        for problem in checker.check(line, marked=False):
            findings[problem].add(line[:60])
    assert len(lines) > 5
    assert not findings, f"the {locale} line sheet shows untranslated text:\n{_report(findings)}"
