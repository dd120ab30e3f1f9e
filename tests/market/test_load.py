"""A bounded loopback load on the real servers: 32 concurrent clients over HTTP against ``seoulmade serve``
(waitress, the embedded SQLite default) and against gunicorn (PostgreSQL, several workers sharing Redis).
Every request is answered — never a 500 — and every write answered as done is in the database."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

CLIENTS = 32
ROUNDS = 3
STARTUP_TIMEOUT = 180.0


def _bin(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("REDIS_URL", "MAIL_SERVER", "STRIPE_SECRET_KEY"):
        env.pop(name, None)
    env["SEOULMADE_DATA_DIR"] = str(tmp_path / "data")
    env["TIMED_STEPS_INTERVAL"] = "0"  # only the load's own requests write
    env["DATABASE_URL"] = database_url
    return env


def _tokens(database_url: str, n: int) -> list[str]:
    """n users with an API token each, made directly in the database the server uses."""
    from market.accounts.services import create_api_token, register_user
    from market.app import create_app
    from market.db import get_database, session_scope

    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    secrets = []
    with app.app_context(), session_scope(app) as session:
        for i in range(n):
            user = register_user(session, f"load{i}@example.com", "granite lantern harbour 42", f"Load {i}")
            secrets.append(create_api_token(session, user, "load")[1])
    get_database(app).engine.dispose()
    return secrets


def _start(command: list[str], env: dict[str, str], base_url: str, log_path: Path) -> subprocess.Popen:
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return process
        except (urllib.error.URLError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"{command[0]} did not become ready:\n{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server(backend, fresh_database_url, tmp_path):
    """The base URL of a real server on a freshly migrated database: waitress on SQLite, gunicorn on PostgreSQL."""
    env = _env(tmp_path, fresh_database_url)
    subprocess.run([_bin("seoulmade"), "db", "upgrade"], env=env, check=True, capture_output=True, timeout=300)
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    if backend == "sqlite":
        command = [_bin("seoulmade"), "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", "8"]
    else:
        # Several workers need a shared store for rate limits (the server refuses to start otherwise).
        redis_url = os.environ.get("TEST_REDIS_URL")
        if redis_url:
            env["REDIS_URL"] = redis_url
        env["GUNICORN_WORKERS"] = "2" if redis_url else "1"
        env["GUNICORN_THREADS"] = "8"
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        command = [_bin("gunicorn"), "-c", str(Path(__file__).parents[2] / "gunicorn.conf.py"), "wsgi:app"]
    process = _start(command, env, base_url, tmp_path / "server.log")
    try:
        yield base_url, fresh_database_url
    finally:
        _stop(process)


def _call(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, dict | None, str | None]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = response.read()
            return response.status, (json.loads(payload) if payload.startswith(b"{") else None), None
    except urllib.error.HTTPError as exc:
        return exc.code, None, exc.headers.get("Retry-After")


def test_thirty_two_clients_over_http_get_no_500_and_lose_no_write(server):
    """32 clients at once, each creating organisations, reading them back, searching the catalog and opening
    pages: no answer is a 500 (a busy database answers 503 with Retry-After), and every 201 is a row."""
    base_url, database_url = server
    tokens = _tokens(database_url, CLIENTS)
    start = threading.Barrier(CLIENTS)

    def work(index: int) -> list[tuple[str, int, str | None]]:
        token = tokens[index]
        answers = []
        start.wait()
        for j in range(ROUNDS):
            status, body, retry = _call("POST", f"{base_url}/api/v1/organizations", token,
                                        {"kind": "buyer", "name": f"Load Shop {index}-{j}", "country": "JP"})
            answers.append(("create", status, retry))
            if status == 201:
                org_id = body["id"]
                status, _body, retry = _call("GET", f"{base_url}/api/v1/organizations/{org_id}", token)
                answers.append(("read", status, retry))
            status, _body, retry = _call("GET", f"{base_url}/api/v1/products?q=leather&page=1", token)
            answers.append(("search", status, retry))
            status, _body, retry = _call("GET", f"{base_url}/ja/catalog/?q=leather&page=1", token)
            answers.append(("page", status, retry))
        return answers

    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as pool:
        answers = [a for batch in pool.map(work, range(CLIENTS)) for a in batch]
    statuses = [status for _kind, status, _retry in answers]
    assert 500 not in statuses
    unexpected = [a for a in answers if a[1] not in (200, 201, 503)]
    assert not unexpected, unexpected[:10]
    assert all(retry for _kind, status, retry in answers if status == 503)
    created = [a for a in answers if a[0] == "create" and a[1] == 201]
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT count(*) FROM organizations WHERE name LIKE 'Load Shop %'")).scalar()
    engine.dispose()
    assert rows == len(created)
    assert len(created) >= CLIENTS * ROUNDS * 0.9  # the crowd is served, not turned away
