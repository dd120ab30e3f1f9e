"""The engine's view of a matchable record: one :class:`MatchDoc` per matching profile or technology listing.

The data layer (``matching.models`` / ``matching.services.docs``) builds these from the database with
:func:`~matching.services.docs.load_docs` and :func:`~matching.services.docs.docs_for`; the engine (``matching.engine``) embeds, indexes and ranks them without
knowing about tables. ``doc_id`` is unique across both kinds: profiles use ``"p:<id>"``, technology listings
``"t:<id>"``; the FAISS index maps its int64 ids through :func:`index_id`/:func:`parse_index_id` (FAISS uses -1
for "no result", so every index id is positive: listings live above :data:`LISTING_ID_OFFSET`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Which kinds may be suggested to which (the side asking -> the sides it may be shown).
COMPATIBLE_KINDS: dict[str, tuple[str, ...]] = {
    "maker": ("ip_holder", "lab", "startup", "buyer", "maker"),
    "ip_holder": ("maker", "startup", "buyer"),
    "lab": ("maker", "startup", "buyer"),
    "startup": ("maker", "ip_holder", "lab"),
    "buyer": ("maker", "ip_holder", "lab"),
}
KINDS = tuple(COMPATIBLE_KINDS)
LICENSE_TERMS = ("license", "joint_development", "sale")


@dataclass(frozen=True)
class MatchDoc:
    """Everything the engine needs about one profile or technology listing."""

    doc_id: str  # "p:<profile id>" or "t:<listing id>"
    org_id: int
    kind: str  # organisation kind: maker, buyer, ip_holder, lab, startup
    lang: str  # language the texts were written in (ko, en, ja, zh_Hans, vi)
    title: str
    offer: str  # what it offers (for a technology listing: title + abstract)
    seek: str  # what it is looking for (may be empty, e.g. for a technology listing)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # lang -> {"title","offer","seek"}
    tags: tuple[str, ...] = ()  # glossary concept ids
    region: str | None = None  # e.g. "KR-11" or a country code
    cluster: str | None = None  # maker cluster code, e.g. "mullae"
    trl: int | None = None  # technology readiness level 1..9 (listings)
    license_terms: tuple[str, ...] = ()  # subset of LICENSE_TERMS (listings)
    ipc: tuple[str, ...] = ()
    external_ref: str | None = None
    content_hash: str = ""  # digest of every text that is embedded; changes when the profile changes

    @property
    def written_in(self) -> frozenset[str]:
        """The languages its offer can be read in: its own and those of translations with a title or an offer
        (a query in another language cannot match its words, only its meaning and concepts)."""
        return frozenset({self.lang} | {lang for lang, fields in (self.translations or {}).items()
                                        if any((fields.get(k) or "").strip() for k in ("title", "offer"))})


LISTING_ID_OFFSET = 1 << 40


def index_id(doc_id: str) -> int:
    """The FAISS int64 id of a doc id (always positive)."""
    prefix, _, number = doc_id.partition(":")
    value = int(number)
    return value if prefix == "p" else LISTING_ID_OFFSET + value


def parse_index_id(value: int) -> str:
    """The doc id of a FAISS int64 id."""
    value = int(value)
    return f"t:{value - LISTING_ID_OFFSET}" if value >= LISTING_ID_OFFSET else f"p:{value}"
