"""Forms of school tours: hosting one, booking it for a class, attendance and an internship lead."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from i18n.forms import Form
from market.people.trades import trade_choices


def _choices(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (pairs are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]

class TourForm(Form):
    org_id = SelectField(_l("Workshop"), coerce=int, validate_choice=False)
    starts_at = DateTimeLocalField(_l("Date and time (Seoul)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=90, validators=[Optional()])
    capacity = IntegerField(_l("Capacity (students)"), validators=[Optional()])
    trade = SelectField(_l("Trade"), validate_choice=False)
    safety_notes = TextAreaField(_l("Safety notes"), validators=[Optional(), Length(max=4000)],
                                 description=_l("Closed shoes, no loose clothing near machines, goggles provided…"))

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.org_id.choices = _choices([(o.id, o.name) for o in orgs])
        self.trade.choices = _choices(trade_choices())


class BookingForm(Form):
    school = StringField(_l("School"), validators=[DataRequired(), Length(max=160)])
    group_size = IntegerField(_l("Number of students"), validators=[Optional()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    consent_forms = MultipleFileField(_l("Consent forms"), description=_l(
        "Parents' consent forms for students under 18 (PDF, PNG or JPEG)."))


class AttendanceForm(Form):
    attended = IntegerField(_l("Students who came"), validators=[Optional()])


class LeadForm(Form):
    student_name = StringField(_l("Student's name"), validators=[DataRequired(), Length(max=120)])
    contact = StringField(_l("E-mail or phone"), validators=[DataRequired(), Length(max=160)])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])
