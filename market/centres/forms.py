"""Forms of the support centre pages: the availability search, the booking confirmation, and the staff's forms
(grant a qualification, reject a booking, take a machine down)."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FileField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from i18n.forms import Form

TIME = Regexp(r"^([01]\d|2[0-3]):[0-5]\d$", message=_l("Give the time as HH:MM."))


class SearchForm(Form):
    """What is free on a date between two times, by category, trade and district (read from the query string)."""

    class Meta:
        csrf = False

    date = DateField(_l("Date"), validators=[Optional()])
    start = StringField(_l("Start time"), validators=[Optional(), TIME], default="14:00")
    end = StringField(_l("End time"), validators=[Optional(), TIME], default="17:00")
    category = SelectField(_l("Machine"), choices=[], validators=[Optional()])
    trade = SelectField(_l("Trade"), choices=[], validators=[Optional()])
    district = SelectField(_l("District"), choices=[], validators=[Optional()])
    max_hourly_krw = IntegerField(_l("Most per hour (KRW)"), validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    qualified = BooleanField(_l("Only machines I am qualified for"))

    def validate_end(self, field):
        if self.start.data and field.data and not self.start.errors and field.data <= self.start.data:
            raise ValidationError(_l("The end must be after the start."))


class BookForm(Form):
    """The confirmation of a chosen slot (nothing is booked before it)."""

    purpose = TextAreaField(_l("What will you make? (optional)"), validators=[Optional(), Length(max=500)])
    agree = BooleanField(_l("I have read the cancellation rules"), validators=[DataRequired()])


class GrantForm(Form):
    """A staff member records that a user completed a training."""

    email = StringField(_l("User's email"), validators=[DataRequired(), Email(), Length(max=254)])
    training = SelectField(_l("Training"), choices=[])


class RejectForm(Form):
    """Why a booking is rejected."""

    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500)])


class DownForm(Form):
    """Take a machine down until a date, with the problem reported."""

    until = DateField(_l("Down until (inclusive)"), validators=[DataRequired()])
    reason = StringField(_l("What is wrong"), validators=[DataRequired(), Length(max=500)])

    def until_end(self) -> dt.date:
        """The last day of the downtime."""
        return self.until.data


class TransferForm(Form):
    """Hand a booking to a colleague."""

    email = StringField(_l("Colleague's email"), validators=[DataRequired(), Email(), Length(max=254)])


class ProblemForm(Form):
    """A user's report of a problem with a machine."""

    problem = TextAreaField(_l("What is wrong with the machine?"), validators=[DataRequired(), Length(max=2000)])


class AssistedForm(Form):
    """A job for a staff-run machine."""

    description = TextAreaField(_l("Describe the job (files, material, finish)"),
                                validators=[DataRequired(), Length(max=5000)])
    quantity = IntegerField(_l("Quantity"), validators=[DataRequired(), NumberRange(min=1, max=100_000)], default=1)


class QuoteForm(Form):
    """The staff's price for a job."""

    amount_krw = IntegerField(_l("Price (KRW)"), validators=[DataRequired(), NumberRange(min=1, max=100_000_000)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])


class MachineFilesForm(Form):
    """The staff upload a machine's manual (PDF) and/or photo; both optional, one needed (checked by the
    service with the upload checks)."""

    manual = FileField(_l("Manual (PDF)"), description=_l("A PDF of at most 10 MB."))
    photo = FileField(_l("Photo"), description=_l("JPEG, PNG or WEBP; its metadata is removed."))


def texts_form(values: dict[str, str] | None = None):
    """The staff's form of a facility's or machine's name and description in each language (filled from
    ``values`` on a GET, from the request on a POST)."""
    from flask_babel import gettext as _

    from i18n.locales import LOCALES, language_name

    class TextsForm(Form):
        pass

    for locale in LOCALES:
        setattr(TextsForm, f"name_{locale}", StringField(
            _("Name (%(language)s)", language=language_name(locale)),
            validators=[Optional(), Length(max=160)]))
        setattr(TextsForm, f"description_{locale}", TextAreaField(
            _("Description (%(language)s)", language=language_name(locale)),
            validators=[Optional(), Length(max=4000)]))
    return TextsForm(data=values) if values is not None else TextsForm()
