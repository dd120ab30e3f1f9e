"""API of the co-brand: ``GET /api/v1/certificates/{code}`` tells anyone whether a certificate is valid, expired
or revoked, with its maker, products, tier and dates."""

from __future__ import annotations

import datetime as dt

import pydantic
from flask import url_for
from flask_babel import gettext as _

from catalog.certification import services
from catalog.certification.models import CertificateStatus
from i18n.locales import current_locale
from market.api import LangQuery, Routes
from market.db import get_session
from market.refusals import not_found

routes = Routes()


class CertificateQuery(LangQuery):
    """The language of product titles."""


class CertifiedMakerOut(pydantic.BaseModel):
    """The certified maker."""

    id: int
    name: str
    name_ko: str | None
    slug: str
    cluster_code: str | None


class CertifiedProductOut(pydantic.BaseModel):
    """A product in the certificate's scope (published products only)."""

    id: int
    title: str | None
    title_locale: str | None = pydantic.Field(description="The language `title` is really in")


class CertificateOut(pydantic.BaseModel):
    """A co-brand certificate as anyone may verify it."""

    code: str = pydantic.Field(description="e.g. MIS-2026-000123")
    status: str = pydantic.Field(description="valid, expired or revoked")
    valid: bool = pydantic.Field(description="True only while the status is valid")
    tier: str = pydantic.Field(description="gold, silver or bronze")
    score: int
    issued_on: dt.date
    expires_on: dt.date = pydantic.Field(description="The last day the certificate is valid")
    revoked_at: dt.datetime | None
    maker: CertifiedMakerOut
    products: list[CertifiedProductOut]
    verify_url: str = pydantic.Field(description="The public page the certificate's QR code points to")


@routes.endpoint("/certificates/<code>", summary="Verify a certificate", tag="certification", query=CertificateQuery,
          response=CertificateOut, auth=False, errors=(404,))
def verify_certificate(code: str, query: CertificateQuery):
    """Whether a co-brand certificate is valid, expired or revoked, with its maker, products, tier and dates."""
    page = services.certificate_page(get_session(), code, query.lang or current_locale())
    if page is None:
        raise not_found(_("No certificate has this code."))
    c, maker = page.certificate, page.maker
    return CertificateOut(
        code=c.code, status=page.status.value, valid=page.status == CertificateStatus.valid,
        tier=c.tier, score=c.score, issued_on=c.issued_on, expires_on=c.expires_on, revoked_at=c.revoked_at,
        maker=CertifiedMakerOut(id=maker.id, name=maker.name, name_ko=maker.name_ko, slug=maker.slug,
                                cluster_code=maker.cluster_code),
        products=[CertifiedProductOut(id=i.product.id, title=i.title.text if i.title else None,
                                      title_locale=i.title.locale if i.title else None) for i in page.products],
        verify_url=url_for("catalog_verify.show_plain", code=c.code, _external=True))
