"""Trade-fair printouts: an A5 card per product (its photo or poster, its title in two languages, its price band,
a QR code to its AR view) and an A3 booth poster with the QR codes of a showroom's products. Fonts come from
:mod:`market.pdf`; QR codes from the co-brand labels (:func:`catalog.certification.labels.qr_png`)."""

from __future__ import annotations

import dataclasses
import io

from flask_babel import gettext as _
from sqlmodel import Session

from catalog.certification.labels import qr_png
from catalog.products.models import Product
from catalog.products.services import ENTITY, first_images
from catalog.showroom.models import ProductModel
from i18n import content, money
from market import pdf as documents
from market.storage import get_storage


@dataclasses.dataclass
class CardData:
    """What one product's card shows."""

    product_id: int
    title: str
    second_title: str | None
    maker: str
    price_band: str
    price_band_local: str | None
    dimensions: str
    image: bytes | None
    ar_url: str


def price_band_krw(product: Product) -> tuple[int, int]:
    """The lowest and highest unit prices of the product (its quantity prices and its list price)."""
    prices = [product.price_krw] + [int(t["price_krw"]) for t in product.quantity_tiers or []]
    return min(prices), max(prices)


def _band(low, high, currency: str) -> str:
    if low == high:
        return money.format_money(low, currency)
    return f"{money.format_money(low, currency)} – {money.format_money(high, currency)}"


def card_data(session: Session, product: Product, model: ProductModel, maker_name: str, locale: str,
              currency: str, ar_url: str) -> CardData:
    """A card's content in ``locale`` (its second title in Korean, or in English on Korean cards) and
    ``currency`` (the price band in won, and in ``currency`` when it has a rate)."""
    texts = content.load_texts(session, ENTITY, [product.id])[product.id].get("title", {})
    title = content.resolve(texts, locale)
    second = content.resolve(texts, "en" if locale == "ko" else "ko")
    low, high = price_band_krw(product)
    local = None
    if currency != "KRW":
        rates = money.latest_rates(session)
        lo, hi = money.convert_krw(low, currency, rates), money.convert_krw(high, currency, rates)
        if lo is not None and hi is not None:
            local = _band(lo.amount, hi.amount, currency)
    image = None
    storage = get_storage()
    photo = first_images(session, [product.id]).get(product.id)
    for key in ((photo.web_key if photo else None), model.poster_key):
        if key and storage.exists(key):
            image = storage.read(key)
            break
    sides = " × ".join(f"{v:,.0f}" for v in model.dimensions_mm)
    return CardData(product.id, title.text if title else f"#{product.id}",
                    second.text if second and (title is None or second.locale != title.locale) else None,
                    maker_name, _band(low, high, "KRW"), local, _("%(size)s mm", size=sides), image, ar_url)


def _new_pdf(fmt, locale: str, texts: list[str], title: str):
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format=fmt)
    pdf.set_auto_page_break(False)
    pdf.set_creator("Made in Seoul")
    pdf.set_title(title)
    family = documents.use_fonts(pdf, locale, texts)
    return pdf, family, documents.writer(family)


def _image(pdf, data: bytes, x: float, y: float, w: float, h: float) -> None:
    """Fit an image into the box, keeping its proportions (re-encoded as PNG: fpdf2 reads no WEBP)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        ratio = min(w / image.width, h / image.height)
        width, height = image.width * ratio, image.height * ratio
        out = io.BytesIO()
        image.save(out, format="PNG")
    pdf.image(out, x=x + (w - width) / 2, y=y + (h - height) / 2, w=width, h=height)


def render_card_pdf(card: CardData, locale: str) -> bytes:
    """The A5 card of one product."""
    texts = [card.title, card.second_title or "", card.maker, card.price_band, card.price_band_local or ""]
    pdf, family, text = _new_pdf((148, 210), locale, texts, card.title)
    pdf.add_page()
    pdf.set_fill_color(24, 44, 84)
    pdf.rect(0, 0, 148, 14, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(family, "B", 12)
    pdf.set_xy(10, 4)
    pdf.cell(128, 6, text(_("Made in Seoul")) + " · " + text(_("3D and AR showroom")))
    if card.image:
        _image(pdf, card.image, 10, 20, 128, 78)
    pdf.set_text_color(20, 20, 20)
    pdf.set_font(family, "B", 16)
    pdf.set_xy(10, 102)
    pdf.multi_cell(128, 7, text(card.title))
    if card.second_title:
        pdf.set_font(family, "", 12)
        pdf.set_x(10)
        pdf.multi_cell(128, 6, text(card.second_title))
    pdf.set_font(family, "", 10)
    pdf.set_x(10)
    pdf.multi_cell(128, 5, text(card.maker) + " · " + text(card.dimensions))
    top = 150
    pdf.set_font(family, "", 9)
    pdf.set_xy(10, top)
    pdf.cell(80, 5, text(_("Price band per unit")))
    pdf.set_font(family, "B", 13)
    pdf.set_xy(10, top + 6)
    pdf.multi_cell(82, 6, text(card.price_band))
    if card.price_band_local:
        pdf.set_font(family, "", 11)
        pdf.set_x(10)
        pdf.multi_cell(82, 6, text(card.price_band_local))
    pdf.image(io.BytesIO(qr_png(card.ar_url)), x=98, y=top - 2, w=40, h=40)
    pdf.set_font(family, "", 8)
    pdf.set_xy(92, top + 39)
    pdf.multi_cell(52, 4, text(_("Scan to see it in your room and request a quote.")), align="C")
    return bytes(pdf.output())


def render_booth_poster(name: str, cards: list[CardData], locale: str) -> bytes:
    """An A3 booth poster: the showroom's name and, in a grid, each product's QR code to its AR view."""
    texts = [name] + [c.title for c in cards]
    pdf, family, text = _new_pdf((297, 420), locale, texts, name)
    per_page = 12
    for start in range(0, max(len(cards), 1), per_page):
        pdf.add_page()
        pdf.set_text_color(24, 44, 84)
        pdf.set_font(family, "B", 26)
        pdf.set_xy(15, 15)
        pdf.multi_cell(267, 12, text(name))
        pdf.set_font(family, "", 13)
        pdf.set_x(15)
        pdf.multi_cell(267, 7, text(_("Scan a code to place the product in your room in its true size.")))
        pdf.set_text_color(20, 20, 20)
        for index, card in enumerate(cards[start:start + per_page]):
            column, row = index % 3, index // 3
            x, y = 15 + column * 90, 60 + row * 87
            pdf.image(io.BytesIO(qr_png(card.ar_url)), x=x + 15, y=y, w=55, h=55)
            pdf.set_font(family, "B", 11)
            pdf.set_xy(x, y + 57)
            pdf.multi_cell(85, 5, text(card.title[:70]), align="C")
            pdf.set_font(family, "", 9)
            pdf.set_x(x)
            pdf.multi_cell(85, 4.5, text(card.price_band), align="C")
    return bytes(pdf.output())
