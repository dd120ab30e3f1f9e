"""Pages of the support centres: the facilities (list on the district map, detail), the availability-first
search ("what is free on <date> from 14:00 to 17:00"), the booking confirmation step, the user's bookings with
their calendar file and links, cancellation and check-out. The staff console, kiosk and reports are in
:mod:`market.centres.staff_views`, on the same blueprint.

Refusals of a form's input (422) re-render the form with the field marked; other refusals (403, 404, 409) go to
the app's handler (:mod:`market.errors`), which rolls back, flashes and leads back.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from catalog.showroom.services.showrooms import showroom_of_centre
from i18n.locales import current_locale, hreflang
from i18n.times import format_datetime, format_time
from market.accounts.forms import ConfirmForm
from market.centres import hours, labels, staff_views
from market.centres.forms import (
    AssistedForm,
    BookForm,
    MachineFilesForm,
    ProblemForm,
    SearchForm,
    TransferForm,
    texts_form,
)
from market.centres.models import Category, Trade
from market.centres.payable import checkout_url, voucher_title
from market.centres.pricing import quote
from market.centres.services import (
    assisted,
    availability,
    bookings,
    calendar,
    facilities,
    feeds,
    machine_files,
    texts,
    waitlist,
)
from market.centres.services.access import is_staff_of, staff_facilities, tier_of
from market.centres.services.calendar import google_link, outlook_link
from market.centres.services.payments import booking_charge, booking_payment
from market.centres.trainings import required_trainings, training_name
from market.db import get_session
from market.formviews import submit
from market.refusals import Refusal

bp = Blueprint("market_centres", __name__, url_prefix="/<locale:lang>/centres")
staff_views.register(bp)


# --- template helpers ------------------------------------------------------------------------------------------


@bp.app_template_global()
def centre_label(kind: str, value) -> str:
    """A support centre code in words: ``kind`` is operator, trade, category, status, equipment_status, tier,
    reason or district."""
    if kind == "district":
        name = labels.district_name(value, current_locale())
        return Markup('<span lang="{}">{}</span>').format("ko" if current_locale() == "ko" else "ko-Latn", name)
    if kind == "training":
        return training_name(value)
    names = {"operator": labels.OPERATOR_NAMES, "trade": labels.TRADE_NAMES, "category": labels.CATEGORY_NAMES,
             "status": labels.BOOKING_STATUS_NAMES, "equipment_status": labels.EQUIPMENT_STATUS_NAMES,
             "tier": labels.TIER_NAMES, "reason": labels.REASON_NAMES, "job": labels.JOB_STATUS_NAMES}[kind]
    return labels.label(names, value)


def _marked(text: str, locale: str | None = None) -> Markup:
    # Names are the centres' own words (Korean or English, or a translation staff gave): marked with their
    # language on every page.
    return Markup('<span lang="{}">{}</span>').format(hreflang(locale) if locale else name_lang(text), text)


@bp.app_template_global()
def machine_name(equipment) -> Markup:
    """A machine's name in the page's language where it has one, marked with its language."""
    return _marked(*labels.named_machine(equipment))


@bp.app_template_global()
def machine_text(equipment) -> str:
    """A machine's name as plain text (for charts), with :func:`name_lang` for its language."""
    return labels.machine_name(equipment)


@bp.app_template_global()
def booking_charge_of(booking):
    """What a booking costs its user now (fee, voucher, what is due, whether it can be paid)."""
    return booking_charge(booking)


@bp.app_template_global()
def district_text(code: str) -> str:
    """A district's name as plain text (for the map): Hangul on Korean pages, romanised otherwise."""
    return labels.district_name(code, current_locale())


@bp.app_template_global()
def name_lang(text: str) -> str:
    """The language a centre's name is written in, from its script: ko, ja, zh-Hans, vi or en."""
    if re.search("[\uac00-\ud7a3]", text):
        return "ko"
    if re.search("[\u3040-\u30ff]", text):
        return "ja"
    if re.search("[\u4e00-\u9fff]", text):
        return "zh-Hans"
    if re.search("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ]", text):
        return "vi"
    return "en"


@bp.app_template_global()
def centre_name(facility) -> Markup:
    """A facility's name in the page's language where it has one, marked with its language."""
    return _marked(*labels.named_centre(facility))


