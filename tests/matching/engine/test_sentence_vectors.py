"""Sentence vectors stored compactly: float16, read on demand from the saved generation (``pread``, not mapped),
giving the same explanations as the exact float32 vectors of the model; the seek vectors are memory-mapped."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matching.engine.embeddings import _l2_normalise
from matching.engine.engine import MatchingEngine
from matching.engine.explain import best_pair
from matching.engine.text import doc_units
from matching.engine.units import RowFile, unit_matrix
from tests.factories.matching import DOCS

QUERY = ("알루미늄 CNC 밀링 가공. 드론 프레임 시제품이 필요합니다.", "ko")


def _exact_doc_sentence(engine, match, query_units) -> str:
    """The doc sentence the explanation names when every vector is the model's own float32 output (what the
    engine kept in memory before the vectors were stored compactly)."""
    units = doc_units(engine.doc(match.doc_id), "offer")  # with their glosses, as they were embedded
    q_units = query_units[1:] if len(query_units) > 1 else query_units
    g = engine.params.gloss_weight
    gloss_only = engine.params.query_gloss_only
    q_embedded = [type(u)(u.lang, u.gloss, "", u.concepts) if u.lang in gloss_only and u.gloss else u
                  for u in q_units]

    def exact(units):
        texts = list(dict.fromkeys(t for u in units for t in (u.text, u.gloss if g > 0 else "") if t))
        matrix = _l2_normalise(engine.embedder._forward(texts))  # not rounded to float16
        return unit_matrix(units, matrix, {t: i for i, t in enumerate(texts)}, g)

    pair = best_pair(q_units, exact(q_embedded), units, exact(units), [set(u.concepts) for u in q_units],
                     [set(u.concepts) for u in units], "ko")
    return units[pair[1]].text


def test_explanations_are_those_of_the_exact_vectors(make_engine, tmp_path):
    """Each result's best doc sentence is the one exact float32 vectors pick, in the engine that built the index
    and in a new process that memory-maps the saved sentence vectors."""
    built = make_engine()
    loaded = MatchingEngine(built.embedder, tmp_path / "matching")
    assert loaded.ensure_consistent(lambda: list(DOCS)) == "loaded"
    query_units, _vectors = built._encode_query(QUERY[0], "ko", True)
    for engine in (built, loaded):
        matches = engine.search(*QUERY, k=5)
        assert matches and all(m.explanation.doc_sentence for m in matches)
        for match in matches:
            assert match.explanation.doc_sentence == _exact_doc_sentence(engine, match, query_units)
    assert [(m.doc_id, m.explanation) for m in built.search(*QUERY, k=5)] == \
        [(m.doc_id, m.explanation) for m in loaded.search(*QUERY, k=5)]


def test_sentence_vectors_are_read_from_the_saved_file(make_engine, tmp_path):
    """After a save the sentence vectors live in the generation's float16 file, read on demand (nothing of them in
    the process's own memory, nor mapped into it); a doc added later is kept in memory until the next save."""
    engine = make_engine()
    store = engine._unit_vecs
    assert isinstance(store.frozen, RowFile) and store.frozen.dtype == np.float16
    assert isinstance(engine._seek, np.memmap) and engine._seek.shape == (len(DOCS), 512)  # seek vectors mapped
    assert str(store.frozen.filename).endswith("units.npy") and (tmp_path / "matching" / engine.generation) \
        .joinpath("units.npy").exists()
    assert not any(line.endswith("units.npy") for line in Path("/proc/self/maps").read_text().splitlines())
    assert store.used == len(store.frozen) == sum(len(doc_units(d, "offer")) for d in DOCS)
    slot = engine._slot["p:2"]
    exact = engine._unit_vectors(doc_units(engine.doc("p:2"), "offer"))
    assert np.abs(store.get(slot) - exact).max() < 2e-3  # float16 of the same vectors
    from tests.factories.matching import doc

    engine.upsert([doc("p:99", "maker", "en", "Night Owl Anodising", "Hard anodising of aluminium parts.")],
                  save=False)
    assert engine._unit_vecs.live.shape[0] > 0 and engine.search("hard anodising", "en", k=1)[0].doc_id == "p:99"
    assert not isinstance(engine._seek, np.memmap) and len(engine._seek) == len(DOCS) + 1
    engine.save()
    assert isinstance(engine._unit_vecs.frozen, RowFile) and isinstance(engine._seek, np.memmap)
    assert engine.suggest("p:99", k=3)  # reciprocal suggestions read the mapped seek vectors
    assert engine.search("hard anodising", "en", k=1)[0].explanation.doc_sentence == \
        "Hard anodising of aluminium parts."


def test_sentence_vectors_read_as_float32_are_the_float16_values():
    """Every float16 value (subnormals, infinities, NaN included) reads back as numpy's own conversion."""
    from matching.engine.units import as_float32

    half = np.arange(65_536, dtype=np.uint32).astype(np.uint16).view(np.float16).reshape(128, 512)
    converted = as_float32(half)
    assert converted.dtype == np.float32 and converted.shape == half.shape
    assert np.array_equal(converted.view(np.uint32), half.astype(np.float32).view(np.uint32))
    assert np.array_equal(as_float32(half[[5, 0, 77]]), half[[5, 0, 77]].astype(np.float32), equal_nan=True)
