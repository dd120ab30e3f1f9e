"""Pages of notifications: the list (newest first) with "mark all read", opening one, and the header count."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.forms import ConfirmForm
from market.db import get_session
from market.notifications import services

bp = Blueprint("market_notifications", __name__, url_prefix="/<locale:lang>/notifications")


@bp.app_template_global()
def recent_unread_notifications(limit: int = 5) -> list:
    """The signed-in user's newest unread notifications (none for visitors), for the menu and workspaces."""
    if not getattr(current_user, "is_authenticated", False):
        return []
    return services.list_unread(get_session(), current_user.id, limit)


@bp.app_template_global()
def unread_notification_count() -> int:
    """The signed-in user's unread notifications (0 for visitors), for the header."""
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return services.unread_count(get_session(), current_user.id)


@bp.get("/")
@login_required
def index():
    """The user's notifications, newest first, unread ones marked."""
    page = request.args.get("page", 1, type=int) or 1
    items, total = services.list_notifications(get_session(), current_user.id, page)
    return render_template("market/notifications/index.html", items=items, total=total, page=max(1, page),
                           per_page=services.PER_PAGE)


@bp.route("/<int:notification_id>/open", methods=["GET", "POST"])
@login_required
def open_(notification_id: int):
    """Mark a notification read and go where it points; another user's answers 404. Every notice is a plain
    link here (GET), so it opens like any link (new tab, keyboard); marking one's own notice read is the only
    change, and a POST (older pages) still works with its CSRF token."""
    if request.method == "POST" and not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    note = services.open_notification(session, current_user.id, notification_id)
    if note is None:
        abort(404)
    session.commit()
    return redirect(note.url)


@bp.post("/read")
@login_required
def mark_all_read():
    """Mark every notification read."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    count = services.mark_all_read(session, current_user.id)
    session.commit()
    flash(_("All notifications are marked as read.") if count else _("Nothing was unread."), "info")
    return redirect(url_for("market_notifications.index"))
