"""The demo catalog's pictures: drawn with Pillow, one simple picture per category (a shoe, a ring, a flange, a
printed card, a knit, a circuit board...), and put through the same upload pipeline as a maker's photos."""

from __future__ import annotations

import colorsys
import io
import math
import os
import random
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageDraw, ImageOps
from sqlmodel import Session

from catalog.products.images import find_stored
from catalog.products.models import ProductImage
from market.uploads.images import DEFAULT_MAX_BYTES, CleanImage, clean_image, store_image

DEMO_SIZE = 800

# Per category: background (top, bottom), main colour, accent colour.
_PALETTES: dict[str, tuple[tuple[str, str], str, str]] = {
    "shoes": (("#f4ece4", "#e3d3c3"), "#7a4a2a", "#3b2616"),
    "bags": (("#f3efe8", "#ddd2c2"), "#a0522d", "#5b3320"),
    "leather_goods": (("#f1ece6", "#dcd0c4"), "#8b5a3c", "#d9b38c"),
    "rings": (("#eef1f6", "#d6dce8"), "#d4a537", "#4fa3d9"),
    "necklaces": (("#f3eef4", "#ddd3e0"), "#c9a227", "#c0392b"),
    "earrings": (("#f5eff0", "#e2d2d5"), "#c0c4cc", "#2e8b57"),
    "bracelets": (("#f0f2ee", "#d9ddd3"), "#b8860b", "#6b8e23"),
    "machined_parts": (("#eceff2", "#cfd6dd"), "#8f9aa6", "#4a5560"),
    "tools": (("#eef0f0", "#d3d8d8"), "#9aa3ab", "#c0392b"),
    "moulds": (("#edf0f3", "#d1d7de"), "#6f7b86", "#2f3b46"),
    "printed_matter": (("#f6f3ec", "#e4ddcc"), "#e4572e", "#29335c"),
    "stationery": (("#f4f4ee", "#e0e0d0"), "#2a9d8f", "#e9c46a"),
    "packaging": (("#f5f1ea", "#e3d8c6"), "#c8a26b", "#8b6b3e"),
    "apparel": (("#eef2f5", "#d6dee6"), "#3d5a80", "#ee6c4d"),
    "knitwear": (("#f3f0ee", "#e0d8d2"), "#b5523b", "#f2e8cf"),
    "textile_goods": (("#f2f1ec", "#deddd0"), "#588157", "#dad7cd"),
    "electronic_modules": (("#edf3ef", "#d3e2d8"), "#1b6b3a", "#d4a537"),
    "cables": (("#eff1f4", "#d7dbe2"), "#222831", "#e85d04"),
}


def _shade(colour: str | tuple[int, int, int], hue: float = 0.0, light: float = 0.0) -> tuple[int, int, int]:
    """A colour (``#rrggbb`` or an RGB triple) turned by ``hue`` (0–1 of the wheel) and lightened by ``light``."""
    if isinstance(colour, str):
        colour = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    r, g, b = (c / 255 for c in colour)
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = min(1.0, max(0.0, lum + light))
    r, g, b = colorsys.hls_to_rgb((h + hue) % 1.0, lum, s)
    return round(r * 255), round(g * 255), round(b * 255)


def _background(top: str, bottom: str) -> Image.Image:
    gradient = Image.linear_gradient("L").resize((DEMO_SIZE, DEMO_SIZE))
    return ImageOps.colorize(gradient, top, bottom)


def _shadow(d: ImageDraw.ImageDraw, box, colour) -> None:
    d.ellipse(box, fill=_shade(colour, light=-0.08))


def _draw_shoe(d, main, accent, bg):
    _shadow(d, (130, 560, 690, 620), bg)
    d.polygon([(120, 560), (140, 470), (210, 430), (330, 410), (420, 330), (520, 300), (560, 330), (570, 420),
               (650, 450), (690, 500), (690, 560)], fill=main)
    d.rectangle((120, 560, 690, 585), fill=accent)
    d.polygon([(560, 585), (690, 585), (690, 620), (580, 620)], fill=accent)
    d.line([(330, 410), (420, 470), (560, 420)], fill=_shade(main, light=0.15), width=6)
    for i in range(5):
        x, y = 360 + i * 28, 380 - i * 14
        d.ellipse((x - 7, y - 7, x + 7, y + 7), fill=accent)


