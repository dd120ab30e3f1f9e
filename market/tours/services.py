"""School tours: a maker's members host a tour (date, capacity, trade, safety notes); a teacher books seats for
a class (the seats taken with one conditional UPDATE, so the capacity holds under concurrent bookings) with the
school and the consent forms of minors (PDF or photos through the upload checks); reminders are mailed the day
before (once, in each recipient's language: :func:`send_reminders`); the host records attendance; the students
answer a short survey through slips their teacher hands out (:mod:`market.tours.survey`); a student's interest
in an internship becomes a lead for the workshop."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.times import format_datetime
from market.accounts.models import Membership, Organization, OrganizationKind, User
from market.careers.services.common import notify_user
from market.db import utcnow
from market.notifications.services import notify_members
from market.people.trades import TRADES
from market.refusals import Refusal, forbidden, not_found
from market.tours.models import InternshipLead, Tour, TourBooking
from market.tours.survey import tell_teacher
from market.uploads.files import PDF_OR_IMAGE, check_files, store_files

MAX_CAPACITY = 200
SEOUL = ZoneInfo("Asia/Seoul")
MAX_CONSENT_FILES = 10


class TourError(Refusal):
    """A refused tour, booking, attendance or lead."""


def _member(session: Session, user, org_id: int) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def host_tour(session: Session, user, *, org_id: int, starts_at: dt.datetime, capacity: int, trade: str,
              duration_minutes: int = 90, safety_notes: str = "") -> Tour:
    """Host a tour at a maker's workshop (its members); refuses a time in the past or naive, a capacity
    outside 1–200, a duration outside 30–480 minutes and an unknown trade."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker:
        raise not_found()
    if not _member(session, user, org_id):
        raise forbidden(_("Only the workshop's members can host its tours."))
    if starts_at is None or starts_at.tzinfo is None or starts_at <= utcnow():
        raise TourError(_("Choose a date and time in the future."), "starts_at")
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise TourError(_("The capacity must be between 1 and %(n)d students.", n=MAX_CAPACITY), "capacity")
    if duration_minutes is None or not 30 <= duration_minutes <= 480:
        raise TourError(_("The tour lasts between 30 and 480 minutes."), "duration_minutes")
    if trade not in TRADES:
        raise TourError(_("Choose one of the trades."), "trade")
    tour = Tour(org_id=org_id, trade=trade, starts_at=starts_at, duration_minutes=duration_minutes,
                capacity=capacity, safety_notes=(safety_notes or "").strip()[:4000], created_by_id=user.id)
    session.add(tour)
    session.flush()
    return tour


def get_tour(session: Session, tour_id: int) -> Tour:
    """The tour with this id; 404 when there is none."""
    tour = session.get(Tour, tour_id)
    if tour is None:
        raise not_found()
    return tour


