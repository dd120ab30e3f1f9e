"""The engine's per-slot state kept compactly — tokens as int32 ids into one vocabulary, a slot's offer units
split again from its doc when a result is explained, sentence vectors read with ``pread`` — gives back exactly
what the tuples, ``Unit`` objects and memory map it replaced gave, and a generation written before reads the
same."""

from __future__ import annotations

import dataclasses
import gc
import random
import re
import unicodedata

import numpy as np
import pytest

from matching.engine import text
from matching.engine.engine import MatchingEngine
from matching.engine.lexical import LexicalIndex, TokenStore, doc_tokens
from matching.engine.text import Unit, doc_sentences, doc_units
from matching.engine.units import RowFile, UnitStore
from tests.factories.matching import DOCS, doc

QUERIES = [("알루미늄 CNC 밀링 가공. 드론 프레임 시제품이 필요합니다.", "ko"), ("chrome-free leather tanning", "en"),
           ("mould temperature", "en"), ("반지 주조", "ko")]


def _rows(n: int, seed: int = 4) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(50)] + ["알루미늄", "가공", "§machine_metal.cnc_milling", "é", ""]
    return [() if i % 7 == 0 else tuple(rng.choices(words, k=rng.randint(1, 30))) for i in range(n)]


def _answers(engine) -> list:
    """Everything the engine answers for a few searches and suggestions (floats compared exactly)."""
    out = []
    for query, lang in QUERIES:
        for mode in ("hybrid", "dense", "lexical"):
            out.append([(m.doc_id, m.score, m.signals, m.contributions, m.explanation)
                        for m in engine.search(query, lang, k=6, mode=mode, viewer_lang="en")])
    for doc_id in ("p:1", "p:3", "t:1"):
        out.append([(m.doc_id, m.score, m.signals, m.contributions, m.explanation, m.pair)
                    for m in engine.suggest(doc_id, k=5)])
    return out


def test_token_store_gives_back_each_slots_tokens():
    """Tokens go in as tuples and come back as equal tuples, through the store and through its saved arrays; a
    cleared slot is empty and its tokens leave the saved vocabulary."""
    rows = _rows(300)
    rows[3], rows[10] = rows[3] + ("only-here",), ("only-here", "w1", "only-here")
    store = TokenStore.of(rows)
    assert len(store) == len(rows) and store.flat.dtype == np.int32
    assert [store.get(i) for i in range(len(rows))] == rows == list(store.rows())
    again = TokenStore.from_arrays(**store.to_arrays())
    assert list(again.rows()) == rows
    again.extend([("w1", "new"), ()])
    assert again.get(len(rows)) == ("w1", "new") and again.get(len(rows) + 1) == () and len(again) == len(rows) + 2
    store.clear(3)
    store.clear(10)
    arrays = store.to_arrays()
    assert "only-here" not in arrays["vocab"].tolist()  # no token of cleared slots only is saved
    assert len(set(arrays["ids"].tolist())) == len(arrays["vocab"])
    assert list(TokenStore.from_arrays(**arrays).rows()) == [() if i in (3, 10) else row for i, row in enumerate(rows)]


def _arrays_before_the_store(rows) -> dict[str, np.ndarray]:
    """Token tuples as generations saved them before :class:`TokenStore` (vocabulary in order of first use, flat
    ids, offsets)."""
    vocab: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for row in rows:
        for token in row:
            flat.append(vocab.setdefault(token, len(vocab)))
        offsets.append(len(flat))
    return {"vocab": np.array(list(vocab), dtype=str), "ids": np.array(flat, dtype=np.int32),
            "offsets": np.array(offsets, dtype=np.int64)}


def test_token_store_reads_the_arrays_generations_were_written_with():
    """A generation written before the store (its token tuples as arrays, vocabulary in order of first use)
    reads back the same tokens, and the store writes those very arrays again."""
    rows = _rows(200, seed=9)
    written = _arrays_before_the_store(rows)
    store = TokenStore.from_arrays(written["vocab"], written["ids"], written["offsets"])
    assert list(store.rows()) == rows
    for key, value in store.to_arrays().items():
        assert np.array_equal(value, written[key]) and value.dtype == written[key].dtype
    with pytest.raises(ValueError):
        TokenStore.from_arrays(written["vocab"][:2], written["ids"], written["offsets"])
    with pytest.raises(ValueError):
        TokenStore.from_arrays(written["vocab"], written["ids"], written["offsets"][:-1])


