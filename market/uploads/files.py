"""Uploaded files (prototype requests and deliveries, RFQ attachments, evidence): checked by their content before
anything is stored.

Accepted: PDF drawings, PNG/JPEG/WEBP images (checked with :mod:`market.uploads.images`: real image, pixel limit,
decompression bombs, complete data) and CAD files — STEP, IGES, STL (binary or ASCII) and DXF (ASCII or binary) —
each recognised from its own structure, never from its name. A name whose extension claims another type is
refused. Files are stored as they are in the private storage area under names the server makes up and are sent
only by views that check rights.
"""

from __future__ import annotations

import dataclasses
import re
import struct

from flask_babel import gettext as _

from market.refusals import Refusal
from market.uploads.images import ImageRefused, Upload, check_image, decode_image

MAX_FILES = 10
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # PDF and images
MAX_CAD_BYTES = 25 * 1024 * 1024

# content type → (stored suffix, extensions that may claim it)
KINDS = {
    "application/pdf": (".pdf", {"pdf"}),
    "image/png": (".png", {"png"}),
    "image/jpeg": (".jpg", {"jpg", "jpeg"}),
    "image/webp": (".webp", {"webp"}),
    "model/step": (".step", {"step", "stp"}),
    "model/iges": (".iges", {"iges", "igs"}),
    "model/stl": (".stl", {"stl"}),
    "image/vnd.dxf": (".dxf", {"dxf"}),
}
_CLAIMS = {ext: kind for kind, (_suffix, exts) in KINDS.items() for ext in exts}
# The sets of kinds a feature may accept, each with the sentence that refuses any other file.
ANY = frozenset(KINDS)
PDF_OR_IMAGE = frozenset({"application/pdf", "image/png", "image/jpeg"})  # drawings and photos (RFQs)
PDF_ONLY = frozenset({"application/pdf"})  # documents to sign (an IP holder's own NDA)
_NOT_ACCEPTED = {
    PDF_ONLY: lambda name: _("“%(name)s” is not a valid PDF file.", name=name),
    ANY: lambda name: _("“%(name)s” is not a PDF, PNG, JPEG, WEBP, STEP, IGES, STL or DXF file.", name=name),
    PDF_OR_IMAGE: lambda name: _("“%(name)s” is not a valid PDF, PNG or JPEG file.", name=name),
}
_CAD = {"model/step", "model/iges", "model/stl", "image/vnd.dxf"}
_IMAGES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}


class FileRefused(Refusal):
    """An upload that is not accepted, with the sentence to show."""


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    """A file whose content was recognised: its display name, bytes, content type and stored suffix."""

    filename: str
    data: bytes
    content_type: str
    suffix: str

    @property
    def is_image(self) -> bool:
        return self.content_type in _IMAGES


