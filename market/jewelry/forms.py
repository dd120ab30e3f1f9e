"""Forms of the jewelry market: upload, quote, order, photos, workshop settings, metal prices and finish fees
(an order's steps use :class:`market.formviews.MoveForm`)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from i18n.forms import Form
from i18n.money import CURRENCIES
from market.accounts.forms import country_choices
from market.jewelry import quote, ringsizes
from market.jewelry.services.designs import UNIT_LABELS


def _units():
    return [SelectChoice(code, str(label)) for code, label in UNIT_LABELS.items()]


class UploadForm(Form):
    name = StringField(_l("Name of the design"), validators=[Optional()],
                       description=_l("For example: engagement ring for Mina."))
    unit = SelectField(_l("Unit the design was drawn in"), choices=_units, default="mm",
                       description=_l("STL, OBJ and PLY files carry no unit. 3MF and glTF files declare their "
                                      "own, which is used instead."))


def _metals():
    return [SelectChoice(code, str(label)) for code, label in quote.METAL_LABELS.items()]


def _finishes():
    return [SelectChoice(code, str(label)) for code, label in quote.FINISH_LABELS.items()]


def _prototypes():
    return [SelectChoice(code, str(label)) for code, label in quote.PROTOTYPE_LABELS.items()]


def _ring_systems():
    return [SelectChoice("", str(_l("Not a ring / keep as drawn")))] + [
        SelectChoice(s, str(ringsizes.SYSTEM_LABELS[s])) for s in ringsizes.SYSTEMS]


class QuoteForm(Form):
    metal = SelectField(_l("Metal"), choices=_metals, default="gold_18k_yellow")
    finish = SelectField(_l("Finish"), choices=_finishes, default="polish")
    prototype = SelectField(_l("Prototype"), choices=_prototypes, default="resin",
                            description=_l("A print you approve from photos before the piece is cast."))
    ring_system = SelectField(_l("Ring size scale"), choices=_ring_systems, default="", validate_choice=False)
    ring_value = StringField(_l("Ring size"), validators=[Optional()],
                             description=_l("For example 7 or 6.75 (US), 54 (EU), 13 (KR, JP)."))
    stone_count = IntegerField(_l("Stones to set"), validators=[Optional(), NumberRange(min=0, max=200)],
                               default=0)
    stone_size = DecimalField(_l("Stone size (mm)"), places=None, validators=[Optional(), NumberRange(0.5, 20)])
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired(), NumberRange(1, quote.MAX_QUANTITY)],
                            default=1)
    currency = SelectField(_l("Currency"), choices=[SelectChoice(c, c) for c in CURRENCIES], default="KRW")
    shipping_country = SelectField(_l("Ship to"), choices=country_choices, validate_choice=False, default="KR",
                                   description=_l("Insured, tracked shipping is part of the price."))

    @property
    def ring_size(self):
        """The services (and the API) call the ring size ``ring_size``: their refusals of it show on the size."""
        return self.ring_value


class OrderForm(Form):
    shipping_address = TextAreaField(_l("Shipping address"), validators=[InputRequired()],
                                     description=_l("Street, city, postal code and the name of the recipient."))
    shipping_country = SelectField(_l("Shipping country"), choices=country_choices, validate_choice=False,
                                   default="KR")
    customer_reference = StringField(_l("Your reference (optional)"), validators=[Optional()],
                                     description=_l("An order number or a name of yours: it is printed on the "
                                                    "workshop's production sheet."))


class UnitForm(Form):
    """The unit a design's file is read in, changed on the design's page without uploading again."""

    unit = SelectField(_l("Unit the design was drawn in"), choices=_units, default="mm")


class ConfirmSizeForm(Form):
    """The customer confirms that a design's implausible size is right (the form carries the CSRF token)."""


class PhotoForm(Form):
    """The workshop's prototype-photo upload: the files are read from the request; the form carries the CSRF
    token."""


class WorkshopForm(Form):
    metals = SelectMultipleField(_l("Metals the workshop casts"), choices=_metals, validators=[DataRequired()])
    capacity = IntegerField(_l("Orders at once"), validators=[InputRequired(), NumberRange(0, 200)],
                            description=_l("New orders go to workshops with free places; 0 takes none."))
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[InputRequired(), NumberRange(1, 180)])


class MetalPriceForm(Form):
    metal_code = SelectField(_l("Metal"), choices=_metals)
    price_krw_per_gram = IntegerField(_l("Price per gram (won)"), validators=[InputRequired(),
                                                                            NumberRange(1, 100_000_000)])
    effective_on = DateField(_l("From"), validators=[DataRequired()], default=dt.date.today)


class FinishForm(Form):
    code = HiddenField()
    base_krw = IntegerField(_l("Per piece (won)"), validators=[InputRequired(), NumberRange(0, 10_000_000)])
    per_cm2_krw = IntegerField(_l("Per cm² (won)"), validators=[InputRequired(), NumberRange(0, 10_000_000)])
