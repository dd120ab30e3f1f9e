"""UI translations: the committed template is current, every locale is complete and consistent, and no
template text escapes extraction."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment

from i18n.locales import LOCALES, TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
POT = TRANSLATIONS_DIR / "messages.pot"
TARGET_LOCALES = [loc for loc in LOCALES if loc != "en"]
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdfr]|%[sdfr]")


def extract_command(output: Path) -> list[str]:
    """The extraction command the catalogues are made with (also in the README)."""
    return [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
            "-k", "lazy_gettext", "--ignore-dirs", ".*", "--no-location", "--sort-output", "--omit-header",
            "-o", str(output), "."]


def _read(path: Path):
    with path.open("rb") as fh:
        return read_po(fh)


def test_committed_template_is_current(tmp_path):
    """Re-extracting the strings gives exactly the committed messages.pot."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(extract_command(fresh), cwd=ROOT, check=True, capture_output=True)
    assert fresh.read_text() == POT.read_text(), "run the extraction in the README and update the catalogues"


@pytest.mark.parametrize("locale", TARGET_LOCALES)
def test_every_message_is_translated(locale):
    """Each locale translates every message of the template, with nothing fuzzy or left over."""
    template = _read(POT)
    catalog = _read(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert sorted(wanted - set(have)) == []
    assert sorted(set(have) - wanted) == [], "obsolete messages: update the catalogue"
    untranslated = [k for k, m in have.items()
                    if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [k for k, m in have.items() if m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("locale", TARGET_LOCALES)
def test_placeholders_survive_translation(locale):
    """Every %(name)s in a message appears in its translation, so pages never crash or lose values."""
    catalog = _read(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po")
    broken = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(_PLACEHOLDER.findall(string)) != wanted:
                broken.append((ids[0], string))
    assert broken == []


@pytest.mark.parametrize("locale", TARGET_LOCALES)
def test_translations_are_not_copies_of_english(locale):
    """Real translations: at most a few messages (names, codes) may equal their English source; a message of
    numbers and unit symbols only ("%(size)s mm", "%(kb)s KB") reads the same in every language and is not counted."""
    catalog = _read(TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po")
    same = [m.id for m in catalog if m.id and isinstance(m.id, str) and m.string == m.id
            and re.search(r"[A-Za-z]{3,}", _PLACEHOLDER.sub("", m.id))]
    assert len(same) <= 12, same


_VISIBLE_WORD = re.compile(r"[A-Za-z]{2,}")
_ALLOWED_LITERALS = {"API", "KRW", "USD", "JPY", "CNY", "EUR", "VND", "HS"}


_TEXT_ATTRIBUTES = re.compile(r'\b(?:alt|title|placeholder|aria-label)="([^"{]*)"')


def _visible_text(source: str, env: Environment) -> str:
    """The template's literal text with markup removed; Jinja expressions and tags become a marker."""
    parts = []
    for _lineno, token, value in env.lex(source):
        parts.append(value if token == "data" else "\x00")
    text = "".join(parts)
    attributes = " ".join(_TEXT_ATTRIBUTES.findall(text))
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    return re.sub(r"&\w+;", " ", text) + " " + attributes


def test_no_template_text_escapes_extraction():
    """Words visible in templates (text and alt/title/placeholder/aria-label) are all inside _()."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    offenders = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        words = [w for w in _VISIBLE_WORD.findall(_visible_text(path.read_text(), env))
                 if w not in _ALLOWED_LITERALS]
        if words:
            offenders.append(f"{path.relative_to(ROOT)}: {' '.join(words)}")
    assert offenders == []
