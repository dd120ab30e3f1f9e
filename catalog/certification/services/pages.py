"""What the co-brand pages show (read models): an application with its score, evidence, products and
decisions; a maker's applications and certificates; the curators' queue; a certificate for its verify page."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlmodel import Session, func, select

from catalog.certification import criteria
from catalog.certification.models import (
    ApplicationStatus,
    Certificate,
    CertificateProduct,
    CertificateStatus,
    CertificationApplication,
    CertificationDecision,
    CertificationEvidence,
    DecisionAction,
)
from catalog.certification.services.applications import (
    evidence_of,
    is_curator,
    is_member,
    maker_products,
    owned_makers,
    score_application,
)
from catalog.certification.services.certificates import certificate_status, get_certificate
from catalog.products.models import Product, ProductStatus
from i18n import content
from market.accounts.models import Organization, User
from market.clusters import Cluster


@dataclasses.dataclass
class ProductItem:
    """A product with its title in the page's locale."""

    product: Product
    title: content.LocalizedText | None


def product_items(session: Session, products: list[Product], locale: str) -> list[ProductItem]:
    """Products with their titles in ``locale`` (one query for all texts)."""
    texts = content.load_texts(session, "product", [p.id for p in products])
    return [ProductItem(p, content.resolve(texts[p.id].get("title", {}), locale)) for p in products]


@dataclasses.dataclass
class DecisionItem:
    """A decision with the curator's name."""

    decision: CertificationDecision
    curator_name: str | None


def decisions_of(session: Session, application_id: int) -> list[DecisionItem]:
    """Every decision on the application, oldest first."""
    rows = session.exec(select(CertificationDecision, User)
                        .join(User, User.id == CertificationDecision.decided_by_id, isouter=True)
                        .where(CertificationDecision.application_id == application_id)
                        .order_by(CertificationDecision.decided_at, CertificationDecision.id))
    return [DecisionItem(d, u.display_name if u else None) for d, u in rows]


def latest_decision(session: Session, application_id: int, action: DecisionAction) -> CertificationDecision | None:
    """The newest decision of this kind on the application."""
    return session.exec(select(CertificationDecision)
                        .where(CertificationDecision.application_id == application_id,
                               CertificationDecision.action == action)
                        .order_by(CertificationDecision.decided_at.desc(), CertificationDecision.id.desc())).first()


@dataclasses.dataclass
class ApplicationPage:
    """What the maker's and the curators' pages show of one application."""

    application: CertificationApplication
    maker: Organization
    cluster: Cluster | None
    score: criteria.Score
    evidence: list[CertificationEvidence]
    products: list[ProductItem]  # the chosen ones
    choices: list[ProductItem]  # every product of the maker
    decisions: list[DecisionItem]
    certificate: Certificate | None
    rejection: CertificationDecision | None


def application_page(session: Session, application: CertificationApplication, locale: str) -> ApplicationPage:
    """Everything about an application for its page (the caller has checked the viewer may see it)."""
    maker = session.get(Organization, application.organization_id)
    cluster = session.get(Cluster, maker.cluster_code) if maker.cluster_code else None
    choices = product_items(session, maker_products(session, maker.id), locale)
    chosen = set(application.product_ids)
    certificate = session.exec(select(Certificate).where(Certificate.application_id == application.id)).first()
    rejection = (latest_decision(session, application.id, DecisionAction.reject)
                 if application.status == ApplicationStatus.rejected else None)
    return ApplicationPage(application, maker, cluster, score_application(session, application),
                           evidence_of(session, application.id), [c for c in choices if c.product.id in chosen],
                           choices, decisions_of(session, application.id), certificate, rejection)


@dataclasses.dataclass
class MakerOverview:
    """A maker the user owns, with its applications (newest first) and certificates."""

    maker: Organization
    applications: list[CertificationApplication]
    certificates: list[Certificate]
    rejections: dict[int, CertificationDecision]


def my_applications(session: Session, user: User) -> list[MakerOverview]:
    """For each maker the user owns: its applications, the reasons of rejected ones, and its certificates."""
    overviews = []
    for org in owned_makers(session, user):
        applications = list(session.exec(
            select(CertificationApplication).where(CertificationApplication.organization_id == org.id)
            .order_by(CertificationApplication.created_at.desc(), CertificationApplication.id.desc())))
        certificates = list(session.exec(select(Certificate).where(Certificate.organization_id == org.id)
                                         .order_by(Certificate.issued_on.desc(), Certificate.id.desc())))
        rejections = {a.id: d for a in applications if a.status == ApplicationStatus.rejected
                      and (d := latest_decision(session, a.id, DecisionAction.reject)) is not None}
        overviews.append(MakerOverview(org, applications, certificates, rejections))
    return overviews


@dataclasses.dataclass
class QueueItem:
    """A submitted application waiting for a curator."""

    application: CertificationApplication
    maker: Organization
    evidence_count: int


def review_queue(session: Session) -> list[QueueItem]:
    """Submitted applications, oldest submission first."""
    counts = (select(CertificationEvidence.application_id, func.count().label("n"))
              .group_by(CertificationEvidence.application_id).subquery())
    rows = session.exec(
        select(CertificationApplication, Organization, counts.c.n)
        .join(Organization, Organization.id == CertificationApplication.organization_id)
        .join(counts, counts.c.application_id == CertificationApplication.id, isouter=True)
        .where(CertificationApplication.status == ApplicationStatus.submitted)
        .order_by(CertificationApplication.submitted_at, CertificationApplication.id))
    return [QueueItem(a, o, n or 0) for a, o, n in rows]


@dataclasses.dataclass
class CertificatePage:
    """A certificate as the verify page, the API and the maker's certificate page show it."""

    certificate: Certificate
    status: CertificateStatus
    tier: criteria.Tier
    maker: Organization
    cluster: Cluster | None
    products: list[ProductItem]
    can_manage: bool  # a member of the maker or a curator: sees labels, the revocation reason


def certificate_page(session: Session, code: str, locale: str, viewer: User | None = None,
                     today: dt.date | None = None) -> CertificatePage | None:
    """A certificate for display, or None for an unknown code. Products shown publicly are the published
    ones; members of the maker and curators see them all."""
    certificate = get_certificate(session, code)
    if certificate is None:
        return None
    maker = session.get(Organization, certificate.organization_id)
    can_manage = bool(viewer is not None and getattr(viewer, "is_authenticated", False) and (
        is_curator(viewer) or is_member(session, viewer, maker.id)))
    query = (select(Product).join(CertificateProduct, CertificateProduct.product_id == Product.id)
             .where(CertificateProduct.certificate_id == certificate.id).order_by(Product.id))
    if not can_manage:
        query = query.where(Product.status == ProductStatus.published)
    products = product_items(session, list(session.exec(query)), locale)
    cluster = session.get(Cluster, maker.cluster_code) if maker.cluster_code else None
    return CertificatePage(certificate, certificate_status(certificate, today), criteria.get_tier(certificate.tier),
                           maker, cluster, products, can_manage)
