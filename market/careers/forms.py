"""Forms of skilled jobs: the post, its translation, the applicant profile, applying, an application's step
and the guests' alert. Choices and ranges are checked by the services (``validate_choice=False``), so pages
and the API refuse bad input with the same messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from i18n.forms import Form
from i18n.locales import LOCALE_NAMES, LOCALES
from market.careers.services.common import KOREAN_LABELS, LEVEL_LABELS, WAGE_TYPE_LABELS
from market.people.trades import trade_choices


def _choices(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (pairs are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]

def _locales():
    return [(code, LOCALE_NAMES[code]) for code in LOCALES]


class PostForm(Form):
    org_id = SelectField(_l("Workshop"), coerce=int, validate_choice=False)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=8000)],
                                description=_l("The work, what you teach, what a day looks like."))
    locale = SelectField(_l("Language of the title and description"), validate_choice=False)
    trade = SelectField(_l("Trade"), validate_choice=False)
    level = SelectField(_l("Level"), validate_choice=False)
    wage_type = SelectField(_l("Wage"), validate_choice=False)
    wage_min_krw = IntegerField(_l("Wage from (KRW)"), validators=[Optional()])
    wage_max_krw = IntegerField(_l("Wage up to (KRW)"), validators=[Optional()])
    hours_per_week = IntegerField(_l("Hours per week"), validators=[Optional()])
    work_days = StringField(_l("Working days"), validators=[Optional(), Length(max=80)],
                            description=_l("For example: Monday to Friday, 9:00–18:00."))
    social_insurance = BooleanField(_l("Social insurance (the four national insurances)"), default=True)
    training = BooleanField(_l("On-the-job training"))
    mentor_id = SelectField(_l("Mentor"), coerce=lambda v: int(v) if v else None, validate_choice=False,
                            validators=[Optional()])
    korean_level = SelectField(_l("Korean needed"), validate_choice=False)
    deadline = DateField(_l("Applications until"), validators=[Optional()])
    openings = IntegerField(_l("Openings"), default=1, validators=[Optional()])
    photos = MultipleFileField(_l("Workshop photos"), description=_l("Up to 6 photos (PNG, JPEG, WEBP)."))

    def __init__(self, *args, orgs=(), mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.org_id.choices = _choices([(o.id, o.name) for o in orgs])
        self.locale.choices = _choices(_locales())
        self.trade.choices = _choices(trade_choices())
        self.level.choices = _choices([(k.value, v) for k, v in LEVEL_LABELS.items()])
        self.wage_type.choices = _choices([("", _l("Choose…"))] + [(k.value, v) for k, v in WAGE_TYPE_LABELS.items()])
        self.korean_level.choices = _choices([(k.value, v) for k, v in KOREAN_LABELS.items()])
        self.mentor_id.choices = _choices([("", _l("No mentor"))] + [(m.id, m.name) for m in mentors])


class TranslationForm(Form):
    locale = SelectField(_l("Language"), validate_choice=False)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=8000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = _choices(_locales())


class ProfileForm(Form):
    full_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    languages = SelectMultipleField(_l("Languages you speak"), validate_choice=False)
    trades = SelectMultipleField(_l("Trades"), validate_choice=False)
    about = TextAreaField(_l("About you"), validators=[Optional(), Length(max=4000)])
    portfolio = MultipleFileField(_l("Portfolio"), description=_l("Photos, PDF or 3D files of your work."))
    cv = FileField(_l("CV (PDF, optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.languages.choices = _choices(_locales())
        self.trades.choices = _choices(trade_choices())


class ApplyForm(Form):
    note = TextAreaField(_l("A short note to the workshop"), validators=[Optional(), Length(max=4000)])


class StepForm(Form):
    to = HiddenField()
    expected = HiddenField()


class AlertForm(Form):
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    trade = SelectField(_l("Trade"), validate_choice=False, validators=[Optional()])
    cluster = SelectField(_l("Cluster"), validate_choice=False, validators=[Optional()])

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = _choices([("", _l("Any trade"))] + trade_choices())
        self.cluster.choices = _choices([("", _l("Any cluster"))] + list(clusters))
