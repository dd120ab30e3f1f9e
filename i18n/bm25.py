"""BM25 built from token lists a chunk at a time and scored with numpy alone, for catalog search and matching.

The index is bm25s's: a score matrix in CSC form (one column of precomputed scores per token: ``data``,
``indices``, ``indptr``), a vocabulary and the parameters, saved in bm25s's file layout (``bm25s.BM25.load`` reads
it). :class:`BM25Builder` computes it as bm25s does ("lucene" BM25: the same idf, the same term-frequency
component, in float64 rounded once to float32), but keeps only compact arrays while documents arrive — each
document's token ids and counts — instead of every token list of the corpus at once, so a million listings are
indexed in a few gigabytes rather than tens. :class:`BM25Matrix` answers a query by adding the columns of its
tokens, in memory or memory-mapped from the saved files (the workers of a node share the pages).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

K1, B = 1.5, 0.75  # bm25s's defaults ("lucene")
FILES = ("data", "indices", "indptr")


class BM25Matrix:
    """A BM25 score matrix and its vocabulary (``vocab_dict``: token → column)."""

    def __init__(self, vocab: dict[str, int], data: np.ndarray, indices: np.ndarray, indptr: np.ndarray,
                 num_docs: int, k1: float = K1, b: float = B, avgdl: float = 0.0):
        self.vocab_dict = vocab
        self.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": int(num_docs)}
        self.k1, self.b, self.avgdl = k1, b, avgdl
        self.dtype = np.dtype(data.dtype)

    @property
    def num_docs(self) -> int:
        return self.scores["num_docs"]

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        """The columns of those ``tokens`` the vocabulary knows, in order (repeats kept)."""
        vocab = self.vocab_dict
        return [vocab[t] for t in tokens if t and t in vocab]

    def document_frequency(self, token: str) -> int:
        """In how many documents ``token`` occurs."""
        column = self.vocab_dict.get(token)
        if column is None or column >= len(self.scores["indptr"]) - 1:
            return 0
        indptr = self.scores["indptr"]
        return int(indptr[column + 1] - indptr[column])

    def get_scores_from_ids(self, token_ids: Sequence[int]) -> np.ndarray:
        """BM25 scores of every document for these columns (a repeated column counts each time): the sum
        bm25s's ``get_scores_from_ids`` makes, token after token in float32."""
        data, indices, indptr = self.scores["data"], self.scores["indices"], self.scores["indptr"]
        if len(token_ids) and max(token_ids) >= len(indptr) - 1:
            raise ValueError(f"token id {max(token_ids)} is not in the index")
        out = np.zeros(self.num_docs, dtype=self.dtype)
        for t in token_ids:
            start, end = int(indptr[t]), int(indptr[t + 1])
            # A column names each document once, so this adds exactly as np.add.at does, in the same order.
            out[indices[start:end]] += data[start:end]
        return out

    def scores_for(self, tokens: Sequence[str]) -> np.ndarray:
        """BM25 scores of every document for the query ``tokens``."""
        return self.get_scores_from_ids(self.token_ids(tokens))

    def save(self, path: Path) -> None:
        """Write the matrix in bm25s's layout under ``path`` (created)."""
        path.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            np.save(path / f"{name}.csc.index.npy", self.scores[name])
        (path / "vocab.index.json").write_text(json.dumps(self.vocab_dict, ensure_ascii=False), encoding="utf-8")
        params = {"k1": self.k1, "b": self.b, "delta": 0.5, "method": "lucene", "idf_method": "lucene",
                  "dtype": str(self.dtype), "int_dtype": "int32", "num_docs": self.num_docs, "backend": "numpy"}
        (path / "params.index.json").write_text(json.dumps(params, indent=1))

    @classmethod
    def load(cls, path: Path) -> BM25Matrix:
        """Memory-map a matrix saved by :meth:`save` (or by bm25s with a method without non-occurrence scores:
        "lucene", "robertson", "atire"); raises ValueError for another method."""
        params = json.loads((path / "params.index.json").read_text())
        if params.get("method") not in ("lucene", "robertson", "atire"):
            raise ValueError(f"{path}: BM25 method {params.get('method')!r} is not read here")
        vocab = json.loads((path / "vocab.index.json").read_text(encoding="utf-8"))
        arrays = {name: np.load(path / f"{name}.csc.index.npy", mmap_mode="r") for name in FILES}
        return cls(vocab, arrays["data"], arrays["indices"], arrays["indptr"], int(params["num_docs"]),
                   float(params.get("k1", K1)), float(params.get("b", B)))


