"""Pages of support programmes: the directory with filters and "eligible for you", a programme with each rule met
or not and why, the support profile, the application (form stored as data, draft, documents, declaration,
submit, timeline), the applicant's list, and staff's queue, screening page (duplicate-support check, requests
for information, reviewers and their score spread, decision) and outcomes.

Refusals of input (422) re-render the page with the fields marked; other refusals go to the app's handler.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.times import format_time, utcnow
from market.accounts.models import Organization
from market.clusters import industry_name
from market.db import get_session
from market.formviews import submit
from market.pages import page_number, page_url
from market.programmes import brn, formdata
from market.programmes.forms import (
    AssignForm,
    DecisionForm,
    FilterForm,
    NoteForm,
    ProfileForm,
    programme_form_class,
    programme_input,
)
from market.programmes.labels import (
    application_status_label,
    event_label,
    fallback_mark,
    fallback_note,
    programme_status_label,
    selection_label,
    support_type_label,
    text,
    text_html,
    text_lang,
)
from market.programmes.models import ApplicationStatus, SupportType
from market.programmes.phases import phase
from market.programmes.review_subject import KIND as REVIEW_KIND
from market.programmes.services import applications as apps
from market.programmes.services import (
    coapplicants,
    directory,
    editing,
    ledger,
    outcomes,
    participants,
    profiles,
    staff,
    texts,
)
from market.programmes.services.access import (
    STAFF_ROLES,
    acting_organisation,
    is_programme_staff,
    member_org_ids,
    organisations_of,
)
from market.refusals import Refusal
from market.reviews import services as reviews
from market.security import staff_required
from market.storage import send_private
from market.uploads.files import read_upload

bp = Blueprint("market_programmes", __name__, url_prefix="/<locale:lang>/programmes")
DECLARATION_ROWS = 3


@bp.app_context_processor
def _helpers():
    return {"programme_text": text, "programme_lang": text_lang, "programme_html": text_html,
            "programme_texts": lambda p: texts.programme_texts(None, p), "programme_phase": phase,
            "support_type_label": support_type_label,
            "programme_status_label": programme_status_label, "selection_label": selection_label,
            "application_status_label": application_status_label, "field_label": formdata.field_label,
            "fallback_mark": fallback_mark, "fallback_note": fallback_note, "event_label": event_label,
            "format_brn": brn.formatted, "is_programme_staff": is_programme_staff,
            "industry_label": industry_name}


def _session():
    return get_session()


@bp.get("/")
def index():
    """The directory: filters, and for a signed-in member which programmes their organisation is eligible for."""
    session = _session()
    form = FilterForm(request.args)
    filters = directory.Filters(page=page_number())
    if form.validate():
        filters.trade = form.trade.data or None
        filters.support_type = form.type.data or None
        filters.district = (form.district.data or "").strip() or None
        filters.status = form.status.data or None
        filters.deadline_before = form.deadline_before.data
        filters.closing_this_week = bool(form.closing_this_week.data)
    try:
        rows, total = directory.list_programmes(session, filters)
    except Refusal as exc:
        form.refuse(exc)
        rows, total = [], 0
    org = _first_org(session)
    verdicts = {p.id: directory.check_eligibility(session, p, org) for p in rows} if org else {}
    return render_template("market/programmes/index.html", form=form, rows=rows, total=total, org=org,
                           verdicts=verdicts, page=filters.page, per_page=directory.PER_PAGE,
                           page_url=page_url)


def _first_org(session):
    if not current_user.is_authenticated:
        return None
    orgs = organisations_of(session, current_user)
    return orgs[0] if orgs else None


@bp.get("/<int:id>")
def detail(id: int):
    """One programme: the directory's fields, eligibility rule by rule, and the way to apply."""
    session = _session()
    programme = directory.get_programme(session, id)
    org = _first_org(session)
    verdict = directory.check_eligibility(session, programme, org) if org else None
    existing = apps.application_for_org(session, programme.id, {org.id}) if org else None
    return render_template("market/programmes/detail.html", p=programme, org=org, verdict=verdict,
                           existing=existing, accepting=directory.is_accepting(programme))


