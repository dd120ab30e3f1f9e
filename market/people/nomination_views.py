"""Pages of nominations (added to the people blueprint by :func:`register`): the nomination form with its
dossier, the nominations list (staff see all, others their own), and a nomination's page with staff's steps:
send to review, record the site visit and interview, read the reviewers' scores, decide, award."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.models import Organization
from market.db import get_session
from market.formviews import submit
from market.people.forms import DecisionForm, NominationForm, ReviewersForm, VisitForm
from market.people.models import Craftsperson, NominationStatus
from market.people.services import awards, nominations, profiles
from market.people.services.common import require_staff, users_by_emails
from market.uploads.files import read_upload


def register(bp) -> None:
    """Add the nomination pages to ``bp``."""
    bp.add_url_rule("/masters/nominate/<int:person_id>", "nominate", login_required(nominate), methods=["GET", "POST"])
    bp.add_url_rule("/masters/nominations/", "nominations", login_required(index))
    bp.add_url_rule("/masters/nominations/<int:nomination_id>", "nomination", login_required(detail))
    bp.add_url_rule("/masters/nominations/<int:nomination_id>/review", "start_review",
                    login_required(start_review), methods=["POST"])
    bp.add_url_rule("/masters/nominations/<int:nomination_id>/visit", "record_visit",
                    login_required(record_visit), methods=["POST"])
    bp.add_url_rule("/masters/nominations/<int:nomination_id>/decision", "decide",
                    login_required(decide), methods=["POST"])
    bp.add_url_rule("/masters/nominations/<int:nomination_id>/award", "award",
                    login_required(award), methods=["POST"])


def nominate(person_id: int):
    """Nominate a craftsperson: who nominates, the level, and the dossier; eligibility is checked on submit."""
    session = get_session()
    person = profiles.get_person(session, person_id)
    org = session.get(Organization, person.org_id)
    form = NominationForm()

    def page(status):
        return render_template("market/people/nominate.html", form=form, p=person, org=org,
                               today=dt.date.today()), status

    if request.method == "GET":
        return page(200)
    works = [read_upload(f) for f in request.files.getlist("works") if f and f.filename]

    def done(nomination):
        flash(_("The nomination is submitted."), "success")
        return redirect(url_for(".nomination", nomination_id=nomination.id))

    return submit(form, lambda: nominations.nominate(
        session, current_user, craftsperson_id=person.id, nominator_kind=form.nominator_kind.data,
        level=form.level.data, career=form.career.data, qualifications=form.qualifications.data,
        prizes=form.prizes.data, apprentices=form.apprentices.data, references=form.references.data,
        works=works), page, done)


def index():
    """Nominations: every one for staff (by status), the user's own otherwise."""
    session = get_session()
    if current_user.is_staff:
        status = request.args.get("status") or None
        rows = nominations.list_nominations(session, status=status)
    else:
        status, rows = None, nominations.nominations_by(session, current_user)
    return render_template("market/people/nominations.html", rows=rows, status=status,
                           statuses=list(NominationStatus))


def _detail(nomination_id: int, status: int = 200, **forms):
    from market.reviews.services import assignments_for, reviewer_names, score_summary

    session = get_session()
    n = nominations.visible_nomination(session, current_user, nomination_id)
    person = session.get(Craftsperson, n.craftsperson_id)
    org = session.get(Organization, person.org_id)
    record = awards.award_of(session, n.id)
    summary = assignments = names = None
    if current_user.is_staff:
        summary = score_summary(session, nominations.REVIEW_KIND, n.id)
        assignments = assignments_for(session, nominations.REVIEW_KIND, n.id)
        names = reviewer_names(session, [a.reviewer_user_id for a in assignments])
    forms.setdefault("reviewers_form", ReviewersForm(formdata=None))
    forms.setdefault("visit_form", VisitForm(formdata=None, site_visit=n.site_visit, interview=n.interview))
    forms.setdefault("decision_form", DecisionForm(formdata=None))
    return render_template("market/people/nomination.html", n=n, p=person, org=org, record=record,
                           summary=summary, assignments=assignments, names=names,
                           quota=awards.quota(n.year, n.trade),
                           awarded=awards.awarded_count(session, n.year, n.trade), **forms), status


def detail(nomination_id: int):
    """A nomination: dossier and status; for staff the review, scores and decisions."""
    return _detail(nomination_id)


def _back(nomination_id: int, message: str):
    def done(_result):
        flash(message, "success")
        return redirect(url_for(".nomination", nomination_id=nomination_id))

    return done


def start_review(nomination_id: int):
    """Staff send the nomination to the reviewers named by e-mail."""
    require_staff(current_user)
    form = ReviewersForm()
    session = get_session()
    return submit(form, lambda: nominations.start_review(
        session, current_user, nomination_id, users_by_emails(session, form.reviewers.data, "reviewers")),
        lambda status: _detail(nomination_id, status, reviewers_form=form),
        _back(nomination_id, _("The nomination is with the reviewers.")))


def record_visit(nomination_id: int):
    """Staff record the site visit and the interview."""
    form = VisitForm()
    return submit(form, lambda: nominations.record_visit(get_session(), current_user, nomination_id,
                                                         form.site_visit.data, form.interview.data),
                  lambda status: _detail(nomination_id, status, visit_form=form),
                  _back(nomination_id, _("The site visit and interview are recorded.")))


def decide(nomination_id: int):
    """Staff select the nominee or not, with the reasons."""
    form = DecisionForm()
    return submit(form, lambda: nominations.decide(get_session(), current_user, nomination_id,
                                                   form.decision.data == "selected", form.reason.data),
                  lambda status: _detail(nomination_id, status, decision_form=form),
                  _back(nomination_id, _("The decision is recorded.")))


def award(nomination_id: int):
    """Staff award a selected nomination: certificate, plaque, grant."""
    record = awards.award(get_session(), current_user, nomination_id)
    get_session().commit()
    flash(_("Awarded: certificate %(code)s.", code=record.code), "success")
    return redirect(url_for(".certificate", code=record.code))
