"""Staff pages of a facility: the console (approval queue, today's bookings, machines up or down, follow-up
tasks, qualifications granted), the kiosk (today's check-ins on a tablet) and the monthly report (page, CSV),
each for the facility's staff only (403 otherwise)."""

from __future__ import annotations

import datetime as dt

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.forms import ConfirmForm
from market.centres import hours
from market.centres.forms import DownForm, GrantForm, QuoteForm, RejectForm
from market.centres.models import FollowUp
from market.centres.services import assisted, bookings, facilities, reports
from market.centres.services.access import require_staff
from market.centres.services.payments import facility_money
from market.centres.services.qualifications import grant_qualification
from market.centres.trainings import TRAININGS
from market.db import get_session, utcnow
from market.formviews import submit


def _staff_facility(slug: str):
    session = get_session()
    facility = facilities.get_facility(session, slug)
    require_staff(session, current_user, facility)
    return session, facility


def _grant_form() -> GrantForm:
    form = GrantForm()
    form.training.choices = [(code, str(t.name)) for code, t in TRAININGS.items()]
    return form


@login_required
def console(slug: str):
    """The facility's console."""
    session, facility = _staff_facility(slug)
    return _console_page(session, facility, _grant_form(), DownForm(), 200)


def _console_page(session, facility, grant_form, down_form, status, quote_form=None):
    return render_template("market/centres/console.html", facility=facility,
                           queue=facilities.approval_queue(session, facility.id),
                           today=facilities.bookings_of_day(session, facility.id),
                           machines=facilities.facility_equipment(session, facility.id),
                           follow_ups=facilities.open_follow_ups(session, facility.id), grant_form=grant_form,
                           down_form=down_form, reject_form=RejectForm(), form=ConfirmForm(),
                           jobs=assisted.facility_jobs(session, current_user, facility),
                           quote_form=quote_form or QuoteForm()), status


@login_required
def kiosk(slug: str):
    """Today's bookings on a tablet: check in who arrives, check out who leaves."""
    session, facility = _staff_facility(slug)
    return render_template("market/centres/kiosk.html", facility=facility,
                           today=facilities.bookings_of_day(session, facility.id), form=ConfirmForm(), now=utcnow(),
                           grace=dt.timedelta(minutes=facility.no_show_minutes))


@login_required
def grant(slug: str):
    """Record that a user completed a training."""
    session, facility = _staff_facility(slug)
    form = _grant_form()

    def done(qualification):
        flash(_("The qualification is recorded."), "success")
        return redirect(url_for(".console", slug=slug))

    return submit(form, lambda: grant_qualification(session, current_user, facility, form.email.data,
                                                    form.training.data),
                  lambda status: _console_page(session, facility, form, DownForm(), status), done)


def _confirmed() -> bool:
    if ConfirmForm().validate_on_submit():
        return True
    flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
    return False


def _booking_step(slug: str, booking_id: int, step, done: str, back: str):
    """One staff step on a booking from a confirmed form: ``step(session, user, booking_id)`` committed, ``done``
    said, and back to the ``back`` page of the facility."""
    session, _facility = _staff_facility(slug)
    if _confirmed():
        step(session, current_user, booking_id)
        session.commit()
        flash(done, "success")
    return redirect(url_for(back, slug=slug))


@login_required
def approve(slug: str, booking_id: int):
    """Confirm a requested booking."""
    return _booking_step(slug, booking_id, bookings.approve_booking, _("The booking is confirmed."), ".console")


@login_required
def reject(slug: str, booking_id: int):
    """Reject a requested booking with a reason."""
    session, facility = _staff_facility(slug)
    form = RejectForm()

    def done(_booking):
        flash(_("The booking is rejected."), "success")
        return redirect(url_for(".console", slug=slug))

    return submit(form, lambda: bookings.reject_booking(session, current_user, booking_id, form.reason.data),
                  lambda status: _console_page(session, facility, _grant_form(), DownForm(), status), done)


@login_required
def check_in(slug: str, booking_id: int):
    """Check a booking in at the kiosk."""
    return _booking_step(slug, booking_id, bookings.check_in, _("Checked in."), ".kiosk")


