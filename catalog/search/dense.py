"""The meaning signal over many listings: the cosine of the query's vector with listings' vectors.

A small catalog is scanned whole. From ``CATALOG_IVF_MIN`` listings a generation also holds an inverted file:
faiss's spherical k-means splits the vectors into ``nlist`` lists (about 4·√n), the vectors are stored sorted by
list, and a query reads only the ``nprobe`` lists nearest to it (about 1/32 of them: contiguous rows of a
memory-mapped file) plus the rows of the listings its words matched best (4,096 by BM25: the search's
``exact_max``), whose exact
cosines the fusion needs. The other listings its words matched (a common word matches a third of a million-listing
catalog) get an estimate from two small arrays: their cosine with their list's centroid times the centroid's with
the query. A listing outside all of these has no cosine (0): it is neither close in meaning nor a word match, so
it does not match.
Scanning every vector costs 26 ms per 100,000 listings on this project's 2-core machine and 560 ms per million.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np

SLICE = 65536  # rows read at once from memory-mapped vectors


@dataclasses.dataclass
class DenseIndex:
    """Listings' unit vectors, whole (``centroids`` None) or as an inverted file."""

    vectors: np.ndarray  # (n, d): in listing order when whole, sorted by list otherwise
    centroids: np.ndarray | None = None  # (nlist, d)
    offsets: np.ndarray | None = None  # (nlist + 1,): list l is rows offsets[l]:offsets[l + 1]
    inverse: np.ndarray | None = None  # (n,): the row of listing i
    order: np.ndarray | None = None  # (n,): the listing of row r
    nprobe: int = 0
    lists: np.ndarray | None = None  # (n,): the list of listing i
    alpha: np.ndarray | None = None  # (n,): the cosine of listing i with its list's centroid

    def __len__(self) -> int:
        return len(self.vectors)

    def cosines(self, query: np.ndarray, also: np.ndarray | None = None,
                estimate: np.ndarray | None = None) -> np.ndarray:
        """Cosines of ``query`` with every listing (0 where the inverted file did not look): exact for the
        listings of the probed lists and at positions ``also``; for those at positions ``estimate`` outside
        both, an estimate — the listing's cosine with its list's centroid times the centroid's with the query —
        read from two small arrays instead of the listing's vector."""
        if self.centroids is None:
            return np.asarray(self.vectors @ query, dtype=np.float32)
        out = np.zeros(len(self.inverse), dtype=np.float32)
        near = self.centroids @ query
        probed = np.argpartition(-near, min(self.nprobe, len(self.centroids) - 1))[:self.nprobe]
        if estimate is not None and len(estimate):
            out[estimate] = self.alpha[estimate] * near[self.lists[estimate]]
        for lst in probed:  # contiguous rows of the file
            start, end = int(self.offsets[lst]), int(self.offsets[lst + 1])
            if end > start:
                out[self.order[start:end]] = self.vectors[start:end] @ query
        if also is not None and len(also):
            out[also] = self.vectors[self.inverse[also]] @ query
        return out


