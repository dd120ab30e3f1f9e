"""Pages of skilled jobs: the board with filters and the guests' alert form, the post (with JobPosting markup,
the workshop's median first answer and the apply form), posting and translating a job, the workshop's
applications with their steps, the applicant's profile and applications, and the one-click unsubscribe.

Refusals of a form's input (422) show on the form; every other refusal goes to the app's handler.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from i18n.locales import current_locale
from market.careers.forms import AlertForm, ApplyForm, PostForm, ProfileForm, StepForm, TranslationForm
from market.careers.models import APPLICATION_TRANSITIONS, ApplicationStatus, Side
from market.careers.services import alerts, applications, posts
from market.careers.services.common import (
    KOREAN_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    WAGE_TYPE_LABELS,
    CareersError,
    is_member,
    label,
    maker_orgs_of,
)
from market.clusters import cluster_name, list_clusters
from market.db import get_session
from market.formviews import submit
from market.pages import page_number
from market.people.services.profiles import workshop_people
from market.people.trades import TRADES
from market.storage import send_private
from market.transitions import allowed_steps
from market.uploads.files import read_upload
from market.uploads.images import Upload, clean_image, store_image

bp = Blueprint("market_careers", __name__, url_prefix="/<locale:lang>/jobs")
MAX_PHOTOS = 6


@bp.app_template_global()
def job_level_label(level) -> str:
    """A job level in words."""
    return label(LEVEL_LABELS, level)


@bp.app_template_global()
def wage_type_label(kind) -> str:
    """What a wage is counted per, in words."""
    return label(WAGE_TYPE_LABELS, kind)


@bp.app_template_global()
def korean_level_label(level) -> str:
    """The Korean a job needs, in words."""
    return label(KOREAN_LABELS, level)


@bp.app_template_global()
def job_application_status_label(status) -> str:
    """An application's status in words."""
    return label(STATUS_LABELS, ApplicationStatus(status))


def _clusters():
    return [(c.code, cluster_name(c, current_locale())) for c in list_clusters(get_session())]


def _uploads(name: str) -> list[Upload]:
    return [read_upload(f) for f in request.files.getlist(name) if f and f.filename]


@bp.get("/")
def index():
    """Open jobs, filtered by trade, cluster and level, with the alert form for guests."""
    filters = posts.PostFilters(page=page_number())
    trade, cluster, level = (request.args.get(k) or None for k in ("trade", "cluster", "level"))
    filters.trade = trade if trade in TRADES else None
    filters.cluster = cluster
    filters.level = level if level in {lv.value for lv in LEVEL_LABELS} else None
    rows, total = posts.list_open_posts(get_session(), filters, current_locale())
    return render_template("market/careers/index.html", rows=rows, total=total, filters=filters,
                           clusters=_clusters(), alert_form=AlertForm(formdata=None, clusters=_clusters()),
                           can_post=bool(maker_orgs_of(get_session(), current_user)))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """The job post form for a maker's members: a wage range is required."""
    session = get_session()
    orgs = maker_orgs_of(session, current_user)
    if not orgs:
        return render_template("market/careers/new.html", form=None), 403
    mentors = [p for org in orgs for p in workshop_people(session, org.id)]
    form = PostForm(orgs=orgs, mentors=mentors)
    if not form.is_submitted():
        form.locale.data = current_locale()
        form.openings.data = 1

    def action():
        uploads = _uploads("photos")
        if len(uploads) > MAX_PHOTOS:
            raise CareersError(_("Attach at most %(n)d files.", n=MAX_PHOTOS), "photos")
        # Photos are checked first and stored only once the post itself is accepted.
        cleaned = [clean_image(u.data, u.filename) for u in uploads]
        post = posts.create_post(
            session, current_user, org_id=form.org_id.data, title=form.title.data,
            description=form.description.data, locale=form.locale.data, trade=form.trade.data,
            level=form.level.data, wage_type=form.wage_type.data, wage_min_krw=form.wage_min_krw.data,
            wage_max_krw=form.wage_max_krw.data, hours_per_week=form.hours_per_week.data,
            deadline=form.deadline.data, openings=form.openings.data, work_days=form.work_days.data,
            social_insurance=form.social_insurance.data, training=form.training.data,
            mentor_id=form.mentor_id.data, korean_level=form.korean_level.data)
        if cleaned:
            post.photo_keys = [store_image(image).web_key for image in cleaned]
            session.add(post)
            session.flush()
        return post

    def done(post):
        flash(_("Your job is posted."), "success")
        return redirect(url_for(".detail", post_id=post.id))

    if request.method == "GET":
        return render_template("market/careers/new.html", form=form)
    return submit(form, action, lambda status: (render_template("market/careers/new.html", form=form), status),
                  done)