@login_required
def no_show(slug: str, booking_id: int):
    """Mark a booking whose user did not come as a no-show (the slot is freed)."""
    return _booking_step(slug, booking_id, bookings.mark_no_show, _("Marked as a no-show."), ".kiosk")


@login_required
def quote(slug: str, job_id: int):
    """Answer a job request with a price."""
    session, facility = _staff_facility(slug)
    form = QuoteForm()

    def done(_job):
        flash(_("The quote is sent."), "success")
        return redirect(url_for(".console", slug=slug))

    return submit(form, lambda: assisted.quote_job(session, current_user, job_id, form.amount_krw.data,
                                                   form.note.data or ""),
                  lambda status: _console_page(session, facility, _grant_form(), DownForm(), status, form), done)


@login_required
def take_down(slug: str, equipment_id: int):
    """Take a machine down until a day with a blackout; the bookings it overlaps are cancelled and told."""
    session, facility = _staff_facility(slug)
    form = DownForm()

    def action():
        until = dt.datetime.combine(form.until.data + dt.timedelta(days=1), dt.time(), hours.SEOUL)
        return bookings.mark_down(session, current_user, equipment_id, until.astimezone(dt.UTC), form.reason.data)

    def done(result):
        flash(_("The machine is down; %(count)s bookings were cancelled and their users told.",
                count=len(result[1])), "success")
        return redirect(url_for(".console", slug=slug))

    return submit(form, action, lambda status: _console_page(session, facility, _grant_form(), form, status), done)


@login_required
def bring_up(slug: str, equipment_id: int):
    """Put a machine back in service."""
    session, _facility = _staff_facility(slug)
    if _confirmed():
        bookings.mark_operational(session, current_user, equipment_id)
        session.commit()
        flash(_("The machine is back in service."), "success")
    return redirect(url_for(".console", slug=slug))


@login_required
def close_follow_up(slug: str, follow_up_id: int):
    """Close a follow-up task."""
    session, facility = _staff_facility(slug)
    if _confirmed():
        task = session.get(FollowUp, follow_up_id)
        if task is not None and task.facility_id == facility.id and task.closed_at is None:
            task.closed_at = utcnow()
            session.add(task)
            session.commit()
            flash(_("The follow-up task is closed."), "success")
    return redirect(url_for(".console", slug=slug))


@login_required
def report(slug: str):
    """The facility's month: figures per machine and in total, with charts; ``?format=csv`` downloads it."""
    session = get_session()
    facility = facilities.get_facility(session, slug)
    found = reports.staff_report(session, current_user, facility, request.args.get("month"))
    if request.args.get("format") == "csv":
        return Response(reports.report_csv(found), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{facility.slug}-{found.month}.csv"'})
    return render_template("market/centres/report.html", facility=facility, report=found,
                           trend=reports.utilisation_trend(session, facility, found.month),
                           money=facility_money(session, facility.id))


def register(bp) -> None:
    """Add the staff pages to the centres blueprint."""
    rules = [
        ("/facilities/<slug>/console", "console", console, "GET"),
        ("/facilities/<slug>/kiosk", "kiosk", kiosk, "GET"),
        ("/facilities/<slug>/report", "report", report, "GET"),
        ("/facilities/<slug>/qualifications", "grant", grant, "POST"),
        ("/facilities/<slug>/bookings/<int:booking_id>/approve", "approve", approve, "POST"),
        ("/facilities/<slug>/bookings/<int:booking_id>/reject", "reject", reject, "POST"),
        ("/facilities/<slug>/bookings/<int:booking_id>/check-in", "check_in", check_in, "POST"),
        ("/facilities/<slug>/bookings/<int:booking_id>/no-show", "no_show", no_show, "POST"),
        ("/facilities/<slug>/jobs/<int:job_id>/quote", "quote", quote, "POST"),
        ("/facilities/<slug>/equipment/<int:equipment_id>/down", "take_down", take_down, "POST"),
        ("/facilities/<slug>/equipment/<int:equipment_id>/up", "bring_up", bring_up, "POST"),
        ("/facilities/<slug>/follow-ups/<int:follow_up_id>/close", "close_follow_up", close_follow_up, "POST"),
    ]
    for rule, endpoint, view, method in rules:
        bp.add_url_rule(rule, endpoint, view, methods=[method])
