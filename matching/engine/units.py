"""Vectors of embedding units: a unit's vector (its text, plus its English gloss), a side's vector (the mean of
its units per language, then over languages) and :class:`UnitStore`, every slot's offer-unit vectors as float16
rows (memory-mapped from the saved generation) so the meaning signal of a candidate pool is one gather and one
product."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.engine.text import Unit

_HALF_TO_SINGLE: np.ndarray | None = None


def as_float32(half: np.ndarray) -> np.ndarray:
    """``half.astype(np.float32)``, the same values, twice as fast: one look-up per element in a table of all
    65,536 float16 values (numpy converts float16 element by element; the meaning signal converts ~1,200 rows of
    512 a query: 1.4 → 0.6 ms)."""
    global _HALF_TO_SINGLE
    if _HALF_TO_SINGLE is None:
        _HALF_TO_SINGLE = np.arange(65_536, dtype=np.uint32).astype(np.uint16).view(np.float16).astype(np.float32)
    return np.take(_HALF_TO_SINGLE, np.ascontiguousarray(half, dtype=np.float16).view(np.uint16))


class UnitStore:
    """The offer units' vectors of every slot, float16, as rows ``start[s]`` to ``start[s] + count[s]`` of two
    segments: ``frozen`` (the saved generation's ``units.npy``, memory-mapped: read on demand, its pages shared by
    every process of the node and never counted twice) and ``live`` (rows added in this process since, in memory).
    They serve the meaning signal of a candidate pool (one gather and one product) and the explanations' sentence
    pairs; both read only the few slots asked for."""

    def __init__(self, frozen: np.ndarray | None = None, counts: Sequence[int] = ()):
        self.frozen = frozen if frozen is not None else np.zeros((0, 0), dtype=np.float16)
        self.live = np.zeros((0, 0), dtype=np.float16)
        self.count: list[int] = [int(c) for c in counts]
        self.start: list[int] = np.concatenate([[0], np.cumsum(self.count, dtype=np.int64)[:-1]]).tolist() \
            if self.count else []
        self.used = int(sum(self.count))
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None  # start and count as arrays, until a change
        if self.used != len(self.frozen):
            raise ValueError(f"{len(self.frozen)} unit vectors for {self.used} units")

    @classmethod
    def mapped(cls, path, counts: Sequence[int]) -> UnitStore:
        """The store of a saved generation, its vectors memory-mapped from ``path`` (written by :meth:`write`)."""
        frozen = np.load(path, mmap_mode="r", allow_pickle=False)
        if frozen.dtype != np.float16 or frozen.ndim != 2:
            raise ValueError(f"{path}: not a float16 matrix")
        return cls(frozen, counts)

    def __len__(self) -> int:
        return len(self.start)

    @property
    def dim(self) -> int:
        return self.frozen.shape[1] if len(self.frozen) else self.live.shape[1]

    def append(self, vectors: np.ndarray | None) -> None:
        """Add one slot's vectors (``None`` or empty: a slot without units)."""
        n = 0 if vectors is None else len(vectors)
        self.extend([n], vectors if n else None)

    def extend(self, counts: Sequence[int], flat: np.ndarray | None) -> None:
        """Add slots whose vectors are ``flat``'s rows in order (``counts[i]`` rows each)."""
        total = int(sum(counts))
        if total and self.used == 0 and isinstance(flat, np.ndarray) and flat.dtype == np.float16 \
                and flat.flags.c_contiguous and len(flat) == total:
            self.live = flat  # a fresh store takes the built matrix as it is (no second copy at build time)
        elif total:
            flat = np.asarray(flat)
            base = self.used - len(self.frozen)
            if self.live.shape[1] != flat.shape[1] or not len(self.live):
                grown = np.zeros((max(1024, base + total), flat.shape[1]), dtype=np.float16)
                if base:
                    grown[:base] = self.live[:base]
                self.live = grown
            elif base + total > len(self.live):
                grown = np.zeros((max(2 * len(self.live), base + total), flat.shape[1]), dtype=np.float16)
                grown[:base] = self.live[:base]
                self.live = grown
            self.live[base:base + total] = flat
        starts = self.used + np.concatenate([[0], np.cumsum(counts, dtype=np.int64)[:-1]]) if len(counts) else []
        self.start.extend(int(x) for x in starts)
        self.count.extend(int(c) for c in counts)
        self.used += total
        self._arrays = None

    def clear(self, slot: int) -> None:
        self.count[slot] = 0
        self._arrays = None

    def _starts_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """``start`` and ``count`` as arrays (built on first use after a change; changes hold the engine's
        write lock, searches its read lock)."""
        arrays = self._arrays
        if arrays is None:
            arrays = self._arrays = (np.array(self.start, dtype=np.int64), np.array(self.count, dtype=np.int64))
        return arrays

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """Rows (float32) by their global row numbers, from whichever segment holds them."""
        rows = np.asarray(rows, dtype=np.int64)
        frozen_rows = len(self.frozen)
        if not len(rows):
            return np.zeros((0, max(self.dim, 1)), dtype=np.float32)
        if frozen_rows and rows.max() < frozen_rows:
            return as_float32(self.frozen[rows])
        if rows.min() >= frozen_rows:
            return as_float32(self.live[rows - frozen_rows])
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        old = rows < frozen_rows
        out[old] = self.frozen[rows[old]]
        out[~old] = self.live[rows[~old] - frozen_rows]
        return out

    def get(self, slot: int) -> np.ndarray:
        """The vectors of one slot (float32, one row per offer unit)."""
        start, n = self.start[slot], self.count[slot]
        return self.rows(np.arange(start, start + n)) if n else np.zeros((0, max(self.dim, 1)), np.float32)

    def max_sim(self, slots: np.ndarray, fallback: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Per slot, the best cosine of ``query`` with one of its units (its side vector's when it has none)."""
        out = np.asarray(fallback @ query, dtype=np.float32)
        all_starts, all_counts = self._starts_counts()
        slots = np.asarray(slots, dtype=np.int64)
        counts = all_counts[slots]
        has = counts > 0
        if not has.any():
            return out
        starts = all_starts[slots][has]
        counts = counts[has]
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        rows = np.repeat(starts - offsets, counts) + np.arange(counts.sum())
        sims = self.rows(rows) @ np.asarray(query, dtype=np.float32)
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def counts(self) -> np.ndarray:
        return np.array(self.count, dtype=np.int64)

    def gather(self, slots: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(count per slot, their vectors in order as one float16 matrix): for compaction."""
        counts = np.array([self.count[s] for s in slots], dtype=np.int64)
        rows = np.concatenate([np.arange(self.start[s], self.start[s] + self.count[s]) for s in slots
                               if self.count[s]] or [np.zeros(0, dtype=np.int64)])
        return counts, self.rows(rows).astype(np.float16)

    def write(self, path, dim: int, chunk: int = 65_536) -> np.ndarray:
        """Write every slot's vectors in slot order to ``path`` (a float16 ``.npy``, in chunks: no copy of the
        whole matrix in memory); returns the count per slot."""
        counts = self.counts()
        total = int(counts.sum())
        out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(total, dim))
        done = 0
        pending: list[np.ndarray] = []
        pending_rows = 0
        for slot, n in enumerate(self.count):
            if n:
                pending.append(np.arange(self.start[slot], self.start[slot] + n))
                pending_rows += n
            if pending_rows >= chunk or (slot == len(self.count) - 1 and pending_rows):
                rows = np.concatenate(pending)
                out[done:done + len(rows)] = self.rows(rows).astype(np.float16)
                done += len(rows)
                pending, pending_rows = [], 0
        out.flush()
        del out
        return counts


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
