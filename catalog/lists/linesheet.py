"""Wholesale line sheets: the data of a sheet (products in one language and currency) and its PDF (fpdf2).

The data is built first (:func:`build_sheet`) so its texts and converted prices can be checked without reading a
PDF; :func:`build_linesheet` only draws it. Labels are UI strings, translated in the request's locale.

Fonts: Korean, Japanese and Chinese need a CJK font. Debian's Noto Sans CJK collection is used when installed
(with the face of the page's language, so shared Han characters take the right regional shapes); otherwise the
Noto Sans KR/JP/SC fonts of the ``justmytype-intl-cjk`` package from PyPI. Latin and Vietnamese text use DejaVu
Sans, which has Vietnamese diacritics, with the CJK font as fallback for names written in Korean.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.util
from collections.abc import Callable
from pathlib import Path

from flask_babel import format_date
from flask_babel import gettext as _
from sqlmodel import Session

from catalog.products.categories import UNIT_LABELS
from catalog.products.models import Product
from catalog.products.services import ENTITY as PRODUCT_ENTITY
from catalog.products.services import first_images
from i18n import content
from i18n.money import Rate, convert_krw, format_money
from market.accounts.models import Organization

SHORT_DESCRIPTION = 220
THUMB_MM = 32

_NOTO_CJK = {"regular": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
             "bold": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")}
# Faces in the Noto Sans CJK collections: 0 JP, 1 KR, 2 SC.
_NOTO_CJK_INDEX = {"ja": 0, "ko": 1, "zh_Hans": 2}
_PACK_FONTS = {"ja": "notosansjp/NotoSansJP[wght].ttf", "ko": "notosanskr/NotoSansKR[wght].ttf",
               "zh_Hans": "notosanssc/NotoSansSC[wght].ttf"}
_DEJAVU = {"regular": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
           "bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")}
CJK_LOCALES = ("ko", "ja", "zh_Hans")


# --- the data --------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SheetRow:
    """One product of a line sheet, ready to print."""

    product_id: int
    title: content.LocalizedText
    description: str
    maker_name: str
    price: str
    price_krw: str
    tiers: list[tuple[int, str]]
    moq: int
    unit: str
    lead_time_days: int
    hs_code: str | None
    incoterms: list[str]
    url: str
    thumb_path: Path | None


@dataclasses.dataclass(frozen=True)
class LineSheet:
    """A whole line sheet: heading, language, currency and its rate date, and the rows."""

    title: str
    subtitle: str
    locale: str
    currency: str
    rate_date: dt.date | None
    generated_on: dt.date
    rows: list[SheetRow]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_DESCRIPTION else text[:SHORT_DESCRIPTION - 1].rstrip() + "…"


def maker_display_name(maker: Organization, locale: str) -> str:
    """The maker's Korean name on Korean sheets (when it has one), its name otherwise."""
    return maker.name_ko if locale == "ko" and maker.name_ko else maker.name


def build_sheet(session: Session, products: list[Product], *, title: str, subtitle: str, locale: str,
                currency: str, rates: dict[str, Rate], product_url: Callable[[Product], str],
                thumb_path: Callable[[str], Path | None]) -> LineSheet:
    """The line sheet of ``products`` in ``locale`` and ``currency`` (KRW when that currency has no rate)."""
    if currency not in rates:
        currency = "KRW"
    rate = rates[currency]
    ids = [p.id for p in products]
    texts = content.load_texts(session, PRODUCT_ENTITY, ids)
    images = first_images(session, ids)
    makers = {m.id: m for m in (session.get(Organization, mid) for mid in {p.maker_id for p in products}) if m}

    def price(amount_krw: int) -> str:
        converted = convert_krw(amount_krw, currency, rates)
        return format_money(converted.amount, currency, locale)

    rows = []
    for product in products:
        fields = texts[product.id]
        title_text = (content.resolve(fields.get("title", {}), locale)
                      or content.LocalizedText(f"#{product.id}", locale, locale, "author", False))
        description = content.resolve(fields.get("description", {}), locale)
        tiers = sorted((int(t["min_qty"]), price(int(t["price_krw"]))) for t in product.quantity_tiers or []
                       if t.get("min_qty") and t.get("price_krw") is not None)
        image = images.get(product.id)
        maker = makers.get(product.maker_id)
        unit_label = UNIT_LABELS.get(product.unit)
        rows.append(SheetRow(
            product_id=product.id, title=title_text, description=_short(description.text) if description else "",
            maker_name=maker_display_name(maker, locale) if maker else "", price=price(product.price_krw),
            price_krw=format_money(product.price_krw, "KRW", locale), tiers=tiers, moq=product.moq,
            unit=str(unit_label) if unit_label else product.unit, lead_time_days=product.lead_time_days,
            hs_code=product.hs_code, incoterms=list(product.incoterms or []), url=product_url(product),
            thumb_path=thumb_path(image.thumb_key) if image else None))
    return LineSheet(title=title, subtitle=subtitle, locale=locale, currency=currency,
                     rate_date=rate.rate_date if currency != "KRW" else None, generated_on=dt.date.today(),
                     rows=rows)