@bp.app_template_global()
def seoul_time(value: dt.datetime | None, kind: str = "datetime") -> str:
    """A time shown in Seoul time in the page's language (``datetime``, ``time`` or ``date``), or for links
    (``iso_date``, ``hhmm``)."""
    if value is None:
        return ""
    local = value.astimezone(hours.SEOUL)
    if kind == "iso_date":
        return local.date().isoformat()
    if kind == "hhmm":
        return local.strftime("%H:%M")
    if kind == "time":
        return format_time(local, "short", rebase=False)
    if kind == "date":
        from flask_babel import format_date

        return format_date(local.date(), "medium")
    return format_datetime(local, "short", rebase=False)


def _choices(names: dict, empty) -> list[tuple[str, str]]:
    return [("", str(empty))] + [(str(k), str(v)) for k, v in names.items()]


def _search_form() -> SearchForm:
    session = get_session()
    form = SearchForm(request.args)
    form.category.choices = _choices(labels.CATEGORY_NAMES, _("Any machine"))
    form.trade.choices = _choices({t: labels.TRADE_NAMES[t] for t in Trade if t != Trade.general}, _("Any trade"))
    form.district.choices = [("", _("Any district"))] + [
        (d, labels.district_name(d, current_locale())) for d in facilities.districts(session)]
    return form


def _period(day: dt.date, start: str, end: str) -> tuple[dt.datetime, dt.datetime]:
    def at(text: str) -> dt.datetime:
        hour, minute = (int(x) for x in text.split(":"))
        return dt.datetime.combine(day, dt.time(hour, minute), hours.SEOUL).astimezone(dt.UTC)

    return at(start), at(end)


def _tomorrow() -> dt.date:
    return dt.datetime.now(hours.SEOUL).date() + dt.timedelta(days=1)


# --- facilities ------------------------------------------------------------------------------------------------


@bp.get("/")
def index():
    """Every support facility, on the district map and in a list, with the availability search."""
    session = get_session()
    operator = request.args.get("operator") or None
    operator = operator if operator in labels.OPERATOR_NAMES else None
    rows = facilities.list_facilities(session, operator=operator)
    by_district: dict[str, int] = {}
    for facility, _count in rows:
        by_district[facility.district] = by_district.get(facility.district, 0) + 1
    return render_template("market/centres/index.html", rows=rows, by_district=by_district, operator=operator,
                           form=_search_form(), tomorrow=_tomorrow(),
                           staff_of=staff_facilities(session, current_user))


@bp.get("/facilities/<slug>")
def facility(slug: str, form=None, status: int = 200):
    """A facility: its description, services, hours, contact, machines with their rules and prices; for its
    staff, the form of its name and description in each language."""
    session = get_session()
    found = facilities.get_facility(session, slug)
    machines = facilities.facility_equipment(session, found.id)
    days = [(str(i), found.opening_hours.get(str(i))) for i in range(7)]
    staff = is_staff_of(session, current_user, found.id)
    if staff and form is None:
        form = texts_form(texts.current_texts(session, texts.FACILITY, found.id))
    return render_template("market/centres/facility.html", facility=found, machines=machines, days=days,
                           required_trainings=required_trainings, is_staff=staff,
                           description=texts.description(session, texts.FACILITY, found.id, current_locale()),
                           texts_form=form, showroom=showroom_of_centre(session, found.slug)), status


@bp.post("/facilities/<slug>/texts")
@login_required
def facility_texts(slug: str):
    """The facility's staff save its name and description in each language."""
    session = get_session()
    found = facilities.get_facility(session, slug)
    form = texts_form()

    def done(_result):
        flash(_("The names and descriptions are saved."), "success")
        return redirect(url_for(".facility", slug=found.slug))

    return submit(form, lambda: texts.save_texts(session, current_user, texts.FACILITY, found.id, form.data),
                  lambda status: facility(slug, form=form, status=status), done)


@bp.post("/machines/<int:equipment_id>/texts")
@login_required
def machine_texts(equipment_id: int):
    """The facility's staff save the machine's name and description in each language."""
    session = get_session()
    form = texts_form()

    def done(_result):
        flash(_("The names and descriptions are saved."), "success")
        return redirect(url_for(".machine", equipment_id=equipment_id))

    return submit(form, lambda: texts.save_texts(session, current_user, texts.EQUIPMENT, equipment_id, form.data),
                  lambda status: machine(equipment_id, texts_form_=form, status=status), done)


