"""Co-brand operations: a maker's application (answers, chosen products, evidence), submission, the curators'
queue and decisions, certificates (numbering, expiry, revocation), public verification and the badges other
pages show.

Functions take a session first, flush when they need ids and never commit. Every state change is one conditional
UPDATE (``WHERE status = <old>``) following the transition tables below, so two concurrent requests cannot both
apply it: the loser changes nothing and is told the application or certificate has moved on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import unicodedata
import warnings

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.certification import criteria
from catalog.certification.models import (
    OPEN_STATUSES,
    ApplicationStatus,
    Certificate,
    CertificateCounter,
    CertificateProduct,
    CertificateStatus,
    CertificationApplication,
    CertificationDecision,
    CertificationEvidence,
    DecisionAction,
)
from catalog.products.models import Product, ProductStatus
from i18n import content
from market.accounts.models import Membership, MembershipRole, Organization, OrganizationKind, User, UserRole
from market.clusters import Cluster
from market.db import utcnow

CURATOR_ROLES = (UserRole.curator, UserRole.admin)
VALIDITY_YEARS = 2
CODE_PREFIX = "MIS"
MAX_SEQUENCE = 999_999
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 12
MAX_REASONS_LENGTH = 4000

# Allowed transitions and who may make each (Sharetribe-style process tables).
APPLICATION_TRANSITIONS: dict[tuple[ApplicationStatus, ApplicationStatus], str] = {
    (ApplicationStatus.draft, ApplicationStatus.submitted): "owner",
    (ApplicationStatus.submitted, ApplicationStatus.approved): "curator",
    (ApplicationStatus.submitted, ApplicationStatus.rejected): "curator",
}
CERTIFICATE_TRANSITIONS: dict[tuple[CertificateStatus, CertificateStatus], str] = {
    (CertificateStatus.valid, CertificateStatus.revoked): "curator",
}

# Evidence documents are recognised by their first bytes, never by their name or the browser's content type.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
_PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


class CertificationError(ValueError):
    """A refused co-brand operation: ``field`` names the form field, ``code`` is machine-readable
    (``not_found``, ``conflict``, ``own_organization``, ``invalid``)."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def _not_found() -> CertificationError:
    return CertificationError(_("Not found."), None, "not_found")


def _today(today: dt.date | None) -> dt.date:
    return today or utcnow().date()


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
        raise _not_found()
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
    return is_curator(user) or _membership(session, user, application.organization_id) is not None


def owned_makers(session: Session, user: User) -> list[Organization]:
    """The maker organisations ``user`` owns, by name (those it may apply for)."""
    return list(session.exec(
        select(Organization).join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id, Membership.role == MembershipRole.owner,
               Organization.kind == OrganizationKind.maker)
        .order_by(Organization.name)))


# --- applications ----------------------------------------------------------------------------------------------


