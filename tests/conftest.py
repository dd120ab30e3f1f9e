"""Shared fixtures: the schema built once per backend by the migrations, a rolled-back session per test, an app
and an anonymous client. Users, organisations and signed-in parties come from :mod:`tests.factories.accounts`,
loaded here as a plugin; every other builder lives in :mod:`tests.factories`.

Every database test runs on SQLite and, when ``TEST_DATABASE_URL`` is set, on PostgreSQL too (in a schema of
its own per xdist worker). In CI (``CI=true``) a missing ``TEST_DATABASE_URL`` fails the run.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from sqlmodel import Session

from tests.factories.db import prepare_postgres

pytest_plugins = ["tests.fakes", "tests.factories.accounts"]

_DATA_DIR = tempfile.mkdtemp(prefix="seoulmade-tests-")
os.environ["SEOULMADE_DATA_DIR"] = _DATA_DIR
for _name in ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "STRIPE_SECRET_KEY"):
    os.environ.pop(_name, None)


def pytest_configure(config):
    if os.environ.get("CI") == "true" and not os.environ.get("TEST_DATABASE_URL"):
        raise pytest.UsageError("CI must set TEST_DATABASE_URL so the suite also runs on PostgreSQL.")


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get("TEST_DATABASE_URL") else ["sqlite"]


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def migrated_urls(tmp_path_factory) -> dict[str, str]:
    """Build each backend's schema once by running the Alembic migrations."""
    from market.db import make_engine
    from market.migrate import upgrade

    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"}
    if "postgresql" in _backends():
        urls["postgresql"] = prepare_postgres(f"test_{_worker()}")
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
    url = prepare_postgres(schema)
    yield url
    prepare_postgres(schema)


@pytest.fixture
def race_app(backend, fresh_database_url):
    """An app on an empty migrated database of its own, for real races between sessions (no shared test
    transaction): tests commit, and two threads see each other's commits."""
    from market.app import create_app
    from market.db import get_database
    from market.migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url, "SERVER_NAME": "localhost"})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    yield app
    engine.dispose()


@pytest.fixture(scope="session", params=_backends())
def backend(request) -> str:
    """The database backend of this test run: sqlite or postgresql."""
    return request.param


# The platform's bank account, as a configured installation has it (bank-transfer invoices need it; the tests of
# the refusal without it build providers without these).
TEST_BANK = {"PAYMENT_BANK_NAME": "Woori Bank, Jongno branch", "PAYMENT_BANK_ACCOUNT_NAME": "Made in Seoul Ltd.",
             "PAYMENT_BANK_ACCOUNT_NUMBER": "1005-702-118822", "PAYMENT_BANK_SWIFT": "HVBKKRSE",
             "PAYMENT_BANK_ADDRESS": "Woori Bank, 51 Sogong-ro, Jung-gu, Seoul 04632, Korea"}


@pytest.fixture(scope="session")
def base_app(backend, migrated_urls):
    """One app per backend for the session; tests get a fresh rolled-back session on it."""
    from market.app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": migrated_urls[backend], "SERVER_NAME": "localhost",
                      "CATALOG_INDEX_TTL": 0, **TEST_BANK})
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
