"""Lexical matching: BM25 (:mod:`i18n.bm25`) over the tokens of :mod:`i18n.text` — Kiwi morphemes for Korean,
CJK bigrams, folded English words — plus ``§<concept id>`` tokens for the glossary concepts each text mentions
and for the doc's tags. Concept tokens are the same whatever the language, so they bridge Korean and English.

One :class:`LexicalIndex` is kept per doc side (offer, seek), aligned with the vector index's slots (a
tombstoned slot has no tokens). The BM25 matrix has one column of precomputed scores per token, as bm25s builds
it; a query reads only the columns (postings) of its own tokens and adds them into its slots' scores, token after
token in float32, which is exactly the sum bm25s's ``get_scores_from_ids`` makes. :func:`top_slots` then ranks only the slots that
scored and pass the filters.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

from i18n import bm25
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


def known_share(index: LexicalIndex, words: Sequence[str]) -> float:
    """The share of a query's ``words`` that some doc of ``index`` contains (1.0 for a query without words): low
    for a query in a language no doc is written in, whose words cannot match (#22; see
    :func:`matching.engine.ranking.fuse`). A dictionary look-up per word."""
    if not words:
        return 1.0
    if index.matrix is None:
        return 0.0
    vocab = index.matrix.vocab_dict
    return sum(1 for word in words if word in vocab) / len(words)


class LexicalIndex:
    """BM25 over per-slot token lists (an empty list for a tombstoned or empty slot)."""

    def __init__(self, tokens: Sequence[Tokens], k1: float = 1.2, b: float = 0.75):
        self.tokens = list(tokens)
        self.size = len(self.tokens)
        self.matrix: bm25.BM25Matrix | None = None
        if any(self.tokens):
            # An empty slot counts as one empty word (as bm25s was given it): no query token is "".
            self.matrix = bm25.build([list(t) or [""] for t in self.tokens], k1, b)

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        """The vocabulary ids of ``tokens`` that the index knows, in order (repeats kept)."""
        return self.matrix.token_ids(tokens) if self.matrix is not None else []

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 scores of every slot for the query ``tokens`` (zeros when none is in the vocabulary), from the
        postings of those tokens only."""
        ids = self.token_ids(tokens) if tokens else []
        if not ids:
            return np.zeros(self.size, dtype=np.float32)
        return self.matrix.get_scores_from_ids(ids)

    @staticmethod
    def tokens_from_arrays(vocab: np.ndarray, ids: np.ndarray, offsets: np.ndarray) -> list[Tokens]:
        """Token lists back from :meth:`to_arrays`."""
        words = [sys.intern(str(w)) for w in vocab.tolist()]
        flat = [words[i] for i in ids.tolist()]
        bounds = offsets.tolist()
        return [tuple(flat[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]


def top_slots(scores: np.ndarray, allowed: np.ndarray, n: int) -> np.ndarray:
    """The ``n`` slots with the highest positive ``scores`` among those ``allowed``, best first; equal scores in
    slot order. Only the slots that scored are read (the filters are looked up for them alone)."""
    scored = np.flatnonzero(scores > 0)
    scored = scored[allowed[scored]]
    if not len(scored) or n <= 0:
        return np.zeros(0, dtype=np.int64)
    values = scores[scored]
    if len(scored) > n:
        cut = np.partition(values, len(values) - n)[len(values) - n]  # the n-th best score
        above = np.flatnonzero(values > cut)
        ties = np.flatnonzero(values == cut)[:n - len(above)]
        keep = np.sort(np.concatenate([above, ties]))
        scored, values = scored[keep], values[keep]
    return scored[np.argsort(-values, kind="stable")].astype(np.int64)


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
