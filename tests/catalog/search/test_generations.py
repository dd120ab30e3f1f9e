"""Catalog search at scale: listings analysed once and stored, generations built once and memory-mapped by every
process, edits served from each process's delta, corrupt or foreign generations refused and rebuilt, and the
database answering when no index exists — on SQLite and PostgreSQL, each process an app instance of its own."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from catalog.search.bench import fill_catalog
from catalog.search.services import CatalogQuery, search_catalog
from market.db import session_scope

COUNT = 48


@pytest.fixture
def shared(fresh_database_url, tmp_path):
    """A migrated database with a generated catalog and a generation directory, as nodes share them; returns a
    maker of app instances (each one a process of its own: its own index)."""
    from market.app import create_app
    from market.migrate import upgrade

    upgrade(fresh_database_url)
    apps = []

    def make_app(**config):
        app = create_app({"DATABASE_URL": fresh_database_url, "SEOULMADE_DATA_DIR": str(tmp_path / "data"),
                          "CATALOG_INDEX_DIR": str(tmp_path / "generations"), "CATALOG_INDEX_TTL": 0,
                          "TESTING": True, **config})
        apps.append(app)
        return app

    first = make_app()
    fill_catalog(first, COUNT)
    # Written a minute ago: a generation built now has them all before its watermark (which allows for clocks
    # that disagree by a few seconds).
    with first.app_context(), session_scope(first) as session:
        from catalog.products.models import Product
        from i18n.content import ContentTranslation
        from i18n.times import utcnow

        earlier = utcnow() - dt.timedelta(minutes=1)
        session.exec(sa.update(Product).values(updated_at=earlier))
        session.exec(sa.update(ContentTranslation).values(updated_at=earlier))
    yield make_app
    from market.db import get_database

    for app in apps:
        get_database(app).engine.dispose()


def _search(app, q: str, lang: str = "en", **filters):
    with app.app_context(), session_scope(app) as session:
        page = search_catalog(session, CatalogQuery(q=q, lang=lang, per_page=100, **filters))
        return [card.product.id for card in page.items], page.total


def _index(app):
    from catalog.search.index import searcher

    return searcher(app).index


def _build(app) -> str:
    from catalog.search.jobs import build_generation_job

    with app.app_context():
        return build_generation_job()


def _no_kiwi(monkeypatch):
    import i18n.text

    def refuse():
        raise AssertionError("Kiwi was asked to analyse a text")

    monkeypatch.setattr(i18n.text, "_kiwi", refuse)


def _retitle(app, product_id: int, title: str) -> None:
    """A maker's edit of a listing's English title, as the translations page saves it."""
    from catalog.search.documents import listings_changed
    from i18n import content

    with app.app_context(), session_scope(app) as session:
        content.set_text(session, "product", product_id, "title", "en", title)
        listings_changed(session, [product_id])


def test_listings_are_analysed_once_and_stored(shared):
    """The analysis job stores each listing's tokens and vector with its digest and the analyser's version; a
    second run analyses nothing; a new analyser version re-analyses every listing."""
    from catalog.search.documents import analyse_listings
    from catalog.search.jobs import _embedder
    from catalog.search.models import SearchDocument
    from i18n import text

    app = shared()
    with app.app_context(), session_scope(app) as session:
        assert analyse_listings(session, embedder=_embedder(app)) == COUNT
    with app.app_context(), session_scope(app) as session:
        docs = session.exec(sa.select(SearchDocument)).scalars().all()
        assert len(docs) == COUNT and all(d.analyser == text.analyser_version() and d.tokens for d in docs)
        assert all(d.vector is not None and len(d.vector) == 2 * _embedder(app).dim for d in docs)
        assert analyse_listings(session, embedder=_embedder(app)) == 0
    text.analyser_version.cache_clear()
    try:
        text.RULES_VERSION += 1
        with app.app_context(), session_scope(app) as session:
            assert analyse_listings(session, embedder=_embedder(app), batch=10) == COUNT
    finally:
        text.RULES_VERSION -= 1
        text.analyser_version.cache_clear()


def test_a_new_process_with_a_generation_does_not_analyse_the_catalog(shared, monkeypatch):
    """A process started after a generation was built memory-maps it and answers without running Kiwi."""
    builder = shared()
    name = _build(builder)
    assert name
    expected = _search(builder, "leather")
    _no_kiwi(monkeypatch)
    fresh = shared()
    assert _search(fresh, "leather") == expected and expected[1] > 0
    index = _index(fresh)
    assert index.source == "generation" and index.main.name == name and not index.delta
    assert isinstance(index.main.ids, __import__("numpy").memmap)


def test_an_edit_through_one_process_is_found_through_another(shared):
    """Two processes serve one generation; a listing retitled through the first is found by the second from its
    delta (the generation is not rebuilt), and its old words no longer find it."""
    first, second = shared(), shared()
    _build(first)
    ids, _total = _search(second, "leather")
    target = ids[0]
    _retitle(first, target, "Zanzibar weekender duffel")
    found, total = _search(second, "zanzibar")
    assert found == [target] and total == 1
    index = _index(second)
    assert index.source == "generation" and len(index.delta) == 1 and len(index.replaced) == 1
    # Unpublished through the first process: the second masks it.
    with first.app_context(), session_scope(first) as session:
        from catalog.products.models import Product, ProductStatus
        from catalog.search.documents import listings_changed

        session.get(Product, target).status = ProductStatus.draft
        listings_changed(session, [target])
    assert _search(second, "zanzibar") == ([], 0)
    assert target not in _search(second, "")[0]


def test_a_makers_rename_and_move_reach_another_process_through_its_delta(shared):
    """A maker renamed and moved to another cluster through the organisation service: a second process finds its
    listings by the new name and under the new cluster at once (from its delta), not at the next generation."""
    from catalog.products.models import Product
    from market.accounts.models import Organization, User, UserRole
    from market.accounts.services import update_organization

    first, second = shared(), shared()
    _build(first)
    with first.app_context(), session_scope(first) as session:
        maker = session.get(Organization, session.get(Product, 1).maker_id)
        maker_id, old_cluster = maker.id, maker.cluster_code
        new_cluster = "mullae" if old_cluster != "mullae" else "euljiro"
        listings = sorted(session.exec(sa.select(Product.id).where(Product.maker_id == maker_id)
                                       .where(Product.status == "published")).scalars())
        admin = User(email="admin@example.com", display_name="Admin", role=UserRole.admin, password_hash="x",
                     session_nonce="n")
        session.add(admin)
        session.flush()
        update_organization(session, admin, maker_id, name="Quixotic Tannery", cluster_code=new_cluster)
    assert listings
    found, total = _search(second, "quixotic")
    assert sorted(found) == listings and total == len(listings)
    moved = _search(second, "", clusters=(new_cluster,))[0]
    stayed = _search(second, "", clusters=(old_cluster,))[0]
    assert set(listings) <= set(moved) and not set(listings) & set(stayed)
    assert _index(second).source == "generation" and len(_index(second).delta) == len(listings)


def test_a_corrupt_generation_is_refused_and_rebuilt(shared, tmp_path):
    """A generation whose file was truncated is refused with a warning; search still answers (in memory), a
    rebuild is asked, and the rebuilt generation serves."""
    builder = shared()
    name = _build(builder)
    expected = _search(builder, "ring")
    vectors = tmp_path / "generations" / name / "ids.npy"
    vectors.write_bytes(vectors.read_bytes()[:-8])
    app = shared(CATALOG_BUILD_IN_TESTS=True)
    assert _search(app, "ring") == expected
    from catalog.search.index import searcher
    from catalog.search.jobs import _threads

    assert name in searcher(app).refused and _index(app).source == "memory"
    thread = _threads.get(str(id(app)))
    assert thread is not None
    thread.join(timeout=600)
    assert _search(app, "ring") == expected
    assert _index(app).source == "generation" and _index(app).main.name != name


def test_a_foreign_generation_is_refused(shared, tmp_path):
    """A generation directory written for another database (its token differs from the row's) is not served."""
    builder = shared()
    name = _build(builder)
    meta_path = tmp_path / "generations" / name / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["token"] = "f" * 32
    meta_path.write_text(json.dumps(meta))
    app = shared()
    assert _search(app, "leather")[1] > 0
    from catalog.search.index import searcher

    assert name in searcher(app).refused and _index(app).source == "memory"


def test_the_database_answers_without_an_index(shared):
    """Without a generation and with more listings than a process indexes in memory, search answers from the
    stored tokens in the database (PostgreSQL's tsvector and GIN index; SQLite's token text): the same listings
    for words, and the newest listings when browsing."""
    from catalog.search.jobs import analyse_listings_job

    small = shared(CATALOG_SEARCH_MODE="lexical")  # the database answers by words alone
    with small.app_context():
        analyse_listings_job(None)
    expected_ids, expected_total = _search(small, "leather", "en", sort="newest")
    large = shared(CATALOG_MEMORY_MAX=10)
    ids, total = _search(large, "leather", "en", sort="newest")
    from catalog.search.index import searcher

    assert searcher(large).oversize and _index(large) is None
    assert (ids, total) == (expected_ids, expected_total) and total > 0
    browse_ids, browse_total = _search(large, "")
    assert browse_total == COUNT and browse_ids == sorted(browse_ids, reverse=True)
    assert _search(large, "가죽", "ko")[1] > 0


def test_an_analyser_upgrade_keeps_serving_and_rebuilds(shared):
    """After the analyser changes, processes keep serving the old generation while one built with the new
    analysis (every listing re-analysed, in the background) replaces it."""
    from catalog.search.index import searcher
    from catalog.search.jobs import _threads
    from catalog.search.models import IndexGeneration
    from i18n import text

    builder = shared()
    old = _build(builder)
    expected = _search(builder, "wool")
    text.analyser_version.cache_clear()
    try:
        text.RULES_VERSION += 1
        app = shared(CATALOG_BUILD_IN_TESTS=True)
        assert _search(app, "wool") == expected
        assert _index(app).main.name == old
        thread = _threads.get(str(id(app)))
        assert thread is not None
        thread.join(timeout=600)
        assert _search(app, "wool") == expected
        assert _index(app).main.name != old
        with app.app_context(), session_scope(app) as session:
            newest = session.exec(sa.select(IndexGeneration).order_by(IndexGeneration.id.desc())).scalars().first()
            assert newest.analyser == text.analyser_version() and newest.name == _index(app).main.name
        assert searcher(app).refused == set()
    finally:
        text.RULES_VERSION -= 1
        text.analyser_version.cache_clear()


def test_after_an_analyser_upgrade_a_new_process_takes_the_deltas_stored_documents(shared, monkeypatch):
    """A listing edited since the generation was analysed and stored by the older analysis, as the generation
    was; once the analyser is upgraded, a process starting before the new generation exists serves the edit from
    that stored document, as it serves the generation, instead of running the analysers over every listing edited
    since (Kiwi, jieba and the model at start, in every new process)."""
    from catalog.search import documents
    from catalog.search.models import SearchDocument
    from i18n import text

    first = shared()
    old = _build(first)
    target = _search(first, "leather")[0][0]
    _retitle(first, target, "Zanzibar weekender duffel")
    with first.app_context(), session_scope(first) as session:
        row = session.get(SearchDocument, target)
        assert row is not None and "zanzibar" in row.tokens.split(" ")
    text.analyser_version.cache_clear()
    try:
        text.RULES_VERSION += 1

        def refuse(*_args, **_kwargs):
            raise AssertionError("the delta's listing was analysed again")

        monkeypatch.setattr(documents, "analyse", refuse)
        second = shared()
        assert _search(second, "zanzibar") == ([target], 1)
        assert _index(second).main.name == old and len(_index(second).delta) == 1
    finally:
        text.RULES_VERSION -= 1
        text.analyser_version.cache_clear()


def test_a_generation_built_in_batches_scores_words_exactly_as_bm25s(shared):
    """A generation is built a few stored documents at a time (a million listings never sit in memory as token
    lists) and memory-mapped without bm25s, yet gives every listing the score bm25s gives over the same token
    lists, bit for bit: for each word, for several words at once and for a word repeated; bm25s reads its files."""
    import bm25s
    import numpy as np

    from catalog.search import generations
    from catalog.search.documents import published_ids, stored
    from i18n.bm25 import BM25Matrix

    app = shared()
    root = generations.directory(app)
    generations.analyse_all(app, None)
    with app.app_context(), session_scope(app) as session:
        name = generations.build(session, root, None, batch=7).name
        ids = published_ids(session)
        docs = stored(session, ids, None)
    corpus = [docs[i].tokens for i in ids]
    reference = bm25s.BM25(k1=generations.K1, b=generations.B)
    reference.index(corpus, show_progress=False)
    mapped = BM25Matrix.load(root / name / "bm25")
    assert isinstance(mapped.scores["data"], np.memmap) and mapped.num_docs == len(ids) == COUNT
    vocabulary = sorted({t for doc in corpus for t in doc})
    assert sorted(mapped.vocab_dict) == vocabulary and len(vocabulary) > 50
    queries = [[t] for t in vocabulary] + [vocabulary[i:i + 5] for i in range(0, len(vocabulary), 7)]
    queries.append([vocabulary[3], vocabulary[3], vocabulary[9]])
    for query in queries:
        ours = mapped.get_scores_from_ids(mapped.token_ids(query))
        theirs = reference.get_scores_from_ids([reference.vocab_dict[t] for t in query])
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs), query
    assert mapped.document_frequency(vocabulary[0]) == sum(vocabulary[0] in doc for doc in corpus)
    with pytest.raises(ValueError):
        mapped.get_scores_from_ids([len(mapped.scores["indptr"])])
    files = bm25s.BM25.load(str(root / name / "bm25"), mmap=True, show_progress=False)
    word = mapped.vocab_dict[vocabulary[5]]
    assert np.array_equal(files.get_scores_from_ids([word]), mapped.get_scores_from_ids([word]))