@bp.get("/machines/<int:equipment_id>")
def machine(equipment_id: int, files_form: MachineFilesForm | None = None, status: int = 200, texts_form_=None):
    """A machine: photo, description, specs, materials, consumables, booking rules, prices, its manual, and for
    its facility's staff the forms to upload the manual and photo and to name and describe it in each
    language."""
    session = get_session()
    equipment, found = facilities.get_equipment(session, equipment_id)
    staff = is_staff_of(session, current_user, found.id)
    if staff and texts_form_ is None:
        texts_form_ = texts_form(texts.current_texts(session, texts.EQUIPMENT, equipment.id))
    return render_template("market/centres/machine.html", equipment=equipment, facility=found,
                           trainings=required_trainings(equipment), photo_rest=machine_files.photo_url_key(equipment),
                           is_staff=staff, files_form=files_form or MachineFilesForm(), texts_form=texts_form_,
                           description=texts.description(session, texts.EQUIPMENT, equipment.id,
                                                         current_locale())), status


@bp.post("/machines/<int:equipment_id>/files")
@login_required
def machine_files_upload(equipment_id: int):
    """The facility's staff upload the machine's manual and/or photo; a refused file shows on its field."""
    from market.uploads.files import MAX_DOCUMENT_BYTES, read_upload

    session = get_session()
    form = MachineFilesForm()

    def upload(name):
        storage = request.files.get(name)
        return read_upload(storage, MAX_DOCUMENT_BYTES) if storage is not None and storage.filename else None

    def done(replaced):
        machine_files.discard_replaced(replaced)
        flash(_("The machine's files are updated."), "success")
        return redirect(url_for(".machine", equipment_id=equipment_id))

    return submit(form, lambda: machine_files.update_machine_files(
        session, current_user, equipment_id, manual=upload("manual"), photo=upload("photo")),
        lambda status: machine(equipment_id, files_form=form, status=status), done)


@bp.get("/machines/<int:equipment_id>/manual.pdf")
def machine_manual(equipment_id: int):
    """The machine's manual (PDF), for anyone (404 when it has none)."""
    from market.storage import send_private

    equipment, _found = facilities.get_equipment(get_session(), equipment_id)
    name = re.sub(r"[^A-Za-z0-9]+", "-", equipment.name).strip("-").lower() or "machine"
    return send_private(equipment.manual_key, f"{name}-manual.pdf", "application/pdf", attachment=False)


# --- search and booking ----------------------------------------------------------------------------------------


@bp.get("/search")
def search():
    """What is free on a date between two times, across every centre, and why the rest is not bookable."""
    session = get_session()
    form = _search_form()
    if not request.args:
        form.date.data = _tomorrow()
    valid = form.validate() if request.args else True
    results = None
    period = None
    if request.args and valid and form.date.data and form.start.data and form.end.data:
        period = _period(form.date.data, form.start.data, form.end.data)
        filters = availability.Filters(start=period[0], end=period[1], category=form.category.data or None,
                                       trade=form.trade.data or None, district=form.district.data or None,
                                       qualified_only=bool(form.qualified.data),
                                       max_hourly_krw=form.max_hourly_krw.data)
        results = availability.search(session, current_user, filters)
    elif request.args and valid:
        form.date.errors = list(form.date.errors) + [_("Choose a date.")]
        valid = False
    return render_template("market/centres/search.html", form=form, results=results, period=period, confirm=ConfirmForm(),
                           categories=list(Category)), (200 if valid else 422)


def _chosen_period() -> tuple[dt.datetime, dt.datetime] | None:
    return _chosen_period_from(request.args)


def _chosen_period_from(values) -> tuple[dt.datetime, dt.datetime] | None:
    try:
        day = dt.date.fromisoformat(values.get("date", ""))
        start, end = values.get("start", ""), values.get("end", "")
        if not (len(start) == 5 and len(end) == 5):
            return None
        return _period(day, start, end)
    except ValueError:
        return None


