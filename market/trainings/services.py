"""Training operations: courses and sessions, enrolment (a full session is refused unless the trainee asks for the
waitlist), attendance by the trainer, completion (attendance of at least 80% and a passed practical check)
issuing a certificate with a public code, revocation, follow-ups at 3 and 6 months, and the counter toward the
plan's 7,000 trained by 2027 by trade and year.

Functions take a session first, flush and never commit; they refuse with :class:`market.refusals.Refusal`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.accounts.models import Membership, User, UserRole
from market.refusals import Refusal, conflict, forbidden, not_found
from market.trainings.models import (
    Attendance,
    Certificate,
    Course,
    Enrolment,
    EnrolmentStatus,
    FollowUp,
    TrainingSession,
)
from market.trainings.notices import tell_enrolment
from market.trainings.seats import HOLD, SEATED, hold_deadline, promote_waitlist, seats_taken  # noqa: F401
from market.trainings.texts import course_texts

COMPLETION_SHARE = 0.8
TARGET = 7000
TARGET_YEAR = 2027
CODE_PREFIX = "TRN"
STAFF_ROLES = (UserRole.programme_staff, UserRole.admin)
HELD = (EnrolmentStatus.awaiting_payment, EnrolmentStatus.enrolled)
OPEN_PLACES = (*HELD, EnrolmentStatus.waitlisted)


def is_training_staff(user) -> bool:
    """Programme staff and admins run trainings."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)


def _may_run(user, training_session: TrainingSession) -> bool:
    return is_training_staff(user) or (user is not None and getattr(user, "id", None) is not None
                                       and training_session.trainer_user_id == user.id)


def list_courses(session: Session, trade: str | None = None) -> list[Course]:
    """Courses, of one trade when given, by trade and level."""
    query = select(Course)
    if trade:
        query = query.where(Course.trade == trade)
    return list(session.exec(query.order_by(Course.trade, Course.level, Course.id)))


def get_course(session: Session, course_id: int) -> Course:
    """One course; 404 when unknown."""
    course = session.get(Course, course_id)
    if course is None:
        raise not_found()
    return course


def sessions_of(session: Session, course_id: int) -> list[TrainingSession]:
    """A course's sessions by start."""
    return list(session.exec(select(TrainingSession).where(TrainingSession.course_id == course_id)
                             .order_by(TrainingSession.starts_at, TrainingSession.id)))


def get_session_row(session: Session, session_id: int) -> TrainingSession:
    """One training session; 404 when unknown."""
    row = session.get(TrainingSession, session_id)
    if row is None:
        raise not_found()
    return row


