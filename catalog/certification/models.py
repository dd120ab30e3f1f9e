"""Tables of the co-brand: applications with their answers and evidence, curators' decisions, certificates with
their products, and the per-year counter that numbers certificates."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class ApplicationStatus(enum.StrEnum):
    """draft → submitted → approved | rejected (see :data:`APPLICATION_TRANSITIONS`)."""

    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"


OPEN_STATUSES = (ApplicationStatus.draft, ApplicationStatus.submitted)


class CertificateStatus(enum.StrEnum):
    """Stored as valid or revoked; "expired" is computed from ``expires_on`` and never stored."""

    valid = "valid"
    expired = "expired"
    revoked = "revoked"


# Allowed transitions and who may make each: the maker's owner submits, a curator decides and revokes.
APPLICATION_TRANSITIONS = {
    (ApplicationStatus.draft, ApplicationStatus.submitted): "owner",
    (ApplicationStatus.submitted, ApplicationStatus.approved): "curator",
    (ApplicationStatus.submitted, ApplicationStatus.rejected): "curator",
}
CERTIFICATE_TRANSITIONS = {
    (CertificateStatus.valid, CertificateStatus.revoked): "curator",
}


class DecisionAction(enum.StrEnum):
    """What a curator decided."""

    approve = "approve"
    reject = "reject"
    revoke = "revoke"


def _timestamp(**kwargs):
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kwargs)


class CertificationApplication(SQLModel, table=True):
    """A maker's application for itself and chosen products of its own.

    ``open_organization_id`` holds the maker's id while the application is a draft or submitted and is cleared
    by the decision; its unique constraint lets a maker have only one open application at a time.
    """

    __tablename__ = "certification_applications"
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'submitted', 'approved', 'rejected')", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    open_organization_id: int | None = Field(default=None, sa_column_kwargs={"unique": True})
    previous_application_id: int | None = Field(default=None, foreign_key="certification_applications.id",
                                                ondelete="SET NULL")
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    status: ApplicationStatus = Field(default=ApplicationStatus.draft, sa_type=sa.String(16), nullable=False,
                                      index=True)
    answers: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    product_ids: list[int] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    score: int = Field(default=0)
    tier: str | None = Field(default=None, max_length=16)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class CertificationEvidence(SQLModel, table=True):
    """An evidence document, stored privately under a key the server made; ``display_name`` is for people only
    and never becomes a path."""

    __tablename__ = "certification_evidence"
    __table_args__ = (sa.CheckConstraint("kind IN ('quality', 'origin')", name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="certification_applications.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
    storage_key: str = Field(max_length=255)
    content_type: str = Field(max_length=64)
    size_bytes: int
    sha256: str = Field(max_length=64)
    display_name: str = Field(max_length=120)
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class Certificate(SQLModel, table=True):
    """An issued co-brand certificate, e.g. ``MIS-2026-000123``, valid for two years unless revoked."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.UniqueConstraint("year", "sequence", name="uq_certificates_year_sequence"),
        sa.CheckConstraint("status IN ('valid', 'revoked')", name="status"),
        sa.CheckConstraint("tier IN ('gold', 'silver', 'bronze')", name="tier"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, sa_column_kwargs={"unique": True}, nullable=False)
    year: int
    sequence: int
    organization_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    application_id: int = Field(foreign_key="certification_applications.id", ondelete="CASCADE",
                                sa_column_kwargs={"unique": True})
    tier: str = Field(max_length=16)
    score: int
    issued_on: dt.date
    expires_on: dt.date = Field(index=True)
    status: CertificateStatus = Field(default=CertificateStatus.valid, sa_type=sa.String(16), nullable=False)
    issued_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    revoke_reason: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class CertificateProduct(SQLModel, table=True):
    """A product in a certificate's scope."""

    __tablename__ = "certificate_products"

    certificate_id: int = Field(foreign_key="certificates.id", primary_key=True, ondelete="CASCADE")
    product_id: int = Field(foreign_key="products.id", primary_key=True, index=True, ondelete="CASCADE")


class CertificationDecision(SQLModel, table=True):
    """Every curator decision (approve, reject, revoke) with who made it, when and why."""

    __tablename__ = "certification_decisions"
    __table_args__ = (sa.CheckConstraint("action IN ('approve', 'reject', 'revoke')", name="action"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="certification_applications.id", index=True, ondelete="CASCADE")
    certificate_id: int | None = Field(default=None, foreign_key="certificates.id", ondelete="SET NULL")
    action: DecisionAction = Field(sa_type=sa.String(16), nullable=False)
    reasons: str = Field(default="", sa_type=sa.Text)
    decided_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: dt.datetime = _timestamp()
