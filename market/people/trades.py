"""The five trades of the city's skilled-worker plan, their names in words and the cluster each is rooted in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TRADES = ("jewelry", "sewing", "machine_metal", "shoes", "printing")

TRADE_LABELS = {
    "jewelry": _l("Jewelry"),
    "sewing": _l("Sewing"),
    "machine_metal": _l("Machine and metal"),
    "shoes": _l("Handmade shoes"),
    "printing": _l("Printing"),
}

# The trade a workshop of each cluster practises, unless it says otherwise.
CLUSTER_TRADES = {
    "seongsu": "shoes", "jongno": "jewelry", "bongik": "jewelry", "mullae": "machine_metal",
    "euljiro": "printing", "dongdaemun": "sewing", "changsin": "sewing", "jangwi": "sewing", "doksan": "sewing",
}


def trade_label(trade: str | None) -> str:
    """A trade in words (the code itself for an unknown one)."""
    return str(TRADE_LABELS.get(trade or "", trade or ""))


def trade_choices() -> list[tuple[str, str]]:
    """(code, name) of every trade, for forms."""
    return [(t, str(TRADE_LABELS[t])) for t in TRADES]


def trade_of_cluster(cluster_code: str | None) -> str | None:
    """The trade a cluster is known for, or None (electronics and unknown clusters)."""
    return CLUSTER_TRADES.get(cluster_code or "")
