"""gunicorn settings for web nodes: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"
# The master builds the app once (≈ 1.6 s of CPU: Python, the models, the API schemas) and forks it: a worker
# added or restarted on a running node answers as soon as it has mapped the catalog index, and the workers share
# the app's pages. GUNICORN_PRELOAD=0 builds it in each worker instead.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"


def on_starting(server):
    """Refuse to start several workers that could not share the rate limits (no Redis), and say why."""
    from market.config import load_settings
    from market.security import shared_limits_problem

    problem = shared_limits_problem(load_settings(), server.cfg.workers)
    if problem:
        raise SystemExit(problem)


def post_worker_init(worker):
    """Map the catalog index in each worker before it takes requests (the model, Kiwi and the matching index
    load in a background thread meanwhile; on a database not yet migrated the worker starts without them and
    says so)."""
    from market.app import after_fork, warm_up

    if worker.cfg.preload_app:  # forked from the master's app: its own database connections
        after_fork(worker.wsgi)
    warm_up(worker.wsgi, worker.log.info)
