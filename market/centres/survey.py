"""The satisfaction survey after a completed booking (a :mod:`market.surveys` definition): equipment condition,
staff help, ease of booking and overall (1–5), would use again, recommend (0–10) and free text. Answering moves the
booking to "surveyed"; a score of 2 or less opens a follow-up task for the facility's manager."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.labels import centre_name, machine_name
from market.centres.models import (
    BOOKING_TRANSITIONS,
    Actor,
    Booking,
    BookingStatus,
    Equipment,
    Facility,
    FacilityStaff,
    FollowUp,
)
from market.mail import send_mail
from market.notifications.services import notify, recipient_locale
from market.refusals import Refusal
from market.surveys import services as surveys
from market.surveys.definitions import Question, QuestionType, SurveyDefinition
from market.transitions import apply_transition

KIND = "centre_booking"


def group_key(facility_id: int) -> str:
    """The survey group of a facility's bookings."""
    return f"facility:{facility_id}"


def _on_answer(session: Session, invitation, response) -> None:
    booking = session.get(Booking, invitation.subject_id)
    if booking is None:
        return
    try:
        apply_transition(session, booking, BOOKING_TRANSITIONS, BookingStatus.surveyed, role=Actor.system)
    except Refusal:
        pass  # a booking moved meanwhile keeps its status; the answer still counts


def _on_low_score(session: Session, invitation, response) -> None:
    booking = session.get(Booking, invitation.subject_id)
    if booking is None:
        return
    facility = session.get(Facility, booking.facility_id)
    equipment = session.get(Equipment, booking.equipment_id)
    scores = ", ".join(f"{k}={v}" for k, v in response.answers.items() if isinstance(v, int) and not isinstance(v, bool))
    session.add(FollowUp(facility_id=facility.id, booking_id=booking.id, kind="low_score",
                         note=f"{equipment.name}: {scores}\n{response.answers.get('comment', '')}".strip()))
    staff = session.exec(select(User).join(FacilityStaff, FacilityStaff.user_id == User.id)
                         .where(FacilityStaff.facility_id == facility.id)).all()
    for user in staff:
        locale = recipient_locale(user)
        with force_locale(locale):
            notify(session, [user.id], "centre_follow_up", _(
                "A user rated %(machine)s poorly: a follow-up task is open.", machine=machine_name(equipment)),
                url_for("market_centres.console", lang=locale, slug=facility.slug, _external=False))
    session.flush()


DEFINITION = SurveyDefinition(
    kind=KIND,
    title=_l("How was your booking?"),
    questions=(
        Question("equipment", QuestionType.scale, _l("Condition of the equipment")),
        Question("staff", QuestionType.scale, _l("Help from the staff")),
        Question("booking", QuestionType.scale, _l("Ease of booking")),
        Question("overall", QuestionType.scale, _l("Overall satisfaction")),
        Question("again", QuestionType.yes_no, _l("Would you use this machine again?")),
        Question("recommend", QuestionType.nps, _l("How likely are you to recommend this centre to a colleague?")),
        Question("comment", QuestionType.text, _l("Anything else you want to tell us?"), required=False),
    ),
    on_low_score=_on_low_score,
    on_answer=_on_answer,
)


def send_survey(session: Session, booking: Booking) -> None:
    """Invite the booking's user to the survey and mail them its one-time link, in their language."""
    user = session.get(User, booking.user_id)
    equipment = session.get(Equipment, booking.equipment_id)
    facility = session.get(Facility, booking.facility_id)
    locale = recipient_locale(user)
    with force_locale(locale):
        invitation = surveys.invite(session, KIND, booking.id, user, group_key=group_key(facility.id),
                                    title=f"{machine_name(equipment)} · {centre_name(facility)}", locale=locale,
                                    return_url=url_for("market_centres.mine", lang=locale, _external=False))
        link = surveys.survey_url(invitation)
        message = _("How was %(machine)s at %(facility)s? Tell us in two minutes.", machine=machine_name(equipment),
                    facility=centre_name(facility))
        body = _("Hello %(name)s,\n\n%(message)s\n\n%(link)s\n\nThe link works once, for 14 days.\n",
                 name=user.display_name, message=message, link=link)
        send_mail(session, user.email, message[:120], body)
        notify(session, [user.id], "centre_survey", message, surveys.survey_url(invitation, external=False),
               mail=False)