def book(session: Session, teacher, tour_id: int, *, school: str, group_size: int, phone: str = "",
         consent_forms=()) -> TourBooking:
    """Book seats for a class; the workshop is told. Refuses an empty school, a group under 1, a group larger
    than the seats left (422, on ``group_size``), a tour in the past or cancelled (409) and consent forms the
    upload checks refuse."""
    tour = get_tour(session, tour_id)
    if tour.cancelled_at is not None or tour.starts_at <= utcnow():
        raise Refusal(_("This tour can no longer be booked."), code="closed", status=409)
    school = (school or "").strip()
    if not school:
        raise TourError(_("Give the name of the school."), "school")
    if group_size is None or group_size < 1:
        raise TourError(_("Give the number of students."), "group_size")
    left = tour.capacity - tour.booked
    if group_size > left:
        raise TourError(_("Only %(n)d places are left on this tour.", n=left), "group_size")
    checked = check_files(list(consent_forms), limit=MAX_CONSENT_FILES, kinds=PDF_OR_IMAGE)
    result = session.exec(sa.update(Tour).where(Tour.id == tour.id, Tour.booked + group_size <= Tour.capacity)
                          .values(booked=Tour.booked + group_size).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.refresh(tour)
        raise TourError(_("Only %(n)d places are left on this tour.", n=tour.capacity - tour.booked),
                        "group_size")
    keys = store_files(checked)
    booking = TourBooking(tour_id=tour.id, teacher_id=teacher.id, school=school[:160], group_size=group_size,
                          phone=(phone or "").strip()[:40],
                          consent_files=[{"key": k, "name": c.filename, "type": c.content_type}
                                         for k, c in zip(keys, checked, strict=True)])
    session.add(booking)
    session.flush()
    session.refresh(tour)
    notify_members(session, tour.org_id, "tour_booking",
                   lambda: _("%(school)s booked your tour for %(n)d students.", school=booking.school, n=group_size),
                   "market_tours.detail", tour_id=tour.id)
    return booking


def cancel_booking(session: Session, teacher, booking_id: int) -> TourBooking:
    """Cancel the teacher's booking; its seats are free again. Refuses another's booking (404)."""
    booking = session.get(TourBooking, booking_id)
    if booking is None or booking.teacher_id != teacher.id:
        raise not_found()
    result = session.exec(sa.update(TourBooking).where(TourBooking.id == booking.id, TourBooking.status == "booked")
                          .values(status="cancelled").execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal(_("This booking is already cancelled."), code="wrong_state", status=409)
    session.exec(sa.update(Tour).where(Tour.id == booking.tour_id).values(booked=Tour.booked - booking.group_size)
                 .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(booking)
    return booking


def record_attendance(session: Session, user, booking_id: int, attended: int) -> TourBooking:
    """The host records how many students came (0 to the group size); the teacher is then told to hand the
    students their survey slips."""
    booking = session.get(TourBooking, booking_id)
    if booking is None:
        raise not_found()
    tour = get_tour(session, booking.tour_id)
    if not _member(session, user, tour.org_id):
        raise forbidden()
    if attended is None or not 0 <= attended <= booking.group_size:
        raise TourError(_("Between 0 and %(n)d students can have come.", n=booking.group_size), "attended")
    booking.attended = attended
    session.add(booking)
    session.flush()
    if attended > 0:
        tell_teacher(session, booking)
    return booking


def add_lead(session: Session, teacher, booking_id: int, *, student_name: str, contact: str,
             note: str = "") -> InternshipLead:
    """A student of the teacher's class would like an internship: the workshop gets the lead and is told."""
    booking = session.get(TourBooking, booking_id)
    if booking is None or booking.teacher_id != teacher.id:
        raise not_found()
    tour = get_tour(session, booking.tour_id)
    student_name, contact = (student_name or "").strip(), (contact or "").strip()
    if not student_name:
        raise TourError(_("Give the student's name."), "student_name")
    if not contact:
        raise TourError(_("Give a way to reach the student (e-mail or phone)."), "contact")
    lead = InternshipLead(booking_id=booking.id, org_id=tour.org_id, student_name=student_name[:120],
                          contact=contact[:160], note=(note or "").strip()[:2000])
    session.add(lead)
    session.flush()
    notify_members(session, tour.org_id, "internship_lead",
                   lambda: _("%(name)s from %(school)s is interested in an internship.", name=lead.student_name,
                             school=booking.school), "market_tours.detail", tour_id=tour.id)
    return lead


def _when(tour: Tour) -> str:
    """The tour's start in the current language, in Seoul time (the workshop's)."""
    return format_datetime(tour.starts_at.astimezone(SEOUL), "short", rebase=False)


def send_reminders(session: Session, now: dt.datetime | None = None) -> int:
    """Remind the teacher and the host's members of every booking whose tour starts in the next 24 hours, each
    in their own language with the tour's date and time (Seoul) and a link to the tour page in that language;
    returns how many bookings were reminded.

    Once per booking: each booking is claimed with one conditional UPDATE (its ``reminded_at`` still empty)
    before anyone is told, so two runs of the command at the same moment remind it once (the second waits for
    the first's row lock and then finds it claimed), and a run that fails before its commit has claimed
    nothing and mailed nothing (mail leaves after the commit)."""
    now = now or utcnow()
    rows = session.exec(select(TourBooking, Tour).join(Tour, Tour.id == TourBooking.tour_id).where(
        TourBooking.status == "booked", TourBooking.reminded_at.is_(None), Tour.cancelled_at.is_(None),
        Tour.starts_at > now, Tour.starts_at <= now + dt.timedelta(hours=24)).order_by(TourBooking.id)).all()
    reminded = 0
    for booking, tour in rows:
        claimed = session.exec(sa.update(TourBooking).where(
            TourBooking.id == booking.id, TourBooking.status == "booked", TourBooking.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            continue
        reminded += 1
        teacher = session.get(User, booking.teacher_id)
        org = session.get(Organization, tour.org_id)
        notify_user(session, teacher, "tour_reminder",
                    lambda org=org, tour=tour, booking=booking: _(
                        "Reminder: your class visits %(workshop)s on %(when)s (%(n)d students).",
                        workshop=org.name, when=_when(tour), n=booking.group_size),
                    "market_tours.detail", tour_id=tour.id)
        notify_members(session, tour.org_id, "tour_reminder",
                       lambda booking=booking, tour=tour: _(
                           "Reminder: %(school)s visits on %(when)s with %(n)d students.",
                           school=booking.school, when=_when(tour), n=booking.group_size),
                       "market_tours.detail", tour_id=tour.id)
    session.flush()
    return reminded


@dataclasses.dataclass
class TourRow:
    """A tour with its workshop, for lists."""

    tour: Tour
    org: Organization

    @property
    def left(self) -> int:
        return self.tour.capacity - self.tour.booked


def upcoming_tours(session: Session, trade: str | None = None) -> list[TourRow]:
    """Tours still to come and not cancelled, soonest first."""
    query = (select(Tour, Organization).join(Organization, Organization.id == Tour.org_id)
             .where(Tour.cancelled_at.is_(None), Tour.starts_at > utcnow()))
    if trade:
        query = query.where(Tour.trade == trade)
    return [TourRow(t, o) for t, o in session.exec(query.order_by(Tour.starts_at))]


def bookings_of_tour(session: Session, user, tour_id: int) -> list[TourBooking]:
    """The bookings of a tour for its host's members (empty for anyone else)."""
    tour = get_tour(session, tour_id)
    if not _member(session, user, tour.org_id):
        return []
    return list(session.exec(select(TourBooking).where(TourBooking.tour_id == tour_id).order_by(TourBooking.id)))


def leads_of_tour(session: Session, user, tour_id: int) -> list[InternshipLead]:
    """The internship leads of a tour, for its host's members."""
    tour = get_tour(session, tour_id)
    if not _member(session, user, tour.org_id):
        return []
    return list(session.exec(select(InternshipLead).join(TourBooking, TourBooking.id == InternshipLead.booking_id)
                             .where(TourBooking.tour_id == tour_id).order_by(InternshipLead.id)))


def bookings_of_teacher(session: Session, teacher) -> list[tuple[TourBooking, Tour, Organization]]:
    """The teacher's bookings with their tours, soonest first."""
    return list(session.exec(select(TourBooking, Tour, Organization).join(Tour, Tour.id == TourBooking.tour_id)
                             .join(Organization, Organization.id == Tour.org_id)
                             .where(TourBooking.teacher_id == teacher.id).order_by(Tour.starts_at)))


def is_host(session: Session, user, tour: Tour) -> bool:
    """Whether the user belongs to the hosting workshop."""
    return _member(session, user, tour.org_id)


def hostable_orgs(session: Session, user) -> list[Organization]:
    """The maker workshops the user may host tours for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.maker)))
