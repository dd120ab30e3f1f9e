"""A machine's manual (PDF) and photo, uploaded by its facility's staff through the one upload check
(:mod:`market.uploads`): the manual recognised as a PDF by its content and stored privately (sent by the machine
page's download, which names it), the photo cleaned (upright, sRGB, metadata removed, WEBP) and stored publicly.
A new file replaces the old one; the old file is removed only after the commit (:func:`discard_replaced`)."""

from __future__ import annotations

import dataclasses

from flask_babel import gettext as _
from sqlmodel import Session

from market.centres.models import Equipment, Facility
from market.centres.services.access import require_staff
from market.refusals import Refusal, not_found
from market.storage import get_storage
from market.uploads import files as uploads
from market.uploads import images


@dataclasses.dataclass(frozen=True)
class Replaced:
    """What an upload changed: the machine, and the keys of the files it replaced (to remove after commit)."""

    equipment: Equipment
    old_keys: tuple[str, ...]


def update_machine_files(session: Session, staff, equipment_id: int, manual: images.Upload | None = None,
                         photo: images.Upload | None = None) -> Replaced:
    """Set a machine's manual and/or photo (its facility's staff). Refuses non-staff (403), an unknown machine
    (404), nothing chosen (422 on ``manual``), a manual that is not a sound PDF (422 on ``manual``) and a photo
    that is not an acceptable picture (422 on ``photo``); nothing is stored when either is refused."""
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    require_staff(session, staff, session.get(Facility, equipment.facility_id))
    manual = manual if manual is not None and (manual.data or manual.filename) else None
    photo = photo if photo is not None and (photo.data or photo.filename) else None
    if manual is None and photo is None:
        raise Refusal(_("Choose a manual (PDF) or a photo to upload."), field="manual")
    checked = clean = None
    if manual is not None:
        try:
            checked = uploads.check_file(manual, uploads.PDF_ONLY)
        except uploads.FileRefused as exc:
            raise Refusal(exc.message, field="manual") from None
    if photo is not None:
        try:
            clean = images.clean_image(photo.data, photo.filename)
        except images.ImageRefused as exc:
            raise Refusal(exc.message, field="photo") from None
    old, new = [], []
    try:
        if checked is not None:
            new.extend(uploads.store_files([checked]))
            old.append(equipment.manual_key)
            equipment.manual_key = new[-1]
        if clean is not None:
            new.append(get_storage().save(clean.web, ".webp", area="public"))
            old.append(equipment.photo_key)
            equipment.photo_key = new[-1]
        session.add(equipment)
        session.flush()
    except BaseException:
        uploads.discard(new)
        raise
    return Replaced(equipment, tuple(key for key in old if key))


def discard_replaced(replaced: Replaced) -> None:
    """Remove the files an upload replaced (after its commit)."""
    uploads.discard(replaced.old_keys)


def photo_url_key(equipment: Equipment) -> str | None:
    """The part of the photo's key the public media route serves (``/media/public/<rest>``), or None."""
    key = equipment.photo_key
    return key.removeprefix("public/") if key and key.startswith("public/") else None
