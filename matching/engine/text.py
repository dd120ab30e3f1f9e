"""What the engine reads in a doc or a query: its language versions, their sentences, and an English gloss
made from the glossary that lets an English-only embedding model see a Korean (or Japanese, ...) text.

A *unit* is one sentence of one language version of one side ("offer" or "seek") of a doc. Units are the
embedding unit: a side's vector is the mean of its units' vectors (see :mod:`matching.engine.engine`), and the
explanation picks the best-matching unit of each side. A unit not written in English carries a *gloss*: the
English names of the glossary concepts it mentions plus its Latin-script words ("CNC", "SUS304"), so
"알루미늄 하우징 CNC 가공" is also seen as "aluminium, CNC machining, CNC".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from matching.documents import MatchDoc

MAX_QUERY_CHARS = 4000  # longer queries are refused (QueryTooLongError)
MAX_UNIT_CHARS = 400  # a longer sentence is cut (embedding models truncate anyway)
MAX_UNITS_PER_VERSION = 24  # sentences beyond this are not embedded (they still count for words and concepts)
SIDES = ("offer", "seek")

# Where sentences end: whitespace after end punctuation, new lines, a full stop glued to a Korean ending, list
# bullets and semicolons — r"(?<=[.!?。！？])\s+|\n+|(?<=[다요죠])\.(?=\S)|[;•▪]\s*", written so that every match
# starts by consuming one of [\s.;•▪] (the lookbehinds moved after it): the same matches, but the regex engine
# skips ahead to those characters instead of trying four branches at every position (twice as fast; explanations
# split a result's sentences again, see MatchingEngine._offer_units).
_SENTENCE_END = re.compile(r"[\s.;•▪](?:(?<=[.!?。！？]\s)\s*|(?<=\n)\n*|(?<=[다요죠]\.)(?=\S)|(?<=[;•▪])\s*)")
# Runs of spaces, tabs and no-break spaces other than a single space (which stays as it is): the same result as
# replacing every run of [ \t\u00a0] with one space, with far fewer replacements.
_SPACES = re.compile(r" [ \t\u00a0]+|[\t\u00a0][ \t\u00a0]*")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-+/.]*[A-Za-z0-9+]|[A-Za-z]{2,}")


@dataclass(frozen=True, slots=True)  # slots: the engine keeps one per sentence of every indexed doc
class Unit:
    """One sentence of one language version of a doc side, with its English gloss (``""`` for English) and
    the ids of the glossary concepts it mentions."""

    lang: str
    text: str
    gloss: str = ""
    concepts: tuple[str, ...] = ()


def normalise(text: str) -> str:
    """NFKC-normalised text with runs of spaces collapsed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip()


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split on end punctuation, new lines and list bullets), each cut to
    :data:`MAX_UNIT_CHARS`; empty pieces are dropped."""
    pieces = _SENTENCE_END.split(normalise(text).replace("\r", "\n"))
    out = []
    for piece in pieces:
        piece = piece.strip(" -–—*\t")
        if len(piece) > 1 or (piece and not piece.isascii()):
            out.append(piece[:MAX_UNIT_CHARS])
    return out


def gloss(text: str, lang: str) -> str:
    """An English pseudo-text of ``text`` for the dense side: the glossary concepts' English names in order
    of appearance, then the Latin-script words it contains. ``""`` for English text or when nothing is
    found."""
    return analyse(text, lang)[0]


@functools.lru_cache(maxsize=65536)
def analyse(text: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """``(gloss, concept ids)`` of one sentence, with one pass of the glossary (cached: sentences repeat)."""
    if not text:
        return "", ()
    from i18n.glossary import LANGS, load_glossary

    names: list[str] = []
    concepts: list[str] = []
    if lang in LANGS:
        for match in load_glossary().find_terms(text, lang):
            if match.term.id not in concepts:
                concepts.append(match.term.id)
                names.append(match.term.name("en"))
    if lang == "en":
        return "", tuple(concepts)
    for word in _LATIN_WORD.findall(text):
        if word not in names:
            names.append(word)
    return ", ".join(names), tuple(concepts)


def versions(doc: MatchDoc) -> dict[str, dict[str, str]]:
    """The doc's texts per language: its own language first, then each translation (never overriding it)."""
    out = {doc.lang: {"title": doc.title or "", "offer": doc.offer or "", "seek": doc.seek or ""}}
    for lang, fields in (doc.translations or {}).items():
        if lang not in out and isinstance(fields, dict):
            out[lang] = {key: fields.get(key) or "" for key in ("title", "offer", "seek")}
    return out


def side_text(fields: dict[str, str], side: str) -> str:
    """The text of one side of one version: title and offer for "offer", the seek text for "seek"."""
    if side == "offer":
        title, offer = fields.get("title", "").strip(), fields.get("offer", "").strip()
        if title and offer.startswith(title):
            return offer
        return f"{title}. {offer}" if title and offer else title or offer
    return fields.get("seek", "").strip()


def doc_units(doc: MatchDoc, side: str) -> list[Unit]:
    """The embedding units of one side of ``doc`` over all its language versions (possibly empty)."""
    return [Unit(lang, s, *analyse(s, lang)) for lang, s in doc_sentences(doc, side)]


def doc_sentences(doc: MatchDoc, side: str) -> list[tuple[str, str]]:
    """``(lang, sentence)`` of each unit of one side of ``doc``, in :func:`doc_units`' order, without their
    analysis (no glossary pass: cheap enough to redo for each result a search explains)."""
    return [(lang, s) for lang, fields in versions(doc).items() for s in version_sentences(side_text(fields, side))]


def version_sentences(text: str) -> list[str]:
    """The sentences of one language version's text that are units."""
    return split_sentences(text)[:MAX_UNITS_PER_VERSION]


def text_units(text: str, lang: str) -> list[Unit]:
    """The units of one text in one language."""
    return [Unit(lang, s, *analyse(s, lang)) for s in version_sentences(text)]


def side_texts(doc: MatchDoc, side: str) -> dict[str, str]:
    """The text of one side per language version (for lexical tokens), leaving out empty ones."""
    texts = {lang: side_text(fields, side) for lang, fields in versions(doc).items()}
    return {lang: text for lang, text in texts.items() if text}
