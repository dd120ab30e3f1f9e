"""Lexical matching: BM25 (bm25s) over the tokens of :mod:`i18n.text` — Kiwi morphemes for Korean,
CJK bigrams, folded English words — plus ``§<concept id>`` tokens for the glossary concepts each text mentions
and for the doc's tags. Concept tokens are the same whatever the language, so they bridge Korean and English.

One :class:`LexicalIndex` is kept per doc side (offer, seek), aligned with the vector index's slots (a
tombstoned slot has no tokens). bm25s scores every slot with a sparse column sum, which is fast enough for
100,000 docs; the caller selects the top ones with ``argpartition``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

from i18n.text import CONCEPT_PREFIX, documents_tokens, query_tokens
from matching.documents import MatchDoc
from matching.engine.text import side_texts

Tokens = tuple[str, ...]


def doc_tokens(docs: Sequence[MatchDoc], side: str) -> list[Tokens]:
    """Tokens of one side of each doc: words and concepts of every language version, plus the doc's tags on
    the offer side. Korean texts of all docs go to Kiwi in one batch."""
    texts = [side_texts(doc, side) for doc in docs]
    tokenised = documents_tokens(texts)
    out: list[Tokens] = []
    for doc, tokens in zip(docs, tokenised, strict=True):
        if side == "offer":
            tokens = tokens + [CONCEPT_PREFIX + tag for tag in doc.tags]
        out.append(tuple(sys.intern(t) for t in tokens))
    return out


def split_query(text: str, lang: str) -> tuple[list[str], list[str]]:
    """A query's ``(words, concepts)`` tokens."""
    tokens = query_tokens(text, lang)
    words = [t for t in tokens if not t.startswith(CONCEPT_PREFIX)]
    concepts = [t for t in tokens if t.startswith(CONCEPT_PREFIX)]
    return words, concepts


def is_concept(token: str) -> bool:
    return token.startswith(CONCEPT_PREFIX)


class LexicalIndex:
    """BM25 over per-slot token lists (an empty list for a tombstoned or empty slot)."""

    def __init__(self, tokens: Sequence[Tokens], k1: float = 1.2, b: float = 0.75):
        import bm25s

        self.tokens = list(tokens)
        self.size = len(self.tokens)
        self._retriever = None
        if any(self.tokens):
            retriever = bm25s.BM25(k1=k1, b=b)
            retriever.index([list(t) or [""] for t in self.tokens], show_progress=False)
            self._retriever = retriever

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 scores of every slot for the query ``tokens`` (zeros when none is in the vocabulary)."""
        if self._retriever is None or not tokens:
            return np.zeros(self.size, dtype=np.float32)
        vocab = self._retriever.vocab_dict
        ids = [vocab[t] for t in tokens if t in vocab and t]
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores_from_ids(ids), dtype=np.float32)

    @staticmethod
    def tokens_from_arrays(vocab: np.ndarray, ids: np.ndarray, offsets: np.ndarray) -> list[Tokens]:
        """Token lists back from :meth:`to_arrays`."""
        words = [sys.intern(str(w)) for w in vocab.tolist()]
        flat = [words[i] for i in ids.tolist()]
        bounds = offsets.tolist()
        return [tuple(flat[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]


def token_arrays(tokens: Sequence[Tokens]) -> dict[str, np.ndarray]:
    """Token lists as arrays (vocabulary, flat ids, offsets) for ``numpy.savez``; see
    :meth:`LexicalIndex.tokens_from_arrays`."""
    vocab: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for row in tokens:
        for token in row:
            flat.append(vocab.setdefault(token, len(vocab)))
        offsets.append(len(flat))
    return {"vocab": np.array(list(vocab), dtype=str), "ids": np.array(flat, dtype=np.int32),
            "offsets": np.array(offsets, dtype=np.int64)}
