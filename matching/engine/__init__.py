"""The matching engine: sentence embeddings, a FAISS index, BM25 over Kiwi morphemes and glossary concepts,
fused into one ranking with explanations. See :class:`~matching.engine.engine.MatchingEngine` for the API.

Use from the product::

    from matching.engine import get_engine
    engine = get_engine()                      # the app's engine, loaded and checked against the database
    matches = engine.search("알루미늄 CNC 가공 파트너", lang="ko", kinds=["maker"], filters={"cluster": "mullae"},
                            k=10, exclude_org_id=org.id, viewer_lang="en")
    for m in matches:
        m.doc_id, m.score, m.signals, m.contributions
        m.explanation.concepts           # (Concept(id, label), ...) in the viewer's language
        m.explanation.query_sentence, m.explanation.doc_sentence
        [(r.code, r.params, r.contribution, r.message) for r in m.explanation.reasons]
    engine.suggest("p:12", k=10, filters={"trl_min": 5})   # reciprocal, kinds from COMPATIBLE_KINDS

Bad input raises :class:`~matching.engine.errors.EngineError` subclasses (refusals of the one
:class:`~matching.errors.MatchingError` family), each with ``code``, ``message`` and ``field``. Changes reach the
engine explicitly: the services that change profiles or listings queue :func:`matching.engine.jobs.reindex_docs`
to run after their commit (:func:`matching.changes.docs_changed`).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app

from matching.engine.errors import (
    EmptyQueryError,
    EngineError,
    InvalidFilterError,
    InvalidParameterError,
    QueryTooLongError,
    UnknownDocError,
    UnknownFilterError,
    UnknownKindError,
)
from matching.engine.explain import Concept, Explanation, Reason
from matching.engine.ranking import FusionParams, Match
from matching.errors import MatchingError

EXTENSION = "seoulmade.index"  # market.ops.check_readiness looks for ``.loaded`` here
EMBEDDER_EXTENSION = "seoulmade.embedder"
MODEL_LOADED_EXTENSION = "seoulmade.model_loaded"  # an Event a background warm-up sets once the model is settled
log = logging.getLogger("seoulmade.matching")
_create_lock = threading.Lock()
_embedder_lock = threading.Lock()
_load_lock = threading.Lock()

__all__ = ["Concept", "EmptyQueryError", "EngineError", "Explanation", "FusionParams", "InvalidFilterError",
           "InvalidParameterError", "Match", "MatchingError", "QueryTooLongError", "Reason", "UnknownDocError",
           "UnknownFilterError", "UnknownKindError", "app_embedder", "get_engine", "make_engine", "model_loading",
           "warm"]


def _directory(app: Flask) -> Path:
    directory = Path(app.config.get("MATCHING_DIR") or Path(app.config["DATA_DIR"]) / "matching")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def app_embedder(app: Flask):
    """The app's sentence embedder (``MATCHING_MODEL``), shared by matching and catalog search so profiles,
    listings and products are compared in one vector space. Its cache is the database's ``embeddings`` table,
    shared by every process of every node (:class:`~matching.engine.embeddings.DatabaseEmbeddingCache`)."""
    embedder = app.extensions.get(EMBEDDER_EXTENSION)
    if embedder is None:
        from matching.engine.embeddings import DatabaseEmbeddingCache, shared_embedder

        with _embedder_lock:
            embedder = app.extensions.get(EMBEDDER_EXTENSION)
            if embedder is None:
                config = app.config
                embedder = shared_embedder(config.get("MATCHING_MODEL"),
                                           batch_size=int(config.get("MATCHING_BATCH_SIZE", 64)),
                                           threads=int(config.get("MATCHING_TORCH_THREADS", 1)) or None)
                embedder.cache = DatabaseEmbeddingCache(app, embedder.model_id)
                app.extensions[EMBEDDER_EXTENSION] = embedder
    return embedder


def model_loading(app: Flask) -> bool:
    """Whether a background warm-up (:func:`warm`) is still loading the app's embedding model: a request that
    can answer without it (catalog search, from words alone) should not wait for it meanwhile. False once it is
    loaded, if loading failed (the request then loads it itself, as without a warm-up) or when nothing loads it
    in the background."""
    settled = app.extensions.get(MODEL_LOADED_EXTENSION)
    if settled is None or settled.is_set():
        return False
    embedder = app.extensions.get(EMBEDDER_EXTENSION)
    return embedder is None or not embedder.loaded


def make_engine(app: Flask):
    """A new, empty engine configured from ``app.config`` (the model is shared by every engine of the
    process and loaded on first use)."""
    from matching.engine.engine import MatchingEngine
    from matching.engine.vectors import HnswParams

    config = app.config
    directory = _directory(app)
    embedder = app_embedder(app)
    params = FusionParams.for_model(embedder.model_id)
    if config.get("MATCHING_FUSION"):  # a dict, or JSON text from the environment
        fusion = config["MATCHING_FUSION"]
        params = FusionParams.from_dict(json.loads(fusion) if isinstance(fusion, str) else fusion)
    engine = MatchingEngine(
        embedder, directory, params=params,
        hnsw_threshold=int(config.get("MATCHING_HNSW_THRESHOLD", 20_000)),
        hnsw_params=HnswParams(int(config.get("MATCHING_HNSW_M", 32)),
                               int(config.get("MATCHING_HNSW_EF_CONSTRUCTION", 160)),
                               int(config.get("MATCHING_HNSW_EF_SEARCH", 384))),
        tombstone_limit=float(config.get("MATCHING_TOMBSTONE_LIMIT", 0.2)),
        reload_interval=float(config.get("MATCHING_RELOAD_INTERVAL", 2.0)),
    )
    engine.docs_source = _docs_source(app)
    return engine


def get_engine(app: Flask | None = None, load: bool = True):
    """The app's engine (one per app, in ``app.extensions``), created on first use. With ``load`` (the
    default) it is also made consistent with the database the first time (loading the saved index, applying
    what changed, or rebuilding), so the first caller may wait; :func:`warm` does that at start-up."""
    app = app or current_app._get_current_object()
    engine = app.extensions.get(EXTENSION)
    if engine is None:
        with _create_lock:
            engine = app.extensions.get(EXTENSION)
            if engine is None:
                engine = make_engine(app)
                app.extensions[EXTENSION] = engine
    if load and not engine.loaded:
        with _load_lock:
            if not engine.loaded:
                outcome = engine.ensure_consistent(_docs_loader(app))
                log.info("matching index %s: %s", outcome, engine.stats())
    return engine


def warm(app: Flask, background: bool = False, wait_for: threading.Event | None = None,
         at_most: float = 0.0, after_model: Callable[[], None] | None = None) -> threading.Thread | None:
    """Load the model, Kiwi and the index before the first request (for ``seoulmade serve`` and gunicorn's
    ``post_worker_init``). With ``background`` this happens in a daemon thread (returned), in the order requests
    need them: Kiwi (Korean texts), the embedding model (hybrid search), then the matching index; a
    request that needs one of them before it is ready waits for it (each loads once, under its lock), and one
    that needs none of them does not wait (and catalog search answers from words alone while the model loads,
    see :func:`model_loading`). With ``wait_for`` the thread first waits until that event is set or ``at_most``
    seconds have passed (the model counts as loading meanwhile). ``after_model`` runs once the model is loaded,
    before the matching index (the app uses it to give the catalog index its vectors before a request has to)."""
    if background:
        app.extensions.setdefault(MODEL_LOADED_EXTENSION, threading.Event())
        thread = threading.Thread(target=_warm_logged, args=(app, wait_for, at_most, after_model),
                                  name="seoulmade-warm", daemon=True)
        thread.start()
        return thread
    _warm(app, after_model)
    return None


def _warm(app: Flask, after_model: Callable[[], None] | None = None) -> None:
    from i18n.text import load_analyser, tokenize

    # Kiwi first: a Korean query cannot be answered without it, while a catalog search answers from words alone
    # until the model is loaded. Kiwi builds its model on its first analysis (measured: 1.7 s CPU after 1.3 s
    # of loading), so one short text is analysed here rather than in the first Korean query's time.
    try:
        load_analyser("ko")
        tokenize("형태소 분석 준비", "ko")
        app_embedder(app).model  # noqa: B018 (loads the model)
    finally:  # loaded or failed: the requests that need the model stop answering without it
        settled = app.extensions.get(MODEL_LOADED_EXTENSION)
        if settled is not None:
            settled.set()
    if after_model is not None:
        try:
            after_model()
        except Exception:  # the requests do it themselves then
            log.exception("the step after loading the model failed")
    with app.app_context():
        get_engine(app)


def _warm_logged(app: Flask, wait_for: threading.Event | None = None, at_most: float = 0.0,
                 after_model: Callable[[], None] | None = None) -> None:
    if wait_for is not None:
        wait_for.wait(at_most)
    try:
        _warm(app, after_model)
    except Exception:  # the requests that need what failed load it again, and say why
        log.exception("warming the matching model and index failed")


def _docs_loader(app: Flask):
    def load():
        from market.db import session_scope
        from matching.services.docs import load_docs

        with app.app_context(), session_scope(app, read_only=True) as session:
            return load_docs(session)

    return load


def _docs_source(app: Flask):
    def source(doc_ids: list[str]):
        from market.db import session_scope
        from matching.services.docs import docs_for

        with app.app_context(), session_scope(app, read_only=True) as session:
            return docs_for(session, doc_ids)

    return source