# --- fonts -----------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SheetFont:
    """A font file (and face within a collection) for one weight."""

    path: Path
    index: int = 0


@functools.cache
def cjk_font(locale: str, weight: str = "regular") -> SheetFont | None:
    """A CJK font for ``locale``'s script (Korean for other locales): Debian's Noto Sans CJK, else the
    ``justmytype-intl-cjk`` package's Noto Sans (one weight only), else None."""
    if _NOTO_CJK[weight].is_file():
        return SheetFont(_NOTO_CJK[weight], _NOTO_CJK_INDEX.get(locale, 1))
    spec = importlib.util.find_spec("justmytype_intl_cjk")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            path = Path(folder) / "fonts" / "ofl" / _PACK_FONTS.get(locale, _PACK_FONTS["ko"])
            if path.is_file():
                return SheetFont(path)
    return None


@functools.cache
def latin_font(weight: str = "regular") -> SheetFont | None:
    """DejaVu Sans (Latin with Vietnamese diacritics), or None when it is not installed."""
    return SheetFont(_DEJAVU[weight]) if _DEJAVU[weight].is_file() else None


# --- the PDF ---------------------------------------------------------------------------------------------------


def _pdf_class():
    from fpdf import FPDF

    class _Sheet(FPDF):
        family = "helvetica"
        footer_text = ""

        def footer(self):
            self.set_y(-12)
            self.set_font(self.family, "", 8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 6, self.footer_text.replace("{page}", str(self.page_no())), align="C")

    return _Sheet


def sheet_fonts(locale: str) -> tuple[dict[str, SheetFont | None] | None, dict[str, SheetFont | None] | None]:
    """The (primary, fallback) fonts by weight for ``locale``: CJK first for Korean, Japanese and Chinese, else
    DejaVu Sans with the CJK font as fallback; None where no such font is installed."""
    cjk = {w: cjk_font(locale, w) for w in ("regular", "bold")}
    latin = {w: latin_font(w) for w in ("regular", "bold")}
    cjk = cjk if cjk["regular"] else None
    latin = latin if latin["regular"] else None
    if locale in CJK_LOCALES and cjk:
        return cjk, None
    if latin:
        return latin, cjk
    return cjk, None


