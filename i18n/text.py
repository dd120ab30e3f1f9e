"""Search tokens for any of the five languages, and glossary concepts that bridge them.

Each language goes through its own analyser: Korean through Kiwi's morphological analysis ("부츠를" and "부츠"
match); Japanese (text with kana, or Han text in Japanese) through SudachiPy with its core dictionary (sudachidict-core;
twenty times faster than Janome on the demo catalog, measured);
Chinese through jieba; Vietnamese through pyvi's word segmenter ("thủ_công", with its syllables too); other
Latin-script text becomes lower-case words. Latin words are stemmed with Snowball's English stemmer ("casting"
and "cast" match) and English function words are dropped, so they never match nor show as a shared word.
Every Han character of a Japanese or Chinese text is also a token of its own, so a one-character query (靴,
革) finds the texts whose words contain it (革靴, 靴下), and a kanji word finds its Chinese spelling's characters.
Concepts of the manufacturing glossary found in the text are added as ``§<concept id>`` tokens, so a Korean
query finds an English-only listing about the same thing.

The analysers load lazily (jieba's and pyvi's models take a second or more) and only when a text in their
language comes.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LATIN_WORD = re.compile(r"^[a-z][a-z0-9]*$")
_VI_MARKS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
_KIWI_TAGS = ("NN", "VV", "VA", "XR", "SL", "SH", "SN", "MAG")
_SUDACHI_KEEP = ("名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞")
_SUDACHI_SKIP = ("非自立可能", "数詞")
_SUDACHI_MAX = 8000  # characters per call (the analyser refuses very long inputs)
CONCEPT_PREFIX = "§"

# Function words that carry no topic: never tokens, so never "shared words" in an explanation.
STOP_WORDS = frozenset("""
a an the and or nor but if of for to in on at by with from into onto over under about as than then that this
these those it its is are was were be been being am do does did has have had having will would shall should can
could may might must not no yes so such too very also just only our ours we us you your yours they them their
theirs he she him her his i me my mine who whom whose which what when where why how all any both each few more
most other some own same there here per via within without up down out off again further once we're i'm let's
""".split())
_VI_STOP = frozenset("""và của cho các những là có với được trong một này đó để từ theo về tại cũng như thì
mà nên khi đã sẽ đang bằng ra vào lên""".split())
_ZH_STOP = frozenset("的 了 和 与 及 或 是 在 为 把 被 也 都 就 而 等 个 我 我们 你 您 他 她 它 这 那 有 用 对 从 以 之 于 并".split())
_JA_STOP = frozenset("する ある いる なる れる られる こと もの よう ため これ それ".split())

_locks = {name: threading.Lock() for name in ("kiwi", "sudachi", "jieba", "pyvi")}


# Raise when the rules of this module change what a text's tokens are: stored tokens of another version are
# re-analysed in the background (:func:`analyser_version` also follows the analysers' and the glossary's versions).
RULES_VERSION = 2  # 2: Vietnamese syllables spelt like English function words ("in", "may") are kept


@functools.cache
def analyser_version() -> str:
    """The version of the whole analysis — these rules, the analysers' packages and the glossary's content — as
    a short string stored with every analysed text, so stored tokens of an older analysis are known stale."""
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    from i18n.glossary import DATA_PATH

    parts = [str(RULES_VERSION)]
    for package in ("kiwipiepy", "sudachipy", "sudachidict-core", "jieba", "pyvi", "snowballstemmer"):
        try:
            parts.append(version(package))
        except PackageNotFoundError:
            parts.append("-")
    with open(DATA_PATH, "rb") as fh:
        parts.append(hashlib.sha1(fh.read()).hexdigest())
    return f"{RULES_VERSION}-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi

    # All cores for batch analysis (index builds); single texts cost the same either way.
    return Kiwi(num_workers=-1)


def load_analyser(lang: str) -> None:
    """Load the analyser of ``lang`` ("ko", "ja", "zh", "vi") now, under its lock, without analysing any text
    (a server does it in the background at start, so the first query in that language does not wait for it)."""
    name = {"ko": "kiwi", "ja": "sudachi", "zh": "jieba", "zh_Hans": "jieba", "vi": "pyvi"}.get(lang)
    if name is not None:
        with _locks[name]:
            {"kiwi": _kiwi, "sudachi": _sudachi, "jieba": _jieba, "pyvi": _pyvi}[name]()


@functools.cache
def _sudachi():
    from sudachipy import Dictionary, SplitMode

    # Mode C keeps compounds whole (ロストワックス鋳造 stays findable as one word and as its concept).
    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


@functools.cache
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@functools.cache
def _pyvi():
    from pyvi import ViTokenizer

    return ViTokenizer


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The English stem of a lower-case Latin word ("casting" → "cast"); other words as they are."""
    if len(word) < 4 or not _LATIN_WORD.match(word):
        return word
    return _stemmer().stemWord(word)


