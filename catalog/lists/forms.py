"""Forms of the saved-list pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from catalog.lists.services import MAX_NAME
from i18n.forms import Form

NEW_LIST = 0


class ListNameForm(Form):
    """Name a new list, or rename one."""

    name = StringField(_l("List name"), validators=[Length(min=1, max=MAX_NAME)],
                       render_kw={"maxlength": MAX_NAME, "required": True})


class SaveForm(Form):
    """Choose the list to save a product to, or name a new one."""

    list_id = SelectField(_l("Save to"), coerce=int, validate_choice=False)  # the service checks ownership (404)
    new_name = StringField(_l("Name of the new list"), validators=[Optional(), Length(max=MAX_NAME)],
                           render_kw={"maxlength": MAX_NAME})


class ActionForm(Form):
    """A button that changes something (only the CSRF token)."""
