"""Qualifications: which trainings a user holds and which have lapsed for want of use; staff grant them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.models import Facility, Qualification
from market.centres.services.access import require_staff
from market.centres.trainings import TRAININGS, required_trainings
from market.db import utcnow
from market.refusals import Refusal


def held_trainings(session: Session, user_id: int, now: dt.datetime | None = None) -> dict[str, Qualification]:
    """The user's qualifications still valid at ``now`` (used within their training's lapse days)."""
    now = now or utcnow()
    held = {}
    for q in session.exec(select(Qualification).where(Qualification.user_id == user_id)):
        training = TRAININGS.get(q.training)
        if training and now - q.last_used_at <= dt.timedelta(days=training.lapse_days):
            held[q.training] = q
    return held


def missing_trainings(session: Session, user, equipment, now: dt.datetime | None = None,
                      held: dict | None = None) -> list[str]:
    """The trainings ``user`` still needs for ``equipment`` (missing or lapsed), safety first."""
    if user is None:
        return required_trainings(equipment)
    held = held if held is not None else held_trainings(session, user.id, now)
    return [code for code in required_trainings(equipment) if code not in held]


def grant_qualification(session: Session, staff, facility: Facility, user_email: str, training: str,
                        now: dt.datetime | None = None) -> Qualification:
    """Record that the user with ``user_email`` completed ``training`` (a staff member of ``facility`` grants
    it; granting again renews it). Refuses a user who is not staff (403), an unknown training or email (422)."""
    require_staff(session, staff, facility)
    if training not in TRAININGS:
        raise Refusal(_("Choose a training from the list."), field="training")
    user = session.exec(select(User).where(sa.func.lower(User.email) == (user_email or "").strip().lower())).first()
    if user is None:
        raise Refusal(_("No user has this email address."), field="email")
    now = now or utcnow()
    found = session.exec(select(Qualification).where(Qualification.user_id == user.id,
                                                     Qualification.training == training)).first()
    if found is None:
        found = Qualification(user_id=user.id, training=training, source="staff", granted_by_id=staff.id,
                              granted_at=now, last_used_at=now)
        session.add(found)
    else:
        found.granted_by_id, found.granted_at, found.last_used_at, found.source = staff.id, now, now, "staff"
    session.flush()
    return found


def record_use(session: Session, user_id: int, trainings: list[str], now: dt.datetime | None = None) -> None:
    """Keep the user's qualifications for ``trainings`` from lapsing: they were just used."""
    session.exec(sa.update(Qualification).where(Qualification.user_id == user_id,
                                                Qualification.training.in_(trainings))
                 .values(last_used_at=now or utcnow()).execution_options(synchronize_session=False))



def record_training(session: Session, user_id: int, training: str, granted_by_id: int | None = None,
                    now: dt.datetime | None = None) -> Qualification:
    """Record that a user completed ``training`` through a course (source "training"; renews one held). For other
    features (trainings' completion certificates); refuses an unknown training code (ValueError: a wiring
    mistake)."""
    if training not in TRAININGS:
        raise ValueError(f"unknown centre training {training!r}")
    now = now or utcnow()
    found = session.exec(select(Qualification).where(Qualification.user_id == user_id,
                                                     Qualification.training == training)).first()
    if found is None:
        found = Qualification(user_id=user_id, training=training, source="training", granted_by_id=granted_by_id,
                              granted_at=now, last_used_at=now)
    else:
        found.granted_at, found.last_used_at, found.source = now, now, "training"
    session.add(found)
    session.flush()
    return found