class BM25Builder:
    """Documents added in order, a chunk at a time (:meth:`add`); :meth:`finish` computes the matrix. Per
    distinct (document, token) pair it keeps 12 bytes, per document 8: the token lists themselves are dropped
    as soon as a chunk is counted."""

    def __init__(self, k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self.num_docs = 0
        self._docs: list[np.ndarray] = []
        self._terms: list[np.ndarray] = []
        self._counts: list[np.ndarray] = []
        self._lengths: list[np.ndarray] = []

    def add(self, docs: Iterable[Sequence[str]]) -> None:
        """Append documents (their token lists; an empty list is a document without words)."""
        vocab = self.vocab
        flat: list[int] = []
        lengths: list[int] = []
        for tokens in docs:
            lengths.append(len(tokens))
            flat.extend([vocab.setdefault(t, len(vocab)) for t in tokens])
        if not lengths:
            return
        length = np.array(lengths, dtype=np.int64)
        local = np.repeat(np.arange(len(lengths), dtype=np.int64), length)
        pairs, counts = np.unique((local << 32) | np.array(flat, dtype=np.int64), return_counts=True)
        self._docs.append((pairs >> 32).astype(np.int32) + np.int32(self.num_docs))
        self._terms.append((pairs & 0xFFFFFFFF).astype(np.int32))
        self._counts.append(counts.astype(np.float32))
        self._lengths.append(length)
        self.num_docs += len(lengths)

    def finish(self) -> BM25Matrix:
        """The score matrix of every document added (the builder is emptied)."""
        n, vocab_size = self.num_docs, len(self.vocab)
        lengths = np.concatenate(self._lengths) if self._lengths else np.zeros(0, dtype=np.int64)
        avgdl = float(lengths.mean()) if n else 0.0
        docs = np.concatenate(self._docs) if self._docs else np.zeros(0, dtype=np.int32)
        terms = np.concatenate(self._terms) if self._terms else np.zeros(0, dtype=np.int32)
        counts = np.concatenate(self._counts) if self._counts else np.zeros(0, dtype=np.float32)
        self._docs, self._terms, self._counts, self._lengths = [], [], [], []
        df = np.bincount(terms, minlength=vocab_size)
        # idf as bm25s computes it (math.log in float64, stored in float32), once per distinct frequency.
        distinct = np.unique(df)
        table = np.array([math.log(1 + (n - int(d) + 0.5) / (int(d) + 0.5)) for d in distinct], dtype=np.float32)
        idf = table[np.searchsorted(distinct, df)]
        del df
        # The term-frequency component as bm25s computes it: k1·(1 − b + b·|d|/avgdl) in float64, per document.
        norm = self.k1 * ((1 - self.b) + self.b * lengths / avgdl) if n else np.zeros(0)
        del lengths
        data = np.empty(len(terms), dtype=np.float32)
        step = 1 << 24
        for start in range(0, len(terms), step):  # in slices: float64 temporaries for 16M pairs at most
            part = slice(start, start + step)
            tf = counts[part].astype(np.float64)
            data[part] = idf[terms[part]].astype(np.float64) * (tf / (norm[docs[part]] + tf))
        del counts, norm
        # Columns in token order; within a column documents ascending (the pairs arrive in document order).
        order = np.argsort(terms, kind="stable")
        indptr = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=vocab_size), out=indptr[1:])
        del terms
        indices = docs[order]
        del docs
        data = data[order]
        vocab, self.vocab, self.num_docs = self.vocab, {}, 0
        return BM25Matrix(vocab, data, indices, indptr, n, self.k1, self.b, avgdl)


def build(docs: Iterable[Sequence[str]], k1: float = K1, b: float = B) -> BM25Matrix:
    """The BM25 matrix of ``docs`` (token lists) in memory."""
    builder = BM25Builder(k1, b)
    builder.add(docs)
    return builder.finish()
