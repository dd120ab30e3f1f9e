"""Staff-run jobs (sample printing at the print demo centre): a user describes the job instead of booking a slot,
the facility's staff answer with a quote in KRW, and the user accepts or declines it. Steps go through
:data:`~market.centres.models.ASSISTED_TRANSITIONS`."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.labels import machine_name
from market.centres.models import (
    ASSISTED_TRANSITIONS,
    Actor,
    AssistedRequest,
    AssistedStatus,
    Equipment,
    Facility,
)
from market.centres.services.access import is_staff_of, require_staff
from market.centres.services.facilities import staff_of_facility
from market.centres.services.rules import in_locale
from market.db import utcnow
from market.notifications.services import notify
from market.refusals import Refusal, not_found
from market.transitions import apply_transition

MAX_QUANTITY = 100_000
MAX_QUOTE_KRW = 100_000_000


def request_job(session: Session, user: User, equipment_id: int, description: str, quantity: int
                ) -> AssistedRequest:
    """Ask a facility's staff to run a job on a staff-run machine; they are told. Refuses an unknown machine
    (404), one that is self-service (409 ``not_assisted``: book a slot), an empty description and a quantity
    outside 1–100,000 (422 on the field)."""
    equipment = session.get(Equipment, equipment_id)
    if equipment is None:
        raise not_found(_("There is no such machine."))
    if not equipment.assisted:
        raise Refusal(_("You run this machine yourself: book a slot instead."), code="not_assisted", status=409)
    description = (description or "").strip()
    if not description:
        raise Refusal(_("Describe the job."), field="description")
    if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
        raise Refusal(_("Give a quantity from 1 to %(max)s.", max=MAX_QUANTITY), field="quantity")
    job = AssistedRequest(equipment_id=equipment.id, facility_id=equipment.facility_id, user_id=user.id,
                          description=description[:5000], quantity=quantity)
    session.add(job)
    session.flush()
    facility = session.get(Facility, equipment.facility_id)
    for staff in staff_of_facility(session, facility.id):
        def make(locale, staff=staff):
            notify(session, [staff.id], "centre_assisted", _(
                "A quote is asked for a job on %(machine)s.", machine=machine_name(equipment)),
                url_for("market_centres.console", lang=locale, slug=facility.slug, _external=False))

        in_locale(staff, make)
    return job


def _job(session: Session, job_id: int) -> AssistedRequest:
    job = session.get(AssistedRequest, job_id)
    if job is None:
        raise not_found(_("There is no such request."))
    return job


def quote_job(session: Session, staff, job_id: int, amount_krw: int | None, note: str = "") -> AssistedRequest:
    """Answer a job request with a price (the facility's staff); the user is told. Refuses non-staff (403), an
    amount outside 1–100,000,000 KRW (422) and a request no longer waiting (409)."""
    job = _job(session, job_id)
    require_staff(session, staff, session.get(Facility, job.facility_id))
    if not isinstance(amount_krw, int) or not 1 <= amount_krw <= MAX_QUOTE_KRW:
        raise Refusal(_("Give a price from 1 to %(max)s won.", max=MAX_QUOTE_KRW), field="amount_krw")
    apply_transition(session, job, ASSISTED_TRANSITIONS, AssistedStatus.quoted, role=Actor.staff,
                     values={"quote_krw": amount_krw, "quote_note": (note or "").strip()[:500], "updated_at": utcnow()})
    user = session.get(User, job.user_id)
    equipment = session.get(Equipment, job.equipment_id)

    def make(locale):
        notify(session, [user.id], "centre_assisted", _(
            "The centre quoted your job on %(machine)s: accept or decline it.", machine=machine_name(equipment)),
            url_for("market_centres.mine", lang=locale, _external=False))

    in_locale(user, make)
    return job


def answer_quote(session: Session, user, job_id: int, accept: bool) -> AssistedRequest:
    """The user accepts or declines the quote of their job. Refuses another user's request (404) and one not
    quoted (409)."""
    job = _job(session, job_id)
    if job.user_id != getattr(user, "id", None):
        raise not_found(_("There is no such request."))
    to = AssistedStatus.accepted if accept else AssistedStatus.declined
    apply_transition(session, job, ASSISTED_TRANSITIONS, to, role=Actor.user, values={"updated_at": utcnow()})
    return job


def withdraw_job(session: Session, user, job_id: int) -> AssistedRequest:
    """The user withdraws a request not quoted yet."""
    job = _job(session, job_id)
    if job.user_id != getattr(user, "id", None):
        raise not_found(_("There is no such request."))
    apply_transition(session, job, ASSISTED_TRANSITIONS, AssistedStatus.withdrawn, role=Actor.user,
                     values={"updated_at": utcnow()})
    return job


def user_jobs(session: Session, user_id: int) -> list[tuple[AssistedRequest, Equipment]]:
    """The user's job requests, newest first."""
    return list(session.exec(select(AssistedRequest, Equipment).join(Equipment, Equipment.id == AssistedRequest.equipment_id)
                             .where(AssistedRequest.user_id == user_id).order_by(AssistedRequest.id.desc())))


def facility_jobs(session: Session, user, facility: Facility) -> list[tuple[AssistedRequest, Equipment]]:
    """A facility's open job requests (asked for or quoted), oldest first, for its staff."""
    if not is_staff_of(session, user, facility.id):
        return []
    return list(session.exec(select(AssistedRequest, Equipment).join(Equipment, Equipment.id == AssistedRequest.equipment_id)
                             .where(AssistedRequest.facility_id == facility.id,
                                    AssistedRequest.status.in_([AssistedStatus.requested, AssistedStatus.quoted]))
                             .order_by(AssistedRequest.id)))