def _draw_bag(d, main, accent, bg):
    _shadow(d, (170, 640, 630, 690), bg)
    d.arc((270, 150, 530, 420), 180, 360, fill=accent, width=22)
    d.polygon([(200, 300), (600, 300), (640, 660), (160, 660)], fill=main)
    d.rectangle((200, 300, 600, 330), fill=accent)
    d.rounded_rectangle((360, 380, 440, 430), radius=10, fill=_shade(accent, light=0.25))


def _draw_wallet(d, main, accent, bg):
    _shadow(d, (160, 600, 640, 650), bg)
    d.rounded_rectangle((160, 240, 640, 600), radius=30, fill=main)
    d.rounded_rectangle((200, 280, 600, 440), radius=18, fill=_shade(main, light=0.1))
    for i in range(3):
        d.rounded_rectangle((220, 300 + i * 40, 580, 330 + i * 40), radius=8, fill=accent)
    for x in range(180, 620, 24):
        d.line([(x, 580), (x + 12, 580)], fill=accent, width=4)


def _draw_ring(d, main, accent, bg):
    _shadow(d, (200, 610, 600, 660), bg)
    d.ellipse((200, 260, 600, 640), outline=main, width=48)
    d.ellipse((230, 290, 570, 610), outline=_shade(main, light=0.18), width=8)
    d.polygon([(400, 150), (460, 210), (400, 300), (340, 210)], fill=accent)
    d.polygon([(400, 150), (430, 210), (400, 300)], fill=_shade(accent, light=0.2))
    d.rectangle((370, 250, 430, 290), fill=main)


def _draw_necklace(d, main, accent, bg):
    cx, cy, r = 400, 190, 260
    for i in range(34):
        a = math.radians(20 + i * 140 / 33)
        x, y = cx + r * math.cos(a), cy + r * math.sin(a) * 1.05
        d.ellipse((x - 11, y - 11, x + 11, y + 11), outline=main, width=6)
    d.line([(400, 460), (400, 500)], fill=main, width=8)
    d.polygon([(400, 500), (450, 560), (400, 640), (350, 560)], fill=accent)
    d.polygon([(400, 500), (425, 560), (400, 640)], fill=_shade(accent, light=0.2))


def _draw_earrings(d, main, accent, bg):
    for cx in (270, 530):
        _shadow(d, (cx - 90, 650, cx + 90, 690), bg)
        d.arc((cx - 30, 150, cx + 30, 230), 180, 90, fill=main, width=10)
        d.line([(cx, 230), (cx, 330)], fill=main, width=8)
        d.ellipse((cx - 90, 330, cx + 90, 620), outline=main, width=26)
        d.ellipse((cx - 34, 440, cx + 34, 508), fill=accent)


def _draw_bracelet(d, main, accent, bg):
    _shadow(d, (150, 610, 650, 670), bg)
    d.ellipse((150, 230, 650, 630), outline=main, width=60)
    for i in range(12):
        a = math.radians(i * 30)
        x, y = 400 + 250 * math.cos(a), 430 + 200 * math.sin(a)
        d.ellipse((x - 22, y - 22, x + 22, y + 22), fill=accent)


def _draw_flange(d, main, accent, bg):
    _shadow(d, (150, 640, 650, 700), bg)
    d.ellipse((150, 150, 650, 650), fill=main)
    d.ellipse((170, 170, 630, 630), outline=_shade(main, light=0.12), width=6)
    d.ellipse((290, 290, 510, 510), fill=accent)
    d.ellipse((330, 330, 470, 470), fill=_shade(accent, light=-0.1))
    for i in range(8):
        a = math.radians(i * 45 + 22.5)
        x, y = 400 + 190 * math.cos(a), 400 + 190 * math.sin(a)
        d.ellipse((x - 26, y - 26, x + 26, y + 26), fill=accent)


def _draw_wrench(d, main, accent, bg):
    _shadow(d, (150, 620, 650, 670), bg)
    d.polygon([(230, 560), (520, 270), (570, 320), (280, 610)], fill=main)
    d.ellipse((470, 150, 670, 350), fill=main)
    d.polygon([(560, 170), (650, 170), (610, 260), (570, 250)], fill=_background_hole(bg))
    d.ellipse((150, 520, 330, 700), fill=main)
    d.regular_polygon((240, 610, 45), 6, fill=_background_hole(bg))
    d.rounded_rectangle((300, 420, 420, 460), radius=12, fill=accent)


def _background_hole(bg: str) -> tuple[int, int, int]:
    return _shade(bg, light=-0.04)


