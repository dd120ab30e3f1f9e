"""The index on disk: atomic generations, start-up consistency with the database, updates without a rebuild,
and stale or corrupt files that never stop the service."""

from __future__ import annotations

import dataclasses
import json

from matching.engine.embeddings import Embedder, EmbeddingCache
from matching.engine.engine import MatchingEngine
from tests.factories.matching import DOCS, doc

BY_ID = {d.doc_id: d for d in DOCS}


def _generations(directory):
    return sorted(p.name for p in directory.iterdir() if p.is_dir())


def _no_model_embedder(embedder):
    """An embedder sharing the session's model but no cache: anything it returns was encoded now."""
    fresh = Embedder(None, EmbeddingCache(None), memory_items=0)
    fresh._model, fresh._dim = embedder.model, embedder.dim
    return fresh


def test_rebuild_writes_a_new_generation_and_swaps_current(make_engine, tmp_path):
    """Each save is a complete generation directory; CURRENT names the newest; older ones are pruned."""
    engine = make_engine()
    directory = tmp_path / "matching"
    first = (directory / "CURRENT").read_text()
    assert {"index.faiss", "state.npz", "meta.json"} <= {p.name for p in (directory / first).iterdir()}
    meta = json.loads((directory / first / "meta.json").read_text())
    assert meta["count"] == len(DOCS) and meta["dim"] == 512 and meta["model"] == "use-multilingual-v3"
    assert meta["index"] == "exact" and len(meta["ids_digest"]) == 64
    engine.rebuild(DOCS)
    second = (directory / "CURRENT").read_text()
    engine.rebuild(DOCS)
    third = (directory / "CURRENT").read_text()
    assert len({first, second, third}) == 3
    assert _generations(directory) == sorted([second, third])  # the previous one stays for slow readers
    assert not list(directory.glob("CURRENT.*"))


def test_start_up_loads_a_consistent_index_without_embedding(make_engine, embedder, tmp_path):
    """A new process finds the saved index in agreement with the database and loads it as it is."""
    built = make_engine()
    fresh = MatchingEngine(_no_model_embedder(embedder), tmp_path / "matching")
    assert fresh.ensure_consistent(lambda: list(DOCS)) == "loaded"
    assert fresh.embedder.encoded == 0
    assert fresh.generation == built.generation and len(fresh) == len(DOCS)
    query = ("chrome-free leather tanning", "en")
    assert [m.doc_id for m in fresh.search(*query, explain=False)] == \
        [m.doc_id for m in built.search(*query, explain=False)]
    assert fresh.search("알루미늄 CNC 가공", "ko", k=1)[0].explanation.doc_sentence


def test_start_up_applies_what_changed_while_it_was_down(make_engine, embedder, tmp_path):
    """Added, changed and deleted docs are applied to the saved index (count and ids checked)."""
    make_engine()
    changed = dataclasses.replace(DOCS[1], offer="We now only sew canvas tote bags for museum shops.")
    added = doc("p:30", "maker", "en", "Doksan Knit", "Circular knitting of merino sweaters in Doksan.")
    database = [changed, added] + [d for d in DOCS[2:] if d.doc_id != "t:4"]
    fresh = MatchingEngine(embedder, tmp_path / "matching")
    assert fresh.ensure_consistent(lambda: database) == "updated"
    assert fresh.doc_ids() == sorted(d.doc_id for d in database)
    assert fresh.search("merino sweater knitting", "en", k=1)[0].doc_id == "p:30"
    assert fresh.search("canvas tote bags", "en", k=1)[0].doc_id == "p:2"
    assert "t:4" not in [m.doc_id for m in fresh.search("vibration sensor lathe", "en", k=20)]
    again = MatchingEngine(fresh.embedder, tmp_path / "matching")
    assert again.ensure_consistent(lambda: database) == "loaded"


def test_large_disagreement_rebuilds(make_engine, tmp_path):
    """When most docs differ from the saved index, it is rebuilt rather than patched."""
    engine = make_engine()
    others = [dataclasses.replace(d, doc_id=f"p:{200 + i}") for i, d in enumerate(DOCS)]
    fresh = MatchingEngine(engine.embedder, tmp_path / "matching", tombstone_limit=0.2)
    assert fresh.ensure_consistent(lambda: others) == "rebuilt"
    assert fresh.doc_ids() == sorted(d.doc_id for d in others)


