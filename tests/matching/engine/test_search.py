"""Hybrid search: across languages, with kinds and filters, explained, and refusing bad input clearly."""

from __future__ import annotations

import pytest

from matching.engine import (
    EmptyQueryError,
    InvalidFilterError,
    InvalidParameterError,
    MatchingError,
    QueryTooLongError,
    UnknownFilterError,
    UnknownKindError,
)


def _ids(matches):
    return [m.doc_id for m in matches]


def test_korean_query_finds_english_only_profiles(engine):
    """A Korean need finds the English-only workshop and lab (offline model + glossary bridge)."""
    top = _ids(engine.search("알루미늄 하우징 5축 CNC 가공과 아노다이징", "ko", kinds=["maker"], k=3))
    assert "p:2" in top[:2]  # English-only Hanul Metal Works
    assert _ids(engine.search("진동 센서로 오래된 CNC 선반의 고장을 예측하고 싶습니다", "ko", k=3))[0] == "t:4"


def test_english_query_finds_korean_only_listings(engine):
    """An English need finds the Korean-only listings."""
    assert _ids(engine.search("chrome-free leather tanning process", "en", k=3))[0] == "t:1"
    assert _ids(engine.search("metal 3D printing of injection moulds with cooling channels", "en", k=3))[0] == "t:3"


def test_each_mode_ranks(engine):
    """Dense-only, lexical-only and hybrid each answer; lexical-only needs shared words or concepts."""
    for mode in ("dense", "lexical", "hybrid"):
        assert _ids(engine.search("vibration sensor for old CNC lathes", "en", k=2, mode=mode))[0] == "t:4"
    assert engine.search("zzzqqq xyzzy", "en", mode="lexical") == []
    assert len(engine.search("zzzqqq xyzzy", "en", mode="dense", k=3)) == 3


def test_kinds_filters_and_own_organisation(engine):
    """Kinds, cluster, region, TRL and licensing filters narrow the results; the asker's org is left out."""
    makers = engine.search("aluminium machining", "en", kinds=["maker"], k=10)
    assert makers and {m.doc.kind for m in makers} == {"maker"}
    mullae = engine.search("machining", "en", filters={"cluster": ["mullae"]}, k=10)
    assert set(_ids(mullae)) == {"p:1", "p:2"}
    assert "p:2" not in _ids(engine.search("machining", "en", filters={"cluster": "mullae"},
                                           exclude_org_id=2, k=10))
    trl = engine.search("technology", "en", filters={"trl_min": 5, "trl_max": 6}, k=10)
    assert set(_ids(trl)) == {"t:1", "t:2"}
    sale = engine.search("sensor", "en", filters={"license_terms": ["sale"]}, k=10)
    assert _ids(sale) == ["t:4"]
    assert set(_ids(engine.search("shoes", "en", filters={"region": ["JP", "DE"]}, k=10))) == {"p:6", "t:4"}
    assert engine.search("shoes", "en", filters={"cluster": "nowhere"}) == []
    assert engine.search("shoes", "en", kinds=["buyer"], filters={"kind": "lab"}) == []


def test_explanation_names_concepts_sentences_and_signals(engine):
    """A result explains itself: shared concepts in the viewer's language, the best sentence of each side, and
    the signals with their shares."""
    match = engine.search("알루미늄 CNC 밀링 가공. 드론 프레임 시제품이 필요합니다.", "ko", kinds=["maker"],
                          viewer_lang="en", k=1)[0]
    assert match.doc_id in ("p:1", "p:2")
    explanation = match.explanation
    labels = {c.label for c in explanation.concepts}
    assert {"aluminium", "CNC milling"} & labels
    assert all(c.id.startswith(("machine_metal.", "general.")) for c in explanation.concepts)
    assert explanation.query_sentence in ("알루미늄 CNC 밀링 가공.", "드론 프레임 시제품이 필요합니다.")
    assert explanation.doc_sentence and explanation.doc_sentence in match.doc.offer + match.doc.title
    codes = [r.code for r in explanation.reasons]
    assert "concepts" in codes or "meaning" in codes
    shares = [r.contribution for r in explanation.reasons if r.contribution is not None]
    assert all(0 < s <= 1 for s in shares)
    assert abs(sum(match.contributions.values()) - match.score) < 1e-4
    assert set(match.signals) >= {"meaning", "words", "tags"}
    korean = engine.search("알루미늄 CNC 밀링 가공", "ko", kinds=["maker"], viewer_lang="ko", k=1)[0]
    assert {"알루미늄", "CNC 밀링"} & {c.label for c in korean.explanation.concepts}


