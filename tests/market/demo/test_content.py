"""Demo content: realistic, bilingual, deterministic clusters, makers, buyers, tech holders, startups."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from market.demo import content

HANGUL = re.compile(r"[가-힣]")
CLUSTER_CODES = {
    "seongsu",
    "jongno",
    "bongik",
    "mullae",
    "euljiro",
    "dongdaemun",
    "changsin",
    "jangwi",
    "doksan",
    "guro-geumcheon",
}
INDUSTRIES = {"shoes_leather", "jewelry", "machine_metal", "printing", "sewing", "electronics"}


@pytest.fixture(scope="module")
def makers():
    return content.generate_makers(random.Random(2026))


@pytest.fixture(scope="module")
def buyers():
    return content.generate_buyers(random.Random(2026))


@pytest.fixture(scope="module")
def tech_holders():
    return content.generate_tech_holders(random.Random(2026))


@pytest.fixture(scope="module")
def startups():
    return content.generate_startups(random.Random(2026))


@pytest.mark.parametrize(
    "generate",
    [
        content.generate_makers,
        content.generate_buyers,
        content.generate_tech_holders,
        content.generate_startups,
    ],
)
def test_same_seed_gives_the_same_demo(generate):
    """The same seed always builds exactly the same demo content."""
    assert generate(random.Random(2026)) == generate(random.Random(2026))


def test_different_seeds_give_different_makers():
    """A different seed gives a different set of makers."""
    assert content.generate_makers(random.Random(1)) != content.generate_makers(random.Random(2))


def test_clusters_are_the_ten_real_clusters_in_both_languages():
    """The ten real manufacturing clusters are listed with Korean names, districts and summaries."""
    assert {c["code"] for c in content.CLUSTERS} == CLUSTER_CODES
    assert len(content.CLUSTERS) == 10
    for c in content.CLUSTERS:
        assert c["industry"] in INDUSTRIES
        assert c["districts"]
        assert 4 <= len(c["specialties_en"]) <= 8
        for field in ("name_ko", "borough_ko", "summary_ko"):
            assert HANGUL.search(c[field]), (c["code"], field)
        assert not HANGUL.search(c["summary_en"])


def test_staff_accounts_are_the_curator_and_the_admin():
    """The demo signs in a curator and an admin with fixed demo addresses."""
    assert content.STAFF["curator"] == {"email": "curator@madeinseoul.demo", "name": "Kim Ji-won"}
    assert content.STAFF["admin"] == {"email": "admin@madeinseoul.demo", "name": "Park Min-seo"}


def test_makers_default_to_160_and_every_cluster_has_at_least_three(makers):
    """160 makers by default, with at least three workshops in every cluster."""
    assert len(makers) == 160
    per_cluster = Counter(m["cluster_code"] for m in makers)
    assert set(per_cluster) == CLUSTER_CODES
    assert min(per_cluster.values()) >= 3
    assert per_cluster["seongsu"] > per_cluster["jangwi"]


@pytest.mark.parametrize("count", [30, 150, 200])
def test_makers_come_in_the_number_asked_for(count):
    """Asking for a number of makers returns exactly that many, still covering every cluster."""
    makers = content.generate_makers(random.Random(7), count)
    assert len(makers) == count
    assert min(Counter(m["cluster_code"] for m in makers).values()) >= 3


def test_maker_names_are_unique(makers):
    """No two makers share a Korean or an English name."""
    assert len({m["name_ko"] for m in makers}) == len(makers)
    assert len({m["name_en"].lower() for m in makers}) == len(makers)


def test_maker_profiles_are_bilingual_and_plausible(makers):
    """Every maker has Korean text, a district of its cluster and small-workshop numbers."""
    districts = {c["code"]: c["districts"] for c in content.CLUSTERS}
    for m in makers:
        assert m["district"] in districts[m["cluster_code"]]
        assert HANGUL.search(m["name_ko"]) and HANGUL.search(m["story_ko"])
        assert not HANGUL.search(m["name_en"]) and not HANGUL.search(m["story_en"])
        assert 3 <= m["story_en"].count(". ") + 1 <= 4
        assert 1965 <= m["founded_year"] <= 2022
        assert m["staff_count"] in range(1, 10)
        assert 3 <= len(m["capabilities"]) <= 6
        assert len(m["capabilities_ko"]) == len(m["capabilities"])
        assert all(HANGUL.search(c) for c in m["capabilities_ko"])
        assert 2 <= len(m["materials"]) <= 4
        assert m["min_order"] >= 1 and m["lead_time_days"] >= 1


def test_maker_stories_vary(makers):
    """Maker stories do not all read alike."""
    assert len({m["story_en"] for m in makers}) == len(makers)
    for opening in ("as an apprentice", "Founded in", "Since ", "second generation"):
        assert any(opening in m["story_en"] for m in makers), opening


def test_buyers_come_from_many_countries(buyers):
    """Buyers are overseas businesses from at least eight countries, interested in the six industries."""
    assert len(buyers) == 40
    assert len({b["country"] for b in buyers}) >= 8
    assert "KR" not in {b["country"] for b in buyers}
    assert len({b["name"] for b in buyers}) == len(buyers)
    for b in buyers:
        assert re.fullmatch(r"[A-Z]{2}", b["country"])
        assert b["city"] and b["name_local"] and b["about_en"]
        assert b["interests"] and set(b["interests"]) <= INDUSTRIES
    japanese = [b for b in buyers if b["country"] == "JP"]
    assert all(b["name_local"] != b["name"] for b in japanese)


def test_tech_holders_include_labs_and_ip_holders(tech_holders):
    """At least 30 tech holders, about half labs and half IP holders, mostly Korean, with Korean profiles."""
    assert len(tech_holders) >= 30
    kinds = Counter(t["kind"] for t in tech_holders)
    assert set(kinds) == {"ip_holder", "lab"}
    assert abs(kinds["lab"] - kinds["ip_holder"]) <= 2
    assert Counter(t["country"] for t in tech_holders).most_common(1)[0][0] == "KR"
    assert len({t["name"] for t in tech_holders}) == len(tech_holders)
    for t in tech_holders:
        assert HANGUL.search(t["name_ko"]) and HANGUL.search(t["about_ko"])
        assert t["about_en"]


def test_startups_need_concrete_prototypes(startups):
    """At least 20 startups, each with a bilingual prototype need and the industry that would build it."""
    assert len(startups) >= 20
    assert len({s["name"] for s in startups}) == len(startups)
    for s in startups:
        assert s["industry"] in INDUSTRIES
        assert re.search(r"\d", s["prototype_need_en"])
        for field in ("name_ko", "about_ko", "prototype_need_ko"):
            assert HANGUL.search(s[field]), (s["name"], field)


def test_asking_for_more_than_the_curated_pool_is_refused():
    """Asking for more buyers or startups than the demo knows is refused clearly."""
    with pytest.raises(ValueError):
        content.generate_buyers(random.Random(1), 500)
    with pytest.raises(ValueError):
        content.generate_startups(random.Random(1), 500)
