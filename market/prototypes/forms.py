"""Forms of prototype commissions: the request, the board's filters, bids with their milestone plan, questions,
answers, messages, invitations, translations, deliveries, reviews and ratings.

Choices and ranges are checked by the services (``validate_choice=False``), so pages and the API refuse bad
input with the same messages.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from i18n.forms import Form, VocabularyField
from i18n.locales import LOCALE_NAMES, LOCALES
from market.prototypes.services.base import (
    CATEGORY_LABELS,
    MAX_DESCRIPTION,
    MAX_MATERIAL,
    MAX_MATERIALS,
    MAX_MILESTONE_TITLE,
    MAX_MILESTONES,
    MAX_TEXT,
    MAX_TITLE,
)

MILESTONE_ROWS = 5


def category_choices(blank=None) -> list[SelectChoice]:
    """The categories, optionally after a blank choice."""
    choices = [SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()]
    return ([SelectChoice("", blank)] if blank is not None else []) + choices


def locale_choices() -> list[SelectChoice]:
    """The languages a text can be written in."""
    return [SelectChoice(code, LOCALE_NAMES[code]) for code in LOCALES]


class RequestForm(Form):
    startup_org_id = SelectField(_l("Posting for"), coerce=int, validate_choice=False, validators=[Optional()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_TITLE)],
                        description=_l("What should be made, in a few words."))
    description = TextAreaField(_l("Description"), validators=[DataRequired(), Length(max=MAX_DESCRIPTION)],
                                description=_l("Size, function, finish, tolerances, how it will be tested."))
    locale = SelectField(_l("Language of the title and description"), validate_choice=False)
    category = SelectField(_l("Category"), validate_choice=False)
    cluster_code = SelectField(_l("Preferred cluster"), validate_choice=False, validators=[Optional()])
    quantity = IntegerField(_l("Quantity"), validators=[InputRequired()])
    materials = VocabularyField(_l("Materials"), vocabulary="materials", max_values=MAX_MATERIALS,
                                max_other=MAX_MATERIAL,
                                description=_l("Tick them in the list: others read them in their own language. "
                                               "Write the others under “Other”."))
    budget_min_krw = IntegerField(_l("Budget from (KRW)"), validators=[InputRequired()])
    budget_max_krw = IntegerField(_l("Budget up to (KRW)"), validators=[InputRequired()])
    deadline = DateField(_l("Bids due by"), validators=[InputRequired()])
    nda_required = BooleanField(_l("Makers must accept an NDA before they see the files"))
    files = MultipleFileField(_l("Files"), description=_l(
        "Up to 10 files: CAD (STEP, IGES, STL, DXF, 25 MB each), drawings (PDF) and images (PNG, JPEG, WEBP), "
        "10 MB each."))

    def __init__(self, *args, startups=(), clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.startup_org_id.choices = [SelectChoice(o.id, o.name) for o in startups]
        self.locale.choices = locale_choices()
        self.category.choices = category_choices()
        self.cluster_code.choices = [SelectChoice("", _l("No preference"))] + [
            SelectChoice(code, name) for code, name in clusters]


class BoardForm(Form):
    class Meta:
        csrf = False

    category = SelectField(_l("Category"), validate_choice=False, validators=[Optional()])
    cluster = SelectField(_l("Cluster"), validate_choice=False, validators=[Optional()])
    budget_min_krw = IntegerField(_l("Budget at least (KRW)"), validators=[Optional()])
    budget_max_krw = IntegerField(_l("Budget at most (KRW)"), validators=[Optional()])
    deadline_before = DateField(_l("Bids due by"), validators=[Optional()])
    nda = SelectField(_l("NDA"), validate_choice=False, validators=[Optional()])
    sort = SelectField(_l("Sort"), validate_choice=False, validators=[Optional()])

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = category_choices(_l("All categories"))
        self.cluster.choices = [SelectChoice("", _l("All clusters"))] + [
            SelectChoice(code, name) for code, name in clusters]
        self.nda.choices = [SelectChoice("", _l("With or without")), SelectChoice("yes", _l("NDA required")),
                            SelectChoice("no", _l("No NDA"))]
        self.sort.choices = [SelectChoice("newest", _l("Newest")), SelectChoice("deadline", _l("Deadline soonest")),
                             SelectChoice("budget", _l("Largest budget"))]


class MilestoneRow(PlainForm):
    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=MAX_MILESTONE_TITLE)])
    amount_krw = IntegerField(_l("Amount (KRW)"), validators=[Optional()])


class BidForm(Form):
    maker_org_id = SelectField(_l("Bidding as"), coerce=int, validate_choice=False, validators=[Optional()])
    price_krw = IntegerField(_l("Price (KRW)"), validators=[InputRequired()],
                             description=_l("The whole price; the milestones below must add up to it."))
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[InputRequired()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=MAX_TEXT)],
                          description=_l("Process, materials, what is included, questions you assumed."))
    milestones = FieldList(FormField(MilestoneRow), min_entries=MILESTONE_ROWS, max_entries=MAX_MILESTONES)

    def plan(self) -> list[dict]:
        """The filled milestone rows as ``[{"title", "amount_krw"}]`` (empty rows skipped)."""
        rows = []
        for entry in self.milestones.entries:
            title, amount = (entry.form.title.data or "").strip(), entry.form.amount_krw.data
            if title or amount is not None:
                rows.append({"title": title, "amount_krw": amount})
        return rows


class QuestionForm(Form):
    body = TextAreaField(_l("Your question"), validators=[DataRequired(), Length(max=MAX_TEXT)],
                         description=_l("Questions and answers are public: do not share confidential details."))


class AnswerForm(Form):
    answer = TextAreaField(_l("Your answer"), validators=[DataRequired(), Length(max=MAX_TEXT)])


class MessageForm(Form):
    maker_org_id = HiddenField()
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=MAX_TEXT)])


class InviteForm(Form):
    maker_org_id = HiddenField(validators=[DataRequired()])
    score = HiddenField()
    explanation = HiddenField()


class MakerChoiceForm(Form):
    maker_org_id = SelectField(_l("As"), coerce=int, validate_choice=False, validators=[Optional()])


class TranslationForm(Form):
    locale = SelectField(_l("Language"), validate_choice=False)
    title = StringField(_l("Title"), validators=[Optional(), Length(max=MAX_TITLE)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=MAX_DESCRIPTION)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = locale_choices()


class FilesForm(Form):
    files = MultipleFileField(_l("Add files"), description=_l(
        "CAD (STEP, IGES, STL, DXF, 25 MB each), drawings (PDF) and images (PNG, JPEG, WEBP), 10 MB each."))


class DeliverForm(Form):
    note = TextAreaField(_l("What you deliver"), validators=[Optional(), Length(max=MAX_TEXT)])
    files = MultipleFileField(_l("Photos and files"), description=_l(
        "Up to 10 photos or files (PNG, JPEG, WEBP, PDF, STEP, IGES, STL, DXF)."))


class ReviewForm(Form):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=MAX_TEXT)])


class RatingForm(Form):
    # No default: a score is chosen on purpose (the service refuses a missing one on this field).
    score = RadioField(_l("Score"), validate_choice=False, validators=[Optional()],
                       choices=[SelectChoice(str(n), "★" * n + "☆" * (5 - n)) for n in (5, 4, 3, 2, 1)])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=MAX_TEXT)],
                            description=_l("Required for a score of 1 or 2 stars."))


class CommissionMessageForm(Form):
    body = TextAreaField(_l("Your message"), validators=[Optional(), Length(max=MAX_TEXT)])
    files = MultipleFileField(_l("Attachments"), description=_l(
        "Up to 10 files: PDF, PNG, JPEG, WEBP, STEP, IGES, STL or DXF."))


class CancelCommissionForm(Form):
    reason = TextAreaField(_l("Why you cancel"), validators=[Optional(), Length(max=MAX_TEXT)])


class ChangeForm(Form):
    price_krw = IntegerField(_l("New price (KRW)"), validators=[Optional()],
                             description=_l("Leave empty to keep the price."))
    lead_time_days = IntegerField(_l("New lead time (days)"), validators=[Optional()],
                                  description=_l("Leave empty to keep the lead time."))
    milestones = FieldList(FormField(MilestoneRow), min_entries=MILESTONE_ROWS, max_entries=MAX_MILESTONES)
    reason = TextAreaField(_l("Why"), validators=[Optional(), Length(max=MAX_TEXT)])

    def fill(self, plan: list[dict]) -> None:
        """Show the current plan in the milestone rows (with room for more)."""
        while len(self.milestones.entries) < min(len(plan) + 1, MAX_MILESTONES):
            self.milestones.append_entry()
        for entry, step in zip(self.milestones.entries, plan, strict=False):
            entry.form.title.data, entry.form.amount_krw.data = step["title"], step["amount_krw"]

    def plan(self) -> list[dict]:
        """The filled milestone rows as ``[{"title", "amount_krw"}]`` (empty rows skipped)."""
        return BidForm.plan(self)


class ChangeDecisionForm(Form):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), Length(max=MAX_TEXT)])
