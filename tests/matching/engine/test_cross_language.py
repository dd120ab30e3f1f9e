"""Cross-language search with language-aware fusion and the technology glossary (#22): a need written in a
language no doc is written in ranks by meaning and by the glossary concepts that bridge every language, not by a
words signal that cannot fire; its exact match in another language comes first."""

from __future__ import annotations

import numpy as np
import pytest

from tests.factories.matching import DOCS, doc

MACHINES = [
    doc("t:20", "ip_holder", "ko", "회전수에 따라 예압을 바꾸는 주축 베어링 구조",
        "공작기계 주축의 회전수에 맞춰 베어링 예압을 유압으로 바꿔, 고속에서는 발열을 줄이고 저속에서는 강성을 "
        "높입니다.", trl=5, license_terms=("license",), region="KR-11"),
    doc("t:21", "lab", "ko", "6가 크롬을 대체하는 3가 크롬 도금",
        "작은 도금 공장에서도 쓸 수 있는 3가 크롬 도금 공정으로 6가 크롬 없이 같은 광택과 내식성을 냅니다.",
        trl=6, license_terms=("joint_development",), region="KR-11"),
    doc("t:22", "lab", "en", "Low-VOC vegetable-oil offset ink",
        "An offset printing ink made from vegetable esters with very low VOC emissions, for small print shops.",
        trl=6, license_terms=("license",), region="FI"),
]


@pytest.fixture(scope="module")
def bridge_engine(embedder):
    from matching.engine.engine import MatchingEngine

    built = MatchingEngine(embedder, None)
    built.rebuild(DOCS + MACHINES)
    return built


@pytest.mark.parametrize(("query", "lang", "expected"), [
    ("工作機械の主軸ベアリングの予圧を回転数で変えたい", "ja", "t:20"),
    ("旧机床主轴轴承预紧力随转速调整", "zh_Hans", "t:20"),
    ("六価クロムめっきを置き換えたい", "ja", "t:21"),
    ("thay thế mạ crom hóa trị sáu", "vi", "t:21"),
    ("mực in offset ít VOC", "vi", "t:22"),
    ("오래된 선반의 베어링 고장을 진동 센서로 미리 알고 싶어요", "ko", "t:4"),
    ("저VOC 오프셋 인쇄 잉크", "ko", "t:22"),
])
def test_the_exact_match_in_another_language_ranks_first(bridge_engine, query, lang, expected):
    """A Japanese, Chinese or Vietnamese need finds the Korean listing first; a Korean need finds the English-only
    one first."""
    assert bridge_engine.search(query, lang, k=3)[0].doc_id == expected


def test_a_bearing_is_not_a_ring(bridge_engine):
    """ベアリング (bearing) is one word: the jewelry workshop that makes rings is not suggested for it."""
    found = [m.doc_id for m in bridge_engine.search("ベアリングの予圧", "ja", k=5)]
    assert found[0] == "t:20"
    assert "p:5" not in found[:3]
    explanation = bridge_engine.search("ベアリングの予圧", "ja", k=1)[0].explanation
    assert "machine_metal.bearing" in {c.id for c in explanation.concepts}
    assert "jewelry.ring" not in {c.id for c in explanation.concepts}


def test_a_query_in_a_language_no_doc_has_ranks_by_concepts_not_by_words(bridge_engine):
    """The Japanese query's words match no doc, so none of its score comes from words; the glossary concepts carry
    the lexical part instead, and the Korean need's own words still count."""
    japanese = bridge_engine.search("六価クロムめっきを置き換えたい", "ja", k=1)[0]
    assert japanese.contributions["words"] == 0
    assert japanese.contributions["tags"] > 0
    korean = bridge_engine.search("6가 크롬 도금 대체", "ko", k=1)[0]
    assert korean.doc_id == "t:21" and korean.contributions["words"] > 0


def test_unknown_words_give_their_share_to_concepts():
    """fuse(): with none of the query's words known, the words' share goes to the concepts; with all known, the
    weights are the configured ones (suggestions and same-language queries are unchanged)."""
    from matching.engine.ranking import fuse

    meaning = np.array([0.2, 0.6], dtype=np.float32)
    words = np.array([0.0, 0.0], dtype=np.float32)
    tags = np.array([3.0, 1.0], dtype=np.float32)
    unknown, parts = fuse(meaning, words, tags, alpha=0.3, tags_share=0.8, known=0.0)
    assert parts["tags"][0] == pytest.approx(0.7)
    known, parts = fuse(meaning, words, tags, alpha=0.3, tags_share=0.8, known=1.0)
    assert parts["tags"][0] == pytest.approx(0.7 * 0.8)
    assert unknown[0] > known[0]


