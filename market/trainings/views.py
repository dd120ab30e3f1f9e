"""Pages of trainings: courses by trade with the counter toward 7,000, a course with its sessions (enrol after a
confirmation, join the waitlist, add to calendar, pay the fee), the trainee's enrolments with certificates, the
trainer's roster (attendance, practical check, completion), and training staff's pages: courses and sessions
created and edited, a session cancelled."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.times import utcnow
from market.accounts.forms import ConfirmForm
from market.clusters import industry_name
from market.db import get_session
from market.formviews import submit
from market.programmes.labels import text
from market.refusals import Refusal, not_found
from market.security import staff_required
from market.trainings import calendar, fees, services, staffing, texts
from market.trainings.forms import CancelSessionForm, EnrolForm, SessionForm, course_form, course_texts_form
from market.trainings.models import Course
from market.trainings.services import STAFF_ROLES

bp = Blueprint("market_trainings", __name__, url_prefix="/<locale:lang>/trainings")


@bp.context_processor
def _helpers():
    return {"course_texts": lambda course: texts.course_texts(None, course)}


@bp.get("/")
def index():
    """Courses by trade, and how many were trained toward the plan's target."""
    session = get_session()
    trade = request.args.get("trade") or None
    return render_template("market/trainings/index.html", courses=services.list_courses(session, trade),
                           counter=services.trained_counter(session), trade=trade, text=text,
                           industry_name=industry_name)


@bp.get("/courses/<int:id>")
def course(id: int, texts_form=None, status: int = 200):
    """A course: its facts, sessions with seats left, and the employment rate after it (and, for training staff,
    its title and summary in each language to edit)."""
    session = get_session()
    row = services.get_course(session, id)
    sessions = [(s, s.capacity - services.seats_taken(session, s.id)) for s in services.sessions_of(session, id)]
    mine = {}
    if current_user.is_authenticated:
        mine = {e.session_id: e for e, _s, _c in services.enrolments_of(session, current_user.id)}
    return render_template("market/trainings/course.html", c=row, sessions=sessions, mine=mine, text=text,
                           stats=services.course_stats(session, id), industry_name=industry_name,
                           is_staff=services.is_training_staff(current_user),
                           texts_form=texts_form or (_texts_form(session, row)
                                                     if services.is_training_staff(current_user) else None)), status


def _texts_form(session, row):
    from i18n.locales import LOCALES

    stored = texts.course_texts(session, row, every_locale=True)
    return course_texts_form({f"{field}_{loc}": stored[field][loc] for field in texts.FIELDS for loc in LOCALES})


@bp.post("/courses/<int:id>/texts")
@login_required
def course_texts(id: int):
    """Training staff save a course's title and summary in every language."""
    session = get_session()
    form = course_texts_form()

    def done(_course):
        flash(_("The course texts are saved."), "success")
        return redirect(url_for(".course", id=id))

    return submit(form, lambda: texts.save_course_texts(session, current_user, id, form.data),
                  lambda status: course(id, texts_form=form, status=status), done)


def _enrol_page(training_session, form, status: int = 200):
    session = get_session()
    course_row = session.get(Course, training_session.course_id)
    left = training_session.capacity - services.seats_taken(session, training_session.id)
    return render_template("market/trainings/enrol.html", s=training_session, c=course_row, left=left,
                           form=form, text=text), status


@bp.get("/sessions/<int:id>/enrol")
@login_required
def enrol_confirm(id: int):
    """What enrolling means before anything happens: the session, seats left and the fee to pay (nothing is
    charged by this page or by confirming it: the fee is paid on the next page)."""
    return _enrol_page(services.get_session_row(get_session(), id), EnrolForm(formdata=None))


