"""The catalog search: a query with filters in the buyer's currency, facet counts, sorting and pages."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import numpy as np
from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.certification.services import product_badges
from catalog.products.cards import ProductCard, product_cards
from catalog.products.models import Product
from catalog.search.index import get_index
from i18n import money
from market.accounts.models import Organization
from market.clusters import Cluster
from market.refusals import Refusal

SORTS = ("relevance", "price_asc", "price_desc", "newest", "lead_time")
PER_PAGE = 24
MAX_QUERY = 200


class SearchError(Refusal):
    """A refused search parameter; ``field`` names it."""


@dataclasses.dataclass
class CatalogQuery:
    """What a buyer asks the catalog for; prices are in ``currency``."""

    q: str = ""
    lang: str = "en"
    clusters: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    certified: bool = False
    master: bool = False  # only products made in a recognised master craftsman's workshop
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    currency: str = "USD"
    max_moq: int | None = None
    max_lead_time: int | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE


@dataclasses.dataclass
class CatalogPage:
    """One page of results with the facet counts of the whole match."""

    items: list[ProductCard]
    total: int
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    query: CatalogQuery

    @property
    def pages(self) -> int:
        """How many pages the results fill."""
        return max(1, -(-self.total // self.per_page))


def _price_bounds_krw(query: CatalogQuery, rates) -> tuple[int | None, int | None]:
    low = high = None
    for value, is_low in ((query.min_price, True), (query.max_price, False)):
        if value is None:
            continue
        krw = money.to_krw(value, query.currency, rates)
        if krw is None:
            raise SearchError(_("There is no exchange rate for %(currency)s yet; filter in KRW.",
                                currency=query.currency), "currency")
        if is_low:
            low = krw
        else:
            high = krw
    return low, high


def search_catalog(session: Session, query: CatalogQuery) -> CatalogPage:
    """Published products matching the query and filters, with facet counts per cluster, category and seal."""
    index = get_index(session)
    if index is None:  # no index in this process yet: the database answers (lexical, see fallback.py)
        from catalog.search.fallback import fallback_index

        index = fallback_index(session, query.q[:MAX_QUERY], query.lang)
    n = len(index)
    low, high = _price_bounds_krw(query, money.latest_rates(session))
    scores = index.scores(query.q[:MAX_QUERY], query.lang) if query.q.strip() else None

    base = index.live.copy()
    if scores is not None:
        base &= scores > 0
    if low is not None:
        base &= index.price_krw >= low
    if high is not None:
        base &= index.price_krw <= high
    if query.max_moq is not None:
        base &= index.moq <= query.max_moq
    if query.max_lead_time is not None:
        base &= index.lead_time <= query.max_lead_time
    if query.master:
        from market.people.services.awards import master_product_ids

        base &= np.isin(index.ids, sorted(master_product_ids(session)))

    def codes_mask(values: tuple[str, ...], known: list[str], column: np.ndarray) -> np.ndarray:
        wanted = [known.index(v) for v in values if v in known]
        return np.isin(column, wanted) if values else np.ones(n, dtype=bool)

    cluster_mask = codes_mask(query.clusters, index.clusters, index.cluster)
    category_mask = codes_mask(query.categories, index.categories, index.category)
    certified_mask = index.certified if query.certified else np.ones(n, dtype=bool)
    match = base & cluster_mask & category_mask & certified_mask

    # Each facet counts with every filter but its own, so a buyer sees what choosing another value would give.
    facets = {
        "cluster": _counts(index.clusters, index.cluster[base & category_mask & certified_mask]),
        "category": _counts(index.categories, index.category[base & cluster_mask & certified_mask]),
        "certified": {"yes": int((base & cluster_mask & category_mask & index.certified).sum())},
    }
    positions = np.flatnonzero(match)
    total = len(positions)
    start = (query.page - 1) * query.per_page
    positions = _sorted(positions, index, scores, query.sort, start + query.per_page)
    page_ids = [int(i) for i in index.ids[positions[start:start + query.per_page]]]
    return CatalogPage(_cards(session, page_ids, query.lang), total, query.page, query.per_page, facets, query)


def _counts(names: list[str], column: np.ndarray) -> dict[str, int]:
    counts = np.bincount(column, minlength=len(names))
    return {name: int(c) for name, c in zip(names, counts, strict=True) if c and name}


def _first(keys: np.ndarray, limit: int) -> np.ndarray:
    """The indices of the ``limit`` smallest ``keys`` in the order a stable sort of all of them gives (ties by
    index): the candidates at or below the ``limit``-th key, sorted alone, when they are few."""
    if limit >= len(keys) // 8:
        return np.argsort(keys, kind="stable")[:limit]
    kth = np.partition(keys, limit - 1)[limit - 1]
    candidates = np.flatnonzero(keys <= kth)  # ascending: a stable sort of them keeps ties by index
    return candidates[np.argsort(keys[candidates], kind="stable")][:limit]


def _sorted(positions: np.ndarray, index, scores, sort: str, limit: int) -> np.ndarray:
    """The first ``limit`` matched positions in order; ``positions`` come in ascending product id (when
    ``index.ascending``), so a stable sort on one key breaks ties by id, and "newest" (or browsing without words)
    is that order reversed — no full two-key sort, and only the first ``limit`` are ordered."""
    if not len(positions) or limit <= 0:
        return positions[:0]
    if sort == "price_asc":
        return positions[_first(index.price_krw[positions], limit)]
    if sort == "price_desc":
        return positions[_first(-index.price_krw[positions], limit)]
    if sort == "lead_time":
        return positions[_first(index.lead_time[positions], limit)]
    if sort == "relevance" and scores is not None:
        return positions[_first(-scores[positions], limit)]
    if not index.ascending:  # listings added since the generation with ids below its newest: sort by id
        return positions[_first(-index.ids[positions], limit)]
    return positions[::-1][:limit]


def _cards(session: Session, ids: list[int], lang: str) -> list[ProductCard]:
    """The results in the order of ``ids``, with their makers' clusters and their co-brand badges."""
    if not ids:
        return []
    rows = {product.id: (product, maker) for product, maker in session.exec(
        select(Product, Organization).join(Organization, Organization.id == Product.maker_id)
        .where(Product.id.in_(ids)))}
    clusters = {c.code: c for c in session.exec(select(Cluster))}
    badges = product_badges(session, ids)
    # A listing deleted since the index was read is left out rather than failing the page.
    cards = product_cards(session, [rows[pid] for pid in ids if pid in rows], lang)
    for card in cards:
        card.cluster = clusters.get(card.maker.cluster_code)
        card.badge = badges.get(card.product.id)
    return cards
