"""Evidence documents of a return: PDFs and images checked by their content (:mod:`market.uploads.files`),
stored privately, at most :data:`MAX_EVIDENCE` per return, sent only to the member and its reviewers."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.association.models import AnnualReturn, Member, ReturnFile
from market.association.services.access import can_read_member
from market.refusals import Refusal, not_found
from market.uploads import files as uploads

MAX_EVIDENCE = 5


def evidence_of(session: Session, ret: AnnualReturn) -> list[ReturnFile]:
    """The return's evidence documents, oldest first (none for a return not stored yet)."""
    if ret.id is None:
        return []
    return list(session.exec(select(ReturnFile).where(ReturnFile.return_id == ret.id).order_by(ReturnFile.id)))


def check_evidence(session: Session, ret: AnnualReturn, items) -> list[uploads.CheckedFile]:
    """The uploads checked by content (PDF, PNG, JPEG); refuses (422 on ``evidence``) a file that is not what it
    claims, or more than :data:`MAX_EVIDENCE` documents with those already attached."""
    try:
        return uploads.check_files(list(items), already=len(evidence_of(session, ret)), limit=MAX_EVIDENCE,
                                   kinds=uploads.PDF_OR_IMAGE)
    except uploads.FileRefused as exc:
        raise Refusal(exc.message, field="evidence") from None


def store_evidence(session: Session, ret: AnnualReturn, user, checked: list[uploads.CheckedFile]) -> list:
    """Store checked documents privately with a row each; the stored files are removed if the rows fail."""
    if not checked:
        return []
    keys = uploads.store_files(checked)
    try:
        rows = [ReturnFile(return_id=ret.id, storage_key=key, filename=item.filename, content_type=item.content_type,
                           size_bytes=len(item.data), uploaded_by_id=user.id)
                for item, key in zip(checked, keys, strict=True)]
        session.add_all(rows)
        session.flush()
    except BaseException:
        uploads.discard(keys)
        raise
    return rows


def evidence_for_user(session: Session, user, file_id: int) -> ReturnFile:
    """A document for someone who may read its return (the member, its reviewers); 404 for anyone else."""
    row = session.get(ReturnFile, file_id)
    ret = session.get(AnnualReturn, row.return_id) if row else None
    member = session.get(Member, ret.member_id) if ret else None
    if member is None or not can_read_member(session, user, member):
        raise not_found(_("Nothing was found at this address."))
    return row