def _draw_mould(d, main, accent, bg):
    _shadow(d, (140, 640, 660, 700), bg)
    d.polygon([(140, 300), (260, 200), (660, 200), (540, 300)], fill=_shade(main, light=0.15))
    d.polygon([(540, 300), (660, 200), (660, 540), (540, 640)], fill=_shade(main, light=-0.1))
    d.rectangle((140, 300, 540, 640), fill=main)
    d.rounded_rectangle((190, 350, 330, 470), radius=20, fill=accent)
    d.rounded_rectangle((360, 350, 500, 470), radius=20, fill=accent)
    d.rectangle((190, 500, 500, 540), fill=accent)
    for x in (170, 510):
        for y in (330, 610):
            d.ellipse((x - 12, y - 12, x + 12, y + 12), fill=accent)


def _draw_card(d, main, accent, bg):
    _shadow(d, (200, 660, 640, 700), bg)
    d.rectangle((230, 130, 590, 670), fill=_shade(accent, light=-0.05))
    d.rectangle((200, 110, 570, 650), fill="#fdfcf8")
    d.rectangle((200, 110, 570, 300), fill=main)
    d.ellipse((420, 160, 520, 260), fill=accent)
    for i, width in enumerate((300, 260, 300, 220, 280, 180)):
        d.rounded_rectangle((235, 340 + i * 44, 235 + width, 358 + i * 44), radius=9,
                            fill=_shade("#9aa0a6", light=-0.1 if i == 0 else 0.05))


def _draw_notebook(d, main, accent, bg):
    _shadow(d, (170, 640, 610, 690), bg)
    d.rounded_rectangle((190, 140, 590, 650), radius=16, fill=main)
    d.rectangle((190, 140, 230, 650), fill=_shade(main, light=-0.12))
    d.rectangle((530, 140, 550, 650), fill=accent)
    d.rounded_rectangle((290, 240, 500, 320), radius=8, fill="#fdfcf8")
    d.polygon([(600, 180), (640, 180), (640, 600), (620, 650), (600, 600)], fill=accent)
    d.polygon([(600, 600), (640, 600), (620, 650)], fill="#3b2a1a")


def _draw_box(d, main, accent, bg):
    _shadow(d, (150, 620, 650, 690), bg)
    d.polygon([(400, 180), (650, 290), (400, 400), (150, 290)], fill=_shade(main, light=0.12))
    d.polygon([(150, 290), (400, 400), (400, 660), (150, 550)], fill=main)
    d.polygon([(400, 400), (650, 290), (650, 550), (400, 660)], fill=_shade(main, light=-0.1))
    d.polygon([(250, 235), (500, 345), (530, 332), (280, 222)], fill=accent)
    d.line([(400, 400), (400, 660)], fill=accent, width=4)


def _draw_shirt(d, main, accent, bg):
    _shadow(d, (200, 660, 600, 700), bg)
    d.polygon([(310, 140), (490, 140), (640, 230), (590, 340), (540, 310), (540, 660), (260, 660), (260, 310),
               (210, 340), (160, 230)], fill=main)
    d.pieslice((340, 100, 460, 200), 0, 180, fill=_background_hole(bg))
    d.rectangle((260, 600, 540, 620), fill=accent)


def _draw_knit(d, main, accent, bg):
    _shadow(d, (200, 660, 600, 700), bg)
    d.polygon([(300, 140), (500, 140), (650, 250), (600, 380), (550, 350), (550, 660), (250, 660), (250, 350),
               (200, 380), (150, 250)], fill=main)
    for row in range(11):
        y = 200 + row * 42
        for col in range(8):
            x = 270 + col * 36
            d.line([(x, y), (x + 18, y + 22), (x + 36, y)], fill=accent if row % 4 else _shade(accent, light=-0.3), width=6)
    d.rectangle((250, 620, 550, 660), fill=_shade(main, light=-0.1))


def _draw_fabric(d, main, accent, bg):
    for i, light in enumerate((0.0, 0.08, 0.16)):
        y = 470 - i * 130
        _shadow(d, (170, y + 120, 630, y + 150), bg)
        d.rounded_rectangle((170, y, 630, y + 120), radius=14, fill=_shade(main, light=light))
        for x in range(200, 620, 60):
            d.rectangle((x, y, x + 20, y + 120), fill=accent)


