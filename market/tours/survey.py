"""The short survey after a school tour (a :mod:`market.surveys` definition): the teacher answers for the class
once attendance is recorded — what the students learned, whether the visit raised their interest in the trade,
overall, and free text."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from market.accounts.models import User
from market.notifications.services import notify, recipient_locale
from market.surveys import services as surveys
from market.surveys.definitions import Question, QuestionType, SurveyDefinition
from market.tours.models import TourBooking

KIND = "school_tour"

DEFINITION = SurveyDefinition(
    kind=KIND,
    title=_l("How was the workshop tour?"),
    questions=(
        Question("learned", QuestionType.scale, _l("How much did the students learn about the trade?")),
        Question("interest", QuestionType.yes_no, _l("Are some students now interested in working in a workshop?")),
        Question("overall", QuestionType.scale, _l("Overall, how was the visit?")),
        Question("comment", QuestionType.text, _l("What did the students say?"), required=False),
    ),
)


def invite_teacher(session: Session, booking: TourBooking) -> str:
    """Invite the booking's teacher to the survey (once) and tell them with the link; returns the link."""
    teacher = session.get(User, booking.teacher_id)
    locale = recipient_locale(teacher)
    invitation = surveys.invite(session, KIND, booking.id, teacher, group_key=f"tour:{booking.tour_id}",
                                title=str(DEFINITION.title), locale=locale)
    link = surveys.survey_url(invitation, external=False)
    with force_locale(locale):
        notify(session, [teacher.id], "tour_survey", _("Tell us how the workshop tour went for your class."), link)
    return link