def test_the_bench_fills_its_catalog_in_batches_with_the_same_products(fresh_database_url, tmp_path):
    """fill_catalog writes batch after batch (so a million products never sit in memory at once): exactly the
    count asked for, ids 1..n, each with the product and texts the one-list generator makes for the same seed."""
    import random

    from catalog.products.demo_content import generate_catalog
    from catalog.search import bench
    from market.app import create_app
    from market.db import get_database
    from market.demo import content
    from market.migrate import upgrade

    upgrade(fresh_database_url)
    app = create_app({"DATABASE_URL": fresh_database_url, "SEOULMADE_DATA_DIR": str(tmp_path / "data"),
                      "TESTING": True})
    bench.fill_catalog(app, 40, seed=5, batch=7)
    get_database(app).engine.dispose()
    rng = random.Random(5)
    makers = content.generate_makers(rng, count=30)
    industries = {c["code"]: c["industry"] for c in content.CLUSTERS}
    expected = [p for _maker, p in generate_catalog(rng, makers, industries, per_maker=(2, 2))][:40]
    engine = sa.create_engine(fresh_database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, category, price_krw FROM products ORDER BY id")).all()
        titles = dict(conn.execute(sa.text("SELECT entity_id, text FROM content_translations WHERE entity = 'product' "
                                           "AND field = 'title' AND locale = 'ko'")).all())
    engine.dispose()
    assert [r.id for r in rows] == list(range(1, 41))
    assert [(r.category, r.price_krw) for r in rows] == [(p["category"], p["price_krw"]) for p in expected]
    assert [titles[i] for i in range(1, 41)] == [p["title"]["ko"] for p in expected]
