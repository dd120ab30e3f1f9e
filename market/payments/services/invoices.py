"""Bank-transfer invoices: issued for a payment (any payable: a full order, a deposit, a balance, a milestone),
numbered in sequence per year, mailed to the payer after the commit with a link, and downloadable as a PDF by
the payer, the payee and staff.

An invoice keeps what it said when it was issued (:class:`~market.payments.models.Invoice`): the seller (the
payee), the buyer (the payer), the lines, the currency and the exchange rate used, the platform's bank account,
the payment reference and the due date (``PAYMENT_INVOICE_DUE_DAYS`` after issue). Without the platform's bank
account (``PAYMENT_BANK_*``) no invoice is issued: the payer is told bank transfer is unavailable, the operator
why (see :func:`market.payments.providers.bank_transfer_problem`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import url_for
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.locales import DEFAULT_LOCALE, LOCALES
from market.accounts.models import Organization, User
from market.mail import send_mail
from market.payments.models import Invoice, Payment, PaymentStatus, ProviderName
from market.payments.payables import PayableInfo
from market.payments.providers import bank_transfer_problem, get_providers
from market.payments.services.common import PaymentError, format_amount, get_payment, log, payment_title
from market.sequences import next_in_sequence

MAX_SEQUENCE = 999_999


def transfer_unavailable() -> PaymentError:
    """The refusal for a bank-transfer invoice while the platform's bank account is not configured."""
    return PaymentError(_("Paying by bank transfer is not available at the moment. Please try again later or "
                          "contact us."), code="bank_transfer_unavailable", status=409)


def require_bank_transfer() -> None:
    """Refuse (409) issuing invoices while the bank account is not configured, and log why for the operator."""
    problem = bank_transfer_problem(get_providers())
    if problem:
        log.warning("payments: refused an invoice: %s", problem)
        raise transfer_unavailable()


def format_number(year: int, sequence: int) -> str:
    """``INV-2026-000042``."""
    return f"INV-{year}-{sequence:06d}"


def next_invoice_number(session: Session, year: int) -> tuple[str, int]:
    """Take the next invoice number of ``year``: ``(number, sequence)``.

    Numbers come from the ``invoice`` sequence of :mod:`market.sequences` (sequential per year without gaps,
    concurrent issues wait for each other); the unique number is a second guard."""
    sequence = next_in_sequence(session, "invoice", year)
    if sequence > MAX_SEQUENCE:
        raise PaymentError(_("No invoice numbers are left for this year."), code="exhausted", status=409)
    return format_number(year, sequence), sequence


def latest_invoice(session: Session, payment_id: int) -> Invoice | None:
    """The invoice in force for a payment (its newest), if one was issued."""
    return session.exec(select(Invoice).where(Invoice.payment_id == payment_id)
                        .order_by(Invoice.id.desc())).first()


def _party(org: Organization | None, user: User | None = None) -> dict:
    if org is None:
        return {"name": user.display_name if user else "", "email": user.email if user else None}
    place = ", ".join(p for p in (org.district, org.city) if p)
    return {"name": org.name, "name_ko": org.name_ko, "address": place, "country": org.country,
            "website": org.website, "email": user.email if user else None}


def _lines(payment: Payment, info: PayableInfo | None) -> list[dict]:
    lines = list(info.lines) if info is not None else []
    if not lines or sum(line.total_minor for line in lines) != payment.amount_minor:
        return [{"title": payment.description, "quantity": 1, "unit_minor": payment.amount_minor,
                 "total_minor": payment.amount_minor}]
    return [dataclasses.asdict(line) for line in lines]