def _load_fonts(pdf, locale: str) -> str:
    """Register the sheet's fonts and return the family to write with."""
    primary, fallback = sheet_fonts(locale)
    if primary is None:
        return "helvetica"
    for family, fonts in (("Sheet", primary), ("SheetCJK", fallback)):
        if fonts is None:
            continue
        for style, weight in (("", "regular"), ("B", "bold")):
            font = fonts[weight] or fonts["regular"]
            pdf.add_font(family, style, str(font.path), collection_font_number=font.index)
    if fallback is not None:
        pdf.set_fallback_fonts(["SheetCJK"])
    return "Sheet"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def build_linesheet(sheet: LineSheet) -> bytes:
    """The PDF of ``sheet``: a header, one card per product with its thumbnail, page numbers in the footer."""
    from PIL import Image

    pdf = _pdf_class()(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(14, 14, 14)
    pdf.set_title(sheet.title)
    pdf.set_creator("Made in Seoul")
    family = pdf.family = _load_fonts(pdf, sheet.locale)
    write = (lambda s: s) if family != "helvetica" else _latin1
    pdf.footer_text = write(_("Made in Seoul line sheet · page %(page)s of %(pages)s", page="{page}",
                              pages="{nb}"))
    pdf.add_page()
    width = pdf.epw

    pdf.set_font(family, "B", 18)
    pdf.multi_cell(width, 9, write(sheet.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    if sheet.subtitle:
        pdf.multi_cell(width, 5.5, write(sheet.subtitle), new_x="LMARGIN", new_y="NEXT")
    facts = [_("Line sheet of %(date)s", date=format_date(sheet.generated_on, "long")),
             _("Prices in %(currency)s", currency=sheet.currency)]
    if sheet.rate_date:
        facts.append(_("converted from won at the rate of %(date)s", date=format_date(sheet.rate_date, "long")))
    facts.append(_("Products: %(n)s", n=len(sheet.rows)))
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 5.5, write(" · ".join(facts)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)

    text_x = pdf.l_margin + THUMB_MM + 5
    text_w = width - THUMB_MM - 5
    for row in sheet.rows:
        if pdf.get_y() + THUMB_MM + 8 > pdf.page_break_trigger:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_draw_color(210, 210, 210)
        pdf.line(pdf.l_margin, top, pdf.l_margin + width, top)
        top += 3
        if row.thumb_path is not None and row.thumb_path.is_file():
            with Image.open(row.thumb_path) as image:
                rgb = image.convert("RGB")
            with rgb:
                ratio = rgb.height / rgb.width
                w, h = (THUMB_MM, THUMB_MM * ratio) if ratio <= 1 else (THUMB_MM / ratio, THUMB_MM)
                pdf.image(rgb, x=pdf.l_margin, y=top, w=w, h=h)
        else:
            pdf.set_fill_color(240, 238, 234)
            pdf.rect(pdf.l_margin, top, THUMB_MM, THUMB_MM, style="F")
        pdf.set_xy(text_x, top)
        pdf.set_font(family, "B", 11)
        pdf.multi_cell(text_w, 5.5, write(row.title.text), new_x="LEFT", new_y="NEXT")
        pdf.set_font(family, "", 8.5)
        if row.maker_name:
            pdf.set_text_color(90, 90, 90)
            pdf.multi_cell(text_w, 4.2, write(row.maker_name), new_x="LEFT", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        if row.description:
            pdf.multi_cell(text_w, 4.2, write(row.description), new_x="LEFT", new_y="NEXT")
        pdf.set_font(family, "B", 10)
        price = _("Wholesale price: %(price)s per %(unit)s", price=row.price, unit=row.unit)
        if sheet.currency != "KRW":
            price += f" ({row.price_krw})"
        pdf.multi_cell(text_w, 5, write(price), new_x="LEFT", new_y="NEXT")
        pdf.set_font(family, "", 8.5)
        details = []
        if row.tiers:
            details.append(_("Quantity prices: %(tiers)s", tiers=", ".join(
                _("from %(qty)s: %(price)s", qty=qty, price=tier_price) for qty, tier_price in row.tiers)))
        details.append(_("MOQ: %(moq)s %(unit)s", moq=row.moq, unit=row.unit))
        details.append(_("Lead time: %(days)s days", days=row.lead_time_days))
        if row.hs_code:
            details.append(_("HS code: %(code)s", code=row.hs_code))
        if row.incoterms:
            details.append(_("Incoterms: %(list)s", list=", ".join(row.incoterms)))
        pdf.multi_cell(text_w, 4.2, write(" · ".join(details)), new_x="LEFT", new_y="NEXT")
        pdf.set_text_color(40, 80, 160)
        pdf.multi_cell(text_w, 4.2, write(row.url), new_x="LEFT", new_y="NEXT", link=row.url)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(pdf.l_margin, max(pdf.get_y(), top + THUMB_MM) + 3)
    if not sheet.rows:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(width, 6, write(_("No published products yet.")), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