@bp.post("/<int:id>/apply")
@login_required
def apply(id: int):
    """Open a draft for the member's organisation and go to it."""
    session = _session()
    org = acting_organisation(session, current_user, request.form.get("organization_id", type=int))
    application = apps.start_application(session, id, org, current_user)
    session.commit()
    flash(_("Your draft is saved. Fill it in at your pace, then submit it."), "success")
    return redirect(url_for(".application", id=application.id))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The organisation's support profile: business registration number, KSIC codes, revenue, workplace."""
    session = _session()
    org = acting_organisation(session, current_user, request.values.get("org", type=int))
    current = profiles.profile_of(session, org.id)
    form = ProfileForm(obj=None)
    if request.method == "GET" and current is not None:
        form.business_number.data = brn.formatted(current.business_number)
        form.ksic_codes.data = ", ".join(current.ksic_codes)
        form.annual_revenue_krw.data = current.annual_revenue_krw
        form.workplace_in_seoul.data = {True: "yes", False: "no"}.get(current.workplace_in_seoul, "")

    def saved(_profile):
        flash(_("Your support profile is saved."), "success")
        return redirect(request.args.get("next") if (request.args.get("next") or "").startswith("/")
                        else url_for(".profile"))

    if request.method == "POST":
        return submit(form, lambda: profiles.save_profile(
            session, org, business_number=form.business_number.data, ksic_codes=form.ksic_codes.data,
            annual_revenue_krw=form.annual_revenue_krw.data,
            workplace_in_seoul={"yes": True, "no": False}.get(form.workplace_in_seoul.data)),
            lambda status: (render_template("market/programmes/profile.html", form=form, org=org,
                                            entries=ledger.entries_for(session, org.id)), status), saved)
    return render_template("market/programmes/profile.html", form=form, org=org,
                           entries=ledger.entries_for(session, org.id))


@bp.get("/applications/")
@login_required
def mine():
    """The applications of the member's organisations."""
    return render_template("market/programmes/mine.html", rows=apps.applications_of(_session(), current_user))


def _answers_from_form(programme) -> dict:
    answers = {}
    for field in programme.form:
        name = field["name"]
        if field.get("type") == "checkbox":
            answers[name] = name in request.form
        else:
            answers[name] = request.form.get(name, "")
    return answers


def _declaration_from_form() -> dict:
    if request.form.get("declaration") == "none":
        return {"none": True, "items": []}
    items = []
    for i in range(DECLARATION_ROWS):
        title = request.form.get(f"decl_title_{i}", "").strip()
        if not title:
            continue
        items.append({"title": title, "support_type": request.form.get(f"decl_type_{i}", ""),
                      "year": request.form.get(f"decl_year_{i}", ""),
                      "amount_krw": request.form.get(f"decl_amount_{i}", "") or None})
    return {"none": False, "items": items}


def render_application(application, *, errors=None, values=None, status=200):
    """The application page (also for the co-applicants' forms of :mod:`market.programmes.signoff_views`)."""
    session = _session()
    programme = directory.get_programme(session, application.programme_id)
    is_member = application.organization_id in member_org_ids(session, current_user)
    editable = application.status in apps.EDITABLE and is_member
    declaration = application.declaration or {}
    return render_template(
        "market/programmes/application.html", a=application, p=programme, editable=editable, is_member=is_member,
        org=session.get(Organization, application.organization_id),
        files=apps.files_of(session, application.id), timeline=apps.timeline(session, application.id),
        missing=apps.missing_for_submission(session, application) if editable else {},
        errors=errors or {}, values=values if values is not None else application.answers,
        declaration=declaration, decl_rows=range(DECLARATION_ROWS), support_types=list(SupportType),
        profile=profiles.profile_of(session, application.organization_id),
        signoffs=coapplicants.sign_offs(session, application.id),
        candidates=coapplicants.candidates(session, application) if editable else [],
        people=apps.timeline_people(session, application.id)), status


def _wants_json() -> bool:
    # The page's autosave script asks for JSON; a form posted without JavaScript gets the page as before.
    return request.accept_mimetypes.best == "application/json"


