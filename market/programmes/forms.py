"""Forms of programmes: directory filters, the support profile, and staff's screening and decision forms. The
application form itself is data on the programme (:mod:`market.programmes.formdata`), rendered by its template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

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


def programme_form_class(question_rows: int, document_rows: int):
    """The staff form of a programme, with ``question_rows`` rows of questions and ``document_rows`` rows of
    documents (flat fields ``q<i>_label_en``, ``d<i>_code``…, so a refusal lands on its field)."""
    from flask_babel import gettext as _

    from i18n.locales import LOCALES, language_name
    from market.programmes.labels import SELECTION_LABELS
    from market.programmes.services.editing import TEXT_LIMITS

    text_labels = {"title": _l("Title"), "summary": _l("Summary"), "target": _l("Who it is for"),
                   "benefit": _l("Benefit")}
    trade_choices = [SelectChoice(t, industry_name(t)) for t in TRADES]
    type_choices = [SelectChoice(k.value, label) for k, label in SUPPORT_TYPE_LABELS.items()]

    class ProgrammeForm(Form):
        code = StringField(_l("Code"), validators=[Length(max=40)],
                           description=_l("A short reference, e.g. SF-2027-1 (letters, digits, hyphens)."))
        support_type = SelectField(_l("Support type"), validate_choice=False, choices=type_choices)
        trades = SelectMultipleField(_l("Trades"), validate_choice=False, choices=trade_choices,
                                     option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                     description=_l("None ticked: every trade."))
        districts = StringField(_l("Boroughs"), validators=[Length(max=2000)],
                                description=_l("Separated by commas; empty: all of Seoul."))
        benefit_max_krw = IntegerField(_l("Budget per firm, at most (KRW)"), validators=[Optional()])
        places = IntegerField(_l("Places"), validators=[Optional()])
        selection_method = SelectField(_l("Selection"), validate_choice=False,
                                       choices=[SelectChoice(k.value, label) for k, label in SELECTION_LABELS.items()])
        responsible_agency = StringField(_l("Responsible agency"), validators=[Length(max=200)])
        executing_agency = StringField(_l("Executing agency"), validators=[Length(max=200)])
        notice_url = StringField(_l("Notice (web address of the PDF)"), validators=[Length(max=500)])
        opens_at = DateTimeLocalField(_l("Applications open (Seoul time)"), format="%Y-%m-%dT%H:%M",
                                      validators=[Optional()])
        closes_at = DateTimeLocalField(_l("Deadline (Seoul time)"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
        overlap_years = IntegerField(_l("Years in which support of the same type counts as a duplicate"),
                                     validators=[Optional()], default=3)
        rule_headcount_max = IntegerField(_l("Fewer workers than"), validators=[Optional()],
                                          description=_l("The ordinance's small manufacturer: 10."))
        rule_years_min = IntegerField(_l("Years in business, at least"), validators=[Optional()])
        rule_years_max = IntegerField(_l("Years in business, at most"), validators=[Optional()])
        rule_ksic = StringField(_l("KSIC codes starting with"), validators=[Length(max=200)],
                                description=_l("Separated by commas, e.g. 14, 15."))
        rule_seoul = BooleanField(_l("The workplace must be in Seoul"))
        rule_revenue_max_krw = IntegerField(_l("Last year's revenue, at most (KRW)"), validators=[Optional()])
        rule_trades = SelectMultipleField(_l("Only these trades"), validate_choice=False, choices=trade_choices,
                                          option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
        rule_no_support_type = SelectField(_l("No support of this type received"), validate_choice=False,
                                           choices=[SelectChoice("", _l("No such rule"))] + type_choices)
        rule_no_support_years = IntegerField(_l("… in the last (years)"), validators=[Optional()])

    for field, limit in TEXT_LIMITS.items():
        for locale in LOCALES:
            kind = StringField if field == "title" else TextAreaField
            setattr(ProgrammeForm, f"{field}_{locale}", kind(
                _("%(field)s (%(language)s)", field=text_labels[field], language=language_name(locale)),
                validators=[Length(max=limit)]))
    answer_kinds = [SelectChoice("text", _l("Short text")), SelectChoice("textarea", _l("Long text")),
                    SelectChoice("number", _l("Number")), SelectChoice("choice", _l("One of several options")),
                    SelectChoice("checkbox", _l("A box to tick"))]
    for i in range(question_rows):
        n = i + 1
        setattr(ProgrammeForm, f"q{i}_name", HiddenField())
        for locale in LOCALES:
            language = language_name(locale)
            setattr(ProgrammeForm, f"q{i}_label_{locale}", StringField(
                _("Question %(n)d (%(language)s)", n=n, language=language), validators=[Length(max=300)]))
            setattr(ProgrammeForm, f"q{i}_help_{locale}", TextAreaField(
                _("Help text of question %(n)d (%(language)s)", n=n, language=language),
                validators=[Length(max=500)]))
            if locale != "en":
                setattr(ProgrammeForm, f"q{i}_choices_{locale}", TextAreaField(
                    _("Options of question %(n)d (%(language)s), in the English order", n=n, language=language),
                    validators=[Length(max=4000)]))
        setattr(ProgrammeForm, f"q{i}_type", SelectField(_("Answer to question %(n)d", n=n), validate_choice=False,
                                                         choices=answer_kinds))
        setattr(ProgrammeForm, f"q{i}_required", BooleanField(_("Question %(n)d must be answered", n=n)))
        setattr(ProgrammeForm, f"q{i}_max", IntegerField(_("Longest answer to question %(n)d", n=n),
                                                         validators=[Optional()]))
        setattr(ProgrammeForm, f"q{i}_choices", TextAreaField(_("Options of question %(n)d (English), one per line",
                                                                n=n),
                                                              validators=[Length(max=4000)]))
    for i in range(document_rows):
        n = i + 1
        setattr(ProgrammeForm, f"d{i}_code", StringField(_("Document %(n)d: code", n=n), validators=[Length(max=40)]))
        for locale in LOCALES:
            setattr(ProgrammeForm, f"d{i}_label_{locale}", StringField(
                _("Document %(n)d (%(language)s)", n=n, language=language_name(locale)),
                validators=[Length(max=200)]))
        setattr(ProgrammeForm, f"d{i}_required", BooleanField(_("Document %(n)d is required", n=n)))
    return ProgrammeForm


def programme_input(form):
    """What the staff programme form holds, as the editing service takes it (rows as posted, in order)."""
    from i18n.locales import LOCALES
    from market.programmes.services import editing

    def value(name):
        return form[name].data

    rows = sorted({int(f.name[1:].split("_", 1)[0]) for f in form if f.name.startswith("q")
                   and f.name.endswith("_label_en")})
    docs = sorted({int(f.name[1:].split("_", 1)[0]) for f in form if f.name.startswith("d")
                   and f.name.endswith("_code")})
    return editing.ProgrammeInput(
        code=value("code") or "",
        texts={field: {loc: form[f"{field}_{loc}"].data or "" for loc in LOCALES} for field in editing.TEXT_LIMITS},
        support_type=value("support_type") or "", trades=list(value("trades") or []),
        districts=value("districts") or "", benefit_max_krw=value("benefit_max_krw"), places=value("places"),
        selection_method=value("selection_method") or "", responsible_agency=value("responsible_agency") or "",
        executing_agency=value("executing_agency") or "", notice_url=value("notice_url") or "",
        opens_at=value("opens_at"), closes_at=value("closes_at"), overlap_years=value("overlap_years"),
        rule_headcount_max=value("rule_headcount_max"), rule_years_min=value("rule_years_min"),
        rule_years_max=value("rule_years_max"), rule_ksic=value("rule_ksic") or "",
        rule_seoul=bool(value("rule_seoul")), rule_revenue_max_krw=value("rule_revenue_max_krw"),
        rule_trades=list(value("rule_trades") or []), rule_no_support_type=value("rule_no_support_type") or "",
        rule_no_support_years=value("rule_no_support_years"),
        questions=[editing.Question(
            name=value(f"q{i}_name") or "", label={loc: value(f"q{i}_label_{loc}") or "" for loc in LOCALES},
            help={loc: value(f"q{i}_help_{loc}") or "" for loc in LOCALES}, type=value(f"q{i}_type") or "text",
            required=bool(value(f"q{i}_required")), max=value(f"q{i}_max"), choices=value(f"q{i}_choices") or "",
            choices_in={loc: value(f"q{i}_choices_{loc}") or "" for loc in LOCALES if loc != "en"}) for i in rows],
        documents=[editing.Document(code=value(f"d{i}_code") or "",
                                    label={loc: value(f"d{i}_label_{loc}") or "" for loc in LOCALES},
                                    required=bool(value(f"d{i}_required"))) for i in docs])
