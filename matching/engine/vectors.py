"""The vector index: FAISS inner product over L2-normalised vectors (so scores are cosine similarities).

Below ``hnsw_threshold`` vectors the index is exact (``IndexFlatIP``); above it, an ``IndexHNSWFlat`` graph whose
``M``/``efConstruction``/``efSearch`` keep recall@10 ≥ 0.95 against exact search (measured by
``seoulmade bench matching``). Either is wrapped in ``IndexIDMap2`` whose ids are the docs' :func:`index_id`, so
the file alone maps every vector to its profile or listing.

Vectors live in *slots* (FAISS's internal positions), append-only: changing a doc adds its new vector in a new
slot and tombstones the old one (HNSW cannot remove; the flat index behaves the same so both kinds share one
code path). Searches skip tombstones and apply filters with an ``IDSelectorBitmap`` over slots; when a filter
lets few slots through, the slots are scored exactly instead (a filtered graph walk loses recall when most of the
graph is excluded). The engine compacts (rebuilds from the stored vectors) once tombstones pass a limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

EXACT, HNSW = "exact", "hnsw"


@dataclass(frozen=True)
class HnswParams:
    """Graph parameters: ``m`` links per node, ``ef_construction`` and ``ef_search`` beam widths. recall@10
    against exact search at 100,000 synthetic profiles (``seoulmade bench matching``) by ``ef_search``, measured
    on the current bench data: 256 → 0.957, 320 → 0.965, 352 → 0.968, 384 → 0.970, 448 → 0.979 (an earlier
    version of the data: 128 → 0.912, 256 → 0.944, 384 → 0.958, 448 → 0.966). 384 keeps a margin above 0.95
    and walks less than 448 (an unfiltered search of 100 candidates: 1.8 ms at 448, 1.3 ms at 320)."""

    m: int = 32
    ef_construction: int = 160
    ef_search: int = 384


class VectorIndex:
    """Slots of vectors with their index ids, a tombstone mask, and search with an optional slot filter."""

    def __init__(self, index, kind: str, params: HnswParams):
        import faiss

        self.faiss = faiss
        self.index = index  # IndexIDMap2
        self.kind = kind
        self.params = params
        self.inner = faiss.downcast_index(index.index)
        self.dim = index.d
        self.labels = faiss.vector_to_array(index.id_map).astype(np.int64)
        self.alive = np.ones(len(self.labels), dtype=bool)
        self._refresh_view()

    # --- construction ------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, vectors: np.ndarray, ids: np.ndarray, kind: str, params: HnswParams | None = None,
              progress: Callable[[str, int, int], None] | None = None, dim: int | None = None) -> VectorIndex:
        """A new index of ``kind`` ("exact" or "hnsw") holding ``vectors`` under ``ids``."""
        import faiss

        params = params or HnswParams()
        dim = dim or vectors.shape[1]
        if kind == HNSW:
            inner = faiss.IndexHNSWFlat(dim, params.m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = params.ef_construction
            inner.hnsw.efSearch = params.ef_search
        elif kind == EXACT:
            inner = faiss.IndexFlatIP(dim)
        else:
            raise ValueError(f"unknown index kind {kind!r}")
        index = faiss.IndexIDMap2(inner)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        step = 10_000
        if progress:
            progress("indexing", 0, len(ids))
        for start in range(0, len(ids), step):
            index.add_with_ids(vectors[start:start + step], ids[start:start + step])
            if progress:
                progress("indexing", min(start + step, len(ids)), len(ids))
        return cls(index, kind, params)

    @classmethod
    def read(cls, path: str, alive: np.ndarray | None, params: HnswParams) -> VectorIndex:
        """Load an index written by :meth:`write`; raises on a corrupt file or a mask of the wrong length."""
        import faiss

        index = faiss.read_index(str(path))
        if not isinstance(index, faiss.IndexIDMap2):
            index = faiss.downcast_index(index)
        if not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"{path}: not an IndexIDMap2")
        inner = faiss.downcast_index(index.index)
        kind = HNSW if isinstance(inner, faiss.IndexHNSWFlat) else EXACT
        if kind == HNSW:
            inner.hnsw.efSearch = params.ef_search
        result = cls(index, kind, params)
        if alive is not None:
            if len(alive) != len(result.labels):
                raise ValueError(f"{path}: {len(result.labels)} vectors but {len(alive)} tombstone flags")
            result.alive = alive.astype(bool)
        return result

    def write(self, path: str) -> None:
        """Write the FAISS index (ids included; tombstones are kept by the caller)."""
        self.faiss.write_index(self.index, str(path))

    # --- changes -----------------------------------------------------------------------------------------------

    def add(self, vectors: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Append vectors; returns their slots."""
        start = len(self.labels)
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                np.ascontiguousarray(ids, dtype=np.int64))
        self.labels = np.concatenate([self.labels, np.asarray(ids, dtype=np.int64)])
        self.alive = np.concatenate([self.alive, np.ones(len(ids), dtype=bool)])
        self._refresh_view()
        return np.arange(start, len(self.labels))

    def kill(self, slots) -> None:
        """Tombstone slots (their vectors stay in the file until the next compaction)."""
        self.alive[np.asarray(list(slots), dtype=np.int64)] = False

    @property
    def size(self) -> int:
        """Slots in use (alive)."""
        return int(self.alive.sum())

    @property
    def tombstones(self) -> int:
        return int(len(self.alive) - self.alive.sum())

    def _refresh_view(self) -> None:
        flat = self.faiss.downcast_index(self.inner.storage) if self.kind == HNSW else self.inner
        n = flat.ntotal
        if n:
            self.vectors = self.faiss.rev_swig_ptr(flat.get_xb(), n * self.dim).reshape(n, self.dim)
        else:
            self.vectors = np.zeros((0, self.dim), dtype=np.float32)

    # --- search ------------------------------------------------------------------------------------------------

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None,
               brute_force_below: int = 2_000, exact_share: float = 0.12) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` best slots for ``query`` among alive slots where ``allowed`` is true, best first:
        ``(scores, slots)``, both possibly shorter than ``k``. In an HNSW index, a filter that lets at most
        ``exact_share`` of the slots through is answered by exact search (few passing slots: copied and scored
        with numpy; more: scored in place by FAISS), a wider one by a filtered graph walk."""
        mask = self.alive if allowed is None else (self.alive & allowed)
        passing = int(mask.sum()) if (allowed is not None or self.tombstones) else len(self.labels)
        if passing == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
        k = min(k, passing)
        if self.kind == HNSW and passing <= max(brute_force_below, 0.03 * len(self.labels)) \
                and passing < len(self.labels):
            # Few slots pass the filter: score them exactly (faster and exact; a graph walk that must skip most
            # of the graph loses recall and time).
            slots = np.flatnonzero(mask)
            scores = self.vectors[slots] @ query[0]
            top = np.argpartition(-scores, k - 1)[:k] if k < len(slots) else np.arange(len(slots))
            top = top[np.argsort(-scores[top], kind="stable")]
            return scores[top].astype(np.float32), slots[top]
        params = None
        bits = None
        if passing < len(self.labels):
            bits = np.packbits(mask, bitorder="little")
            selector = self.faiss.IDSelectorBitmap(len(mask), self.faiss.swig_ptr(bits))
            if self.kind == HNSW and passing <= exact_share * len(self.labels):
                # A selective filter: FAISS scores the passing slots of the graph's flat storage exactly, in one
                # pass with no copy. At 100,000 slots and 5,000-10,000 passing: 2-3 ms, where the widened walk
                # took 4-5 ms (and lost some recall).
                storage = self.faiss.downcast_index(self.inner.storage)
                scores, slots = storage.search(query, k, params=self.faiss.SearchParameters(sel=selector))
                del bits  # the selector reads the bitmap during the search only
                keep = slots[0] >= 0
                return scores[0][keep], slots[0][keep].astype(np.int64)
            # A filtered walk skips what does not pass: widen the beam as the filter narrows (up to 4×).
            widen = min(4.0, max(1.0, (len(self.labels) / passing) ** 0.5))
            params = (self.faiss.SearchParametersHNSW(sel=selector,
                                                      efSearch=int(max(self.params.ef_search, k) * widen))
                      if self.kind == HNSW else self.faiss.SearchParameters(sel=selector))
        elif self.kind == HNSW:
            params = self.faiss.SearchParametersHNSW(efSearch=max(self.params.ef_search, k))
        scores, slots = self.inner.search(query, k, params=params)
        del bits  # the selector reads the bitmap during the search only
        keep = slots[0] >= 0
        return scores[0][keep], slots[0][keep].astype(np.int64)

    def exact_search(self, query: np.ndarray, k: int) -> np.ndarray:
        """The ``k`` best alive slots by brute force (the reference for recall)."""
        return self.exact_search_among(query, k, None)

    def exact_search_among(self, query: np.ndarray, k: int, allowed: np.ndarray | None) -> np.ndarray:
        """The ``k`` best alive slots where ``allowed``, by brute force."""
        mask = self.alive if allowed is None else (self.alive & allowed)
        scores = self.vectors @ np.asarray(query, dtype=np.float32).reshape(-1)
        scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
        top = np.argpartition(-scores, k - 1)[:k]
        return top[np.argsort(-scores[top], kind="stable")]
