"""PDF documents (fpdf2): the fonts every document of the product uses (line sheets, labels, invoices), found and
parsed once per process, and registered in each new document without parsing them again.

Fonts: Latin and Vietnamese text use DejaVu Sans (it has Vietnamese diacritics and the currency signs); Korean,
Japanese and Chinese need a CJK font: Debian's Noto Sans CJK collection when installed (with the face of the
page's language, so shared Han characters take the right regional shapes), otherwise the Noto Sans KR/JP/SC
fonts of the ``justmytype-intl-cjk`` package from PyPI. A document registers the CJK font only when its text
needs it, as a fallback of DejaVu Sans, because embedding (subsetting) a CJK font is what costs most.

Parsing a font file takes fpdf2 from a tenth of a second (DejaVu) to a second or more (CJK); :func:`use_fonts`
parses each font once per process (:func:`_template`) and gives every document a copy of the parsed font with
its own glyph subset and its own fontTools object (fpdf2 subsets that object in place when it writes the file).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib.util
import threading
from collections.abc import Iterable
from pathlib import Path

_NOTO_CJK = {"regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
             "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")}
# Faces in the Noto Sans CJK collections: 0 JP, 1 KR, 2 SC.
_NOTO_CJK_INDEX = {"ja": 0, "ko": 1, "zh_Hans": 2}
_PACK_FONTS = {"ja": "notosansjp/NotoSansJP[wght].ttf", "ko": "notosanskr/NotoSansKR[wght].ttf",
               "zh_Hans": "notosanssc/NotoSansSC[wght].ttf"}
_DEJAVU = {"regular": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
           "bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}
CJK_LOCALES = ("ko", "ja", "zh_Hans")
FAMILY, CJK_FAMILY = "Doc", "DocCJK"
_LOCK = threading.Lock()


@dataclasses.dataclass(frozen=True)
class PdfFont:
    """A font file (and face within a collection) for one weight."""

    path: Path
    index: int = 0


@functools.cache
def cjk_font(locale: str, weight: str = "regular") -> PdfFont | None:
    """A CJK font for ``locale``'s script (Korean for other locales): Debian's Noto Sans CJK, else the
    ``justmytype-intl-cjk`` package's Noto Sans (one weight only), else None."""
    if _NOTO_CJK[weight].is_file():
        return PdfFont(_NOTO_CJK[weight], _NOTO_CJK_INDEX.get(locale, 1))
    spec = importlib.util.find_spec("justmytype_intl_cjk")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            path = Path(folder) / "fonts" / "ofl" / _PACK_FONTS.get(locale, _PACK_FONTS["ko"])
            if path.is_file():
                return PdfFont(path)
    return None


@functools.cache
def latin_font(weight: str = "regular") -> PdfFont | None:
    """DejaVu Sans (Latin with Vietnamese diacritics), or None when it is not installed."""
    return PdfFont(_DEJAVU[weight]) if _DEJAVU[weight].is_file() else None


def needs_cjk(texts: Iterable[str]) -> bool:
    """Whether any of ``texts`` has characters of the CJK blocks (from U+2E80: radicals, kana, Hangul, Han, their
    punctuation and full-width forms), which DejaVu Sans does not have."""
    return any(ord(ch) >= 0x2E80 for text in texts if text for ch in text)


# Tables a PDF never uses: fpdf2 drops the layout tables when it embeds a font, and a PDF viewer draws a variable
# font's default outlines only, so its variation tables are dead weight that every subsetting reads again.
_UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "STAT", "fvar", "gvar", "avar", "HVAR", "VVAR",
                  "MVAR", "cvar", "vhea", "vmtx", "VORG", "DSIG", "meta")
_LEAN_ABOVE = 2_000_000  # bytes: fonts larger than this (the CJK ones) are slimmed once per process


