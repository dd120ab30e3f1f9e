"""Forms of trainings: a course (facts and its title and summary in each language) and a session for training
staff, a session's cancellation, and a trainee's confirmation of an enrolment."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from i18n.forms import Form
from i18n.locales import LOCALES, language_name
from market.centres.trainings import TRAININGS
from market.clusters import INDUSTRY_LABELS


def _add_texts(form_class) -> None:
    for locale in LOCALES:
        setattr(form_class, f"title_{locale}", StringField(
            _("Title (%(language)s)", language=language_name(locale)),
            validators=([DataRequired()] if locale == "en" else []) + [Length(max=200)]))
        setattr(form_class, f"summary_{locale}", TextAreaField(
            _("Summary (%(language)s)", language=language_name(locale)), validators=[Length(max=2000)]))


def course_texts_form(values: dict[str, str] | None = None):
    """The form of a course's texts, ``title_<locale>`` and ``summary_<locale>``, filled with ``values``."""

    class CourseTextsForm(Form):
        pass

    _add_texts(CourseTextsForm)
    return CourseTextsForm(data=values) if values is not None else CourseTextsForm()


def course_form(values: dict | None = None):
    """Staff's form of a course: code, trade, level, hours, language, NCS units, completion rule, the machine it
    qualifies for, and its title and summary in each language."""

    class CourseForm(Form):
        code = StringField(_l("Course code"), validators=[DataRequired(), Length(max=40)],
                           description=_l("Capital letters, digits and hyphens, such as SEW-101."))
        trade = SelectField(_l("Trade"), validate_choice=False, validators=[DataRequired()])
        level = IntegerField(_l("NCS level"), validators=[InputRequired()], description=_l("From 1 to 8."))
        hours = IntegerField(_l("Hours"), validators=[InputRequired()])
        language = SelectField(_l("Taught in"), validate_choice=False, validators=[DataRequired()])
        ncs_units = TextAreaField(_l("NCS units"), validators=[Optional(), Length(max=1000)],
                                  description=_l("NCS competency unit codes, separated by commas "
                                                 "(1903020101, 1903020102)."))
        practical_check = BooleanField(_l("A practical check is needed to complete"), default=True)
        equipment = SelectField(_l("Qualifies for the machine training"), validate_choice=False,
                                validators=[Optional()])

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.trade.choices = [SelectChoice("", _("Choose a trade"))] + [
                SelectChoice(code, str(label)) for code, label in INDUSTRY_LABELS.items()]
            self.language.choices = [SelectChoice(loc, language_name(loc)) for loc in LOCALES]
            self.equipment.choices = [SelectChoice("", _("None"))] + [
                SelectChoice(code, str(t.name)) for code, t in TRAININGS.items()]

    _add_texts(CourseForm)
    return CourseForm(data=values) if values is not None else CourseForm()


class SessionForm(Form):
    """Staff's form of a session."""

    starts_at = DateTimeLocalField(_l("Starts (Seoul time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends (Seoul time)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()])
    facility = StringField(_l("Facility"), validators=[DataRequired(), Length(max=200)])
    capacity = IntegerField(_l("Seats"), validators=[InputRequired()])
    waitlist_places = IntegerField(_l("Waitlist places"), validators=[Optional()],
                                   description=_l("Leave empty for no limit; 0 for no waitlist."))
    fee_krw = IntegerField(_l("Fee (KRW)"), default=0, validators=[Optional()],
                           description=_l("0 for a free session. Trainees pay by bank transfer or card."))
    meetings = IntegerField(_l("Meetings"), default=1, validators=[InputRequired()],
                            description=_l("How many times attendance is taken."))
    trainer_email = StringField(_l("Trainer's email"), validators=[Optional(), Length(max=254)],
                                description=_l("The account that records attendance. Optional."))


class CancelSessionForm(Form):
    """Staff cancel a session, saying why."""

    reason = TextAreaField(_l("Reason (sent to the trainees)"), validators=[DataRequired(), Length(max=500)])


class EnrolForm(Form):
    """The trainee confirms an enrolment (and, for a full session, the waitlist)."""

    waitlist = BooleanField(_l("Join the waitlist if the session is full"))
