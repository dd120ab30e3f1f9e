"""Evidence documents of a co-brand application: checked by their content, stored privately under a name the
server makes, shared (never copied) with an application started again from a rejected one, and given only to
those who may see the application."""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from catalog.certification import criteria
from catalog.certification.models import ApplicationStatus, CertificationApplication, CertificationEvidence
from catalog.certification.services.applications import (
    CertificationError,
    already_submitted,
    can_see_application,
    owned_application,
    refuse_not_found,
    rescore,
)
from market.accounts.models import User
from market.uploads import files

MAX_EVIDENCE_FILES = 12


def check_evidence_file(data: bytes, filename: str | None = None) -> files.CheckedFile:
    """An acceptable evidence document: a real PDF, PNG or JPEG of at most 10 MB, judged by its content (the
    core's upload check); its refusal is shown on the form's file field."""
    try:
        return files.check_file(files.Upload(filename or "", data), kinds=files.PDF_OR_IMAGE)
    except files.FileRefused as exc:
        raise CertificationError(exc.message, "file", exc.code) from None


def add_evidence(session: Session, user: User, application_id: int, kind: str, data: bytes,
                 filename: str | None, storage) -> CertificationEvidence:
    """Check and store an evidence document for a draft, privately and under a new name.

    Refuses (before anything is stored): makers the user does not own (not found), applications no longer
    drafts, unknown kinds, more than the allowed number of documents, and files that are not a real PDF, PNG
    or JPEG of at most 10 MB.
    """
    application = owned_application(session, user, application_id)
    if application.status != ApplicationStatus.draft:
        raise already_submitted()
    if kind not in criteria.EVIDENCE_KINDS:
        raise CertificationError(_("Choose what the document shows."), "kind")
    count = session.exec(select(func.count()).select_from(CertificationEvidence)
                         .where(CertificationEvidence.application_id == application.id)).one()
    if count >= MAX_EVIDENCE_FILES:
        raise CertificationError(_("An application holds at most %(n)d documents.", n=MAX_EVIDENCE_FILES),
                                 "file", "too_many")
    checked = check_evidence_file(data, filename)
    key = storage.save(data, checked.suffix, area="private")
    try:
        evidence = CertificationEvidence(
            application_id=application.id, kind=kind, storage_key=key, content_type=checked.content_type,
            size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), display_name=checked.filename,
            uploaded_by_id=user.id)
        session.add(evidence)
        session.flush()
        rescore(session, application)
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
        raise refuse_not_found()
    application = owned_application(session, user, evidence.application_id)
    if application.status != ApplicationStatus.draft:
        raise already_submitted()
    key = evidence.storage_key
    session.delete(evidence)
    session.flush()
    rescore(session, application)
    shared = session.exec(select(func.count()).select_from(CertificationEvidence)
                          .where(CertificationEvidence.storage_key == key)).one()
    if not shared:
        storage.delete(key)
    return application


def get_evidence_for_download(session: Session, user: User | None, evidence_id: int) -> CertificationEvidence:
    """An evidence document for a curator or a member of the applying maker; anyone else: not found."""
    evidence = session.get(CertificationEvidence, evidence_id)
    if evidence is None:
        raise refuse_not_found()
    application = session.get(CertificationApplication, evidence.application_id)
    if not can_see_application(session, user, application):
        raise refuse_not_found()
    return evidence
