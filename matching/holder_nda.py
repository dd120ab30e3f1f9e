"""An IP holder's own NDA: a listing behind an NDA may carry the holder's agreement as a PDF (checked by its
content before it is stored, kept private). A requester at the NDA step reads it with the platform's NDA and
accepts both at once; the introduction records the SHA-256 of the exact file accepted, so a later replacement
never changes what an earlier requester agreed to. The file is sent to the holder's members, staff, and the
requesters whose introduction reached the NDA step.

Functions take a session, flush and never commit.
"""

from __future__ import annotations

import hashlib

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.uploads import files as uploads
from matching.errors import MatchingError, not_found
from matching.models import Introduction, IntroStatus, TechListing
from matching.services.rights import is_member, refuse_edit, user_orgs

NDA_STEPS = (IntroStatus.awaiting_nda, IntroStatus.accepted)


def set_holder_nda(session: Session, user: User, listing_id: int, upload: uploads.Upload) -> TechListing:
    """Attach (or replace) the holder's own NDA of a listing: a PDF, checked before anything is stored. Refuses
    people outside the holder (403/404), a file that is not a sound PDF (422 on ``nda_file``) and a listing not
    behind an NDA (422 on ``nda_file``)."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise not_found()
    refuse_edit(session, user, listing.org_id, visible=True)
    if not listing.nda_required:
        raise MatchingError(_("Put the listing behind an NDA first; its own agreement is read at that step."),
                            field="nda_file")
    try:
        checked = uploads.check_file(upload, uploads.PDF_ONLY)
    except uploads.FileRefused as exc:
        raise MatchingError(exc.message, field="nda_file") from None
    # A replaced file is kept in storage: it is what earlier requesters accepted (their introductions keep its
    # hash).
    [key] = uploads.store_files([checked])
    listing.nda_file_key, listing.nda_file_name = key, checked.filename
    listing.nda_file_sha256 = hashlib.sha256(checked.data).hexdigest()
    session.add(listing)
    session.flush()
    return listing


def remove_holder_nda(session: Session, user: User, listing_id: int) -> TechListing:
    """Take the holder's own NDA off a listing (introductions that accepted it keep its hash)."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise not_found()
    refuse_edit(session, user, listing.org_id, visible=True)
    listing.nda_file_key = listing.nda_file_name = listing.nda_file_sha256 = None
    session.add(listing)
    session.flush()
    return listing


def may_read_holder_nda(session: Session, user: User, listing: TechListing) -> bool:
    """The holder's members and staff, and requesters whose introduction to the listing reached the NDA step."""
    if not listing.nda_file_key:
        return False
    if getattr(user, "is_staff", False) or is_member(session, user, listing.org_id):
        return True
    org_ids = [org.id for org in user_orgs(session, user)]
    return session.exec(select(Introduction.id).where(
        Introduction.listing_id == listing.id, Introduction.from_org_id.in_(org_ids or [0]),
        Introduction.status.in_(NDA_STEPS))).first() is not None


def holder_nda_file(session: Session, user: User, listing_id: int) -> TechListing:
    """The listing whose NDA file the user may download; everyone else gets 404."""
    listing = session.get(TechListing, listing_id)
    if listing is None or not may_read_holder_nda(session, user, listing):
        raise not_found("file")
    return listing
