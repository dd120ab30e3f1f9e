"""The database as tests see it: row counts, and fresh PostgreSQL schemas for tests that need a database of
their own (``TEST_DATABASE_URL``)."""

from __future__ import annotations

import os

import sqlalchemy as sa
from sqlmodel import func, select


def count(session, model, *where) -> int:
    """Rows of ``model`` matching ``where``."""
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def postgres_url(schema: str) -> str:
    """The URL of ``TEST_DATABASE_URL`` with ``schema`` as its search path."""
    from market.db import normalize_url

    url = sa.make_url(normalize_url(os.environ["TEST_DATABASE_URL"]))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def prepare_postgres(schema: str, database_url: str | None = None) -> str:
    """Drop and create ``schema`` on ``TEST_DATABASE_URL`` (or ``database_url``); returns the URL whose search path
    is that schema.

    The database-wide extensions the migrations need live in ``public`` first: a migration creates one in the first
    schema of its search path, and dropping that worker's schema would then cascade into every other schema's
    constraints built on it (the other worker's exclusion constraint vanishes, or both drops deadlock).
    """
    from market.db import normalize_url

    url = sa.make_url(normalize_url(database_url or os.environ["TEST_DATABASE_URL"]))
    admin = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        # The migration's own lock: one creator at a time.
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('seoulmade: create extension btree_gist'))"))
        where = conn.execute(sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                                     "ON n.oid = e.extnamespace WHERE e.extname = 'btree_gist'")).scalar()
        if where is None:
            conn.execute(sa.text("CREATE EXTENSION btree_gist SCHEMA public"))
        elif where != "public":  # left in a worker's schema by an earlier run
            conn.execute(sa.text("ALTER EXTENSION btree_gist SET SCHEMA public"))
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def row_counts(session) -> dict[str, int]:
    """How many rows each table of the models holds (every table the migrations make, by the model metadata)."""
    from sqlmodel import SQLModel

    from market.app import import_all_models

    import_all_models()
    return {table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables}
