"""Cluster pages: every cluster on an SVG map of Seoul's districts; one cluster's history in the visitor's
language (with the fallback marked), its specialties, its public makers in pages and its products."""

import re

import pytest

from market.clusters import Cluster, cluster_name, cluster_specialties, cluster_summary, cluster_text
from tests.factories.makers import make_maker, make_product


def _current_marks(html: str) -> list[str]:
    """The cluster labels drawn as the map's current cluster."""
    return re.findall(r'<g class="map-cluster is-current">.*?<text[^>]*>([^<]+)</text>', html, flags=re.S)


@pytest.fixture
def seongsu(db_session, make_org, clusters):
    """Two public Seongsu makers with a product each, an unpublished one and a public Mullae maker."""
    saesol = make_maker(db_session, make_org, name="Saesol Shoe Workshop", name_ko="새솔제화")
    make_product(db_session, saesol, title={"ko": "첼시 부츠", "en": "Chelsea boots"})
    hidden = make_maker(db_session, make_org, name="Hidden Shoes", published=False)
    make_product(db_session, hidden, title={"en": "Hidden loafers"})
    make_maker(db_session, make_org, name="Bareun Shoemakers")
    make_maker(db_session, make_org, name="Mullae Precision", cluster_code="mullae")
    return saesol


def test_cluster_index_has_every_cluster_and_a_map(client, seongsu):
    """The clusters page lists every cluster with its counts and draws them all on the map, none highlighted."""
    html = client.get("/en/clusters/").get_data(as_text=True)
    for name in ("Seongsu-dong", "Jongno 3-ga", "Bongik-dong", "Mullae-dong", "Euljiro", "Dongdaemun",
                 "Changsin-dong", "Jangwi-dong", "Doksan-dong", "Guro-Geumcheon G-Valley"):
        assert f">{name}</a>" in html and f">{name}</text>" in html, name
    assert "2 makers · 1 product" in html
    assert re.search(r'<svg viewBox="0 0 700 560" role="img" aria-label="Map of Seoul’s districts with the '
                     r'manufacturing clusters"', html)
    assert "<title>Map of Seoul’s districts with the manufacturing clusters</title>" in html
    assert html.count('class="map-gu"') == 25 and 'class="map-river"' in html and "Han River" in html
    assert _current_marks(html) == [] and "is-current" not in html
    ko = client.get("/ko/clusters/").get_data(as_text=True)
    assert ">성수동</a>" in ko and ">종로구</text>" in ko and ">영등포구</text>" in ko


def test_cluster_page_in_english(client, seongsu):
    """A cluster page tells its history, specialties, public makers and products, with the cluster highlighted."""
    cluster_html = client.get("/en/clusters/seongsu").get_data(as_text=True)
    assert "shoemakers moved to Seongsu-dong" in cluster_html and "fallback-note" not in cluster_html
    assert "Handmade shoes and leather goods in Seongdong-gu" in cluster_html
    assert "handmade men&#39;s shoes" in cluster_html and "Seongsu 2-ga 3-dong" in cluster_html
    assert "Saesol Shoe Workshop" in cluster_html and "Bareun Shoemakers" in cluster_html
    assert "Hidden Shoes" not in cluster_html and "Mullae Precision" not in cluster_html
    assert "Chelsea boots" in cluster_html and "Hidden loafers" not in cluster_html
    assert 'href="/en/makers/saesol-shoe-workshop"' in cluster_html
    assert _current_marks(cluster_html) == ["Seongsu-dong"]
    assert cluster_html.count('class="map-gu is-current"') == 1
    assert 'aria-label="Map of Seoul’s districts: Seongsu-dong in Seongdong-gu"' in cluster_html


def test_cluster_page_in_korean_and_japanese(client, seongsu):
    """Korean and Japanese pages tell the cluster's name, borough, history and specialties in their language."""
    ko = client.get("/ko/clusters/seongsu").get_data(as_text=True)
    assert "1960년대 말부터" in ko and "fallback-note" not in ko and _current_marks(ko) == ["성수동"]
    assert "첼시 부츠" in ko and '<li lang="ko">남성 수제화</li>' in ko
    ja = client.get("/ja/clusters/seongsu").get_data(as_text=True)
    assert "1960年代末から" in ja and "fallback-note" not in ja and "shoemakers moved" not in ja
    assert '<li lang="ja">紳士用手作り靴</li>' in ja and "城東区" in ja
    vi = client.get("/vi/").get_data(as_text=True)
    assert "Từ cuối những năm 1960" in vi and "From the late 1960s" not in vi


@pytest.mark.parametrize("locale", ["ko", "en", "ja", "zh_Hans", "vi"])
def test_every_reference_cluster_text_is_written_in_every_language(app, db_session, clusters, locale):
    """Every reference cluster's name, borough, history and specialties exist in all five languages."""
    for cluster in clusters:
        for field in ("name", "borough", "summary"):
            assert cluster_text(cluster, field, locale).is_fallback is False, (cluster.code, field)
        specialties = cluster_specialties(cluster, locale)
        assert len(specialties) == len(cluster.specialties)
        assert all(not s.is_fallback for s in specialties), cluster.code


def test_cluster_text_falls_back_to_english_marked(app, db_session, clusters):
    """A cluster without text in a language shows the English one, marked as a fallback."""
    cluster = Cluster(code="test-cluster", name_en="Test-dong", name_ko="", borough_en="Test-gu", borough_ko="",
                      industry="sewing", summary_en="Sewing shops.", summary_ko="", specialties=["knit repairs"])
    summary = cluster_summary(cluster, "ko")
    assert summary.text == "Sewing shops." and summary.locale == "en" and summary.is_fallback
    assert cluster_summary(cluster, "en").is_fallback is False
    assert cluster_name(cluster, "ja") == "Test-dong"
    assert [(s.text, s.locale) for s in cluster_specialties(cluster, "vi")] == [("knit repairs", "en")]


def test_cluster_makers_are_paginated(client, db_session, make_org, clusters):
    """Makers come twelve to a page with links between the pages."""
    for i in range(13):
        make_maker(db_session, make_org, name=f"Mullae Works {i:02d}", cluster_code="mullae")
    first = client.get("/en/clusters/mullae").get_data(as_text=True)
    assert "Mullae Works 11" in first and "Mullae Works 12" not in first
    assert 'rel="next" href="/en/clusters/mullae?page=2"' in first and "Page 1 of 2" in first
    second = client.get("/en/clusters/mullae?page=2").get_data(as_text=True)
    assert "Mullae Works 12" in second and "Mullae Works 00" not in second
    assert 'rel="prev" href="/en/clusters/mullae?page=1"' in second


def test_unknown_cluster_is_not_found(client, clusters):
    """An unknown cluster code answers 404."""
    assert client.get("/en/clusters/atlantis").status_code == 404
