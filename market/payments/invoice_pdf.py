"""The PDF of a bank-transfer invoice (fpdf2, fonts from :mod:`market.pdf`), drawn from what the invoice kept when
it was issued, with labels in the reader's language and amounts through the one money format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from i18n.locales import current_locale
from market import pdf as documents
from market.payments.models import Invoice
from market.payments.services.common import format_amount


def _party_lines(party: dict) -> list[str]:
    lines = [party.get("name") or ""]
    if party.get("name_ko") and party.get("name_ko") != party.get("name"):
        lines.append(party["name_ko"])
    place = ", ".join(p for p in (party.get("address"), party.get("country")) if p)
    lines += [place, party.get("website") or "", party.get("email") or ""]
    return [line for line in lines if line]


def _estimate_label(estimate: dict) -> str:
    if estimate.get("kind") == "duties":
        return _("Estimated import duties and taxes (not charged)")
    if estimate.get("incoterm"):
        return _("Estimated shipping, %(term)s (not charged)", term=estimate["incoterm"])
    return _("Estimated shipping (not charged)")


def _estimates(pdf, family: str, write, width: float, estimates: list[dict], currency: str) -> None:
    """The shipping and duties estimates under the total: shown to plan with, not part of the amount due."""
    if not estimates:
        return
    pdf.set_font(family, "B", 9.5)
    pdf.multi_cell(width, 5.5, write(_("Estimates, not included in the total due")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 9)
    for estimate in estimates:
        pdf.cell(width - 30, 5.5, write(_estimate_label(estimate)))
        pdf.cell(30, 5.5, write(format_amount(estimate.get("amount_minor", 0), currency)), align="R")
        pdf.ln()
    first = estimates[0]
    if first.get("set_on"):
        pdf.set_text_color(90, 90, 90)
        pdf.set_font(family, "", 8.5)
        pdf.multi_cell(width, 4.5, write(_(
            "Rates of %(date)s, source: %(source)s. Duties are an estimate: customs set the real amount on import.",
            date=format_date(dt.date.fromisoformat(first["set_on"]), "long"), source=first.get("source") or "")),
            new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(6)


def render_invoice(invoice: Invoice) -> bytes:
    """The invoice as a one- or more-page A4 PDF."""
    from fpdf import FPDF

    doc = invoice.document or {}
    seller, buyer, bank = doc.get("seller", {}), doc.get("buyer", {}), doc.get("bank", {})
    lines = doc.get("lines", [])
    texts = _party_lines(seller) + _party_lines(buyer) + [line.get("title", "") for line in lines]
    texts += [str(v) for v in bank.values() if v]
    texts += [str(e.get("source") or "") for e in doc.get("estimates") or []]
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(_("Invoice %(number)s", number=invoice.number))
    pdf.set_creator("Made in Seoul")
    family = documents.use_fonts(pdf, current_locale(), texts)
    write = documents.writer(family)
    pdf.add_page()
    width = pdf.epw

    def text(value: str, size: float = 9.5, style: str = "", height: float = 5.0, **kwargs) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(kwargs.pop("w", width), height, write(value), new_x="LMARGIN", new_y="NEXT", **kwargs)

    text("Made in Seoul", 10, "B")
    text(_("Invoice %(number)s", number=invoice.number), 18, "B", 9)
    facts = [(_("Issued on"), format_date(invoice.issued_on, "long")),
             (_("Due date"), format_date(invoice.due_on, "long")),
             (_("Payment reference"), invoice.reference),
             (_("Currency"), invoice.currency)]
    if invoice.krw_per_unit and invoice.currency != "KRW":
        rate = _("1 %(currency)s = %(rate)s KRW", currency=invoice.currency,
                 rate=format_decimal(Decimal(invoice.krw_per_unit)))
        if invoice.rate_date:
            rate = _("%(rate)s (rate of %(date)s)", rate=rate, date=format_date(invoice.rate_date, "long"))
        facts.append((_("Exchange rate"), rate))
    pdf.ln(2)
    for label, value in facts:
        pdf.set_font(family, "B", 9.5)
        pdf.cell(42, 5.5, write(label))
        pdf.set_font(family, "", 9.5)
        pdf.multi_cell(width - 42, 5.5, write(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    top = pdf.get_y()
    half = (width - 6) / 2
    for column, (label, party) in enumerate(((_("Seller"), seller), (_("Buyer"), buyer))):
        pdf.set_xy(pdf.l_margin + column * (half + 6), top)
        pdf.set_font(family, "B", 9.5)
        pdf.multi_cell(half, 5.5, write(label), new_x="LEFT", new_y="NEXT")
        pdf.set_font(family, "", 9.5)
        for line in _party_lines(party):
            pdf.multi_cell(half, 5, write(line), new_x="LEFT", new_y="NEXT")
        if column == 0:
            bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin, max(bottom, pdf.get_y()) + 4)

    currency = invoice.currency
    columns = (width - 78, 18, 30, 30)
    pdf.set_font(family, "B", 9)
    pdf.set_fill_color(240, 238, 234)
    for label, w, align in zip((_("Description"), _("Quantity"), _("Unit price"), _("Amount")), columns,
                               ("L", "R", "R", "R"), strict=True):
        pdf.cell(w, 7, write(label), border="B", align=align, fill=True)
    pdf.ln()
    pdf.set_font(family, "", 9)
    for line in lines:
        y = pdf.get_y()
        pdf.multi_cell(columns[0], 5.5, write(line.get("title", "")), new_x="LMARGIN", new_y="NEXT")
        end = pdf.get_y()
        pdf.set_xy(pdf.l_margin + columns[0], y)
        for value, w in ((format_decimal(line.get("quantity", 1)), columns[1]),
                         (format_amount(line.get("unit_minor", 0), currency), columns[2]),
                         (format_amount(line.get("total_minor", 0), currency), columns[3])):
            pdf.cell(w, 5.5, write(value), align="R")
        pdf.set_xy(pdf.l_margin, end)
    pdf.set_font(family, "B", 10.5)
    pdf.cell(sum(columns[:3]), 8, write(_("Total due")), border="T", align="R")
    pdf.cell(columns[3], 8, write(format_amount(invoice.amount_minor, currency)), border="T", align="R")
    pdf.ln(12)
    _estimates(pdf, family, write, width, doc.get("estimates") or [], currency)

    text(_("Pay by bank transfer"), 11, "B", 6)
    text(_("Transfer %(amount)s by %(date)s and write the reference %(reference)s in the transfer's message.",
           amount=format_amount(invoice.amount_minor, currency), date=format_date(invoice.due_on, "long"),
           reference=invoice.reference))
    pdf.ln(1)
    for label, value in ((_("Bank"), bank.get("bank_name")), (_("Account holder"), bank.get("account_name")),
                         (_("Account number"), bank.get("account_number")), (_("SWIFT/BIC"), bank.get("swift")),
                         (_("Bank address"), bank.get("address")), (_("Reference"), invoice.reference)):
        if not value:
            continue
        pdf.set_font(family, "B", 9.5)
        pdf.cell(42, 5.5, write(label))
        pdf.set_font(family, "", 9.5)
        pdf.multi_cell(width - 42, 5.5, write(str(value)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_text_color(90, 90, 90)
    text(_("Made in Seoul collects this payment on behalf of the seller. The order is paid once the transfer "
           "arrives."), 8.5, height=4.5)
    return bytes(pdf.output())
