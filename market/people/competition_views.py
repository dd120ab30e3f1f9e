"""Pages of the skills competition (added to the people blueprint by :func:`register`): the competitions, one
competition with its entries and results, entering a workshop, and staff's steps: open one, send the entries
to the judges (blind, never a judge's own workshop), publish the results with prizes."""

from __future__ import annotations

import datetime as dt

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.careers.services.common import maker_orgs_of
from market.db import get_session
from market.formviews import submit
from market.people.forms import CompetitionForm, EntryForm, JudgesForm, ResultsForm
from market.people.services import competition
from market.people.services.common import require_staff, users_by_emails
from market.uploads.files import read_upload


def register(bp) -> None:
    """Add the competition pages to ``bp``."""
    bp.add_url_rule("/competition/", "competitions", competitions, methods=["GET", "POST"])
    bp.add_url_rule("/competition/<int:competition_id>", "competition", detail)
    bp.add_url_rule("/competition/<int:competition_id>/enter", "enter", login_required(enter), methods=["POST"])
    bp.add_url_rule("/competition/<int:competition_id>/judging", "start_judging", login_required(start_judging),
                    methods=["POST"])
    bp.add_url_rule("/competition/<int:competition_id>/results", "publish_results",
                    login_required(publish_results), methods=["POST"])


def competitions():
    """The competitions by year and trade; staff open a new one here."""
    session = get_session()
    form = CompetitionForm()
    if not form.is_submitted():
        form.year.data = dt.date.today().year

    def page(status):
        return render_template("market/people/competitions.html", rows=competition.list_competitions(session),
                               form=form), status

    if request.method == "GET":
        return page(200)
    require_staff(current_user)

    def done(created):
        flash(_("The competition is open for entries."), "success")
        return redirect(url_for(".competition", competition_id=created.id))

    return submit(form, lambda: competition.open_competition(session, current_user, form.trade.data, form.year.data,
                                                             form.entry_deadline.data), page, done)


def _detail(competition_id: int, status: int = 200, **forms):
    session = get_session()
    c = competition.get_competition(session, competition_id)
    orgs = maker_orgs_of(session, current_user)
    if "entry_form" not in forms:
        forms["entry_form"] = EntryForm(formdata=None)
    forms["entry_form"].org_id.choices = [(o.id, o.name) for o in orgs]
    forms.setdefault("judges_form", JudgesForm(formdata=None))
    forms.setdefault("results_form", ResultsForm(formdata=None))
    return render_template("market/people/competition.html", c=c, entries=competition.entries_of(session, c.id),
                           can_enter=bool(orgs) and c.status == "open" and c.entry_deadline >= dt.date.today(),
                           **forms), status


def detail(competition_id: int):
    """A competition: its entries while open; places, prizes and trade fairs once the results are out."""
    return _detail(competition_id)


def enter(competition_id: int):
    """Enter one of the user's workshops."""
    form = EntryForm()
    form.org_id.choices = [(o.id, o.name) for o in maker_orgs_of(get_session(), current_user)]
    files = [read_upload(f) for f in request.files.getlist("files") if f and f.filename]

    def done(_entry):
        flash(_("Your entry is in."), "success")
        return redirect(url_for(".competition", competition_id=competition_id))

    return submit(form, lambda: competition.enter(get_session(), current_user, competition_id,
                                                  org_id=form.org_id.data, title=form.title.data,
                                                  video_url=form.video_url.data, files=files),
                  lambda status: _detail(competition_id, status, entry_form=form), done)


def start_judging(competition_id: int):
    """Staff close the entries and send them to the judges named by e-mail."""
    require_staff(current_user)
    form = JudgesForm()
    session = get_session()

    def done(made):
        flash(_("%(n)d reviews were assigned to the judges.", n=made), "success")
        return redirect(url_for(".competition", competition_id=competition_id))

    return submit(form, lambda: competition.start_judging(session, current_user, competition_id,
                                                          users_by_emails(session, form.judges.data, "judges")),
                  lambda status: _detail(competition_id, status, judges_form=form), done)


def publish_results(competition_id: int):
    """Staff publish the ranking with prizes and trade fairs."""
    form = ResultsForm()
    prizes = {place: (getattr(form, f"prize_{place}").data or "", getattr(form, f"fair_{place}").data or "")
              for place in (1, 2, 3)}

    def done(_ranked):
        flash(_("The results are published."), "success")
        return redirect(url_for(".competition", competition_id=competition_id))

    return submit(form, lambda: competition.publish_results(get_session(), current_user, competition_id, prizes),
                  lambda status: _detail(competition_id, status, results_form=form), done)
