"""The catalog index: every published product's tokens in a BM25 index, its meaning as one multilingual
sentence vector (the mean of its titles in every language it is written in, from the same embedding model as
matching), and its filterable attributes in arrays, rebuilt from the database when the catalog changes.

Search is hybrid (:func:`rank_scores`): the cosine of the query's vector with each product's, plus a lexical
boost of ``lexical_boost`` times BM25 over the best BM25 of the query. A product matches when it shares a word
or a glossary concept with the query, or when its cosine is at least ``min_cosine`` and within ``relative`` of
the best one. The cosine carries meaning across languages (指輪 finds rings written only in Korean); the boost
puts exact words and concepts first among products of the same meaning. The values were tuned on the labelled
queries of ``seoulmade catalog eval`` (``catalog/search/data/eval_queries.jsonl``, 187 queries in five
languages): hybrid nDCG@10 0.909 against 0.845 for BM25 alone and 0.650 for the cosine alone, and at least both
single signals in every language.

Each web process keeps its own copy (the database is the source of truth), checks the catalog's version at most
every ``CATALOG_INDEX_TTL`` seconds and rebuilds when it changed. Search answers ids; SQL then loads the page.
"""

from __future__ import annotations

import dataclasses
import hashlib
import threading
import time

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session, select

from catalog.certification.services import certified_product_ids
from catalog.products.models import Product, ProductStatus
from i18n.content import ContentTranslation, load_texts
from i18n.text import documents_tokens, query_tokens, tokenize_many
from market.accounts.models import Organization

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


def product_documents(titles: dict[str, str], descriptions: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """``(texts per locale for words, texts to embed)`` of one product: its title and description in each
    language for BM25, and its titles for meaning (a description's boilerplate blurs the vector)."""
    locales = sorted(set(titles) | set(descriptions))
    document = {loc: " ".join(t for t in (titles.get(loc, ""), descriptions.get(loc, "")) if t) for loc in locales}
    embedded = [titles[loc] for loc in locales if titles.get(loc)] or [document[loc] for loc in locales][:1]
    return document, embedded


def product_vectors(embedder, texts: list[list[str]]) -> np.ndarray:
    """One L2-normalised vector per product: the mean of its texts' vectors (all languages in one batch)."""
    flat = [t for group in texts for t in group]
    matrix = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), dtype=np.float32)
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    row = 0
    for i, group in enumerate(texts):
        if group:
            out[i] = matrix[row:row + len(group)].mean(axis=0)
            row += len(group)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


@dataclasses.dataclass
class CatalogIndex:
    """Published products as arrays, in ascending id order, with a BM25 retriever over their tokens."""

    version: tuple
    ids: np.ndarray
    price_krw: np.ndarray
    moq: np.ndarray
    lead_time: np.ndarray
    cluster: np.ndarray
    category: np.ndarray
    certified: np.ndarray
    clusters: list[str]
    categories: list[str]
    retriever: object | None
    built_at: float
    # Tokens per product with a digest of the texts they came from, so a rebuild re-analyses only what changed.
    token_cache: dict[int, tuple[str, list[str]]] = dataclasses.field(default_factory=dict)
    vectors: np.ndarray | None = None  # one row per product (None: no embedding model, BM25 only)
    embedder: object | None = None
    params: SearchParams = SearchParams()

    def __len__(self) -> int:
        return len(self.ids)

    def bm25(self, query: str, lang: str) -> np.ndarray | None:
        """BM25 scores of every product (None when the query has no token)."""
        tokens = query_tokens(query, lang, concept_words=False)
        if not tokens:
            return None
        if self.retriever is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        vocab = self.retriever.vocab_dict
        known = [vocab[t] for t in tokens if t in vocab]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores_from_ids(known), dtype=np.float32)

    def cosines(self, query: str) -> np.ndarray | None:
        """The cosine of the query's vector with every product's (None without a model)."""
        if self.vectors is None or self.embedder is None or not len(self.ids):
            return None
        vector = self.embedder.encode([query.strip()], persist=False)[0]
        return self.vectors @ vector

    def scores(self, query: str, lang: str, mode: str = "hybrid") -> np.ndarray | None:
        """Scores of every product for ``query`` in ``mode`` (None without a query; 0 for a product that does
        not match)."""
        bm25 = self.bm25(query, lang) if mode != "dense" else None
        cosine = self.cosines(query) if mode != "lexical" else None
        if bm25 is None and cosine is None:
            return None
        if bm25 is None and mode != "dense":
            bm25 = np.zeros(len(self.ids), dtype=np.float32)
        from i18n.text import detect_lang

        return rank_scores(bm25, cosine, mode, self.params, detect_lang(query, lang))


def catalog_version(session: Session) -> tuple:
    """What changes whenever a listing, its texts or its certification changes."""
    products = session.exec(select(sa.func.count(), sa.func.max(Product.updated_at))
                            .where(Product.status == ProductStatus.published)).one()
    texts = session.exec(select(sa.func.count(), sa.func.max(ContentTranslation.updated_at))
                         .where(ContentTranslation.entity == "product")).one()
    return (*products, *texts, tuple(sorted(_certified_ids(session))))


