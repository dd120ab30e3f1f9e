"""The evaluation harness: metrics computed by hand, the labelled file format, a report per mode."""

from __future__ import annotations

import json
import math

import pytest

from matching.evaluation import (
    EvalFileError,
    evaluate,
    hit_at,
    ndcg_at,
    read_queries,
    recall_at,
    reciprocal_rank,
    resolve,
    score_ranking,
)
from tests.factories.matching import DOCS


def test_metrics_on_a_hand_computed_ranking():
    """Relevant b and d at ranks 2 and 4 out of three relevant docs."""
    ranked, relevant = ["a", "b", "c", "d"], frozenset({"b", "d", "x"})
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg_at(ranked, relevant) == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert reciprocal_rank(ranked, relevant) == 0.5
    assert hit_at(ranked, relevant) == 1.0
    assert recall_at(ranked, relevant) == pytest.approx(2 / 3)
    assert score_ranking(["x"], frozenset({"x"})) == {"ndcg@10": 1.0, "mrr": 1.0, "hit@10": 1.0, "recall@10": 1.0}
    late = [f"n{i}" for i in range(10)] + ["x"]
    assert score_ranking(late, frozenset({"x"})) == {"ndcg@10": 0.0, "mrr": 0.0, "hit@10": 0.0, "recall@10": 0.0}


def test_labelled_file_is_read_and_refs_resolved(tmp_path):
    """Refs map to doc ids; unknown refs warn; queries without a known relevant doc are skipped."""
    path = tmp_path / "queries.jsonl"
    docs = [d.__class__(**{**d.__dict__, "external_ref": f"ref-{d.doc_id}"}) for d in DOCS]
    lines = [{"query": "무두질", "lang": "ko", "relevant_refs": ["ref-t:1", "ref-missing"]},
             {"query": "tanning", "lang": "en", "relevant_ids": ["t:1"], "kinds": ["ip_holder"]},
             {"query": "nothing", "lang": "en", "relevant_refs": ["ref-missing"]}]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n")
    queries, warnings = resolve(read_queries(path), docs)
    assert [q.relevant for q in queries] == [frozenset({"t:1"})] * 2
    assert queries[1].kinds == ("ip_holder",)
    assert queries[0].group == "same-language" and queries[1].group == "cross-language"
    assert len(warnings) == 3

    path.write_text('{"query": "x", "lang": "en", "relevant_refs": ["a"]}\n{broken\n')
    with pytest.raises(EvalFileError, match=":2:"):
        read_queries(path)
    path.write_text('{"query": "x", "lang": "en"}\n')
    with pytest.raises(EvalFileError, match="relevant"):
        read_queries(path)


def test_report_has_every_mode_and_metric(engine):
    """evaluate() reports the four metrics for dense, lexical and hybrid, overall and per language."""
    records = [{"query": "chrome-free tanning", "lang": "en", "relevant_ids": ["t:1"], "_line": 1},
               {"query": "알루미늄 CNC 가공", "lang": "ko", "relevant_ids": ["p:1", "p:2"], "_line": 2},
               {"query": "wireless mould temperature", "lang": "en", "relevant_ids": ["t:2"], "_line": 3}]
    queries, _ = resolve(records, DOCS)
    report = evaluate(engine, queries)
    for mode in ("dense", "lexical", "hybrid"):
        assert set(report[mode]) == {"ndcg@10", "mrr", "hit@10", "recall@10"}
        assert all(0 <= v <= 1 for v in report[mode].values())
    assert report["hybrid"]["hit@10"] == 1.0
    assert set(report["by_lang"]) == {"en", "ko"} and report["by_lang"]["ko"]["queries"] == 1


def test_a_translated_twin_is_paired_with_its_named_original_and_shares_its_half(engine, tmp_path):
    """``twin_of`` pairs a cross-language query with the original it translates (not with every query that happens
    to share its relevant docs), puts it in its original's half, and is checked when the file is read."""
    from matching.evaluation import half_of, half_of_query

    original = "크롬을 쓰지 않는 무두질"
    records = [{"query": original, "lang": "ko", "relevant_ids": ["t:1"], "_line": 1},
               {"query": "무두질 공정 개선", "lang": "ko", "relevant_ids": ["t:1"], "_line": 2},
               {"query": "chrome-free tanning process", "lang": "en", "relevant_ids": ["t:1"], "_line": 3,
                "twin_of": original}]
    queries, warnings = resolve(records, DOCS)
    assert not warnings and [q.group for q in queries] == ["same-language", "same-language", "cross-language"]
    assert queries[2].twin_of == original and half_of_query(queries[2]) == half_of(original)
    assert half_of_query(queries[1]) == half_of("무두질 공정 개선")
    report = evaluate(engine, queries)
    alone = evaluate(engine, queries[:1])
    assert report["paired"]["queries"] == 1
    assert report["paired"]["same-language"]["hybrid"] == alone["hybrid"]
    assert report["paired"]["cross-language"]["hybrid"] == evaluate(engine, queries[2:])["hybrid"]

    _q, warnings = resolve([{**records[2], "twin_of": "no such query"}], DOCS)
    assert any("twin_of" in w for w in warnings)
    path = tmp_path / "queries.jsonl"
    for bad in ("", 3, "x"):
        path.write_text(json.dumps({"query": "x", "lang": "en", "relevant_ids": ["t:1"], "twin_of": bad}) + "\n")
        with pytest.raises(EvalFileError, match="twin_of"):
            read_queries(path)


