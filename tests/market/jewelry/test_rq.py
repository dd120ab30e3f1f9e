"""With REDIS_URL the analysis waits on Redis: the design is "pending" until a worker analyses it."""

from __future__ import annotations

import os
import uuid

import pytest

REDIS_URLS = [os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []


@pytest.mark.parametrize("redis_url", REDIS_URLS)
def test_analysis_runs_on_an_rq_worker(tmp_path, redis_url):
    from redis import Redis
    from rq import Queue

    from market.accounts.models import User
    from market.accounts.services import register_user
    from market.app import create_app
    from market.db import session_scope
    from market.jewelry.services import designs
    from market.jobs import run_worker
    from market.migrate import upgrade
    from tests.factories.files import band_stl

    url = f"sqlite:///{tmp_path / 'rq.db'}"
    upgrade(url)
    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    app = create_app({"TESTING": True, "REDIS_URL": redis_url, "RQ_QUEUE": queue_name, "DATABASE_URL": url,
                      "UPLOAD_DIR": str(tmp_path / "uploads")})
    redis = Redis.from_url(redis_url)
    queue = Queue(queue_name, connection=redis)
    with app.app_context():
        with session_scope(app) as session:
            user = register_user(session, "rq@example.com", "granite otter lantern 42", "RQ")
            design, needs = designs.upload_design(session, user, band_stl(3000), "band.stl")
            design_id, user_id = design.id, user.id
            assert needs and queue.count == 0  # queued only once the upload is committed
        job_ids = queue.job_ids
        assert [queue.fetch_job(i).func_name for i in job_ids] == ["market.jewelry.services.designs.analyse_file_job"]
        with session_scope(app) as session:
            summary = designs.summarize(*designs.get_design(session, session.get(User, user_id), design_id))
            assert summary.status == "pending" and summary.progress == 0 and not summary.quotable
    run_worker(app, burst=True)
    with app.app_context(), session_scope(app) as session:
        item, analysis = designs.get_design(session, session.get(User, user_id), design_id)
        summary = designs.summarize(item, analysis)
        assert summary.status == "analysed" and summary.quotable and analysis.progress == 100
    keys = redis.keys(f"*{queue_name}*") + [key for i in job_ids for key in redis.keys(f"*{i}*")]
    if keys:
        redis.delete(*keys)
    redis.close()
