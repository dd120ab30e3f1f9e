"""Forms of requests for quote: the request, the maker's quote and decline, thread messages, RFQ settings.

Choices are not checked by the form (``validate_choice=False``): the services check currencies, incoterms,
countries and reasons, so the page and the API refuse them with the same messages.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from i18n.forms import Form, VocabularyField
from i18n.money import CURRENCIES
from i18n.vocabularies import incoterm_label
from market.accounts.forms import country_choices
from market.orders.services.terms import TERMS_LABELS
from market.rfq.models import INCOTERMS
from market.rfq.services.checks import (
    MAX_MATERIAL_TEXT,
    MAX_MATERIALS,
    MAX_PAYMENT_TERM_TEXT,
    MAX_PAYMENT_TERMS,
)
from market.rfq.services.common import DECLINE_REASONS, MAX_MESSAGE, MAX_NOTE, MAX_TERMS


def _currency_choices():
    return [SelectChoice(code, code) for code in CURRENCIES]


class RfqForm(Form):
    buyer_org_id = SelectField(_l("Asking for"), coerce=int, validate_choice=False, validators=[Optional()])
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired()],
                            description=_l("How many units you need."))
    target_price = DecimalField(_l("Target unit price"), places=None, validators=[Optional()],
                                description=_l("What you would like to pay per unit, in the currency below."))
    currency = SelectField(_l("Currency"), validate_choice=False)
    incoterm = SelectField(_l("Incoterm"), validate_choice=False,
                           description=_l("EXW: you collect at the workshop; FOB/CIF: by sea to or through the "
                                          "port; DAP/DDP: delivered to you (DDP with duties paid)."))
    destination_country = SelectField(_l("Destination country"), validate_choice=False)
    needed_by = DateField(_l("Needed by"), validators=[Optional()])
    materials = VocabularyField(_l("Materials"), vocabulary="materials", max_values=MAX_MATERIALS,
                                max_other=MAX_MATERIAL_TEXT,
                                description=_l("Tick them in the list: the maker reads them in their own language."))
    payment_terms = VocabularyField(_l("Payment terms you can accept"), vocabulary="payment_terms",
                                    max_values=MAX_PAYMENT_TERMS, max_other=MAX_PAYMENT_TERM_TEXT,
                                    description=_l("Tick them in the list: the maker reads them in their own "
                                                   "language."))
    # No maxlength attribute (a browser cuts a pasted text silently); the counter shows the length instead.
    message = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=MAX_MESSAGE)],
                            filters=[lambda text: text.replace("\r\n", "\n") if text else text], render_kw={"maxlength": False, "data-maxchars": MAX_MESSAGE},
                            description=_l("Say what you need: material, size, colour, finish, packaging. At most "
                                           "5,000 characters."))
    attachments = MultipleFileField(_l("Attachments"),
                                    description=_l("Up to 5 files (PDF, PNG or JPEG), 10 MB each."))
    confirmed = HiddenField()

    def __init__(self, *args, buyer_orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buyer_org_id.choices = [SelectChoice(org.id, org.name) for org in buyer_orgs]
        self.currency.choices = _currency_choices()
        self.incoterm.choices = [SelectChoice("", _l("Not decided yet"))] + [
            SelectChoice(t, incoterm_label(t)) for t in INCOTERMS]
        self.destination_country.choices = country_choices()


class QuoteForm(Form):
    unit_price = DecimalField(_l("Unit price"), places=None, validators=[InputRequired()])
    currency = SelectField(_l("Currency"), validate_choice=False)
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[InputRequired()])
    valid_until = DateField(_l("Valid until"), validators=[InputRequired()])
    payment_terms = SelectField(_l("Payment terms"), validate_choice=False,
                                description=_l("Net terms apply only to buyers the platform approved."))
    deposit_percent = IntegerField(_l("Deposit (%)"), validators=[Optional()],
                                   description=_l("With a deposit: paid at acceptance; the balance before shipment."))
    net_days = SelectField(_l("Net days"), validate_choice=False,
                           choices=[SelectChoice("30", "30"), SelectChoice("60", "60")])
    terms = TextAreaField(_l("Terms"), validators=[Optional(), Length(max=MAX_TERMS)],
                          description=_l("Packaging, shipping and anything else the price depends on."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency.choices = _currency_choices()
        self.payment_terms.choices = [SelectChoice(k.value, label) for k, label in TERMS_LABELS.items()]


class SeveralMakersForm(RfqForm):
    """One request for several makers: the request's fields and the makers chosen among the suggestions."""

    maker_ids = SelectMultipleField(_l("Makers to ask"), coerce=int, validate_choice=False,
                                    validators=[Optional()])


class DeclineForm(Form):
    reason = SelectField(_l("Reason"), validate_choice=False,
                         choices=[SelectChoice(k.value, label) for k, label in DECLINE_REASONS.items()])
    note = TextAreaField(_l("Note for the buyer"), validators=[Optional(), Length(max=MAX_NOTE)])


class MessageForm(Form):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=MAX_MESSAGE)])


class PolicyForm(Form):
    min_quantity = IntegerField(_l("Smallest quantity you accept"), validators=[InputRequired(), NumberRange(min=1)])
    min_completeness = IntegerField(
        _l("Least completeness you accept (0–100)"), validators=[InputRequired(), NumberRange(min=0, max=100)],
        description=_l("Requests scoring less are sent back to the buyer with what is missing."))
