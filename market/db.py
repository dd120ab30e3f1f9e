"""The database: one engine per app, a session per request (or per job/CLI command), shared column types."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel
from werkzeug.routing import IntegerConverter

# The column type and clock of every table, defined in the lowest layer (i18n's tables use them too).
from i18n.times import UTCDateTime, utcnow  # noqa: F401

EXTENSION = "seoulmade.db"

# Named constraints let Alembic alter them later, which SQLite's batch mode needs.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite's own transaction handling breaks SAVEPOINT and defers BEGIN; SQLAlchemy's documented recipe
    # turns it off and emits BEGIN itself. Foreign keys are off in SQLite unless asked for per connection.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A deferred transaction that reads, then writes, fails at once under WAL when another writer got in
        # between, whatever the busy timeout. Sessions that will write (a request that may write, a job or
        # command) therefore take the write lock when they begin and wait their turn (busy_timeout).
        immediate = conn.get_execution_options().get(IMMEDIATE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


IMMEDIATE_OPTION = "seoulmade_begin_immediate"


def _writing_request() -> bool:
    """Whether the current request may write: any method but GET, HEAD and OPTIONS."""
    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")


def normalize_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (the driver this project installs)."""
    parsed = sa.make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine for ``url`` with the project's SQLite settings applied."""
    url = normalize_url(url)
    engine = sa.create_engine(url, pool_pre_ping=not url.startswith("sqlite"), **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class Database:
    """The app's engine and how sessions are made; tests can pin one session for requests and services alike."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.pinned_session: Session | None = None
        # The same engine and pool, with the option the SQLite "begin" listener reads (ignored elsewhere).
        self.immediate_engine = engine.execution_options(**{IMMEDIATE_OPTION: True})

    def new_session(self, immediate: bool = False) -> Session:
        """Open a new session on the engine; ``immediate``: on SQLite its transactions take the write lock when
        they begin (for the one session of a unit of work that writes: a writing request, a job, a command)."""
        return Session(self.immediate_engine if immediate else self.engine, expire_on_commit=False)


# Ids and counts are INTEGER columns (32-bit on PostgreSQL): a larger number in a URL can name nothing.
MAX_ID = 2**31 - 1


def _digits_at_most(limit: int) -> str:
    """A regular expression of the ASCII numbers from 0 to ``limit``: shorter numbers, or as long with a smaller
    digit where they first differ from it, or ``limit`` itself."""
    text = str(limit)
    choices = [f"[0-9]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    for i, digit in enumerate(text):
        if digit != "0":
            rest = len(text) - i - 1
            choices.append(text[:i] + f"[0-{int(digit) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join([*choices, text]) + ")"


class IdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number a database id can hold, else the URL matches nothing (404).

    The bound is in the pattern, not only in ``max``: werkzeug checks a rule's methods before converting its
    values, so a number the converter refused would answer 405 to a method another rule of the path allows."""

    regex = _digits_at_most(MAX_ID)

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Create the engine from ``DATABASE_URL`` and close the request's session at teardown; bound the ids that
    URLs carry to what the id columns hold."""
    app.url_map.converters["int"] = IdConverter
    # Short-lived processes (CLI commands) gain nothing from a pool and would leave its connections open.
    pool = {"poolclass": sa.pool.NullPool} if app.config.get("DATABASE_POOL") == "null" else {}
    app.extensions[EXTENSION] = Database(make_engine(app.config["DATABASE_URL"], **pool))

    @app.teardown_appcontext
    def _close_session(exc):
        session = g.pop("db_session", None)
        database: Database = app.extensions[EXTENSION]
        if session is not None and session is not database.pinned_session:
            session.close()


def get_database(app: Flask | None = None) -> Database:
    """Return the app's :class:`Database`."""
    return (app or current_app).extensions[EXTENSION]


def get_session() -> Session:
    """Return the session of the current app context, opening it on first use."""
    if "db_session" not in g:
        database = get_database()
        g.db_session = database.pinned_session or database.new_session(immediate=_writing_request())
    return g.db_session


@contextlib.contextmanager
def session_scope(app: Flask | None = None, read_only: bool = False) -> Iterator[Session]:
    """A session for a job or CLI command that commits once at the end, or rolls back on error. ``read_only``
    work (loading an index) never takes SQLite's write lock, so it does not wait for a writer holding it."""
    database = get_database(app)
    if database.pinned_session is not None:
        yield database.pinned_session
        database.pinned_session.flush()
        return
    # A job or command on its own writes; one run inside a request (in-process jobs, an index build) must not
    # wait for the write lock its request holds.
    session = database.new_session(immediate=not read_only and not has_request_context())
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
