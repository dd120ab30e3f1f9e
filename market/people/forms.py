"""Forms of people of the trades: a craftsperson, a story translation, consent, the nomination with its
dossier, staff's review steps, revocation, and the competition's forms. Choices are checked by the services."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from i18n.forms import Form
from i18n.locales import LOCALE_NAMES, LOCALES
from market.people.services.nominations import LEVEL_LABELS, NOMINATOR_LABELS
from market.people.trades import trade_choices


def _choices(pairs) -> list[SelectChoice]:
    """Choices as WTForms wants them (pairs are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]

def _locales():
    return [(code, LOCALE_NAMES[code]) for code in LOCALES]


class PersonForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    name_ko = StringField(_l("Name in Korean"), validators=[Optional(), Length(max=120)])
    trade = SelectField(_l("Trade"), validate_choice=False)
    started_year = IntegerField(_l("In the trade since (year)"), validators=[Optional()])
    locale = SelectField(_l("Language of the story"), validate_choice=False)
    story = TextAreaField(_l("Story"), validators=[Optional(), Length(max=8000)],
                          description=_l("How they learned the craft, what they make, what they pass on."))
    photo = FileField(_l("Photo"))
    consent = BooleanField(_l("The person agrees to a public profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = _choices(trade_choices())
        self.locale.choices = _choices(_locales())


class StoryForm(Form):
    locale = SelectField(_l("Language"), validate_choice=False)
    story = TextAreaField(_l("Story"), validators=[Optional(), Length(max=8000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = _choices(_locales())


class NominationForm(Form):
    nominator_kind = SelectField(_l("Nominated by"), validate_choice=False)
    level = SelectField(_l("Recognition"), validate_choice=False)
    career = TextAreaField(_l("Career"), validators=[DataRequired(), Length(max=8000)])
    qualifications = TextAreaField(_l("Qualifications"), validators=[Optional(), Length(max=4000)])
    prizes = TextAreaField(_l("Prizes"), validators=[Optional(), Length(max=4000)])
    apprentices = IntegerField(_l("Apprentices trained"), default=0, validators=[Optional()])
    references = TextAreaField(_l("References"), validators=[Optional(), Length(max=4000)])
    works = MultipleFileField(_l("Works"), description=_l("Photos, PDF or 3D files (STEP, STL) of their works."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominator_kind.choices = _choices([(k.value, v) for k, v in NOMINATOR_LABELS.items()])
        self.level.choices = _choices([(k.value, v) for k, v in LEVEL_LABELS.items()])


class ReviewersForm(Form):
    reviewers = StringField(_l("Reviewers' e-mail addresses"), validators=[DataRequired(), Length(max=2000)],
                            description=_l("Separated by commas."))


class VisitForm(Form):
    site_visit = TextAreaField(_l("Site visit"), validators=[Optional(), Length(max=4000)])
    interview = TextAreaField(_l("Interview"), validators=[Optional(), Length(max=4000)])


class DecisionForm(Form):
    decision = SelectField(_l("Decision"), choices=_choices([("selected", _l("Select")), ("not_selected", _l("Do not select"))]),
                           validate_choice=False)
    reason = TextAreaField(_l("Reasons"), validators=[Optional(), Length(max=4000)])


class RevokeForm(Form):
    reason = TextAreaField(_l("Reason for the revocation"), validators=[Optional(), Length(max=2000)])


class CompetitionForm(Form):
    trade = SelectField(_l("Trade"), validate_choice=False)
    year = IntegerField(_l("Year"), validators=[DataRequired()])
    entry_deadline = DateField(_l("Entries until"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.trade.choices = _choices(trade_choices())


class EntryForm(Form):
    org_id = SelectField(_l("Workshop"), coerce=int, validate_choice=False)
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=160)])
    video_url = StringField(_l("Process video link"), validators=[Optional(), Length(max=500)])
    files = MultipleFileField(_l("Photos and 3D models"))


class JudgesForm(Form):
    judges = StringField(_l("Judges' e-mail addresses"), validators=[DataRequired(), Length(max=2000)],
                         description=_l("Separated by commas."))


class ResultsForm(Form):
    prize_1 = StringField(_l("First prize"), validators=[Optional(), Length(max=160)])
    fair_1 = StringField(_l("Trade fair for the first place"), validators=[Optional(), Length(max=160)])
    prize_2 = StringField(_l("Second prize"), validators=[Optional(), Length(max=160)])
    fair_2 = StringField(_l("Trade fair for the second place"), validators=[Optional(), Length(max=160)])
    prize_3 = StringField(_l("Third prize"), validators=[Optional(), Length(max=160)])
    fair_3 = StringField(_l("Trade fair for the third place"), validators=[Optional(), Length(max=160)])
