"""The co-brand as other pages show it: a maker's badge, the badges of products, and the certified products and
makers the catalog filters on."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from catalog.certification.models import Certificate, CertificateProduct, CertificateStatus
from catalog.certification.services.certificates import certificate_status, current_day


def verify_path(code: str) -> str:
    """The language-neutral path of a certificate's public verify page (``/verify/MIS-2026-000123``)."""
    return f"/verify/{code}"


def _badge(certificate: Certificate, today: dt.date) -> dict:
    return {"tier": certificate.tier, "code": certificate.code,
            "status": certificate_status(certificate, today).value, "expires_on": certificate.expires_on,
            "url": verify_path(certificate.code)}


def _valid_on(today: dt.date):
    return (Certificate.status == CertificateStatus.valid, Certificate.expires_on >= today)


def maker_badge(session: Session, org_id: int, today: dt.date | None = None) -> dict | None:
    """The maker's co-brand badge: ``{"tier", "code", "status", "expires_on", "url"}`` of its newest certificate
    that is valid today (best tier first on the same day), or None when it holds none. ``url`` is the verify
    page's path."""
    day = current_day(today)
    certificate = session.exec(
        select(Certificate).where(Certificate.organization_id == org_id, *_valid_on(day))
        .order_by(Certificate.issued_on.desc(), Certificate.score.desc(), Certificate.id.desc())).first()
    return _badge(certificate, day) if certificate else None


def product_badges(session: Session, product_ids, today: dt.date | None = None) -> dict[int, dict]:
    """``{product_id: {"tier", "code", "status", "expires_on", "url"}}`` for those of ``product_ids`` in the scope of a
    certificate valid today (the newest one when several are); products without one are left out."""
    ids = list(product_ids)
    if not ids:
        return {}
    day = current_day(today)
    rows = session.exec(
        select(CertificateProduct.product_id, Certificate)
        .join(Certificate, Certificate.id == CertificateProduct.certificate_id)
        .where(CertificateProduct.product_id.in_(ids), *_valid_on(day))
        .order_by(Certificate.issued_on.desc(), Certificate.score.desc(), Certificate.id.desc()))
    badges: dict[int, dict] = {}
    for product_id, certificate in rows:
        badges.setdefault(product_id, _badge(certificate, day))
    return badges


def certified_products_query(today: dt.date | None = None):
    """A SELECT of the ids of products covered by a certificate valid today, to use in SQL
    (``Product.id.in_(certified_products_query())``) for the catalog's "certified only" filter."""
    return (select(CertificateProduct.product_id)
            .join(Certificate, Certificate.id == CertificateProduct.certificate_id)
            .where(*_valid_on(current_day(today))).distinct())


def certified_product_ids(session: Session, today: dt.date | None = None) -> set[int]:
    """Ids of the products covered by a certificate valid today."""
    return set(session.exec(certified_products_query(today)))


def certified_maker_ids(session: Session, today: dt.date | None = None) -> set[int]:
    """Ids of the makers holding a certificate valid today."""
    return set(session.exec(select(Certificate.organization_id).where(*_valid_on(current_day(today))).distinct()))
