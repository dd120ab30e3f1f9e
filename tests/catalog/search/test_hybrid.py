"""Hybrid catalog search on the demo catalog (generated in memory, the real model and analysers): meaning across
languages, exact words first, and the labelled evaluation."""

import numpy as np
import pytest

from catalog.search.demo_catalog import demo_products
from catalog.search.evaluation import CatalogCase, evaluate, index_products, top
from catalog.search.index import SearchParams, rank_scores


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Twenty products of each category of the demo catalog, indexed like the service does."""
    from matching.engine.embeddings import Embedder, EmbeddingCache

    products = demo_products(per_category=20)
    embedder = Embedder(None, EmbeddingCache(tmp_path_factory.mktemp("catalog") / "embeddings.sqlite"))
    return products, index_products(products, embedder)


def _first(demo, query, lang, n=5):
    products, index = demo
    return [products[i]["category"] for i in top(index.scores(query, lang), n)]


@pytest.mark.parametrize(("query", "lang", "category"), [
    ("指輪", "ja", "rings"), ("靴", "ja", "shoes"), ("鞄", "ja", "bags"), ("革靴", "ja", "shoes"),
    ("반지", "ko", "rings"), ("戒指", "zh_Hans", "rings"), ("nhẫn", "vi", "rings"), ("shoes", "en", "shoes"),
])
def test_kanji_and_one_character_queries_put_their_category_first(demo, query, lang, category):
    """指輪 and 靴 on the Japanese catalog (and ring or shoe in any language) give rings or shoes first."""
    assert _first(demo, query, lang) == [category] * 5


@pytest.mark.parametrize(("query", "lang"), [("lost-wax casting", "en"), ("로스트왁스 주조", "ko"), ("cast", "en"),
                                             ("鋳造", "ja")])
def test_casting_queries_find_cast_products(demo, query, lang):
    """"lost-wax casting", 로스트왁스 주조, "cast" and 鋳造 find casting (die-casting moulds, cast jewelry), never
    shoes or bags; the first results name casting in their English text."""
    products, index = demo
    found = top(index.scores(query, lang), 5)
    assert found and {products[i]["category"] for i in found} <= {"moulds", "rings", "necklaces", "earrings",
                                                                   "bracelets", "machined_parts"}
    if query in ("cast", "鋳造"):
        english = [(products[i]["title"]["en"] + " " + products[i]["description"]["en"]).lower() for i in found[:3]]
        assert all("cast" in text for text in english), english


def test_hybrid_keeps_exact_words_first_and_filters_weak_meaning():
    """Among products of similar meaning the one sharing the query's words wins; a product neither sharing a
    word nor close in meaning is not a match."""
    cosine = np.array([0.60, 0.62, 0.10, 0.0], dtype=np.float32)
    bm25 = np.array([3.0, 0.0, 0.0, 1.0], dtype=np.float32)
    scores = rank_scores(bm25, cosine, "hybrid", SearchParams())
    assert list(np.argsort(-scores)[:2]) == [0, 1]
    assert scores[2] == 0 and scores[3] > 0
    assert list(rank_scores(bm25, cosine, "lexical") > 0) == [True, False, False, True]
    assert list(rank_scores(None, cosine, "dense") > 0) == [True, True, False, False]


def test_vietnamese_leans_on_words(demo):
    """The model reads Vietnamese poorly, so a Vietnamese query's words weigh more than its meaning."""
    params = SearchParams()
    assert params.boost("vi") > params.boost("ja") == params.lexical_boost


def test_evaluation_reports_every_mode_per_language(demo):
    """The evaluation gives nDCG@10 and hit@10 for BM25, dense and hybrid per language, and names the queries
    whose first hybrid result is wrong."""
    products, index = demo
    cases = [CatalogCase("指輪", "ja", ("rings",)), CatalogCase("shoes", "en", ("shoes",)),
             CatalogCase("túi xách", "vi", ("bags",), group="one")]
    report = evaluate(index, products, cases)
    assert report["queries"] == 3 and set(report["by_lang"]) == {"ja", "en", "vi"}
    for mode in ("lexical", "dense", "hybrid"):
        assert 0 <= report["overall"][mode]["ndcg@10"] <= 1
    assert report["by_lang"]["ja"]["hybrid"] == {"ndcg@10": 1.0, "hit@10": 1.0}
    assert report["by_group"]["one"]["queries"] == 1


def test_many_word_matches_get_estimated_cosines_and_rank_as_with_exact_ones(demo):
    """In an inverted file (here 1,080 listings: the demo's, three times), when a query's words match more
    listings than ``exact_max``, the best by BM25 get exact cosines and the others estimates, so a common word
    in a million listings does not read a third of the vectors; the first results are those of exact cosines."""
    import dataclasses

    products, _index = demo
    _embedder = _index.embedder
    exact = index_products(products * 3, _embedder, ivf_min=1024)
    assert exact.main.dense.centroids is not None
    few = dataclasses.replace(exact, params=SearchParams(exact_max=20))
    for query, lang in (("leather bag", "en"), ("가죽 가방", "ko"), ("gold ring", "en")):
        bm25 = exact.bm25(query, lang)
        matched = np.flatnonzero(bm25 > 0)
        assert len(matched) > 20
        probed = np.flatnonzero(exact.cosines(query) != 0)
        all_exact, estimated = exact.cosines(query, matched, bm25), few.cosines(query, matched, bm25)
        beyond = np.setdiff1d(matched, probed)
        differ = beyond[estimated[beyond] != all_exact[beyond]]
        # Estimated, but for the 20 best by BM25 (and a listing alone in its list, whose centroid it is).
        assert len(differ) > len(beyond) // 2 > 0
        assert not (estimated[beyond] == 0).any()
        ranked = top(exact.scores(query, lang), 5)
        assert [products[i % len(products)]["category"] for i in top(few.scores(query, lang), 5)] == \
            [products[i % len(products)]["category"] for i in ranked]
