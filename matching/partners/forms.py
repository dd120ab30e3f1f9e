"""Forms of partner finding: the search (a GET form), saving it, and rating a suggestion."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from catalog.products.forms import CheckboxesField
from i18n.forms import Form

KIND_LABELS = {
    "maker": _l("Makers"),
    "ip_holder": _l("Patent holders and companies"),
    "lab": _l("Research labs"),
    "startup": _l("Startups"),
    "buyer": _l("Buyers"),
}
TERM_LABELS = {"license": _l("Licence"), "joint_development": _l("Joint development"), "sale": _l("Sale")}


class PartnerSearchForm(Form):
    """What the searcher needs, with filters; read from the query string."""

    class Meta:
        csrf = False

    q = TextAreaField(_l("What are you looking for?"), validators=[InputRequired(), Length(max=2000)],
                      description=_l("Describe the technology, capability or partner you need, in any of our "
                                     "languages."))
    kind = CheckboxesField(_l("Kinds of partner"), validators=[Optional()],
                           choices=[SelectChoice(k, v) for k, v in KIND_LABELS.items()])
    cluster = SelectField(_l("Cluster"), validators=[Optional()])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=16),
                                                   Regexp(r"^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$",
                                                          message=_l("Use a code like KR or KR-11."))],
                         description=_l("Country or region code, e.g. KR or KR-11 for Seoul."))
    trl_min = IntegerField(_l("Readiness from (TRL)"), validators=[Optional(), NumberRange(min=1, max=9)])
    trl_max = IntegerField(_l("Readiness up to (TRL)"), validators=[Optional(), NumberRange(min=1, max=9)])
    terms = CheckboxesField(_l("Terms offered"), validators=[Optional()],
                            choices=[SelectChoice(k, v) for k, v in TERM_LABELS.items()])
    org = SelectField(_l("Search for"), validators=[Optional()], coerce=int)

    def validate_trl_max(self, field):
        if field.data is not None and self.trl_min.data is not None and field.data < self.trl_min.data:
            raise ValidationError(_l("The upper readiness level must not be below the lower one."))

    def engine_filters(self) -> dict:
        """The filters in the engine's terms (empty ones left out)."""
        filters = {}
        if self.cluster.data:
            filters["cluster"] = self.cluster.data
        if self.region.data:
            filters["region"] = self.region.data.upper()
        if self.trl_min.data is not None:
            filters["trl_min"] = self.trl_min.data
        if self.trl_max.data is not None:
            filters["trl_max"] = self.trl_max.data
        if self.terms.data:
            filters["license_terms"] = list(self.terms.data)
        return filters


class SaveSearchForm(Form):
    """Keep the current search to be alerted of new matches (the fields come from the search)."""

    q = HiddenField(validators=[InputRequired(), Length(max=2000)])
    kinds = HiddenField()
    filters = HiddenField()
    org = HiddenField()


class FeedbackForm(Form):
    """Was this suggestion useful?"""

    doc_id = HiddenField(validators=[InputRequired(), Length(max=40)])
    useful = BooleanField()
    context = HiddenField(validators=[Optional(), Length(max=40)])


class ConfirmForm(Form):
    """A button-only form: the CSRF token is the content."""