@bp.post("/sessions/<int:id>/enrol")
@login_required
def enrol(id: int):
    """Enrol, or join the waitlist when asked; a seat with a fee goes on to paying it."""
    session = get_session()
    training_session = services.get_session_row(session, id)
    form = EnrolForm()
    if not form.validate_on_submit():
        return _enrol_page(training_session, form, 400)
    try:
        enrolment = services.enrol(session, id, current_user, waitlist=bool(form.waitlist.data)
                                   or request.form.get("waitlist") == "1")
    except Refusal as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".course", id=training_session.course_id))
    session.commit()
    if enrolment.status == "awaiting_payment":
        flash(_("Your seat is held. Pay the fee to confirm your enrolment."), "success")
        return redirect(fees.checkout_url(enrolment))
    flash(_("You are on the waitlist.") if enrolment.status == "waitlisted" else _("You are enrolled."), "success")
    return redirect(url_for(".mine"))


@bp.post("/enrolments/<int:id>/cancel")
@login_required
def cancel(id: int):
    """The trainee gives up a place before the session: an unpaid fee is cancelled, a paid one refunded."""
    session = get_session()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.cancel_enrolment(session, id, current_user)
    except Refusal as exc:
        if exc.status == 404:
            raise
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".mine"))
    session.commit()
    flash(_("Your place is cancelled."), "success")
    return redirect(url_for(".mine"))


@bp.get("/sessions/<int:id>.ics")
def ics(id: int):
    """The session as an iCalendar file."""
    session = get_session()
    training_session = services.get_session_row(session, id)
    course_row = session.get(Course, training_session.course_id)
    body = calendar.session_ics(training_session, course_row,
                                url_for(".course", id=course_row.id, _external=True))
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="training-{id}.ics"'})


@bp.get("/mine")
@login_required
def mine():
    """The trainee's enrolments and certificates."""
    session = get_session()
    rows = [(e, s, c, services.certificate_of(session, e.id), services.due_follow_ups(session, e))
            for e, s, c in services.enrolments_of(session, current_user.id)]
    return render_template("market/trainings/mine.html", rows=rows, text=text, checkout_url=fees.checkout_url,
                           form=ConfirmForm(formdata=None), now=utcnow())


@bp.post("/enrolments/<int:id>/follow-up")
@login_required
def follow_up(id: int):
    """The trainee answers a 3- or 6-month follow-up: employed in manufacturing or not."""
    session = get_session()
    try:
        months = int(request.form.get("months", "0"))
    except ValueError:
        months = 0
    services.answer_follow_up(session, id, current_user, months, request.form.get("employed") == "yes")
    session.commit()
    flash(_("Thank you for your answer."), "success")
    return redirect(url_for(".mine"))


@bp.get("/sessions/<int:id>/roster")
@login_required
def roster(id: int):
    """The trainer's roster: attendance per meeting and completion."""
    session = get_session()
    training_session = services.get_session_row(session, id)
    rows = services.roster(session, id, current_user)
    certificates = {e.id: services.certificate_of(session, e.id) for e, _u, _m in rows}
    return render_template("market/trainings/roster.html", s=training_session, rows=rows, text=text,
                           course=session.get(Course, training_session.course_id), certificates=certificates,
                           waiting=staffing.waitlist_of(session, id, current_user),
                           is_staff=services.is_training_staff(current_user))


@bp.post("/enrolments/<int:id>/attendance")
@login_required
def attendance(id: int):
    """Mark a trainee present or absent at one meeting."""
    session = get_session()
    try:
        meeting = int(request.form.get("meeting", "0"))
    except ValueError:
        meeting = 0
    row = services.record_attendance(session, id, meeting, request.form.get("present") == "1", current_user)
    session.commit()
    from market.trainings.models import Enrolment

    enrolment = session.get(Enrolment, row.enrolment_id)
    return redirect(url_for(".roster", id=enrolment.session_id))


@bp.post("/enrolments/<int:id>/complete")
@login_required
def complete(id: int):
    """Close an enrolment: completed with a certificate, or not completed."""
    session = get_session()
    enrolment, certificate = services.complete(session, id, current_user,
                                               practical_passed=request.form.get("practical") == "1")
    session.commit()
    if certificate is not None:
        flash(_("Completed: certificate %(code)s issued.", code=certificate.code), "success")
    else:
        flash(_("Not completed: attendance under %(share)d%% or the practical check not passed.", share=80), "warning")
    if enrolment is None:
        raise not_found()
    return redirect(url_for(".roster", id=enrolment.session_id))


# --- training staff ---------------------------------------------------------------------------------------------


