"""The meaning signal over many listings: an inverted file finds nearly the same nearest listings as scanning
every vector, gives exact cosines for the listings the query's words matched, and is memory-mapped from storage."""

import numpy as np

from catalog.search import dense


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _clustered(n: int, dim: int = 64, topics: int = 80, seed: int = 3) -> np.ndarray:
    """Vectors around topics, as listings of a catalog are (shoes, rings, print…)."""
    rng = np.random.default_rng(seed)
    centres = _unit(rng.normal(size=(topics, dim)))
    return _unit(centres[rng.integers(0, topics, n)] + 0.06 * rng.normal(size=(n, dim)))


def test_small_catalogs_are_scanned_whole():
    """Below the threshold every listing gets its exact cosine."""
    vectors = _clustered(500)
    index = dense.build(vectors, ivf_min=50_000)
    assert index.centroids is None
    query = vectors[7]
    assert np.allclose(index.cosines(query), vectors @ query, atol=1e-6)


def test_the_inverted_file_finds_the_nearest_listings(tmp_path):
    """With an inverted file, the 24 nearest listings of queries are nearly all found (recall ≥ 0.95), the
    listings matched by words get exact cosines, and a saved index loads memory-mapped with the same answers."""
    vectors = _clustered(20_000)
    index = dense.build(vectors, ivf_min=1024)
    assert index.centroids is not None and index.nprobe < len(index.centroids)
    rng = np.random.default_rng(11)
    recalls = []
    for q in rng.integers(0, len(vectors), 40):
        query = _unit(vectors[q:q + 1] + 0.03 * rng.normal(size=(1, vectors.shape[1])))[0]
        exact = set(np.argsort(-(vectors @ query))[:24])
        found = set(np.argsort(-index.cosines(query))[:24])
        recalls.append(len(exact & found) / 24)
    assert np.mean(recalls) >= 0.95, np.mean(recalls)
    also = np.array([3, 999, 19_999])
    cosines = index.cosines(vectors[5], also)
    assert np.allclose(cosines[also], vectors[also] @ vectors[5], atol=1e-6)
    dense.save(index, tmp_path)
    loaded = dense.load(tmp_path)
    assert isinstance(loaded.vectors, np.memmap)
    assert np.array_equal(loaded.cosines(vectors[5], also), cosines)


def test_word_matches_beyond_the_exact_ones_get_close_estimates():
    """A common word matches a large share of the catalog: those matches outside the probed lists and the exact
    ones get an estimate from their list's centroid instead of their own vector — close to their cosine and
    ordered as it is, never overriding an exact cosine; 0 elsewhere."""
    vectors = _clustered(20_000)
    index = dense.build(vectors, ivf_min=1024)
    assert index.alpha.shape == (len(vectors),) and float(index.alpha.min()) > 0.5
    query = vectors[5]
    truth = vectors @ query
    plain = index.cosines(query)
    probed = np.flatnonzero(plain != 0)
    also = np.array([3, 999])
    estimate = np.setdiff1d(np.arange(0, len(vectors), 3), also)
    got = index.cosines(query, also, estimate)
    assert np.allclose(got[probed], truth[probed], atol=1e-6)  # probed lists: exact, not estimated
    assert np.allclose(got[also], truth[also], atol=1e-6)
    outside = np.setdiff1d(estimate, probed)
    assert len(outside) > 5_000
    error = np.abs(got[outside] - truth[outside]).mean()
    # Half the error of taking them as unrelated (0), and ranked as their cosines rank them.
    assert error < 0.5 * np.abs(truth[outside]).mean(), error
    assert np.corrcoef(got[outside], truth[outside])[0, 1] > 0.8
    untouched = np.setdiff1d(np.arange(len(vectors)), np.concatenate([probed, also, estimate]))
    assert not got[untouched].any()


def test_an_index_written_from_a_mapped_file_equals_one_built_in_memory(tmp_path):
    """A generation of a million listings writes its vectors a slice at a time from a memory-mapped file (they
    never sit in memory twice); what it writes is what building in memory and saving writes, inverted file or
    whole, so the served index answers the same."""
    vectors = _clustered(5_000)
    source = tmp_path / "raw.npy"
    np.save(source, vectors)
    mapped = np.load(source, mmap_mode="r")
    for ivf_min in (1024, 50_000):
        built, written = tmp_path / f"built-{ivf_min}", tmp_path / f"written-{ivf_min}"
        built.mkdir()
        written.mkdir()
        dense.save(dense.build(vectors, ivf_min), built)
        dense.write(mapped, written, ivf_min)
        files = sorted(p.name for p in built.iterdir())
        assert files == sorted(p.name for p in written.iterdir())
        assert ("dense_centroids.npy" in files) == (ivf_min == 1024)
        for name in files:
            assert np.array_equal(np.load(built / name), np.load(written / name)), name
        query = vectors[42]
        assert np.array_equal(dense.load(built).cosines(query), dense.load(written).cosines(query))


def test_an_index_saved_before_the_estimates_loads_with_each_listings_list(tmp_path):
    """A generation written before lists and alphas were stored loads with each listing's list derived once
    from the offsets (the same lists) and alpha 1, so its estimates are the centroids' cosines."""
    vectors = _clustered(5_000)
    index = dense.build(vectors, ivf_min=1024)
    dense.save(index, tmp_path)
    (tmp_path / "dense_lists.npy").unlink()
    (tmp_path / "dense_alpha.npy").unlink()
    older = dense.load(tmp_path)
    assert np.array_equal(older.lists, index.lists) and (older.alpha == 1).all()
    estimate = np.arange(0, len(vectors), 5)
    got = older.cosines(vectors[1], None, estimate)
    probed = np.flatnonzero(older.cosines(vectors[1]) != 0)
    outside = np.setdiff1d(estimate, probed)
    assert np.allclose(got[outside], (index.centroids @ vectors[1])[index.lists[outside]], atol=1e-6)