def enrol(session: Session, session_id: int, user: User, *, waitlist: bool = False,
          now: dt.datetime | None = None) -> Enrolment:
    """Enrol ``user`` in a session: a seat at once in a free session, a seat held ``awaiting_payment`` at the
    session's fee in one with a fee (confirmed when payments applies the fee, see :mod:`market.trainings.fees`),
    or a waitlist place when the session is full and ``waitlist`` asks for one. Refuses a cancelled session
    (409, ``session_cancelled``), a session that has started (409), a second enrolment (409,
    ``already_enrolled``), a full session (409, ``session_full``) unless ``waitlist``, and a waitlist that is
    full or not offered (409, ``waitlist_full``). The seat count is taken under a row lock on the session, so
    two last-seat requests cannot both win."""
    now = now or utcnow()
    training_session = session.exec(select(TrainingSession).where(TrainingSession.id == session_id)
                                    .with_for_update()).first()
    if training_session is None:
        raise not_found()
    if training_session.cancelled_at is not None:
        raise conflict(_("This session was cancelled."), code="session_cancelled")
    if training_session.starts_at <= now:
        raise conflict(_("This session has already started."), code="session_started")
    existing = session.exec(select(Enrolment).where(Enrolment.session_id == session_id,
                                                    Enrolment.user_id == user.id)).first()
    if existing is not None and existing.status != EnrolmentStatus.cancelled:
        raise conflict(_("You are already enrolled in this session."), code="already_enrolled")
    if existing is not None and training_session.fee_krw and _fee_was_paid(session, existing):
        # Payments keep one payment per payable, and this place's payment was paid (then refunded): a new
        # charge for the same place would need a payable of its own, so staff re-enrol by hand.
        raise conflict(_("You cancelled a paid place in this session. Ask the training staff to enrol you again."),
                       code="paid_before")
    full = seats_taken(session, session_id) >= training_session.capacity
    if full and not waitlist:
        raise conflict(_("This session is full. You can join the waitlist instead."), code="session_full")
    if full and not _waitlist_open(session, training_session):
        raise conflict(_("This session is full and its waitlist too."), code="waitlist_full")
    fee = max(int(training_session.fee_krw or 0), 0)
    status = (EnrolmentStatus.waitlisted if full else
              EnrolmentStatus.awaiting_payment if fee else EnrolmentStatus.enrolled)
    hold_until = hold_deadline(training_session, now) if status == EnrolmentStatus.awaiting_payment else None
    if existing is not None:
        existing.status, existing.created_at, existing.fee_krw = status, now, fee
        existing.paid_at = existing.reminded_at = None
        existing.hold_until = hold_until
        enrolment = existing
    else:
        enrolment = Enrolment(session_id=session_id, user_id=user.id, status=status, created_at=now, fee_krw=fee,
                              hold_until=hold_until)
    session.add(enrolment)
    session.flush()
    tell_enrolment(session, user, training_session, enrolment)
    return enrolment


def _fee_was_paid(session: Session, enrolment: Enrolment) -> bool:
    from market.payments.models import PAID_STATUSES
    from market.payments.services import payment_for
    from market.trainings.notices import PAYABLE_KIND

    payment = payment_for(session, PAYABLE_KIND, enrolment.id)
    return payment is not None and payment.status in PAID_STATUSES


def _waitlist_open(session: Session, training_session: TrainingSession) -> bool:
    """Whether the session's waitlist takes one more (no limit when ``waitlist_places`` is None)."""
    places = training_session.waitlist_places
    if places is None:
        return True
    waiting = session.exec(select(func.count()).select_from(Enrolment).where(
        Enrolment.session_id == training_session.id, Enrolment.status == EnrolmentStatus.waitlisted)).one()
    return waiting < places


def cancel_enrolment(session: Session, enrolment_id: int, user: User, now: dt.datetime | None = None
                     ) -> Enrolment:
    """The trainee cancels before the session starts (409 after); an unpaid fee is cancelled and a paid one
    refunded in full through payments; the first on the waitlist takes the seat."""
    now = now or utcnow()
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != user.id:
        raise not_found()
    training_session = session.exec(select(TrainingSession).where(TrainingSession.id == enrolment.session_id)
                                    .with_for_update()).first()
    session.refresh(enrolment)
    if enrolment.status not in OPEN_PLACES:
        raise conflict(_("This enrolment can no longer be cancelled."), code="wrong_state")
    if training_session.starts_at <= now:
        raise conflict(_("This session has already started."), code="session_started")
    had_seat = enrolment.status in HELD
    from market.trainings.fees import release_fee

    release_fee(session, user, enrolment, _("Cancelled by the trainee before the session."))
    enrolment.status = EnrolmentStatus.cancelled
    session.add(enrolment)
    session.flush()
    if had_seat:
        promote_waitlist(session, training_session, now)
    return enrolment


def enrolments_of(session: Session, user_id: int) -> list[tuple[Enrolment, TrainingSession, Course]]:
    """A trainee's enrolments, newest session first."""
    return list(session.exec(select(Enrolment, TrainingSession, Course)
                             .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
                             .join(Course, Course.id == TrainingSession.course_id)
                             .where(Enrolment.user_id == user_id)
                             .order_by(TrainingSession.starts_at.desc())))


