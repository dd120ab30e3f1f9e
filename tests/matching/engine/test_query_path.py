"""The cold query path's mechanics answer what the full passes answered: BM25 from the postings of the query's
tokens equals bm25s's scoring of every slot, the lexical top-k from the slots that scored equals a full sort, and
cached filter masks follow every change of the index."""

from __future__ import annotations

import random

import numpy as np
import pytest

from matching.engine.lexical import LexicalIndex, top_slots
from tests.factories.matching import DOCS


def _corpus(n: int, seed: int = 5) -> list[tuple[str, ...]]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(300)] + ["§cnc", "§casting", "§leather"]
    weights = [1 / (i + 1) for i in range(len(words))]  # Zipf-like: some postings are long, most short
    rows = []
    for slot in range(n):
        if slot % 17 == 0:
            rows.append(())  # a tombstoned or empty slot
            continue
        rows.append(tuple(rng.choices(words, weights, k=rng.randint(3, 40))))
    return rows


def _full_top(scores: np.ndarray, allowed: np.ndarray, n: int) -> np.ndarray:
    """The reference: every slot sorted by score (best first, then lower slot), the positive allowed ones."""
    masked = np.where(allowed, scores, 0.0)
    order = np.lexsort((np.arange(len(scores)), -masked))
    return order[masked[order] > 0][:n]


def test_postings_scores_equal_bm25s_scores_of_every_slot():
    """BM25 summed from the query tokens' postings is bit for bit what bm25s computes over all slots (given the
    same token lists, an empty slot as one empty word)."""
    import bm25s

    tokens = _corpus(3000)
    index = LexicalIndex(tokens)
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index([list(t) or [""] for t in tokens], show_progress=False)
    rng = random.Random(8)
    vocabulary = sorted({t for row in tokens for t in row})
    for _ in range(50):
        query = rng.sample(vocabulary, rng.randint(1, 6)) + ["unknown-word", ""]
        if rng.random() < 0.3:
            query.append(query[0])  # a repeated token counts twice, as in bm25s
        ids = [reference.vocab_dict[t] for t in query if t and t in reference.vocab_dict]
        expected = np.asarray(reference.get_scores_from_ids(ids), dtype=np.float32)
        assert np.array_equal(index.scores(query), expected)
    assert not index.scores(["unknown-word"]).any()
    assert len(index.scores([])) == len(tokens)


@pytest.mark.parametrize("share", [1.0, 0.5, 0.03, 0.0])
def test_top_slots_equal_a_full_sort(share):
    """The top-k read from the slots that scored equals sorting every slot, filters and ties included."""
    tokens = _corpus(5000)
    index = LexicalIndex(tokens)
    rng = np.random.default_rng(3)
    allowed = rng.random(len(tokens)) < share
    vocabulary = sorted({t for row in tokens for t in row})
    for i in range(40):
        query = [vocabulary[(i * 7 + j) % len(vocabulary)] for j in range(1 + i % 4)]
        scores = index.scores(query)
        scores[rng.integers(0, len(scores), 20)] = 1.0  # exact ties around the cut
        for n in (1, 10, 100, 10_000):
            assert np.array_equal(top_slots(scores, allowed, n), _full_top(scores, allowed, n))


def test_search_answers_the_same_with_the_full_lexical_pass(engine, embedder):
    """A search through the engine ranks exactly as an engine on the same docs whose lexical top is the previous
    full pass over every slot."""
    from matching.engine.engine import MatchingEngine

    class FullPassEngine(MatchingEngine):
        def _lexical_top(self, scores, allowed, n):
            return _full_top(scores, allowed, n).astype(np.int64)

    reference = FullPassEngine(embedder, None)
    reference.rebuild(DOCS)
    queries = [("aluminium CNC machining partner", "en", None), ("알루미늄 CNC 가공", "ko", None),
               ("leather", "en", {"kind": "maker"}), ("금형 설계", "ko", {"region": "KR-11"})]
    fast = {(q, mode): [(m.doc_id, m.score) for m in engine.search(q, lang, filters=f, mode=mode, explain=False)]
            for q, lang, f in queries for mode in ("hybrid", "lexical")}
    slow = {(q, mode): [(m.doc_id, m.score) for m in reference.search(q, lang, filters=f, mode=mode, explain=False)]
            for q, lang, f in queries for mode in ("hybrid", "lexical")}
    assert fast == slow
    assert any(fast.values())


def test_cached_filter_masks_follow_changes(make_engine):
    """A filter answered once is answered again after docs change: the cached mask is not reused stale."""
    engine = make_engine(directory=None)
    makers = {m.doc_id for m in engine.search("machining", "en", filters={"kind": "maker"}, k=50, explain=False)}
    assert makers
    gone = sorted(makers)[0]
    engine.remove([gone], save=False)
    again = {m.doc_id for m in engine.search("machining", "en", filters={"kind": "maker"}, k=50, explain=False)}
    assert gone not in again
    doc = next(d for d in DOCS if d.doc_id == sorted(makers)[-1])
    from dataclasses import replace

    engine.upsert([replace(doc, kind="lab", trl=6)], save=False)
    labs = {m.doc_id for m in engine.search("machining", "en", filters={"kind": "lab"}, k=50, explain=False)}
    makers_now = {m.doc_id for m in engine.search("machining", "en", filters={"kind": "maker"}, k=50,
                                                  explain=False)}
    assert doc.doc_id in labs and doc.doc_id not in makers_now
