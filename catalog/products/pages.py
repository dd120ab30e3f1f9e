"""Products as pages read them: a product page in one locale, a maker's "My products" list, and the products
of makers (the write side, with its rules, is :mod:`catalog.products.services`)."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, func, select

from catalog.products.models import Product, ProductImage, ProductStatus
from catalog.products.services import ENTITY, TRANSLATABLE_FIELDS, can_edit_product, first_images, list_images
from i18n import content
from market.accounts.models import Organization, User
from market.clusters import Cluster


@dataclasses.dataclass
class ProductPage:
    """What a product page shows in one locale."""

    product: Product
    maker: Organization
    cluster: Cluster | None
    title: content.LocalizedText
    description: content.LocalizedText | None
    editable: bool
    images: list[ProductImage] = dataclasses.field(default_factory=list)


def get_product_page(session: Session, product_id: int, locale: str, viewer: User | None) -> ProductPage | None:
    """A product as its page shows it in ``locale``; drafts only for those who may edit them."""
    product = session.get(Product, product_id)
    if product is None:
        return None
    editable = can_edit_product(session, viewer, product)
    if product.status != ProductStatus.published and not editable:
        return None
    maker = session.get(Organization, product.maker_id)
    cluster = session.get(Cluster, maker.cluster_code) if maker.cluster_code else None
    texts = content.localize(session, ENTITY, product.id, TRANSLATABLE_FIELDS, locale)
    title = texts["title"] or content.LocalizedText(f"#{product.id}", locale, locale, "author", False)
    return ProductPage(product, maker, cluster, title, texts["description"], editable,
                       list_images(session, product.id))


@dataclasses.dataclass
class ManagedProduct:
    """One row of a maker's "My products" list."""

    product: Product
    title: content.LocalizedText | None
    image: ProductImage | None
    image_count: int


def list_managed_products(session: Session, maker: Organization, locale: str) -> list[ManagedProduct]:
    """Every product of ``maker`` (drafts too), newest first, with its title in ``locale`` and main image.

    Callers first check the user may manage the maker (:func:`get_managed_maker`)."""
    products = products_of_makers(session, [maker.id])
    ids = [p.id for p in products]
    texts = content.load_texts(session, ENTITY, ids)
    firsts = first_images(session, ids)
    counts = dict(session.exec(select(ProductImage.product_id, func.count()).where(ProductImage.product_id.in_(ids))
                               .group_by(ProductImage.product_id)).all()) if ids else {}
    return [ManagedProduct(p, content.resolve(texts[p.id].get("title", {}), locale), firsts.get(p.id),
                           counts.get(p.id, 0)) for p in products]


def products_of_makers(session: Session, maker_ids: list[int]) -> list[Product]:
    """Products of these makers, newest first."""
    if not maker_ids:
        return []
    return list(session.exec(select(Product).where(Product.maker_id.in_(maker_ids))
                             .order_by(Product.created_at.desc(), Product.id.desc())))
