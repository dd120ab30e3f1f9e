"""Pages of reviewers: their assignments, the conflict-of-interest declaration that comes before the file, the
file (the organisation hidden in blind mode) and the rubric to score once."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.db import get_session
from market.refusals import Refusal
from market.reviews import services
from market.reviews.models import AssignmentStatus
from market.reviews.registry import get_adapter

bp = Blueprint("market_reviews", __name__, url_prefix="/<locale:lang>/reviews")


@bp.get("/")
@login_required
def index():
    """The reviewer's assignments."""
    session = get_session()
    rows = []
    for assignment in services.assignments_of(session, current_user.id):
        title = get_adapter(assignment.subject_kind).describe(session, assignment.subject_id).scope_title
        rows.append((assignment, title))
    return render_template("market/reviews/index.html", rows=rows, status_label=services.status_label)


def _page(assignment_id: int, errors=None, values=None, status=200):
    session = get_session()
    assignment = services.get_assignment(session, assignment_id, current_user)
    if assignment.reviewer_user_id != current_user.id:
        from market.refusals import not_found

        raise not_found()
    review = None
    if assignment.status in (AssignmentStatus.cleared, AssignmentStatus.submitted):
        review = services.open_file(session, assignment.id, current_user)
    return render_template("market/reviews/review.html", assignment=assignment, review=review,
                           errors=errors or {}, values=values or {}, localized=services.localized,
                           status_label=services.status_label), status


@bp.get("/<int:id>")
@login_required
def review(id: int):
    """Declare first; then the file and the rubric (or the scores given)."""
    return _page(id)


@bp.post("/<int:id>/declare")
@login_required
def declare(id: int):
    """Declare whether there is a conflict of interest."""
    session = get_session()
    conflict = request.form.get("conflict") == "yes"
    try:
        services.declare_interest(session, id, current_user, conflict=conflict, note=request.form.get("note", ""))
    except Refusal as exc:
        if exc.status != 422:
            raise
        session.rollback()
        return _page(id, errors={**exc.fields, "_": exc.message}, status=422)
    session.commit()
    flash(_("Thank you: you will not see this file.") if conflict else _("Thank you. The file is open."),
          "success")
    return redirect(url_for(".review", id=id))


@bp.post("/<int:id>/scores")
@login_required
def score(id: int):
    """Submit a score and a comment for every criterion, once."""
    session = get_session()
    review_file = services.open_file(session, id, current_user)
    scores = {c.code: (request.form.get(f"score_{c.code}"), request.form.get(f"comment_{c.code}", ""))
              for c in review_file.criteria}
    try:
        services.submit_scores(session, id, current_user, scores)
    except Refusal as exc:
        if exc.status != 422:
            raise
        session.rollback()
        return _page(id, errors={**exc.fields, "_": exc.message}, values=request.form, status=422)
    session.commit()
    flash(_("Your scores are submitted."), "success")
    return redirect(url_for(".review", id=id))
