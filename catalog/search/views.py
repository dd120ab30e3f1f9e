"""The catalog page: search in the buyer's language, filters with counts, sorting and pages."""

from __future__ import annotations

import pydantic
from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from catalog.products.categories import CATEGORY_LABELS
from catalog.search.params import CatalogParams
from catalog.search.services import SORTS, SearchError, search_catalog
from i18n.locales import current_locale
from i18n.money import current_currency
from market.clusters import list_clusters
from market.db import get_session
from market.pages import page_url

bp = Blueprint("catalog_search", __name__, url_prefix="/<locale:lang>/catalog")

# The filters by the names the page gives them (errors name the filter, never the URL parameter).
PARAM_LABELS = {
    "q": _l("Search"), "cluster": _l("Cluster"), "category": _l("Category"), "certified": _l("Co-brand"),
    "min_price": _l("Price from"), "max_price": _l("Highest price"), "currency": _l("Currency"),
    "max_moq": _l("Minimum order at most"), "max_lead_time": _l("Lead time at most (days)"),
    "sort": _l("Sort by"), "page": _l("Page"), "per_page": _l("Items per page"), "lang": _l("Language"),
}


def _param_errors(exc: pydantic.ValidationError) -> dict[str, str]:
    """Each refused filter with a message in the page's language (pydantic's own messages are English)."""
    errors: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "q"
        if field == "max_price" and error["type"] == "value_error":
            errors[field] = _("The highest price is below the lowest price.")
        else:
            errors.setdefault(field, _("This value was not understood and was ignored."))
    return errors


@bp.get("/")
def index():
    """Search and browse published products."""
    session = get_session()
    errors: dict[str, str] = {}
    try:
        params = CatalogParams.from_args(request.args)
        params.lang = None
    except pydantic.ValidationError as exc:
        errors = _param_errors(exc)
        params = CatalogParams()
    try:
        page = search_catalog(session, params.to_query(current_locale(), current_currency()))
    except SearchError as exc:
        errors.update(exc.fields)
        page = search_catalog(session, CatalogParams().to_query(current_locale(), current_currency()))
    return render_template(
        "catalog/search/index.html", page=page, params=params, errors=errors, clusters=list_clusters(session),
        category_labels=CATEGORY_LABELS, sorts=SORTS, param_labels=PARAM_LABELS, page_url=page_url,
        error_message=_("Some filters were not understood and were ignored."),
    ), (422 if errors else 200)
