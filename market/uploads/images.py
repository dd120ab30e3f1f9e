"""Uploaded pictures (product photos, workshop photos, jewelry progress photos): checked, cleaned and resized
before anything is stored.

An upload is checked in memory first: its size in bytes, that it really is a JPEG, PNG or WEBP whatever its name
or claimed type says, its pixel count (against decompression bombs) and that it decodes completely
(:func:`check_image`, refusing with :class:`ImageRefused`). Cleaning turns it upright by its EXIF orientation,
converts it to sRGB, rebuilds it from its pixels alone (so EXIF, GPS, XMP, ICC and comments are gone) and
encodes it twice as WEBP: a web size (at most 1600 px) and a thumbnail (at most 400 px) (:func:`clean_image`).
:func:`store_image` saves both through :func:`market.storage.get_storage` under keys the server makes up. The
uploader's file name is only ever shown in messages.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from market.refusals import Refusal
from market.storage import get_storage

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
WEB_MAX = 1600
THUMB_MAX = 400
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")

# Other formats are named from their first bytes so the refusal can say what the file is, without handing
# them to Pillow's less used (and less hardened) decoders.
_SIGNATURES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"8BPS", "PSD"),
    (b"%PDF", "PDF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
)
_ISO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"heim": "HEIC", b"heis": "HEIC",
               b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF"}
# Pillow raises these while decoding broken files.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, KeyError, MemoryError)


class ImageRefused(Refusal):
    """An upload that is not an acceptable picture; ``message`` says why, for the person who sent it."""


@dataclasses.dataclass(frozen=True)
class Upload:
    """An uploaded file as received: the name the browser gave (for messages only) and its bytes."""

    filename: str
    data: bytes


@dataclasses.dataclass(frozen=True)
class CleanImage:
    """An accepted picture, cleaned and encoded in both sizes, not yet stored."""

    sha256: str
    web: bytes
    thumb: bytes
    width: int
    height: int
    thumb_width: int
    thumb_height: int


@dataclasses.dataclass(frozen=True)
class StoredImage:
    """Where a cleaned picture's two files are stored, and their sizes."""

    sha256: str
    web_key: str
    thumb_key: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int

    def row_fields(self) -> dict:
        """The fields that describe the stored files, as the tables that keep pictures name them."""
        return dataclasses.asdict(self)


