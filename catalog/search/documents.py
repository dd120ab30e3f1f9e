"""Analyse once: a listing's search document — its tokens and its vector — is computed by the job that runs after
the listing changes and stored in ``catalog_search_documents`` with the digest of the texts it came from and the
analyser's version (:func:`i18n.text.analyser_version`). Index builds and web processes read stored documents; they
analyse a listing themselves only when its stored document is missing or stale (a handful, in the delta).

On PostgreSQL the tokens also go into the ``tsv`` column (``array_to_tsvector``: the stored tokens as they are, no
second parsing) with a GIN index, from which :mod:`catalog.search.fallback` answers without any index in memory.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session, select

from catalog.products.models import Product, ProductStatus
from catalog.search.models import SearchDocument
from i18n import vocabularies
from i18n.content import ContentTranslation
from i18n.text import analyser_version, documents_tokens, tokenize_many
from i18n.times import utcnow
from market.accounts.models import Organization

Progress = Callable[[int, int], None]  # (done, total)
BATCH = 2000


@dataclasses.dataclass
class Listing:
    """A listing as search needs it: its filterable attributes and the texts its document comes from."""

    id: int
    published: bool
    category: str
    price_krw: int
    moq: int
    lead_time: int
    cluster: str
    document: dict[str, str]  # title and description per locale, for words
    embedded: list[str]  # the texts whose mean vector is the listing's meaning
    extra: str  # maker names and materials, for words
    digest: str


@dataclasses.dataclass
class Analysed:
    """A listing's tokens and (when a model is given) its unit vector."""

    tokens: list[str]
    vector: np.ndarray | None
    digest: str


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


def _digest(document: dict[str, str], extra: str, embedded: list[str]) -> str:
    return hashlib.sha1(repr((sorted(document.items()), extra, embedded)).encode()).hexdigest()


def _rows(session: Session, ids: Iterable[int] | None, published_only: bool) -> list:
    query = (select(Product.id, Product.status, Product.category, Product.price_krw, Product.moq,
                    Product.lead_time_days, Product.materials, Organization.cluster_code, Organization.name,
                    Organization.name_ko)
             .join(Organization, Organization.id == Product.maker_id).order_by(Product.id))
    if ids is not None:
        ids = sorted(set(ids))
        if not ids:
            return []
        query = query.where(Product.id.in_(ids))
    if published_only or ids is None:
        query = query.where(Product.status == ProductStatus.published)
    return list(session.exec(query))


def load_filters(session: Session, ids: Iterable[int] | None = None, published_only: bool = False
                 ) -> list[Listing]:
    """The listings of ``ids`` (every published one when None) in ascending id order, with their filterable
    attributes only (no texts: for reading stored documents)."""
    return [Listing(id=r[0], published=r[1] == ProductStatus.published, category=r[2], price_krw=r[3], moq=r[4],
                    lead_time=r[5], cluster=r[7] or "", document={}, embedded=[], extra="", digest="")
            for r in _rows(session, ids, published_only)]


def _texts(session: Session, ids: list[int]) -> dict[int, dict[str, dict[str, str]]]:
    """``{id: {field: {locale: text}}}`` of listings' titles and descriptions (plain rows: thousands of
    listings are read at once)."""
    texts: dict[int, dict[str, dict[str, str]]] = {i: {} for i in ids}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        rows = session.execute(
            sa.select(ContentTranslation.entity_id, ContentTranslation.field, ContentTranslation.locale,
                      ContentTranslation.text)
            .where(ContentTranslation.entity == "product", ContentTranslation.entity_id.in_(chunk),
                   ContentTranslation.field.in_(("title", "description"))))
        for entity_id, field, locale, text in rows:
            texts[entity_id].setdefault(field, {})[locale] = text
    return texts


def load_listings(session: Session, ids: Iterable[int] | None = None, published_only: bool = False
                  ) -> list[Listing]:
    """The listings of ``ids`` (every published one when None), in ascending id order, with their texts."""
    rows = _rows(session, ids, published_only)
    texts = _texts(session, [r[0] for r in rows])
    listings = []
    for r in rows:
        fields = texts[r[0]]
        document, embedded = product_documents(fields.get("title", {}), fields.get("description", {}))
        # Materials stored as vocabulary ids are found by their names in every language.
        extra = " ".join([r[8] or "", r[9] or "", vocabularies.search_text("materials", r[6])])
        listings.append(Listing(
            id=r[0], published=r[1] == ProductStatus.published, category=r[2], price_krw=r[3], moq=r[4],
            lead_time=r[5], cluster=r[7] or "", document=document, embedded=embedded, extra=extra,
            digest=_digest(document, extra, embedded)))
    return listings


def published_ids(session: Session, after: int = 0, limit: int | None = None) -> list[int]:
    """Ids of published listings above ``after``, ascending (``limit`` of them at most)."""
    query = (select(Product.id).where(Product.status == ProductStatus.published, Product.id > after)
             .order_by(Product.id))
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query))


def analyse(listings: list[Listing], embedder=None) -> list[Analysed]:
    """Tokens (and vectors, with ``embedder``) of ``listings``, analysed in one batch: the slow path."""
    tokens = documents_tokens([item.document for item in listings])
    extras = tokenize_many([item.extra for item in listings])
    vectors = product_vectors(embedder, [item.embedded for item in listings]) if embedder is not None else None
    return [Analysed([t.replace(" ", "_") for t in words + more if t.strip()],
                     None if vectors is None else vectors[i], item.digest)
            for i, (item, words, more) in enumerate(zip(listings, tokens, extras, strict=True))]