def test_the_paired_gap_is_broken_down_by_direction_on_known_rankings():
    """Each cross-language query is paired with its twin family's same-language queries per direction "<query
    lang>→<doc lang>" (the doc side is the language set of its relevant docs, "mixed" when they differ), with
    both means, the gap (same − cross) and the number of pairs, in the report and in its text."""
    from matching.evaluation import format_report, report_rankings
    from tests.factories.matching import doc

    docs = [doc("t:1", "lab", "en", "Thermal drift compensation", "Spindle growth model."),
            doc("t:2", "lab", "ko", "절삭 조건 추천", "주축 회전수와 이송 속도를 추천합니다."),
            doc("p:3", "lab", "ko", "정밀 가공 연구실", "공작기계 연구",
                translations={"en": {"title": "Precision machining lab", "offer": "Machine tool research"}})]
    records = [{"query": "spindle thermal drift", "lang": "en", "relevant_ids": ["t:1"]},
               {"query": "주축 열변형 보정", "lang": "ko", "relevant_ids": ["t:1"], "twin_of": "spindle thermal drift"},
               {"query": "절삭 조건 추천", "lang": "ko", "relevant_ids": ["t:2"]},
               {"query": "cutting conditions advice", "lang": "en", "relevant_ids": ["t:2"], "twin_of": "절삭 조건 추천"},
               {"query": "切削条件の推奨", "lang": "ja", "relevant_ids": ["t:2"], "twin_of": "절삭 조건 추천"},
               {"query": "가공 연구실", "lang": "ko", "relevant_ids": ["t:1", "p:3"]},
               {"query": "加工の研究室", "lang": "ja", "relevant_ids": ["t:1", "p:3"], "twin_of": "가공 연구실"},
               {"query": "工作機械の研究", "lang": "ja", "relevant_ids": ["p:3"]}]
    queries, warnings = resolve([{**r, "_line": n} for n, r in enumerate(records, 1)], docs)
    assert not warnings
    assert [q.doc_lang for q in queries] == ["en", "en", "ko", "ko", "ko", "mixed", "mixed", "en+ko"]
    assert [q.group for q in queries] == ["same-language", "cross-language", "same-language", "cross-language",
                                          "cross-language", "same-language", "cross-language", "cross-language"]
    first, second, absent = ["t:1", "t:2", "p:3"], ["t:2", "t:1", "p:3"], ["x:1"]
    second_p = ["t:2", "p:3"]
    ranked = {"dense": [first, second, second, absent, first, first, absent, first],
              "lexical": [absent, first, second, first, second, second, first, second_p]}
    report = report_rankings(queries, ranked)
    paired = report["paired"]
    assert paired["queries"] == 4  # the last ja query has no same-language sibling
    directions = paired["by_direction"]
    assert set(directions) == {"ko→en", "en→ko", "ja→ko", "ja→mixed"}
    assert [block["pairs"] for block in directions.values()] == [1, 1, 1, 1]
    ko_en = directions["ko→en"]
    assert ko_en["cross-language"]["dense"]["ndcg@10"] == pytest.approx(1 / math.log2(3), abs=1e-4)
    assert ko_en["same-language"]["dense"]["ndcg@10"] == 1.0
    assert ko_en["gap"]["dense"]["ndcg@10"] == pytest.approx(1 - 1 / math.log2(3), abs=1e-4)
    assert ko_en["gap"]["lexical"]["ndcg@10"] == -1.0 and ko_en["gap"]["lexical"]["mrr"] == -1.0
    assert directions["en→ko"]["gap"]["dense"]["ndcg@10"] == 1.0
    assert directions["ja→ko"]["gap"]["dense"]["hit@10"] == 0.0
    assert directions["ja→ko"]["same-language"] == directions["en→ko"]["same-language"]
    # The overall paired figures are the direction blocks pooled, as before.
    assert paired["cross-language"]["dense"]["hit@10"] == 0.5
    text = format_report(report, modes=("dense", "lexical"))
    assert "-- paired nDCG@10 by direction" in text
    assert "   ko→en              1  dense        0.631    1.000   +0.369" in text
    assert "lexical      1.000    0.000   -1.000" in text