def test_bm25_over_the_store_is_the_bm25_over_the_tuples():
    """The lexical index built from a store, a chunk of slots at a time, has the vocabulary columns and the
    bit-identical scores of the matrix built from the token tuples in one batch (as it was built before)."""
    from i18n import bm25

    class SmallChunks(LexicalIndex):
        chunk = 37

    rows = _rows(2000, seed=2)
    one_batch = bm25.build([list(t) or [""] for t in rows], 1.2, 0.75)
    for index in (LexicalIndex(rows), LexicalIndex(TokenStore.of(rows)), SmallChunks(TokenStore.of(rows))):
        assert index.matrix.vocab_dict == one_batch.vocab_dict and index.matrix.avgdl == one_batch.avgdl
        for name in ("data", "indices", "indptr"):
            assert np.array_equal(index.matrix.scores[name], one_batch.scores[name])
        for query in (["w1"], ["w3", "w3", "가공"], ["§machine_metal.cnc_milling", "nothing"]):
            assert np.array_equal(index.scores(query), one_batch.scores_for(query))
        assert not index.scores([]).any() and len(index.scores([])) == len(rows)
    assert LexicalIndex(TokenStore.of([(), ()])).matrix is None


def test_sentence_splitting_is_what_the_former_patterns_gave():
    """The faster patterns split and normalise exactly as the former ones, on random strings of the characters
    that matter and on every text of the demo docs."""
    former_end = re.compile(r"(?<=[.!?。！？])\s+|\n+|(?<=[다요죠])\.(?=\S)|[;•▪]\s*")

    def former_normalise(value):
        return re.sub(r"[ \t\u00a0]+", " ", unicodedata.normalize("NFKC", value or "")).strip()

    alphabet = list("ab 다요죠가.!?。！？;•▪\n\r\t\u00a0\u2003\u3000-–—*") + [" ", " ", "x"]
    rng = random.Random(7)
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(20_000)]
    samples += [getattr(d, side) for d in DOCS for side in ("title", "offer", "seek")]
    for sample in samples:
        assert text.normalise(sample) == former_normalise(sample)
        assert text._SENTENCE_END.split(sample) == former_end.split(sample)


def test_explained_units_are_the_docs_units(make_engine, tmp_path):
    """The units an explanation reads for a slot (split again from its doc, concepts kept at indexing) are
    doc_units' ones bar the gloss, in the engine that built the index and in one that loaded it."""
    built = make_engine()
    loaded = MatchingEngine(built.embedder, tmp_path / "matching")
    assert loaded.ensure_consistent(lambda: list(DOCS)) == "loaded"
    for engine in (built, loaded):
        for d in DOCS:
            slot = engine._slot[d.doc_id]
            expected = tuple(Unit(u.lang, u.text, "", u.concepts) for u in doc_units(d, "offer"))
            assert engine._offer_units(slot) == expected
            assert [(u.lang, u.text) for u in expected] == doc_sentences(d, "offer")
            assert engine._offer_tokens.get(slot) == doc_tokens([d], "offer")[0]
            assert engine._seek_tokens.get(slot) == doc_tokens([d], "seek")[0]
    assert _answers(built) == _answers(loaded)


def test_a_loaded_engine_keeps_no_unit_per_sentence(make_engine, embedder, tmp_path):
    """Loading a generation creates no lasting Unit object per sentence nor a tuple of tokens per slot."""
    make_engine()
    gc.collect()
    before = sum(1 for o in gc.get_objects() if isinstance(o, Unit))
    loaded = MatchingEngine(embedder, tmp_path / "matching")
    assert loaded.ensure_consistent(lambda: list(DOCS)) == "loaded"
    gc.collect()
    assert sum(1 for o in gc.get_objects() if isinstance(o, Unit)) == before
    assert isinstance(loaded._offer_tokens, TokenStore) and isinstance(loaded._seek_tokens, TokenStore)


