"""The two workspace pages (buying, making) and the menu's counts of what awaits the signed-in user."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from flask_login import current_user, login_required

from market.db import get_session
from market.workspace import services

bp = Blueprint("market_workspace", __name__, url_prefix="/<locale:lang>/workspace")


@bp.app_template_global()
def workspace_summary() -> services.Workspace | None:
    """The signed-in user's workspace counts for the menu (once per request); None for visitors."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    if "workspace_summary" not in g:
        g.workspace_summary = services.workspace(get_session(), current_user)
    return g.workspace_summary


@bp.get("/buying")
@login_required
def buyer():
    """The buyer's workspace: orders, quotes, requests for quote, lists and the cart, with what awaits them."""
    session = get_session()
    return render_template("market/workspace/buyer.html", ws=services.workspace(session, current_user),
                           drafts=services.rfq_drafts(session, current_user))


@bp.get("/making")
@login_required
def maker():
    """The maker's workspace: incoming orders, the RFQ inbox, products, co-brand and payouts (members of a
    maker organisation only)."""
    ws = services.workspace(get_session(), current_user, with_balances=True)
    if ws.maker is None:
        abort(404)
    return render_template("market/workspace/maker.html", ws=ws)