def test_cross_language_reason_and_messages(app, engine):
    """An English-only result for a Korean query says it was found across languages; reasons render as text."""
    matches = engine.search("크롬을 쓰지 않는 가죽 무두질", "ko", kinds=["maker", "buyer"], k=5, viewer_lang="en")
    english = next(m for m in matches if m.doc.lang == "en" and not m.doc.translations)
    codes = {r.code: r for r in english.explanation.reasons}
    assert codes["cross_language"].params == {"query_lang": "ko", "doc_lang": "en"}
    with app.test_request_context("/"):
        messages = [r.message for r in english.explanation.reasons]
    assert any("한국어" in m and "English" in m for m in messages)


@pytest.mark.parametrize(("kwargs", "error", "field"), [
    ({"text": "   "}, EmptyQueryError, "q"),
    ({"text": "?!…"}, EmptyQueryError, "q"),
    ({"text": None}, EmptyQueryError, "q"),
    ({"text": "steel " * 2000}, QueryTooLongError, "q"),
    ({"kinds": ["wizard"]}, UnknownKindError, "kinds"),
    ({"filters": {"colour": "red"}}, UnknownFilterError, "colour"),
    ({"filters": {"kind": "robot"}}, UnknownKindError, "kind"),
    ({"filters": {"trl_min": 12}}, InvalidFilterError, "trl_min"),
    ({"filters": {"trl_min": "high"}}, InvalidFilterError, "trl_min"),
    ({"filters": {"trl_min": 7, "trl_max": 3}}, InvalidFilterError, "trl_min"),
    ({"filters": {"license_terms": ["free"]}}, InvalidFilterError, "license_terms"),
    ({"filters": {"cluster": 7}}, InvalidFilterError, "cluster"),
    ({"filters": ["cluster"]}, InvalidFilterError, "filters"),
    ({"k": 0}, InvalidParameterError, "k"),
    ({"k": 1000}, InvalidParameterError, "k"),
    ({"lang": "xx"}, InvalidParameterError, "lang"),
    ({"mode": "magic"}, InvalidParameterError, "mode"),
])
def test_bad_input_raises_clear_value_errors(engine, kwargs, error, field):
    """Every kind of bad input raises a ValueError subclass with a code, a message and the field."""
    arguments = {"text": "aluminium machining", "lang": "en", **kwargs}
    with pytest.raises(error) as caught:
        engine.search(**arguments)
    assert isinstance(caught.value, MatchingError) and isinstance(caught.value, ValueError)
    assert caught.value.field == field and caught.value.code and len(caught.value.message) > 10


def test_a_huge_but_allowed_query_still_answers(engine):
    """A long query under the limit (many sentences) is answered."""
    text = " ".join(["We need CNC machining of aluminium drone arms."] * 60)
    assert engine.search(text, "en", k=1)[0].doc.kind in ("maker", "startup")


def test_empty_engine_answers_nothing(make_engine):
    """Searching before anything is indexed returns no matches."""
    assert make_engine(docs=[], directory=None).search("steel", "en") == []


def test_bad_docs_are_left_out_not_fatal(make_engine):
    """A doc given twice or of an unknown kind is skipped (logged); the rest is indexed."""
    import dataclasses

    from tests.factories.matching import DOCS

    docs = [*DOCS[:3], DOCS[0], dataclasses.replace(DOCS[4], kind="alien")]
    engine = make_engine(docs=docs, directory=None)
    assert engine.doc_ids() == sorted(d.doc_id for d in DOCS[:3])
