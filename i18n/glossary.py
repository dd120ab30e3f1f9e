"""The manufacturing glossary: concepts of the makers' trades named in Korean, English, Japanese, Simplified
Chinese and Vietnamese, for consistent terms in translated listings and for matching texts across languages.

Each concept is a :class:`Term` with a main name and optional aliases per language. A :class:`Glossary` finds
terms in a text (:meth:`Glossary.find_terms`), reduces a text to the ids of the concepts it mentions so that a
Korean and an English text can be compared (:meth:`Glossary.concepts`), suggests the target-language names
while a listing is being translated (:meth:`Glossary.suggest`) and looks terms up by name
(:meth:`Glossary.search`).

How a name matches a text:

* English and Vietnamese: case-insensitive and on word boundaries; a hyphen, a space or nothing may stand
  between the words of a term ("lost wax casting" and "lost-wax casting" are the same). English also takes a
  plural ``-s``/``-es`` (``-ies`` for a final ``-y``) and British or American spelling ("mould"/"mold",
  "anodising"/"anodizing"); Vietnamese takes either tone-mark placement ("hóa"/"hoá").
* Korean, Japanese and Chinese: as substrings, so particles may follow ("CNC 밀링을"); spaces inside a term are
  optional ("로스트왁스주조"). A term that starts or ends with a Latin letter or digit does not match inside a
  longer Latin word or number ("SUS304" does not match "SUS304L").

Overlapping matches are resolved longest first. Texts are expected in Unicode NFC, as browsers send them. The
data is ``data/glossary.json`` next to this module, read by :func:`load_glossary`.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

LANGS = ("ko", "en", "ja", "zh_Hans", "vi")
DOMAINS = ("shoes_leather", "jewelry", "machine_metal", "printing", "sewing", "general", "electronics")
DATA_PATH = Path(__file__).resolve().parent / "data" / "glossary.json"

_ID_RE = re.compile(r"[a-z_]+\.[a-z0-9]+(?:_[a-z0-9]+)*")
_WORD_LANGS = frozenset({"en", "vi"})  # matched on word boundaries; the others as substrings
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus and its look-alikes
_WORD_SPLIT = re.compile(rf"[\s{_DASHES}]+")
_TO_HYPHEN = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_WORD_SEP = r"[\s-]*"  # between the words of an English or Vietnamese term (texts get plain hyphens)
_CJK_SPACE = r"\s*"  # where a Korean, Japanese or Chinese term has a space
_LATIN = re.compile(r"[A-Za-z0-9]")
_NOT_AFTER_LATIN = r"(?<![a-z0-9].)"  # put after a name's first character: the one before is not Latin
_NOT_AFTER_WORD = r"(?<!\w.)"  # put after a name's first character: the one before is not a letter or digit
_NOT_BEFORE_LATIN = r"(?![a-z0-9])"
_END = ""  # trie key marking "a name ends here"; atoms are never empty

# British → American spellings; each English name also matches in the other spelling.
_EN_SPELLINGS = (
    ("jewellery", "jewelry"),
    ("jeweller", "jeweler"),
    ("aluminium", "aluminum"),
    ("mould", "mold"),
    ("colour", "color"),
    ("centre", "center"),
    ("fibre", "fiber"),
    ("grey", "gray"),
    ("licence", "license"),
    ("vapour", "vapor"),
    ("woollen", "woolen"),
    ("modelling", "modeling"),
    ("enamelling", "enameling"),
)
_EN_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)\b")
_EN_IZE = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing|ation|ations)\b")
_EN_Y_PLURAL = re.compile(r"(?<=[^aeiou\W])y$")

# Vietnamese tone marks on "oa", "oe", "uy" at the end of a syllable: modern "hóa" and traditional "hoá".
_VI_MODERN = {
    "óa": "oá", "òa": "oà", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "óe": "oé", "òe": "oè", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "úy": "uý", "ùy": "uỳ", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
_VI_TRADITIONAL = {old: new for new, old in _VI_MODERN.items()}
_VI_MODERN_RE = re.compile(rf"(?<!q)({'|'.join(_VI_MODERN)})(?![^\W\d_])", re.IGNORECASE)
_VI_TRADITIONAL_RE = re.compile(rf"(?<!q)({'|'.join(_VI_TRADITIONAL)})(?![^\W\d_])", re.IGNORECASE)


def vocabulary_tag(tag: str, locale: str) -> tuple[str, str | None]:
    """How a page in ``locale`` shows a vocabulary tag (a maker's material, equipment, certification or
    capability, a cluster's specialty): the glossary's name in ``locale`` when the tag is exactly a glossary
    term, with ``None``; otherwise the tag as written and the language it seems written in (``None`` when
    that is ``locale``), so that the page marks it as the maker's own words. A tag that is a term's id (a
    controlled vocabulary's stored value, ``shoes_leather.cowhide``) is shown by the term's name."""
    tag = tag.strip()
    by_id = load_glossary().get(tag) if _ID_RE.fullmatch(tag) else None
    if by_id is not None:
        return by_id.names.get(locale) or by_id.names["en"], None
    lang = guess_lang(tag)
    if lang == locale:
        return tag, None  # already in the page's language: as the maker wrote it
    term = load_glossary().lookup(tag) if locale in LANGS else None
    if term is not None:
        return term.name(locale), None
    return tag, lang


_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def guess_lang(text: str) -> str:
    """The language a short text is most likely written in, from its script: Korean, Japanese, Chinese,
    Vietnamese, else English."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "zh_Hans"
    if _VIETNAMESE.search(text):
        return "vi"
    return "en"


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")


@dataclass(frozen=True)
class Term:
    """One concept: its id, its domain, its main name per language and its aliases per language."""

    id: str
    domain: str
    names: dict[str, str] = field(hash=False)
    aliases: dict[str, tuple[str, ...]] = field(hash=False, default_factory=dict)
    broader: tuple[str, ...] = ()  # ids of wider concepts (lost-wax casting → casting), for search

    def name(self, lang: str) -> str:
        """The main name in ``lang``."""
        _check_lang(lang)
        return self.names[lang]

    def forms(self, lang: str) -> tuple[str, ...]:
        """The main name and then the aliases in ``lang``."""
        return (self.name(lang), *self.aliases.get(lang, ()))


@dataclass(frozen=True)
class TermMatch:
    """A term found in a text: the matched ``text`` is ``input[start:end]``, in language ``lang``."""

    term: Term
    lang: str
    start: int
    end: int
    text: str


class Glossary:
    """A set of terms with one matcher per language, compiled when the glossary is built.

    Raises ``ValueError`` if two terms share an id, or a name or alias in the same language (spelling,
    spacing and case variants count as the same name).
    """

    def __init__(self, terms: Iterable[Term]):
        self._terms = tuple(terms)
        self._by_id: dict[str, Term] = {}
        for term in self._terms:
            if term.id in self._by_id:
                raise ValueError(f"duplicate term id {term.id!r}")
            self._by_id[term.id] = term
        self._index: dict[str, dict[str, Term]] = {}
        # Each language's regex is compiled on first use: most processes read one or two languages, and an app
        # that only needs the terms (forms' vocabularies) compiles none.
        self._matchers: dict[str, re.Pattern[str]] = {}
        self._entries: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for lang in LANGS:
            index: dict[str, Term] = {}
            entries: list[tuple[tuple[str, ...], str]] = []
            for term in self._terms:
                for form in term.forms(lang):
                    for variant in _variants(form, lang):
                        other = index.setdefault(_key(variant, lang), term)
                        if other.id != term.id:
                            raise ValueError(
                                f"{lang} name {variant!r} of {term.id!r} is also a name of {other.id!r}"
                            )
                        entries.append(_atoms(variant, lang))
            self._index[lang] = index
            self._entries[lang] = entries
        self._search_rows = [
            (position, term, lang, form.casefold(), _fold(form))
            for position, term in enumerate(self._terms)
            for lang in LANGS
            for form in term.forms(lang)
        ]

    def __len__(self) -> int:
        return len(self._terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms)

    def get(self, term_id: str) -> Term | None:
        """The term with this id, or ``None``."""
        return self._by_id.get(term_id)

    def lookup(self, name: str) -> Term | None:
        """The term of which ``name`` is exactly a name or alias, in any language (ignoring case, spacing,
        hyphens, spelling variants and an English plural ending), or ``None``."""
        name = _clean(name)
        if not name:
            return None
        for lang in LANGS:
            term = self._index[lang].get(_key(name, lang))
            if term is not None:
                return term
        english = _key(name, "en")
        for ending in ("es", "s"):
            if english.endswith(ending) and (term := self._index["en"].get(english[: -len(ending)])):
                return term
        return None

    def domains(self) -> dict[str, int]:
        """The number of terms per domain, in the order of :data:`DOMAINS`."""
        counts = dict.fromkeys(DOMAINS, 0)
        for term in self._terms:
            counts[term.domain] = counts.get(term.domain, 0) + 1
        return counts

    def find_terms(self, text: str, lang: str) -> list[TermMatch]:
        """Every occurrence of a term in ``text`` (written in ``lang``), longest first without overlaps,
        returned in text order."""
        _check_lang(lang)
        index = self._index[lang]
        matcher = self._matchers.get(lang)
        if matcher is None:  # two threads may both compile it; the first one kept is as good as the other
            matcher = self._matchers.setdefault(lang, _compile(lang, self._entries[lang]))
        normalised = _match_text(text)
        candidates = []
        found = matcher.search(normalised)
        while found is not None:
            term = index.get(_key(text[found.start(1) : found.end(1)], lang))
            if term is not None:
                candidates.append((found.start(), found.end(), term))
            found = matcher.search(normalised, found.start() + 1)
        candidates.sort(key=lambda candidate: (candidate[0] - candidate[1], candidate[0]))
        taken = bytearray(len(text))
        matches = []
        for start, end, term in candidates:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            matches.append(TermMatch(term, lang, start, end, text[start:end]))
        matches.sort(key=lambda match: match.start)
        return matches

    def concepts(self, text: str, lang: str) -> set[str]:
        """The ids of the terms mentioned in ``text``."""
        return {match.term.id for match in self.find_terms(text, lang)}

    def suggest(self, text: str, source_lang: str, target_lang: str) -> list[tuple[TermMatch, str]]:
        """For each term in ``text`` (first occurrence only, in text order), its main name in
        ``target_lang``."""
        _check_lang(target_lang)
        seen: set[str] = set()
        suggestions = []
        for match in self.find_terms(text, source_lang):
            if match.term.id not in seen:
                seen.add(match.term.id)
                suggestions.append((match, match.term.name(target_lang)))
        return suggestions

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[Term]:
        """Terms with a name or alias (in ``lang``, or in any language) that starts with or contains
        ``query``, ignoring case; prefix matches first, then shorter names. An ASCII query also ignores
        accents ("duc sap" finds "đúc sáp chảy")."""
        if lang is not None:
            _check_lang(lang)
        needle = unicodedata.normalize("NFC", query.strip()).casefold()
        if not needle or limit <= 0:
            return []
        folded = needle.isascii()
        if folded:
            needle = _fold(needle)
        best: dict[str, tuple[int, int, int]] = {}
        for position, term, form_lang, casefolded, accentless in self._search_rows:
            if lang is not None and form_lang != lang:
                continue
            haystack = accentless if folded else casefolded
            at = haystack.find(needle)
            if at == -1:
                continue
            rank = (0 if at == 0 else 1, len(haystack), position)
            if term.id not in best or rank < best[term.id]:
                best[term.id] = rank
        ranked = sorted(best.items(), key=lambda item: item[1])
        return [self._by_id[term_id] for term_id, _ in ranked[:limit]]


def glossary_from_file(path: str | Path) -> Glossary:
    """Build a glossary from a JSON file (a list of concepts), validating every entry.

    Raises ``ValueError`` naming the offending id when an entry is malformed: a bad or duplicate id, an
    unknown domain, a missing or empty name in one of :data:`LANGS`, malformed aliases, or a name shared
    with another concept.
    """
    with open(path, encoding="utf-8") as file:
        data = json.load(file)
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of concepts")
    terms: list[Term] = []
    seen: set[str] = set()
    for number, entry in enumerate(data):
        term = _term_from_entry(entry, number)
        if term.id in seen:
            raise ValueError(f"glossary entry {term.id!r}: duplicate id")
        seen.add(term.id)
        terms.append(term)
    return Glossary(terms)


@functools.cache
def load_glossary() -> Glossary:
    """The glossary in ``data/glossary.json`` next to this module, loaded once per process."""
    return glossary_from_file(DATA_PATH)


def _term_from_entry(entry: object, number: int) -> Term:
    if not isinstance(entry, dict):
        raise ValueError(f"glossary entry #{number}: expected an object")
    term_id = entry.get("id")
    if not isinstance(term_id, str) or not _ID_RE.fullmatch(term_id):
        raise ValueError(f"glossary entry #{number}: bad id {term_id!r}")
    where = f"glossary entry {term_id!r}"
    unknown = set(entry) - {"id", "domain", "aliases", "broader", *LANGS}
    if unknown:
        raise ValueError(f"{where}: unknown fields {sorted(unknown)}")
    domain = entry.get("domain")
    if domain not in DOMAINS:
        raise ValueError(f"{where}: unknown domain {domain!r}")
    if not term_id.startswith(f"{domain}."):
        raise ValueError(f"{where}: the id must start with {domain!r}")
    names = {}
    for lang in LANGS:
        value = entry.get(lang)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: the {lang} name is missing or empty")
        names[lang] = _clean(value)
    raw_aliases = entry.get("aliases", {})
    if not isinstance(raw_aliases, dict):
        raise ValueError(f"{where}: aliases must be an object of language → list of names")
    aliases = {}
    for lang, values in raw_aliases.items():
        if lang not in LANGS:
            raise ValueError(f"{where}: aliases in unknown language {lang!r}")
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ValueError(f"{where}: the {lang} aliases must be a list of non-empty strings")
        aliases[lang] = tuple(_clean(value) for value in values)
    broader = entry.get("broader", [])
    if not isinstance(broader, list) or not all(isinstance(b, str) and _ID_RE.fullmatch(b) for b in broader):
        raise ValueError(f"{where}: broader must be a list of concept ids")
    return Term(term_id, domain, names, aliases, tuple(broader))


def _clean(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split())


def _fold(text: str) -> str:
    """Case- and accent-insensitive form for searching ("Đúc" → "duc")."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _key(text: str, lang: str) -> str:
    """The lookup key of a name or of matched text: what matching treats as the same name."""
    text = unicodedata.normalize("NFC", text).casefold()
    if lang in _WORD_LANGS:
        return _WORD_SPLIT.sub("", text)
    return "".join(text.split())


def _variants(form: str, lang: str) -> list[str]:
    """The spellings a name also matches in: British/American and plural ``-ies`` in English, tone-mark
    placement in Vietnamese."""
    variants = [form]
    if lang == "en":
        lowered = form.lower()
        british = american = lowered
        for uk, us in _EN_SPELLINGS:
            american = american.replace(uk, us)
        for uk, us in reversed(_EN_SPELLINGS):
            british = british.replace(us, uk)
        variants += [_EN_ISE.sub(r"iz\1", american), _EN_IZE.sub(r"is\1", british)]
        variants += [_EN_Y_PLURAL.sub("ies", variant) for variant in variants if _EN_Y_PLURAL.search(variant)]
    elif lang == "vi":
        variants.append(_VI_MODERN_RE.sub(lambda m: _swap_tone(m.group(1), _VI_MODERN), form))
        variants.append(_VI_TRADITIONAL_RE.sub(lambda m: _swap_tone(m.group(1), _VI_TRADITIONAL), form))
    return list(dict.fromkeys(variants))


def _swap_tone(pair: str, table: dict[str, str]) -> str:
    swapped = table[pair.lower()]
    return swapped.upper() if pair.isupper() else swapped


def _match_text(text: str) -> str:
    """``text`` as the matchers read it: lower case and plain hyphens, with every character in place."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters grow when lowered ("İ"); keep those as they are
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered.translate(_TO_HYPHEN)


def _atoms(form: str, lang: str) -> tuple[tuple[str, ...], str]:
    """A name as a sequence of regex atoms (one per character, plus separators) and the check that must
    hold where it ends."""
    atoms: list[str] = []
    if lang in _WORD_LANGS:
        for number, word in enumerate(w for w in _WORD_SPLIT.split(form.lower()) if w):
            if number:
                atoms.append(_WORD_SEP)
            atoms.extend(re.escape(char) for char in word)
        atoms[0] += _NOT_AFTER_WORD
        return tuple(atoms), ""
    chunks = form.lower().split()
    for number, chunk in enumerate(chunks):
        if number:
            atoms.append(_CJK_SPACE)
        atoms.extend(re.escape(char) for char in chunk)
    if _LATIN.fullmatch(chunks[0][0]):
        atoms[0] += _NOT_AFTER_LATIN
    return tuple(atoms), _NOT_BEFORE_LATIN if _LATIN.fullmatch(chunks[-1][-1]) else ""


def _compile(lang: str, entries: Iterable[tuple[tuple[str, ...], str]]) -> re.Pattern[str]:
    """One regex for all names of a language, to run on :func:`_match_text`: a trie, so that at each
    position the longest name is tried first, and whose every branch starts with a plain character, so
    that the regex engine skips quickly to where a name may start. Group 1 is the name without an English
    plural ending."""
    root: dict = {}  # atom → subtree, and _END → the check where a name ends
    for atoms, end in entries:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = end
    names = _trie_pattern(root) if root else "(?!)"
    if lang == "en":
        return re.compile(rf"({names})(?:e?s)?(?!\w)")
    if lang in _WORD_LANGS:
        return re.compile(rf"({names})(?!\w)")
    return re.compile(f"({names})")


def _trie_pattern(node: dict) -> str:
    """The regex of a trie node: its branches, longest first, then (where a name ends) the end check."""
    branches = [atom + _trie_pattern(child) for atom, child in node.items() if atom != _END]
    if _END not in node:
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    end = node[_END]
    if not branches:
        return end
    alternatives = "|".join(branches)
    return f"(?:{alternatives}|{end})" if end else f"(?:{alternatives})?"
