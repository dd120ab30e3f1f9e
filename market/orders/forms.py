"""Forms of wholesale ordering: add to cart, change a cart line, checkout. A status step uses
:class:`market.formviews.MoveForm`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, SelectField, TextAreaField
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