def test_changes_and_compaction_keep_tokens_units_and_answers(make_engine, embedder, tmp_path):
    """With tombstones after upserts and a removal, then after the compaction they lead to, the compact state
    still describes each slot exactly (BM25 as built from token tuples), and once compacted the engine answers as
    one built from scratch on the same docs."""
    engine = make_engine(tombstone_limit=0.2)
    changed = dataclasses.replace(DOCS[1], offer=DOCS[1].offer + " We also polish stainless steel.")
    extra = doc("p:77", "maker", "en", "Euljiro Anodising", "Hard anodising of aluminium housings; dyeing too.",
                "Looking for drone startups.", cluster="euljiro")
    live = {d.doc_id: d for d in DOCS}

    def check(expected_tombstones):
        assert engine._vindex.tombstones == expected_tombstones
        by_slot = {engine._slot[doc_id]: d for doc_id, d in live.items()}
        for side, store, index in (("offer", engine._offer_tokens, engine._offer_lex),
                                   ("seek", engine._seek_tokens, engine._seek_lex)):
            rows = [doc_tokens([by_slot[s]], side)[0] if s in by_slot else () for s in range(len(store))]
            assert list(store.rows()) == rows  # a tombstone has no tokens
            reference = LexicalIndex(rows, engine.params.k1, engine.params.b)  # BM25 over tuples, as before
            assert index.matrix.vocab_dict == reference.matrix.vocab_dict
            for name in ("data", "indices", "indptr"):
                assert np.array_equal(index.matrix.scores[name], reference.matrix.scores[name])
        for slot, d in by_slot.items():
            assert engine._offer_units(slot) == tuple(Unit(u.lang, u.text, "", u.concepts)
                                                      for u in doc_units(d, "offer"))
        if not expected_tombstones:  # the same slots as an engine built on the live docs
            fresh = MatchingEngine(embedder, None)
            fresh.rebuild([by_slot[s] for s in sorted(by_slot)])
            assert _answers(engine) == _answers(fresh)

    engine.upsert([changed, extra])
    engine.remove(["t:4"])
    live.update({changed.doc_id: changed, extra.doc_id: extra})
    del live["t:4"]
    check(expected_tombstones=2)
    waterjet = dataclasses.replace(DOCS[2], seek="We need carbon frames cut by waterjet.")
    engine.upsert([waterjet])  # a third tombstone: past the limit, compacted
    live[waterjet.doc_id] = waterjet
    check(expected_tombstones=0)
    reloaded = MatchingEngine(embedder, tmp_path / "matching")
    assert reloaded.ensure_consistent(lambda: list(live.values())) == "loaded"
    assert _answers(reloaded) == _answers(engine)


def test_row_file_reads_what_numpy_reads(tmp_path):
    """Rows read with pread — any order, repeats, runs, single runs — are numpy's rows of the same file, bit for
    bit; rows outside the file and a truncated file are refused."""
    rng = np.random.default_rng(5)
    matrix = rng.standard_normal((500, 24)).astype(np.float16)
    path = tmp_path / "units.npy"
    np.save(path, matrix)
    rows_file = RowFile(path)
    assert len(rows_file) == 500 and rows_file.shape == (500, 24)
    for rows in ([0], [499], [3, 4, 5, 9, 10, 2, 2, 400], rng.integers(0, 500, 300), np.arange(500), []):
        got = rows_file.read(np.asarray(rows, dtype=np.int64))
        assert got.shape == (len(rows), 24)
        assert np.array_equal(got.view(np.uint16), matrix[np.asarray(rows, dtype=np.int64)].view(np.uint16))
    runs = rows_file.read_runs([10, 0, 490], [3, 0, 10])
    assert np.array_equal(runs.view(np.uint16), np.concatenate([matrix[10:13], matrix[490:500]]).view(np.uint16))
    assert np.array_equal(rows_file.read_run(7, 4).view(np.uint16), matrix[7:11].view(np.uint16))
    for bad in ([500], [-1]):
        with pytest.raises(IndexError):
            rows_file.read(bad)
    with pytest.raises(IndexError):
        rows_file.read_run(498, 3)
    store = UnitStore(rows_file, [3, 0, 497])
    assert np.array_equal(store.get(0), matrix[:3].astype(np.float32)) and store.get(1).shape[0] == 0
    query = rng.standard_normal(24).astype(np.float32)
    best = store.max_sim(np.array([2, 0, 1]), np.zeros((3, 24), np.float32), query)
    expected = [float((matrix[3:].astype(np.float32) @ query).max()), float((matrix[:3].astype(np.float32) @ query).max()),
                0.0]
    assert best.tolist() == pytest.approx(expected, abs=0) and best.dtype == np.float32
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ValueError):
        RowFile(path)
