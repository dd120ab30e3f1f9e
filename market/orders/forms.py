"""Forms of wholesale ordering: add to cart, change a cart line, checkout. A status step uses
:class:`market.formviews.MoveForm`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
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
    incoterm = SelectField(_l("Delivery terms (Incoterms)"), validate_choice=False, default="DAP",
                           choices=[SelectChoice(t, t) for t in ("EXW", "FOB", "CIF", "DAP", "DDP")])
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


class ShippingPolicyForm(Form):
    free_shipping_from_krw = StringField(_l("Free shipping from (order value in won)"), validators=[Optional()],
                                         description=_l("You pay the carriage of orders from this value (CIF, DAP "
                                                        "and DDP). Leave it empty to offer no free shipping."))
    returns_days = StringField(_l("Returns accepted within (days after delivery)"), validators=[Optional()],
                               description=_l("Leave it empty if you take no returns except for damaged or "
                                              "defective goods."))
    returns_note = TextAreaField(_l("Returns: conditions in your words"), validators=[Optional()])


class ShippingRateForm(Form):
    destination = SelectField(_l("Destination"), validate_choice=False)
    basis = SelectField(_l("Band by"), validate_choice=False,
                        choices=[SelectChoice("weight", _l("Weight (grams)")),
                                 SelectChoice("value", _l("Order value (won)"))])
    band_min = StringField(_l("From (inclusive)"), validators=[Optional()])
    band_max = StringField(_l("Up to (exclusive, empty for no limit)"), validators=[Optional()])
    shipping_krw = StringField(_l("Shipping cost (won)"), validators=[Optional()])
    duty_percent = StringField(_l("Import duties and taxes (percent of the goods' value)"), validators=[Optional()])
    set_on = DateField(_l("Set on"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[Optional()],
                         description=_l("Where the figures come from: a carrier's tariff, a customs table…"))
