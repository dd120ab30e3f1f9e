"""Catalog search's background work: analysing changed listings (queued after their commit by
:func:`catalog.search.documents.listings_changed`) and building index generations (asked for by a process whose
delta grew too large, or that has none; run by ``seoulmade worker`` with Redis, in a thread of the asking
process without it; or by hand with ``seoulmade catalog index build``).
"""

from __future__ import annotations

import logging
import threading

from flask import current_app

log = logging.getLogger("seoulmade.catalog")
_threads: dict[str, threading.Thread] = {}


def _embedder(app):
    if app.config.get("CATALOG_SEARCH_MODE", "hybrid") == "lexical":
        return None
    from matching.engine import app_embedder

    return app_embedder(app)


def analyse_listings_job(product_ids: list[int] | None) -> int:
    """Store the search documents of these listings (every published one when None) that changed since their
    last analysis; returns how many were analysed."""
    from catalog.search.generations import analyse_all

    app = current_app._get_current_object()
    return analyse_all(app, _embedder(app), ids=product_ids)


def maker_changed_job(org_id: int) -> int:
    """A maker's name or cluster changed: its listings are marked changed (so every process's delta picks them
    up within seconds) and re-analysed; returns how many."""
    import sqlalchemy as sa

    from catalog.products.models import Product
    from catalog.search.documents import listings_changed
    from market.db import session_scope

    with session_scope(current_app._get_current_object()) as session:
        ids = list(session.exec(sa.select(Product.id).where(Product.maker_id == org_id)).scalars())
        listings_changed(session, ids)
    return len(ids)


def build_generation_job() -> str | None:
    """Build a new generation unless another process is building one; returns its name."""
    from catalog.search import generations
    from market.db import session_scope

    app = current_app._get_current_object()
    root = generations.directory(app)
    with generations.build_lock(root) as held:
        if not held:
            log.info("catalog index: a generation is already being built")
            return None
        watermark = generations.utcnow() - generations.CLOCK_MARGIN
        embedder = _embedder(app)
        generations.analyse_all(app, embedder)
        with session_scope(app) as session:
            row = generations.build(session, root, embedder, watermark=watermark,
                                    ivf_min=int(app.config.get("CATALOG_IVF_MIN", 50_000)))
            name = row.name
        with session_scope(app) as session:
            generations.prune(session, root)
        return name


def request_build(app) -> None:
    """Build a generation in the background: a job for ``seoulmade worker`` with Redis (one at a time across
    nodes, by a Redis key), else a thread of this process (one at a time on this storage, by a file lock)."""
    from market.jobs import EXTENSION, RQQueue

    queue = app.extensions.get(EXTENSION)
    if isinstance(queue, RQQueue):
        if queue.connection.set("seoulmade:catalog:build-asked", "1", nx=True, ex=300):
            queue.enqueue("catalog.search.jobs.build_generation_job")
        return
    if app.config.get("TESTING") and not app.config.get("CATALOG_BUILD_IN_TESTS"):
        return  # tests build generations explicitly
    key = str(id(app))
    thread = _threads.get(key)
    if thread is not None and thread.is_alive():
        return

    def run():
        try:
            with app.app_context():
                build_generation_job()
        except Exception:  # a failed build leaves the current generation serving
            log.exception("catalog index: building a generation failed")

    thread = _threads[key] = threading.Thread(target=run, name="catalog-index-build", daemon=True)
    thread.start()
