"""The curators' decisions and the certificates they issue: approval (numbering, tier, validity), rejection with
reasons, revocation, and a certificate's status on a given day.

Status steps follow :data:`~catalog.certification.models.APPLICATION_TRANSITIONS` and
:data:`~catalog.certification.models.CERTIFICATE_TRANSITIONS` through :func:`market.transitions.apply_transition`,
so two concurrent decisions cannot both apply; every decision is recorded with who made it, when and why.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.certification.models import (
    CERTIFICATE_TRANSITIONS,
    ApplicationStatus,
    Certificate,
    CertificateProduct,
    CertificateStatus,
    CertificationApplication,
    CertificationDecision,
    DecisionAction,
)
from catalog.certification.services.applications import (
    CertificationError,
    is_curator,
    is_member,
    refuse_not_found,
    score_application,
    step_application,
)
from catalog.products.models import Product
from market.accounts.models import User
from market.db import utcnow
from market.sequences import next_in_sequence
from market.transitions import apply_transition

VALIDITY_YEARS = 2
CODE_PREFIX = "MIS"
MAX_SEQUENCE = 999_999
MAX_REASONS_LENGTH = 4000


def current_day(today: dt.date | None = None) -> dt.date:
    """``today`` when given (tests, the demo), else the current UTC day."""
    return today or utcnow().date()


def certificate_status_label(status) -> str:
    """A certificate's status in words, as its badge shows it."""
    return {CertificateStatus.valid: _("valid"), CertificateStatus.expired: _("expired"),
            CertificateStatus.revoked: _("revoked")}.get(CertificateStatus(status), str(status))


def _check_curator(session: Session, curator: User, org_id: int) -> None:
    if not is_curator(curator):
        raise CertificationError(_("Only curators decide on the co-brand."), code="forbidden", status=403)
    if is_member(session, curator, org_id):
        raise CertificationError(
            _("You belong to this organisation, so another curator has to decide on it."), code="own_organization",
            status=403)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def validity_end(issued_on: dt.date) -> dt.date:
    """The last day a certificate issued on ``issued_on`` is valid: two years less a day."""
    return add_years(issued_on, VALIDITY_YEARS) - dt.timedelta(days=1)


def format_code(year: int, sequence: int) -> str:
    """``MIS-2026-000123``."""
    return f"{CODE_PREFIX}-{year:04d}-{sequence:06d}"


def next_certificate_number(session: Session, year: int) -> tuple[str, int]:
    """Take the next certificate number of ``year``: returns ``(code, sequence)``.

    Numbers come from the ``certificate`` sequence of :mod:`market.sequences` (a concurrent approval waits and
    takes the number after ours). The unique code is a second guard.
    """
    sequence = next_in_sequence(session, "certificate", year)
    if sequence > MAX_SEQUENCE:
        raise CertificationError(_("No certificate numbers are left for this year."), code="exhausted")
    return format_code(year, sequence), sequence


def _not_waiting() -> CertificationError:
    return CertificationError(_("This application is not waiting for a decision."), code="conflict", status=409)


def approve_application(session: Session, curator: User, application_id: int, product_ids: list[int] | None = None,
                        note: str = "", today: dt.date | None = None) -> Certificate:
    """Approve a submitted application and issue its certificate (tier from the score, valid two years).

    ``product_ids`` narrows the scope to some of the applied products (default: all of them that the maker
    still owns). Refuses: non-curators, a curator who belongs to the maker (nothing changes), applications not
    waiting for a decision, and products outside the application.
    """
    application = session.get(CertificationApplication, application_id)
    if application is None:
        raise refuse_not_found()
    _check_curator(session, curator, application.organization_id)
    if application.status != ApplicationStatus.submitted:
        raise _not_waiting()
    own = set(session.exec(select(Product.id).where(Product.maker_id == application.organization_id)))
    applied = [p for p in application.product_ids if p in own]
    if product_ids is None:
        scope = applied
    else:
        scope = sorted({int(p) for p in product_ids})
        if not set(scope) <= set(applied):
            raise CertificationError(_("Only products of the application can be certified."), "products")
    result = score_application(session, application)
    if result.tier is None:
        raise CertificationError(_("This application reaches no tier and cannot be approved."),
                                 code="not_eligible")
    now = utcnow()
    step_application(session, application, ApplicationStatus.approved, "curator", decided_at=now,
                     score=result.total, tier=result.tier.code)
    issued_on = current_day(today)
    code, sequence = next_certificate_number(session, issued_on.year)
    certificate = Certificate(code=code, year=issued_on.year, sequence=sequence,
                              organization_id=application.organization_id, application_id=application.id,
                              tier=result.tier.code, score=result.total, issued_on=issued_on,
                              expires_on=validity_end(issued_on), issued_by_id=curator.id)
    session.add(certificate)
    session.flush()
    for product_id in scope:
        session.add(CertificateProduct(certificate_id=certificate.id, product_id=product_id))
    session.add(CertificationDecision(application_id=application.id, certificate_id=certificate.id,
                                      action=DecisionAction.approve, reasons=(note or "").strip(),
                                      decided_by_id=curator.id, decided_at=now))
    session.flush()
    return certificate


