"""The association's annual report as a PDF (fpdf2, the product's fonts from :mod:`market.pdf`), in Korean or
English: headline KPIs with their source and year, the targets as charts (baseline → target line and this year's
point, each with its source), bar charts of the breakdowns by cluster and by trade (jobs, value added), and every
published table. A suppressed cell reads "suppressed" in the report's language, in the charts as in the tables,
and has no bar."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from market.association.reference import RETURNS_SOURCE
from market.pdf import use_fonts, writer


def _num(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def build_report(lang: str, year: int, head: dict, targets: list[dict], tables: dict, labels) -> bytes:
    """The report of ``year`` in ``lang`` (``ko`` or ``en``). ``labels(dim, key)`` names a cell in that
    language; ``tables`` are the published tables (suppressed cells already without figures)."""
    from fpdf import FPDF

    with force_locale(lang):
        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(True, margin=15)
        texts = [labels(dim, c.key) for dim, cells in tables.items() for c in cells]
        texts += [str(point["target"].source) for point in targets]
        family = use_fonts(pdf, lang, texts)
        w = writer(family)
        pdf.add_page()
        pdf.set_font(family, "B", 16)
        pdf.multi_cell(0, 9, w(_("Urban manufacturing in Seoul: annual report %(year)d", year=year)), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        pdf.multi_cell(0, 5, w(_("Source: %(source)s, %(year)d. %(n)d verified returns of %(members)d members.",
                                 source=str(RETURNS_SOURCE), year=year, n=head["respondents"],
                                 members=head["members"])), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font(family, "B", 12)
        pdf.cell(0, 8, w(_("Headline figures")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)
        rows = [(_("Firms"), _num(head["firms"])), (_("Jobs"), _num(head["jobs"])),
                (_("Value added (KRW)"), _num(head["value_added_krw"])),
                (_("Value added per worker (KRW)"), _num(head["value_added_per_worker_krw"])),
                (_("Exports (KRW)"), _num(head["exports_krw"])),
                (_("Share of exporting firms"), "—" if head["exporting_share"] is None
                 else f"{100 * head['exporting_share']:.1f}%")]
        for name, value in rows:
            pdf.cell(90, 6, w(name))
            pdf.cell(60, 6, w(value if not head["suppressed"] else _("suppressed")), align="R",
                     new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font(family, "B", 12)
        pdf.cell(0, 8, w(_("Targets")), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 8)
        sources = list(dict.fromkeys(str(point["target"].source) for point in targets))
        pdf.multi_cell(0, 4, w(_("Source of the targets: %(source)s.", source="; ".join(sources))),
                       new_x="LMARGIN", new_y="NEXT")
        for point in targets:
            if pdf.get_y() > 250:
                pdf.add_page()
            _target_chart(pdf, family, w, point, year)
        for dim in CHART_DIMENSIONS:
            for measure, title in ((("jobs", _("Jobs by %(table)s", table=labels("dimension", dim).lower()))),
                                   ("value_added_krw", _("Value added (KRW) by %(table)s",
                                                         table=labels("dimension", dim).lower()))):
                _bar_chart(pdf, family, w, title, tables.get(dim, []), measure, lambda key, d=dim: labels(d, key))
        for dim, cells in tables.items():
            if dim == "total":
                continue
            if pdf.get_y() > 230:
                pdf.add_page()
            pdf.ln(3)
            pdf.set_font(family, "B", 12)
            pdf.cell(0, 8, w(labels("dimension", dim)), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(family, "B", 8)
            for text, width in ((_("Cell"), 62), (_("Firms"), 18), (_("Jobs"), 22), (_("Value added (KRW)"), 40),
                                (_("Exports (KRW)"), 40)):
                pdf.cell(width, 6, w(text), border="B")
            pdf.ln()
            pdf.set_font(family, "", 8)
            for cell in cells:
                _label_cell(pdf, family, w, 62, labels(dim, cell.key))
                if cell.suppressed:
                    pdf.cell(120, 5, w(_("suppressed")), new_x="LMARGIN", new_y="NEXT")
                    continue
                pdf.cell(18, 5, _num(cell.firms), align="R")
                pdf.cell(22, 5, _num(cell.jobs), align="R")
                pdf.cell(40, 5, _num(cell.value_added_krw), align="R")
                pdf.cell(40, 5, _num(cell.exports_krw), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font(family, "", 7)
        pdf.multi_cell(0, 4, w(_("A cell is shown only with at least 5 firms and no firm above half of its total; "
                                 "further cells are suppressed so that no hidden cell can be worked out from the "
                                 "published totals.")), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def _reselect_font(pdf, family: str) -> None:
    """Make fpdf2 select the document's font again. After a cell written wholly in the CJK fallback font (a
    Korean cluster name), fpdf2 2.8 leaves no font selected for the next text, which then shows garbled or not
    at all; changing the size and back writes the selection out again."""
    style, size = pdf.font_style, pdf.font_size_pt
    pdf.set_font(family, style, size + 1)
    pdf.set_font(family, style, size)


def _label_cell(pdf, family: str, w, width: float, text: str) -> None:
    """A cell's name at the start of a table or chart row (cut to fit), with the font selected again after it."""
    pdf.cell(width, 5, w(text)[:48])
    _reselect_font(pdf, family)


