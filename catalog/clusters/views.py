"""Cluster pages: every cluster on a map of Seoul's districts, and one cluster's story, makers and products."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from markupsafe import Markup

from catalog.clusters import services
from i18n.locales import current_locale
from market import clusters
from market.db import get_session
from market.pages import page_number, page_url

bp = Blueprint("catalog_clusters", __name__, url_prefix="/<locale:lang>/clusters")

MAKERS_PER_PAGE = 12


@bp.app_template_global()
def industry_name(code: str) -> str:
    """What a cluster's industry is called in the current locale."""
    return clusters.industry_name(code)


@bp.app_template_global()
def cluster_label(cluster) -> str:
    """The cluster's name in the current locale (Korean for Korean pages)."""
    return clusters.cluster_name(cluster, current_locale())


@bp.app_template_global()
def cluster_code_label(code: str | None) -> str:
    """The name in the current locale of the cluster with this code (pages that hold only the code)."""
    return clusters.cluster_name_by_code(code, current_locale())


@bp.app_template_global()
def cluster_borough_label(cluster) -> str:
    """The cluster's borough in the current locale."""
    return clusters.cluster_borough(cluster, current_locale())


@bp.app_template_global()
def cluster_text(cluster, field: str):
    """The cluster's name, borough or summary in the current locale (a LocalizedText that knows its language)."""
    return clusters.cluster_text(cluster, field, current_locale())


@bp.app_template_global()
def cluster_specialties(cluster) -> list:
    """The cluster's specialties in the current locale (LocalizedTexts)."""
    return clusters.cluster_specialties(cluster, current_locale())


@bp.app_template_filter("district")
def district_label(district: str | None):
    """A cluster's neighbourhood (dong) in the current locale, marked with its language (romanised Korean
    outside Korean pages)."""
    if not district:
        return ""
    text = clusters.district_name(district, current_locale())
    return Markup('<span lang="{}">{}</span>').format(text.locale, text.text)


@bp.get("/")
def index():
    """All clusters with a map and what each one makes."""
    return render_template("catalog/clusters/index.html",
                           overviews=services.list_cluster_overviews(get_session()))


@bp.get("/<code>")
def detail(code: str):
    """A cluster: its history in the visitor's language, its makers (paginated), products and the map."""
    page = services.get_cluster_page(get_session(), code, current_locale(), page=page_number(),
                                     per_page=MAKERS_PER_PAGE)
    if page is None:
        abort(404)
    return render_template("catalog/clusters/detail.html", page=page, cluster=page.cluster, page_url=page_url)
