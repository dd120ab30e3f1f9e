"""Seoul's manufacturing clusters (Seongsu, Jongno, Mullae, ...): the table, its queries and what the cluster
pages show (the cluster's story in the visitor's language, its public makers and a selection of products)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlmodel import Field, Session, SQLModel, func, select

from i18n.content import LocalizedText

if TYPE_CHECKING:
    from catalog.makers.services import MakerList, ProductCard

INDUSTRY_LABELS = {
    "shoes_leather": _l("Handmade shoes and leather goods"),
    "jewelry": _l("Jewelry"),
    "machine_metal": _l("Machining and metalwork"),
    "printing": _l("Printing and bookbinding"),
    "sewing": _l("Sewing and knitwear"),
    "electronics": _l("Electronics"),
}


class Cluster(SQLModel, table=True):
    """A neighbourhood where one trade gathers, e.g. Seongsu-dong's handmade shoes."""

    __tablename__ = "clusters"

    code: str = Field(primary_key=True, max_length=40)
    name_en: str = Field(max_length=120)
    name_ko: str = Field(max_length=120)
    borough_en: str = Field(max_length=120)
    borough_ko: str = Field(max_length=120)
    industry: str = Field(max_length=40)
    districts: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    summary_en: str = Field(default="", sa_type=sa.Text)
    summary_ko: str = Field(default="", sa_type=sa.Text)
    specialties: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)


def list_clusters(session: Session) -> list[Cluster]:
    """All clusters, by English name."""
    return list(session.exec(select(Cluster).order_by(Cluster.name_en)))


def get_cluster(session: Session, code: str) -> Cluster | None:
    """The cluster with ``code``, or None."""
    return session.get(Cluster, code)


def industry_name(code: str) -> str:
    """What a cluster's industry is called in the current locale."""
    return str(INDUSTRY_LABELS.get(code, code))


def cluster_name(cluster: Cluster, locale: str) -> str:
    """The cluster's name for ``locale``: Korean for Korean pages, the romanised name otherwise."""
    return cluster.name_ko if locale == "ko" and cluster.name_ko else cluster.name_en


def cluster_borough(cluster: Cluster, locale: str) -> str:
    """The cluster's borough (gu) for ``locale``, like :func:`cluster_name`."""
    return cluster.borough_ko if locale == "ko" and cluster.borough_ko else cluster.borough_en


def cluster_summary(cluster: Cluster, locale: str) -> LocalizedText | None:
    """The cluster's history for ``locale``: the Korean text for Korean pages, the English one otherwise (a
    marked fallback for the other languages, and for Korean when only English is written)."""
    texts = {"ko": cluster.summary_ko.strip(), "en": cluster.summary_en.strip()}
    for candidate in (locale, "en", "ko"):
        if texts.get(candidate):
            return LocalizedText(texts[candidate], candidate, locale, "author", True)
    return None


@dataclasses.dataclass
class ClusterOverview:
    """A cluster on the clusters page, with how many public makers and products it has."""

    cluster: Cluster
    makers: int
    products: int


def list_cluster_overviews(session: Session) -> list[ClusterOverview]:
    """Every cluster with its counts of public makers and of their published products, by English name."""
    from catalog.makers.models import MakerProfile
    from catalog.products.models import Product, ProductStatus
    from market.accounts.models import Organization, OrganizationKind

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
    from catalog.makers import services as makers

    cluster = get_cluster(session, code)
    if cluster is None:
        return None
    return ClusterPage(
        cluster=cluster, summary=cluster_summary(cluster, locale),
        makers=makers.list_makers(session, cluster_code=code, page=page, per_page=per_page),
        products=makers.product_cards(session, locale, cluster_code=code, limit=products_limit),
        product_count=makers.count_products(session, cluster_code=code),
        clusters=list_clusters(session))
