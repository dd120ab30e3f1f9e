"""The short survey after a school tour (a :mod:`market.surveys` definition), answered by the students
themselves: once the tour has begun, the teacher opens the class's survey slips — one per student who came (the
group size until the host records attendance) — and hands them out printed with their QR code or sends the links
on. Each slip is one survey invitation (kind ``school_tour``, about that slip), answered once on its own short
page without an account. The teacher sees the class's results, the host workshop every class's results of the
tour; nobody answers on the students' behalf.

The invitation's user is the teacher the slip was given to (an invitation names a user); the answer is the
student's.
"""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Organization, User
from market.careers.services.common import notify_user
from market.db import utcnow
from market.refusals import Refusal, not_found
from market.surveys import services as surveys
from market.surveys.definitions import Question, QuestionType, SurveyDefinition
from market.surveys.models import SurveyInvitation
from market.tours.models import Tour, TourBooking, TourSurveySlip

KIND = "school_tour"

DEFINITION = SurveyDefinition(
    kind=KIND,
    title=_l("How was the workshop tour?"),
    questions=(
        Question("learned", QuestionType.scale, _l("How much did you learn about the trade?")),
        Question("interest", QuestionType.yes_no, _l("Would you like to work in a workshop like this one?")),
        Question("overall", QuestionType.scale, _l("Overall, how was the visit?")),
        Question("comment", QuestionType.text, _l("What did you like most, or what would you change?"),
                 required=False),
    ),
)


def group_key(booking: TourBooking) -> str:
    """The survey group of one class's answers."""
    return f"tour-booking:{booking.id}"


def tell_teacher(session: Session, booking: TourBooking) -> None:
    """Tell the teacher, in their language, that the students' survey slips are ready, with the link to them."""
    teacher = session.get(User, booking.teacher_id)
    notify_user(session, teacher, "tour_survey",
                lambda: _("Hand the students of %(school)s their survey slips: each answers the short survey "
                          "about the workshop tour once.", school=booking.school),
                "market_tours.slips", booking_id=booking.id)


@dataclasses.dataclass(frozen=True)
class Slip:
    """One student's slip: its number on the sheet, its one-time link and whether it was answered."""

    number: int
    link: str
    answered: bool


def teachers_booking(session: Session, teacher, booking_id: int) -> tuple[TourBooking, Tour]:
    """The teacher's booking and its tour; 404 for anyone else's."""
    booking = session.get(TourBooking, booking_id)
    if booking is None or not getattr(teacher, "is_authenticated", False) or booking.teacher_id != teacher.id:
        raise not_found()
    return booking, session.get(Tour, booking.tour_id)


def slips_ready(booking: TourBooking, tour: Tour) -> bool:
    """Whether the class's survey slips can be handed out: the booking stands and the tour has begun."""
    return booking.status == "booked" and tour.starts_at <= utcnow()


def make_slips(session: Session, teacher, booking_id: int, locale: str) -> list[Slip]:
    """Make the class's survey slips for its teacher, one per student who came (the group size until attendance
    is recorded), with links in ``locale``; slips made before are kept (asking again makes only the missing
    ones). Refuses another's booking (404), and a cancelled booking or a tour that has not begun (409)."""
    booking, tour = teachers_booking(session, teacher, booking_id)
    if not slips_ready(booking, tour):
        raise Refusal(_("The survey slips are ready once the tour has begun."), code="not_yet", status=409)
    wanted = booking.attended if booking.attended is not None else booking.group_size
    slips = _slips_of(session, booking)
    for number in range(len(slips) + 1, wanted + 1):
        try:
            with session.begin_nested():
                slip = TourSurveySlip(booking_id=booking.id, number=number)
                session.add(slip)
                session.flush()
        except sa.exc.IntegrityError:  # the teacher's other tab made it at the same moment
            slip = session.exec(select(TourSurveySlip).where(TourSurveySlip.booking_id == booking.id,
                                                             TourSurveySlip.number == number)).one()
        slips.append(slip)
    org = session.get(Organization, tour.org_id)
    title = f"{org.name} · {booking.school}"
    back = url_for("market_tours.detail", lang=locale, tour_id=tour.id)
    for slip in slips:
        surveys.invite(session, KIND, slip.id, teacher, group_key=group_key(booking), title=title,
                       return_url=back, locale=locale)
    return list_slips(session, teacher, booking_id)


def _slips_of(session: Session, booking: TourBooking) -> list[TourSurveySlip]:
    return list(session.exec(select(TourSurveySlip).where(TourSurveySlip.booking_id == booking.id)
                             .order_by(TourSurveySlip.number)))


def list_slips(session: Session, teacher, booking_id: int) -> list[Slip]:
    """The class's survey slips made so far, with their links, for its teacher (404 for anyone else)."""
    booking, _tour = teachers_booking(session, teacher, booking_id)
    slips = _slips_of(session, booking)
    invitations = {i.subject_id: i for i in session.exec(select(SurveyInvitation).where(
        SurveyInvitation.kind == KIND, SurveyInvitation.subject_id.in_([s.id for s in slips] or [0])))}
    return [Slip(slip.number, surveys.survey_url(invitations[slip.id]), invitations[slip.id].answered_at is not None)
            for slip in slips if slip.id in invitations]


@dataclasses.dataclass(frozen=True)
class TourSurveyResults:
    """The students' answers summed up: counts, means, the share who would like to work in a workshop, and
    what they wrote."""

    results: surveys.SurveyResults
    comments: list[str]

    @property
    def interest_share(self) -> float | None:
        """The share of students who would like to work in a workshop like this one."""
        return self.results.yes_shares.get("interest")


def _results(session: Session, keys: list[str]) -> TourSurveyResults:
    return TourSurveyResults(surveys.summarize(session, KIND, group_keys=keys),
                             surveys.texts(session, KIND, "comment", group_keys=keys))


def class_results(session: Session, teacher, booking_id: int) -> TourSurveyResults:
    """The results of one class, for its teacher (404 for anyone else)."""
    booking, _tour = teachers_booking(session, teacher, booking_id)
    return _results(session, [group_key(booking)])


def tour_results(session: Session, tour: Tour) -> TourSurveyResults:
    """The results of every class of a tour (for the host's members: the caller checks)."""
    bookings = session.exec(select(TourBooking).where(TourBooking.tour_id == tour.id)).all()
    return _results(session, [group_key(b) for b in bookings])

