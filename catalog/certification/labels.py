"""QR codes and printable co-brand labels (PNG with Pillow, PDF with fpdf2) that point to a certificate's
public verify page.

The label's own words ("Made in Seoul", "Certified", the tier, "Valid until") are in English on purpose: the
label travels on products to buyers abroad, whatever language the maker's interface is in. The maker's Korean
name is added when a Korean font is installed (Debian's fonts-noto-cjk); otherwise the label carries the Latin
name only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
from pathlib import Path
from typing import TYPE_CHECKING

from market import pdf as documents

if TYPE_CHECKING:
    import segno

# Noto Sans CJK ships as font collections; index 1 of each is the Korean face.
_CJK_FONTS = {
    "regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
}
_CJK_KOREAN_INDEX = 1
_LATIN_FONTS = {
    "regular": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}


@dataclasses.dataclass(frozen=True)
class LabelData:
    """What a label shows."""

    code: str
    tier_code: str
    tier_name: str  # in English, see the module docstring
    colour: str  # "#rrggbb"
    maker_name: str
    maker_name_ko: str | None
    issued_on: dt.date
    expires_on: dt.date
    verify_url: str


@dataclasses.dataclass(frozen=True)
class _Font:
    path: Path
    index: int
    korean: bool


@functools.cache
def _font(weight: str) -> _Font | None:
    """The best installed font for labels: Korean-capable Noto Sans CJK, else DejaVu Sans, else None."""
    if _CJK_FONTS[weight].is_file():
        return _Font(_CJK_FONTS[weight], _CJK_KOREAN_INDEX, True)
    if _LATIN_FONTS[weight].is_file():
        return _Font(_LATIN_FONTS[weight], 0, False)
    return None


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def qr_code(url: str) -> segno.QRCode:
    """A QR code of ``url`` with medium error correction (survives a scuffed label)."""
    import segno  # where used: labels are printed rarely, every process starts

    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    """The QR code as an SVG document."""
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title=url)
    return buffer.getvalue().decode()


def qr_png(url: str, scale: int = 8) -> bytes:
    """The QR code as a PNG image."""
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


# --- PNG -------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _pil_font(weight: str, size: int):
    """The label font at ``size`` px, opened once per process and size (opening a CJK collection is slow)."""
    from PIL import ImageFont

    font = _font(weight)
    if font is None:
        return ImageFont.load_default(size=size), False
    return ImageFont.truetype(str(font.path), size=size, index=font.index), font.korean


def _fit(draw, text: str, weight: str, size: int, max_width: int):
    """The largest font up to ``size`` in which ``text`` fits ``max_width`` pixels."""
    while True:
        font, korean = _pil_font(weight, size)
        if size <= 14 or draw.textlength(text, font=font) <= max_width:
            return font, korean
        size -= 2


def render_label_png(label: LabelData) -> bytes:
    """A 1200×600 px label (about 100×50 mm at 300 dpi): the tier seal, the maker, the code and the QR code."""
    from PIL import Image, ImageDraw

    width, height = 1200, 600
    colour = _rgb(label.colour)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((6, 6, width - 7, height - 7), outline=colour, width=12)

    # The seal: a ring in the tier colour with "MADE IN SEOUL" and the tier inside.
    cx, cy, r = 190, 300, 150
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    draw.ellipse((cx - r + 16, cy - r + 16, cx + r - 16, cy + r - 16), outline="white", width=5)
    small, _k = _pil_font("bold", 30)
    big, _k = _pil_font("bold", 46)
    for text, font, y in (("MADE IN", small, cy - 80), ("SEOUL", big, cy - 40),
                          (label.tier_name.upper(), small, cy + 35)):
        draw.text((cx, y), text, fill="white", font=font, anchor="mt")

    # The text column between the seal and the QR code.
    left, right = 380, 800
    regular, _k = _pil_font("regular", 28)
    draw.text((left, 70), "Made in Seoul · Certified " + label.tier_name, fill=colour, font=regular)
    name_font, korean = _fit(draw, label.maker_name, "bold", 54, right - left)
    draw.text((left, 120), label.maker_name, fill="black", font=name_font)
    y = 195
    if label.maker_name_ko and korean:
        ko_font, _k = _fit(draw, label.maker_name_ko, "regular", 40, right - left)
        draw.text((left, y), label.maker_name_ko, fill="black", font=ko_font)
        y += 60
    code_font, _k = _pil_font("bold", 40)
    draw.text((left, y + 40), label.code, fill="black", font=code_font)
    draw.text((left, y + 100), f"Valid until {label.expires_on.isoformat()}", fill="black", font=regular)
    hint, _k = _pil_font("regular", 22)
    draw.text((left, height - 80), "Scan to verify this certificate", fill=(90, 90, 90), font=hint)

    with Image.open(io.BytesIO(qr_png(label.verify_url, scale=10))) as qr:
        qr_image = qr.convert("RGB").resize((340, 340), Image.Resampling.NEAREST)
    image.paste(qr_image, (width - 340 - 40, (height - 340) // 2))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    image.close()
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------------------------


def render_label_pdf(label: LabelData) -> bytes:
    """A 100×50 mm PDF label with the same content as the PNG, ready to print on label stock."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=(100, 50))
    pdf.set_margins(0, 0, 0)
    pdf.set_auto_page_break(False)
    pdf.set_creator("Made in Seoul")
    pdf.set_title(f"Made in Seoul co-brand label {label.code}")
    pdf.add_page()
    # Fonts parsed once per process (market.pdf); the Korean face is embedded only for a Korean name.
    family = documents.use_fonts(pdf, "ko", [label.maker_name, label.maker_name_ko or ""])
    text = documents.writer(family)
    korean = family != "helvetica" and documents.cjk_font("ko") is not None

    r, g, b = _rgb(label.colour)
    pdf.set_draw_color(r, g, b)
    pdf.set_line_width(1)
    pdf.rect(1, 1, 98, 48)
    pdf.set_fill_color(r, g, b)
    pdf.ellipse(4, 10, 30, 30, style="F")
    pdf.set_draw_color(255, 255, 255)
    pdf.set_line_width(0.5)
    pdf.ellipse(6, 12, 26, 26)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(family, "B", 6)
    pdf.set_xy(4, 17)
    pdf.cell(30, 3, "MADE IN", align="C")
    pdf.set_font(family, "B", 9)
    pdf.set_xy(4, 21)
    pdf.cell(30, 4, "SEOUL", align="C")
    pdf.set_font(family, "B", 6)
    pdf.set_xy(4, 28)
    pdf.cell(30, 3, text(label.tier_name.upper()), align="C")

    pdf.set_text_color(r, g, b)
    pdf.set_font(family, "", 6)
    pdf.set_xy(37, 6)
    pdf.cell(36, 3, text("Made in Seoul · Certified " + label.tier_name))
    pdf.set_text_color(0, 0, 0)
    size = 11
    pdf.set_font(family, "B", size)
    while size > 6 and pdf.get_string_width(text(label.maker_name)) > 35:
        size -= 0.5
        pdf.set_font(family, "B", size)
    pdf.set_xy(37, 11)
    pdf.cell(36, 5, text(label.maker_name))
    y = 17.5
    if label.maker_name_ko and korean:
        pdf.set_font(family, "", 8)
        pdf.set_xy(37, y)
        pdf.cell(36, 4, label.maker_name_ko)
        y += 5
    pdf.set_font(family, "B", 8)
    pdf.set_xy(37, y + 4)
    pdf.cell(36, 4, label.code)
    pdf.set_font(family, "", 6)
    pdf.set_xy(37, y + 9)
    pdf.cell(36, 3, f"Valid until {label.expires_on.isoformat()}")
    pdf.set_text_color(90, 90, 90)
    pdf.set_font(family, "", 5)
    pdf.set_xy(37, 42)
    pdf.cell(36, 3, "Scan to verify this certificate")

    pdf.image(io.BytesIO(qr_png(label.verify_url, scale=10)), x=73, y=12, w=25, h=25)
    return bytes(pdf.output())
