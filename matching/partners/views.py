"""Pages of partner finding: "Find partners", "Suggested for you", and match alerts with saved searches."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from i18n.locales import current_locale
from market.clusters import list_clusters
from market.db import get_session
from matching.errors import MatchingError
from matching.partners import alerts, services
from matching.partners.forms import KIND_LABELS, ConfirmForm, FeedbackForm, PartnerSearchForm, SaveSearchForm
from matching.services.searches import delete_saved_search, list_saved_searches, record_feedback

# The search's field names (services, API) and this page's form fields.
SEARCH_FIELDS = {"text": "q", "kinds": "kind", "cluster": "cluster", "region": "region", "trl_min": "trl_min",
                 "trl_max": "trl_max", "license_terms": "terms"}

bp = Blueprint("matching_partners", __name__, url_prefix="/<locale:lang>/partners")


@bp.context_processor
def _links():
    from matching.partners.api import doc_url, result_url

    return {"result_url": lambda r: result_url(r, current_locale()),
            "notice_url": lambda row: doc_url(row["listing_id"], row["profile_id"], current_locale())}


def _org_choices(session):
    from market.accounts.models import Organization

    ids = services.member_org_ids(session, current_user)
    orgs = [session.get(Organization, i) for i in ids]
    return [SelectChoice(o.id, o.name) for o in orgs if o is not None]


@bp.get("/")
@login_required
def search():
    """Search profiles and technology listings in one's own words, with filters and explanations."""
    session = get_session()
    form = PartnerSearchForm(request.args)
    form.cluster.choices = [SelectChoice("", _("Any cluster"))] + [SelectChoice(c.code, c.name_en)
                                                                  for c in list_clusters(session)]
    form.org.choices = _org_choices(session)
    results, searched, status = [], False, 200
    org = services.acting_org(session, current_user, form.org.data if request.args.get("org") else None)
    if request.args.get("q") is not None:
        searched = True
        if form.validate():
            try:
                results = services.find_partners(
                    session, form.q.data, lang=current_locale(), viewer_lang=current_locale(),
                    kinds=form.kind.data or None, filters=form.engine_filters(), k=20,
                    viewer_org_id=org.id if org else None)
            except services.PartnerSearchError as exc:
                form.add_error(SEARCH_FIELDS.get((exc.field or "").removeprefix("filters."), "q"), exc.message)
                status = 422
        else:
            status = 422
    save_form = SaveSearchForm(q=form.q.data or "", kinds=json.dumps(form.kind.data or []),
                               filters=json.dumps(form.engine_filters() if searched and not form.errors else {}),
                               org=str(org.id) if org else "")
    return render_template("matching/search/index.html", form=form, results=results, searched=searched,
                           org=org, save_form=save_form, feedback_form=FeedbackForm(),
                           kind_labels=KIND_LABELS), status


@bp.get("/suggestions")
@login_required
def suggestions():
    """Reciprocal suggestions for the organisation's profile, refreshed when profiles change."""
    session = get_session()
    org = services.acting_org(session, current_user, request.args.get("org", type=int))
    results, has_profile, error = [], False, None
    if org is not None:
        has_profile = services.org_profile_doc_id(session, org.id) is not None
        try:
            results = services.suggestions_for(session, org.id, viewer_lang=current_locale(), k=12)
        except services.PartnerSearchError as exc:
            error = exc.message
    return render_template("matching/search/suggestions.html", org=org, results=results, has_profile=has_profile,
                           error=error, orgs=_org_choices(session), feedback_form=FeedbackForm(),
                           kind_labels=KIND_LABELS)


@bp.get("/alerts")
@login_required
def alerts_page():
    """New matches announced to the organisation, and the user's saved searches."""
    session = get_session()
    org = services.acting_org(session, current_user, request.args.get("org", type=int))
    notices = alerts.notices_for(session, org.id) if org else []
    return render_template("matching/search/alerts.html", org=org, notices=alerts.describe_notices(session, notices),
                           saved=list_saved_searches(session, current_user), confirm_form=ConfirmForm(),
                           kind_labels=KIND_LABELS)


@bp.post("/saved")
@login_required
def save():
    """Keep the search shown on the page for alerts."""
    session = get_session()
    form = SaveSearchForm()
    if not form.validate():
        flash(_("The search could not be saved. Please search again."), "error")
        return redirect(url_for(".search"))
    try:
        kinds = json.loads(form.kinds.data or "[]")
        filters = json.loads(form.filters.data or "{}")
        if not isinstance(kinds, list) or not isinstance(filters, dict):
            raise ValueError
    except ValueError:
        abort(400)
    org = services.acting_org(session, current_user, int(form.org.data) if form.org.data.isdigit() else None)
    try:
        alerts.save_search(session, current_user, org, form.q.data, current_locale(), kinds, filters)
    except MatchingError as exc:
        session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(".search", q=form.q.data))
    session.commit()
    flash(_("Search saved. We will tell you when new partners match it."), "success")
    return redirect(url_for(".alerts_page"))


@bp.post("/saved/<int:search_id>/delete")
@login_required
def delete_saved(search_id: int):
    """Stop a saved search."""
    session = get_session()
    if not ConfirmForm().validate():
        abort(400)
    delete_saved_search(session, current_user, search_id)
    session.commit()
    flash(_("Saved search deleted."), "success")
    return redirect(url_for(".alerts_page"))


@bp.post("/feedback")
@login_required
def feedback():
    """Rate a suggestion useful or not (kept to evaluate the ranking)."""
    session = get_session()
    form = FeedbackForm()
    if not form.validate():
        abort(400)
    org = services.acting_org(session, current_user)
    record_feedback(session, current_user, form.doc_id.data, form.useful.data, org_id=org.id if org else None,
                    context={"page": form.context.data or "search"})
    session.commit()
    flash(_("Thank you — your rating helps us suggest better partners."), "success")
    return redirect(request.referrer or url_for(".suggestions"))