def stored(session: Session, ids: list[int], model: str | None, also: str | None = None) -> dict[int, Analysed]:
    """Stored documents of ``ids`` that are current: analysed by this analyser version, or by ``also`` (the
    version of the generation a delta extends; vectors of another model are dropped: the listing's tokens still
    serve, its vector is computed again)."""
    versions = {analyser_version()} | ({also} if also else set())
    found: dict[int, Analysed] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        rows = session.execute(
            sa.select(SearchDocument.product_id, SearchDocument.tokens, SearchDocument.model, SearchDocument.vector,
                      SearchDocument.digest)
            .where(SearchDocument.product_id.in_(chunk), SearchDocument.analyser.in_(versions)))
        for product_id, tokens, doc_model, blob, digest in rows:
            vector = None
            if blob is not None and doc_model == model:
                vector = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
            found[product_id] = Analysed(tokens.split(" ") if tokens else [], vector, digest)
    return found


def documents_for(session: Session, listings: list[Listing], embedder=None, memo: dict | None = None,
                  also: str | None = None) -> list[Analysed]:
    """The current document of each listing: the stored one when its digest matches (analysed by this analyser
    or by ``also``: after an analyser upgrade, a delta over a generation of the older analysis takes its stored
    documents as they are, like the generation, instead of running the analysers over every listing changed
    since; the new generation replaces both), else from ``memo`` (``{digest: Analysed}`` a process keeps between
    refreshes), else analysed now (and remembered in ``memo``). Nothing is written."""
    model = embedder.model_id if embedder is not None else None
    have = stored(session, [item.id for item in listings], model, also)
    memo = memo if memo is not None else {}
    result: list[Analysed | None] = []
    todo: list[int] = []
    for i, item in enumerate(listings):
        doc = have.get(item.id)
        if doc is None or doc.digest != item.digest:
            doc = memo.get(item.digest)
        if doc is not None and embedder is not None and doc.vector is None:
            doc = dataclasses.replace(doc, vector=product_vectors(embedder, [item.embedded])[0])
        result.append(doc)
        if doc is None:
            todo.append(i)
    if todo:
        for i, doc in zip(todo, analyse([listings[i] for i in todo], embedder), strict=True):
            result[i] = memo[doc.digest] = doc
    return result  # type: ignore[return-value]


def store(session: Session, listings: list[Listing], docs: list[Analysed], model: str | None) -> None:
    """Write the documents of ``listings`` (insert or replace), with the tsvector on PostgreSQL."""
    version, now = analyser_version(), utcnow()
    ids = [item.id for item in listings]
    session.exec(sa.delete(SearchDocument).where(SearchDocument.product_id.in_(ids)))
    rows = [{"product_id": item.id, "digest": doc.digest, "analyser": version, "tokens": " ".join(doc.tokens),
             "model": model if doc.vector is not None else None,
             "vector": None if doc.vector is None else np.asarray(doc.vector, dtype=np.float16).tobytes(),
             "analysed_at": now} for item, doc in zip(listings, docs, strict=True)]
    if rows:
        session.execute(sa.insert(SearchDocument), rows)
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sa.text(
                "UPDATE catalog_search_documents SET tsv = array_to_tsvector(string_to_array(tokens, ' ')) "
                "WHERE product_id = ANY(:ids)"), {"ids": ids})


def stale_listings(session: Session, ids: list[int], model: str | None) -> list[Listing]:
    """Those published listings of ``ids`` whose stored document is missing, stale (other texts) or of another
    analyser version, or has no vector of ``model``."""
    listings = [item for item in load_listings(session, ids) if item.published]
    have = stored(session, [item.id for item in listings], model)
    return [item for item in listings if item.id not in have or have[item.id].digest != item.digest
            or (model is not None and have[item.id].vector is None)]


def analyse_listings(session: Session, ids: list[int] | None = None, embedder=None,
                     progress: Progress | None = None, batch: int = BATCH) -> int:
    """Store the documents of ``ids`` (every published listing when None) that are missing or stale (see
    :func:`stale_listings`), in batches of ``batch`` listings, inside ``session``; returns how many were
    analysed. Jobs use :func:`catalog.search.generations.analyse_all`, which analyses outside any transaction."""
    model = embedder.model_id if embedder is not None else None
    all_ids = sorted(set(ids)) if ids is not None else published_ids(session)
    analysed = 0
    for start in range(0, len(all_ids), batch):
        stale = stale_listings(session, all_ids[start:start + batch], model)
        if stale:
            store(session, stale, analyse(stale, embedder), model)
            session.flush()
            analysed += len(stale)
        if progress:
            progress(min(start + batch, len(all_ids)), len(all_ids))
    return analysed


def listings_changed(session: Session, product_ids: Iterable[int]) -> None:
    """Mark these listings changed (their ``updated_at``, which search processes follow: a removed translation
    leaves no newer text behind) and queue their analysis for after the commit. Their services call this."""
    from market.jobs import after_commit

    ids = sorted({int(i) for i in product_ids if i})
    if ids:
        session.exec(sa.update(Product).where(Product.id.in_(ids)).values(updated_at=utcnow())
                     .execution_options(synchronize_session=False))
        after_commit(session, "catalog.search.jobs.analyse_listings_job", ids)