def _latin(word: str) -> list[str]:
    word = word.lower()
    if word in STOP_WORDS:
        return []
    return [stem(word)]


def _from_kiwi(tokens) -> list[str]:
    out = []
    for token in tokens:
        if token.tag == "SL":
            out.extend(_latin(token.form))
        elif token.tag.startswith(_KIWI_TAGS):
            out.append(token.form.lower())
    return out


def _han_chars(text: str) -> list[str]:
    return _HAN.findall(text)


def _han_chars_of(words: list[str]) -> list[str]:
    """The Han characters of the words longer than one character (a one-character word is its own)."""
    return [c for w in words if len(w) > 1 for c in _HAN.findall(w)]


def _japanese(text: str) -> list[str]:
    out: list[str] = []
    with _locks["sudachi"]:
        tokenizer = _sudachi()
        morphemes = [m for start in range(0, len(text), _SUDACHI_MAX)
                     for m in tokenizer.tokenize(text[start:start + _SUDACHI_MAX])]
        analysed = [(m.surface(), m.dictionary_form(), m.part_of_speech()) for m in morphemes]
    for surface, base, pos in analysed:
        if _WORD.fullmatch(surface) and surface.isascii():
            out.extend(_latin(surface))
            continue
        if pos[0] not in _SUDACHI_KEEP or pos[1] in _SUDACHI_SKIP and not _HAN.search(surface):
            continue
        base = base if base and base != "*" else surface
        if base in _JA_STOP or not _WORD.search(base):
            continue
        out.append(base.lower())
    return out


def _chinese(text: str) -> list[str]:
    out: list[str] = []
    with _locks["jieba"]:
        words = _jieba().lcut(text)
    for word in words:
        word = word.strip()
        if not word or not _WORD.search(word) or word in _ZH_STOP:
            continue
        if word.isascii():
            out.extend(t for w in _WORD.findall(word) for t in _latin(w))
        else:
            out.append(word.lower())
    return out


def _vietnamese(text: str) -> list[str]:
    with _locks["pyvi"]:
        segmented = _pyvi().tokenize(text)
    out: list[str] = []
    for word in segmented.split():
        word = word.lower()
        if not _WORD.search(word):
            continue
        syllables = [s for s in word.split("_") if s]
        if len(syllables) > 1:
            out.append(word)
        for syllable in syllables:
            if syllable not in _VI_STOP and _WORD.fullmatch(syllable):
                # Not the English function words: "in" (print), "may" (sew), "to" (big) are Vietnamese words.
                out.append(stem(syllable) if syllable.isascii() else syllable)
    return out


