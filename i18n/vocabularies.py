"""Controlled vocabularies for the structured fields the parties fill in — materials, capabilities, equipment,
incoterms, payment terms and lead times — so that what one side picks, the other reads in their own language.

Materials, capabilities and equipment are lists of glossary concepts (``data/vocabularies.json`` names their
ids; the names come from :mod:`i18n.glossary`); incoterms, payment terms and lead times carry their own names in
the five languages. A field also takes a free-text "other": such a value is shown as written, marked with the
language it is written in, unless it is exactly a glossary term (then it is shown in the reader's language).

Fields store one list per field: the chosen codes, then the "other" texts (:func:`clean_values` for a form's ticks
and text box, :func:`compose_values` for an API's ids and texts given apart, :func:`map_value` for text stored
before the vocabularies). Pages show a value with :func:`label`; forms tick stored values with
:func:`split_values`; search indexes read :func:`search_text`.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Iterable
from pathlib import Path

from i18n.glossary import LANGS, guess_lang, load_glossary, vocabulary_tag

DATA_PATH = Path(__file__).resolve().parent / "data" / "vocabularies.json"
VOCABULARIES = ("materials", "capabilities", "equipment", "incoterms", "payment_terms", "lead_times")
OTHER = "other"
# Lead-time buckets by their last day (``over_8w`` takes the rest).
_LEAD_TIME_DAYS = (("in_stock", 0), ("up_to_1w", 7), ("up_to_2w", 14), ("up_to_4w", 28), ("up_to_8w", 56))
# Where "other" text holds several values: Western, ideographic and full-width commas, semicolons, new lines.
_SEPARATORS = re.compile(r"[,，、;；\n]")
# What a stored vocabulary id looks like (``machine_metal.titanium``): a value of this shape that the vocabulary
# does not know is a mistake, not free text.
_ID_SHAPE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")


class VocabularyError(ValueError):
    """A value that is not in the vocabulary (and not given as "other")."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One value of a vocabulary: its stored code and its name per language."""

    code: str
    names: dict[str, str] = dataclasses.field(hash=False)
    show_code: bool = False
    group: str = ""  # the glossary domain of a glossary value (``machine_metal``), for grouping the choices

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
            entries = tuple(Entry(t.id, dict(t.names), group=t.domain) for t in terms)
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
    "other" text (commas, semicolons or new lines separate several). Refuses an unknown code or an overlong "other" with
    :class:`VocabularyError`; repeated values are kept once, in order."""
    from flask_babel import gettext as _

    known = vocabulary(name).by_code
    values: list[str] = []
    for code in codes:
        if code not in known:
            raise VocabularyError(_("Choose values from the list, or write them under “Other”."))
        if code not in values:
            values.append(code)
    for text in _SEPARATORS.split(other or ""):
        text = " ".join(text.split())
        if not text:
            continue
        if len(text) > max_other:
            raise VocabularyError(_("Each “Other” value may have at most %(n)d characters.", n=max_other))
        value = map_value(name, text)
        if value not in values:
            values.append(value)
    return values


def map_value(name: str, value: str) -> str:
    """The value to store for one stored or written value: itself when it is a code of the vocabulary, the
    code when it is exactly a name of one (in any language: ``牛革`` → ``shoes_leather.cowhide``), else the
    text as written (spaces tidied). Existing free-text data goes through this to become codes."""
    known = vocabulary(name).by_code
    if value in known:
        return value
    text = " ".join(str(value).split())
    term = load_glossary().lookup(text) if text else None
    return term.id if term is not None and term.id in known else text


def clean_list(name: str, values: Iterable[str], max_other: int = 200) -> list[str]:
    """The values to store from one list that mixes codes and free text (the API's form of a field): a code is
    kept, a name of a code becomes the code, other text is kept as "other". Refuses, with
    :class:`VocabularyError`, a value shaped like a code that the vocabulary does not have (a typo of a code
    must not pass as free text) and an overlong text."""
    from flask_babel import gettext as _

    out: list[str] = []
    for raw in values:
        text = " ".join(str(raw).split())
        if not text:
            continue
        if _ID_SHAPE.match(text) and text not in vocabulary(name).by_code:
            raise VocabularyError(_("“%(value)s” is not in the list. Choose values from the list, or write them "
                                    "as text.", value=text))
        if len(text) > max_other:
            raise VocabularyError(_("Each “Other” value may have at most %(n)d characters.", n=max_other))
        value = map_value(name, text)
        if value not in out:
            out.append(value)
    return out


def compose_values(name: str, codes: Iterable[str] | None, others: Iterable[str] | None, max_other: int = 200,
                   max_each: int = 30) -> list[str]:
    """The values to store from codes and free texts given apart (an API's ``capabilities`` and
    ``capabilities_other``): each code must be in the vocabulary, each text is one value (a name of a code
    becomes the code). Refuses, with :class:`VocabularyError`, an unknown code, a blank or overlong text and
    more than ``max_each`` codes or texts."""
    from flask_babel import gettext as _

    codes = [str(c) for c in codes or ()]
    texts = [" ".join(str(t).split()) for t in others or ()]
    if len(codes) > max_each or len(texts) > max_each:
        raise VocabularyError(_("List at most %(n)d entries.", n=max_each))
    known = vocabulary(name).by_code
    if any(code not in known for code in codes):
        raise VocabularyError(_("Choose values from the list, or write them under “Other”."))
    if any(not text or len(text) > max_other for text in texts):
        raise VocabularyError(_("Each “Other” value may have at most %(n)d characters.", n=max_other))
    return list(dict.fromkeys([*codes, *(map_value(name, text) for text in texts)]))


def split_values(name: str, values: Iterable[str] | None) -> tuple[list[str], list[str]]:
    """Stored values as a form shows them: the codes to tick (free text that names a code is ticked too) and
    the other texts, in order."""
    codes: list[str] = []
    others: list[str] = []
    for value in values or ():
        mapped = map_value(name, value)
        if mapped in vocabulary(name).by_code:
            if mapped not in codes:
                codes.append(mapped)
        elif mapped and mapped not in others:
            others.append(mapped)
    return codes, others


def labels(name: str, values: Iterable[str] | None, locale: str) -> list[str]:
    """The values as plain text for a reader in ``locale`` (codes by their names, other text as written)."""
    return [label(name, str(v), locale)[0] for v in values or () if v]


def search_text(name: str, values: Iterable[str] | None) -> str:
    """Every language's names of the coded values, and the other texts, as one text for search indexes: a
    listing stored with ``shoes_leather.cowhide`` is found by 牛革, 소가죽 and cowhide alike."""
    words: list[str] = []
    for value in values or ():
        entry = vocabulary(name).by_code.get(value)
        words.extend([entry.names.get(lang, "") for lang in LANGS] if entry else [str(value)])
    return " ".join(w for w in words if w)


def lead_time_code(days: int) -> str:
    """The lead-time bucket of a number of days (``10`` → ``up_to_2w``)."""
    for code, last_day in _LEAD_TIME_DAYS:
        if days <= last_day:
            return code
    return "over_8w"


def lead_time_text(days: int | None) -> str:
    """A lead time in the current page's language: "In stock" for none, whole weeks from two weeks up ("3 weeks"),
    else days ("10 days"). Lead times are stored as whole days, so both sides read the same value."""
    from flask_babel import ngettext

    if days is None:
        return ""
    days = int(days)
    if days <= 0:
        from i18n.locales import current_locale

        return vocabulary("lead_times").by_code["in_stock"].label(current_locale())
    if days >= 14 and days % 7 == 0:
        return ngettext("%(num)d week", "%(num)d weeks", days // 7)
    return ngettext("%(num)d day", "%(num)d days", days)


def foreign_other_languages(fields: Iterable[tuple[str, Iterable[str] | None]], locale: str) -> list[str]:
    """The languages, other than ``locale``, that the free-text "other" values of the given ``(vocabulary,
    values)`` fields are written in (in order, each once): what a page must say is in the writer's language."""
    langs: list[str] = []
    for name, values in fields:
        for value in values or ():
            lang = label(name, str(value), locale)[1]
            if lang is not None and lang not in langs:
                langs.append(lang)
    return langs


def written_in(text: str) -> str:
    """The language a free-text value seems written in."""
    return guess_lang(text)


def incoterm_label(code: str) -> str:
    """An incoterm in the current page's language (``FOB`` → ``본선 인도 (FOB)``), for form choices."""
    from i18n.locales import current_locale

    text, _lang = label("incoterms", code, current_locale())
    return text