def _certified_ids(session: Session) -> set[int]:
    return set(certified_product_ids(session))


def build_index(session: Session, previous: CatalogIndex | None = None, embedder=None) -> CatalogIndex:
    """Read every published product with its texts in all languages and build the index; products whose
    texts did not change since ``previous`` keep their tokens (Korean analysis is the slow part). Vectors come
    from ``embedder`` (default: the app's, see :func:`matching.engine.app_embedder`), whose cache keeps
    unchanged texts from being embedded again."""
    import bm25s

    version = catalog_version(session)
    rows = list(session.exec(
        select(Product.id, Product.category, Product.price_krw, Product.moq, Product.lead_time_days,
               Product.created_at, Product.materials, Organization.cluster_code, Organization.name,
               Organization.name_ko)
        .join(Organization, Organization.id == Product.maker_id)
        .where(Product.status == ProductStatus.published).order_by(Product.id)))
    ids = [r[0] for r in rows]
    texts = load_texts(session, "product", ids)
    certified = _certified_ids(session)
    clusters = sorted({r[7] or "" for r in rows})
    categories = sorted({r[1] for r in rows})
    cache = previous.token_cache if previous is not None else {}
    token_cache: dict[int, tuple[str, list[str]]] = {}
    stale: list[tuple[int, str, dict[str, str], str]] = []
    embedded_texts: list[list[str]] = []
    for r in rows:
        fields = texts[r[0]]
        document, embedded = product_documents(
            {loc: t.text for loc, t in fields.get("title", {}).items()},
            {loc: t.text for loc, t in fields.get("description", {}).items()})
        embedded_texts.append(embedded)
        extra = " ".join([r[8] or "", r[9] or "", " ".join(r[6] or [])])
        digest = hashlib.sha1(repr((document, extra)).encode()).hexdigest()
        if r[0] in cache and cache[r[0]][0] == digest:
            token_cache[r[0]] = cache[r[0]]
        else:
            stale.append((r[0], digest, document, extra))
    if stale:
        fresh = documents_tokens([s[2] for s in stale])
        extras = tokenize_many([s[3] for s in stale])
        for (pid, digest, _doc, _extra), tokens, more in zip(stale, fresh, extras, strict=True):
            token_cache[pid] = (digest, tokens + more)
    corpus = [token_cache[r[0]][1] or [""] for r in rows]
    retriever = None
    if corpus:
        retriever = bm25s.BM25()
        retriever.index(corpus, show_progress=False)
    if embedder is None:
        embedder = _app_embedder()
    vectors = product_vectors(embedder, embedded_texts) if embedder is not None else None
    return CatalogIndex(
        version=version,
        ids=np.array(ids, dtype=np.int64),
        price_krw=np.array([r[2] for r in rows], dtype=np.int64),
        moq=np.array([r[3] for r in rows], dtype=np.int64),
        lead_time=np.array([r[4] for r in rows], dtype=np.int64),
        cluster=np.array([clusters.index(r[7] or "") for r in rows], dtype=np.int32),
        category=np.array([categories.index(r[1]) for r in rows], dtype=np.int32),
        certified=np.array([r[0] in certified for r in rows], dtype=bool),
        clusters=clusters, categories=categories, retriever=retriever, built_at=time.monotonic(),
        token_cache=token_cache, vectors=vectors, embedder=embedder, params=_params(),
    )


def _app_embedder():
    """The app's embedder, unless ``CATALOG_SEARCH_MODE`` is "lexical" (BM25 only)."""
    if current_app.config.get("CATALOG_SEARCH_MODE", "hybrid") == "lexical":
        return None
    from matching.engine import app_embedder

    return app_embedder(current_app._get_current_object())


def _params() -> SearchParams:
    fusion = current_app.config.get("CATALOG_FUSION") if current_app else None
    if not fusion:
        return SearchParams()
    import json

    return SearchParams(**(json.loads(fusion) if isinstance(fusion, str) else fusion))


def get_index(session: Session) -> CatalogIndex:
    """The process's index, rebuilt when the catalog changed (checked at most every CATALOG_INDEX_TTL s)."""
    app = current_app._get_current_object()
    ttl = app.config.get("CATALOG_INDEX_TTL", 2.0)
    index: CatalogIndex | None = app.extensions.get(EXTENSION)
    if index is not None and time.monotonic() - index.built_at < ttl:
        return index
    version = catalog_version(session)
    if index is not None and index.version == version:
        index.built_at = time.monotonic()
        return index
    with _lock:
        index = app.extensions.get(EXTENSION)
        if index is None or index.version != version:
            index = build_index(session, previous=index)
            app.extensions[EXTENSION] = index
    return index


def warm(app) -> None:
    """Build the index before the first visitor asks (``seoulmade serve`` and gunicorn workers call this)."""
    from market.db import session_scope

    with app.app_context(), session_scope(app) as session:
        get_index(session)
