"""The printable plaque of a recognition (A4 landscape, fpdf2 with the shared fonts of :mod:`market.pdf`): the
person, the level and trade, the workshop, the certificate number and a QR code of its ``/verify`` address."""

from __future__ import annotations

import io

from flask_babel import format_date
from flask_babel import gettext as _

from market import pdf as documents
from market.accounts.models import Organization
from market.people.models import Craftsperson, Level, MasterAward
from market.people.services.nominations import LEVEL_LABELS
from market.people.trades import trade_label


def qr_png(url: str, scale: int = 6) -> bytes:
    """A QR code of ``url`` as PNG bytes."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as an inline SVG element."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True,
                                    title=url)
    return buffer.getvalue().decode()


def render_plaque(record: MasterAward, person: Craftsperson, org: Organization, verify_url: str,
                  locale: str) -> bytes:
    """The plaque as a one-page PDF in ``locale``."""
    from fpdf import FPDF

    level = str(LEVEL_LABELS[Level(record.level)])
    names = [person.name, person.name_ko or "", org.name, org.name_ko or ""]
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(_("Plaque %(code)s", code=record.code))
    pdf.set_creator("Made in Seoul")
    family = documents.use_fonts(pdf, locale, names + [level])
    text = documents.writer(family)
    pdf.add_page()
    pdf.set_draw_color(140, 110, 40)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)
    pdf.set_y(30)
    pdf.set_font(family, "", 14)
    pdf.cell(0, 10, text(_("Seoul Metropolitan Government")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 30)
    pdf.cell(0, 18, text(level), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 16)
    pdf.cell(0, 10, text(_("%(trade)s, %(year)d", trade=trade_label(record.trade), year=record.year)), align="C",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(family, "B", 34)
    holder = person.name if not person.name_ko else f"{person.name_ko} · {person.name}"
    pdf.cell(0, 18, text(holder), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 16)
    pdf.cell(0, 10, text(org.name_ko or org.name), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(family, "", 12)
    pdf.multi_cell(0, 7, text(_("In recognition of outstanding skill and of the craft handed on to the next "
                                "generation of Seoul's makers.")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(24, 160)
    pdf.set_font(family, "", 11)
    pdf.cell(150, 7, text(_("Certificate %(code)s", code=record.code)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(24)
    pdf.cell(150, 7, text(_("Issued on %(date)s", date=format_date(record.issued_at.date(), "long"))),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(24)
    pdf.cell(150, 7, text(_("Check it at %(url)s", url=verify_url)), new_x="LMARGIN", new_y="NEXT")
    if record.revoked_at is not None:
        pdf.set_text_color(180, 0, 0)
        pdf.set_x(24)
        pdf.cell(150, 7, text(_("Revoked")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.image(io.BytesIO(qr_png(verify_url)), x=238, y=150, w=36, h=36)
    return bytes(pdf.output())