def _detail(post_id: int, status: int = 200, apply_form=None, translation_form=None):
    session = get_session()
    post = posts.get_post(session, post_id)
    from market.accounts.models import Organization

    org = session.get(Organization, post.org_id)
    texts = posts.post_texts(session, post, current_locale())
    member = is_member(session, current_user, post.org_id)
    jsonld = posts.job_posting_jsonld(post, org, texts, url_for(".detail", post_id=post.id, _external=True))
    # JSON inside a script element: "</" must not end the element early.
    jsonld_html = Markup(json.dumps(jsonld, ensure_ascii=False).replace("</", "<\\/"))
    mentor = None
    if post.mentor_id:
        from market.people.models import Craftsperson

        mentor = session.get(Craftsperson, post.mentor_id)
    row = posts.PostRow(post, org, texts["title"])
    return render_template(
        "market/careers/detail.html", row=row, post=post, org=org, texts=texts, member=member,
        jsonld=jsonld_html, median=posts.median_first_answer(session, post.org_id), mentor=mentor,
        applied=applications.already_applied(session, current_user, post.id),
        has_profile=bool(current_user.is_authenticated and applications.get_profile(session, current_user)),
        apply_form=apply_form or ApplyForm(formdata=None),
        translation_form=translation_form or TranslationForm(formdata=None)), status


@bp.get("/<int:post_id>")
def detail(post_id: int):
    """One job: pay, hours, conditions, the workshop, and the apply form."""
    return _detail(post_id)


@bp.post("/<int:post_id>/apply")
@login_required
def apply(post_id: int):
    """Apply with the applicant profile; a second application is refused ("already applied")."""
    form = ApplyForm()

    def done(_application):
        flash(_("Your application was sent. You will be told of each step."), "success")
        return redirect(url_for(".mine"))

    def page(status):
        return _detail(post_id, status, apply_form=form)

    # A second application (409) goes to the app's handler, which says "already applied" and leads back.
    return submit(form, lambda: applications.apply_to_post(get_session(), current_user, post_id, form.note.data),
                  page, done)


@bp.post("/<int:post_id>/translation")
@login_required
def translate(post_id: int):
    """Store the post's texts in another language (the workshop's members)."""
    form = TranslationForm()

    def done(_result):
        flash(_("The translation is saved."), "success")
        return redirect(url_for(".detail", post_id=post_id))

    return submit(form, lambda: posts.set_post_translation(get_session(), current_user, post_id,
                                                           form.locale.data, form.title.data,
                                                           form.description.data),
                  lambda status: _detail(post_id, status, translation_form=form), done)


@bp.post("/<int:post_id>/close")
@login_required
def close(post_id: int):
    """Close the post (the workshop's members)."""
    posts.close_post(get_session(), current_user, post_id)
    get_session().commit()
    flash(_("The job post is closed."), "success")
    return redirect(url_for(".detail", post_id=post_id))


