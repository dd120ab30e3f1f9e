"""The catalog page: search in the buyer's language, filters with counts, sorting and pages."""

from __future__ import annotations

import pydantic
from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from catalog.products.categories import CATEGORY_LABELS
from catalog.search.params import CatalogParams
from catalog.search.services import SORTS, SearchError, search_catalog
from i18n.locales import current_locale
from i18n.money import current_currency
from market.clusters import list_clusters
from market.db import get_session
from market.pages import page_url

bp = Blueprint("catalog_search", __name__, url_prefix="/<locale:lang>/catalog")


@bp.get("/")
def index():
    """Search and browse published products."""
    session = get_session()
    errors: dict[str, str] = {}
    try:
        params = CatalogParams.from_args(request.args)
        params.lang = None
    except pydantic.ValidationError as exc:
        errors = {".".join(str(p) for p in e["loc"]) or "q": e["msg"] for e in exc.errors()}
        params = CatalogParams()
    try:
        page = search_catalog(session, params.to_query(current_locale(), current_currency()))
    except SearchError as exc:
        errors.update(exc.fields)
        page = search_catalog(session, CatalogParams().to_query(current_locale(), current_currency()))
    return render_template(
        "catalog/search/index.html", page=page, params=params, errors=errors, clusters=list_clusters(session),
        category_labels=CATEGORY_LABELS, sorts=SORTS, page_url=page_url,
        error_message=_("Some filters were not understood and were ignored."),
    ), (422 if errors else 200)
