"""The PDF of an accepted NDA (fpdf2, fonts from :mod:`market.pdf`): the parties, the version and its full text,
who accepted it and when, with labels in the reader's language. The text itself is kept as it was published
(English and Korean in one document)."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from i18n.locales import current_locale
from market import pdf as documents
from matching.deals import NdaRecord


def render_nda(record: NdaRecord) -> bytes:
    """The NDA record as an A4 PDF."""
    from fpdf import FPDF

    accepted_by = record.accepted_by.display_name if record.accepted_by else "—"
    facts = [(_("Introduction"), f"#{record.intro.id}"),
             (_("Disclosing party"), record.discloser.name),
             (_("Receiving party"), record.recipient.name),
             (_("Version"), str(record.version.version)),
             (_("Accepted by"), accepted_by),
             *([(_("The holder’s own NDA"), f"{record.holder_file_name or ''} SHA-256 {record.intro.nda_file_sha256}")]
               if record.intro.nda_file_sha256 else []),
             (_("Accepted on"), format_datetime(record.accepted_at, "long"))]
    texts = [value for _label, value in facts] + [record.version.text]
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=16)
    title = _("Non-disclosure agreement, version %(version)s", version=record.version.version)
    pdf.set_title(title)
    pdf.set_creator("Made in Seoul")
    family = documents.use_fonts(pdf, current_locale(), texts)
    write = documents.writer(family)
    pdf.add_page()
    pdf.set_font(family, "B", 10)
    pdf.multi_cell(pdf.epw, 5, write("Made in Seoul"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 15)
    pdf.multi_cell(pdf.epw, 8, write(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in facts:
        pdf.set_font(family, "B", 9.5)
        pdf.cell(45, 5.5, write(label))
        pdf.set_font(family, "", 9.5)
        pdf.multi_cell(pdf.epw - 45, 5.5, write(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(family, "", 9.5)
    pdf.multi_cell(pdf.epw, 5, write(record.version.text), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
