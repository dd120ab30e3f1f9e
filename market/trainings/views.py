"""Pages of trainings: courses by trade with the counter toward 7,000, a course with its sessions (enrol, join the
waitlist, add to calendar), the trainee's enrolments with certificates, and the trainer's roster (attendance,
practical check, completion)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.clusters import industry_name
from market.db import get_session
from market.formviews import submit
from market.programmes.labels import text
from market.refusals import Refusal, not_found
from market.trainings import calendar, services, texts
from market.trainings.forms import course_texts_form
from market.trainings.models import Course

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


@bp.post("/sessions/<int:id>/enrol")
@login_required
def enrol(id: int):
    """Enrol, or join the waitlist when asked."""
    session = get_session()
    training_session = services.get_session_row(session, id)
    try:
        enrolment = services.enrol(session, id, current_user, waitlist=request.form.get("waitlist") == "1")
    except Refusal as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".course", id=training_session.course_id))
    session.commit()
    flash(_("You are on the waitlist.") if enrolment.status == "waitlisted" else _("You are enrolled."), "success")
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
    return render_template("market/trainings/mine.html", rows=rows, text=text)


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
                           course=session.get(Course, training_session.course_id), certificates=certificates)


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
