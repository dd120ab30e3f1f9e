"""Forms of the showroom: a product's 3D model upload, and the curators' arrangement of a showroom."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, IntegerField, SelectChoice, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from catalog.showroom.services.models3d import PLACEMENT_LABELS, UNIT_LABELS
from i18n.forms import Form


def _placements():
    return [SelectChoice(str(code), str(label)) for code, label in PLACEMENT_LABELS.items()]


def _units():
    return [SelectChoice(code, str(label)) for code, label in UNIT_LABELS.items()]


class ModelUploadForm(Form):
    width_mm = DecimalField(_l("Width (mm)"), places=None, validators=[InputRequired(), NumberRange(min=0.1)])
    depth_mm = DecimalField(_l("Depth (mm)"), places=None, validators=[InputRequired(), NumberRange(min=0.1)])
    height_mm = DecimalField(_l("Height (mm)"), places=None, validators=[InputRequired(), NumberRange(min=0.1)])
    placement = SelectField(_l("How it stands"), choices=_placements, default="floor")
    unit = SelectField(_l("Unit the model was drawn in"), choices=_units, default="mm",
                       description=_l("STL and OBJ files carry no unit. GLB, glTF and 3MF files declare their "
                                      "own, which is used instead."))


class AddItemForm(Form):
    product_id = IntegerField(_l("Product"), validators=[InputRequired()])
    row = IntegerField(_l("Row"), default=1, validators=[Optional(), NumberRange(min=1, max=51)])


class MoveItemForm(Form):
    direction = SelectField(choices=[SelectChoice(d, d) for d in ("left", "right", "up", "down")])


class ActionForm(Form):
    """A button that only needs its CSRF token."""