def _clean_reasons(reasons: str | None, field: str, message: str) -> str:
    text = (reasons or "").strip()
    if not text:
        raise CertificationError(message, field, "reasons_required")
    if len(text) > MAX_REASONS_LENGTH:
        raise CertificationError(_("Keep it under %(n)d characters.", n=MAX_REASONS_LENGTH), field)
    return text


def reject_application(session: Session, curator: User, application_id: int,
                       reasons: str) -> CertificationApplication:
    """Reject a submitted application with reasons the maker will read.

    Refuses: non-curators, a curator who belongs to the maker, empty reasons, and applications not waiting for
    a decision; nothing changes then.
    """
    application = session.get(CertificationApplication, application_id)
    if application is None:
        raise refuse_not_found()
    _check_curator(session, curator, application.organization_id)
    text = _clean_reasons(reasons, "reasons", _("Tell the maker why, so it can improve and apply again."))
    if application.status != ApplicationStatus.submitted:
        raise _not_waiting()
    now = utcnow()
    step_application(session, application, ApplicationStatus.rejected, "curator", decided_at=now)
    session.add(CertificationDecision(application_id=application.id, action=DecisionAction.reject,
                                      reasons=text, decided_by_id=curator.id, decided_at=now))
    session.flush()
    return application


def revoke_certificate(session: Session, curator: User, code: str, reason: str) -> Certificate:
    """Revoke a valid certificate with a reason; the verify page and API then say it is revoked.

    Refuses: non-curators, a curator who belongs to the maker, an empty reason, and a certificate already
    revoked (nothing changes then).
    """
    certificate = get_certificate(session, code)
    if certificate is None:
        raise refuse_not_found()
    _check_curator(session, curator, certificate.organization_id)
    text = _clean_reasons(reason, "reason", _("Say why the certificate is revoked."))
    if certificate.status == CertificateStatus.revoked:
        raise CertificationError(_("This certificate is already revoked."), code="conflict", status=409)
    now = utcnow()
    apply_transition(session, certificate, CERTIFICATE_TRANSITIONS, CertificateStatus.revoked, role="curator",
                     values={"revoked_at": now, "revoked_by_id": curator.id, "revoke_reason": text},
                     label=certificate_status_label)
    session.add(CertificationDecision(application_id=certificate.application_id, certificate_id=certificate.id,
                                      action=DecisionAction.revoke, reasons=text, decided_by_id=curator.id,
                                      decided_at=now))
    session.flush()
    return certificate


def normalize_code(code: str) -> str:
    """Codes are matched without surrounding spaces and in upper case (``mis-2026-000123`` works too)."""
    return (code or "").strip().upper()[:20]


def get_certificate(session: Session, code: str) -> Certificate | None:
    """The certificate with this code, or None."""
    return session.exec(select(Certificate).where(Certificate.code == normalize_code(code))).first()


def certificate_status(certificate: Certificate, today: dt.date | None = None) -> CertificateStatus:
    """valid, revoked, or expired once the last valid day has passed."""
    if certificate.status == CertificateStatus.revoked:
        return CertificateStatus.revoked
    if current_day(today) > certificate.expires_on:
        return CertificateStatus.expired
    return CertificateStatus.valid
