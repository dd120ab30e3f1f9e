"""The front page: what Made in Seoul is, its three platforms and its clusters."""

from __future__ import annotations

from flask import Blueprint, render_template

from market.clusters import list_clusters
from market.db import get_session

bp = Blueprint("market_home", __name__, url_prefix="/<locale:lang>")


@bp.get("/")
def index():
    """The front page."""
    return render_template("market/home/index.html", clusters=list_clusters(get_session()))
