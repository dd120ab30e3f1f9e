"""Forms of programmes: directory filters, the support profile, and staff's screening and decision forms. The
application form itself is data on the programme (:mod:`market.programmes.formdata`), rendered by its template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from i18n.forms import Form
from market.clusters import industry_name
from market.programmes.labels import PROGRAMME_STATUS_LABELS, SUPPORT_TYPE_LABELS
from market.programmes.services.directory import TRADES


class FilterForm(Form):
    class Meta:
        csrf = False

    trade = SelectField(_l("Trade"), validate_choice=False, validators=[Optional()])
    type = SelectField(_l("Support type"), validate_choice=False, validators=[Optional()])
    district = StringField(_l("District"), validators=[Optional(), Length(max=60)],
                           description=_l("A borough, e.g. Jongno-gu."))
    status = SelectField(_l("Status"), validate_choice=False, validators=[Optional()])
    deadline_before = DateField(_l("Deadline by"), validators=[Optional()])
    closing_this_week = BooleanField(_l("Closing this week"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = [SelectChoice("", _l("Any trade"))] + [SelectChoice(t, industry_name(t)) for t in TRADES]
        self.type.choices = [SelectChoice("", _l("Any type"))] + [
            SelectChoice(k.value, label) for k, label in SUPPORT_TYPE_LABELS.items()]
        self.status.choices = [SelectChoice("", _l("Any status"))] + [
            SelectChoice(k.value, label) for k, label in PROGRAMME_STATUS_LABELS.items()]


class ProfileForm(Form):
    business_number = StringField(_l("Business registration number"), validators=[Optional(), Length(max=14)],
                                  description=_l("Ten digits, e.g. 123-45-67890."))
    ksic_codes = StringField(_l("KSIC industry codes"), validators=[Optional(), Length(max=80)],
                             description=_l("Separated by commas, e.g. 14111, 14191."))
    annual_revenue_krw = IntegerField(_l("Last year's revenue (KRW)"), validators=[Optional()])
    workplace_in_seoul = RadioField(_l("Is your workplace in Seoul?"), validate_choice=False,
                                    choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")),
                                             SelectChoice("", _l("Not said"))],
                                    default="")


class NoteForm(Form):
    note = TextAreaField(_l("What should the applicant add?"), validators=[Length(max=2000)])


class DecisionForm(Form):
    outcome = RadioField(_l("Decision"), validate_choice=False,
                         choices=[SelectChoice("selected", _l("Selected")), SelectChoice("waitlisted", _l("Waitlisted")),
                                  SelectChoice("rejected", _l("Not selected"))])
    template = SelectField(_l("Message template"), validate_choice=False, validators=[Optional()],
                           description=_l("Sent in each member's language; what you write below replaces it."))
    reason = TextAreaField(_l("Message to the applicant"), validators=[Length(max=2000)],
                           description=_l("Required when the application is not selected: give the reasons."))
    amount_krw = IntegerField(_l("Amount granted (KRW)"), validators=[Optional()])


    def __init__(self, *args, **kwargs):
        from market.programmes.services.staff import DECISION_TEMPLATES

        super().__init__(*args, **kwargs)
        self.template.choices = [SelectChoice("", _l("Write your own"))] + [
            SelectChoice(code, text) for code, text in DECISION_TEMPLATES.items()]


class AssignForm(Form):
    reviewer_email = StringField(_l("Reviewer's email"), validators=[Length(max=254)])
