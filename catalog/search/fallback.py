"""Search answered by the database, for a process without an index (no generation yet and a catalog too large to
index in memory): candidates come from the stored tokens — PostgreSQL's ``tsv`` column through its GIN index,
ranked by ``ts_rank``; SQLite's token text by ``LIKE`` — and are ranked by BM25 among themselves. Slower and
lexical only (no cross-language meaning), but correct: it reads the same tokens the index is built from.
Browsing without words shows the newest listings. Facet counts cover the candidates (at most ``LIMIT``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, select

from catalog.certification.services import certified_product_ids
from catalog.products.models import Product, ProductStatus
from catalog.search import generations
from catalog.search.documents import load_filters, stored
from catalog.search.index import CatalogIndex, combine
from catalog.search.models import SearchDocument
from i18n.text import query_tokens

LIMIT = 1000


def _tsquery(tokens: list[str]) -> str:
    """A tsquery of the tokens as lexemes (quoted, so no parser splits them), any of them."""
    return " | ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in tokens)


def candidate_ids(session: Session, tokens: list[str], limit: int = LIMIT) -> list[int]:
    """Published listings sharing a token with the query, best first."""
    published = select(Product.id).where(Product.status == ProductStatus.published)
    if session.get_bind().dialect.name == "postgresql":
        query = sa.text(
            "SELECT d.product_id FROM catalog_search_documents d "
            "WHERE d.tsv @@ CAST(:q AS tsquery) AND d.product_id IN (SELECT id FROM products WHERE status = :status) "
            "ORDER BY ts_rank(d.tsv, CAST(:q AS tsquery)) DESC, d.product_id DESC LIMIT :limit")
        return [r[0] for r in session.execute(query, {"q": _tsquery(tokens), "status": ProductStatus.published.value,
                                                       "limit": limit})]
    padded = sa.literal(" ") + SearchDocument.tokens + sa.literal(" ")
    hits = sum((sa.case((padded.contains(f" {t} "), 1), else_=0) for t in set(tokens)), sa.literal(0))
    query = (select(SearchDocument.product_id).where(SearchDocument.product_id.in_(published), hits > 0)
             .order_by(hits.desc(), SearchDocument.product_id.desc()).limit(limit))
    return list(session.exec(query))


def fallback_index(session: Session, q: str, lang: str) -> CatalogIndex:
    """An index of the query's candidates (or of the newest listings when browsing), lexical only."""
    tokens = query_tokens(q, lang, concept_words=False) if q.strip() else []
    if tokens:
        ids = candidate_ids(session, tokens)
    else:
        ids = list(session.exec(select(Product.id).where(Product.status == ProductStatus.published)
                                .order_by(Product.id.desc()).limit(LIMIT)))
    have = stored(session, ids, None)
    listings = [item for item in load_filters(session, ids, published_only=True) if item.id in have]
    main = generations.from_documents(listings, [have[item.id] for item in listings], None)
    index = combine(main, [], [], certified_product_ids(session))
    index.source = "database"
    return index
