"""Product operations: adding products, reading a product page in a locale, who may edit what."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, select

from catalog.clusters import Cluster
from catalog.products.models import Product, ProductStatus
from i18n import content
from i18n.locales import LOCALES
from market.accounts.models import Organization, OrganizationKind, User
from market.accounts.services import can_edit_organization
from market.db import utcnow

ENTITY = "product"
TRANSLATABLE_FIELDS = ("title", "description")


def add_product(session: Session, maker: Organization, *, title: dict[str, str], description: dict[str, str],
                source_locale: str = "ko", status: ProductStatus = ProductStatus.draft,
                translated_by: content.TextSource = content.TextSource.translator, **fields) -> Product:
    """Create a product of ``maker`` with its texts (the ``source_locale`` text counts as the author's)."""
    if maker.kind != OrganizationKind.maker:
        raise ValueError("only makers list products")
    product = Product(maker_id=maker.id, source_locale=source_locale, status=status,
                      published_at=utcnow() if status == ProductStatus.published else None, **fields)
    session.add(product)
    session.flush()
    # A new product has no texts yet, so rows are added directly instead of through set_text's look-up.
    for field, texts in (("title", title), ("description", description)):
        for locale, text in texts.items():
            if locale not in LOCALES or not text.strip():
                raise ValueError(f"bad {field} text for locale {locale!r}")
            source = content.TextSource.author if locale == source_locale else translated_by
            session.add(content.ContentTranslation(entity=ENTITY, entity_id=product.id, field=field, locale=locale,
                                                   text=text.strip(), source=source,
                                                   reviewed=locale == source_locale))
    session.flush()
    return product


def can_edit_product(session: Session, user: User | None, product: Product) -> bool:
    """The maker's owners (and admins) edit its products."""
    return bool(user and getattr(user, "is_authenticated", False)
                and can_edit_organization(session, user, product.maker_id))


@dataclasses.dataclass
class ProductPage:
    """What a product page shows in one locale."""

    product: Product
    maker: Organization
    cluster: Cluster | None
    title: content.LocalizedText
    description: content.LocalizedText | None
    editable: bool


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
    return ProductPage(product, maker, cluster, title, texts["description"], editable)


def products_of_makers(session: Session, maker_ids: list[int]) -> list[Product]:
    """Products of these makers, newest first."""
    if not maker_ids:
        return []
    return list(session.exec(select(Product).where(Product.maker_id.in_(maker_ids))
                             .order_by(Product.created_at.desc(), Product.id.desc())))
