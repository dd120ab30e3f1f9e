"""Product categories and units, with their names as UI strings (translated through the catalogues)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY_LABELS = {
    "shoes": _l("Shoes"),
    "bags": _l("Bags"),
    "leather_goods": _l("Leather goods"),
    "rings": _l("Rings"),
    "necklaces": _l("Necklaces and pendants"),
    "earrings": _l("Earrings"),
    "bracelets": _l("Bracelets"),
    "machined_parts": _l("Machined parts"),
    "tools": _l("Tools"),
    "moulds": _l("Moulds and dies"),
    "printed_matter": _l("Printed matter"),
    "stationery": _l("Stationery"),
    "packaging": _l("Packaging"),
    "apparel": _l("Apparel"),
    "knitwear": _l("Knitwear"),
    "textile_goods": _l("Textile goods"),
    "electronic_modules": _l("Electronic modules"),
    "cables": _l("Cables and harnesses"),
}

UNIT_LABELS = {
    "piece": _l("piece"),
    "pair": _l("pair"),
    "set": _l("set"),
    "box": _l("box"),
    "meter": _l("metre"),
}


def category_name(code: str) -> str:
    """The category's name in the current locale."""
    return str(CATEGORY_LABELS.get(code, code))


def unit_name(code: str) -> str:
    """The unit's name in the current locale."""
    return str(UNIT_LABELS.get(code, code))
