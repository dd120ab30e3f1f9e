"""The phrasebook: common sentences of requests for quote, quotes, orders and messages, written in the five
languages (``data/phrasebook.json``). A writer inserts one in their own language; wherever a party's text is
shown, each phrasebook sentence found in it, in any of the five languages, is shown in the reader's language,
and the rest stays as the writer wrote it. No engine is needed, so this crosses the gap on every server.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from pathlib import Path

LANGS = ("ko", "en", "ja", "zh_Hans", "vi")
GROUPS = ("rfq", "quote", "order", "message")
DATA_PATH = Path(__file__).resolve().parent / "data" / "phrasebook.json"


@dataclasses.dataclass(frozen=True)
class Phrase:
    """One sentence of the phrasebook in every language."""

    id: str
    group: str
    texts: dict[str, str] = dataclasses.field(hash=False)

    def text(self, locale: str) -> str:
        """The sentence in ``locale`` (English for a locale the phrasebook does not have)."""
        return self.texts.get(locale) or self.texts["en"]


@dataclasses.dataclass(frozen=True)
class Segment:
    """A piece of a party's text: words as written (``phrase`` None) or one phrasebook sentence, with the
    language it was written in."""

    text: str
    phrase: Phrase | None = None
    written_in: str | None = None

    def shown(self, locale: str) -> str:
        """What a reader in ``locale`` sees: the phrase in their language, other words as written."""
        return self.phrase.text(locale) if self.phrase else self.text


class Phrasebook:
    """Every phrase, and a matcher that finds any of them, in any language, inside a text."""

    def __init__(self, phrases: list[Phrase]):
        self.phrases = phrases
        self.by_id = {p.id: p for p in phrases}
        self._by_text: dict[str, tuple[Phrase, str]] = {}
        for phrase in phrases:
            for lang, text in phrase.texts.items():
                self._by_text.setdefault(text, (phrase, lang))
        # Longest first, so a sentence that contains a shorter one is found whole.
        forms = sorted(self._by_text, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(f) for f in forms))

    def group(self, *groups: str) -> list[Phrase]:
        """The phrases of the given groups, in the book's order."""
        return [p for p in self.phrases if p.group in groups]

    def segments(self, text: str) -> list[Segment]:
        """``text`` cut into phrasebook sentences and the writer's own words between them."""
        text = unicodedata.normalize("NFC", text)
        out: list[Segment] = []
        position = 0
        for match in self._pattern.finditer(text):
            if match.start() > position:
                out.append(Segment(text[position:match.start()]))
            phrase, lang = self._by_text[match.group()]
            out.append(Segment(match.group(), phrase, lang))
            position = match.end()
        if position < len(text):
            out.append(Segment(text[position:]))
        return out


@functools.cache
def load_phrasebook(path: Path = DATA_PATH) -> Phrasebook:
    """The phrasebook from its data file (read once)."""
    rows = json.loads(path.read_text(encoding="utf-8"))["phrases"]
    return Phrasebook([Phrase(r["id"], r["group"], {lang: unicodedata.normalize("NFC", r[lang]) for lang in LANGS})
                       for r in rows])
