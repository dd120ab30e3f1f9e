"""Forms of the co-brand: the application's answers (labels and choices taken from the published criteria),
evidence uploads, and the curators' decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from catalog.certification import criteria
from i18n.forms import Form

_BY_KEY = {c.key: c for c in criteria.CRITERIA}


def _choice_field(key: str) -> RadioField:
    # Answers are checked against the criteria by the service, so a draft may leave questions open.
    c = _BY_KEY[key]
    return RadioField(c.question, description=c.help, validate_choice=False, validators=[Optional()],
                      choices=[SelectChoice(o.value, o.label) for o in c.options])


def _number_field(key: str) -> IntegerField:
    c = _BY_KEY[key]
    return IntegerField(c.question, description=c.help,
                        validators=[Optional(), NumberRange(min=c.minimum, max=c.maximum)])


class ApplicationForm(Form):
    """The criteria's questions and the products to certify; saving keeps a draft, however incomplete."""

    design_location = _choice_field("design_location")
    making_location = _choice_field("making_location")
    assembly_location = _choice_field("assembly_location")
    workshop_staff_share = _number_field("workshop_staff_share")
    years_in_cluster = _number_field("years_in_cluster")
    # Choices are the maker's products; a product id that is not among them is refused by the service as not
    # found, so the form does not pre-validate them.
    products = SelectMultipleField(_l("Products to certify"), coerce=int, validate_choice=False,
                                   description=_l("The seal covers the maker and the products chosen here."))

    def answers(self) -> dict:
        """The answers as the service takes them."""
        return {key: getattr(self, key).data for key in criteria.ANSWER_KEYS}


class EvidenceForm(Form):
    """One evidence document."""

    kind = SelectField(_l("What the document shows"), validators=[DataRequired()],
                       choices=[SelectChoice(k, criteria.EVIDENCE_LABELS[k]) for k in criteria.EVIDENCE_KINDS])
    file = FileField(_l("Document"), validators=[FileRequired(_l("Choose a file to upload."))],
                     description=_l("PDF, PNG or JPEG, at most 10 MB."))


class ApproveForm(Form):
    """A curator's approval: which of the applied products the certificate covers, and an optional note."""

    products = SelectMultipleField(_l("Products the certificate covers"), coerce=int, validate_choice=False)
    note = TextAreaField(_l("Note for the maker (optional)"), validators=[Optional(), Length(max=4000)])


class RejectForm(Form):
    """A curator's rejection, with the reasons the maker will read."""

    reasons = TextAreaField(
        _l("Reasons"), description=_l("The maker reads these and can apply again."),
        validators=[DataRequired(_l("Tell the maker why, so it can improve and apply again.")), Length(max=4000)])


class RevokeForm(Form):
    """A curator's revocation of a certificate."""

    reason = TextAreaField(
        _l("Reason for revoking"),
        validators=[DataRequired(_l("Say why the certificate is revoked.")), Length(max=4000)])
