"""Demo matching data and the labelled evaluation set: realistic listings, a profile per organisation, the
database loader giving the same MatchDocs as the pure module, and honest, well-formed evaluation queries."""

from __future__ import annotations

import collections
import json
import pathlib
import random
import re

import pytest

from matching.demo_content import LISTINGS, demo_docs, demo_orgs
from matching.services import docs as feed
from matching.services import validation

EVAL_FILE = pathlib.Path(__file__).resolve().parents[2] / "matching" / "data" / "eval_queries.jsonl"


@pytest.fixture(scope="module")
def docs():
    return demo_docs()


def test_every_demo_organisation_has_a_profile(docs):
    """260 organisations give 260 profiles (p:1…p:260) written in their language with Korean and English."""
    orgs = demo_orgs()
    profiles = [d for d in docs if d.doc_id.startswith("p:")]
    assert [d.doc_id for d in profiles] == [f"p:{o['id']}" for o in orgs]
    assert collections.Counter(d.kind for d in profiles) == collections.Counter(o["kind"] for o in orgs)
    for doc in profiles:
        assert set(doc.translations) == {"ko", "en"}, doc.external_ref
        assert doc.offer and doc.seek and doc.external_ref.startswith("org:")
    makers = [d for d in profiles if d.kind == "maker"]
    assert all(d.lang == "ko" and d.cluster and d.region == "KR-11" for d in makers)
    startup = next(d for d in profiles if d.external_ref == "org:hikari-wearables")
    assert "titanium ring shells" in startup.seek.lower() or "티타늄 링" in startup.translations["ko"]["seek"]


def test_listings_read_like_real_patents_and_offers(docs):
    """At least 100 listings in Korean, English or both, some behind an NDA, with real-looking numbers, codes,
    readiness levels and terms, owned by IP holders and labs."""
    listings = [d for d in docs if d.doc_id.startswith("t:")]
    assert len(listings) >= 100 and len(LISTINGS) == len(listings)
    assert [d.external_ref for d in listings] == [f"tech-{int(d.doc_id[2:]):03d}" for d in listings]
    languages = collections.Counter(tuple(sorted(spec.title)) for spec in LISTINGS)
    assert languages[("ko",)] >= 20 and languages[("en",)] >= 20 and languages[("en", "ko")] >= 20
    gated = [spec for spec in LISTINGS if spec.nda_required]
    assert len(gated) >= 10 and all(spec.teaser and spec.teaser_title for spec in gated)
    numbers = [spec.patent_number for spec in LISTINGS if spec.patent_number]
    assert any(re.fullmatch(r"KR 10-20\d\d-\d{7}", n) for n in numbers)
    assert any(re.fullmatch(r"US \d{2},\d{3},\d{3}", n) for n in numbers)
    for spec in LISTINGS:
        assert validation.clean_ipc(spec.ipc) == list(spec.ipc) and spec.ipc
        assert spec.trl in range(1, 10) and validation.clean_license_terms(spec.license_terms)
    assert {d.kind for d in listings} == {"ip_holder", "lab"}
    for prefix in ("B23Q", "B22D", "C22C", "C23C", "C14C", "D04B", "B41F", "B29C", "B33Y", "A44C", "G01H"):
        assert any(code.startswith(prefix) for spec in LISTINGS for code in spec.ipc), prefix
    gated_docs = {d.external_ref: d for d in listings}
    for spec in gated:  # only the teaser is searchable
        doc = gated_docs[spec.external_ref]
        assert all(spec.abstract[lang] not in doc.offer for lang in spec.abstract)


def test_evaluation_set_is_well_formed(docs):
    """At least 60 Korean and English queries and 15 each in Japanese, Chinese and Vietnamese, 1–6 relevant
    refs each (one when a single listing, written in one language, answers the need) that exist and fit the kinds
    asked for, with cross-language queries both ways; a translated twin names an original of another language (which is no twin itself) and carries its labels unchanged, and at
    least 90 twins translate Korean and English needs."""
    by_ref = {d.external_ref: d for d in docs}
    rows = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60
    assert {r["lang"] for r in rows} == {"ko", "en", "ja", "zh_Hans", "vi"}
    counts = collections.Counter(r["lang"] for r in rows)
    assert min(counts["ko"], counts["en"]) >= 25 and min(counts["ja"], counts["zh_Hans"], counts["vi"]) >= 15
    by_text = {r["query"]: r for r in rows}
    assert len(by_text) == len(rows)
    twins = [r for r in rows if "twin_of" in r]
    assert len(twins) >= 90 and {by_text[r["twin_of"]]["lang"] for r in twins} == {"ko", "en"}
    for twin in twins:
        original = by_text[twin["twin_of"]]
        assert "twin_of" not in original and original["lang"] != twin["lang"], twin["query"]
        assert (original["relevant_refs"], original.get("kinds")) == (twin["relevant_refs"], twin.get("kinds"))
    cross = collections.Counter()
    for row in rows:
        assert set(row) <= {"query", "lang", "kinds", "relevant_refs", "twin_of"} and row["query"].strip()
        refs = row["relevant_refs"]
        assert 1 <= len(refs) <= 6 and len(set(refs)) == len(refs), row["query"]
        for ref in refs:
            assert ref in by_ref, ref
            assert by_ref[ref].kind in row.get("kinds", by_ref[ref].kind), (row["query"], ref)
        listings = [by_ref[r] for r in refs if r.startswith("tech-")]
        if listings and all(row["lang"] not in d.translations for d in listings):
            cross[row["lang"]] += 1
    assert cross["ko"] >= 5 and cross["en"] >= 5


def test_demo_loader_writes_what_demo_docs_predicts(app, db_session, clusters):
    """add_demo_matching over the demo organisations stores records whose MatchDocs equal demo_docs (ids aside)."""
    from market.accounts.services import create_organization
    from matching.demo import add_demo_matching

    for org in demo_orgs():
        create_organization(db_session, None, name=org["name"], name_ko=org["name_ko"], kind=org["kind"],
                            country=org["country"], city=org["city"], cluster_code=org["cluster_code"],
                            about=org["about"], source_locale="ko" if org["country"] == "KR" else "en",
                            capabilities=org.get("capabilities") or [])
    counts = add_demo_matching(db_session, random.Random(7))
    assert counts["matching profiles"] == 260 and counts["technology listings"] == len(LISTINGS)
    assert counts["introductions"] >= 7
    expected = {d.external_ref: d for d in demo_docs()}
    loaded = {d.external_ref: d for d in feed.load_docs(db_session)}
    assert set(loaded) == set(expected)
    for ref, doc in expected.items():
        got = loaded[ref]
        assert (got.content_hash, got.tags, got.kind, got.lang, got.region, got.trl) == (
            doc.content_hash, doc.tags, doc.kind, doc.lang, doc.region, doc.trl), ref
