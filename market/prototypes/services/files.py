"""Files of prototype commissions: a request's drawings and CAD files (behind its NDA) and a delivery's photos
and files (for the commission's two sides), checked by :mod:`market.uploads.files` and stored privately."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.prototypes.models import (
    DeliveryFile,
    Milestone,
    MilestoneDelivery,
    PrototypeFile,
    PrototypeRequest,
    RequestStatus,
)
from market.prototypes.services.access import (
    can_see_files,
    get_commission,
    get_request,
    org_ids,
    visible,
)
from market.prototypes.services.base import PrototypeError, conflict, forbidden, not_found
from market.storage import get_storage
from market.uploads import files as uploads
from market.uploads import images


def check_uploads(items, field: str = "files", already: int = 0) -> list[uploads.CheckedFile]:
    """The uploads checked by their content; refuses (422 on ``field``) any that is not what it claims."""
    try:
        return uploads.check_files(list(items), already=already)
    except uploads.FileRefused as exc:
        raise PrototypeError(exc.message, field) from None


def store_checked(session: Session, checked: list[uploads.CheckedFile],
                  row: Callable[[uploads.CheckedFile, str], object]) -> list:
    """Store checked files privately and add a row for each (``row(file, storage_key)``); the stored files are
    removed again when the rows cannot be written."""
    keys = uploads.store_files(checked)
    try:
        rows = [row(item, key) for item, key in zip(checked, keys, strict=True)]
        session.add_all(rows)
        session.flush()
    except BaseException:
        uploads.discard(keys)
        raise
    return rows


def store_request_files(session: Session, req: PrototypeRequest, user, checked) -> list[PrototypeFile]:
    """Store a request's checked files."""
    return store_checked(session, checked, lambda item, key: PrototypeFile(
        request_id=req.id, storage_key=key, filename=item.filename, content_type=item.content_type,
        size_bytes=len(item.data), uploaded_by_id=user.id))


def _thumbnails(checked) -> dict[int, str]:
    """A cleaned WEBP thumbnail (upright, sRGB, no metadata) of each photo among checked files, stored
    privately; ``{index: key}``. The photos themselves are kept as delivered."""
    keys: dict[int, str] = {}
    try:
        for index, item in enumerate(checked):
            if item.is_image:
                keys[index] = get_storage().save(images.clean_checked_image(item.data, item.filename).thumb,
                                                 ".webp", area="private")
    except BaseException:
        uploads.discard(keys.values())
        raise
    return keys


def store_delivery_files(session: Session, delivery: MilestoneDelivery, checked) -> list[DeliveryFile]:
    """Store a delivery's checked photos and files, with a thumbnail of each photo."""
    thumbs = _thumbnails(checked)
    by_item = {id(item): thumbs.get(index) for index, item in enumerate(checked)}
    try:
        return store_checked(session, checked, lambda item, key: DeliveryFile(
            delivery_id=delivery.id, storage_key=key, filename=item.filename, content_type=item.content_type,
            size_bytes=len(item.data), thumb_key=by_item[id(item)]))
    except BaseException:
        uploads.discard(thumbs.values())
        raise


def add_files(session: Session, user, request_id: int, items) -> list[PrototypeFile]:
    """Attach checked files to an open request of the user's startup (at most 10 in all); refuses others (403),
    closed requests (409) and files that fail the checks (422 on ``files``)."""
    req = get_request(session, request_id)
    if req.startup_org_id not in org_ids(session, user):
        raise not_found() if not visible(session, user, req) else forbidden(
            _("Only the startup that posted this request can do this."))
    if req.status != RequestStatus.open:
        raise conflict(_("Files can only be added while the request is open."), "wrong_state")
    already = session.exec(select(func.count()).select_from(PrototypeFile)
                           .where(PrototypeFile.request_id == req.id)).one()
    checked = check_uploads(items, already=already)
    if not checked:
        raise PrototypeError(_("Choose at least one file."), "files")
    return store_request_files(session, req, user, checked)


def get_request_file(session: Session, user, request_id: int, file_id: int) -> PrototypeFile:
    """A file of a request for those who may see it; refuses (not_found) everyone else, including makers
    that have not accepted the request's NDA."""
    req = get_request(session, request_id)
    item = session.get(PrototypeFile, file_id)
    if item is None or item.request_id != req.id or not visible(session, user, req) \
            or not can_see_files(session, user, req):
        raise not_found("file")
    return item


def get_delivery_file(session: Session, user, commission_id: int, file_id: int) -> DeliveryFile:
    """A delivery's file for the commission's two sides only; refuses (not_found) everyone else."""
    commission, _side = get_commission(session, user, commission_id)
    item = session.get(DeliveryFile, file_id)
    if item is None:
        raise not_found("file")
    delivery = session.get(MilestoneDelivery, item.delivery_id)
    milestone = session.get(Milestone, delivery.milestone_id)
    if milestone.commission_id != commission.id:
        raise not_found("file")
    return item
