"""Evidence documents of a co-brand application: checked by their content, stored privately under a name the
server makes, shared (never copied) with an application started again from a rejected one, and given only to
those who may see the application."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings

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

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 12

# Evidence documents are recognised by their first bytes, never by their name or the browser's content type.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
_PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG"}


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
    content_type, suffix = check_evidence_file(data)
    key = storage.save(data, suffix, area="private")
    try:
        evidence = CertificationEvidence(
            application_id=application.id, kind=kind, storage_key=key, content_type=content_type,
            size_bytes=len(data), sha256=hashlib.sha256(data).hexdigest(), display_name=_display_name(filename),
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
