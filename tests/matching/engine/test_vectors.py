"""The FAISS index: HNSW recall against exact search, filters and tombstones."""

from __future__ import annotations

import numpy as np

from matching.engine.vectors import EXACT, HNSW, HnswParams, VectorIndex


def _vectors(n, dim, seed=5):
    """Random unit vectors."""
    vectors = np.random.default_rng(seed).normal(size=(n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_hnsw_recall_at_10_against_exact_search():
    """On 4,000 vectors the HNSW graph finds ≥ 95% of the exact top 10."""
    vectors = _vectors(4000, 64)
    ids = np.arange(1, 4001, dtype=np.int64)
    hnsw = VectorIndex.build(vectors, ids, HNSW, HnswParams())
    exact = VectorIndex.build(vectors, ids, EXACT)
    queries = _vectors(200, 64, seed=9)
    found = 0
    for q in queries:
        truth = set(exact.search(q, 10)[1].tolist())
        assert truth == set(exact.exact_search(q, 10).tolist())
        found += len(truth & set(hnsw.search(q, 10)[1].tolist()))
    assert found / (10 * len(queries)) >= 0.95


def test_filters_and_tombstones_are_respected_by_both_kinds():
    """Only allowed, alive slots come back, best first, for the flat and the graph index, whether the filter
    is loose (a filtered graph walk) or narrow (exact scoring of the few slots that pass)."""
    vectors = _vectors(6000, 32)
    ids = np.arange(1, 6001, dtype=np.int64)
    for kind in (EXACT, HNSW):
        index = VectorIndex.build(vectors, ids, kind)
        allowed = np.zeros(6000, dtype=bool)
        allowed[::2] = True
        index.kill([0, 2, 4])
        scores, slots = index.search(vectors[8], 10, allowed)
        assert len(slots) == 10 and slots[0] == 8
        assert all(s % 2 == 0 and s not in (0, 2, 4) for s in slots)
        assert list(scores) == sorted(scores, reverse=True)
        assert set(slots.tolist()) == set(index.exact_search_among(vectors[8], 10, allowed).tolist())
        few = np.zeros(6000, dtype=bool)
        few[[5, 50, 500]] = True
        assert index.search(vectors[50], 10, few)[1].tolist()[0] == 50
        assert sorted(index.search(vectors[50], 10, few)[1].tolist()) == [5, 50, 500]
        assert len(index.search(vectors[1], 10, np.zeros(6000, dtype=bool))[1]) == 0


def test_a_selective_filter_on_the_graph_is_answered_exactly():
    """A filter letting a tenth of a graph index's slots through returns exactly the exact search's top k (slots,
    order and scores), without the tombstones."""
    vectors = _vectors(30_000, 16)
    index = VectorIndex.build(vectors, np.arange(1, 30_001, dtype=np.int64), HNSW, HnswParams(m=8))
    allowed = np.random.default_rng(4).random(30_000) < 0.1
    assert 2_000 < allowed.sum() <= 0.12 * 30_000
    dead = np.flatnonzero(allowed)[:50]
    index.kill(dead)
    for q in _vectors(20, 16, seed=11):
        scores, slots = index.search(q, 100, allowed)
        truth = index.exact_search_among(q, 100, allowed)
        assert slots.tolist() == truth.tolist()
        assert np.allclose(scores, index.vectors[truth] @ q, atol=1e-5)
        assert not set(slots.tolist()) & set(dead.tolist())


def test_added_vectors_get_new_slots_and_keep_their_ids(tmp_path):
    """Appending keeps ids in the file; a written and re-read index has the same slots and ids."""
    vectors = _vectors(50, 16)
    index = VectorIndex.build(vectors[:40], np.arange(1, 41, dtype=np.int64), EXACT)
    slots = index.add(vectors[40:], np.arange(41, 51, dtype=np.int64))
    assert slots.tolist() == list(range(40, 50))
    index.kill([2])
    index.write(tmp_path / "index.faiss")
    again = VectorIndex.read(tmp_path / "index.faiss", index.alive, HnswParams())
    assert again.labels.tolist() == list(range(1, 51))
    assert again.tombstones == 1 and again.size == 49
    assert again.search(vectors[45], 1)[1][0] == 45
