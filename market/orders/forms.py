"""Forms of wholesale ordering: add to cart, change a cart line, checkout. A status step uses
:class:`market.formviews.MoveForm`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional

from i18n.forms import Form
from market.accounts.forms import country_choices


class CartAddForm(Form):
    product_id = HiddenField()
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired()])


class CartQuantityForm(Form):
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired()])


class CheckoutForm(Form):
    fingerprint = HiddenField()
    buyer_org_id = SelectField(_l("Ordering for"), coerce=int, validate_choice=False, validators=[Optional()])
    shipping_address = TextAreaField(_l("Shipping address"), validators=[InputRequired()],
                                     description=_l("Street, city, postal code and the name of the recipient."))
    shipping_country = SelectField(_l("Shipping country"), choices=country_choices, validate_choice=False)
    note = TextAreaField(_l("Note to the makers"), validators=[Optional()])


class ReviewForm(Form):
    score = SelectField(_l("Your rating"), validate_choice=False,
                        choices=[SelectChoice("", "—")] + [SelectChoice(str(n), str(n)) for n in range(5, 0, -1)])
    comment = TextAreaField(_l("Your review"), validators=[Optional()],
                            description=_l("Required for a score of 2 or less: tell the maker what went wrong."))


class TermsForm(Form):
    payment_terms = SelectField(_l("Payment terms"), validate_choice=False,
                                description=_l("Net terms apply only to buyers the platform approved; others prepay."))
    deposit_percent = IntegerField(_l("Deposit (%)"), validators=[Optional()])
    net_days = SelectField(_l("Net days"), validate_choice=False, choices=[SelectChoice("30", "30"), SelectChoice("60", "60")])


class SampleOfferForm(Form):
    quantity = IntegerField(_l("Pieces in a sample"), validators=[InputRequired()])
    unit_price_krw = IntegerField(_l("Sample price per piece (KRW)"), validators=[InputRequired()])


class SampleOrderForm(Form):
    buyer_org_id = SelectField(_l("Ordering for"), coerce=int, validate_choice=False, validators=[Optional()])
    shipping_address = TextAreaField(_l("Shipping address"), validators=[InputRequired()])
    shipping_country = SelectField(_l("Shipping country"), choices=country_choices, validate_choice=False)


class NetApprovalForm(Form):
    buyer_org_id = SelectField(_l("Buyer organisation"), coerce=int, validate_choice=False)
    max_days = SelectField(_l("Up to"), coerce=int, validate_choice=False,
                           choices=[SelectChoice(30, _l("Net 30 days")), SelectChoice(60, _l("Net 60 days"))])
