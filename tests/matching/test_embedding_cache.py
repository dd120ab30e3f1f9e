"""The embedding cache lives in the database: app instances (processes, nodes) on one database share it, a GET
never writes it, and a corrupt or missing row, or a database without the table, is encoded again, never fatal.

These tests use apps of their own on the migrated test database, without the pinned rolled-back session: the
rows they write are committed (and deleted at the end), as two processes would see them."""

from __future__ import annotations

import uuid

import numpy as np
import pytest
import sqlalchemy as sa

from tests.conftest import TEST_BANK


@pytest.fixture
def make_app(backend, migrated_urls):
    """``make_app()``: a new app instance on the test database (another process, as far as caches go)."""
    from market.app import create_app
    from market.db import get_database

    made = []

    def _make():
        app = create_app({"TESTING": True, "DATABASE_URL": migrated_urls[backend], "SERVER_NAME": "localhost",
                          "CATALOG_INDEX_TTL": 0, **TEST_BANK})
        made.append(app)
        return app

    yield _make
    for app in made:
        get_database(app).engine.dispose()


@pytest.fixture
def texts(make_app):
    """Sentences no test encoded before (their cache rows are deleted afterwards)."""
    tag = uuid.uuid4().hex[:8]
    written = [f"CNC milling of aluminium housings for drones ({tag}).", f"가죽 무크롬 태닝 공정 ({tag}).",
               f"Small-batch anodising in Seongsu, batch {tag}."]
    yield written
    from market.db import get_database
    from matching.engine import app_embedder
    from matching.models import Embedding

    app = make_app()
    keys = [app_embedder(app).key(t) for t in written]
    with get_database(app).engine.begin() as conn:
        conn.execute(sa.delete(Embedding.__table__).where(Embedding.__table__.c.key.in_(keys)))


def _rows(app, texts) -> dict[bytes, bytes]:
    from market.db import get_database
    from matching.engine import app_embedder
    from matching.models import Embedding

    table = Embedding.__table__
    keys = [app_embedder(app).key(t) for t in texts]
    with get_database(app).engine.connect() as conn:
        return {bytes(k): bytes(v) for k, v in conn.execute(sa.select(table.c.key, table.c.vector)
                                                            .where(table.c.key.in_(keys)))}


def test_a_second_app_encodes_nothing_the_first_encoded(make_app, texts):
    """Two app instances on one database (two workers, or two nodes): what the first encoded, the second reads
    from the database — same vectors, nothing sent to the model; rows are float16, two bytes a value."""
    from matching.engine import app_embedder

    first, second = make_app(), make_app()
    with first.app_context():
        written = app_embedder(first).encode(texts)
    assert app_embedder(first).encoded == len(texts)
    rows = _rows(first, texts)
    assert len(rows) == len(texts) and {len(v) for v in rows.values()} == {app_embedder(first).dim * 2}
    reader = app_embedder(second)
    assert reader is not app_embedder(first)
    with second.app_context():
        read = reader.encode(texts)
    assert reader.encoded == 0
    assert np.array_equal(read, written)  # every vector is rounded to what the database stores
    assert set(reader.lookup(texts)) == set(texts)


def test_a_read_only_request_never_writes_the_cache(make_app, texts):
    """A GET that encodes (a query, or the engine loading inside it) keeps its vectors in memory; a POST, a job
    or a command writes them."""
    from matching.engine import app_embedder

    app = make_app()
    embedder = app_embedder(app)
    with app.test_request_context("/en/matching", method="GET"):
        embedder.encode(texts[:2])
    assert _rows(app, texts) == {} and embedder.cache.skipped_writes == 2
    with app.test_request_context("/en/matching", method="POST"):
        embedder.encode(texts)
    # The first two came from memory and are written now, with the third.
    assert len(_rows(app, texts)) == 3 and embedder.encoded == 3


def test_corrupt_or_missing_rows_are_encoded_again(make_app, texts):
    """A row that does not decode (truncated, not finite, another model's size) or that was deleted is encoded
    again and written back; nothing fails."""
    from market.db import get_database
    from matching.engine import app_embedder
    from matching.models import Embedding

    first = make_app()
    with first.app_context():
        good = app_embedder(first).encode(texts)
    keys = [app_embedder(first).key(t) for t in texts]
    table = Embedding.__table__
    dim = app_embedder(first).dim
    with get_database(first).engine.begin() as conn:
        conn.execute(sa.update(table).where(table.c.key == keys[0]).values(vector=b"\x00\x01\x02"))
        conn.execute(sa.update(table).where(table.c.key == keys[1])
                     .values(vector=np.full(dim, np.nan, dtype="<f2").tobytes()))
        conn.execute(sa.delete(table).where(table.c.key == keys[2]))
    second = make_app()
    with second.app_context():
        again = app_embedder(second).encode(texts)
    assert app_embedder(second).encoded == 3
    assert np.array_equal(again, good)
    repaired = _rows(second, texts)
    assert {len(v) for v in repaired.values()} == {dim * 2} and len(repaired) == 3
    third = make_app()
    with third.app_context():
        app_embedder(third).encode(texts)
    assert app_embedder(third).encoded == 0


def test_a_database_without_the_table_only_costs_encoding(tmp_path, texts, caplog):
    """A database that was never migrated (no ``embeddings`` table): the embedder encodes and keeps the
    vectors in memory, logging why once for reads and once for writes in a short line (not the SQL), instead of
    failing."""
    import logging

    from market.db import Database, make_engine
    from matching.engine.embeddings import DatabaseEmbeddingCache, Embedder

    database = Database(make_engine(f"sqlite:///{tmp_path / 'empty.db'}"))
    embedder = Embedder(None, memory_items=0)
    embedder.cache = DatabaseEmbeddingCache(database, embedder.model_id)
    with caplog.at_level(logging.WARNING, logger="seoulmade.matching"):
        vectors = embedder.encode(texts)
        embedder.encode([f"{text} again" for text in texts])
    assert vectors.shape == (3, embedder.dim) and embedder.encoded == 6
    assert embedder.cache.skipped_writes == 6 and len(embedder.cache) == 0
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2, warnings
    assert all("no such table: embeddings" in w and "SELECT" not in w and "INSERT" not in w for w in warnings)
    database.engine.dispose()