def roster(session: Session, session_id: int, user) -> list[tuple[Enrolment, User, dict[int, bool]]]:
    """The trainer's roster: each seated trainee and their attendance per meeting."""
    training_session = get_session_row(session, session_id)
    if not _may_run(user, training_session):
        raise forbidden()
    rows = list(session.exec(select(Enrolment, User).join(User, User.id == Enrolment.user_id)
                             .where(Enrolment.session_id == session_id, Enrolment.status.in_(SEATED))
                             .order_by(User.display_name, Enrolment.id)))
    marks: dict[int, dict[int, bool]] = {}
    ids = [e.id for e, _u in rows]
    if ids:
        for a in session.exec(select(Attendance).where(Attendance.enrolment_id.in_(ids))):
            marks.setdefault(a.enrolment_id, {})[a.meeting] = a.present
    return [(e, u, marks.get(e.id, {})) for e, u in rows]


def record_attendance(session: Session, enrolment_id: int, meeting: int, present: bool, user) -> Attendance:
    """Record (or correct) whether a trainee was at one meeting; only the trainer or staff (403), for a meeting
    of the session (422) and a seated trainee (409)."""
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise not_found()
    training_session = session.get(TrainingSession, enrolment.session_id)
    if not _may_run(user, training_session):
        raise forbidden()
    if not 1 <= int(meeting) <= training_session.meetings:
        raise Refusal(_("Choose a meeting from 1 to %(n)d.", n=training_session.meetings), field="meeting")
    if enrolment.status != EnrolmentStatus.enrolled:
        raise conflict(_("Attendance is recorded only for enrolled trainees."), code="wrong_state")
    row = session.exec(select(Attendance).where(Attendance.enrolment_id == enrolment_id,
                                                Attendance.meeting == meeting)).first()
    if row is None:
        row = Attendance(enrolment_id=enrolment_id, meeting=meeting, present=present)
    row.present = bool(present)
    row.recorded_by_user_id = user.id
    row.recorded_at = utcnow()
    session.add(row)
    session.flush()
    return row


def attendance_share(session: Session, enrolment: Enrolment, training_session: TrainingSession) -> float:
    """The share of the session's meetings the trainee attended."""
    present = session.exec(select(func.count()).select_from(Attendance).where(
        Attendance.enrolment_id == enrolment.id, Attendance.present == sa.true())).one()
    return present / training_session.meetings if training_session.meetings else 0.0


def _new_code(session: Session, year: int) -> str:
    for _attempt in range(20):
        code = f"{CODE_PREFIX}-{year}-{secrets.randbelow(10**6):06d}"
        if session.exec(select(Certificate.id).where(Certificate.code == code)).first() is None:
            return code
    raise RuntimeError("no free certificate code")


