"""The catalog index a process searches: the newest generation (memory-mapped, built once by a worker from the
stored documents, see :mod:`catalog.search.generations`) merged with a small delta of the listings changed since
it was built, and the co-brand seal of each listing.

Search is hybrid (:func:`rank_scores`): the cosine of the query's vector with each product's, plus a lexical
boost of ``lexical_boost`` times BM25 over the best BM25 of the query. A product matches when it shares a word
or a glossary concept with the query, or when its cosine is at least ``min_cosine`` and within ``relative`` of
the best one. The cosine carries meaning across languages (指輪 finds rings written only in Korean); the boost
puts exact words and concepts first among products of the same meaning. The values were tuned on the labelled
queries of ``seoulmade catalog eval`` (``catalog/search/data/eval_queries.jsonl``, 187 queries in five
languages): hybrid nDCG@10 0.909 against 0.845 for BM25 alone and 0.650 for the cosine alone, and at least both
single signals in every language.

Freshness without polling the catalog: every ``CATALOG_INDEX_TTL`` seconds a process asks the database one row
of index lookups (the newest listing change, the newest text change, the newest generation, the certificates'
state); only when it moved does it reload the changed listings (``updated_at`` after the generation's
watermark) into the delta, so an edit is searchable on every process within seconds. Without a generation, a
small catalog (up to ``CATALOG_MEMORY_MAX`` listings) is indexed in memory from its stored documents; a larger
one is answered from the database (:mod:`catalog.search.fallback`) while a generation is built. A delta larger
than ``CATALOG_DELTA_MAX`` asks for a new generation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import time

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session, select

from catalog.certification.models import Certificate, CertificateProduct
from catalog.certification.services import certified_product_ids
from catalog.certification.services.certificates import current_day
from catalog.products.models import Product, ProductStatus
from catalog.search import generations
from catalog.search.documents import Analysed, documents_for, load_listings
from catalog.search.generations import Generation, GenerationError
from catalog.search.models import IndexGeneration
from i18n.content import ContentTranslation
from i18n.text import analyser_version, detect_lang, query_tokens

log = logging.getLogger("seoulmade.catalog")
EXTENSION = "seoulmade.catalog_index"
MODES = ("hybrid", "lexical", "dense")
_lock = threading.Lock()


@dataclasses.dataclass(frozen=True)
class SearchParams:
    """How the lexical and dense signals are fused (see the module's docstring)."""

    lexical_boost: float = 0.5
    min_cosine: float = 0.3
    relative: float = 0.2
    # Languages the model reads poorly get a larger boost: USE multilingual v3 was not trained on Vietnamese.
    language_boost: tuple[tuple[str, float], ...] = (("vi", 2.0),)
    # Word matches whose exact cosine is read (the best by BM25); the others get estimates (catalog.search.dense).
    exact_max: int = 4096

    def boost(self, lang: str | None) -> float:
        """The lexical boost for a query in ``lang``."""
        return float(dict(self.language_boost).get(lang or "", self.lexical_boost))


def rank_scores(bm25: np.ndarray | None, cosine: np.ndarray | None, mode: str = "hybrid",
                params: SearchParams = SearchParams(), lang: str | None = None) -> np.ndarray:
    """Scores of every product for one query (0: not a match; higher first) from its BM25 scores and its
    cosines (either may be None when that signal is unavailable)."""
    if mode == "dense" and cosine is None or mode == "lexical" or cosine is None:
        return np.asarray(bm25, dtype=np.float32) if bm25 is not None else np.zeros(0, dtype=np.float32)
    cosine = np.asarray(cosine, dtype=np.float32)
    floor = max(params.min_cosine, float(cosine.max(initial=0.0)) - params.relative)
    close = cosine >= floor
    if mode == "dense":
        return np.where(close, np.maximum(cosine, 1e-6), 0.0).astype(np.float32)
    lexical = np.asarray(bm25, dtype=np.float32) if bm25 is not None else np.zeros_like(cosine)
    top = float(lexical.max(initial=0.0))
    boost = params.boost(lang) * lexical / top if top > 0 else np.zeros_like(cosine)
    matched = close | (lexical > 0)
    return np.where(matched, np.maximum(cosine, 0.0) + boost + 1e-6, 0.0).astype(np.float32)


@dataclasses.dataclass
class CatalogIndex:
    """What search reads: the listings of ``main`` (a generation) with the delta's listings replacing their old
    rows in place (``replaced``) or appended after them, and those no longer published masked (``removed``).
    Positions are in ascending id order when ``ascending`` (appended ids above every id of ``main``)."""

    main: Generation
    delta: list[Analysed]
    replaced: np.ndarray  # positions in main whose listing is now the delta's row replaced_rows[i]
    replaced_rows: np.ndarray
    removed: np.ndarray  # positions in main no longer published
    appended_rows: np.ndarray  # delta rows after main's listings
    ids: np.ndarray
    price_krw: np.ndarray
    moq: np.ndarray
    lead_time: np.ndarray
    cluster: np.ndarray
    category: np.ndarray
    certified: np.ndarray
    live: np.ndarray  # False for the rows of listings no longer published
    clusters: list[str]
    categories: list[str]
    ascending: bool
    delta_vectors: np.ndarray | None
    embedder: object | None
    params: SearchParams = SearchParams()
    stamp: tuple = ()
    checked_at: float = 0.0
    source: str = "memory"  # "generation" (memory-mapped) or "memory" (a small catalog without one)
    # Built while the embedding model was loading in the background: words alone until it is loaded.
    awaiting_model: bool = False

    def __len__(self) -> int:
        return len(self.ids)

    def _merge(self, main_scores: np.ndarray, delta_scores: np.ndarray) -> np.ndarray:
        out = np.concatenate([np.asarray(main_scores, dtype=np.float32),
                              np.asarray(delta_scores, dtype=np.float32)[self.appended_rows]])
        if len(self.replaced):
            out[self.replaced] = delta_scores[self.replaced_rows]
        if len(self.removed):
            out[self.removed] = 0.0
        return out

    def bm25(self, query: str, lang: str) -> np.ndarray | None:
        """BM25 scores of every product (None when the query has no token)."""
        tokens = query_tokens(query, lang, concept_words=False)
        if not tokens:
            return None
        main = self.main.bm25(self.main.token_ids(tokens))
        if not self.delta:
            return main
        return self._merge(main, generations.delta_scores(self.main, self.delta, tokens))

    def cosines(self, query: str, matched: np.ndarray | None = None,
                bm25: np.ndarray | None = None) -> np.ndarray | None:
        """The cosine of the query's vector with every product's (None without a model); for the products whose
        positions are ``matched`` (word matches), exact for the best by ``bm25`` and estimated for the others
        when there are many, see :mod:`catalog.search.dense`."""
        if self.embedder is None or self.main.dense is None and len(self.main) or not len(self.ids):
            return None
        if self.delta and self.delta_vectors is None:
            return None
        vector = self.embedder.encode([query.strip()], persist=False)[0]
        if self.main.dense is None:
            main = np.zeros(0, dtype=np.float32)
        else:
            also = estimate = None
            if matched is not None:
                also = matched[matched < len(self.main)]
                exact = self.params.exact_max
                if len(also) > exact and bm25 is not None:
                    best = np.argpartition(-bm25[also], exact - 1)
                    also, estimate = also[best[:exact]], also[best[exact:]]
            main = self.main.dense.cosines(vector, also, estimate)
        if not self.delta:
            return main
        return self._merge(main, self.delta_vectors @ vector)

    def scores(self, query: str, lang: str, mode: str = "hybrid") -> np.ndarray | None:
        """Scores of every product for ``query`` in ``mode`` (None without a query; 0 for a product that does
        not match)."""
        bm25 = self.bm25(query, lang) if mode != "dense" else None
        matched = np.flatnonzero(bm25 > 0) if bm25 is not None else None
        cosine = self.cosines(query, matched, bm25) if mode != "lexical" else None
        if bm25 is None and cosine is None:
            return None
        if bm25 is None and mode != "dense":
            bm25 = np.zeros(len(self.ids), dtype=np.float32)
        return rank_scores(bm25, cosine, mode, self.params, detect_lang(query, lang))


def combine(main: Generation, delta_listings: list, delta_docs: list[Analysed], certified: set[int],
            embedder=None, params: SearchParams = SearchParams()) -> CatalogIndex:
    """The index of ``main`` with the delta's listings (changed since ``main`` was built; those no longer
    published have no document and are only masked) and the current seals."""
    published = [(item, doc) for item, doc in zip(delta_listings, delta_docs, strict=True) if item.published]
    changed_ids = np.array(sorted({item.id for item in delta_listings}), dtype=np.int64)
    positions = np.searchsorted(main.ids, changed_ids)
    in_main = positions < len(main.ids)
    in_main[in_main] = main.ids[positions[in_main]] == changed_ids[in_main]
    position_of = {int(i): int(p) for i, p, hit in zip(changed_ids, positions, in_main, strict=True) if hit}
    replaced, replaced_rows, appended_rows = [], [], []
    for row, (item, _doc) in enumerate(published):
        if item.id in position_of:
            replaced.append(position_of.pop(item.id))
            replaced_rows.append(row)
        else:
            appended_rows.append(row)
    removed = np.array(sorted(position_of.values()), dtype=np.int64)  # changed, in main, not published now
    clusters, categories = list(main.clusters), list(main.categories)
    for item, _doc in published:
        if item.cluster not in clusters:
            clusters.append(item.cluster)
        if item.category not in categories:
            categories.append(item.category)
    rows = [item for item, _doc in published]

    def column(name: str, values, dtype) -> np.ndarray:
        base = getattr(main, name)
        if not rows:
            return base
        out = np.concatenate([np.asarray(base), np.array([values[r] for r in appended_rows], dtype=dtype)])
        if replaced:
            out[replaced] = np.array([values[r] for r in replaced_rows], dtype=dtype)
        return out

    ids = column("ids", [item.id for item in rows], np.int64)
    # The delta comes in ascending id order, so the appended rows are ascending among themselves.
    ascending = not appended_rows or not len(main.ids) or rows[appended_rows[0]].id > int(main.ids[-1])
    docs = [doc for _item, doc in published]
    delta_vectors = None
    if docs and all(doc.vector is not None for doc in docs):
        delta_vectors = np.vstack([doc.vector for doc in docs]).astype(np.float32)
    return CatalogIndex(
        main=main, delta=docs, replaced=np.array(replaced, dtype=np.int64),
        replaced_rows=np.array(replaced_rows, dtype=np.int64), removed=removed,
        appended_rows=np.array(appended_rows, dtype=np.int64), ids=ids,
        price_krw=column("price_krw", [item.price_krw for item in rows], np.int64),
        moq=column("moq", [item.moq for item in rows], np.int64),
        lead_time=column("lead_time", [item.lead_time for item in rows], np.int64),
        cluster=column("cluster", [clusters.index(item.cluster) for item in rows], np.int32),
        category=column("category", [categories.index(item.category) for item in rows], np.int32),
        certified=np.isin(ids, np.fromiter(certified, dtype=np.int64, count=len(certified))),
        live=_live(len(ids), removed), clusters=clusters, categories=categories, ascending=bool(ascending), delta_vectors=delta_vectors,
        embedder=embedder, params=params)


def _live(n: int, removed: np.ndarray) -> np.ndarray:
    live = np.ones(n, dtype=bool)
    live[removed] = False
    return live


# --- keeping a process's index current ---------------------------------------------------------------------------

def change_stamp(session: Session) -> tuple:
    """One round trip of index lookups that moves whenever a listing, its texts, the newest generation or the
    certificates change (and each day, as certificates expire)."""
    row = session.exec(select(
        select(sa.func.max(Product.updated_at)).scalar_subquery(),
        select(sa.func.max(ContentTranslation.updated_at))
        .where(ContentTranslation.entity == "product").scalar_subquery(),
        select(sa.func.max(IndexGeneration.id)).scalar_subquery(),
        select(sa.func.count(Certificate.id)).scalar_subquery(),
        select(sa.func.max(Certificate.id)).scalar_subquery(),
        select(sa.func.count(Certificate.revoked_at)).scalar_subquery(),
        select(sa.func.count()).select_from(CertificateProduct).scalar_subquery(),
        select(sa.func.count()).select_from(Certificate).where(Certificate.status == "valid").scalar_subquery(),
    )).one()
    return (*row, current_day())


def changed_since(session: Session, watermark: dt.datetime) -> list[int]:
    """Ids of listings whose row or texts changed after ``watermark`` (from the ``updated_at`` indexes)."""
    products = select(Product.id).where(Product.updated_at > watermark)
    texts = select(ContentTranslation.entity_id).where(ContentTranslation.entity == "product",
                                                       ContentTranslation.updated_at > watermark)
    return sorted(set(session.exec(products)) | set(session.exec(texts)))


class Searcher:
    """A process's catalog index and what it remembers between refreshes: the loaded generation and the
    documents it analysed itself (by digest), so a refresh analyses only listings it has not seen."""

    def __init__(self, app):
        self.app = app
        self.index: CatalogIndex | None = None
        self.generation: Generation | None = None
        self.refused: set[str] = set()  # generations found unusable (rebuild asked once)
        self.memo: dict[str, Analysed] = {}
        self.oversize = False  # no generation and too many listings to index in memory: the database answers
        self.build_asked = 0.0

    def _embedder(self):
        if self.app.config.get("CATALOG_SEARCH_MODE", "hybrid") == "lexical":
            return None
        from matching.engine import app_embedder

        return app_embedder(self.app)

    def _params(self) -> SearchParams:
        fusion = self.app.config.get("CATALOG_FUSION")
        if not fusion:
            return SearchParams()
        import json

        return SearchParams(**(json.loads(fusion) if isinstance(fusion, str) else fusion))

    def current(self, session: Session) -> CatalogIndex | None:
        """The index, refreshed when the database says something changed (checked at most every
        ``CATALOG_INDEX_TTL`` seconds); None when the database must answer (see :mod:`catalog.search.fallback`)."""
        ttl = float(self.app.config.get("CATALOG_INDEX_TTL", 2.0))
        if (self.index is not None or self.oversize) and time.monotonic() - self._checked < ttl \
                and not self._model_arrived():
            return self.index
        stamp = change_stamp(session)
        if not self._current(stamp):
            with _lock:
                if not self._current(stamp):
                    self.refresh(session, stamp)
        # Only now: a request arriving during a refresh waits for it instead of taking the old index.
        self._checked = time.monotonic()
        return self.index

    def _current(self, stamp: tuple) -> bool:
        if self.index is not None:
            return self.index.stamp == stamp and not self._model_arrived()
        return self.oversize and stamp == self._stamp

    _checked = 0.0
    _stamp: tuple = ()

    def _model_arrived(self) -> bool:
        """Whether the index answers from words alone although the model it waited for is now loaded."""
        return self.index is not None and self.index.awaiting_model and not self._model_loading()

    def _model_loading(self) -> bool:
        from matching.engine import model_loading

        return model_loading(self.app)

    def refresh(self, session: Session, stamp: tuple) -> None:
        """Rebuild the merged index for ``stamp``: switch generation if a newer one is announced, reload the
        delta, recompute the seals."""
        self._stamp = stamp
        embedder = self._embedder()
        model = embedder.model_id if embedder is not None else None
        awaiting_model = embedder is not None and self._model_loading()
        if awaiting_model:
            # A new process answers at once: from the words alone (BM25) until the background warm-up has loaded
            # the model, then hybrid (the next request after it is loaded refreshes the index).
            log.info("catalog index: the embedding model is still loading; searching by words alone until it is")
            embedder = None
        row = generations.newest(session)
        if row is not None and row.name not in self.refused and (
                self.generation is None or self.generation.row_id != row.id):
            try:
                self.generation = generations.load(generations.directory(self.app) / row.name, row)
                log.info("catalog index: serving generation %s (%d listings)", row.name, row.products)
            except GenerationError as exc:
                log.warning("catalog index: generation %s refused (%s); asking for a new one", row.name, exc)
                self.refused.add(row.name)
                self.generation = None
                self.request_build()
        if row is None:
            self.generation = None
        elif row.analyser != analyser_version() and row.name not in self.refused:
            # An upgraded analyser: keep serving this generation while a worker re-analyses and builds anew.
            self.request_build()
        certified = certified_product_ids(session)
        if self.generation is not None and (self.generation.model != model):
            log.warning("catalog index: generation %s has vectors of %s, not %s; asking for a new one",
                        self.generation.name, self.generation.model, model)
            self.refused.add(self.generation.name)
            self.generation = None
            self.request_build()
        if self.generation is not None:
            changed = changed_since(session, self.generation.watermark)
            limit = int(self.app.config.get("CATALOG_DELTA_MAX", 5000))
            if len(changed) > limit:
                self.request_build()
            listings = load_listings(session, changed)
            docs = documents_for(session, [item for item in listings if item.published], embedder, self.memo,
                                 also=row.analyser if row.id == self.generation.row_id else None)
            docs_of = iter(docs)
            all_docs = [next(docs_of) if item.published else None for item in listings]
            index = combine(self.generation, listings, all_docs, certified, embedder, self._params())
            index.source = "generation"
        else:
            limit = int(self.app.config.get("CATALOG_MEMORY_MAX", 20_000))
            count = session.exec(select(sa.func.count()).select_from(Product)
                                 .where(Product.status == ProductStatus.published)).one()
            if count > limit:
                self.oversize = True
                self.index = None
                self.request_build()
                return
            listings = load_listings(session)
            docs = documents_for(session, listings, embedder, self.memo)
            main = generations.from_documents(listings, docs, model)
            index = combine(main, [], [], certified, embedder, self._params())
            index.source = "memory"
            self._trim_memo({doc.digest for doc in docs})
        self.oversize = False
        index.stamp = stamp
        index.awaiting_model = awaiting_model
        self.index = index

    def _trim_memo(self, keep: set[str]) -> None:
        if len(self.memo) > 2 * max(len(keep), 1000):
            self.memo = {k: v for k, v in self.memo.items() if k in keep}

    def request_build(self) -> None:
        """Ask for a new generation (at most once a minute from this process)."""
        if time.monotonic() - self.build_asked < 60:
            return
        self.build_asked = time.monotonic()
        from catalog.search.jobs import request_build

        request_build(self.app)


def searcher(app=None) -> Searcher:
    """The app's searcher (one per app)."""
    app = app or current_app._get_current_object()
    found = app.extensions.get(EXTENSION)
    if found is None:
        with _lock:
            found = app.extensions.get(EXTENSION)
            if found is None:
                found = app.extensions[EXTENSION] = Searcher(app)
    return found


def get_index(session: Session) -> CatalogIndex | None:
    """The process's index, current with the database (None: answer from the database)."""
    return searcher().current(session)


def warm(app) -> None:
    """Load the index before the first visitor asks (``seoulmade serve`` and gunicorn workers call this)."""
    from market.db import session_scope

    with app.app_context(), session_scope(app, read_only=True) as session:
        get_index(session)