def _other(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _CJK.finditer(text):  # CJK inside a Latin text: its characters
        tokens.extend(_han_chars(match.group()) or [match.group()])
    rest = _CJK.sub(" ", text)
    for word in _WORD.findall(rest):
        tokens.extend(_latin(word))
    return tokens


def surface_forms(text: str) -> dict[str, str]:
    """The word of ``text`` that each English stem came from ("jewelri" → "jewelry"), to show a person."""
    forms: dict[str, str] = {}
    for word in _WORD.findall(unicodedata.normalize("NFKC", text or "").lower()):
        if word.isascii() and word not in STOP_WORDS:
            forms.setdefault(stem(word), word)
    return forms


def analyser_for(text: str, lang: str | None = None) -> str:
    """Which analyser reads ``text`` (written in ``lang`` when known): "ko", "ja", "zh", "vi" or "latin"."""
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    if _HAN.search(text):
        return "ja" if lang == "ja" else "zh"
    if lang == "vi" or _VI_MARKS.search(text):
        return "vi"
    return "latin"


_ANALYSERS = {"ja": _japanese, "zh": _chinese, "vi": _vietnamese, "latin": _other}


def tokenize(text: str, lang: str | None = None, chars: bool = True) -> list[str]:
    """Lexical tokens of ``text`` (written in ``lang`` when known) from its language's analyser; with
    ``chars`` also the Han characters of its longer words (for documents, so one-character queries match)."""
    return tokenize_many([text], [lang], chars)[0]


def tokenize_many(texts: list[str], langs: list[str | None] | None = None, chars: bool = True) -> list[list[str]]:
    """:func:`tokenize` for many texts; Korean ones go to Kiwi in one batch (much faster than one by one)."""
    texts = [unicodedata.normalize("NFKC", t or "") for t in texts]
    langs = list(langs) if langs is not None else [None] * len(texts)
    kinds = [analyser_for(t, lang) if t.strip() else "latin" for t, lang in zip(texts, langs, strict=True)]
    result: list[list[str]] = [[] if kind == "ko" else _ANALYSERS[kind](t) for t, kind in zip(texts, kinds,
                                                                                              strict=True)]
    korean = [i for i, kind in enumerate(kinds) if kind == "ko"]
    if korean:
        with _locks["kiwi"]:
            analysed = _kiwi().tokenize([texts[i] for i in korean])
        for i, tokens in zip(korean, analysed, strict=True):
            result[i] = _from_kiwi(tokens)
    if chars:
        result = [tokens + _han_chars_of(tokens) for tokens in result]
    return result


def concept_tokens(text: str, lang: str) -> list[str]:
    """``§<id>`` tokens for the glossary concepts found in ``text`` written in ``lang``, and for the wider
    concepts they belong to (a die-casting mould is also about casting)."""
    from i18n.glossary import load_glossary

    glossary = load_glossary()
    found = set()
    for match in glossary.find_terms(text or "", lang):
        found.add(match.term.id)
        found.update(match.term.broader)
    return [CONCEPT_PREFIX + c for c in sorted(found)]


def detect_lang(text: str, default: str = "en") -> str:
    """A guess of the query's language from its script (Hangul → ko, kana → ja, Han → zh_Hans)."""
    if _HANGUL.search(text):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "ja" if default == "ja" else "zh_Hans"
    return default if default in ("en", "vi") else "en"


def document_tokens(texts: dict[str, str]) -> list[str]:
    """Tokens of one listing from its texts per locale, with the concepts of each."""
    return documents_tokens([texts])[0]


def documents_tokens(documents: list[dict[str, str]]) -> list[list[str]]:
    """:func:`document_tokens` of many listings, tokenized in one batch."""
    flat = [(d, lang, text) for d, texts in enumerate(documents) for lang, text in texts.items()]
    lexical = tokenize_many([text for _d, _lang, text in flat], [lang for _d, lang, _text in flat])
    result: list[list[str]] = [[] for _ in documents]
    for (d, lang, text), tokens in zip(flat, lexical, strict=True):
        result[d].extend(tokens)
        result[d].extend(concept_tokens(text, lang))
    return result


def query_tokens(query: str, lang: str, concept_words: bool = True) -> list[str]:
    """Tokens of a search query: its words and the glossary concepts it names. With ``concept_words=False``
    the words of a named concept stand only as that concept ("lost-wax casting" does not also match "waxed
    canvas"), as catalog search wants. A query word of several Han characters does not stand for its
    characters (金型 must not find 金, gold); a one-character query still finds the words containing it."""
    lang = detect_lang(query, lang)
    words = query
    if not concept_words:
        from i18n.glossary import LANGS, load_glossary

        if lang in LANGS:
            for match in sorted(load_glossary().find_terms(query, lang), key=lambda m: -m.start):
                if len(tokenize(match.text, lang, chars=False)) > 1:  # one word stays a word
                    words = words[:match.start] + " " + words[match.end:]
    return tokenize(words, lang, chars=False) + concept_tokens(query, lang)