def test_corrupt_or_foreign_files_are_rebuilt_not_fatal(make_engine, tmp_path):
    """A truncated FAISS file, broken metadata, a missing generation or another model's index are rebuilt."""
    engine = make_engine()
    directory = tmp_path / "matching"

    def current():
        return directory / (directory / "CURRENT").read_text()

    (current() / "index.faiss").write_bytes(b"\x00" * 64)
    fresh = MatchingEngine(engine.embedder, directory)
    assert fresh.ensure_consistent(lambda: list(DOCS)) == "rebuilt"
    assert fresh.search("leather shoes", "en", k=1)

    (current() / "meta.json").write_text("{not json")
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "rebuilt"

    meta = json.loads((current() / "meta.json").read_text())
    meta["model"] = "another/model"
    (current() / "meta.json").write_text(json.dumps(meta))
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "rebuilt"

    meta = json.loads((current() / "meta.json").read_text())
    meta["count"] += 1  # metadata that does not describe the saved arrays
    (current() / "meta.json").write_text(json.dumps(meta))
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "rebuilt"

    (directory / "CURRENT").write_text("gen-that-does-not-exist")
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "rebuilt"
    (directory / "tmp-gen-half-written").mkdir()  # a crashed writer's leftovers are ignored
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "loaded"


def test_upsert_and_remove_without_rebuild(make_engine, embedder, tmp_path):
    """A changed doc is re-embedded alone and replaces its old vector; a filter-only change re-embeds nothing;
    removed docs disappear; each change is saved."""
    engine = make_engine()
    generation = engine.generation
    before = embedder.encoded
    changed = dataclasses.replace(DOCS[3], offer="Hand-sewn leather dog collars and leashes.",
                                  seek="We want a supplier of brass buckles.")
    moved = dataclasses.replace(DOCS[0], cluster="guro-geumcheon")
    counts = engine.upsert([changed, moved, DOCS[2]])
    assert counts == {"added": 0, "changed": 1, "updated": 1, "unchanged": 1}
    assert embedder.encoded - before <= 3  # only the new sentences of the changed doc
    assert engine.stats()["tombstones"] == 1 and engine.generation != generation
    assert engine.search("leather dog collars", "en", k=1)[0].doc_id == "p:4"
    shoes = engine.search("Goodyear welted bespoke shoes", "en", k=11, mode="dense")
    assert [m.doc_id for m in shoes].count("p:4") == 1  # the old vector is tombstoned, never returned
    old_text = next(m for m in shoes if m.doc_id == "p:4")
    assert old_text.explanation.doc_sentence.rstrip(".") in changed.title + " " + changed.offer
    assert [m.doc_id for m in engine.search("machining", "en", filters={"cluster": "guro-geumcheon"})] == ["p:1"]
    assert engine.remove(["p:5", "p:404"]) == 1
    assert "p:5" not in [m.doc_id for m in engine.search("로스트왁스 주조 반지", "ko", k=20)]
    reloaded = MatchingEngine(embedder, tmp_path / "matching")
    current = [d for d in DOCS if d.doc_id not in ("p:5", "p:4", "p:1")] + [changed, moved]
    assert reloaded.ensure_consistent(lambda: current) == "loaded"


def test_hnsw_index_tombstones_and_compacts(make_engine):
    """Above the threshold the index is HNSW; changes tombstone old vectors, never returned, and the index
    compacts itself once tombstones pass the limit."""
    engine = make_engine(hnsw_threshold=5, tombstone_limit=0.25)
    assert engine.index_kind == "hnsw"
    first = dataclasses.replace(DOCS[4], offer="크롬 없는 무두질로 만든 친환경 가죽 원단을 판매합니다.")
    engine.upsert([first])
    assert engine.stats()["tombstones"] == 1
    results = [m.doc_id for m in engine.search("eco leather", "en", k=20)]
    assert results.count("t:1") == 1
    engine.upsert([dataclasses.replace(d, offer=d.offer + " Updated.") for d in DOCS[5:8]])
    assert engine.stats()["tombstones"] == 0 and engine.stats()["slots"] == len(DOCS)
    assert engine.index_kind == "hnsw"
    assert engine.search("wireless mould temperature", "en", k=1)[0].doc_id == "t:2"


def test_other_processes_pick_up_a_newer_generation(make_engine, embedder, tmp_path):
    """A web node reloads the generation a worker saved, reading only the changed docs."""
    worker = make_engine()
    node = MatchingEngine(embedder, tmp_path / "matching", reload_interval=0)
    assert node.ensure_consistent(lambda: list(DOCS)) == "loaded"
    changed = dataclasses.replace(BY_ID["p:7"], offer="Screen printing of posters and risograph zines.")
    requested = []

    def source(ids):
        requested.extend(ids)
        return [changed] if "p:7" in ids else []

    node.docs_source = source
    worker.upsert([changed])
    assert node.search("risograph zines", "en", k=1)[0].doc_id == "p:7"
    assert requested == ["p:7"] and node.generation == worker.generation
