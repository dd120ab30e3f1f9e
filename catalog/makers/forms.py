"""Forms of the maker profile editor and the maker list's search (Flask-WTF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    MultipleFileField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from catalog.products.categories import UNIT_LABELS
from i18n.forms import Form, VocabularyField

ONE_PER_LINE = _l("One per line.")
VOCABULARY_HINT = _l("Tick them in the list: buyers read them in their own language. Write the others under "
                     "“Other”.")


class MakerProfileForm(Form):
    materials = VocabularyField(_l("Materials"), vocabulary="materials", max_values=30, max_other=80,
                                description=VOCABULARY_HINT)
    capabilities = VocabularyField(_l("Capabilities"), vocabulary="capabilities", max_values=30, max_other=80,
                                   description=VOCABULARY_HINT)
    equipment = VocabularyField(_l("Equipment"), vocabulary="equipment", max_values=30, max_other=80,
                                description=VOCABULARY_HINT)
    certifications = TextAreaField(_l("Certifications"), validators=[Optional(), Length(max=4000)],
                                   description=ONE_PER_LINE)
    min_order_qty = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1, max=1_000_000)],
                                 description=_l("The smallest order you accept; leave empty if you have none."))
    min_order_unit = SelectField(_l("Unit"))
    min_order_note = StringField(_l("Note on the minimum order"), validators=[Optional(), Length(max=160)],
                                 description=_l("e.g. sizes and colours can be mixed."))
    lead_time_days = IntegerField(_l("Typical lead time (days)"),
                                  validators=[Optional(), NumberRange(min=0, max=365)])
    published = BooleanField(_l("Show my public profile"),
                             description=_l("Buyers see your profile and it is listed in your cluster."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.min_order_unit.choices = [SelectChoice(code, label) for code, label in UNIT_LABELS.items()]


class WorkshopPhotosForm(Form):
    photos = MultipleFileField(_l("Add workshop photos"),
                               description=_l("JPEG, PNG or WEBP; location and camera data are removed."))


class MakerSearchForm(Form):
    class Meta:
        csrf = False

    q = StringField(_l("Name"), validators=[Optional(), Length(max=100)])
    cluster = SelectField(_l("Cluster"), validators=[Optional()])


class ConfirmForm(Form):
    """A button-only form: the CSRF token is the content."""
