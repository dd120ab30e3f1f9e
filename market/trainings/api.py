"""API of trainings: courses with their sessions and seats left, and enrolments (a full session answers 409
``session_full`` unless ``waitlist`` is true; a session with a fee holds the seat until it is paid)."""

from __future__ import annotations

import datetime as dt

import pydantic
from flask import url_for

from i18n.locales import current_locale
from market.api import LangQuery, Routes, api_user
from market.db import get_session
from market.programmes.labels import text
from market.trainings import services
from market.trainings.models import Enrolment
from market.trainings.texts import course_texts

routes = Routes()
TAG = "trainings"


class CourseQuery(LangQuery):
    trade: str | None = pydantic.Field(None, max_length=40, description="sewing, shoes_leather, jewelry, "
                                                                       "machine_metal, printing, electronics")


class SessionOut(pydantic.BaseModel):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    facility: str
    capacity: int
    seats_left: int
    fee_krw: int
    meetings: int
    waitlist_places: int | None = pydantic.Field(description="None: no limit; 0: no waitlist")
    cancelled: bool


class CourseOut(pydantic.BaseModel):
    id: int
    code: str
    title: str
    summary: str
    trade: str
    level: int
    hours: int
    language: str
    ncs_units: list[str]
    practical_check: bool
    sessions: list[SessionOut]
    url: str


class CourseList(pydantic.BaseModel):
    items: list[CourseOut]
    total: int
    page: int
    per_page: int


class EnrolmentCreate(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    session_id: int
    waitlist: bool = False


class EnrolmentOut(pydantic.BaseModel):
    id: int
    session_id: int
    status: str = pydantic.Field(description="awaiting_payment (a seat held until its fee is paid), enrolled, "
                                             "waitlisted, cancelled, completed or failed")
    fee_krw: int = pydantic.Field(description="the fee this enrolment pays (fixed when the seat was taken)")
    pay_url: str | None = pydantic.Field(description="where to pay the fee while the seat awaits payment")
    ics_url: str


def _enrolment_out(enrolment: Enrolment) -> EnrolmentOut:
    from market.trainings.fees import checkout_url

    return EnrolmentOut(id=enrolment.id, session_id=enrolment.session_id, status=enrolment.status,
                        fee_krw=enrolment.fee_krw,
                        pay_url=checkout_url(enrolment) if enrolment.status == "awaiting_payment" else None,
                        ics_url=url_for("market_trainings.ics", lang=current_locale(), id=enrolment.session_id))


@routes.endpoint("/courses", summary="List courses", tag=TAG, query=CourseQuery, response=CourseList, auth=False)
def list_courses(query: CourseQuery):
    """Training courses by trade with their sessions and seats left."""
    session = get_session()
    items = []
    for course in services.list_courses(session, query.trade):
        sessions = [SessionOut(id=s.id, starts_at=s.starts_at, ends_at=s.ends_at, facility=s.facility,
                               capacity=s.capacity,
                               seats_left=max(0, s.capacity - services.seats_taken(session, s.id)),
                               fee_krw=s.fee_krw, meetings=s.meetings, waitlist_places=s.waitlist_places,
                               cancelled=s.cancelled_at is not None)
                    for s in services.sessions_of(session, course.id)]
        items.append(CourseOut(id=course.id, code=course.code, title=text(course_texts(None, course).title),
                               summary=text(course_texts(None, course).summary), trade=course.trade, level=course.level,
                               hours=course.hours, language=course.language, ncs_units=course.ncs_units,
                               practical_check=course.practical_check, sessions=sessions,
                               url=url_for("market_trainings.course", lang=current_locale(), id=course.id)))
    return CourseList(items=items, total=len(items), page=1, per_page=max(1, len(items)))


@routes.endpoint("/enrolments", "POST", summary="Enrol in a session", tag=TAG, body=EnrolmentCreate,
                 response=EnrolmentOut, status=201, errors=(404, 409))
def create_enrolment(body: EnrolmentCreate):
    """Take a seat in a session (or a waitlist place with ``waitlist``): in a session with a fee the seat is
    held as ``awaiting_payment`` until the fee is paid at ``pay_url``. A full session is refused (409
    ``session_full``), and so are a second enrolment (409 ``already_enrolled``) and a cancelled session (409
    ``session_cancelled``)."""
    return _enrolment_out(services.enrol(get_session(), body.session_id, api_user(), waitlist=body.waitlist))