def display_name(filename: str | None, suffix: str = "") -> str:
    """The file's own name without folders or control characters, short enough to show; never a path."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:120]
    return name or f"file{suffix}"


def read_upload(file_storage, limit: int = MAX_CAD_BYTES) -> Upload:
    """Read an uploaded file, at most one byte past the largest limit (enough to know it is too big)."""
    return Upload(file_storage.filename or "", file_storage.stream.read(limit + 1))


def _is_pdf(data: bytes) -> bool:
    return data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]


def _is_step(data: bytes) -> bool:
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return (head.startswith(b"ISO-10303-21;") and b"HEADER;" in data[:4096] and b"DATA;" in data
            and b"END-ISO-10303-21;" in data[-1024:])


def _is_iges(data: bytes) -> bool:
    lines = data[:2000].splitlines()
    tail = data[-400:].splitlines()
    if not lines or not tail:
        return False
    first, last = lines[0], tail[-1].rstrip()
    # IGES is 80-column records; column 73 names the section: Start, Global, Directory, Parameter, Terminate.
    return (len(first) >= 73 and first[72:73] in (b"S", b"G") and len(last) >= 73 and last[72:73] == b"T"
            and b"D" in {line[72:73] for line in data[:40_000].splitlines() if len(line) >= 73})


def _is_stl(data: bytes) -> bool:
    if len(data) >= 84:
        (count,) = struct.unpack_from("<I", data, 80)
        if count > 0 and len(data) == 84 + 50 * count:
            return True
    head = data[:256].lstrip().lower()
    return head.startswith(b"solid") and b"facet" in data[:4096].lower() and b"endsolid" in data[-512:].lower()


def _is_dxf(data: bytes) -> bool:
    if data.startswith(b"AutoCAD Binary DXF\r\n\x1a\x00"):
        return True
    lines = [line.strip() for line in data[:256].splitlines() if line.strip()]
    if len(lines) < 2 or lines[0] not in (b"0", b"999"):
        return False
    if lines[0] == b"999":  # a comment first, then the first section
        lines = lines[2:]
    tail = [line.strip() for line in data[-64:].splitlines() if line.strip()]
    return len(lines) >= 2 and lines[:2] == [b"0", b"SECTION"] and bool(tail) and tail[-1] == b"EOF"


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if _is_step(data):
        return "model/step"
    if _is_stl(data):
        return "model/stl"
    if _is_dxf(data):
        return "image/vnd.dxf"
    if _is_iges(data):
        return "model/iges"
    return None


def _sound(data: bytes, kind: str, name: str) -> bool:
    if kind == "application/pdf":
        return _is_pdf(data)
    if kind in _IMAGES:
        try:
            check_image(data, name, max_bytes=MAX_DOCUMENT_BYTES)
            # Files are kept as they came (not re-encoded), so the whole image must decode: the header check
            # above does not see pixel data cut short (a truncated JPEG).
            decode_image(data)
        except ImageRefused:
            return False
        return True
    return True  # CAD kinds were recognised from their whole structure by _sniff


def check_file(upload: Upload, kinds: frozenset[str] = ANY) -> CheckedFile:
    """Recognise one file by its content; refuses empty, too large, unknown, damaged or misnamed files, and
    files of a kind outside ``kinds`` (:data:`ANY` or :data:`PDF_OR_IMAGE`)."""
    name = display_name(upload.filename)
    if not upload.data:
        raise FileRefused(_("“%(name)s” is empty.", name=name))
    if len(upload.data) > MAX_CAD_BYTES:
        raise FileRefused(_("“%(name)s” is larger than %(mb)d MB.", name=name, mb=MAX_CAD_BYTES // 2**20))
    kind = _sniff(upload.data)
    if kind is None or kind not in kinds:
        raise FileRefused(_NOT_ACCEPTED[kinds](name))
    if kind not in _CAD and len(upload.data) > MAX_DOCUMENT_BYTES:
        raise FileRefused(_("“%(name)s” is larger than %(mb)d MB.", name=name, mb=MAX_DOCUMENT_BYTES // 2**20))
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = _CLAIMS.get(extension)
    if not _sound(upload.data, kind, name) or (claimed is not None and claimed != kind):
        raise FileRefused(_("“%(name)s” is damaged or is not the kind of file its name says.", name=name))
    suffix = KINDS[kind][0]
    return CheckedFile(display_name(upload.filename, suffix), upload.data, kind, suffix)


def check_files(uploads, already: int = 0, limit: int = MAX_FILES, kinds: frozenset[str] = ANY
                ) -> list[CheckedFile]:
    """Check a set of uploads (ignoring empty slots) as :func:`check_file` does; refuses the whole set when one
    fails or there are more than ``limit`` files counting the ``already`` stored ones."""
    uploads = [u for u in uploads if u.data or u.filename]
    if already + len(uploads) > limit:
        raise FileRefused(_("Attach at most %(n)d files.", n=limit))
    return [check_file(u, kinds) for u in uploads]


def store_files(files: list[CheckedFile]) -> list[str]:
    """Store checked files in the private area; returns their keys (all removed again if one fails)."""
    from market.storage import get_storage

    storage = get_storage()
    keys: list[str] = []
    try:
        for checked in files:
            keys.append(storage.save(checked.data, checked.suffix, area="private"))
    except BaseException:
        for key in keys:
            storage.delete(key)
        raise
    return keys


def discard(keys) -> None:
    """Remove stored files (after a refused or rolled-back operation)."""
    from market.storage import get_storage

    storage = get_storage()
    for key in keys:
        storage.delete(key)
