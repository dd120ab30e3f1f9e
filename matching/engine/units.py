"""Vectors of embedding units: a unit's vector (its text, plus its English gloss), a side's vector (the mean of
its units per language, then over languages) and :class:`UnitStore`, every slot's offer-unit vectors as float16
rows (read on demand from the saved generation's file) so the meaning signal of a candidate pool is one gather and
one product."""

from __future__ import annotations

import os
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


class RowFile:
    """The rows of a saved float16 matrix (a ``.npy`` file), read on demand with ``pread``: one system call per
    run of consecutive rows asked for (a slot's units are one run), copied into the caller's array.

    Not memory-mapped: a mapped file's pages count in the process's RSS as soon as they are touched, and the kernel
    maps up to 16 pages around each one touched (fault-around; ``madvise(MADV_RANDOM)`` does not stop it), so a few
    hundred queries over 100,000 profiles mapped nearly all of the 614 MB file into every worker (583 MB of its RSS,
    measured). Read with ``pread``, the file's pages stay in the kernel's page cache, shared by the node's
    processes as before, and the process holds only the rows of the query at hand. The descriptor is closed with
    the object; a generation pruned meanwhile stays readable through it."""

    def __init__(self, path):
        with open(path, "rb") as fh:
            version = np.lib.format.read_magic(fh)
            read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) \
                else np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read_header(fh)
            self.offset = fh.tell()
            size = os.fstat(fh.fileno()).st_size
        if dtype != np.float16 or len(shape) != 2 or (fortran and shape[0] > 1 and shape[1] > 1):
            raise ValueError(f"{path}: not a float16 matrix")
        self.filename = str(path)
        self.shape = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(np.float16)
        self.row_bytes = self.shape[1] * 2
        if size != self.offset + self.shape[0] * self.row_bytes:
            raise ValueError(f"{path}: {size} bytes for {self.shape[0]} rows of {self.shape[1]}")
        self.fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def __len__(self) -> int:
        return self.shape[0]

    def __del__(self):
        fd, self.fd = getattr(self, "fd", None), None
        if fd is not None:
            os.close(fd)

    def read(self, rows: np.ndarray) -> np.ndarray:
        """Rows by number (any order, repeats allowed), as a float16 matrix."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        if not len(rows):
            return np.empty((0, self.shape[1]), dtype=np.float16)
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        firsts = np.concatenate([[0], breaks])
        return self.read_runs(rows[firsts], np.diff(np.concatenate([firsts, [len(rows)]])))

    def read_runs(self, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Runs of consecutive rows (``counts[i]`` rows from ``starts[i]``), one after the other, as a float16
        matrix: one ``pread`` a run."""
        starts = np.asarray(starts, dtype=np.int64)
        counts = np.asarray(counts, dtype=np.int64)
        size = self.row_bytes
        ends = np.cumsum(counts) * size
        out = np.empty((int(ends[-1]) // size if len(ends) else 0, self.shape[1]), dtype=np.float16)
        if not len(out):
            return out
        if starts.min() < 0 or (starts + counts).max() > self.shape[0]:
            raise IndexError(f"rows outside 0..{self.shape[0] - 1} of {self.filename}")
        buffer = memoryview(out).cast("B")
        fd, preadv = self.fd, os.preadv
        for begin, end, source in zip((ends - counts * size).tolist(), ends.tolist(),
                                      (self.offset + starts * size).tolist(), strict=True):
            if end > begin and preadv(fd, [buffer[begin:end]], source) != end - begin:
                raise OSError(f"{self.filename}: short read at byte {source}")
        return out

    def read_run(self, start: int, count: int) -> np.ndarray:
        """``count`` rows from ``start`` (one slot's), as a float16 matrix."""
        out = np.empty((count, self.shape[1]), dtype=np.float16)
        if count:
            if start < 0 or start + count > self.shape[0]:
                raise IndexError(f"rows {start}..{start + count - 1} outside those of {self.filename}")
            if os.preadv(self.fd, [memoryview(out).cast("B")], self.offset + start * self.row_bytes) \
                    != count * self.row_bytes:
                raise OSError(f"{self.filename}: short read at row {start}")
        return out


class UnitStore:
    """The offer units' vectors of every slot, float16, as rows ``start[s]`` to ``start[s] + count[s]`` of two
    segments: ``frozen`` (the saved generation's ``units.npy``, a :class:`RowFile`: read on demand, its pages in
    the kernel's page cache, shared by every process of the node) and ``live`` (rows added in this process since,
    in memory). They serve the meaning signal of a candidate pool (one read a slot and one product) and the
    explanations' sentence pairs; both read only the few slots asked for."""

    def __init__(self, frozen: RowFile | None = None, counts: Sequence[int] = ()):
        self.frozen = frozen  # None: no saved rows
        self.live = np.zeros((0, 0), dtype=np.float16)
        self.count = np.array(counts, dtype=np.int64).reshape(-1)  # per slot (0 for a tombstone)
        self.start = np.cumsum(self.count) - self.count  # per slot, its first row
        self.used = int(self.count.sum())
        if self.used != self.frozen_rows:
            raise ValueError(f"{self.frozen_rows} unit vectors for {self.used} units")

    @classmethod
    def saved(cls, path, counts: Sequence[int]) -> UnitStore:
        """The store of a saved generation, its vectors read on demand from ``path`` (written by :meth:`write`)."""
        return cls(RowFile(path), counts)

    def __len__(self) -> int:
        return len(self.start)

    @property
    def dim(self) -> int:
        return self.frozen.shape[1] if self.frozen_rows else self.live.shape[1]

    @property
    def frozen_rows(self) -> int:
        """Rows in the saved file."""
        return len(self.frozen) if self.frozen is not None else 0

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
            base = self.used - self.frozen_rows
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
        counts = np.array(counts, dtype=np.int64).reshape(-1)
        # New arrays (not resized in place): a search reading the old ones meanwhile keeps consistent ones.
        self.start = np.concatenate([self.start, self.used + np.cumsum(counts) - counts])
        self.count = np.concatenate([self.count, counts])
        self.used += total

    def clear(self, slot: int) -> None:
        self.count[slot] = 0  # changes hold the engine's write lock, searches its read lock

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """Rows (float32) by their global row numbers, from whichever segment holds them."""
        rows = np.asarray(rows, dtype=np.int64)
        frozen_rows = self.frozen_rows
        if not len(rows):
            return np.zeros((0, max(self.dim, 1)), dtype=np.float32)
        if frozen_rows and rows.max() < frozen_rows:
            return as_float32(self.frozen.read(rows))
        if rows.min() >= frozen_rows:
            return as_float32(self.live[rows - frozen_rows])
        out = np.empty((len(rows), self.dim), dtype=np.float32)
        old = rows < frozen_rows
        out[old] = self.frozen.read(rows[old])
        out[~old] = self.live[rows[~old] - frozen_rows]
        return out

    def get(self, slot: int) -> np.ndarray:
        """The vectors of one slot (float32, one row per offer unit)."""
        start, n = int(self.start[slot]), int(self.count[slot])
        if not n:
            return np.zeros((0, max(self.dim, 1)), np.float32)
        if start + n <= self.frozen_rows:
            return as_float32(self.frozen.read_run(start, n))
        return self.rows(np.arange(start, start + n))

    def max_sim(self, slots: np.ndarray, fallback: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Per slot, the best cosine of ``query`` with one of its units (its side vector's when it has none)."""
        out = np.asarray(fallback @ query, dtype=np.float32)
        all_starts, all_counts = self.start, self.count
        slots = np.asarray(slots, dtype=np.int64)
        counts = all_counts[slots]
        has = counts > 0
        if not has.any():
            return out
        starts = all_starts[slots][has]
        counts = counts[has]
        offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
        if int((starts + counts).max()) <= self.frozen_rows:  # all saved: one read a slot
            vectors = as_float32(self.frozen.read_runs(starts, counts))
        else:
            vectors = self.rows(np.repeat(starts - offsets, counts) + np.arange(counts.sum()))
        sims = vectors @ np.asarray(query, dtype=np.float32)
        out[has] = np.maximum.reduceat(sims, offsets)
        return out

    def counts(self) -> np.ndarray:
        return self.count.copy()

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
