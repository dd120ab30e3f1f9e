"""Search tokens for any of the five languages, and glossary concepts that bridge them.

Korean runs go through Kiwi's morphological analysis (so "부츠를" and "부츠" match); Japanese and Chinese runs
become character bigrams; Latin and Vietnamese text becomes lower-case words with English plurals folded.
Concepts of the manufacturing glossary found in the text are added as ``§<concept id>`` tokens, so a Korean
query finds an English-only listing about the same thing.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_KIWI_TAGS = ("NN", "VV", "VA", "XR", "SL", "SH", "SN", "MAG")
CONCEPT_PREFIX = "§"


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi

    # All cores for batch analysis (index builds); single texts cost the same either way.
    return Kiwi(num_workers=-1)


def _fold_plural(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _from_kiwi(tokens) -> list[str]:
    out = []
    for token in tokens:
        if token.tag == "SL":
            out.append(_fold_plural(token.form.lower()))
        elif token.tag.startswith(_KIWI_TAGS):
            out.append(token.form.lower())
    return out


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def _other_tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _CJK.finditer(text):
        tokens.extend(_cjk_tokens(match.group()))
    rest = _CJK.sub(" ", text).lower()
    tokens.extend(_fold_plural(w) for w in _WORD.findall(rest))
    return tokens


def tokenize(text: str) -> list[str]:
    """Lexical tokens of ``text``: Kiwi's analysis when it holds Korean, otherwise bigrams and words."""
    return tokenize_many([text])[0]


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """:func:`tokenize` for many texts; Korean ones go to Kiwi in one batch (much faster than one by one)."""
    texts = [unicodedata.normalize("NFKC", t or "") for t in texts]
    korean = [i for i, t in enumerate(texts) if _HANGUL.search(t)]
    korean_set = set(korean)
    result: list[list[str]] = [[] if i in korean_set else _other_tokens(t) for i, t in enumerate(texts)]
    if korean:
        for i, tokens in zip(korean, _kiwi().tokenize([texts[i] for i in korean]), strict=True):
            result[i] = _from_kiwi(tokens)
    return result


def concept_tokens(text: str, lang: str) -> list[str]:
    """``§<id>`` tokens for the glossary concepts found in ``text`` written in ``lang``."""
    from i18n.glossary import load_glossary

    return [CONCEPT_PREFIX + c for c in sorted(load_glossary().concepts(text or "", lang))]


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
    lexical = tokenize_many([text for _d, _lang, text in flat])
    result: list[list[str]] = [[] for _ in documents]
    for (d, lang, text), tokens in zip(flat, lexical, strict=True):
        result[d].extend(tokens)
        result[d].extend(concept_tokens(text, lang))
    return result


def query_tokens(query: str, lang: str) -> list[str]:
    """Tokens of a search query: its words and the glossary concepts it names."""
    lang = detect_lang(query, lang)
    return tokenize(query) + concept_tokens(query, lang)