@bp.route("/applications/<int:id>", methods=["GET", "POST"])
@login_required
def application(id: int):
    """The application: its form (editable as a draft or when staff asked for more), documents, declaration,
    submission and timeline. POST saves the draft, or saves and submits when ``action=submit``; the page's autosave
    posts the same form asking for JSON and gets ``{"saved", "message", "errors"}`` back (422 when refused)."""
    session = _session()
    record = apps.get_application(session, id, current_user)
    if request.method == "GET":
        return render_application(record)
    programme = directory.get_programme(session, record.programme_id)
    answers = _answers_from_form(programme)
    autosave = _wants_json() and request.form.get("action") != "submit"
    try:
        apps.save_answers(session, id, current_user, answers, _declaration_from_form())
        if request.form.get("action") == "submit":
            apps.submit_application(session, id, current_user)
    except Refusal as exc:
        if exc.status != 422:
            raise
        session.rollback()
        if autosave:
            return jsonify({"saved": False, "message": exc.message, "errors": exc.fields}), 422
        record = apps.get_application(session, id, current_user)
        return render_application(record, errors={**exc.fields, "_": exc.message}, values=answers, status=422)
    session.commit()
    if autosave:
        return jsonify({"saved": True, "message": _("Draft saved at %(time)s.", time=format_time(utcnow(), "short"))})
    if request.form.get("action") == "submit":
        flash(_("Your application is submitted. We sent you a mail with its link."), "success")
    else:
        flash(_("Your draft is saved."), "success")
    return redirect(url_for(".application", id=id))


@bp.post("/applications/<int:id>/documents")
@login_required
def upload(id: int):
    """Attach one document to the application."""
    session = _session()
    record = apps.get_application(session, id, current_user)
    code = request.form.get("document_code", "")
    file = request.files.get("file")
    try:
        if file is None or not file.filename:
            raise Refusal(_("Choose a file."), field=f"document_{code}")
        apps.attach_document(session, id, current_user, code, read_upload(file))
    except Refusal as exc:
        if exc.status != 422:
            raise
        session.rollback()
        return render_application(apps.get_application(session, id, current_user),
                                   errors={**exc.fields, "_": exc.message}, status=422)
    session.commit()
    flash(_("The document is attached."), "success")
    del record
    return redirect(url_for(".application", id=id))


@bp.get("/applications/<int:id>/documents/<int:file_id>")
@login_required
def document(id: int, file_id: int):
    """Download one of the application's documents (its organisation and staff only)."""
    session = _session()
    apps.get_application(session, id, current_user)
    row = next((f for f in apps.files_of(session, id) if f.id == file_id), None)
    if row is None:
        from market.refusals import not_found

        raise not_found()
    return send_private(row.storage_key, row.filename, row.content_type)


@bp.post("/applications/<int:id>/withdraw")
@login_required
def withdraw(id: int):
    """The applicant withdraws the application."""
    session = _session()
    apps.move_as_applicant(session, id, current_user, ApplicationStatus.withdrawn)
    session.commit()
    flash(_("Your application is withdrawn."), "success")
    return redirect(url_for(".application", id=id))


@bp.post("/applications/<int:id>/<any(start, report):step>")
@login_required
def applicant_step(id: int, step: str):
    """The applicant's steps after the agreement: start the work, then report it."""
    session = _session()
    to = {"start": ApplicationStatus.in_progress, "report": ApplicationStatus.reported}[step]
    apps.move_as_applicant(session, id, current_user, to, request.form.get("note", ""))
    session.commit()
    flash(_("Done."), "success")
    return redirect(url_for(".application", id=id))


# --- staff -----------------------------------------------------------------------------------------------------


@bp.get("/staff/")
@staff_required(*STAFF_ROLES)
def staff_queue():
    """Staff's queue of applications to screen, review and decide."""
    session = _session()
    status = request.args.get("status") or None
    if status and status not in set(ApplicationStatus):
        status = None
    rows = staff.queue(session, current_user, request.args.get("programme", type=int), status)
    return render_template("market/programmes/staff_queue.html", rows=rows, status=status,
                           statuses=list(ApplicationStatus))


def _staff_page(application_id: int, *, note_form=None, decision_form=None, assign_form=None, status=200):
    session = _session()
    record = apps.get_application(session, application_id, current_user)
    programme = directory.get_programme(session, record.programme_id)
    org = session.get(Organization, record.organization_id)
    assignments = reviews.assignments_for(session, REVIEW_KIND, record.id)
    summary = reviews.score_summary(session, REVIEW_KIND, record.id)
    names = reviews.reviewer_names(session, [a.reviewer_user_id for a in assignments])
    return render_template(
        "market/programmes/staff_application.html", a=record, p=programme, org=org,
        profile=profiles.profile_of(session, org.id), files=apps.files_of(session, record.id),
        timeline=apps.timeline(session, record.id), entries=ledger.entries_for(session, org.id),
        live_overlaps=[o.as_dict() for o in ledger.find_overlaps(session, record, _today())],
        assignments=assignments, summary=summary, names=names,
        rubric=reviews.rubric_of(session, "programme", programme.id),
        note_form=note_form or NoteForm(prefix="info"), decision_form=decision_form or DecisionForm(prefix="d"),
        assign_form=assign_form or AssignForm(prefix="r"), review_status_label=reviews.status_label), status