@bp.get("/<int:post_id>/applications", endpoint="applications")
@login_required
def applications_page(post_id: int):
    """The applications to one of the workshop's posts, each with the steps it can take next."""
    session = get_session()
    rows = applications.applications_for_post(session, current_user, post_id, current_locale())
    steps = {r.application.id: allowed_steps(APPLICATION_TRANSITIONS, r.application.status, Side.workshop)
             for r in rows}
    post = posts.get_post(session, post_id)
    return render_template("market/careers/applications.html", rows=rows, steps=steps, post=post,
                           median=posts.median_first_answer(session, post.org_id))


@bp.post("/applications/<int:application_id>/step")
@login_required
def step(application_id: int):
    """Move an application one step (the workshop, or the applicant withdrawing)."""
    form = StepForm()
    if not form.validate_on_submit():
        abort(400)
    application = applications.move_application(get_session(), current_user, application_id, form.to.data,
                                                form.expected.data or None)
    get_session().commit()
    flash(_("The application is now: %(status)s.", status=job_application_status_label(application.status)),
          "success")
    if application.applicant_id == current_user.id:
        return redirect(url_for(".mine"))
    return redirect(url_for(".applications", post_id=application.post_id))


@bp.get("/applications/<int:application_id>/cv")
@login_required
def cv(application_id: int):
    """The applicant's CV, for the posting workshop and the applicant."""
    profile = applications.cv_of(get_session(), current_user, application_id)
    return send_private(profile.cv_key, profile.cv_filename or "cv.pdf", "application/pdf")


@bp.get("/mine")
@login_required
def mine():
    """The user's applications and where each stands."""
    rows = applications.my_applications(get_session(), current_user, current_locale())
    steps = {r.application.id: allowed_steps(APPLICATION_TRANSITIONS, r.application.status, Side.applicant)
             for r in rows}
    return render_template("market/careers/mine.html", rows=rows, steps=steps)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    """The applicant's light profile: contact, languages, trades, portfolio and CV."""
    session = get_session()
    existing = applications.get_profile(session, current_user)
    form = ProfileForm(obj=existing) if request.method == "GET" and existing else ProfileForm()
    if request.method == "GET" and existing is None:
        form.full_name.data, form.email.data = current_user.display_name, current_user.email
    next_url = request.args.get("next", "")

    def done(_profile):
        flash(_("Your applicant profile is saved."), "success")
        if next_url.startswith("/") and not next_url.startswith("//"):
            return redirect(next_url)
        return redirect(url_for(".mine"))

    def page(status):
        return render_template("market/careers/profile.html", form=form, profile=existing), status

    if request.method == "GET":
        return page(200)
    uploads = _uploads("portfolio")
    cv_files = _uploads("cv")
    return submit(form, lambda: applications.save_profile(
        session, current_user, full_name=form.full_name.data, email=form.email.data, phone=form.phone.data,
        languages=form.languages.data, trades=form.trades.data, about=form.about.data, portfolio=uploads,
        cv=cv_files[0] if cv_files else None), page, done)


@bp.post("/alerts")
def subscribe():
    """Subscribe an e-mail address to new jobs (no account needed)."""
    form = AlertForm(clusters=_clusters())
    if form.validate_on_submit():
        try:
            alerts.subscribe(get_session(), form.email.data, current_locale(), form.trade.data or "",
                             form.cluster.data or "")
        except CareersError as exc:
            get_session().rollback()
            flash(exc.message, "error")
        else:
            get_session().commit()
            flash(_("Job alerts are on. Each mail has a link to stop them."), "success")
    else:
        flash(_("Give a valid e-mail address."), "error")
    return redirect(url_for(".index"))


@bp.route("/alerts/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Stop a job alert from the signed link of its mail: a page with one button, so link scanners that open
    the address do not unsubscribe anyone."""
    if request.method == "POST":
        try:
            alerts.unsubscribe(get_session(), token)
        except CareersError as exc:
            get_session().rollback()
            return render_template("market/careers/unsubscribe.html", error=exc.message, token=token), 400
        get_session().commit()
        return render_template("market/careers/unsubscribe.html", done=True, token=token)
    return render_template("market/careers/unsubscribe.html", token=token)

