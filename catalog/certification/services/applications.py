"""Co-brand applications: who may do what, a maker's draft (answers, chosen products, score), its submission to
the curators and a new start from a rejected application.

Functions take a session first, flush when they need ids and never commit. Status steps follow
:data:`~catalog.certification.models.APPLICATION_TRANSITIONS` through :func:`market.transitions.apply_transition`
(one conditional UPDATE, so of two concurrent requests only one applies); a draft's content changes only while it
is still a draft, so a concurrent submission wins.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.certification import criteria
from catalog.certification.models import (
    APPLICATION_TRANSITIONS,
    OPEN_STATUSES,
    ApplicationStatus,
    CertificationApplication,
    CertificationEvidence,
)
from catalog.products.models import Product
from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User, UserRole
from market.db import utcnow
from market.refusals import Refusal, not_found
from market.transitions import apply_transition

CURATOR_ROLES = (UserRole.curator, UserRole.admin)


class CertificationError(Refusal):
    """A refused co-brand operation: ``field`` names the form field, ``code`` is machine-readable (``conflict``,
    ``own_organization``, ``incomplete``, ``not_eligible``, ``invalid``, ...)."""


def refuse_not_found() -> Refusal:
    """What anyone who may not see a co-brand thing is told: it does not exist."""
    return not_found(_("Not found."))


def application_status_label(status) -> str:
    """An application's status in words, as its badge shows it."""
    return {ApplicationStatus.draft: _("draft"), ApplicationStatus.submitted: _("waiting for a curator"),
            ApplicationStatus.approved: _("approved"), ApplicationStatus.rejected: _("rejected")}.get(
        ApplicationStatus(status), str(status))


# --- who may do what -------------------------------------------------------------------------------------------


def is_curator(user: User | None) -> bool:
    """Curators and admins review applications and revoke certificates."""
    return bool(user and getattr(user, "is_authenticated", False) and user.role in CURATOR_ROLES)


def _membership(session: Session, user: User, org_id: int) -> Membership | None:
    return session.exec(select(Membership).where(Membership.user_id == user.id,
                                                 Membership.organization_id == org_id)).first()


def _owned_maker(session: Session, user: User, org_id: int) -> Organization:
    """The maker organisation ``org_id`` if ``user`` owns it; anything else is reported as not found."""
    org = session.get(Organization, org_id)
    membership = _membership(session, user, org_id) if org is not None else None
    if org is None or org.kind != OrganizationKind.maker or membership is None \
            or membership.role != MembershipRole.owner:
        raise refuse_not_found()
    return org


def is_member(session: Session, user: User, org_id: int) -> bool:
    """Whether ``user`` belongs to organisation ``org_id`` (any role)."""
    return _membership(session, user, org_id) is not None


def is_owner(session: Session, user: User, org_id: int) -> bool:
    """Whether ``user`` owns organisation ``org_id``."""
    membership = _membership(session, user, org_id)
    return membership is not None and membership.role == MembershipRole.owner


def can_see_application(session: Session, user: User | None, application: CertificationApplication) -> bool:
    """Members of the applying maker and curators see an application and its evidence."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_curator(user) or is_member(session, user, application.organization_id)


def owned_makers(session: Session, user: User) -> list[Organization]:
    """The maker organisations ``user`` owns, by name (those it may apply for)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Membership.role == MembershipRole.owner,
               Organization.kind == OrganizationKind.maker)
        .order_by(Organization.name)))


# --- applications ----------------------------------------------------------------------------------------------


def step_application(session: Session, application: CertificationApplication, to: ApplicationStatus, role: str,
                     **values) -> None:
    """Move ``application`` to ``to`` as ``role`` (``owner`` or ``curator``), setting ``values`` in the same
    UPDATE; a decided application leaves the maker free to open another one."""
    if to not in OPEN_STATUSES:
        values["open_organization_id"] = None
    apply_transition(session, application, APPLICATION_TRANSITIONS, to, role=role, values=values,
                     label=application_status_label)


def _update_draft(session: Session, application: CertificationApplication, **values) -> None:
    """Change a draft's content, only while it is still a draft (a concurrent submission wins)."""
    values["updated_at"] = utcnow()
    result = session.exec(
        sa.update(CertificationApplication)
        .where(CertificationApplication.id == application.id,
               CertificationApplication.status == ApplicationStatus.draft)
        .values(**values)
        .execution_options(synchronize_session=False))
    session.refresh(application)
    if result.rowcount != 1:
        raise already_submitted()


def already_submitted() -> CertificationError:
    """The refusal of a change to an application that is no longer a draft."""
    return CertificationError(_("Only a draft can be changed; this application was already submitted."),
                              code="conflict", status=409)


def open_application(session: Session, org_id: int) -> CertificationApplication | None:
    """The maker's draft or submitted application, if any."""
    return session.exec(select(CertificationApplication)
                        .where(CertificationApplication.open_organization_id == org_id)).first()


def start_application(session: Session, user: User, org_id: int) -> CertificationApplication:
    """Open a draft application for a maker ``user`` owns, or return the maker's open one.

    Refuses (as not found) organisations the user does not own and organisations that are not makers.
    """
    org = _owned_maker(session, user, org_id)
    existing = open_application(session, org.id)
    if existing is not None:
        return existing
    application = CertificationApplication(organization_id=org.id, open_organization_id=org.id,
                                           created_by_id=user.id)
    session.add(application)
    session.flush()
    return application