def issue_invoice(session: Session, payment: Payment, info: PayableInfo | None = None,
                  today: dt.date | None = None, *, mail: bool = True) -> Invoice:
    """The invoice in force for a pending bank-transfer payment: the latest one while the amount and currency are
    unchanged, else a new one with the next number, mailed to the payer once the transaction commits.

    ``info`` (the payable's description) gives the lines and the exchange rate used; ``mail=False`` (the demo)
    sends nothing. Refuses (409) while the
    bank account is not configured and for payments that are not pending bank transfers."""
    if payment.provider != ProviderName.manual or payment.status != PaymentStatus.pending:
        raise PaymentError(_("This payment is not paid by bank transfer."), code="wrong_state", status=409)
    current = latest_invoice(session, payment.id)
    if current is not None and (current.amount_minor, current.currency) == (payment.amount_minor,
                                                                            payment.currency):
        return current
    require_bank_transfer()
    providers = get_providers()
    issued = today or dt.date.today()
    number, sequence = next_invoice_number(session, issued.year)
    payer = session.get(User, payment.payer_user_id) if payment.payer_user_id else None
    bank = providers.manual.bank
    document = {
        "seller": (_party(session.get(Organization, payment.payee_org_id)) if payment.payee_org_id
                   else {"name": payment.payee_name or ""}),
        "buyer": _party(session.get(Organization, payment.payer_org_id) if payment.payer_org_id else None, payer),
        "description": payment.description,
        "lines": _lines(payment, info),
        "estimates": [{**dataclasses.asdict(e), "set_on": e.set_on.isoformat() if e.set_on else None}
                      for e in (info.estimates if info is not None else ())],
        "bank": dataclasses.asdict(bank),
        "kind": payment.kind,
        "payable_id": payment.payable_id,
    }
    rate = info.krw_per_unit if info is not None and payment.currency != "KRW" else None
    invoice = Invoice(number=number, year=issued.year, sequence=sequence, payment_id=payment.id,
                      reference=payment.reference or "", currency=payment.currency,
                      amount_minor=payment.amount_minor, amount_krw=payment.amount_krw,
                      krw_per_unit=str(rate) if rate else None,
                      rate_date=info.rate_date if rate and info is not None else None, issued_on=issued,
                      due_on=issued + dt.timedelta(days=providers.manual.due_days), document=document)
    session.add(invoice)
    session.flush()
    if mail and payer is not None and payer.email:
        _mail_invoice(session, invoice, payment, payer)
    return invoice


def _mail_invoice(session: Session, invoice: Invoice, payment: Payment, payer: User) -> None:
    """Queue the invoice's mail to the payer, in the payer's language, sent after the commit."""
    lang = payer.locale if payer.locale in LOCALES else DEFAULT_LOCALE
    with force_locale(lang):
        link = url_for("payments.invoice_pdf", lang=lang, payment_id=payment.id, _external=True)
        page = url_for("payments.checkout", lang=lang, kind=payment.kind, payable_id=payment.payable_id,
                       _external=True)
        bank = invoice.document["bank"]
        subject = _("Invoice %(number)s from Made in Seoul", number=invoice.number)
        body = "\n".join([
            _("Your invoice %(number)s for %(description)s is ready.", number=invoice.number,
              description=payment_title(session, payment)),
            "",
            _("Amount: %(amount)s", amount=format_amount(invoice.amount_minor, invoice.currency)),
            _("Pay by: %(date)s", date=format_date(invoice.due_on, "long")),
            _("Reference (write it in the transfer's message): %(reference)s", reference=invoice.reference),
            _("Bank: %(bank)s, SWIFT/BIC %(swift)s", bank=bank.get("bank_name") or "",
              swift=bank.get("swift") or "-"),
            _("Account holder: %(name)s", name=bank.get("account_name") or ""),
            _("Account number: %(number)s", number=bank.get("account_number") or ""),
            "",
            _("Download the invoice (PDF): %(url)s", url=link),
            _("Your payment page: %(url)s", url=page),
        ])
    send_mail(session, payer.email, subject, body)


def invoice_for(session: Session, user, payment_id: int) -> tuple[Invoice, Payment]:
    """The invoice in force of a payment, for its payer, its payee's members and staff; refuses (not_found)
    everyone else, and payments without an invoice."""
    payment = get_payment(session, user, payment_id)
    invoice = latest_invoice(session, payment.id)
    if invoice is None:
        raise PaymentError(_("This payment has no invoice."), code="not_found", status=404)
    return invoice, payment
