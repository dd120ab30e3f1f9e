"""Forms of trainings: a course's title and summary in each language, for training staff."""

from __future__ import annotations

from flask_babel import gettext as _
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from i18n.forms import Form
from i18n.locales import LOCALES, language_name


def course_texts_form(values: dict[str, str] | None = None):
    """The form of a course's texts, ``title_<locale>`` and ``summary_<locale>``, filled with ``values``."""

    class CourseTextsForm(Form):
        pass

    for locale in LOCALES:
        setattr(CourseTextsForm, f"title_{locale}", StringField(
            _("Title (%(language)s)", language=language_name(locale)),
            validators=([DataRequired()] if locale == "en" else []) + [Length(max=200)]))
        setattr(CourseTextsForm, f"summary_{locale}", TextAreaField(
            _("Summary (%(language)s)", language=language_name(locale)), validators=[Length(max=2000)]))
    return CourseTextsForm(data=values) if values is not None else CourseTextsForm()