def test_a_doc_in_another_language_is_scored_without_the_words_it_cannot_share():
    """fuse(): a doc with no text in the query's language is scored on meaning and concepts reweighted to the full
    scale when that is higher, its contributions still adding up to its score; docs in the query's language keep
    their ordinary score, and without the mark nothing changes."""
    from matching.engine.ranking import fuse

    meaning = np.array([0.2, 0.6, 0.9], dtype=np.float32)
    words = np.array([4.0, 0.0, 0.0], dtype=np.float32)
    tags = np.array([1.0, 2.0, 2.0], dtype=np.float32)
    plain, _ = fuse(meaning, words, tags, alpha=0.3, tags_share=0.8)
    other = np.array([False, True, False])
    marked, parts = fuse(meaning, words, tags, alpha=0.3, tags_share=0.8, other_language=other)
    readable = 0.3 + 0.7 * 0.8
    assert marked[1] == pytest.approx((0.3 * (0.6 - 0.2) / 0.7 + 0.7 * 0.8 * 1.0) / readable)
    assert marked[1] > plain[1] and parts["words"][1] == 0
    assert marked[0] == pytest.approx(plain[0]) and marked[2] == pytest.approx(plain[2])
    assert sum(parts.values()) == pytest.approx(marked)
    assert np.allclose(fuse(meaning, words, tags, 0.3, 0.8, other_language=np.zeros(3, bool))[0], plain)


def test_the_multilingual_weights_keep_suggestions_as_they_were():
    """Search uses the re-tuned weights; suggestions keep theirs (0.6 and 0.6), and MATCHING_FUSION round-trips."""
    from matching.engine.embeddings import DEFAULT_MODEL_ID
    from matching.engine.ranking import FusionParams

    params = FusionParams.for_model(DEFAULT_MODEL_ID)
    assert params.alpha("ja") == 0.3 and params.alpha("vi") == 0.0 and params.tags_share == 0.8
    assert params.suggest_alpha("ko") == 0.6 and params.suggest_share == 0.6
    assert FusionParams.from_dict(params.to_dict()) == params
    assert FusionParams().suggest_alpha("ko") == FusionParams().alpha("ko")


def test_the_eval_pairs_each_cross_language_query_with_its_same_language_siblings(engine):
    """The report compares a cross-language query with the same need asked in the docs' language (same relevant
    docs), and the text report prints both; queries without a sibling are left out of the pairing."""
    from matching.evaluation import evaluate, format_report, resolve

    records = [{"query": "chrome-free tanning process", "lang": "en", "relevant_ids": ["t:1"], "_line": 1},
               {"query": "크롬을 쓰지 않는 무두질", "lang": "ko", "relevant_ids": ["t:1"], "_line": 2},
               {"query": "wireless mould temperature", "lang": "en", "relevant_ids": ["t:2"], "_line": 3}]
    queries, _ = resolve(records, DOCS)
    assert [q.group for q in queries] == ["cross-language", "same-language", "same-language"]
    report = evaluate(engine, queries)
    paired = report["paired"]
    assert paired["queries"] == 1
    assert paired["same-language"]["hybrid"] == report["by_lang"]["ko"]["hybrid"]
    assert paired["cross-language"]["hybrid"]["hit@10"] == 1.0
    assert "-- paired cross-language (1 cross-language queries" in format_report(report)


def test_the_labelled_queries_split_into_two_fixed_halves():
    """half_of() splits by the SHA-1 of the query text: stable, and both halves of the shipped file are sizeable."""
    from pathlib import Path

    from matching.evaluation import half_of, read_queries

    records = read_queries(Path(__file__).resolve().parents[3] / "matching" / "data" / "eval_queries.jsonl")
    halves = [half_of(r["query"]) for r in records]
    assert set(halves) == {"A", "B"} and min(halves.count("A"), halves.count("B")) >= len(records) // 3
    assert half_of("알루미늄 CNC 가공") == half_of("알루미늄 CNC 가공")


def test_a_saved_index_of_another_analysis_is_rebuilt(make_engine, tmp_path):
    """A saved generation whose tokens came from another analysis (an older glossary) is rebuilt on load, so new
    glossary concepts reach every doc; the same analysis loads as it is."""
    import json

    from matching.engine.engine import MatchingEngine

    engine = make_engine()
    directory = tmp_path / "matching"
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "loaded"
    current = directory / (directory / "CURRENT").read_text()
    meta = json.loads((current / "meta.json").read_text())
    meta["analyser"] = "1-an-older-glossary"
    (current / "meta.json").write_text(json.dumps(meta))
    assert MatchingEngine(engine.embedder, directory).ensure_consistent(lambda: list(DOCS)) == "rebuilt"
