"""The association's reference lists: trades (KSIC codes), size bands, the five trade associations, the forum
paper's targets, and their names in the visitor's language."""

from __future__ import annotations

import dataclasses

from flask_babel import lazy_gettext as _l

# The trades of the member firms, by KSIC code (10th revision). The codes are mutually exclusive, so the trade
# table adds up to the total: "33" holds the other manufacturing of division 33, jewelry (33110) stands alone.
TRADES: dict[str, object] = {
    "13": _l("13 Textiles"),
    "14": _l("14 Wearing apparel"),
    "15": _l("15 Leather, bags and footwear"),
    "18": _l("18 Printing"),
    "25": _l("25 Fabricated metal products"),
    "29": _l("29 Machinery and equipment"),
    "33110": _l("33110 Jewelry and precious metals"),
    "33": _l("33 Other manufacturing (not jewelry)"),
}

# Firms by headcount (full- and part-time staff).
SIZE_BANDS: list[tuple[str, int, int | None]] = [("1-4", 1, 4), ("5-9", 5, 9), ("10-49", 10, 49), ("50+", 50, None)]

TRADE_ASSOCIATIONS: dict[str, object] = {
    "shoes": _l("Seoul Handmade Shoe Association"),
    "jewelry": _l("Jongno Jewelry Association"),
    "metal": _l("Mullae Machine-Metal Association"),
    "printing": _l("Euljiro Printing Association"),
    "sewing": _l("Seoul Garment Sewing Association"),
}

DUES_LABELS = {"paid": _l("Paid"), "due": _l("Due"), "overdue": _l("Overdue"), "exempt": _l("Exempt")}

SUCCESSION_LABELS = {
    "not_needed": _l("Not needed yet"),
    "planned": _l("Successor chosen"),
    "in_progress": _l("Handing over"),
    "no_successor": _l("No successor found"),
}

SMART_STAGES = {0: _l("0 No digital tools"), 1: _l("1 Basic (data collected)"),
                2: _l("2 Intermediate (monitoring)"), 3: _l("3 Advanced (automated control)")}

TECHNOLOGIES = {"cad": _l("CAD/CAM"), "cnc": _l("CNC machines"), "printing3d": _l("3D printing"),
                "mes": _l("Production management software"), "sensors": _l("Sensors and monitoring"),
                "ecommerce": _l("Online sales")}

DIMENSIONS = {"cluster": _l("Cluster"), "trade": _l("Trade"), "district": _l("District"),
              "size": _l("Size band")}

# Where the association's own figures come from; every figure on the dashboard names its source and year.
RETURNS_SOURCE = _l("Association annual returns (verified)")
PLATFORM_SOURCE = _l("Made in Seoul platform records")
TARGETS_SOURCE = _l("Forum paper on Seoul's urban manufacturing")


@dataclasses.dataclass(frozen=True)
class Target:
    """A target of the forum paper: a share of member firms (in %) from a baseline year to a target year, with
    the source of those figures (``edited``: staff changed them, so ``source`` is their words)."""

    code: str
    label: object
    baseline: float
    target: float
    baseline_year: int = 2024
    target_year: int = 2030
    source: object = TARGETS_SOURCE
    edited: bool = False


TARGETS = [
    Target("smart", _l("Firms using smart manufacturing"), 3, 15),
    Target("shared_space", _l("Firms using shared space"), 5, 20),
    Target("cooperation", _l("Firms in cooperation projects"), 7, 25),
    Target("export_programme", _l("Firms in export programmes"), 5, 15),
]
EXPORT_GROWTH_TARGET = (10, 15)  # % a year


def trade_label(code: str | None) -> str:
    """A trade in words, with its KSIC code."""
    return str(TRADES.get(code or "", code or ""))


def size_band(headcount: int | None) -> str | None:
    """The size band of a firm with ``headcount`` staff."""
    if not headcount or headcount < 1:
        return None
    for code, low, high in SIZE_BANDS:
        if headcount >= low and (high is None or headcount <= high):
            return code
    return None