def _draw_board(d, main, accent, bg):
    _shadow(d, (140, 620, 660, 680), bg)
    d.rounded_rectangle((140, 180, 660, 620), radius=18, fill=main)
    trace = _shade(main, light=0.15)
    for i in range(7):
        y = 230 + i * 55
        d.line([(170, y), (300, y), (340, y + 30), (620, y + 30)], fill=trace, width=6)
    d.rectangle((300, 300, 480, 480), fill="#1f1f1f")
    for i in range(8):
        d.rectangle((310 + i * 21, 285, 320 + i * 21, 300), fill=accent)
        d.rectangle((310 + i * 21, 480, 320 + i * 21, 495), fill=accent)
    d.rectangle((520, 230, 620, 290), fill="#2b2b2b")
    for x, y in ((180, 200), (620, 200), (180, 600), (620, 600)):
        d.ellipse((x - 14, y - 14, x + 14, y + 14), fill=accent)


def _draw_cables(d, main, accent, bg):
    for k, offset in enumerate((-40, 0, 40)):
        points = [(140 + t * 13, 400 + offset + 110 * math.sin(t / 6)) for t in range(41)]
        d.line(points, fill=main if k != 1 else _shade(accent, light=-0.1), width=16, joint="curve")
    d.rounded_rectangle((80, 300, 160, 520), radius=12, fill=accent)
    d.rounded_rectangle((650, 320, 730, 540), radius=12, fill=accent)
    for y in range(330, 500, 40):
        d.rectangle((95, y, 145, y + 18), fill=main)


_DRAWERS = {
    "shoes": _draw_shoe,
    "bags": _draw_bag,
    "leather_goods": _draw_wallet,
    "rings": _draw_ring,
    "necklaces": _draw_necklace,
    "earrings": _draw_earrings,
    "bracelets": _draw_bracelet,
    "machined_parts": _draw_flange,
    "tools": _draw_wrench,
    "moulds": _draw_mould,
    "printed_matter": _draw_card,
    "stationery": _draw_notebook,
    "packaging": _draw_box,
    "apparel": _draw_shirt,
    "knitwear": _draw_knit,
    "textile_goods": _draw_fabric,
    "electronic_modules": _draw_board,
    "cables": _draw_cables,
}
DEMO_VARIANTS = 2
DEMO_VIEWS = 2


def draw_demo_picture(category: str, variant: int = 0, view: int = 0) -> Image.Image:
    """An 800×800 picture of ``category``: flat shapes in its colours on a soft background.

    ``variant`` turns the colours a little; ``view`` 1 is a close-up of the same object.
    """
    (top, bottom), main, accent = _PALETTES.get(category, (("#eef0f3", "#d5d9df"), "#5b6b7a", "#c0392b"))
    step = variant - DEMO_VARIANTS // 2
    image = _background(top, bottom)
    d = ImageDraw.Draw(image)
    _DRAWERS.get(category, _draw_box)(d, _shade(main, hue=step * 0.012, light=step * 0.07),
                                      _shade(accent, hue=-step * 0.02), top)
    if view:
        image = image.crop((100, 100, 700, 700)).resize((DEMO_SIZE, DEMO_SIZE), Image.Resampling.BICUBIC)
    return image


def demo_picture_bytes(category: str, variant: int = 0, view: int = 0) -> bytes:
    """The demo picture as PNG bytes, as a maker would upload it."""
    buffer = io.BytesIO()
    draw_demo_picture(category, variant, view).save(buffer, "PNG", compress_level=0)
    return buffer.getvalue()


def _clean_demo_picture(key: tuple[str, int, int]) -> CleanImage:
    return clean_image(demo_picture_bytes(*key), "demo.png", max_bytes=DEFAULT_MAX_BYTES)


def add_demo_product_images(session: Session, rng: random.Random, products: list) -> int:
    """Attach 1–2 drawn pictures to each product (the category's object, for half of them a close-up too).

    ``products`` are flushed :class:`Product` rows. Each distinct picture (category × colour variant × view, at
    most 72) is drawn and cleaned by the upload pipeline once, in a few threads since Pillow releases the GIL
    while it encodes; every product showing it shares the stored files. Returns how many image rows were added.
    """
    plan = []
    for product in products:
        variant = rng.randrange(DEMO_VARIANTS)
        views = (0, 1) if rng.random() < 0.5 else (0,)
        plan += [(product.id, position, (product.category, variant, view)) for position, view in enumerate(views)]
    needed = sorted({key for _id, _position, key in plan})
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 1)) as pool:
        cleaned = dict(zip(needed, pool.map(_clean_demo_picture, needed), strict=True))
    stored = {key: find_stored(session, clean.sha256) or store_image(clean) for key, clean in cleaned.items()}
    session.add_all([ProductImage(product_id=product_id, position=position, **stored[key].row_fields())
                     for product_id, position, key in plan])
    session.flush()
    return len(plan)