def _lists(vectors: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(centroids, list of each row)`` of ``vectors`` (unit rows; may be memory-mapped: read in slices)."""
    import faiss

    n, d = vectors.shape
    nlist = int(4 * math.sqrt(n))
    rng = np.random.default_rng(seed)
    # Trained on 40 points per list (faiss would take up to 256) for 10 rounds: the bench reports the recall.
    sample = np.ascontiguousarray(vectors[np.sort(rng.choice(n, size=min(n, 40 * nlist), replace=False))],
                                  dtype=np.float32)
    kmeans = faiss.Kmeans(d, nlist, niter=10, spherical=True, seed=seed, verbose=False, max_points_per_centroid=40)
    kmeans.train(sample)
    del sample
    centroids = kmeans.centroids.astype(np.float32)
    quantizer = faiss.IndexFlatIP(d)
    quantizer.add(centroids)
    assigned = np.empty(n, dtype=np.int64)
    for start in range(0, n, SLICE):
        part = np.ascontiguousarray(vectors[start:start + SLICE], dtype=np.float32)
        assigned[start:start + SLICE] = quantizer.search(part, 1)[1][:, 0]
    return centroids, assigned


def _alpha(vectors: np.ndarray, centroids: np.ndarray, assigned: np.ndarray) -> np.ndarray:
    """Each row's cosine with its list's centroid (read in slices)."""
    alpha = np.empty(len(assigned), dtype=np.float32)
    for start in range(0, len(assigned), SLICE):
        part = np.asarray(vectors[start:start + SLICE], dtype=np.float32)
        alpha[start:start + SLICE] = np.einsum("ij,ij->i", part, centroids[assigned[start:start + SLICE]])
    return alpha


def _inverted(centroids: np.ndarray, assigned: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(order, inverse, offsets)`` of the rows sorted by list."""
    n = len(assigned)
    order = np.argsort(assigned, kind="stable")
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = np.arange(n)
    offsets = np.searchsorted(assigned[order], np.arange(len(centroids) + 1)).astype(np.int64)
    return order, inverse, offsets


def build(vectors: np.ndarray, ivf_min: int, seed: int = 2026) -> DenseIndex:
    """The dense index of ``vectors`` (unit rows) in memory: whole below ``ivf_min`` rows, an inverted file
    from it."""
    n = len(vectors)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if n < max(ivf_min, 1024):
        return DenseIndex(vectors)
    centroids, assigned = _lists(vectors, seed)
    order, inverse, offsets = _inverted(centroids, assigned)
    nlist = len(centroids)
    return DenseIndex(vectors[order], centroids, offsets, inverse, order, nprobe=max(8, nlist // 32),
                      lists=assigned.astype(np.int32), alpha=_alpha(vectors, centroids, assigned))


def write(vectors: np.ndarray, path: Path, ivf_min: int, seed: int = 2026) -> None:
    """Write the dense index of ``vectors`` (unit rows, memory-mapped from a file not under ``path``) as
    :func:`save` writes :func:`build`'s, a slice at a time: the vectors are never in memory twice."""
    n = len(vectors)
    out = np.lib.format.open_memmap(path / "dense_vectors.npy", mode="w+", dtype=np.float32,
                                    shape=(n, vectors.shape[1]))
    if n < max(ivf_min, 1024):
        for start in range(0, n, SLICE):
            out[start:start + SLICE] = vectors[start:start + SLICE]
        out.flush()
        return
    centroids, assigned = _lists(vectors, seed)
    order, inverse, offsets = _inverted(centroids, assigned)
    np.save(path / "dense_alpha.npy", _alpha(vectors, centroids, assigned))
    np.save(path / "dense_lists.npy", assigned.astype(np.int32))
    del assigned
    for start in range(0, n, SLICE):
        rows = order[start:start + SLICE]
        ascending = np.argsort(rows)  # read the file forwards
        block = np.empty((len(rows), vectors.shape[1]), dtype=np.float32)
        block[ascending] = vectors[rows[ascending]]
        out[start:start + len(rows)] = block
    out.flush()
    del out
    np.save(path / "dense_inverse.npy", inverse)
    np.save(path / "dense_order.npy", order)
    np.save(path / "dense_offsets.npy", offsets)
    np.save(path / "dense_centroids.npy", centroids)


def save(index: DenseIndex, path: Path) -> None:
    """Write the index's arrays as ``.npy`` files under ``path``."""
    np.save(path / "dense_vectors.npy", index.vectors)
    if index.centroids is not None:
        np.save(path / "dense_inverse.npy", index.inverse)
        np.save(path / "dense_order.npy", index.order)
        np.save(path / "dense_offsets.npy", index.offsets)
        np.save(path / "dense_centroids.npy", index.centroids)
        np.save(path / "dense_alpha.npy", index.alpha)
        np.save(path / "dense_lists.npy", index.lists)


def load(path: Path, nprobe: int | None = None) -> DenseIndex:
    """Memory-map the index saved under ``path``."""
    vectors = np.load(path / "dense_vectors.npy", mmap_mode="r")
    if not (path / "dense_centroids.npy").exists():
        return DenseIndex(vectors)
    centroids = np.load(path / "dense_centroids.npy")
    offsets = np.load(path / "dense_offsets.npy")
    inverse = np.load(path / "dense_inverse.npy", mmap_mode="r")
    if (path / "dense_lists.npy").exists():
        lists, alpha = np.load(path / "dense_lists.npy", mmap_mode="r"), np.load(path / "dense_alpha.npy", mmap_mode="r")
    else:  # written before the estimates: each listing's list derived once, its alpha taken as 1
        lists = (np.searchsorted(offsets, np.asarray(inverse), side="right") - 1).astype(np.int32)
        alpha = np.ones(len(lists), dtype=np.float32)
    return DenseIndex(vectors, centroids, offsets, inverse, np.load(path / "dense_order.npy", mmap_mode="r"),
                      nprobe=nprobe or max(8, len(centroids) // 32), lists=lists, alpha=alpha)
