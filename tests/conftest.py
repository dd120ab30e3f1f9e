"""Shared fixtures: the schema built once per backend by the migrations, a rolled-back session per test,
an app, clients (anonymous and signed in per organisation kind) and small factories.

Every database test runs on SQLite and, when ``TEST_DATABASE_URL`` is set, on PostgreSQL too (in a schema of
its own per xdist worker). In CI (``CI=true``) a missing ``TEST_DATABASE_URL`` fails the run.
"""

from __future__ import annotations

import itertools
import os
import tempfile

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from tests.helpers import DEFAULT_PASSWORD, sign_in

pytest_plugins = ["tests.fakes"]

_DATA_DIR = tempfile.mkdtemp(prefix="seoulmade-tests-")
os.environ["SEOULMADE_DATA_DIR"] = _DATA_DIR
for _name in ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "STRIPE_SECRET_KEY"):
    os.environ.pop(_name, None)

_counter = itertools.count(1)


def pytest_configure(config):
    if os.environ.get("CI") == "true" and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("CI must set TEST_DATABASE_URL so the suite also runs on PostgreSQL.")


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _postgres_url(schema: str) -> str:
    from market.db import normalize_url

    url = sa.make_url(normalize_url(os.environ["TEST_DATABASE_URL"]))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def _prepare_postgres(schema: str) -> str:
    from market.db import normalize_url

    admin = sa.create_engine(normalize_url(os.environ["TEST_DATABASE_URL"]), poolclass=sa.pool.NullPool)
    with admin.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return _postgres_url(schema)


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory) -> dict[str, str]:
    """Build each backend's schema once by running the Alembic migrations."""
    from market.db import make_engine
    from market.migrate import upgrade

    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if "postgresql" in _backends():
        urls["postgresql"] = _prepare_postgres(f"test_{_worker()}")
    for url in urls.values():
        engine = make_engine(url)
        with engine.begin() as conn:
            upgrade(connection=conn)
        engine.dispose()
    return urls


@pytest.fixture
def fresh_database_url(backend, tmp_path):
    """An empty database of the current backend (a new SQLite file, or a new PostgreSQL schema)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'cli.db'}"
        return
    schema = f"fresh_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    url = _prepare_postgres(schema)
    yield url
    _prepare_postgres(schema)


@pytest.fixture(scope="session", params=_backends())
def backend(request) -> str:
    """The database backend of this test run: sqlite or postgresql."""
    return request.param


@pytest.fixture(scope="session")
def base_app(backend, migrated_urls):
    """One app per backend for the session; tests get a fresh rolled-back session on it."""
    from market.app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": migrated_urls[backend], "SERVER_NAME": "localhost",
                      "CATALOG_INDEX_TTL": 0})
    yield app
    from market.db import get_database

    get_database(app).engine.dispose()


@pytest.fixture
def db_session(base_app):
    """A session inside a transaction that is rolled back after the test; requests share it.

    ``commit()`` only releases a savepoint, so factories commit: a view's ``rollback()`` after a refused
    operation then keeps the test's own data, as it would in production.
    """
    from market.db import get_database

    database = get_database(base_app)
    connection = database.engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    database.pinned_session = session
    try:
        yield session
    finally:
        database.pinned_session = None
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def app(base_app, db_session):
    """The app, with its rate limits reset and an app context pushed for direct service calls."""
    from market.security import limiter

    # The limiter is one object per process; apps made by other tests re-point its storage, so point it back.
    limiter.init_app(base_app)
    limiter.reset()
    with base_app.app_context():
        yield base_app
    # A matching engine made during the test indexed that test's (rolled back) rows: the next test builds its own.
    from matching.engine import EXTENSION as MATCHING_ENGINE

    base_app.extensions.pop(MATCHING_ENGINE, None)


@pytest.fixture
def client(app):
    """An anonymous browser-like client."""
    return app.test_client()


@pytest.fixture(scope="session")
def default_password_hash() -> str:
    from market.accounts.services import hash_password

    return hash_password(DEFAULT_PASSWORD)


@pytest.fixture
def clusters(db_session):
    """The real clusters, as the demo creates them."""
    from market.demo.build import add_clusters

    rows = add_clusters(db_session)
    db_session.commit()
    return rows


@pytest.fixture
def make_user(db_session, default_password_hash):
    """Create a user: ``make_user(email=None, role="member", verified=True)``; password is DEFAULT_PASSWORD."""
    import secrets

    from market.accounts.models import User, UserRole
    from market.db import utcnow

    def _make(email: str | None = None, role: str = "member", verified: bool = True, name: str = "Test User"):
        user = User(email=email or f"user{next(_counter)}@example.com", display_name=name,
                    password_hash=default_password_hash, role=UserRole(role),
                    session_nonce=secrets.token_hex(16), email_verified_at=utcnow() if verified else None)
        db_session.add(user)
        db_session.commit()
        return user

    return _make


@pytest.fixture
def make_org(db_session, clusters):
    """Create an organisation owned by ``owner``: ``make_org(owner, kind="maker", **fields)``."""
    from market.accounts import services

    def _make(owner=None, kind: str = "maker", name: str | None = None, country: str = "KR", **fields):
        if kind == "maker":
            fields.setdefault("cluster_code", "mullae")
        org = services.create_organization(db_session, owner, name=name or f"Org {next(_counter)}",
                                           kind=kind, country=country, **fields)
        db_session.commit()
        return org

    return _make


@pytest.fixture
def signed_in(app, make_user, make_org):
    """A client signed in as the owner of a new organisation of ``kind``: returns (client, user, org)."""

    def _make(kind: str = "maker", role: str = "member", **org_fields):
        user = make_user(role=role)
        org = make_org(user, kind=kind, **org_fields)
        client = app.test_client()
        sign_in(client, user)
        return client, user, org

    return _make
