"""Drafts of requests for quote: what a buyer typed and attached, kept until the request is sent or deleted.

A request form that comes back (the completeness check, a refused field) keeps its files here: the view saves
the draft with :func:`save_draft`, the form carries the draft's id, and sending reads the kept files back
(:func:`kept_uploads`) so they are checked and attached with any new ones. Only the draft's author sees it.
Stored files are removed after the commit that deletes the draft (the keys are returned to the caller).
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import User
from market.db import utcnow
from market.refusals import not_found
from market.rfq.models import RfqDraft
from market.storage import get_storage
from market.uploads.files import PDF_OR_IMAGE, FileRefused, Upload, check_files, store_files

MAX_FIELD = 6000
KEPT_FIELDS = ("buyer_org_id", "quantity", "target_price", "currency", "incoterm", "destination_country",
               "needed_by", "message", "materials-other", "payment_terms-other")
KEPT_LISTS = ("materials", "payment_terms")  # fields with several values (ticked boxes), kept as lists
MAX_LIST = 50


def get_draft(session: Session, user: User, draft_id: int | None) -> RfqDraft | None:
    """The user's own draft ``draft_id``, or None (also for someone else's)."""
    if not draft_id:
        return None
    draft = session.get(RfqDraft, draft_id)
    return draft if draft is not None and draft.user_id == user.id else None


def list_drafts(session: Session, user: User) -> list[RfqDraft]:
    """The user's drafts, the newest first."""
    return list(session.exec(select(RfqDraft).where(RfqDraft.user_id == user.id)
                             .order_by(RfqDraft.updated_at.desc(), RfqDraft.id.desc())))


def count_drafts(session: Session, user: User) -> int:
    """How many drafts the user has."""
    return session.exec(select(func.count()).select_from(RfqDraft).where(RfqDraft.user_id == user.id)).one()


def save_draft(session: Session, user: User, *, maker_id: int, product_id: int | None, fields: dict,
               uploads=(), draft_id: int | None = None, max_files: int = 5) -> tuple[RfqDraft, list[str]]:
    """Keep what the buyer typed and the new files they attached (with those already kept, at most
    ``max_files``) in their draft, creating it when ``draft_id`` names none of theirs. Returns the draft and the
    keys of the files stored now, for the caller to discard if its commit fails.

    New files that are not acceptable (too many, too large, not what they claim) are not kept: the form shows
    their refusal and the buyer chooses them again."""
    draft = get_draft(session, user, draft_id)
    if draft is None or draft.maker_org_id != maker_id:
        draft = RfqDraft(user_id=user.id, maker_org_id=maker_id, product_id=product_id)
    draft.fields = {name: str(fields.get(name) or "")[:MAX_FIELD] for name in KEPT_FIELDS if fields.get(name)}
    for name in KEPT_LISTS:
        if isinstance(fields.get(name), list | tuple) and fields[name]:
            draft.fields[name] = [str(v)[:MAX_FIELD] for v in fields[name][:MAX_LIST]]
    try:
        checked = check_files(list(uploads), already=len(draft.attachments), limit=max_files, kinds=PDF_OR_IMAGE)
    except FileRefused:
        checked = []
    keys = store_files(checked)
    # A new list, so SQLAlchemy sees the JSON column change.
    draft.attachments = [*draft.attachments, *({"storage_key": key, "filename": item.filename,
                                                "content_type": item.content_type, "size_bytes": len(item.data)}
                                               for item, key in zip(checked, keys, strict=True))]
    draft.updated_at = utcnow()
    session.add(draft)
    session.flush()
    return draft, keys


def kept_uploads(draft: RfqDraft | None) -> list[Upload]:
    """The draft's kept files, read back as uploads to be checked and attached again."""
    if draft is None:
        return []
    storage = get_storage()
    return [Upload(item["filename"], storage.read(item["storage_key"])) for item in draft.attachments
            if storage.exists(item["storage_key"])]


def remove_draft(session: Session, draft: RfqDraft) -> list[str]:
    """Delete ``draft`` (sent, or dropped by its author); returns its files' keys to discard after the commit."""
    keys = [item["storage_key"] for item in draft.attachments]
    session.delete(draft)
    session.flush()
    return keys


def delete_draft(session: Session, user: User, draft_id: int) -> list[str]:
    """Delete one of the user's drafts; returns its files' keys to discard after the commit. Someone else's
    draft is not found."""
    draft = get_draft(session, user, draft_id)
    if draft is None:
        raise not_found(_("This draft does not exist."))
    return remove_draft(session, draft)
