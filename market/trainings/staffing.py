"""Training staff's operations (programme staff and admins, as for programmes): create and edit courses (trade,
level, hours, language, NCS units, completion rules, the machine they qualify for, title and summary in every
language) and sessions (dates, facility, capacity, waitlist, fee, meetings, trainer), cancel a session (every
trainee told in their language; unpaid fees cancelled, paid ones refunded through payments), and the lists the
staff pages show.

Every input is checked here, so a page and any other caller refuse the same way: one :class:`Refusal` (422)
naming each field at fault, and nothing changed. Functions flush and never commit.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.locales import LOCALES
from i18n.times import utcnow
from market.accounts.models import User
from market.centres.trainings import TRAININGS
from market.clusters import INDUSTRY_LABELS
from market.refusals import Refusal, conflict, forbidden, not_found
from market.trainings import texts
from market.trainings.models import Course, Enrolment, EnrolmentStatus, TrainingSession
from market.trainings.services import OPEN_PLACES, get_course, is_training_staff, seats_taken

SEOUL = ZoneInfo("Asia/Seoul")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
# An NCS competency unit code: ten digits, optionally its version (``1903020101_17v2``).
NCS_UNIT = re.compile(r"^\d{10}(_\d{2}v\d{1,2})?$")
LEVELS = range(1, 9)  # the NCS levels 1 to 8
MAX_HOURS = 2000
MAX_CAPACITY = 500
MAX_MEETINGS = 200
MAX_FEE_KRW = 10_000_000
MAX_REASON = 500


def require_staff(user) -> None:
    """Refuse (403) anyone but training staff."""
    if not is_training_staff(user):
        raise forbidden()


def _int(values: dict, name: str, errors: dict, low: int, high: int, *, required: bool = True) -> int | None:
    raw = values.get(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            errors[name] = _("This field is required.")
        return None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        errors[name] = _("Not a valid integer value.")
        return None
    if not low <= number <= high:
        errors[name] = _("Number must be between %(min)s and %(max)s.", min=low, max=high)
        return None
    return number


def parse_ncs_units(raw) -> list[str]:
    """NCS unit codes from a text (separated by commas, spaces or lines) or a list, in order, without repeats;
    raises ValueError naming the first malformed one."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[\s,;]+", raw or "")
    units: list[str] = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        if not NCS_UNIT.fullmatch(item):
            raise ValueError(item)
        if item not in units:
            units.append(item)
    return units


def _course_fields(session: Session, values: dict, course: Course | None) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    code = (values.get("code") or "").strip().upper()
    if not CODE.fullmatch(code):
        errors["code"] = _("Use 2 to 40 capital letters, digits and hyphens (SEW-101).")
    elif session.exec(select(Course.id).where(Course.code == code,
                                              Course.id != (course.id if course else 0))).first() is not None:
        errors["code"] = _("Another course has this code.")
    trade = values.get("trade") or ""
    if trade not in INDUSTRY_LABELS:
        errors["trade"] = _("Choose a trade.")
    language = values.get("language") or ""
    if language not in LOCALES:
        errors["language"] = _("Choose the language the course is taught in.")
    equipment = values.get("equipment") or None
    if equipment is not None and equipment not in TRAININGS:
        errors["equipment"] = _("Choose a machine training from the list.")
    try:
        units = parse_ncs_units(values.get("ncs_units"))
    except ValueError as exc:
        errors["ncs_units"] = _("“%(unit)s” is not an NCS unit code (ten digits, such as 1903020101).",
                                unit=str(exc)[:40])
        units = []
    fields = {"code": code, "trade": trade, "language": language, "equipment": equipment, "ncs_units": units,
              "level": _int(values, "level", errors, LEVELS.start, LEVELS.stop - 1),
              "hours": _int(values, "hours", errors, 1, MAX_HOURS),
              "practical_check": bool(values.get("practical_check"))}
    text_values = {f"{field}_{loc}": (values.get(f"{field}_{loc}") or "").strip()
                   for field in texts.FIELDS for loc in LOCALES}
    if not text_values["title_en"]:
        errors["title_en"] = _("Give the title in English.")
    for key, value in text_values.items():
        limit = texts.LIMITS[key.split("_", 1)[0]]
        if len(value) > limit:
            errors[key] = _("Keep it under %(n)d characters.", n=limit)
    return fields, errors


