"""Controlled vocabularies for the structured fields the parties fill in — materials, capabilities, equipment,
incoterms, payment terms and lead times — so that what one side picks, the other reads in their own language.

Materials, capabilities and equipment are lists of glossary concepts (``data/vocabularies.json`` names their
ids; the names come from :mod:`i18n.glossary`); incoterms, payment terms and lead times carry their own names in
the five languages. A field also takes a free-text "other": such a value is shown as written, marked with the
language it is written in, unless it is exactly a glossary term (then it is shown in the reader's language).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

from i18n.glossary import guess_lang, load_glossary, vocabulary_tag

DATA_PATH = Path(__file__).resolve().parent / "data" / "vocabularies.json"
VOCABULARIES = ("materials", "capabilities", "equipment", "incoterms", "payment_terms", "lead_times")
OTHER = "other"
# Lead-time buckets by their last day (``over_8w`` takes the rest).
_LEAD_TIME_DAYS = (("in_stock", 0), ("up_to_1w", 7), ("up_to_2w", 14), ("up_to_4w", 28), ("up_to_8w", 56))


class VocabularyError(ValueError):
    """A value that is not in the vocabulary (and not given as "other")."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One value of a vocabulary: its stored code and its name per language."""

    code: str
    names: dict[str, str] = dataclasses.field(hash=False)
    show_code: bool = False

    def label(self, locale: str) -> str:
        """The name in ``locale`` (English when missing), with the code where the code is what people say
        (``Free On Board (FOB)``)."""
        name = self.names.get(locale) or self.names["en"]
        return f"{name} ({self.code})" if self.show_code else name


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """The values of one structured field, in order."""

    name: str
    entries: tuple[Entry, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries}

    def choices(self, locale: str) -> list[tuple[str, str]]:
        """``(code, label)`` pairs for a select, in the vocabulary's order, labelled in ``locale``."""
        return [(e.code, e.label(locale)) for e in self.entries]


@functools.cache
def load_vocabularies(path: Path = DATA_PATH) -> dict[str, Vocabulary]:
    """Every vocabulary, glossary names filled in (read once)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    glossary = load_glossary()
    out = {}
    for name in VOCABULARIES:
        spec = data[name]
        if "glossary" in spec:
            terms = [glossary.get(term_id) for term_id in spec["glossary"]]
            entries = tuple(Entry(t.id, dict(t.names)) for t in terms)
        else:
            entries = tuple(Entry(row["code"], {k: v for k, v in row.items() if k != "code"},
                                  bool(spec.get("show_code"))) for row in spec["terms"])
        out[name] = Vocabulary(name, entries)
    return out


def vocabulary(name: str) -> Vocabulary:
    """One vocabulary by name (``materials``, ``incoterms``, ...)."""
    return load_vocabularies()[name]


def label(name: str, value: str, locale: str) -> tuple[str, str | None]:
    """How a page in ``locale`` shows a stored value: the vocabulary's name in ``locale`` and ``None``; for a
    free-text "other", the glossary's name when it is a glossary term, else the text as written and the
    language it is written in (``None`` when that is ``locale``)."""
    entry = vocabulary(name).by_code.get(value)
    if entry is not None:
        return entry.label(locale), None
    return vocabulary_tag(value, locale)


def clean_values(name: str, codes: list[str], other: str | None = None, max_other: int = 200) -> list[str]:
    """The values to store for a field: the chosen codes (each must be in the vocabulary) and, when given, the
    "other" text (commas separate several). Refuses an unknown code or an overlong "other" with
    :class:`VocabularyError`; repeated values are kept once, in order."""
    from flask_babel import gettext as _

    known = vocabulary(name).by_code
    values: list[str] = []
    for code in codes:
        if code not in known:
            raise VocabularyError(_("Choose values from the list, or write them under “Other”."))
        if code not in values:
            values.append(code)
    for text in (other or "").split(","):
        text = " ".join(text.split())
        if not text:
            continue
        if len(text) > max_other:
            raise VocabularyError(_("Each “Other” value may have at most %(n)d characters.", n=max_other))
        term = load_glossary().lookup(text)
        value = term.id if term is not None and term.id in known else text
        if value not in values:
            values.append(value)
    return values


def lead_time_code(days: int) -> str:
    """The lead-time bucket of a number of days (``10`` → ``up_to_2w``)."""
    for code, last_day in _LEAD_TIME_DAYS:
        if days <= last_day:
            return code
    return "over_8w"


def written_in(text: str) -> str:
    """The language a free-text value seems written in."""
    return guess_lang(text)


def incoterm_label(code: str) -> str:
    """An incoterm in the current page's language (``FOB`` → ``본선 인도 (FOB)``), for form choices."""
    from i18n.locales import current_locale

    text, _lang = label("incoterms", code, current_locale())
    return text