def _today():
    return utcnow().date()


@bp.get("/staff/applications/<int:id>")
@staff_required(*STAFF_ROLES)
def staff_application(id: int):
    """Staff's page of one application: answers, documents, the ledger and overlaps, reviews and decision."""
    return _staff_page(id)


@bp.post("/staff/applications/<int:id>/<any(screen, review, agreement, close):step>")
@staff_required(*STAFF_ROLES)
def staff_step(id: int, step: str):
    """Take a screening step: start screening (runs the duplicate-support check), send to review, agreement,
    close."""
    session = _session()
    if step == "screen":
        staff.start_screening(session, id, current_user)
    elif step == "review":
        staff.send_to_review(session, id, current_user)
    else:
        staff.advance(session, id, current_user, {"agreement": "agreement", "close": "closed"}[step])
    session.commit()
    flash(_("Done."), "success")
    return redirect(url_for(".staff_application", id=id))


@bp.post("/staff/applications/<int:id>/request-information")
@staff_required(*STAFF_ROLES)
def staff_request(id: int):
    """Ask the applicant for more information."""
    session = _session()
    form = NoteForm(prefix="info")
    return submit(form, lambda: staff.request_information(session, id, current_user, form.note.data),
                  lambda status: _staff_page(id, note_form=form, status=status),
                  lambda _record: _staff_done(id, _("The applicant was asked for more information.")))


@bp.post("/staff/applications/<int:id>/decide")
@staff_required(*STAFF_ROLES)
def staff_decide(id: int):
    """Decide: select, waitlist or reject with reasons."""
    session = _session()
    form = DecisionForm(prefix="d")
    return submit(form, lambda: staff.decide(session, id, current_user, form.outcome.data or "",
                                             form.reason.data or "", form.amount_krw.data,
                                             template=form.template.data or None),
                  lambda status: _staff_page(id, decision_form=form, status=status),
                  lambda _record: _staff_done(id, _("The decision is recorded and the applicant told.")))


@bp.post("/staff/applications/<int:id>/reviewers")
@staff_required(*STAFF_ROLES)
def staff_assign(id: int):
    """Assign a reviewer by email (external accounts get a grant for this programme only)."""
    session = _session()
    form = AssignForm(prefix="r")
    return submit(form, lambda: staff.assign_reviewer_by_email(session, id, current_user, form.reviewer_email.data),
                  lambda status: _staff_page(id, assign_form=form, status=status),
                  lambda _assignment: _staff_done(id, _("The reviewer is assigned.")))


def _staff_done(application_id: int, message: str):
    flash(message, "success")
    return redirect(url_for(".staff_application", id=application_id))


@bp.get("/staff/programmes")
@staff_required(*STAFF_ROLES)
def staff_programmes():
    """Every programme with its applications and the steps of its life staff may take."""
    from market.programmes.models import PROGRAMME_TRANSITIONS, STAFF
    from market.transitions import allowed_steps

    rows = [(p, n, allowed_steps(PROGRAMME_TRANSITIONS, phase(p), STAFF))
            for p, n in staff.programmes_for_staff(_session(), current_user)]
    return render_template("market/programmes/staff_programmes.html", rows=rows)


@bp.post("/staff/programmes/<int:id>/status")
@staff_required(*STAFF_ROLES)
def staff_programme_status(id: int):
    """Open, close, reopen or publish the results of a programme."""
    session = _session()
    editing.set_programme_status(session, id, current_user, request.form.get("status", ""))
    session.commit()
    flash(_("Done."), "success")
    return redirect(url_for(".staff_programmes"))


def _rows_posted(prefix: str, suffix: str) -> int:
    # Rows are numbered q0, q1, …: the form needs as many as the highest number posted.
    numbers = [key[len(prefix):-len(suffix)] for key in request.form if key.startswith(prefix) and key.endswith(suffix)]
    return max((int(n) + 1 for n in numbers if n.isdigit()), default=0)