def save_course(session: Session, user, values: dict, course_id: int | None = None) -> Course:
    """Create a course (``course_id`` None) or change one from ``values`` (``code``, ``trade``, ``level``,
    ``hours``, ``language``, ``ncs_units``, ``practical_check``, ``equipment``, ``title_<locale>``,
    ``summary_<locale>``). Refuses anyone but staff (403) and bad input (422, each field named)."""
    require_staff(user)
    course = get_course(session, course_id) if course_id is not None else None
    fields, errors = _course_fields(session, values, course)
    if errors:
        raise Refusal(_("Some fields need your attention."), fields=errors)
    if course is None:
        course = Course(title={}, summary={}, **fields)
    else:
        for name, value in fields.items():
            setattr(course, name, value)
    session.add(course)
    session.flush()
    texts.save_course_texts(session, user, course.id, values)
    return course


def seoul_to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A time entered on a page (Seoul wall time, naive) as UTC; an aware one is converted as it is."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=SEOUL)
    return value.astimezone(dt.UTC)


def _trainer(session: Session, email: str, errors: dict) -> int | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    user = session.exec(select(User).where(func.lower(User.email) == email, User.is_active == sa.true())).first()
    if user is None:
        errors["trainer_email"] = _("No account has this email address.")
        return None
    return user.id


def save_session(session: Session, user, course_id: int, values: dict, session_id: int | None = None,
                 now: dt.datetime | None = None) -> TrainingSession:
    """Plan a session of a course (``session_id`` None) or change one from ``values`` (``starts_at``,
    ``ends_at`` — datetimes, naive ones in Seoul time —, ``facility``, ``capacity``, ``waitlist_places`` (empty:
    no limit, 0: no waitlist), ``fee_krw``, ``meetings``, ``trainer_email``). Refuses anyone but staff (403), a
    cancelled session (409) and bad input (422, each field named): a start in the past, an end before the start,
    fewer seats than are taken, a fee or meetings out of range, an unknown trainer. A changed fee applies to
    new enrolments; those made keep the fee they were told."""
    require_staff(user)
    now = now or utcnow()
    course = get_course(session, course_id)
    row = None
    if session_id is not None:
        row = session.exec(select(TrainingSession).where(TrainingSession.id == session_id)
                           .with_for_update()).first()
        if row is None or row.course_id != course.id:
            raise not_found()
        if row.cancelled_at is not None:
            raise conflict(_("This session was cancelled: it can no longer be changed."), code="session_cancelled")
    errors: dict[str, str] = {}
    starts, ends = seoul_to_utc(values.get("starts_at")), seoul_to_utc(values.get("ends_at"))
    if starts is None:
        errors["starts_at"] = _("Give the date and time it starts.")
    elif starts <= now and (row is None or starts != row.starts_at):
        errors["starts_at"] = _("The start must be in the future.")
    if ends is None:
        errors["ends_at"] = _("Give the date and time it ends.")
    elif starts is not None and ends <= starts:
        errors["ends_at"] = _("The end must be after the start.")
    facility = (values.get("facility") or "").strip()
    if not facility:
        errors["facility"] = _("Give the facility where it takes place.")
    elif len(facility) > 200:
        errors["facility"] = _("Keep it under %(n)d characters.", n=200)
    capacity = _int(values, "capacity", errors, 1, MAX_CAPACITY)
    if capacity is not None and row is not None and capacity < seats_taken(session, row.id):
        errors["capacity"] = _("%(n)d seats are already taken: the capacity cannot be lower.",
                               n=seats_taken(session, row.id))
    waitlist_places = _int(values, "waitlist_places", errors, 0, MAX_CAPACITY, required=False)
    fee = _int(values, "fee_krw", errors, 0, MAX_FEE_KRW, required=False) or 0
    meetings = _int(values, "meetings", errors, 1, MAX_MEETINGS)
    trainer_id = _trainer(session, values.get("trainer_email"), errors)
    if errors:
        raise Refusal(_("Some fields need your attention."), fields=errors)
    fields = {"starts_at": starts, "ends_at": ends, "facility": facility, "capacity": capacity,
              "waitlist_places": waitlist_places, "fee_krw": fee, "meetings": meetings,
              "trainer_user_id": trainer_id}
    moved = row is not None and (row.starts_at, row.ends_at, row.facility) != (starts, ends, facility)
    if row is None:
        row = TrainingSession(course_id=course.id, **fields)
    else:
        for name, value in fields.items():
            setattr(row, name, value)
        if moved:
            row.sequence += 1  # calendars that imported the session update it
    session.add(row)
    session.flush()
    if moved:
        _tell_moved(session, row, course)
    return row


def _tell_moved(session: Session, row: TrainingSession, course: Course) -> None:
    """The session's time or place changed: each trainee with a place is told (with the new .ics) and is
    reminded again before the new start."""
    from market.trainings.notices import tell_moved

    places = list(session.exec(select(Enrolment).where(Enrolment.session_id == row.id,
                                                       Enrolment.status.in_(OPEN_PLACES))
                               .order_by(Enrolment.id)))
    for enrolment in places:
        enrolment.reminded_at = None
        session.add(enrolment)
        tell_moved(session, session.get(User, enrolment.user_id), row, course)
    session.flush()


