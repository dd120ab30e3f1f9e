"""Course titles and summaries in the five languages, through the translatable content of :mod:`i18n.content`
(entity ``training_course``), the same way as programmes (:mod:`market.programmes.services.texts`): English and
Korean in the course's columns, the other languages as reviewed content rows written by training staff."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from i18n.locales import LOCALES
from market.programmes.services.access import is_programme_staff
from market.programmes.services.texts import Texts, save_texts, shown
from market.refusals import Refusal, forbidden, not_found
from market.trainings.models import Course

COURSE = "training_course"
FIELDS = ("title", "summary")
LIMITS = {"title": 200, "summary": 2000}


def course_texts(session: Session | None, course: Course, *, every_locale: bool = False) -> Texts:
    """A course's title and summary, each ``{locale: text}``."""
    return shown(COURSE, course, FIELDS, session, every_locale=every_locale)


def save_course_texts(session: Session, user, course_id: int, values: dict[str, str]) -> Course:
    """Save a course's title and summary in every language from ``title_<locale>`` and ``summary_<locale>``
    (training staff — programme staff and admins — only, 403); refuses an empty English title and a text over its length (422 on the field)."""
    if not is_programme_staff(user):
        raise forbidden()
    course = session.get(Course, course_id)
    if course is None:
        raise not_found()
    cleaned = {f"{field}_{loc}": (values.get(f"{field}_{loc}") or "").strip() for field in FIELDS for loc in LOCALES}
    errors = {}
    if not cleaned["title_en"]:
        errors["title_en"] = _("Give the title in English.")
    for key, value in cleaned.items():
        limit = LIMITS[key.split("_", 1)[0]]
        if len(value) > limit:
            errors[key] = _("Keep it under %(n)d characters.", n=limit)
    if errors:
        raise Refusal(_("Some fields need your attention."), fields=errors)
    save_texts(session, COURSE, course, FIELDS,
               {field: {loc: cleaned[f"{field}_{loc}"] for loc in LOCALES} for field in FIELDS}, user_id=user.id)
    return course
