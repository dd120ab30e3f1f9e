"""Every API operation, fed generated input from its own OpenAPI document (schemathesis, a bounded number of
examples per operation, signed in with a token), answers without a server error on each database."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.factories.db import prepare_postgres


@pytest.fixture(scope="module")
def fuzz_app(backend, tmp_path_factory):
    """An app on an empty migrated database of its own, with a buyer whose API token signs the requests."""
    from market.accounts.services import create_api_token, create_organization, register_user
    from market.app import create_app
    from market.db import get_database, session_scope
    from market.migrate import upgrade

    schema_name = f"fuzz_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    url = (f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}" if backend == "sqlite"
           else prepare_postgres(schema_name))
    app = create_app({"TESTING": True, "DATABASE_URL": url})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    with app.app_context(), session_scope(app) as session:
        user = register_user(session, "fuzz@example.com", "granite lantern harbour 42", "Fuzz Buyer")
        create_organization(session, user, kind="buyer", name="Fuzz Select", country="JP", source_locale="en")
        app.config["FUZZ_TOKEN"] = create_api_token(session, user, "fuzz")[1]
    yield app
    engine.dispose()
    if backend != "sqlite":
        prepare_postgres(schema_name)


def test_no_operation_answers_a_server_error(fuzz_app):
    """Generated bodies, queries and ids (bounds, huge numbers, odd text) never get a 500, on any operation."""
    api = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app)
    headers = {"Authorization": f"Bearer {fuzz_app.config['FUZZ_TOKEN']}"}
    server_errors = []
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) > 60  # every documented operation is exercised

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=4, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def call(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.path}: {response.status_code} {response.text[:300]}")

        call()
    assert server_errors == []
