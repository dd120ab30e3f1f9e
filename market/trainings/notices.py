"""What trainees are told about their place, each in their own language: enrolled (with the session's calendar
file attached to the mail), seat held until the fee is paid (with the link to pay), on the waitlist, moved up
from the waitlist, a held seat released because its fee was not paid in time, their session moved to another time or place (with the new calendar file), and their session
cancelled (with what happens to the fee)."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session

from i18n.money import format_money
from i18n.times import format_datetime
from market.accounts.models import User
from market.mail import Attachment
from market.notifications.services import notify, recipient_locale
from market.programmes.labels import text
from market.trainings.calendar import session_ics
from market.trainings.models import Course, Enrolment, EnrolmentStatus, TrainingSession
from market.trainings.texts import course_texts

PAYABLE_KIND = "training_enrolment"


def calendar_attachment(training_session: TrainingSession, course: Course, locale: str) -> Attachment:
    """The session's .ics as a mail attachment, its page in the reader's language."""
    page = url_for("market_trainings.course", lang=locale, id=course.id, _external=True)
    return Attachment(f"training-{training_session.id}.ics", "text/calendar",
                      session_ics(training_session, course, page))


def _title(session: Session, course: Course, locale: str) -> str:
    return text(course_texts(session, course).title, locale)


def tell_enrolment(session: Session, user: User, training_session: TrainingSession, enrolment: Enrolment, *,
                   promoted: bool = False) -> None:
    """The notice of a place, in the trainee's language: enrolled (the mail carries the .ics), seat held until
    the fee is paid (the link to pay), or on the waitlist; ``promoted`` says a waitlist place became a seat."""
    course = session.get(Course, training_session.course_id)
    locale = recipient_locale(user)
    attachments = ()
    url = url_for("market_trainings.mine", lang=locale, _external=False)
    with force_locale(locale):
        title = _title(session, course, locale)
        when = format_datetime(training_session.starts_at, "short")
        if enrolment.status == EnrolmentStatus.waitlisted:
            message = _("You are on the waitlist of “%(course)s” on %(when)s.", course=title, when=when)
        elif enrolment.status == EnrolmentStatus.awaiting_payment:
            message = (_("A seat opened for you in “%(course)s” on %(when)s.", course=title, when=when) + " "
                       if promoted else "")
            message += _("Your seat in “%(course)s” on %(when)s is held until you pay the fee of %(fee)s; you are "
                         "enrolled once it is paid.", course=title, when=when,
                         fee=format_money(enrolment.fee_krw, "KRW", locale))
            if enrolment.hold_until is not None:
                message += " " + _("Pay by %(deadline)s, or the seat goes to the next person.",
                                   deadline=format_datetime(enrolment.hold_until, "short"))
            url = url_for("payments.checkout", lang=locale, kind=PAYABLE_KIND, payable_id=enrolment.id,
                          _external=False)
        else:
            message = (_("A seat opened for you in “%(course)s” on %(when)s.", course=title, when=when) + " "
                       if promoted else "")
            message += _("You are enrolled in “%(course)s” on %(when)s at %(place)s.", course=title, when=when,
                         place=training_session.facility)
            message += "\n\n" + _("The session is attached as a calendar file (.ics).")
            attachments = (calendar_attachment(training_session, course, locale),)
        notify(session, [user.id], "training_enrolment", message, url, attachments=attachments)


def tell_cancelled(session: Session, user: User, training_session: TrainingSession, course: Course, *,
                   money: str) -> None:
    """The session was cancelled by staff: the trainee is told why and what happens to the fee (``money``:
    ``refunded``, ``released`` (an unpaid fee cancelled) or ``none``)."""
    locale = recipient_locale(user)
    with force_locale(locale):
        message = _("“%(course)s” on %(when)s is cancelled: %(reason)s", course=_title(session, course, locale),
                    when=format_datetime(training_session.starts_at, "short"),
                    reason=training_session.cancel_reason or "")
        if money == "refunded":
            message += "\n\n" + _("Your fee is refunded in full.")
        elif money == "released":
            message += "\n\n" + _("The unpaid fee is cancelled: there is nothing to pay.")
        message += "\n\n" + _("The attached calendar file (.ics) removes the session from your calendar.")
        notify(session, [user.id], "training_cancelled", message,
               url_for("market_trainings.mine", lang=locale, _external=False),
               attachments=(calendar_attachment(training_session, course, locale),))


def tell_moved(session: Session, user: User, training_session: TrainingSession, course: Course) -> None:
    """Staff changed the session's time or place: the trainee is told the new ones, with the new .ics."""
    locale = recipient_locale(user)
    with force_locale(locale):
        message = _("“%(course)s” has changed: it now takes place on %(when)s at %(place)s.",
                    course=_title(session, course, locale), when=format_datetime(training_session.starts_at, "short"),
                    place=training_session.facility)
        message += "\n\n" + _("The session is attached as a calendar file (.ics).")
        notify(session, [user.id], "training_changed", message,
               url_for("market_trainings.mine", lang=locale, _external=False),
               attachments=(calendar_attachment(training_session, course, locale),))


def tell_released(session: Session, user: User, training_session: TrainingSession) -> None:
    """The fee was not paid in time: the held seat is released (the trainee may enrol again if seats are left)."""
    course = session.get(Course, training_session.course_id)
    locale = recipient_locale(user)
    with force_locale(locale):
        message = _("Your held seat in “%(course)s” on %(when)s was released: the fee was not paid in time.",
                    course=_title(session, course, locale), when=format_datetime(training_session.starts_at, "short"))
        notify(session, [user.id], "training_released", message,
               url_for("market_trainings.course", lang=locale, id=course.id, _external=False))
