"""Partner search and suggestions through the real engine: cross-language retrieval, explanations, kinds and
filters, the viewer's own organisation left out, NDA listings shown by their teaser only, and bad input."""

from __future__ import annotations

import pytest

from matching.partners import services


def test_korean_query_finds_english_lab_listing_with_explanation(app, world, db_session):
    """A Korean need finds the English-only lab listing; the explanation names concepts and both sentences."""
    results = services.find_partners(db_session,
                                     "CNC 공구 마모 감지 센서", lang="ko", viewer_lang="en",
                                     viewer_org_id=world["maker"].id)
    top = results[0]
    assert top.listing_id == world["lab_listing"].id
    assert top.org_name == "KAIST Smart Machining Lab" and top.text_lang == "en"
    explanation = top.explanation
    assert explanation.doc_sentence and "tool wear" in explanation.doc_sentence.lower()
    assert explanation.concepts, "shared glossary concepts bridge Korean and English"
    assert explanation.reasons and all(r.message for r in explanation.reasons)
    assert all(r.org_id != world["maker"].id for r in results)


def test_english_query_finds_korean_maker(app, world, db_session):
    """An English need finds the Korean-only maker profile."""
    results = services.find_partners(db_session, "CNC milling of aluminium precision parts", lang="en",
                                     viewer_lang="en", kinds=["maker"], viewer_org_id=world["startup"].id)
    assert [r.org_id for r in results][:1] == [world["maker"].id]
    assert all(r.kind == "maker" for r in results)


def test_listing_behind_nda_shows_teaser_and_hides_holder(app, world, db_session):
    results = services.find_partners(db_session, "gold casting alloy for jewelry", lang="en", viewer_lang="en",
                                     viewer_org_id=world["maker"].id)
    gated = next(r for r in results if r.listing_id == world["gated_listing"].id)
    assert gated.gated and gated.org_name is None and gated.org_slug is None
    assert "Low-shrink casting alloy" in gated.title
    shown = " ".join([gated.title, gated.summary, gated.explanation.doc_sentence or ""])
    assert "X-17" not in shown and "grain refiners" not in shown


def test_filters_restrict_results(app, world, db_session):
    results = services.find_partners(db_session, "sensor casting alloy machining", lang="en", viewer_lang="en",
                                     filters={"trl_min": 5}, viewer_org_id=world["startup"].id)
    listings = [r for r in results if r.listing_id]
    assert listings and all(r.doc.trl >= 5 for r in listings)
    results = services.find_partners(db_session, "sensor", lang="en", viewer_lang="en",
                                     filters={"license_terms": ["sale"]}, kinds=["ip_holder"])
    assert [r.listing_id for r in results] == [world["gated_listing"].id]


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"text": "   "}, "text"),
    ({"text": "x" * 5000}, "text"),
    ({"text": "cnc", "kinds": ["wizard"]}, "kinds"),
    ({"text": "cnc", "filters": {"colour": "red"}}, "filters"),
    ({"text": "cnc", "k": 0}, "k"),
])
def test_bad_input_is_refused_with_its_field(app, world, db_session, kwargs, field):
    kwargs = dict(kwargs)  # the parameters are shared by both backends' runs
    text = kwargs.pop("text")
    with pytest.raises(services.PartnerSearchError) as exc:
        services.find_partners(db_session, text, lang="en", viewer_lang="en", **kwargs)
    assert exc.value.message
    assert (exc.value.field or "").split(".")[0] == field
    # and the service keeps answering
    assert services.find_partners(db_session, "CNC machining", lang="en", viewer_lang="en")


def test_suggestions_are_reciprocal_and_explained(app, world, db_session):
    """The maker seeks tool-wear sensing and the lab seeks machine shops: the lab comes first for the maker."""
    results = services.suggestions_for(db_session, world["maker"].id, viewer_lang="en")
    assert results, "a maker with a published profile gets suggestions"
    assert results[0].org_id == world["lab"].id
    assert "reciprocity" in results[0].match.signals
    assert all(r.org_id != world["maker"].id for r in results)


def test_no_profile_no_suggestions(app, world, db_session, make_user, make_org):
    org = make_org(make_user(), kind="buyer")
    assert services.suggestions_for(db_session, org.id, viewer_lang="en") == []