def complete(session: Session, enrolment_id: int, user, *, practical_passed: bool,
             now: dt.datetime | None = None) -> tuple[Enrolment, Certificate | None]:
    """Close a trainee's enrolment: attendance of at least 80% and a passed practical check (when the course has
    one) complete it and issue a certificate (and grant the machine qualification the course gives);
    otherwise it is recorded as not completed. Refuses anyone but the trainer or staff (403) and an enrolment
    already closed (409)."""
    now = now or utcnow()
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None:
        raise not_found()
    training_session = session.get(TrainingSession, enrolment.session_id)
    if not _may_run(user, training_session):
        raise forbidden()
    if enrolment.status != EnrolmentStatus.enrolled:
        raise conflict(_("This enrolment is already closed."), code="wrong_state")
    course = session.get(Course, training_session.course_id)
    share = attendance_share(session, enrolment, training_session)
    passed = share >= COMPLETION_SHARE and (practical_passed or not course.practical_check)
    status = EnrolmentStatus.completed if passed else EnrolmentStatus.failed
    result = session.exec(sa.update(Enrolment).where(Enrolment.id == enrolment.id,
                                                     Enrolment.status == EnrolmentStatus.enrolled)
                          .values(status=status, practical_passed=practical_passed, completed_at=now)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise conflict()
    session.refresh(enrolment)
    if not passed:
        return enrolment, None
    trainee = session.get(User, enrolment.user_id)
    certificate = Certificate(code=_new_code(session, now.year), enrolment_id=enrolment.id,
                              holder_name=trainee.display_name, issued_at=now)
    session.add(certificate)
    session.flush()
    if course.equipment:
        _grant_machine_qualification(session, trainee.id, course.equipment, user.id, now)
    _tell_trainee(session, trainee, course, enrolment, certificate)
    return enrolment, certificate


def _tell_trainee(session: Session, trainee: User, course: Course, enrolment: Enrolment,
                  certificate: Certificate) -> None:
    """Notify the trainee in their language of the certificate (linking its public page) and invite them to the
    after-session survey of the shared survey piece."""
    from flask import url_for
    from flask_babel import force_locale

    from market.notifications.services import notify, recipient_locale
    from market.programmes.labels import text
    from market.surveys.services import invite, survey_url
    from market.trainings.survey import KIND

    locale = recipient_locale(trainee)
    invitation = invite(session, KIND, enrolment.id, trainee, group_key=f"course:{course.id}",
                        title=text(course_texts(session, course).title, locale), locale=locale)
    with force_locale(locale):
        message = _("You completed “%(course)s”: your certificate %(code)s is issued. Tell us how the training "
                    "went: %(link)s", course=text(course_texts(session, course).title, locale), code=certificate.code,
                    link=survey_url(invitation))
        notify(session, [trainee.id], "training_certificate", message,
               url_for("catalog_verify.show_plain", code=certificate.code, _external=False))


def _grant_machine_qualification(session: Session, user_id: int, training: str, granted_by: int,
                                 now: dt.datetime) -> None:
    """A completed course qualifies its trainee for the machine training it names (support centres' table,
    source "training"); renewing one already held."""
    from market.centres.models import Qualification

    found = session.exec(select(Qualification).where(Qualification.user_id == user_id,
                                                     Qualification.training == training)).first()
    if found is None:
        session.add(Qualification(user_id=user_id, training=training, source="training", granted_by_id=granted_by,
                                  granted_at=now, last_used_at=now))
    else:
        found.granted_at, found.last_used_at, found.source = now, now, "training"
        session.add(found)
    session.flush()


def revoke_certificate(session: Session, code: str, user, reason: str) -> Certificate:
    """Staff revoke a certificate with a reason; the public page then says it is revoked."""
    if not is_training_staff(user):
        raise forbidden()
    certificate = session.exec(select(Certificate).where(Certificate.code == code.strip().upper())).first()
    if certificate is None:
        raise not_found()
    if not (reason or "").strip():
        raise Refusal(_("Give the reason for the revocation."), field="reason")
    if certificate.revoked_at is not None:
        raise conflict(_("This certificate is already revoked."))
    certificate.revoked_at, certificate.revoked_reason = utcnow(), reason.strip()[:500]
    session.add(certificate)
    session.flush()
    return certificate


def certificate_of(session: Session, enrolment_id: int) -> Certificate | None:
    """The certificate an enrolment earned, if any."""
    return session.exec(select(Certificate).where(Certificate.enrolment_id == enrolment_id)).first()


def answer_follow_up(session: Session, enrolment_id: int, user: User, months: int, employed: bool,
                     now: dt.datetime | None = None) -> FollowUp:
    """The trainee says, 3 or 6 months after completing, whether they work in manufacturing; refuses another
    months, an answer before its time or for an enrolment not completed (409), and a second answer (409)."""
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.user_id != user.id:
        raise not_found()
    if months not in (3, 6):
        raise Refusal(_("Follow-ups are at 3 and 6 months."), field="months")
    if enrolment.status != EnrolmentStatus.completed or enrolment.completed_at is None:
        raise conflict(_("Follow-ups are for completed trainings."), code="wrong_state")
    now = now or utcnow()
    if now < enrolment.completed_at + dt.timedelta(days=30 * months):
        raise conflict(_("This follow-up opens %(months)d months after the training.", months=months),
                       code="too_early")
    if session.exec(select(FollowUp.id).where(FollowUp.enrolment_id == enrolment_id,
                                              FollowUp.months == months)).first() is not None:
        raise conflict(_("You have already answered this follow-up."), code="already_answered")
    row = FollowUp(enrolment_id=enrolment_id, months=months, employed=bool(employed), answered_at=now)
    session.add(row)
    session.flush()
    return row


@dataclasses.dataclass
class CourseStats:
    """HRD-Net's figures for a course: completions and the employment rate 3 and 6 months after."""

    course: Course
    completed: int
    employed_3: float | None
    employed_6: float | None


def course_stats(session: Session, course_id: int) -> CourseStats:
    """Completions of a course and the share employed in manufacturing among follow-up answers."""
    course = get_course(session, course_id)
    completed = session.exec(select(func.count()).select_from(Enrolment)
                             .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
                             .where(TrainingSession.course_id == course_id,
                                    Enrolment.status == EnrolmentStatus.completed)).one()
    rates = {}
    for months in (3, 6):
        answers = list(session.exec(select(FollowUp.employed).join(Enrolment, Enrolment.id == FollowUp.enrolment_id)
                                    .join(TrainingSession, TrainingSession.id == Enrolment.session_id)
                                    .where(TrainingSession.course_id == course_id, FollowUp.months == months)))
        rates[months] = round(sum(1 for a in answers if a) / len(answers), 2) if answers else None
    return CourseStats(course, completed, rates[3], rates[6])


@dataclasses.dataclass
class Counter:
    """Trained (completed) toward the plan's target, by trade and year."""

    total: int
    target: int
    by_trade_year: dict[tuple[str, int], int]


def trained_counter(session: Session) -> Counter:
    """How many trainees completed a course, in all and by trade and year, toward 7,000 by 2027."""
    rows = session.exec(select(Course.trade, Enrolment.completed_at)
                        .join(TrainingSession, TrainingSession.course_id == Course.id)
                        .join(Enrolment, Enrolment.session_id == TrainingSession.id)
                        .where(Enrolment.status == EnrolmentStatus.completed))
    counts: dict[tuple[str, int], int] = {}
    for trade, completed_at in rows:
        key = (trade, completed_at.year)
        counts[key] = counts.get(key, 0) + 1
    return Counter(sum(counts.values()), TARGET, dict(sorted(counts.items())))


def completions_by_org(session: Session, org_id: int, start: dt.datetime, end: dt.datetime) -> int:
    """How many courses the people of ``org_id`` (its owners and members) completed in [``start``, ``end``)."""
    return int(session.exec(select(func.count()).select_from(Enrolment)
                            .join(Membership, Membership.user_id == Enrolment.user_id)
                            .where(Membership.organization_id == org_id,
                                   Enrolment.status == EnrolmentStatus.completed,
                                   Enrolment.completed_at >= start, Enrolment.completed_at < end)).one())


def due_follow_ups(session: Session, enrolment: Enrolment, now: dt.datetime | None = None) -> list[int]:
    """The follow-ups (3 and/or 6 months) a completed enrolment may answer now and has not answered yet."""
    if enrolment.status != EnrolmentStatus.completed or enrolment.completed_at is None:
        return []
    now = now or utcnow()
    answered = set(session.exec(select(FollowUp.months).where(FollowUp.enrolment_id == enrolment.id)))
    return [m for m in (3, 6) if m not in answered and now >= enrolment.completed_at + dt.timedelta(days=30 * m)]
