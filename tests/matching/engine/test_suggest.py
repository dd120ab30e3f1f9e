"""Reciprocal suggestions: both directions count, one-sided fits rank lower, only compatible kinds."""

from __future__ import annotations

import pytest

from matching.documents import COMPATIBLE_KINDS
from matching.engine import UnknownDocError
from tests.factories.matching import DOCS, doc


def test_mutual_fit_ranks_above_one_sided(make_engine):
    """The startup needs machining: the shop that also wants drone startups beats an equally skilled shop that
    wants something else."""
    docs = [d for d in DOCS if d.doc_id not in ("p:1", "p:2")] + [
        doc("p:11", "maker", "en", "Mullae Precision",
            "CNC machining of aluminium parts on 5-axis mills, anodising included, prototypes welcome.",
            "We want drone and robotics startups that need prototype parts machined."),
        doc("p:12", "maker", "en", "Mullae Machining",
            "CNC machining of aluminium parts on 5-axis mills, anodising included, prototypes welcome.",
            "We want to buy a used press brake for sheet metal bending."),
    ]
    engine = make_engine(docs=docs, directory=None)
    matches = engine.suggest("p:3", k=5)
    ids = [m.doc_id for m in matches]
    assert ids.index("p:11") < ids.index("p:12")
    mutual, one_sided = matches[ids.index("p:11")], matches[ids.index("p:12")]
    assert mutual.signals["reciprocity"] > one_sided.signals["reciprocity"]
    assert "mutual" in {r.code for r in mutual.explanation.reasons}
    assert "one_sided" in {r.code for r in one_sided.explanation.reasons}
    assert mutual.explanation.query_sentence.startswith("We need a machine shop")


def test_only_compatible_kinds_and_never_the_own_organisation(engine):
    """A maker is shown the kinds COMPATIBLE_KINDS allows, never itself or its organisation."""
    for asker in ("p:1", "p:3", "t:2"):
        kind = engine.doc(asker).kind
        for match in engine.suggest(asker, k=20):
            assert match.doc.kind in COMPATIBLE_KINDS[kind]
            assert match.doc.org_id != engine.doc(asker).org_id


def test_listing_without_needs_is_matched_by_what_others_seek(engine):
    """A technology listing (no seek text) is suggested to those whose needs it answers."""
    matches = engine.suggest("t:1", k=3)  # chrome-free tanning, Korean only
    assert matches[0].doc_id in ("p:4", "p:2")  # both want chrome-free tanned leather
    assert matches[0].signals["reciprocity"] is None


def test_suggestions_for_an_unindexed_draft_and_filters(engine):
    """A doc that is not indexed yet is embedded on the fly; filters apply; unknown ids are refused."""
    draft = doc("p:99", "startup", "en", "Cast Jewels", "We design jewellery collections.",
                "We need lost-wax casting of gold and silver rings in small batches.")
    assert engine.suggest(draft, k=1)[0].doc_id == "p:5"
    assert [m.doc_id for m in engine.suggest(draft, k=5, filters={"cluster": "jongno"})] == ["p:5"]
    with pytest.raises(UnknownDocError):
        engine.suggest("p:12345")
