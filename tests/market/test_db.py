"""The data layer: migrations match the models on every backend, SQLite settings, UTC timestamps."""

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from market.app import import_all_models
from market.db import UTCDateTime, make_engine, normalize_url


def test_migrations_agree_with_models(backend, migrated_urls):
    """The schema built by the migrations is exactly what the models declare (no missing migration)."""
    import_all_models()
    engine = make_engine(migrated_urls[backend])
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    # PostgreSQL's full-text column of catalog search exists only there (migration 0037), outside the models.
    diff = [d for d in diff if not _postgres_only(d)]
    assert diff == []


def _postgres_only(change) -> bool:
    kind, *rest = change
    if kind == "remove_column":
        return rest[1] == "catalog_search_documents" and rest[2].name == "tsv"
    return kind == "remove_index" and rest[0].name == "ix_catalog_search_documents_tsv"


def test_sqlite_has_foreign_keys_and_wal(tmp_path):
    """SQLite connections enforce foreign keys and use write-ahead logging."""
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_foreign_key_violation_is_refused(db_session):
    """A membership pointing at a missing user is refused by the database on both backends."""
    from market.accounts.models import Membership

    db_session.add(Membership(user_id=999_999, organization_id=999_999))
    with pytest.raises(sa.exc.IntegrityError):
        db_session.flush()


def test_utc_datetime_round_trip():
    """Timestamps come back timezone-aware in UTC; naive ones are refused."""
    column = UTCDateTime()
    seoul = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    stored = column.process_bind_param(seoul, None)
    assert stored == dt.datetime(2026, 11, 21, 0, 0)
    assert column.process_result_value(stored, None) == seoul
    with pytest.raises(ValueError):
        column.process_bind_param(dt.datetime(2026, 1, 1), None)


def test_plain_postgresql_url_uses_psycopg3():
    """DATABASE_URL=postgresql://... works with the installed driver."""
    assert normalize_url("postgresql://u@127.0.0.1:5432/test").startswith("postgresql+psycopg://")
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_upgrade_moves_organisation_texts_into_translations(fresh_database_url):
    """Migration 0002 keeps organisations' "about" texts as translatable content, Korean as the source."""
    from market.migrate import upgrade

    upgrade(fresh_database_url, revision="0001")
    engine = make_engine(fresh_database_url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO organizations (name, slug, kind, country, capabilities, created_at, about, about_ko) "
            "VALUES ('Hanbit', 'hanbit', 'maker', 'KR', '[]', '2026-01-01', 'Precision work', '정밀 가공')"))
    upgrade(fresh_database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT locale, text, source, reviewed FROM content_translations "
                                    "WHERE entity = 'organization' ORDER BY locale")).all()
        source_locale = conn.execute(sa.text("SELECT source_locale FROM organizations")).scalar()
    engine.dispose()
    assert source_locale == "ko"
    assert [(r[0], r[1], r[2], bool(r[3])) for r in rows] == [("en", "Precision work", "translator", False),
                                                             ("ko", "정밀 가공", "author", True)]