@bp.route("/book/<int:equipment_id>", methods=["GET", "POST"])
@login_required
def book(equipment_id: int):
    """The confirmation step of a chosen slot: what, when, the frozen price and the cancellation rules; the
    booking is made only when confirmed here."""
    session = get_session()
    equipment, found = facilities.get_equipment(session, equipment_id)
    period = _chosen_period()
    if period is None:
        flash(_("Choose a date and a time first."), "error")
        return redirect(url_for(".search", category=equipment.category))
    tier = tier_of(session, current_user)[0]
    price, lines = quote(equipment, tier, *period)
    form = BookForm()
    problem = None
    try:
        checks = availability.search(session, current_user, availability.Filters(
            start=period[0], end=period[1], facility_id=found.id))
        result = next((r for r in checks if r.equipment.id == equipment.id), None)
        problem = result.reason if result and not result.available else None
    except Refusal:
        problem = None

    def page(status):
        return render_template("market/centres/book.html", equipment=equipment, facility=found, period=period,
                               price=price, lines=lines, tier=tier, form=form, problem=problem,
                               missing=result.missing if result else []), status

    def done(booking):
        if booking.status == "requested":
            flash(_("Your booking is requested: the centre will confirm it."), "success")
        else:
            flash(_("Your booking is confirmed. We sent you a confirmation with a calendar file."), "success")
        return redirect(url_for(".booking", booking_id=booking.id))

    if request.method == "GET":
        return page(200)
    return submit(form, lambda: bookings.create_booking(session, current_user, equipment.id, *period,
                                                        purpose=form.purpose.data or ""), page, done)


@bp.post("/waitlist/<int:equipment_id>")
@login_required
def join_waitlist(equipment_id: int):
    """Wait for a taken slot: offered for 30 minutes when it frees."""
    period = _chosen_period_from(request.form)
    if period is None or not ConfirmForm().validate_on_submit():
        flash(_("Choose a date and a time first."), "error")
        return redirect(url_for(".search"))
    session = get_session()
    waitlist.join_waitlist(session, current_user, equipment_id, *period)
    session.commit()
    flash(_("You are on the waitlist. If the slot frees, it is held for you for 30 minutes."), "success")
    return redirect(url_for(".mine"))


@bp.get("/bookings/")
@login_required
def mine():
    """The user's bookings, the coming ones first, and the slots they wait for."""
    session = get_session()
    rows = bookings.list_user_bookings(session, current_user.id)
    return render_template("market/centres/mine.html", rows=rows, now=dt.datetime.now(dt.UTC),
                           waiting=waitlist.user_waitlist(session, current_user.id), confirm=ConfirmForm(),
                           has_feed=feeds.has_feed(session, current_user.id),
                           jobs=assisted.user_jobs(session, current_user.id))


@bp.get("/bookings/<int:booking_id>")
@login_required
def booking(booking_id: int, transfer_form: TransferForm | None = None, problem_form: ProblemForm | None = None,
            status: int = 200):
    """A booking: machine, time, price, status, calendar file and links, and what can be done next."""
    session = get_session()
    found, staff = bookings.get_booking(session, current_user, booking_id)
    equipment, fac = facilities.get_equipment(session, found.equipment_id)
    return render_template("market/centres/booking.html", booking=found, equipment=equipment, facility=fac,
                           is_staff=staff, own=found.user_id == current_user.id, form=ConfirmForm(),
                           charge=booking_charge(found), payment=booking_payment(session, found),
                           pay_url=checkout_url(found), voucher_title=voucher_title,
                           transfer_form=transfer_form or TransferForm(), problem_form=problem_form or ProblemForm(),
                           google=google_link(found, equipment, fac), outlook=outlook_link(found, equipment, fac),
                           now=dt.datetime.now(dt.UTC)), status


@bp.get("/bookings/<int:booking_id>/booking.ics")
@login_required
def booking_ics(booking_id: int):
    """The booking as an iCalendar file."""
    session = get_session()
    found, _staff = bookings.get_booking(session, current_user, booking_id)
    equipment, fac = facilities.get_equipment(session, found.equipment_id)
    body = calendar.booking_ics(found, equipment, fac, url_for(".booking", booking_id=found.id, _external=True))
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="booking-{found.id}.ics"'})


@bp.post("/bookings/<int:booking_id>/cancel")
@login_required
def cancel(booking_id: int):
    """Cancel a booking (free until the facility's hours before the start, then billed)."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for(".booking", booking_id=booking_id))
    session = get_session()
    found = bookings.cancel_booking(session, current_user, booking_id)
    session.commit()
    if found.late_cancel and found.charged_krw:
        flash(_("Your booking is cancelled. As it was cancelled late, the slot is billed."), "success")
    else:
        flash(_("Your booking is cancelled free of charge."), "success")
    return redirect(url_for(".booking", booking_id=booking_id))


@bp.post("/bookings/<int:booking_id>/complete")
@login_required
def complete(booking_id: int):
    """Check out: the booking is completed and the survey is sent."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for(".booking", booking_id=booking_id))
    session = get_session()
    used = {}
    for key, value in request.form.items():
        if key.startswith("consumable-") and value.strip():
            try:
                used[int(key.removeprefix("consumable-"))] = int(value)
            except ValueError:
                used[-1] = -1  # refused below, on the field
    found = bookings.complete_booking(session, current_user, booking_id, consumables=used)
    session.commit()
    flash(_("Checked out. We sent you a short survey about your visit."), "success")
    if request.form.get("back") == "kiosk" and is_staff_of(session, current_user, found.facility_id):
        slug = facilities.get_equipment(session, found.equipment_id)[1].slug
        return redirect(url_for(".kiosk", slug=slug))
    return redirect(url_for(".booking", booking_id=booking_id))


