"""Pages of saved programme searches: save the directory's current filters under a name, and manage them (list,
open, rename, pause or resume the alerts, delete). A refused step (no name, a name or filters saved already)
comes back as a message on the page it came from; nothing is changed."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.db import get_session
from market.programmes.services import searches
from market.refusals import Refusal

bp = Blueprint("market_programmes_searches", __name__, url_prefix="/<locale:lang>/programmes/searches")


def _run(action, done: str, back):
    """Call the service, commit and say ``done``; a 409/422 refusal is said instead, with nothing changed."""
    session = get_session()
    try:
        action(session)
    except Refusal as exc:
        if exc.status not in (409, 422):
            raise
        session.rollback()
        flash(exc.message, "error")
        return redirect(back(exc))
    session.commit()
    flash(done, "success")
    return redirect(back(None))


@bp.get("/")
@login_required
def index():
    """The user's saved searches: their filters, how many programmes are open now, alerts sent, and actions."""
    session = get_session()
    rows = searches.searches_of(session, current_user)
    return render_template("market/programmes/searches.html", rows=rows,
                           open_counts=searches.open_counts(session, rows),
                           sent=searches.alerts_sent(session, rows), query_args=searches.query_args)


@bp.post("/")
@login_required
def save():
    """Save the directory's filters under a name."""
    filters = {key: request.form.get(key) for key in searches.FILTER_KEYS}
    name = request.form.get("name", "")

    def back(refusal):
        if refusal is None:
            return url_for(".index")
        return url_for("market_programmes.index", **searches.query_args(
            {k: v for k, v in filters.items() if v}), search_name=name) + "#save-search"

    return _run(lambda session: searches.save_search(session, current_user, name, filters),
                _("Your search is saved. We will tell you when a programme matching it opens."), back)


@bp.post("/<int:id>/rename")
@login_required
def rename(id: int):
    """Give a saved search another name."""
    return _run(lambda session: searches.update_search(session, current_user, id, name=request.form.get("name", "")),
                _("The search is renamed."), lambda _refusal: url_for(".index") + f"#search-{id}")


@bp.post("/<int:id>/<any(pause, resume):step>")
@login_required
def pause(id: int, step: str):
    """Pause or resume a saved search's alerts."""
    return _run(lambda session: searches.update_search(session, current_user, id, paused=step == "pause"),
                _("Alerts are paused.") if step == "pause" else _("Alerts are on again."),
                lambda _refusal: url_for(".index") + f"#search-{id}")


@bp.post("/<int:id>/delete")
@login_required
def delete(id: int):
    """Delete a saved search."""
    return _run(lambda session: searches.delete_search(session, current_user, id), _("The search is deleted."),
                lambda _refusal: url_for(".index"))
