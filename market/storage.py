"""Stored files (product images, evidence documents, designs): a small provider over the uploads directory.

Files are stored under names the server makes up (never the uploader's), in a ``public/`` area served at
``/media/<key>`` and a ``private/`` area only views that check rights may send. At scale the same interface
sits over S3-compatible storage.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import Blueprint, Flask, abort, current_app, send_file, send_from_directory

EXTENSION = "seoulmade.storage"
AREAS = ("public", "private")
bp = Blueprint("market_media", __name__)


class LocalStorage:
    """Files in a directory; keys look like ``public/ab/3f9c…e1.webp``."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    def save(self, data: bytes, suffix: str, area: str = "public") -> str:
        """Store ``data`` under a new random key ending in ``suffix`` (e.g. ``.webp``); returns the key."""
        if area not in AREAS or not suffix.startswith(".") or not suffix[1:].isalnum():
            raise ValueError("bad storage area or suffix")
        name = secrets.token_hex(16)
        key = f"{area}/{name[:2]}/{name}{suffix.lower()}"
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return key

    def path(self, key: str) -> Path:
        """Where ``key`` lives on disk; refuses keys that would leave the storage root."""
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError("key outside storage")
        return path

    def read(self, key: str) -> bytes:
        """The stored bytes."""
        return self.path(key).read_bytes()

    def delete(self, key: str) -> None:
        """Remove a stored file (no error when it is already gone)."""
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        return self.path(key).is_file()


def init_app(app: Flask) -> None:
    """Use the uploads directory of the data dir."""
    app.extensions[EXTENSION] = LocalStorage(app.config["UPLOAD_DIR"])


def get_storage() -> LocalStorage:
    """The app's storage."""
    return current_app.extensions[EXTENSION]


def send_private(key: str | None, filename: str, content_type: str, *, attachment: bool = True):
    """Send a private stored file to someone the calling view has checked may have it: never cached by shared
    caches, 404 when the file is gone. The one way every feature sends a private file."""
    storage = get_storage()
    if not key or not storage.exists(key):
        abort(404)
    response = send_file(io.BytesIO(storage.read(key)), mimetype=content_type, as_attachment=attachment,
                         download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/media/public/<path:rest>")
def media(rest: str):
    """Serve a public stored file (images); private files are sent only by views that check rights."""
    storage = get_storage()
    try:
        path = storage.path(f"public/{rest}")
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_from_directory(storage.root / "public", rest, max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
