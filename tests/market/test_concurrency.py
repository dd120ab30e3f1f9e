"""The embedded default under a crowd: many clients writing at once on SQLite (and PostgreSQL) get answers,
never a 500, and every write that was answered as done is there."""

import concurrent.futures
import threading

import pytest
import sqlalchemy as sa

CLIENTS = 16
EACH = 3


@pytest.fixture
def crowd_app(backend, fresh_database_url):
    """An app on an empty migrated database of its own (no pinned test session: real transactions)."""
    from market.app import create_app
    from market.db import get_database
    from market.migrate import upgrade

    app = create_app({"TESTING": True, "DATABASE_URL": fresh_database_url})
    engine = get_database(app).engine
    with engine.begin() as conn:
        upgrade(connection=conn)
    yield app
    engine.dispose()


def _tokens(app, n: int) -> list[str]:
    from market.accounts.services import create_api_token, register_user
    from market.db import session_scope

    secrets = []
    with app.app_context(), session_scope(app) as session:
        for i in range(n):
            user = register_user(session, f"crowd{i}@example.com", "granite lantern harbour 42", f"Crowd {i}")
            secrets.append(create_api_token(session, user, "crowd")[1])
    return secrets


def test_sixteen_clients_creating_at_once_get_no_500_and_lose_nothing(crowd_app):
    """16 API clients each create organisations at the same moment: every answer is 201 (or 503 with
    Retry-After when the database stays busy), none is a 500, and each 201 is a row."""
    from market.db import get_database

    tokens = _tokens(crowd_app, CLIENTS)
    start = threading.Barrier(CLIENTS)

    def work(index: int) -> list:
        client = crowd_app.test_client()
        headers = {"Authorization": f"Bearer {tokens[index]}"}
        start.wait()
        answers = []
        for j in range(EACH):
            response = client.post("/api/v1/organizations", headers=headers, json={
                "kind": "buyer", "name": f"Crowd Shop {index}-{j}", "country": "JP"})
            answers.append((response.status_code, response.headers.get("Retry-After")))
        return answers

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        answers = [a for batch in pool.map(work, range(CLIENTS)) for a in batch]
    statuses = [status for status, _retry in answers]
    assert 500 not in statuses
    assert all(status in (201, 503) for status in statuses), statuses
    assert all(retry for status, retry in answers if status == 503)
    with get_database(crowd_app).engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM organizations WHERE name LIKE 'Crowd Shop %'")).scalar()
    assert rows == statuses.count(201)
    assert statuses.count(201) >= len(statuses) * 0.9  # the crowd is served, not turned away


def test_a_database_kept_busy_answers_503_with_retry_after(tmp_path):
    """When another writer holds SQLite longer than a request can wait, the request answers 503 with
    Retry-After (the API's envelope), not a 500, and writes nothing."""
    import sqlite3

    from market.app import create_app
    from market.db import get_database
    from market.migrate import upgrade

    path = tmp_path / "busy.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    with get_database(app).engine.begin() as conn:
        upgrade(connection=conn)
    token = _tokens(app, 1)[0]
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the busy timeout
    try:
        response = app.test_client().post("/api/v1/organizations", headers={"Authorization": f"Bearer {token}"},
                                          json={"kind": "buyer", "name": "Busy Shop", "country": "JP"})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.get_json()["error"]["code"] == "busy"
    with get_database(app).engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM organizations")).scalar() == 0
    get_database(app).engine.dispose()
