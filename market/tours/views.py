"""Pages of school tours: upcoming tours, hosting one (makers), a tour's page with the booking form for
teachers and, for the host, its bookings, attendance, internship leads and the students' survey results; a
teacher's bookings, and the students' survey slips of a class with its results."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from i18n.locales import current_locale
from market.accounts.models import Organization
from market.db import get_session
from market.formviews import submit
from market.people.plaque import qr_svg
from market.people.trades import TRADES
from market.refusals import not_found
from market.tours import services, survey
from market.tours.forms import AttendanceForm, BookingForm, LeadForm, TourForm
from market.tours.models import TourBooking
from market.uploads.files import read_upload

bp = Blueprint("market_tours", __name__, url_prefix="/<locale:lang>/tours")
SEOUL = ZoneInfo("Asia/Seoul")


@bp.get("/")
def index():
    """Upcoming workshop tours with the seats left, by trade."""
    trade = request.args.get("trade") or None
    trade = trade if trade in TRADES else None
    session = get_session()
    return render_template("market/tours/index.html", rows=services.upcoming_tours(session, trade), trade=trade,
                           trades=TRADES, can_host=bool(services.hostable_orgs(session, current_user)))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Host a tour (a maker's members)."""
    session = get_session()
    orgs = services.hostable_orgs(session, current_user)
    if not orgs:
        return render_template("market/tours/new.html", form=None), 403
    form = TourForm(orgs=orgs)

    def page(status):
        return render_template("market/tours/new.html", form=form), status

    if request.method == "GET":
        return page(200)

    def action():
        starts = form.starts_at.data.replace(tzinfo=SEOUL).astimezone(dt.UTC) if form.starts_at.data else None
        return services.host_tour(session, current_user, org_id=form.org_id.data, starts_at=starts,
                                  capacity=form.capacity.data, trade=form.trade.data,
                                  duration_minutes=form.duration_minutes.data, safety_notes=form.safety_notes.data)

    def done(tour):
        flash(_("The tour is open for bookings."), "success")
        return redirect(url_for(".detail", tour_id=tour.id))

    return submit(form, action, page, done)


def _detail(tour_id: int, status: int = 200, **forms):
    session = get_session()
    tour = services.get_tour(session, tour_id)
    org = session.get(Organization, tour.org_id)
    forms.setdefault("booking_form", BookingForm(formdata=None))
    mine = []
    if current_user.is_authenticated:
        mine = [b for b, t, _o in services.bookings_of_teacher(session, current_user) if t.id == tour.id]
    host = services.is_host(session, current_user, tour)
    class_results = {b.id: survey.class_results(session, current_user, b.id) for b in mine}
    return render_template("market/tours/detail.html", tour=tour, org=org, host=host, bookings=services.bookings_of_tour(session, current_user, tour_id),
                           leads=services.leads_of_tour(session, current_user, tour_id), mine=mine,
                           left=tour.capacity - tour.booked, attendance_form=AttendanceForm(formdata=None),
                           lead_form=LeadForm(formdata=None), class_results=class_results,
                           slips_ready=survey.slips_ready,
                           tour_results=survey.tour_results(session, tour) if host else None, **forms), status


@bp.get("/<int:tour_id>")
def detail(tour_id: int):
    """A tour: the workshop, date, trade, safety notes, seats left, and the booking form."""
    return _detail(tour_id)


@bp.post("/<int:tour_id>/book")
@login_required
def book(tour_id: int):
    """A teacher books seats for a class, with the consent forms."""
    form = BookingForm()
    forms = [read_upload(f) for f in request.files.getlist("consent_forms") if f and f.filename]

    def done(_booking):
        flash(_("Your class is booked. The workshop has been told."), "success")
        return redirect(url_for(".detail", tour_id=tour_id))

    return submit(form, lambda: services.book(get_session(), current_user, tour_id, school=form.school.data,
                                              group_size=form.group_size.data, phone=form.phone.data,
                                              consent_forms=forms),
                  lambda status: _detail(tour_id, status, booking_form=form), done)


@bp.post("/bookings/<int:booking_id>/cancel")
@login_required
def cancel(booking_id: int):
    """The teacher cancels the booking."""
    booking = services.cancel_booking(get_session(), current_user, booking_id)
    get_session().commit()
    flash(_("The booking is cancelled."), "success")
    return redirect(url_for(".detail", tour_id=booking.tour_id))


@bp.post("/bookings/<int:booking_id>/attendance")
@login_required
def attendance(booking_id: int):
    """The host records how many students came."""
    form = AttendanceForm()
    booking = get_session().get(TourBooking, booking_id)
    if booking is None:
        raise not_found()

    def done(_b):
        flash(_("The attendance is recorded."), "success")
        return redirect(url_for(".detail", tour_id=booking.tour_id))

    return submit(form, lambda: services.record_attendance(get_session(), current_user, booking_id,
                                                           form.attended.data),
                  lambda status: _detail(booking.tour_id, status), done)


@bp.post("/bookings/<int:booking_id>/leads")
@login_required
def lead(booking_id: int):
    """The teacher passes on a student's interest in an internship."""
    form = LeadForm()
    booking = get_session().get(TourBooking, booking_id)
    if booking is None:
        raise not_found()

    def done(_lead):
        flash(_("The workshop has the student's interest."), "success")
        return redirect(url_for(".detail", tour_id=booking.tour_id))

    return submit(form, lambda: services.add_lead(get_session(), current_user, booking_id,
                                                  student_name=form.student_name.data, contact=form.contact.data,
                                                  note=form.note.data),
                  lambda status: _detail(booking.tour_id, status), done)


@bp.get("/bookings/<int:booking_id>/survey")
@login_required
def slips(booking_id: int):
    """The students' survey slips of the teacher's class (to print, each with its QR code, or to send on) and
    the class's results so far."""
    session = get_session()
    booking, tour = survey.teachers_booking(session, current_user, booking_id)
    rows = survey.list_slips(session, current_user, booking_id)
    return render_template("market/tours/slips.html", booking=booking, tour=tour,
                           org=session.get(Organization, tour.org_id), slips=rows,
                           qrs=[Markup(qr_svg(slip.link)) for slip in rows],
                           ready=survey.slips_ready(booking, tour),
                           results=survey.class_results(session, current_user, booking_id))


@bp.post("/bookings/<int:booking_id>/survey")
@login_required
def make_slips(booking_id: int):
    """The teacher makes the slips (one per student who came; the missing ones when asked again)."""
    made = survey.make_slips(get_session(), current_user, booking_id, current_locale())
    get_session().commit()
    flash(ngettext("%(num)d survey slip is ready to hand out.", "%(num)d survey slips are ready to hand out.",
                   len(made)), "success")
    return redirect(url_for(".slips", booking_id=booking_id))


@bp.get("/mine")
@login_required
def mine():
    """The teacher's bookings."""
    return render_template("market/tours/mine.html", rows=services.bookings_of_teacher(get_session(), current_user))
