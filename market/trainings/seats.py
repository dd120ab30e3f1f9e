"""Seats of a training session: how many are taken, how long a seat waits for its fee, and giving a freed seat to
the first on the waitlist (used by enrolment, by staff's changes and by the release of unpaid holds)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.accounts.models import User
from market.trainings.models import Enrolment, EnrolmentStatus, TrainingSession
from market.trainings.notices import tell_enrolment

HOLD = dt.timedelta(days=3)  # how long a seat waits for its fee (bank transfers in Korea arrive within minutes)
# A seat is held by a trainee awaiting payment, enrolled, completed or not completed.
SEATED = (EnrolmentStatus.awaiting_payment, EnrolmentStatus.enrolled, EnrolmentStatus.completed,
          EnrolmentStatus.failed)


def seats_taken(session: Session, session_id: int) -> int:
    """Seats held (enrolled, completed or not completed)."""
    return session.exec(select(func.count()).select_from(Enrolment).where(
        Enrolment.session_id == session_id, Enrolment.status.in_(SEATED))).one()


def hold_deadline(training_session: TrainingSession, now: dt.datetime) -> dt.datetime:
    """Until when a seat awaiting payment is held: three days, and never past the session's start."""
    return min(now + HOLD, training_session.starts_at)


def promote_waitlist(session: Session, training_session: TrainingSession, now: dt.datetime | None = None
                     ) -> Enrolment | None:
    """Give a free seat to the first on the waitlist (held awaiting payment when their fee is due) and tell
    them; None when nobody waits or no seat is free. The caller holds the session's row lock."""
    if seats_taken(session, training_session.id) >= training_session.capacity:
        return None
    first = session.exec(select(Enrolment).where(Enrolment.session_id == training_session.id,
                                                 Enrolment.status == EnrolmentStatus.waitlisted)
                         .order_by(Enrolment.created_at, Enrolment.id)).first()
    if first is None:
        return None
    first.status = EnrolmentStatus.awaiting_payment if first.fee_krw > 0 else EnrolmentStatus.enrolled
    if first.status == EnrolmentStatus.awaiting_payment:
        first.hold_until = hold_deadline(training_session, now or utcnow())
    session.add(first)
    session.flush()
    tell_enrolment(session, session.get(User, first.user_id), training_session, first, promoted=True)
    return first
