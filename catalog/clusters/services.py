"""What the cluster pages show: every cluster with its counts of public makers and products, and one cluster's
story in the visitor's language, its public makers and a selection of its products."""

from __future__ import annotations

import dataclasses

from sqlmodel import Session, func, select

from catalog.makers.models import MakerProfile
from catalog.makers.services import MakerList, count_products, list_makers, showcase
from catalog.products.cards import ProductCard
from catalog.products.models import Product, ProductStatus
from i18n.content import LocalizedText
from market.accounts.models import Organization, OrganizationKind
from market.clusters import Cluster, cluster_summary, get_cluster, list_clusters


@dataclasses.dataclass
class ClusterOverview:
    """A cluster on the clusters page, with how many public makers and products it has."""

    cluster: Cluster
    makers: int
    products: int


def list_cluster_overviews(session: Session) -> list[ClusterOverview]:
    """Every cluster with its counts of public makers and of their published products, by English name."""
    makers = {code: n for code, n in session.exec(
        select(Organization.cluster_code, func.count())
        .join(MakerProfile, MakerProfile.organization_id == Organization.id)
        .where(Organization.kind == OrganizationKind.maker, MakerProfile.published_at.is_not(None))
        .group_by(Organization.cluster_code))}
    products = {code: n for code, n in session.exec(
        select(Organization.cluster_code, func.count()).select_from(Product)
        .join(Organization, Organization.id == Product.maker_id)
        .join(MakerProfile, MakerProfile.organization_id == Organization.id)
        .where(Product.status == ProductStatus.published, MakerProfile.published_at.is_not(None))
        .group_by(Organization.cluster_code))}
    return [ClusterOverview(c, makers.get(c.code, 0), products.get(c.code, 0)) for c in list_clusters(session)]


@dataclasses.dataclass
class ClusterPage:
    """What a cluster's page shows in one locale."""

    cluster: Cluster
    summary: LocalizedText | None
    makers: MakerList
    products: list[ProductCard]
    product_count: int
    clusters: list[Cluster]


def get_cluster_page(session: Session, code: str, locale: str, page: int = 1, per_page: int = 12,
                     products_limit: int = 12) -> ClusterPage | None:
    """A cluster's page: its story in ``locale``, one page of its public makers, its newest published
    products, and every cluster for the map; None for an unknown cluster. Refuses a page below 1."""
    cluster = get_cluster(session, code)
    if cluster is None:
        return None
    return ClusterPage(
        cluster=cluster, summary=cluster_summary(cluster, locale),
        makers=list_makers(session, cluster_code=code, page=page, per_page=per_page),
        products=showcase(session, locale, cluster_code=code, limit=products_limit),
        product_count=count_products(session, cluster_code=code),
        clusters=list_clusters(session))
