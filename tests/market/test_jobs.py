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


def test_after_commit_jobs_wait_for_the_commit_and_survive_savepoints(app, db_session, caplog):
    """Work queued with after_commit runs once the transaction commits, not at a savepoint's release."""
    from market.jobs import after_commit

    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        after_commit(db_session, "market.mail.deliver_mail", "c@example.com", "After", "After commit body")
        with db_session.begin_nested():
            pass
        assert not any("After commit body" in r.getMessage() for r in caplog.records)
        db_session.commit()
    assert sum("After commit body" in r.getMessage() for r in caplog.records) == 1


def test_after_commit_jobs_of_a_rolled_back_transaction_never_run(app, db_session, caplog):
    """A rolled-back transaction sends nothing, also not at the next commit."""
    from market.jobs import after_commit

    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        after_commit(db_session, "market.mail.deliver_mail", "d@example.com", "Never", "Rolled back body")
        db_session.rollback()
        db_session.commit()
    assert not any("Rolled back body" in r.getMessage() for r in caplog.records)