@bp.post("/bookings/<int:booking_id>/transfer")
@login_required
def transfer(booking_id: int):
    """Hand the booking to a colleague of the same organisation."""
    session = get_session()
    form = TransferForm()

    def done(_moved):
        flash(_("The booking is now your colleague's."), "success")
        return redirect(url_for(".mine"))

    return submit(form, lambda: bookings.transfer_booking(session, current_user, booking_id, form.email.data),
                  lambda status: booking(booking_id, transfer_form=form, status=status), done)


@bp.post("/calendar/reset")
@login_required
def reset_feed():
    """Make a new private calendar address (the old one stops working) and show it once."""
    if not ConfirmForm().validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for(".mine"))
    session = get_session()
    secret = feeds.reset_feed(session, current_user)
    session.commit()
    address = url_for(".feed", secret=secret, _external=True).replace("https://", "webcal://").replace(
        "http://", "webcal://")
    flash(_("Your private calendar address (keep it to yourself): %(url)s", url=address), "success")
    return redirect(url_for(".mine"))


@bp.post("/calendar/revoke")
@login_required
def revoke_feed():
    """Remove the private calendar address."""
    if ConfirmForm().validate_on_submit():
        session = get_session()
        feeds.revoke_feed(session, current_user)
        session.commit()
        flash(_("Your calendar address no longer works."), "success")
    return redirect(url_for(".mine"))


@bp.get("/calendar/<secret>.ics")
def feed(secret: str):
    """The private calendar feed of the user whose secret this is (404 for any other address)."""
    session = get_session()
    user = feeds.feed_user(session, secret)
    if user is None:
        raise Refusal(_("Nothing was found at this address."), code="not_found", status=404)
    rows = bookings.list_user_bookings(session, user.id)
    return Response(calendar.feed_ics(rows, _("My bookings")), mimetype="text/calendar")


@bp.post("/bookings/<int:booking_id>/problem")
@login_required
def report_problem(booking_id: int):
    """Report a problem with the booked machine to the centre's staff."""
    session = get_session()
    form = ProblemForm()

    def done(_result):
        flash(_("Thank you: the centre's staff will look at the machine."), "success")
        return redirect(url_for(".booking", booking_id=booking_id))

    return submit(form, lambda: bookings.report_problem(session, current_user, booking_id, form.problem.data),
                  lambda status: booking(booking_id, problem_form=form, status=status), done)


@bp.route("/assisted/<int:equipment_id>", methods=["GET", "POST"])
@login_required
def ask_quote(equipment_id: int):
    """Ask the staff of a staff-run machine for a quote for a job."""
    session = get_session()
    equipment, fac = facilities.get_equipment(session, equipment_id)
    form = AssistedForm()

    def page(status):
        return render_template("market/centres/assisted.html", equipment=equipment, facility=fac, form=form), status

    def done(_job):
        flash(_("Your request is sent: the centre will answer with a quote."), "success")
        return redirect(url_for(".mine"))

    if request.method == "GET":
        return page(200)
    return submit(form, lambda: assisted.request_job(session, current_user, equipment.id, form.description.data,
                                                     form.quantity.data), page, done)


@bp.post("/assisted/jobs/<int:job_id>/<any(accept, decline, withdraw):answer>")
@login_required
def answer_job(job_id: int, answer: str):
    """Accept or decline a quote, or withdraw a request."""
    if ConfirmForm().validate_on_submit():
        session = get_session()
        if answer == "withdraw":
            assisted.withdraw_job(session, current_user, job_id)
        else:
            assisted.answer_quote(session, current_user, job_id, answer == "accept")
        session.commit()
        flash(_("Your answer is recorded."), "success")
    return redirect(url_for(".mine"))