def max_image_bytes() -> int:
    """The byte limit of one image: ``PRODUCT_IMAGE_MAX_BYTES`` from the app config, 10 MB by default."""
    return int(current_app.config.get("PRODUCT_IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES))


def display_name(name: str | None) -> str:
    """The uploaded file's own name without any folders, shortened, for messages."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name:
        return _("The file")
    return name if len(name) <= 80 else name[:77] + "…"


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g}"


def _other_format(data: bytes) -> str | None:
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    # "BM" alone would also start ordinary text; a BMP follows it with a known header size at byte 14.
    if data[:2] == b"BM" and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 64, 108, 124):
        return "BMP"
    if data[4:8] == b"ftyp" and data[8:12] in _ISO_BRANDS:
        return _ISO_BRANDS[data[8:12]]
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in head):
        return "SVG"
    return None


def _open(data: bytes, label: str) -> Image.Image:
    """Open the header of an accepted format, refusing what is not one or declares too many pixels."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard (twice its default limit, or its warning when warnings are errors).
        raise _too_many_pixels(label) from exc
    except UnidentifiedImageError as exc:
        raise ImageRefused(_("“%(name)s” is not an image. Upload JPEG, PNG or WEBP photos.", name=label),
                           code="not_image") from exc
    except _DECODE_ERRORS as exc:
        raise _damaged(label) from exc
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        image.close()
        raise _too_many_pixels(label)
    return image


def _too_many_pixels(label: str) -> ImageRefused:
    return ImageRefused(_("“%(name)s” has more than %(limit)d megapixels; upload a smaller image.",
                          name=label, limit=MAX_PIXELS // 1_000_000), code="too_many_pixels")


def _damaged(label: str) -> ImageRefused:
    return ImageRefused(_("“%(name)s” is damaged or incomplete and cannot be read as an image.", name=label),
                        code="damaged")


def check_image(data: bytes, name: str = "", max_bytes: int | None = None) -> None:
    """Refuse (:class:`ImageRefused`) a file that is too big, not an image, of another format, too large in
    pixels, or damaged. Reads only the header and Pillow's integrity check; decoding happens in cleaning."""
    label = display_name(name)
    limit = max_image_bytes() if max_bytes is None else max_bytes
    if len(data) > limit:
        raise ImageRefused(_("“%(name)s” is larger than %(limit)s MB; upload a smaller file.",
                             name=label, limit=_megabytes(limit)), code="too_big")
    other = _other_format(data)
    if other:
        raise ImageRefused(_("“%(name)s” is a %(format)s file; upload JPEG, PNG or WEBP photos.",
                             name=label, format=other), code="unsupported_format")
    with _open(data, label) as image:
        try:
            image.verify()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(label) from exc
        except _DECODE_ERRORS as exc:
            raise _damaged(label) from exc


def decode_image(data: bytes, name: str = "") -> None:
    """Refuse (:class:`ImageRefused`) an image, already checked with :func:`check_image`, whose pixel data does
    not decode completely (cut short or corrupt); for files kept as they came rather than cleaned."""
    label = display_name(name)
    with _open(data, label) as image:
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(label) from exc
        except _DECODE_ERRORS as exc:
            raise _damaged(label) from exc


def clean_image(data: bytes, name: str = "", max_bytes: int | None = None) -> CleanImage:
    """Check an upload (see :func:`check_image`), then turn it upright, make it sRGB without any metadata and
    encode it as a web-size and a thumbnail WEBP. Stores nothing."""
    check_image(data, name, max_bytes)
    return clean_checked_image(data, name)


def clean_checked_image(data: bytes, name: str = "") -> CleanImage:
    """Clean an upload that :func:`check_image` already accepted (see :func:`clean_image`)."""
    label = display_name(name)
    with _open(data, label) as image:
        try:
            if image.format == "JPEG":
                # Decoding at a reduced scale is much faster and never goes below the web size.
                image.draft("RGB", (WEB_MAX, WEB_MAX))
            image.load()
            upright = _upright(image)
            rgb = _to_srgb(upright, image.info.get("icc_profile"))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(label) from exc
        except _DECODE_ERRORS as exc:
            raise _damaged(label) from exc
    return _encode(rgb, sha256_of(data))


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of an original file."""
    return hashlib.sha256(data).hexdigest()


def _upright(image: Image.Image) -> Image.Image:
    """The image turned by its EXIF orientation; a broken EXIF block is ignored (it is dropped anyway)."""
    try:
        return ImageOps.exif_transpose(image)
    except _DECODE_ERRORS:
        return image.copy()


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """An RGB image in sRGB rebuilt from the pixels only, so no metadata can travel with it."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        # 16-bit greyscale: scale to 8 bits instead of clipping everything bright to white.
        image = image.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif image.mode == "F":
        image = image.convert("L")
    if image.mode in ("P", "PA", "LA", "La", "RGBa") or (image.mode == "L" and "transparency" in image.info):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    if icc and image.mode in ("RGB", "L", "CMYK"):
        try:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)), _srgb_profile(),
                                              outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # A broken profile: keep the pixels as they are.
    if image.mode != "RGB":
        image = image.convert("RGB")
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def _webp(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()


def _encode(rgb: Image.Image, sha256: str) -> CleanImage:
    web = rgb.copy()
    web.thumbnail((WEB_MAX, WEB_MAX), Image.Resampling.LANCZOS)
    thumb = web.copy()
    thumb.thumbnail((THUMB_MAX, THUMB_MAX), Image.Resampling.LANCZOS)
    return CleanImage(sha256=sha256, web=_webp(web, 82), thumb=_webp(thumb, 80), width=web.width,
                      height=web.height, thumb_width=thumb.width, thumb_height=thumb.height)


def store_image(clean: CleanImage, area: str = "public") -> StoredImage:
    """Save both WEBP files in the storage ``area`` under new random keys."""
    storage = get_storage()
    web_key = storage.save(clean.web, ".webp", area=area)
    try:
        thumb_key = storage.save(clean.thumb, ".webp", area=area)
    except Exception:
        storage.delete(web_key)
        raise
    return StoredImage(clean.sha256, web_key, thumb_key, clean.width, clean.height, clean.thumb_width,
                       clean.thumb_height)