def _transition(session: Session, application: CertificationApplication, new: ApplicationStatus,
                **values) -> None:
    """Move ``application`` to ``new`` with one conditional UPDATE; refuses a transition the table does not
    allow, and one another request made first."""
    old = ApplicationStatus(application.status)
    if (old, new) not in APPLICATION_TRANSITIONS:
        raise CertificationError(_("This application can no longer be changed this way."), None, "conflict")
    if new not in OPEN_STATUSES:
        values["open_organization_id"] = None
    values["updated_at"] = utcnow()
    result = session.exec(
        sa.update(CertificationApplication)
        .where(CertificationApplication.id == application.id, CertificationApplication.status == old)
        .values(status=new, **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(application)
        raise CertificationError(_("Someone else changed this application first. Reload to see its state."),
                                 None, "conflict")
    session.refresh(application)


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
        raise CertificationError(_("Only a draft can be changed; this application was already submitted."),
                                 None, "conflict")


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
        raise _not_found()
    return application


def _owned_application(session: Session, user: User, application_id: int) -> CertificationApplication:
    application = session.get(CertificationApplication, application_id)
    if application is None:
        raise _not_found()
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


def score_application(session: Session, application: CertificationApplication) -> criteria.Score:
    """The application's score from its answers and its evidence documents."""
    return criteria.score(application.answers, evidence_counts(session, application.id))


def _rescore(session: Session, application: CertificationApplication) -> criteria.Score:
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
    application = _owned_application(session, user, application_id)
    wanted = sorted({int(p) for p in product_ids})
    if wanted:
        own = set(session.exec(select(Product.id).where(Product.id.in_(wanted),
                                                        Product.maker_id == application.organization_id)))
        if own != set(wanted):
            raise _not_found()
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
    application = _owned_application(session, user, application_id)
    result = score_application(session, application)
    if application.status != ApplicationStatus.draft:
        raise CertificationError(_("This application was already submitted."), None, "conflict")
    if not result.complete:
        raise CertificationError(_("Answer every question before submitting."), None, "incomplete")
    if result.tier is None:
        raise CertificationError(
            _("With %(points)d points this application reaches no tier (bronze needs %(bronze)d, and products "
              "must be made in Seoul). Improve the answers or the evidence first.",
              points=result.total, bronze=criteria.TIERS[-1].min_points), None, "not_eligible")
    now = utcnow()
    _transition(session, application, ApplicationStatus.submitted, submitted_at=now, score=result.total,
                tier=result.tier.code)
    return application


def reapply(session: Session, user: User, application_id: int) -> CertificationApplication:
    """Start a new draft from a rejected application: its answers, products and evidence carried over.

    Refuses makers the user does not own (not found), applications that were not rejected, and a maker that
    already has an open application.
    """
    previous = _owned_application(session, user, application_id)
    if previous.status != ApplicationStatus.rejected:
        raise CertificationError(_("Only a rejected application can be started again."), None, "conflict")
    if open_application(session, previous.organization_id) is not None:
        raise CertificationError(_("This maker already has an open application."), None, "conflict")
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


# --- evidence --------------------------------------------------------------------------------------------------


def check_evidence_file(data: bytes) -> tuple[str, str]:
    """The content type and file suffix of an acceptable evidence document (PDF, PNG or JPEG up to 10 MB),
    judged by its content; refuses empty, oversized, unrecognised and damaged files."""
    if not data:
        raise CertificationError(_("The file is empty."), "file")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise CertificationError(_("The file is larger than %(mb)d MB.", mb=MAX_EVIDENCE_BYTES // (1024 * 1024)),
                                 "file", "too_large")
    match = next(((ctype, suffix) for magic, ctype, suffix in _SIGNATURES if data.startswith(magic)), None)
    if match is None:
        raise CertificationError(_("Upload a PDF, PNG or JPEG document."), "file", "unsupported")
    content_type, suffix = match
    if content_type == "application/pdf":
        # A complete PDF ends with its end-of-file marker (a little trailing whitespace or junk is common).
        if b"%%EOF" not in data[-2048:]:
            raise CertificationError(_("This PDF is damaged or incomplete."), "file", "damaged")
        return content_type, suffix
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                image.verify()
            # verify() checks the structure (and PNG checksums); decoding catches truncated JPEG data.
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise CertificationError(_("This image has too many pixels."), "file", "too_large") from None
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError):
        raise CertificationError(_("This image is damaged or not really an image."), "file", "damaged") from None
    if image_format != _PILLOW_FORMATS[content_type]:
        raise CertificationError(_("Upload a PDF, PNG or JPEG document."), "file", "unsupported")
    return content_type, suffix


def _display_name(filename: str | None) -> str:
    """A readable name for people: the last path part, without control characters, at most 120 characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name.strip()[:120] or _("document")


def evidence_of(session: Session, application_id: int) -> list[CertificationEvidence]:
    """The application's evidence documents, oldest first."""
    return list(session.exec(select(CertificationEvidence)
                             .where(CertificationEvidence.application_id == application_id)
                             .order_by(CertificationEvidence.created_at, CertificationEvidence.id)))


def add_evidence(session: Session, user: User, application_id: int, kind: str, data: bytes,
                 filename: str | None, storage) -> CertificationEvidence:
    """Check and store an evidence document for a draft, privately and under a new name.

    Refuses (before anything is stored): makers the user does not own (not found), applications no longer
    drafts, unknown kinds, more than the allowed number of documents, and files that are not a real PDF, PNG
    or JPEG of at most 10 MB.
    """
    application = _owned_application(session, user, application_id)
    if application.status != ApplicationStatus.draft:
        raise CertificationError(_("Only a draft can be changed; this application was already submitted."),
                                 None, "conflict")
    if kind not in criteria.EVIDENCE_KINDS:
        raise CertificationError(_("Choose what the document shows."), "kind")
    count = session.exec(select(func.count()).select_from(CertificationEvidence)
                         .where(CertificationEvidence.application_id == application.id)).one()
    if count >= MAX_EVIDENCE_FILES:
        raise CertificationError(_("An application holds at most %(n)d documents.", n=MAX_EVIDENCE_FILES),
                                 "file", "too_many")
    content_type, suffix = check_evidence_file(data)
    key = storage.save(data, suffix, area="private")
    try:
        evidence = CertificationEvidence(
            application_id=application.id, kind=kind, storage_key=key, content_type=content_type,
            size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), display_name=_display_name(filename),
            uploaded_by_id=user.id)
        session.add(evidence)
        session.flush()
        _rescore(session, application)
    except BaseException:
        storage.delete(key)
        raise
    return evidence


def delete_evidence(session: Session, user: User, evidence_id: int, storage) -> CertificationApplication:
    """Remove a document from a draft (the file goes when no other application shares it).

    Refuses documents of makers the user does not own (not found) and of applications no longer drafts.
    """
    evidence = session.get(CertificationEvidence, evidence_id)
    if evidence is None:
        raise _not_found()
    application = _owned_application(session, user, evidence.application_id)
    if application.status != ApplicationStatus.draft:
        raise CertificationError(_("Only a draft can be changed; this application was already submitted."),
                                 None, "conflict")
    key = evidence.storage_key
    session.delete(evidence)
    session.flush()
    _rescore(session, application)
    shared = session.exec(select(func.count()).select_from(CertificationEvidence)
                          .where(CertificationEvidence.storage_key == key)).one()
    if not shared:
        storage.delete(key)
    return application


def get_evidence_for_download(session: Session, user: User | None, evidence_id: int) -> CertificationEvidence:
    """An evidence document for a curator or a member of the applying maker; anyone else: not found."""
    evidence = session.get(CertificationEvidence, evidence_id)
    if evidence is None:
        raise _not_found()
    application = session.get(CertificationApplication, evidence.application_id)
    if not can_see_application(session, user, application):
        raise _not_found()
    return evidence


# --- what pages show -------------------------------------------------------------------------------------------


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


# --- decisions and certificates --------------------------------------------------------------------------------


def _check_curator(session: Session, curator: User, org_id: int) -> None:
    if not is_curator(curator):
        raise CertificationError(_("Only curators decide on the co-brand."), None, "forbidden")
    if _membership(session, curator, org_id) is not None:
        raise CertificationError(
            _("You belong to this organisation, so another curator has to decide on it."), None,
            "own_organization")


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

    The counter row is created if missing (``ON CONFLICT DO NOTHING``, so two first certificates of a year do
    not collide) and then incremented by one atomic UPDATE ... RETURNING: the row lock makes a concurrent
    approval wait and then read the number after ours. The unique code is a second guard.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.exec(insert(CertificateCounter).values(year=year, last_sequence=0)
                 .on_conflict_do_nothing(index_elements=["year"]))
    sequence = session.exec(
        sa.update(CertificateCounter).where(CertificateCounter.year == year)
        .values(last_sequence=CertificateCounter.last_sequence + 1)
        .returning(CertificateCounter.last_sequence)
        .execution_options(synchronize_session=False)).scalar_one()
    if sequence > MAX_SEQUENCE:
        raise CertificationError(_("No certificate numbers are left for this year."), None, "exhausted")
    return format_code(year, sequence), sequence


def approve_application(session: Session, curator: User, application_id: int, product_ids: list[int] | None = None,
                        note: str = "", today: dt.date | None = None) -> Certificate:
    """Approve a submitted application and issue its certificate (tier from the score, valid two years).

    ``product_ids`` narrows the scope to some of the applied products (default: all of them that the maker
    still owns). Refuses: non-curators, a curator who belongs to the maker (nothing changes), applications not
    waiting for a decision, and products outside the application.
    """
    application = session.get(CertificationApplication, application_id)
    if application is None:
        raise _not_found()
    _check_curator(session, curator, application.organization_id)
    if application.status != ApplicationStatus.submitted:
        raise CertificationError(_("This application is not waiting for a decision."), None, "conflict")
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
        raise CertificationError(_("This application reaches no tier and cannot be approved."), None,
                                 "not_eligible")
    now = utcnow()
    _transition(session, application, ApplicationStatus.approved, decided_at=now, score=result.total,
                tier=result.tier.code)
    issued_on = _today(today)
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
        raise _not_found()
    _check_curator(session, curator, application.organization_id)
    text = _clean_reasons(reasons, "reasons", _("Tell the maker why, so it can improve and apply again."))
    if application.status != ApplicationStatus.submitted:
        raise CertificationError(_("This application is not waiting for a decision."), None, "conflict")
    now = utcnow()
    _transition(session, application, ApplicationStatus.rejected, decided_at=now)
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
        raise _not_found()
    _check_curator(session, curator, certificate.organization_id)
    text = _clean_reasons(reason, "reason", _("Say why the certificate is revoked."))
    if (CertificateStatus(certificate.status), CertificateStatus.revoked) not in CERTIFICATE_TRANSITIONS:
        raise CertificationError(_("This certificate is already revoked."), None, "conflict")
    now = utcnow()
    result = session.exec(
        sa.update(Certificate)
        .where(Certificate.id == certificate.id, Certificate.status == CertificateStatus.valid)
        .values(status=CertificateStatus.revoked, revoked_at=now, revoked_by_id=curator.id, revoke_reason=text)
        .execution_options(synchronize_session=False))
    session.refresh(certificate)
    if result.rowcount != 1:
        raise CertificationError(_("This certificate is already revoked."), None, "conflict")
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
    if _today(today) > certificate.expires_on:
        return CertificateStatus.expired
    return CertificateStatus.valid


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
        is_curator(viewer) or _membership(session, viewer, maker.id) is not None))
    query = (select(Product).join(CertificateProduct, CertificateProduct.product_id == Product.id)
             .where(CertificateProduct.certificate_id == certificate.id).order_by(Product.id))
    if not can_manage:
        query = query.where(Product.status == ProductStatus.published)
    products = product_items(session, list(session.exec(query)), locale)
    cluster = session.get(Cluster, maker.cluster_code) if maker.cluster_code else None
    return CertificatePage(certificate, certificate_status(certificate, today), criteria.get_tier(certificate.tier),
                           maker, cluster, products, can_manage)


# --- badges for other pages ------------------------------------------------------------------------------------


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
    day = _today(today)
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
    day = _today(today)
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
            .where(*_valid_on(_today(today))).distinct())


def certified_product_ids(session: Session, today: dt.date | None = None) -> set[int]:
    """Ids of the products covered by a certificate valid today."""
    return set(session.exec(certified_products_query(today)))


def certified_maker_ids(session: Session, today: dt.date | None = None) -> set[int]:
    """Ids of the makers holding a certificate valid today."""
    return set(session.exec(select(Certificate.organization_id).where(*_valid_on(_today(today))).distinct()))