@functools.cache
def _source(path: Path, index: int) -> tuple[bytes, int]:
    """The font as bytes read once per process (no file stays open), with its face number in them. A large font
    (CJK) is kept without the tables a PDF does not use, so subsetting it for each document skips reading them,
    which is most of its cost."""
    import io

    from fontTools import ttLib

    if path.stat().st_size <= _LEAN_ABOVE:
        return path.read_bytes(), index
    with _LOCK, ttLib.TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False) as font:
        for tag in _UNUSED_TABLES:
            if tag in font:
                del font[tag]
        buffer = io.BytesIO()
        font.save(buffer)
        return buffer.getvalue(), 0


def _open(font: PdfFont):
    """What fpdf2 and fontTools read the font from: a fresh in-memory file of :func:`_source`'s bytes."""
    import io

    data, number = _source(font.path, font.index)
    return io.BytesIO(data), number


@functools.cache
def _template(path: Path, index: int):
    """fpdf2's parsed font (metrics, character map), made once per process and copied into each document."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    source, number = _open(PdfFont(path, index))
    with _LOCK:
        return TTFFont(FPDF(), source, "template", "", None, None, None, number)


def _attach(pdf, family: str, style: str, font: PdfFont) -> None:
    """Register ``font`` as ``family``/``style`` in ``pdf`` from the process's parsed template."""
    from fontTools import ttLib
    from fpdf.fonts import SubsetMap

    key = f"{family.lower()}{style}"
    if key in pdf.fonts:
        return
    attached = copy.copy(_template(font.path, font.index))
    attached.i = len(pdf.fonts) + 1
    attached.fontkey = key
    attached.emphasis = type(attached.emphasis).coerce(style)
    attached.biggest_size_pt = 0
    attached.missing_glyphs = []
    attached._hbfont = None
    # fpdf2 subsets the fontTools object in place when writing: each document opens its own (lazily, cheap).
    source, number = _open(font)
    attached.ttfont = ttLib.TTFont(source, recalcTimestamp=False, fontNumber=number, lazy=True)
    attached.subset = SubsetMap(attached)
    pdf.fonts[key] = attached
    if attached.is_cff and attached.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")


def use_fonts(pdf, locale: str, texts: Iterable[str] = ()) -> str:
    """Register the document's fonts for ``locale`` and return the family to write with: DejaVu Sans (regular and
    bold) with the locale's regular CJK font as fallback for Korean, Japanese and Chinese documents and when
    ``texts`` need one (or, without DejaVu, the CJK font alone);
    ``"helvetica"`` when no font is installed (then text must be Latin-1, see :func:`latin1`)."""
    latin = {w: latin_font(w) for w in ("regular", "bold")}
    wants_cjk = locale in CJK_LOCALES or needs_cjk(texts) or latin["regular"] is None
    cjk = cjk_font(locale, "regular") if wants_cjk else None
    if latin["regular"] is not None:
        for style, weight in (("", "regular"), ("B", "bold")):
            _attach(pdf, FAMILY, style, latin[weight] or latin["regular"])
        if cjk is not None:
            # One CJK weight serves regular and bold text (exact_match=False): embedding a second CJK face
            # doubles the cost of a document; Latin text keeps DejaVu's bold.
            _attach(pdf, CJK_FAMILY, "", cjk)
            pdf.set_fallback_fonts([CJK_FAMILY], exact_match=False)
        return FAMILY
    if cjk is not None:
        _attach(pdf, FAMILY, "", cjk)
        _attach(pdf, FAMILY, "B", cjk)
        return FAMILY
    return "helvetica"


def download_ready(response):
    """Tell the page that asked for a generated document that it has arrived: the cookie ``download_<token>``
    for the ``download_token`` the page's busy link (static/js/busy-download.js) added; nothing for another or no
    token. Returns ``response``."""
    from flask import request

    token = request.args.get("download_token", "")
    if token.isalnum() and len(token) <= 32:
        response.set_cookie(f"download_{token}", "1", max_age=60, samesite="Lax", secure=request.is_secure)
    return response


def latin1(text: str) -> str:
    """``text`` as the core Helvetica font can write it (other characters become ``?``)."""
    return text.encode("latin-1", "replace").decode("latin-1")


def writer(family: str):
    """The function that prepares text for ``family``: unchanged for our fonts, Latin-1 for Helvetica."""
    return latin1 if family == "helvetica" else (lambda text: text)
