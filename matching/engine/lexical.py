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

import itertools
import sys
from collections.abc import Iterable, Iterator, Sequence

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


class TokenStore:
    """Every slot's tokens, compactly: one shared vocabulary (each distinct token one ``str``) and each slot's
    tokens as a run of int32 ids in one flat array (``start``/``count`` per slot; an empty run for a tombstoned
    or empty slot). At 100,000 profiles a tuple of ``str`` pointers per slot and side cost ~62 MB; this, ~4 bytes
    a token. :meth:`get` gives a slot's tokens back as the tuple it was given."""

    def __init__(self):
        self.vocab: list[str] = []
        self.ids: dict[str, int] = {}
        self.flat = np.zeros(0, dtype=np.int32)
        self.start = np.zeros(0, dtype=np.int64)
        self.count = np.zeros(0, dtype=np.int32)
        self.used = 0  # ids in ``flat`` in use
        self.slots = 0

    @classmethod
    def of(cls, rows: Iterable[Sequence[str]]) -> TokenStore:
        store = cls()
        store.extend(rows)
        return store

    @classmethod
    def from_arrays(cls, vocab: np.ndarray, ids: np.ndarray, offsets: np.ndarray) -> TokenStore:
        """The store of arrays written by :meth:`to_arrays` (or by generations saved before the store): no
        ``str`` per token."""
        store = cls()
        store.vocab = [sys.intern(str(w)) for w in vocab.tolist()]
        store.ids = {w: i for i, w in enumerate(store.vocab)}
        if len(store.ids) != len(store.vocab):
            raise ValueError("a token twice in the vocabulary")
        offsets = np.asarray(offsets, dtype=np.int64)
        ids = np.asarray(ids)
        if len(offsets) < 1 or offsets[0] != 0 or offsets[-1] != len(ids) or (np.diff(offsets) < 0).any():
            raise ValueError("token offsets do not describe the token ids")
        if len(ids) and (ids.min() < 0 or ids.max() >= len(store.vocab)):
            raise ValueError("a token id outside the vocabulary")
        store.flat = ids.astype(np.int32)
        store.used = len(ids)
        store.start = offsets[:-1].copy()
        store.count = np.diff(offsets).astype(np.int32)
        store.slots = len(offsets) - 1
        return store

    def __len__(self) -> int:
        return self.slots

    def extend(self, rows: Iterable[Sequence[str]]) -> None:
        """Append slots with these tokens (in order)."""
        ids, vocab = self.ids, self.vocab
        flat: list[int] = []
        counts: list[int] = []
        for row in rows:
            for token in row:
                i = ids.get(token)
                if i is None:
                    token = sys.intern(token)
                    i = ids[token] = len(vocab)
                    vocab.append(token)
                flat.append(i)
            counts.append(len(row))
        n, total = len(counts), len(flat)
        self.flat = _grown(self.flat, self.used + total)
        self.flat[self.used:self.used + total] = flat
        self.start = _grown(self.start, self.slots + n)
        self.count = _grown(self.count, self.slots + n)
        lengths = np.array(counts, dtype=np.int64)
        self.start[self.slots:self.slots + n] = self.used + np.cumsum(lengths) - lengths
        self.count[self.slots:self.slots + n] = lengths
        self.used += total
        self.slots += n

    def get(self, slot: int) -> Tokens:
        """The tokens of ``slot``, as given."""
        start, n = int(self.start[slot]), int(self.count[slot])
        vocab = self.vocab
        return tuple([vocab[i] for i in self.flat[start:start + n].tolist()])

    def clear(self, slot: int) -> None:
        """Empty ``slot`` (tombstoned); its ids stay unused in ``flat`` until the next compaction."""
        self.count[slot] = 0

    def rows(self) -> Iterator[Tokens]:
        """Every slot's tokens, slot after slot."""
        return (self.get(slot) for slot in range(self.slots))

    def any(self) -> bool:
        """Whether some slot has a token."""
        return bool((self.count[:self.slots] > 0).any())

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The slots' tokens as generations store them: the vocabulary the slots use (in the order of their
        ids), flat ids and offsets."""
        counts = self.count[:self.slots].astype(np.int64)
        offsets = np.zeros(self.slots + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        starts = self.start[:self.slots]
        index = np.repeat(starts - offsets[:-1], counts) + np.arange(offsets[-1])
        used, ids = np.unique(self.flat[index], return_inverse=True)
        return {"vocab": np.array([self.vocab[i] for i in used.tolist()], dtype=str),
                "ids": ids.astype(np.int32).reshape(-1), "offsets": offsets}


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    """``array``, or a copy at least twice as long, so that it holds ``size`` items."""
    if size <= len(array):
        return array
    grown = np.zeros(max(size, 2 * len(array), 1024), dtype=array.dtype)
    grown[:len(array)] = array
    return grown


class LexicalIndex:
    """BM25 over per-slot token lists (an empty list for a tombstoned or empty slot), given as a sequence of
    token tuples or a :class:`TokenStore`."""

    chunk = 8192  # slots counted at a time while building (the builder's temporaries are per chunk)

    def __init__(self, tokens: Sequence[Tokens] | TokenStore, k1: float = 1.2, b: float = 0.75):
        self.size = len(tokens)
        self.matrix: bm25.BM25Matrix | None = None
        rows = tokens.rows() if isinstance(tokens, TokenStore) else iter(tokens)
        if tokens.any() if isinstance(tokens, TokenStore) else any(tokens):
            # An empty slot counts as one empty word (as bm25s was given it): no query token is "". Added a chunk
            # at a time, the matrix is the one a single batch gives (same vocabulary order, same pairs in slot
            # order); a single batch of 100,000 slots held ~300 MB of temporaries at its peak.
            builder = bm25.BM25Builder(k1, b)
            while chunk := [row or ("",) for row in itertools.islice(rows, self.chunk)]:
                builder.add(chunk)
            self.matrix = builder.finish()

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