def get_application(session: Session, user: User, application_id: int) -> CertificationApplication:
    """An application the user may see (a member of its maker, or a curator); others are not found."""
    application = session.get(CertificationApplication, application_id)
    if application is None or not can_see_application(session, user, application):
        raise refuse_not_found()
    return application


def owned_application(session: Session, user: User, application_id: int) -> CertificationApplication:
    """An application of a maker ``user`` owns; others are not found."""
    application = session.get(CertificationApplication, application_id)
    if application is None:
        raise refuse_not_found()
    _owned_maker(session, user, application.organization_id)
    return application


def maker_products(session: Session, org_id: int) -> list[Product]:
    """The maker's products (any status), newest first: those it may choose for the co-brand."""
    return list(session.exec(select(Product).where(Product.maker_id == org_id)
                             .order_by(Product.created_at.desc(), Product.id.desc())))


def evidence_counts(session: Session, application_id: int) -> dict[str, int]:
    """How many documents of each kind the application has."""
    rows = session.exec(select(CertificationEvidence.kind, func.count()).where(
        CertificationEvidence.application_id == application_id).group_by(CertificationEvidence.kind))
    return {kind: n for kind, n in rows}


def evidence_of(session: Session, application_id: int) -> list[CertificationEvidence]:
    """The application's evidence documents, oldest first."""
    return list(session.exec(select(CertificationEvidence)
                             .where(CertificationEvidence.application_id == application_id)
                             .order_by(CertificationEvidence.created_at, CertificationEvidence.id)))


def score_application(session: Session, application: CertificationApplication) -> criteria.Score:
    """The application's score from its answers and its evidence documents."""
    return criteria.score(application.answers, evidence_counts(session, application.id))


def rescore(session: Session, application: CertificationApplication) -> criteria.Score:
    """Store a draft's score again after its evidence changed."""
    result = score_application(session, application)
    tier = result.tier.code if result.tier else None
    if application.score != result.total or application.tier != tier:
        _update_draft(session, application, score=result.total, tier=tier)
    return result


def save_answers(session: Session, user: User, application_id: int, raw_answers: dict,
                 product_ids: list[int]) -> criteria.Score:
    """Store a draft's answers and chosen products and return its new score.

    Refuses: applications of makers the user does not own (not found), products that are not the maker's own
    (not found: nothing is changed), answers outside the published options, and applications no longer drafts.
    """
    application = owned_application(session, user, application_id)
    wanted = sorted({int(p) for p in product_ids})
    if wanted:
        own = set(session.exec(select(Product.id).where(Product.id.in_(wanted),
                                                        Product.maker_id == application.organization_id)))
        if own != set(wanted):
            raise refuse_not_found()
    answers, problems = criteria.clean_answers(raw_answers)
    if problems:
        key, message = next(iter(problems.items()))
        raise CertificationError(message, key)
    result = criteria.score(answers, evidence_counts(session, application.id))
    _update_draft(session, application, answers=answers, product_ids=wanted, score=result.total,
                  tier=result.tier.code if result.tier else None)
    return result


def submit_application(session: Session, user: User, application_id: int) -> CertificationApplication:
    """Send a draft to the curators' queue.

    Refuses: makers the user does not own (not found), unanswered questions, and a score that reaches no tier
    (below bronze, or made outside Seoul); an application already submitted is a conflict.
    """
    application = owned_application(session, user, application_id)
    result = score_application(session, application)
    if application.status != ApplicationStatus.draft:
        raise CertificationError(_("This application was already submitted."), code="conflict", status=409)
    if not result.complete:
        raise CertificationError(_("Answer every question before submitting."), code="incomplete")
    if result.tier is None:
        raise CertificationError(
            _("With %(points)d points this application reaches no tier (bronze needs %(bronze)d, and products "
              "must be made in Seoul). Improve the answers or the evidence first.",
              points=result.total, bronze=criteria.TIERS[-1].min_points), code="not_eligible")
    step_application(session, application, ApplicationStatus.submitted, "owner", submitted_at=utcnow(),
                     score=result.total, tier=result.tier.code)
    return application


def reapply(session: Session, user: User, application_id: int) -> CertificationApplication:
    """Start a new draft from a rejected application: its answers, products and evidence carried over.

    Refuses makers the user does not own (not found), applications that were not rejected, and a maker that
    already has an open application.
    """
    previous = owned_application(session, user, application_id)
    if previous.status != ApplicationStatus.rejected:
        raise CertificationError(_("Only a rejected application can be started again."), code="conflict",
                                 status=409)
    if open_application(session, previous.organization_id) is not None:
        raise CertificationError(_("This maker already has an open application."), code="conflict", status=409)
    own = set(session.exec(select(Product.id).where(Product.maker_id == previous.organization_id)))
    application = CertificationApplication(
        organization_id=previous.organization_id, open_organization_id=previous.organization_id,
        previous_application_id=previous.id, created_by_id=user.id, answers=dict(previous.answers),
        product_ids=[p for p in previous.product_ids if p in own], score=previous.score, tier=previous.tier)
    session.add(application)
    session.flush()
    # The stored files are shared, not copied: a document is only deleted when no row points at it any more.
    for ev in evidence_of(session, previous.id):
        session.add(CertificationEvidence(
            application_id=application.id, kind=ev.kind, storage_key=ev.storage_key,
            content_type=ev.content_type, size_bytes=ev.size_bytes, sha256=ev.sha256,
            display_name=ev.display_name, uploaded_by_id=ev.uploaded_by_id))
    session.flush()
    return application
