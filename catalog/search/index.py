"""The catalog index: every published product's tokens in a BM25 index and its filterable attributes in
arrays, rebuilt from the database when the catalog changes.

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
_lock = threading.Lock()


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

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: str, lang: str) -> np.ndarray | None:
        """BM25 scores of every product for ``query`` (None without a query; zeros when nothing matches)."""
        tokens = query_tokens(query, lang)
        if not tokens:
            return None
        if self.retriever is None:
            return np.zeros(len(self.ids), dtype=np.float32)
        return self.retriever.get_scores(tokens)


def catalog_version(session: Session) -> tuple:
    """What changes whenever a listing, its texts or its certification changes."""
    products = session.exec(select(sa.func.count(), sa.func.max(Product.updated_at))
                            .where(Product.status == ProductStatus.published)).one()
    texts = session.exec(select(sa.func.count(), sa.func.max(ContentTranslation.updated_at))
                         .where(ContentTranslation.entity == "product")).one()
    return (*products, *texts, tuple(sorted(_certified_ids(session))))


def _certified_ids(session: Session) -> set[int]:
    return set(certified_product_ids(session))


def build_index(session: Session, previous: CatalogIndex | None = None) -> CatalogIndex:
    """Read every published product with its texts in all languages and build the index; products whose
    texts did not change since ``previous`` keep their tokens (Korean analysis is the slow part)."""
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
    for r in rows:
        fields = texts[r[0]]
        locales = sorted({loc for field in fields.values() for loc in field})
        document = {loc: " ".join(fields[f][loc].text for f in ("title", "description")
                                  if loc in fields.get(f, {})) for loc in locales}
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
        token_cache=token_cache,
    )


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
