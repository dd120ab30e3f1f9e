"""Background jobs: in-process by default, RQ workers on Redis when REDIS_URL is set."""

import logging
import os
import uuid

import pytest

from market.app import create_app
from market.jobs import InProcessQueue, RQQueue, enqueue, run_worker

REDIS_URLS = [os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else []


def test_inprocess_jobs_run_at_once(app, caplog):
    """Without Redis a queued mail is delivered before enqueue returns."""
    assert isinstance(app.extensions["seoulmade.jobs"], InProcessQueue)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        handle = enqueue("market.mail.deliver_mail", "a@example.com", "Hello", "Body text")
    assert handle.status == "finished" and handle.result == "log"
    assert any("Body text" in r.getMessage() for r in caplog.records if r.name == "seoulmade.mail")


@pytest.mark.parametrize("redis_url", REDIS_URLS)
def test_rq_worker_runs_queued_jobs(tmp_path, redis_url, caplog):
    """With REDIS_URL, jobs wait on Redis until a worker runs them inside the app."""
    from redis import Redis
    from rq.job import Job

    queue_name = f"test-{uuid.uuid4().hex[:8]}"
    app = create_app({"TESTING": True, "REDIS_URL": redis_url, "RQ_QUEUE": queue_name,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.db'}"})
    queue = app.extensions["seoulmade.jobs"]
    assert isinstance(queue, RQQueue)
    with app.app_context():
        handle = enqueue("market.mail.deliver_mail", "b@example.com", "Queued", "Queued body")
    assert handle.backend == "rq" and handle.result is None
    job = Job.fetch(handle.id, connection=Redis.from_url(redis_url))
    assert job.get_status() == "queued"
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        run_worker(app, burst=True)
    job.refresh()
    assert job.get_status() == "finished" and job.return_value() == "log"
    redis = Redis.from_url(redis_url)
    redis.delete(*redis.keys(f"*{queue_name}*"), *redis.keys(f"*{handle.id}*"))
    redis.close()


def test_worker_refuses_without_redis(tmp_path):
    """`seoulmade worker` explains that no worker is needed without REDIS_URL."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'w.db'}"})
    with pytest.raises(RuntimeError, match="REDIS_URL is not set"):
        run_worker(app, burst=True)
