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
