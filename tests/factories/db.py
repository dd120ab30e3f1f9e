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


def prepare_postgres(schema: str) -> str:
    """Drop and create ``schema`` on ``TEST_DATABASE_URL``; returns the URL whose search path is that schema."""
    from market.db import normalize_url

    admin = sa.create_engine(normalize_url(os.environ["TEST_DATABASE_URL"]), poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return postgres_url(schema)


def row_counts(session) -> dict[str, int]:
    """How many rows each table of the models holds (every table the migrations make, by the model metadata)."""
    from sqlmodel import SQLModel

    from market.app import import_all_models

    import_all_models()
    return {table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables}