def _programme_form(programme=None):
    """The staff form sized to the rows it holds: those posted, else the programme's and a few empty ones."""
    if request.method == "POST":
        questions, documents = _rows_posted("q", "_label_en"), _rows_posted("d", "_code")
    else:
        questions = len(programme.form) + 2 if programme else 3
        documents = len(programme.documents) + 1 if programme else 2
    form_class = programme_form_class(max(1, min(questions, editing.MAX_QUESTIONS + 2)),
                                      max(1, min(documents, editing.MAX_DOCUMENTS + 2)))
    if request.method == "POST" or programme is None:
        return form_class()
    data = editing.input_from_programme(_session(), programme)
    values = {name: getattr(data, name) for name in (
        "code", "support_type", "trades", "districts", "benefit_max_krw", "places", "selection_method",
        "responsible_agency", "executing_agency", "notice_url", "opens_at", "closes_at", "overlap_years",
        "rule_headcount_max", "rule_years_min", "rule_years_max", "rule_ksic", "rule_seoul", "rule_revenue_max_krw",
        "rule_trades", "rule_no_support_type", "rule_no_support_years")}
    for field, by_locale in data.texts.items():
        values.update({f"{field}_{locale}": value for locale, value in by_locale.items()})
    for i, q in enumerate(data.questions):
        values.update({f"q{i}_{k}": getattr(q, k) for k in ("name", "type", "required", "max", "choices")})
        values.update({f"q{i}_label_{loc}": text_ for loc, text_ in q.label.items()})
        values.update({f"q{i}_help_{loc}": text_ for loc, text_ in q.help.items()})
        values.update({f"q{i}_choices_{loc}": text_ for loc, text_ in q.choices_in.items()})
    for i, d in enumerate(data.documents):
        values.update({f"d{i}_{k}": getattr(d, k) for k in ("code", "required")})
        values.update({f"d{i}_label_{loc}": text_ for loc, text_ in d.label.items()})
    return form_class(data=values)


def _programme_page(form, programme, status=200):
    from i18n.locales import LOCALES

    questions = sorted({int(f.name[1:].split("_", 1)[0]) for f in form if f.name.startswith("q")
                        and f.name.endswith("_label_en")})
    documents = sorted({int(f.name[1:].split("_", 1)[0]) for f in form if f.name.startswith("d")
                        and f.name.endswith("_code")})
    return render_template("market/programmes/staff_programme_form.html", form=form, p=programme,
                           locales=LOCALES, text_fields=list(editing.TEXT_LIMITS), questions=questions,
                           documents=documents), status


@bp.route("/staff/programmes/new", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_new_programme():
    """Staff write a new programme: texts in each language, type, trades, budget, window, rules and form."""
    form = _programme_form()
    if request.method == "GET":
        return _programme_page(form, None)
    return _save_programme(form, None, lambda: editing.create_programme(_session(), current_user, programme_input(form)),
                           _("The programme is created."))


@bp.route("/staff/programmes/<int:id>/edit", methods=["GET", "POST"])
@staff_required(*STAFF_ROLES)
def staff_edit_programme(id: int):
    """Staff change a programme (a later deadline reopens it; an earlier one closes it)."""
    programme = directory.get_programme(_session(), id)
    form = _programme_form(programme)
    if request.method == "GET":
        return _programme_page(form, programme)
    return _save_programme(form, programme,
                           lambda: editing.update_programme(_session(), current_user, id, programme_input(form)),
                           _("The programme is saved."))


def _save_programme(form, programme, action, message: str):
    """Post the programme form through :func:`market.formviews.submit`; when the form itself is refused (a word
    where a number goes), the service's checks still run on the rest, so every field at fault is marked at
    once."""
    def page(status):
        if form.errors and not (form.csrf_token.errors if form.csrf_token else False):
            try:
                editing.clean_programme(_session(), programme_input(form), programme)
            except Refusal as exc:
                for name, text_ in exc.fields.items():
                    if name in form and not form[name].errors:
                        form.add_error(name, text_)
        return _programme_page(form, programme, status)

    def done(saved):
        flash(message, "success")
        return redirect(url_for(".detail", id=saved.id))

    return submit(form, action, page, done)


@bp.get("/staff/outcomes")
@staff_required(*STAFF_ROLES)
def staff_outcomes():
    """Per programme: applications, selection rate, days to decision, money granted, and what the participants'
    annual returns report (their change in jobs, revenue, value added and exports)."""
    session = _session()
    rows = outcomes.outcomes(session, current_user)
    return render_template("market/programmes/outcomes.html", rows=rows, min_firms=participants.MIN_FIRMS,
                           reported=participants.participant_outcomes(session, current_user,
                                                                      [o.programme.id for o in rows]))
