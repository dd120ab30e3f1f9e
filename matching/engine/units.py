"""Vectors of embedding units: a unit's vector (its text, plus its English gloss), a side's vector (the mean of
its units per language, then over languages) and :class:`UnitStore`, every slot's offer-unit vectors in one
matrix so the meaning signal of a candidate pool is one gather and one product."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.engine.text import Unit


class UnitStore:
    """The offer units' vectors of every slot in one growing float32 matrix (rows ``start[s]`` to
    ``start[s] + count[s]``), so the meaning signal of a pool is one gather and one product."""

    def __init__(self):
        self.matrix = np.zeros((0, 0), dtype=np.float32)
        self.used = 0
        self.start: list[int] = []
        self.count: list[int] = []

    def __len__(self) -> int:
        return len(self.start)

    def append(self, vectors: np.ndarray | None) -> None:
        n = 0 if vectors is None else len(vectors)
        if n:
            if self.matrix.shape[1] != vectors.shape[1]:
                self.matrix = np.zeros((max(1024, 2 * n), vectors.shape[1]), dtype=np.float32)
            if self.used + n > len(self.matrix):
                grown = np.zeros((max(2 * len(self.matrix), self.used + n), self.matrix.shape[1]), dtype=np.float32)
                grown[:self.used] = self.matrix[:self.used]
                self.matrix = grown
            self.matrix[self.used:self.used + n] = vectors
        self.start.append(self.used)
        self.count.append(n)
        self.used += n

    def clear(self, slot: int) -> None:
        self.count[slot] = 0

    def get(self, slot: int) -> np.ndarray:
        start, n = self.start[slot], self.count[slot]
        return self.matrix[start:start + n] if n else np.zeros((0, max(self.matrix.shape[1], 1)), np.float32)

    def max_sim(self, slots: np.ndarray, fallback: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Per slot, the best cosine of ``query`` with one of its units (its side vector's when it has none)."""
        out = np.asarray(fallback @ query, dtype=np.float32)
        counts = np.array([self.count[s] for s in slots], dtype=np.int64)
        has = counts > 0
        if not has.any():
            return out
        starts = np.array([self.start[s] for s in slots], dtype=np.int64)[has]
        counts = counts[has]
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rows = np.repeat(starts - offsets, counts) + np.arange(counts.sum())
        sims = self.matrix[rows] @ query
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def packed(self, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """(count per slot, their vectors in slot order as float16) for saving."""
        counts = np.array(self.count, dtype=np.int64)
        if not counts.sum():
            return counts, np.zeros((0, dim), dtype=np.float16)
        return counts, np.concatenate([self.get(s) for s in range(len(self.start)) if self.count[s]]
                                      ).astype(np.float16)


def unit_vector(unit: Unit, matrix: np.ndarray, rows: dict[str, int], gloss_weight: float) -> np.ndarray:
    """The vector of ``unit`` from the encoded ``matrix`` (``rows``: text → row): its text's, plus its gloss's
    times ``gloss_weight``, normalised."""
    vec = matrix[rows[unit.text]].copy()
    if unit.gloss and gloss_weight > 0:
        vec += gloss_weight * matrix[rows[unit.gloss]]
        vec /= max(float(np.linalg.norm(vec)), 1e-9)
    return vec


def unit_matrix(units: Sequence[Unit], matrix: np.ndarray, rows: dict[str, int], gloss_weight: float):
    """The vectors of ``units``, one row each."""
    if not units:
        return np.zeros((0, matrix.shape[1]), dtype=np.float32)
    return np.stack([unit_vector(u, matrix, rows, gloss_weight) for u in units])


def side_vector(units: Sequence[Unit], vectors: np.ndarray) -> np.ndarray:
    """A side's vector: the mean of its units per language, normalised, then averaged over languages."""
    if not units:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    total = np.zeros(vectors.shape[1], dtype=np.float32)
    langs = np.array([u.lang for u in units])
    for lang in dict.fromkeys(langs.tolist()):
        mean = vectors[langs == lang].mean(axis=0)
        total += mean / max(float(np.linalg.norm(mean)), 1e-9)
    return (total / max(float(np.linalg.norm(total)), 1e-9)).astype(np.float32)
