"""Migrations of two schemas of one PostgreSQL database at the same moment (test workers, two installations sharing
a server): the database-wide extension the centres migration needs is created once, and neither migration fails
(the suite's workers failed so on a new machine's database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid

import pytest
import sqlalchemy as sa


@pytest.fixture
def new_database():
    """A PostgreSQL database of its own (no extension created yet), dropped afterwards."""
    from market.db import normalize_url

    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.fail("This test needs PostgreSQL: set TEST_DATABASE_URL (CI does).")
    admin_url = sa.make_url(normalize_url(os.environ["TEST_DATABASE_URL"]))
    name = f"seoulmade_together_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield admin_url.set(database=name)
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_migration_waits_for_another_creating_the_extension(new_database, tmp_path):
    """Another migration is creating btree_gist (its statements, not committed yet) when this one reaches 0023:
    this one waits for it instead of failing on the extension the other has just created, and succeeds."""
    engine = sa.create_engine(new_database, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE SCHEMA "one"'))
    url = new_database.update_query_dict({"options": "-csearch_path=one"}).render_as_string(hide_password=False)
    from market.migrate import upgrade

    upgrade(url, revision="0022")
    other = engine.connect()
    transaction = other.begin()
    other_pid = other.execute(sa.text("SELECT pg_backend_pid()")).scalar()
    other.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('seoulmade: create extension btree_gist'))"))
    other.execute(sa.text("CREATE EXTENSION btree_gist"))
    script = "import sys\nfrom market.migrate import upgrade\nupgrade(sys.argv[1], revision='0023')\n"
    process = subprocess.Popen([sys.executable, "-c", script, url], stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        waiting = 0
        # Until the migration's session waits for a lock the other holds (a new transaction each time: the view is
        # a snapshot within one).
        while not waiting and time.monotonic() < deadline and process.poll() is None:
            with engine.connect() as watcher:
                waiting = watcher.execute(sa.text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND pid <> :other"), {"other": other_pid}).scalar()
            time.sleep(0.02)
        assert waiting, "the migration never reached the extension"
    finally:
        transaction.commit()
        other.close()
    error = process.communicate(timeout=300)[1]
    assert process.returncode == 0, error
    engine.dispose()


def test_dropping_a_test_workers_schema_leaves_the_others_constraints(new_database):
    """An earlier run's migration created btree_gist in its worker's schema (the first of its search path); the
    next run drops and recreates that schema while another worker's tables use the extension: the other schema's
    no-overlap constraint survives (the suite's workers deadlocked on those drops, or lost the constraint)."""
    from market.migrate import upgrade
    from tests.factories.db import prepare_postgres

    database = new_database.render_as_string(hide_password=False)
    engine = sa.create_engine(new_database, poolclass=sa.pool.NullPool)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE SCHEMA "earlier"'))
    upgrade(new_database.update_query_dict({"options": "-csearch_path=earlier"}).render_as_string(
        hide_password=False))
    where = "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace " \
            "WHERE e.extname = 'btree_gist'"
    with engine.connect() as conn:
        assert conn.execute(sa.text(where)).scalar() == "earlier"
    upgrade(prepare_postgres("other", database))
    prepare_postgres("earlier", database)
    with engine.connect() as conn:
        assert conn.execute(sa.text(where)).scalar() == "public"
        constraints = conn.execute(sa.text(
            "SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = 'other' AND c.conname = 'ex_centre_bookings_no_overlap'")).scalar()
    assert constraints == 1
    engine.dispose()
