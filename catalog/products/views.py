"""Product pages: the public product page in the visitor's language and currency."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from catalog.products import services
from i18n.locales import current_locale
from market.db import get_session

bp = Blueprint("catalog_products", __name__, url_prefix="/<locale:lang>/products")


@bp.get("/<int:product_id>")
def detail(product_id: int):
    """A product: its texts in the visitor's language (or a marked fallback) and its price in their currency."""
    page = services.get_product_page(get_session(), product_id, current_locale(), current_user)
    if page is None:
        abort(404)
    return render_template("catalog/products/detail.html", page=page, product=page.product)
