"""Checking what buyers and makers type: currencies, amounts in them, incoterms and countries. Each refuses
with an :class:`~market.rfq.services.common.RfqError` on its field."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import pycountry
from flask_babel import gettext as _

from i18n.money import CURRENCIES
from market.payments.amounts import iso_exponent, round_amount
from market.rfq.models import INCOTERMS
from market.rfq.services.common import RfqError

MAX_AMOUNT = Decimal("1e12")


def parse_currency_code(value) -> str:
    """A supported currency code, upper-cased; refuses others."""
    code = str(value or "").strip().upper()
    if code not in CURRENCIES:
        raise RfqError(_("Choose one of: %(list)s.", list=", ".join(CURRENCIES)), "currency")
    return code


def parse_amount(value, currency: str, field: str) -> Decimal:
    """A positive amount in ``currency`` with no more decimals than the currency has; refuses anything else."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise RfqError(_("Enter an amount such as 12.50."), field) from exc
    if not amount.is_finite() or amount <= 0:
        raise RfqError(_("Enter an amount greater than zero."), field)
    if amount >= MAX_AMOUNT:
        raise RfqError(_("This amount is too large."), field)
    rounded = round_amount(amount, currency)
    if amount != rounded:
        places = iso_exponent(currency)
        if places == 0:
            raise RfqError(_("Amounts in %(currency)s have no decimals.", currency=currency), field)
        raise RfqError(_("Amounts in %(currency)s have at most %(n)d decimals.", currency=currency, n=places),
                       field)
    return rounded


def parse_incoterm(value) -> str:
    """One of the incoterms makers quote on; refuses others."""
    code = str(value or "").strip().upper()
    if code not in INCOTERMS:
        raise RfqError(_("Choose one of: %(list)s.", list=", ".join(INCOTERMS)), "incoterm")
    return code


def parse_country(value) -> str:
    """An ISO 3166 alpha-2 country code, upper-cased; refuses unknown codes."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise RfqError(_("Choose a destination country (an ISO code such as JP or DE)."), "destination_country")
    return code


MAX_MATERIALS = 20  # of each kind: ids from the list, and texts
MAX_MATERIAL_TEXT = 60


def parse_materials(codes, others) -> list[str]:
    """The materials a request asks for, as stored: vocabulary ids (each reader sees them in their language),
    then free texts, each one material (a text that names a vocabulary material becomes its id). Refuses, on
    the ``materials`` field, an unknown id, a blank text or one over 60 characters, and more than 20 ids or 20
    texts."""
    from i18n import vocabularies

    try:
        return vocabularies.compose_values("materials", codes, others, max_other=MAX_MATERIAL_TEXT,
                                           max_each=MAX_MATERIALS)
    except vocabularies.VocabularyError as exc:
        raise RfqError(str(exc), "materials") from exc


MAX_PAYMENT_TERMS = 10  # of each kind: ids from the list, and texts
MAX_PAYMENT_TERM_TEXT = 80


def parse_payment_terms(codes, others) -> list[str]:
    """The payment terms a buyer can accept, as stored: vocabulary ids (``tt_30_70``, ``lc_sight``, ``net30``
    ...; each reader sees them in their language), then free texts. Refuses, on the ``payment_terms`` field, an
    unknown id, a blank text or one over 80 characters, and more than 10 ids or 10 texts."""
    from i18n import vocabularies

    try:
        return vocabularies.compose_values("payment_terms", codes, others, max_other=MAX_PAYMENT_TERM_TEXT,
                                           max_each=MAX_PAYMENT_TERMS)
    except vocabularies.VocabularyError as exc:
        raise RfqError(str(exc), "payment_terms") from exc


def collect(errors: dict[str, str], func, *args):
    """``func(*args)``, or None with its refusal's messages added to ``errors`` (to refuse all fields at once)."""
    try:
        return func(*args)
    except RfqError as exc:
        errors.update(exc.fields)
        return None
