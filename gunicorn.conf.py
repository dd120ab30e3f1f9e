"""gunicorn settings for web nodes: ``gunicorn -c gunicorn.conf.py wsgi:app``."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
accesslog = "-"


def post_worker_init(worker):
    """Build the catalog index and load the matching index in each worker before it takes requests, so no
    visitor waits for them."""
    from catalog.search.index import warm
    from matching.engine import warm as warm_matching

    warm(worker.wsgi)
    warm_matching(worker.wsgi)
