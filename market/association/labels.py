"""Names of the association's table cells and tables in the visitor's (or a report's) language."""

from __future__ import annotations

import functools
import re

from flask_babel import gettext as _

from i18n.locales import current_locale
from market.association.reference import DIMENSIONS, trade_label
from market.clusters import cluster_name_by_code, reference_clusters


def cell_label(dim: str, key: str, locale: str | None = None) -> str:
    """A table cell (or, with ``dim="dimension"``, a table) in words."""
    locale = locale or current_locale()
    if dim == "dimension":
        return str(DIMENSIONS.get(key, key))
    if dim == "total":
        return _("All members")
    if dim == "cluster":
        return cluster_name_by_code(key, locale)
    if dim == "trade":
        return trade_label(key)
    if dim == "district":
        return _borough_names().get(locale, {}).get(key, key)
    if dim == "size":
        return _("%(band)s staff", band=key)
    return key


@functools.cache
def _borough_names() -> dict[str, dict[str, str]]:
    """The districts (gu) of the reference clusters in each language: locale → English name → name."""
    names: dict[str, dict[str, str]] = {}
    for cluster in reference_clusters():
        english = re.split(r" and ", cluster["borough_en"])
        for locale in ("ko", "ja", "zh_Hans", "vi"):
            local = re.split(r"·|・| và ", cluster.get(f"borough_{locale}") or "")
            if len(local) == len(english):
                names.setdefault(locale, {}).update(zip(english, local, strict=True))
    return names
