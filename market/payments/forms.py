"""Forms of payments: start paying, and staff's mark received, refund, payout and connected-account forms.

Amounts are typed in the payment's currency ("12.50", "50000") and turned into minor units by
:func:`parse_amount`.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from i18n.forms import Form
from market.payments.amounts import iso_exponent, to_minor
from market.payments.services.common import PaymentError


class PayForm(Form):
    """Start (or resume) paying: only the CSRF token."""


class MarkReceivedForm(Form):
    amount = StringField(_l("Amount received"), validators=[InputRequired(_l("Enter the amount on the bank statement."))],
                         description=_l("As on the bank statement, in the invoice's currency."))
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)],
                         description=_l("For example the bank's transaction reference."))


class WriteOffForm(Form):
    reason = TextAreaField(_l("Why the rest is written off"), validators=[InputRequired(), Length(max=500)])


class ReturnExcessForm(Form):
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)],
                         description=_l("For example the bank's transaction reference of the transfer back."))


class RefundForm(Form):
    amount = StringField(_l("Amount to refund"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[InputRequired(), Length(max=500)])


class PayoutForm(Form):
    org_id = HiddenField()
    currency = SelectField(_l("Currency"), validate_choice=False)
    amount = StringField(_l("Amount to pay out"), validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])


class PayeeAccountForm(Form):
    stripe_account_id = StringField(_l("Connected Stripe account"), validators=[Optional(), Length(max=255)],
                                    description=_l("Payouts go to this account as Stripe Connect transfers. Leave "
                                                   "empty to pay by bank transfer."))


def parse_amount(text: str | None, currency: str) -> int:
    """An amount typed in ``currency`` as minor units; refuses (on the ``amount`` field) anything but a positive
    number with at most the currency's decimals."""
    raw = (text or "").strip().replace(",", "")
    try:
        value = Decimal(raw)
    except (InvalidOperation, ValueError):
        raise PaymentError(_("Enter the amount as a number, e.g. 12.50."), field="amount") from None
    if not value.is_finite() or value <= 0:
        raise PaymentError(_("Enter an amount above zero."), field="amount")
    if value != value.quantize(Decimal(1).scaleb(-iso_exponent(currency))):
        raise PaymentError(_("%(currency)s amounts have at most %(n)d decimals.", currency=currency,
                             n=iso_exponent(currency)), field="amount")
    if value >= Decimal("1e13"):
        raise PaymentError(_("Enter a smaller amount."), field="amount")
    return to_minor(value, currency)
