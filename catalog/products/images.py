"""Product images: identical originals share their stored files.

Uploads are checked, cleaned and stored by :mod:`market.uploads.images`. A product image whose original has
the same SHA-256 as one already stored reuses that image's files, so a file is deleted only once no image row
refers to it (:func:`discard_unreferenced`, called after the commit that removed the rows).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, or_, select

from catalog.products.models import ProductImage
from market.storage import get_storage
from market.uploads import files
from market.uploads.images import (
    CleanImage,
    StoredImage,
    Upload,
    check_image,
    clean_checked_image,
    sha256_of,
)

MAX_IMAGES_PER_PRODUCT = 10


def find_stored(session: Session, sha256: str) -> StoredImage | None:
    """Files already stored for an identical original (same SHA-256), when both are still there."""
    storage = get_storage()
    rows = session.exec(select(ProductImage).where(ProductImage.sha256 == sha256).order_by(ProductImage.id)
                        .limit(5))
    for row in rows:
        if storage.exists(row.web_key) and storage.exists(row.thumb_key):
            return StoredImage(row.sha256, row.web_key, row.thumb_key, row.width, row.height, row.thumb_width,
                               row.thumb_height)
    return None


def prepare_image(session: Session, upload: Upload, max_bytes: int | None = None) -> StoredImage | CleanImage:
    """Check an upload, then reuse the stored files of an identical original or clean it (not stored yet)."""
    check_image(upload.data, upload.filename, max_bytes)
    return find_stored(session, sha256_of(upload.data)) or clean_checked_image(upload.data, upload.filename)


def discard_unreferenced(session: Session, keys: Iterable[str]) -> list[str]:
    """Delete those of ``keys`` that no image row refers to any more; returns the deleted keys.

    Call it after the commit that removed the rows, so a rolled-back deletion never loses a file.
    """
    keys = set(keys)
    if not keys:
        return []
    rows = session.exec(select(ProductImage.web_key, ProductImage.thumb_key).where(
        or_(ProductImage.web_key.in_(keys), ProductImage.thumb_key.in_(keys))))
    used = {key for row in rows for key in row}
    gone = sorted(keys - used)
    files.discard(gone)
    return gone
