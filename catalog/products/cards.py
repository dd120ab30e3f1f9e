"""Product cards: a product as lists of products show it (a maker's or a cluster's showcase, catalog results)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from sqlmodel import Session

from catalog.products.models import Product
from catalog.products.services import ENTITY, first_images
from i18n import content
from market.accounts.models import Organization
from market.clusters import Cluster


@dataclasses.dataclass
class ProductCard:
    """One product in a list: its title in the visitor's language (None when it has none in any language), its
    maker, its first picture's thumbnail and, where the list shows them, the maker's cluster and the product's
    co-brand badge (see :func:`catalog.certification.services.product_badges`)."""

    product: Product
    title: content.LocalizedText | None
    maker: Organization
    thumb_key: str | None = None
    cluster: Cluster | None = None
    badge: dict | None = None


def product_cards(session: Session, rows: Iterable[tuple[Product, Organization]], locale: str) -> list[ProductCard]:
    """Cards of ``(product, maker)`` rows, in their order, with titles in ``locale`` (one query for all texts
    and one for all thumbnails)."""
    rows = list(rows)
    ids = [product.id for product, _maker in rows]
    texts = content.load_texts(session, ENTITY, ids)
    thumbs = {product_id: image.thumb_key for product_id, image in first_images(session, ids).items()}
    return [ProductCard(product, content.resolve(texts[product.id].get("title", {}), locale), maker,
                        thumbs.get(product.id)) for product, maker in rows]
