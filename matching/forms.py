"""Forms of the matching pages: the profile editor, the listing editor, an introduction request and the steps of
an introduction (decline with a reason, answers, NDA acceptance)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FileField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from i18n.forms import Form, VocabularyField
from i18n.locales import LOCALE_NAMES, LOCALES

LANGUAGE_CHOICES = [SelectChoice(loc, LOCALE_NAMES[loc]) for loc in LOCALES]
VOCABULARY_HINT = _l("Tick them in the list: others read them in their own language. Write the others under "
                     "“Other”.")


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProfileForm(Form):
    """The profile texts in one language, plus the fields every language shares."""

    edit_lang = HiddenField()
    title = StringField(_l("Name shown on the profile"), validators=[Optional(), Length(max=200)])
    offer = TextAreaField(_l("What you offer"), validators=[Optional(), Length(max=5000)],
                          description=_l("Your capabilities, technologies and products, in your own words."))
    seek = TextAreaField(_l("What you are looking for"), validators=[Optional(), Length(max=5000)],
                         description=_l("Partners, technologies, work or buyers you want to find."))
    lang = SelectField(_l("Language you write in"), choices=LANGUAGE_CHOICES)
    tags = MultiCheckboxField(_l("Tags"), choices=[], validate_choice=False)
    add_tags = StringField(_l("Add tags"), validators=[Optional(), Length(max=500)],
                           description=_l("Glossary terms in any language, separated by commas."))
    capabilities = VocabularyField(_l("Capabilities"), vocabulary="capabilities", max_values=30, max_other=80,
                                   description=VOCABULARY_HINT)
    equipment = VocabularyField(_l("Equipment"), vocabulary="equipment", max_values=30, max_other=80,
                                description=VOCABULARY_HINT)
    region = StringField(_l("Region"), validators=[Optional(), Length(max=16)],
                         description=_l("A country code, or a subdivision such as KR-11 for Seoul."))
    contact_email = StringField(_l("Contact email"), validators=[Optional(), Email(), Length(max=254)],
                                description=_l("Shown only to organisations whose introduction you accept."))
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])


class ListingForm(Form):
    """A technology listing: texts in one language, plus the fields every language shares."""

    edit_lang = HiddenField()
    title = StringField(_l("Title"), validators=[Optional(), Length(max=200)])
    abstract = TextAreaField(_l("Abstract"), validators=[Optional(), Length(max=5000)],
                             description=_l("What the technology does, how far it is developed, what it needs."))
    teaser_title = StringField(_l("Public teaser title"), validators=[Optional(), Length(max=200)],
                               description=_l("Shown to everyone when details need an NDA; do not name "
                                              "yourself."))
    teaser = TextAreaField(_l("Public teaser"), validators=[Optional(), Length(max=5000)])
    lang = SelectField(_l("Language you write in"), choices=LANGUAGE_CHOICES)
    patent_number = StringField(_l("Patent or application number"), validators=[Optional(), Length(max=60)],
                                description=_l("For example KR 10-2023-0012345 or US 11,234,567."))
    ipc = StringField(_l("IPC/CPC codes"), validators=[Optional(), Length(max=300)],
                      description=_l("Separated by commas, for example B23Q 17/09, C22C."))
    trl = SelectField(_l("Technology readiness level"),
                      choices=[SelectChoice("", "—")] + [SelectChoice(str(n), str(n)) for n in range(1, 10)], validators=[Optional()])
    license_terms = MultiCheckboxField(_l("Terms offered"), choices=[
        SelectChoice("license", _l("Licence")), SelectChoice("joint_development", _l("Joint development")),
        SelectChoice("sale", _l("Sale"))])
    nda_required = BooleanField(_l("Details only after an NDA"),
                                description=_l("Everyone sees the teaser; details and your name only after you "
                                               "approve a requester and they accept the NDA."))
    questions = TextAreaField(_l("Qualification questions"), validators=[Optional(), Length(max=5000)],
                              description=_l("One question per line, asked before you decide on an NDA."))
    tags = MultiCheckboxField(_l("Tags"), choices=[], validate_choice=False)
    add_tags = StringField(_l("Add tags"), validators=[Optional(), Length(max=500)],
                           description=_l("Glossary terms in any language, separated by commas."))
    region = StringField(_l("Region"), validators=[Optional(), Length(max=16)])


class IntroRequestForm(Form):
    """Ask for an introduction."""

    from_org_id = SelectField(_l("Write for"), coerce=int, choices=[], validators=[Optional()])
    message = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=2000)],
                            description=_l("Who you are and what you have in mind."))


class DeclineForm(Form):
    """Decline with a reason from the fixed list."""

    reason = SelectField(_l("Reason"), validators=[InputRequired()], choices=[])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class NdaForm(Form):
    """Accept the shown NDA version."""

    version = IntegerField(validators=[InputRequired(), NumberRange(min=1)], widget=widgets.HiddenInput())
    agree = BooleanField(_l("I have read the agreement and accept it for my organisation"),
                         validators=[DataRequired(_l("Tick the box to accept the agreement."))])


class IntroMessageForm(Form):
    """A message on an accepted introduction's thread, with attachments."""

    body = TextAreaField(_l("Your message"), validators=[Optional(), Length(max=5000)])
    files = MultipleFileField(_l("Attachments"), description=_l(
        "Up to 10 files: PDF, PNG, JPEG, WEBP, STEP, IGES, STL or DXF."))


class DealForm(Form):
    """Move the deal to another stage; an agreement names what was agreed."""

    expected = HiddenField()
    stage = SelectField(_l("Stage"), validators=[InputRequired()], choices=[])
    kind = SelectField(_l("What was agreed"), validators=[Optional()], choices=[])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=5000)])


class HolderNdaForm(Form):
    """The holder's own NDA, a PDF."""

    nda_file = FileField(_l("Your own NDA (PDF)"), description=_l(
        "Requesters read and accept it together with the platform's NDA before your details are shown."))
