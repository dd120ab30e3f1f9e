"""The embedding model and its persistent cache: unchanged content is never encoded twice."""

from __future__ import annotations

import numpy as np

from matching.engine.embeddings import Embedder, EmbeddingCache


def test_vectors_are_normalised_and_similar_texts_are_close(embedder):
    """Vectors have unit length; a paraphrase is closer than an unrelated sentence."""
    vectors = embedder.encode(["CNC machining of aluminium parts", "machining aluminium parts on CNC mills",
                               "wedding invitations printed by letterpress"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_cache_hits_skip_the_model(embedder, tmp_path):
    """Texts seen before come from the cache, also in a new embedder reading the same file."""
    texts = ["laser welding of titanium frames 7f3a", "hand-dyed patina finishing 7f3a"]
    first = embedder.encode(texts)
    count = embedder.encoded
    again = embedder.encode(texts + texts[:1])
    assert embedder.encoded == count
    assert np.array_equal(again[:2], first) and np.array_equal(again[2], first[0])

    path = tmp_path / "cache.sqlite"
    writer = Embedder(None, EmbeddingCache(path))
    writer.encode(texts)
    assert writer.encoded == 2
    reader = Embedder(None, EmbeddingCache(path), memory_items=0)
    assert np.allclose(reader.encode(texts), first, atol=1e-6)
    assert reader.encoded == 0
    reader.encode(["a sentence nobody encoded before 7f3a"])
    assert reader.encoded == 1


def test_cache_keys_depend_on_the_model(embedder):
    """The same text under another model id is another cache entry."""
    other = Embedder("some/other-model", embedder.cache)
    assert other.key("steel") != embedder.key("steel")


def test_corrupt_cache_file_is_replaced(tmp_path, embedder):
    """An unreadable cache file is moved aside and a new cache starts; nothing crashes."""
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = EmbeddingCache(path)
    assert len(cache) == 0
    assert (tmp_path / "cache.sqlite.corrupt").exists()
    fresh = Embedder(None, cache)
    assert fresh.encode(["brass casting"]).shape == (1, embedder.dim)
    assert len(cache) == 1


def test_queries_are_not_persisted(tmp_path):
    """persist=False keeps a vector in memory only."""
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    embedder = Embedder(None, cache)
    embedder.encode(["a one-off query 91c2"], persist=False)
    assert len(cache) == 0


def test_query_fast_path_gives_the_models_vectors(embedder):
    """Small batches skip sentence-transformers' machinery only when that gives the same vectors."""
    texts = ["precision grinding of titanium 51aa", "티타늄 연삭 51aa"]
    fresh = Embedder(None, EmbeddingCache(None), memory_items=0)
    fresh._model = embedder.model
    fast = fresh.encode(texts, persist=False)
    assert fresh._fast is True
    reference = embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert np.abs(fast - reference).max() < 1e-5
