"""Catalog search across the processes of a real server: a 4-worker gunicorn (Redis for the shared limits) serves
one generation memory-mapped by every worker; after an edit made elsewhere, every worker answers the same search
identically, within seconds, without a new generation."""

from __future__ import annotations

import collections
import concurrent.futures
import datetime as dt
import json
import os
import re
import time
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.market.test_load import _bin, _env, _free_port, _start, _stop

WORKERS = 4


def _get(url: str) -> dict:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def catalog_server(fresh_database_url, tmp_path):
    """gunicorn with four workers on a database holding a generated catalog and a built generation."""
    from catalog.products.models import Product
    from catalog.search.bench import fill_catalog
    from catalog.search.jobs import build_generation_job
    from i18n.content import ContentTranslation
    from i18n.times import utcnow
    from market.app import create_app
    from market.db import get_database, session_scope
    from market.migrate import upgrade

    redis_url = os.environ.get("TEST_REDIS_URL")
    if not redis_url:
        pytest.fail("Several gunicorn workers need Redis: set TEST_REDIS_URL (CI does).")
    upgrade(fresh_database_url)
    env = _env(tmp_path, fresh_database_url)
    config = {"TESTING": True, "DATABASE_URL": fresh_database_url, "SEOULMADE_DATA_DIR": env["SEOULMADE_DATA_DIR"]}
    app = create_app(config)
    fill_catalog(app, 40)
    with app.app_context(), session_scope(app) as session:
        earlier = utcnow() - dt.timedelta(minutes=1)
        session.exec(sa.update(Product).values(updated_at=earlier))
        session.exec(sa.update(ContentTranslation).values(updated_at=earlier))
    with app.app_context():
        assert build_generation_job()
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env.update({"REDIS_URL": redis_url, "GUNICORN_WORKERS": str(WORKERS), "GUNICORN_THREADS": "2",
                "GUNICORN_BIND": f"127.0.0.1:{port}"})
    log_path = tmp_path / "server.log"
    command = [_bin("gunicorn"), "-c", str(Path(__file__).parents[3] / "gunicorn.conf.py"),
               "--access-logformat", "%(p)s %(t)s %(U)s?%(q)s %(s)s", "wsgi:app"]
    process = _start(command, env, base_url, log_path)
    try:
        yield base_url, app, log_path
    finally:
        _stop(process)
        get_database(app).engine.dispose()


def _pids_of(log_path: Path, word: str) -> collections.Counter:
    """How many searches for ``word`` each worker (by pid) answered, from the access log."""
    pattern = re.compile(r"^<(\d+)> \S+ \S+ /api/v1/products\?q=" + re.escape(word) + " 200", re.M)
    return collections.Counter(pattern.findall(log_path.read_text(errors="replace")))


def test_every_worker_answers_the_same_search_after_an_edit(catalog_server):
    """A listing retitled through another process is found by every gunicorn worker with the same answer
    5 s after the edit."""
    from catalog.search.documents import listings_changed
    from i18n import content
    from market.db import session_scope

    base_url, app, log_path = catalog_server
    before = _get(f"{base_url}/api/v1/products?q=leather&per_page=50")
    target = before["items"][0]["id"]
    with app.app_context(), session_scope(app) as session:
        content.set_text(session, "product", target, "title", "en", "Quetzal weekender duffel")
        listings_changed(session, [target])
    edited = time.monotonic()
    url = f"{base_url}/api/v1/products?q=quetzal"
    while _get(url)["total"] == 0:
        assert time.monotonic() - edited < 30, "the edit was not found within 30 s"
    # The promise: every process finds an edit within 5 s (each checks the database every 2 s, on a request).
    time.sleep(max(0.0, edited + 5 - time.monotonic()))
    answers = []
    deadline = time.monotonic() + 120
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        while len(_pids_of(log_path, "quetzal")) < WORKERS:
            assert time.monotonic() < deadline, f"not every worker answered: {_pids_of(log_path, 'quetzal')}"
            answers += pool.map(lambda _i: _get(url), range(16))
    ids = {tuple(item["id"] for item in answer["items"]) for answer in answers}
    assert ids == {(target,)}, ids
    assert all(answer["total"] == 1 for answer in answers)
