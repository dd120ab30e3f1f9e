"""Alembic, driven from code: upgrade to head, and the current and head revisions for readiness checks."""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str | None = None, connection=None) -> Config:
    """An Alembic config for this project's migrations, bound to a URL or an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url:
        from market.db import normalize_url

        config.set_main_option("sqlalchemy.url", normalize_url(database_url).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(database_url: str | None = None, connection=None, revision: str = "heads") -> None:
    """Apply migrations up to ``revision`` (default: every head, as features add their own branches)."""
    command.upgrade(alembic_config(database_url, connection), revision)


@functools.cache
def head_revisions() -> tuple[str, ...]:
    """The newest revision of every migration branch, sorted."""
    return tuple(sorted(ScriptDirectory.from_config(alembic_config()).get_heads()))


def pending_heads(current: tuple[str, ...]) -> tuple[str, ...]:
    """The heads not applied yet to a database at ``current``. A head is applied when it is current or below a
    current revision, through its down revision or a ``depends_on`` (Alembic drops a revision another one
    depends on from the version table, so the current revisions can be fewer than the heads)."""
    heads = head_revisions()
    if not current:
        return heads
    revision_map = ScriptDirectory.from_config(alembic_config()).revision_map
    try:
        applied = {rev.revision for rev in revision_map.iterate_revisions(current, "base")}
    except RevisionError:  # a revision these scripts do not know (a newer code base migrated the database)
        return heads
    return tuple(head for head in heads if head not in applied)


def current_revisions(connection) -> tuple[str, ...]:
    """The revisions the database is at (one per branch), sorted; empty when none was applied."""
    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))