def cancel_session(session: Session, user, session_id: int, reason: str, now: dt.datetime | None = None
                   ) -> TrainingSession:
    """Staff cancel a session before it starts, with a reason: every place (seats, held seats, waitlist) is
    cancelled, unpaid fees cancelled and paid ones refunded in full through payments, and each trainee told in
    their language. Refuses anyone but staff (403), no reason (422), a session already cancelled or started
    (409). One conditional UPDATE claims the cancellation, so two staff clicking at once cancel it once."""
    from market.accounts.models import User as Account
    from market.trainings.fees import release_fee
    from market.trainings.notices import tell_cancelled

    require_staff(user)
    now = now or utcnow()
    reason = (reason or "").strip()
    row = session.exec(select(TrainingSession).where(TrainingSession.id == session_id).with_for_update()).first()
    if row is None:
        raise not_found()
    if not reason:
        raise Refusal(_("Give the reason: the trainees are told."), field="reason")
    if len(reason) > MAX_REASON:
        raise Refusal(_("Keep it under %(n)d characters.", n=MAX_REASON), field="reason")
    if row.cancelled_at is not None:
        raise conflict(_("This session is already cancelled."), code="session_cancelled")
    if row.starts_at <= now:
        raise conflict(_("This session has already started: it can no longer be cancelled."),
                       code="session_started")
    claimed = session.exec(sa.update(TrainingSession).where(TrainingSession.id == row.id,
                                                            TrainingSession.cancelled_at.is_(None))
                           .values(cancelled_at=now, cancel_reason=reason,
                                   sequence=TrainingSession.sequence + 1)
                           .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise conflict(_("This session is already cancelled."), code="session_cancelled")
    session.refresh(row)
    course = session.get(Course, row.course_id)
    places = list(session.exec(select(Enrolment).where(Enrolment.session_id == row.id,
                                                       Enrolment.status.in_(OPEN_PLACES))
                               .order_by(Enrolment.id)))
    for enrolment in places:
        money = release_fee(session, user, enrolment, _("Session cancelled: %(reason)s", reason=reason)[:500])
        enrolment.status = EnrolmentStatus.cancelled
        session.add(enrolment)
        session.flush()
        tell_cancelled(session, session.get(Account, enrolment.user_id), row, course, money=money)
    return row


def staff_courses(session: Session) -> list[tuple[Course, int, int]]:
    """Every course with its number of sessions and of upcoming ones, by trade and code."""
    now = utcnow()
    rows = []
    for course in session.exec(select(Course).order_by(Course.trade, Course.code)):
        counts = session.exec(select(func.count(), func.count().filter(TrainingSession.starts_at > now))
                              .select_from(TrainingSession).where(TrainingSession.course_id == course.id)).one()
        rows.append((course, int(counts[0]), int(counts[1])))
    return rows


def waitlist_of(session: Session, session_id: int, user) -> list[tuple[Enrolment, User]]:
    """The session's waitlist in order, for its trainer and staff."""
    from market.trainings.services import _may_run, get_session_row

    if not _may_run(user, get_session_row(session, session_id)):
        raise forbidden()
    return list(session.exec(select(Enrolment, User).join(User, User.id == Enrolment.user_id)
                             .where(Enrolment.session_id == session_id,
                                    Enrolment.status == EnrolmentStatus.waitlisted)
                             .order_by(Enrolment.created_at, Enrolment.id)))


def session_values(row: TrainingSession, session: Session) -> dict:
    """A session's values as its form shows them (Seoul wall times)."""
    trainer = session.get(User, row.trainer_user_id) if row.trainer_user_id else None
    return {"starts_at": row.starts_at.astimezone(SEOUL).replace(tzinfo=None),
            "ends_at": row.ends_at.astimezone(SEOUL).replace(tzinfo=None), "facility": row.facility,
            "capacity": row.capacity, "waitlist_places": row.waitlist_places, "fee_krw": row.fee_krw,
            "meetings": row.meetings, "trainer_email": trainer.email if trainer else ""}


def course_values(session: Session, course: Course) -> dict:
    """A course's values as its form shows them, texts in every language."""
    stored = texts.course_texts(session, course, every_locale=True)
    values = {"code": course.code, "trade": course.trade, "level": course.level, "hours": course.hours,
              "language": course.language, "ncs_units": ", ".join(course.ncs_units or []),
              "practical_check": course.practical_check, "equipment": course.equipment or ""}
    values.update({f"{field}_{loc}": stored[field][loc] for field in texts.FIELDS for loc in LOCALES})
    return values