# The breakdowns drawn as charts in the report (the district and size tables stay tables).
CHART_DIMENSIONS = ("cluster", "trade")


def _bar_chart(pdf, family: str, w, title: str, cells, measure: str, label) -> None:
    """A horizontal bar chart of one measure over a table's cells, with the figure at the end of each bar; a
    suppressed cell has no bar and reads "suppressed". A table without cells (no verified returns) has no chart."""
    if not cells:
        return
    rows = 7 + 5 * len(cells)
    if pdf.get_y() + rows > 280:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(family, "B", 10)
    pdf.cell(0, 7, w(title), new_x="LMARGIN", new_y="NEXT")
    _reselect_font(pdf, family)
    top = max([getattr(c, measure) or 0 for c in cells if not c.suppressed] or [0]) or 1
    x0, label_w, bar_w = pdf.l_margin, 62, 90
    pdf.set_font(family, "", 8)
    for cell in cells:
        y = pdf.get_y()
        pdf.set_xy(x0, y)
        _label_cell(pdf, family, w, label_w, label(cell.key))
        if cell.suppressed:
            pdf.set_text_color(110, 110, 110)
            pdf.cell(bar_w, 5, w(_("suppressed")), new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
            continue
        value = getattr(cell, measure) or 0
        length = bar_w * value / top
        pdf.set_fill_color(30, 90, 160)
        if length > 0:
            pdf.rect(x0 + label_w, y + 1, max(length, 0.3), 3, style="F")
        pdf.set_xy(x0 + label_w + length + 1.5, y)
        pdf.cell(40, 5, _num(value), new_x="LMARGIN", new_y="NEXT")


def _target_chart(pdf, family: str, w, point: dict, year: int) -> None:
    """One target: its words on the left; on the right a 70 × 20 mm chart with the dashed line from the
    baseline to the target and this year's point."""
    target, value = point["target"], point["value"]
    x0, y0 = pdf.l_margin, pdf.get_y()
    pdf.set_font(family, "", 9)
    shown = "—" if value is None else f"{value:.1f}%"
    pdf.multi_cell(95, 5, w(f"{target.label}: {target.baseline:g}% ({target.baseline_year}) → "
                            f"{target.target:g}% ({target.target_year}); {year}: {shown}"),
                   new_x="LMARGIN", new_y="NEXT")
    if target.edited:
        pdf.set_font(family, "", 7)
        pdf.multi_cell(95, 4, w(_("Source: %(source)s", source=str(target.source))), new_x="LMARGIN", new_y="NEXT")
    cx, cy, cw, ch = x0 + 100, y0 + 1, 70, 18
    first, last = min(target.baseline_year, year), max(target.target_year, year)
    top = max(target.target, value or 0) * 1.2

    def at(when, share):
        return cx + cw * (when - first) / max(1, last - first), cy + ch - ch * share / top

    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.line(cx, cy + ch, cx + cw, cy + ch)
    pdf.line(cx, cy, cx, cy + ch)
    pdf.set_draw_color(30, 90, 160)
    pdf.set_line_width(0.5)
    pdf.set_dash_pattern(dash=1.5, gap=1)
    pdf.line(*at(target.baseline_year, target.baseline), *at(target.target_year, target.target))
    pdf.set_dash_pattern()
    pdf.set_font(family, "", 6)
    for when, share in ((target.baseline_year, target.baseline), (target.target_year, target.target)):
        px, py = at(when, share)
        pdf.text(px - 3, cy + ch + 3, str(when))
        pdf.text(px - 2, py - 1.5, f"{share:g}%")
    if value is not None:
        px, py = at(year, value)
        pdf.set_fill_color(200, 60, 40)
        pdf.ellipse(px - 1.2, py - 1.2, 2.4, 2.4, style="F")
        pdf.text(px + 2, py + 1, f"{value:.1f}%")
    pdf.set_line_width(0.2)
    pdf.set_xy(x0, max(pdf.get_y(), y0 + ch + 6))
