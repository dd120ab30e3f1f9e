"""Matching across languages with the multilingual model (#22): exact cross-language matches first, one readable
score everywhere, complementary suggestions and no function words as reasons."""

from __future__ import annotations

import pytest

from tests.factories.matching import DOCS, doc

JEWELRY = [
    doc("p:21", "maker", "ko", "은하주얼리",
        "종로에서 금과 은 반지를 로스트왁스 주조로 만들고 보석 세팅과 각인까지 합니다.",
        "우리 반지를 수입해 판매할 해외 바이어를 찾습니다."),
    doc("p:22", "maker", "ko", "별빛귀금속",
        "종로 공방에서 은반지와 금반지를 로스트왁스 주조와 수작업 연마로 만듭니다.",
        "주조기를 함께 쓸 공방을 찾습니다."),
    doc("p:23", "buyer", "en", "Tokyo Jewel Imports",
        "We import handmade gold and silver rings from Korean workshops and sell them in Japan.",
        "Looking for Seoul workshops that make gold and silver rings for export in small quantities."),
    doc("p:24", "startup", "en", "Ringlab",
        "An app that scans a finger and orders a custom ring.",
        "Looking for a workshop that casts our custom silver rings."),
]


@pytest.fixture(scope="module")
def jewelry_engine(embedder):
    from matching.engine.engine import MatchingEngine

    built = MatchingEngine(embedder, None)
    built.rebuild(DOCS + JEWELRY)
    return built


@pytest.mark.parametrize(("query", "lang", "expected"), [
    ("ロストワックス鋳造で金と銀の指輪を作る工房", "ja", "p:5"),
    ("用失蜡铸造制作金银戒指的作坊", "zh_Hans", "p:5"),
    ("온도가 떨어지면 휴대폰으로 알려주는 사출 금형 무선 온도 감시", "ko", "t:2"),
    ("clamp-on sensor that predicts bearing failure on an old lathe", "en", "t:4"),
])
def test_exact_cross_language_matches_rank_first(engine, query, lang, expected):
    """A Japanese or Chinese need finds the Korean workshop first; a Korean need finds the English lab first."""
    assert engine.search(query, lang, k=3)[0].doc_id == expected


def test_one_readable_score_below_100_percent_unless_the_same_text(engine):
    """The shown score is calibrated 0..1 and reaches 1 only for the same text, never for a partial match."""
    partial = engine.search("CNC machining of aluminium drone arms", "en", k=5)
    assert all(0 < m.confidence < 1 for m in partial)
    same = engine.search(DOCS[3].offer, "en", k=1)[0]
    assert same.doc_id == DOCS[3].doc_id and same.confidence == 1.0


def test_a_suggestion_reads_the_same_score_from_both_sides(jewelry_engine):
    """The pair's score is the same in A's suggestions and in B's (alerts use the same number)."""
    forward = {m.doc_id: m.confidence for m in jewelry_engine.suggest("p:21", k=10, explain=False)}
    backward = {m.doc_id: m.confidence for m in jewelry_engine.suggest("p:23", k=10, explain=False)}
    assert forward["p:23"] == pytest.approx(backward["p:21"])


def test_a_maker_seeking_buyers_gets_buyers_before_competitors(jewelry_engine):
    """A jewelry maker looking for overseas buyers gets the buyer (and the startup that needs it) before
    another workshop offering the same thing."""
    ranked = [m.doc_id for m in jewelry_engine.suggest("p:21", k=10, explain=False)]
    assert ranked[0] in ("p:23", "p:24") and "p:23" in ranked
    assert "p:22" not in ranked or ranked.index("p:23") < ranked.index("p:22")


def test_function_words_are_never_shown_as_shared_words(engine):
    """"Shares the words" lists content words only: for, and, on, that never appear."""
    matches = engine.search("shoes for boutique brands and that stitching on the upper", "en", k=3)
    words = {w for m in matches for w in m.explanation.words}
    assert words and not words & {"for", "and", "on", "that", "the"}