@bp.get("/staff/")
@staff_required(*STAFF_ROLES)
def staff_courses():
    """Staff's list of courses with their sessions, and the way to a new course."""
    return render_template("market/trainings/staff_courses.html", rows=staffing.staff_courses(get_session()),
                           text=text, industry_name=industry_name)


def _course_page(form, course_row=None, status: int = 200):
    session = get_session()
    sessions = []
    if course_row is not None:
        sessions = [(s, services.seats_taken(session, s.id)) for s in services.sessions_of(session, course_row.id)]
    return render_template("market/trainings/staff_course.html", form=form, c=course_row, sessions=sessions,
                           text=text, industry_name=industry_name), status


@bp.route("/staff/courses/new", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_new_course():
    """Staff create a course."""
    session = get_session()
    form = course_form() if request.method == "POST" else course_form({"level": 1, "language": "ko",
                                                                        "practical_check": True})
    if request.method == "GET":
        return _course_page(form)

    def done(course_row):
        flash(_("The course is created. Plan its first session."), "success")
        return redirect(url_for(".staff_new_session", id=course_row.id))

    return submit(form, lambda: staffing.save_course(session, current_user, form.data),
                  lambda status: _course_page(form, status=status), done)


@bp.route("/staff/courses/<int:id>", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_course(id: int):
    """Staff edit a course and see its sessions."""
    session = get_session()
    row = services.get_course(session, id)
    if request.method == "GET":
        return _course_page(course_form(staffing.course_values(session, row)), row)
    form = course_form()

    def done(_course):
        flash(_("The course is saved."), "success")
        return redirect(url_for(".staff_course", id=id))

    return submit(form, lambda: staffing.save_course(session, current_user, form.data, id),
                  lambda status: _course_page(form, row, status), done)


def _session_page(form, course_row, row=None, cancel_form=None, status: int = 200):
    taken = services.seats_taken(get_session(), row.id) if row is not None else 0
    return render_template("market/trainings/staff_session.html", form=form, c=course_row, s=row, taken=taken,
                           cancel_form=cancel_form or CancelSessionForm(formdata=None), text=text), status


@bp.route("/staff/courses/<int:id>/sessions/new", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_new_session(id: int):
    """Staff plan a session of a course."""
    session = get_session()
    course_row = services.get_course(session, id)
    form = SessionForm() if request.method == "POST" else SessionForm(formdata=None)
    if request.method == "GET":
        return _session_page(form, course_row)

    def done(row):
        flash(_("The session is planned."), "success")
        return redirect(url_for(".staff_course", id=id))

    return submit(form, lambda: staffing.save_session(session, current_user, id, form.data),
                  lambda status: _session_page(form, course_row, status=status), done)


@bp.route("/staff/sessions/<int:id>", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_session(id: int):
    """Staff change a session (or cancel it, below the form)."""
    session = get_session()
    row = services.get_session_row(session, id)
    course_row = services.get_course(session, row.course_id)
    if request.method == "GET":
        return _session_page(SessionForm(data=staffing.session_values(row, session)), course_row, row)
    form = SessionForm()

    def done(_row):
        flash(_("The session is saved."), "success")
        return redirect(url_for(".staff_course", id=course_row.id))

    return submit(form, lambda: staffing.save_session(session, current_user, course_row.id, form.data, id),
                  lambda status: _session_page(form, course_row, row, status=status), done)


@bp.post("/staff/sessions/<int:id>/cancel")
@staff_required(*STAFF_ROLES)
def staff_cancel_session(id: int):
    """Staff cancel a session: trainees told, fees cancelled or refunded."""
    session = get_session()
    row = services.get_session_row(session, id)
    course_row = services.get_course(session, row.course_id)
    form = CancelSessionForm()

    def done(_row):
        flash(_("The session is cancelled and its trainees are told."), "success")
        return redirect(url_for(".staff_course", id=course_row.id))

    return submit(form, lambda: staffing.cancel_session(session, current_user, id, form.reason.data),
                  lambda status: _session_page(SessionForm(formdata=None, data=staffing.session_values(row, session)),
                                               course_row, row, form, status), done)
