"""The production sheet of a jewelry order as a PDF (fpdf2 with the fonts of :mod:`market.pdf`, like the
wholesale line sheets: DejaVu Sans, and the CJK font when the text needs it): one A4 page the workshop prints and keeps at the bench.
Labels are UI strings in the request's language; :func:`production_rows` gives the texts without a PDF."""

from __future__ import annotations

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from i18n.locales import country_name
from market import pdf as documents
from market.jewelry.services.handoff import ProductionSheet


def _mm(value) -> str:
    return _("%(size)s mm", size=format_decimal(round(float(value), 2)))


def production_rows(sheet: ProductionSheet) -> list[tuple[str, str]]:
    """The sheet's facts as (label, value) rows, in the current language."""
    s = sheet.summary
    rows = [(_("Order"), f"#{sheet.order_id}"),
            (_("Customer reference"), sheet.customer_reference or "—"),
            (_("Customer"), sheet.customer_name),
            (_("Design"), f"{sheet.design_name} ({sheet.filename}, {sheet.file_format})")]
    if s.bbox_mm:
        rows.append((_("Dimensions as drawn"), " × ".join(_mm(x) for x in s.bbox_mm)))
    rows.append((_("Volume"), _("%(volume)s mm³", volume=format_decimal(round(sheet.volume_mm3, 1)))))
    rows.append((_("Metal"), sheet.metal))
    rows.append((_("Metal weight"), _("%(each)s g per piece, %(total)s g in all", each=sheet.metal_weight_g,
                                        total=sheet.total_weight_g)))
    if sheet.ring:
        size, before, after = sheet.ring
        rows.append((_("Ring size"), _("%(size)s: inner diameter %(before)s → %(after)s", size=size,
                                       before=_mm(before), after=_mm(after))))
        rows.append((_("File to cast"), _("the resized mesh (STL) of this order") if sheet.resized
                     else _("the original file")))
    if s.min_wall_mm is not None:
        wall = ("≥ " if sheet.wall_at_least else "") + _mm(s.min_wall_mm)
        if sheet.required_wall_mm:
            wall += " · " + _("casting minimum in this metal: %(size)s", size=_mm(sheet.required_wall_mm))
        rows.append((_("Thinnest wall"), wall))
        if sheet.wall_location_mm:
            x, y, z = sheet.wall_location_mm
            rows.append((_("Where"), _("around x %(x)s, y %(y)s, z %(z)s mm in the file's coordinates", x=x, y=y,
                                       z=z)))
    rows.append((_("Finish"), sheet.finish))
    rows.append((_("Prototype"), sheet.prototype))
    stones = ", ".join(_("%(count)s × %(size)s mm", count=st["count"], size=st["size_mm"]) for st in sheet.stones)
    rows.append((_("Stones (supplied by the customer)"), stones or _("none")))
    rows.append((_("Quantity"), str(sheet.quantity)))
    if sheet.due_on:
        rows.append((_("Due to ship"), format_date(sheet.due_on, "long")))
    rows.append((_("Ship to"), country_name(sheet.shipping_country)))
    for note in sheet.notes:
        rows.append((_("Revision asked"), note))
    return rows


def build_production_sheet(sheet: ProductionSheet, locale: str) -> bytes:
    """The PDF of ``sheet`` in ``locale``'s script."""
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_margins(16, 16, 16)
    title = _("Production sheet: jewelry order #%(id)s", id=sheet.order_id)
    pdf.set_title(title)
    pdf.set_creator("Made in Seoul")
    rows = production_rows(sheet)
    heading = _("%(workshop)s · printed %(date)s", workshop=sheet.workshop_name,
                date=format_date(sheet.generated_on, "long"))
    family = documents.use_fonts(pdf, locale, [title, heading] + [text for row in rows for text in row])
    write = documents.writer(family)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(family, "B", 17)
    pdf.multi_cell(width, 9, write(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(width, 5.5, write(heading), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    label_w = 52
    for label, value in rows:
        top = pdf.get_y()
        pdf.set_draw_color(215, 215, 215)
        pdf.line(pdf.l_margin, top, pdf.l_margin + width, top)
        pdf.set_xy(pdf.l_margin, top + 1.5)
        pdf.set_font(family, "B", 10)
        pdf.multi_cell(label_w, 5.5, write(label), new_x="RIGHT", new_y="TOP")
        label_bottom = pdf.get_y()
        pdf.set_font(family, "", 10)
        pdf.set_xy(pdf.l_margin + label_w, top + 1.5)
        pdf.multi_cell(width - label_w, 5.5, write(value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), label_bottom) + 1.5)
    return bytes(pdf.output())
