"""Finding partners: search and suggestions through the engine, shown as records a person can act on.

The engine ranks doc ids; this module adds what a page or the API shows about each result (organisation, kind,
title in the viewer's language, cluster, readiness, terms, whether details sit behind an NDA) and never shows
more than the viewer may see: a listing behind an NDA appears by its teaser, without its holder's name.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlmodel import Session, select

from market.accounts.models import Membership, Organization, User
from matching.documents import KINDS, MatchDoc
from matching.engine.errors import EngineError, InvalidFilterError, UnknownFilterError
from matching.errors import MatchingError
from matching.models import MatchProfile, PublishStatus, TechListing
from matching.services.docs import docs_for, parse_doc_id, profile_doc_id

DEFAULT_K = 10
MAX_K = 50


class PartnerSearchError(MatchingError):
    """Bad search input, with the field it concerns (422 in the API, a form error on pages)."""


@dataclass(frozen=True)
class PartnerResult:
    """One result: the engine's match plus what the viewer may see of the record behind it."""

    match: object  # matching.engine.Match
    doc: MatchDoc
    org_id: int
    org_name: str | None  # None when the holder stays anonymous until an NDA
    org_slug: str | None
    kind: str
    title: str
    summary: str
    text_lang: str  # the language ``title``/``summary`` are written in
    gated: bool
    listing_id: int | None
    profile_id: int | None

    @property
    def doc_id(self) -> str:
        return self.doc.doc_id

    @property
    def score(self) -> float:
        """The calibrated match score, the same scale as alerts (see ``Match.confidence``)."""
        return self.match.confidence

    @property
    def explanation(self):
        return self.match.explanation


def engine():
    """The app's matching engine (loaded and checked against the database on first use)."""
    from matching.engine import get_engine

    return get_engine(current_app._get_current_object())


def _texts_for(doc: MatchDoc, viewer_lang: str) -> tuple[str, str, str]:
    """Title, summary and their language: the viewer's language when the record has it, else en, ko, original."""
    for lang in (viewer_lang, "en", "ko", doc.lang, *sorted(doc.translations)):
        texts = doc.translations.get(lang)
        if texts and (texts.get("title") or texts.get("offer")):
            return texts.get("title") or "", texts.get("offer") or "", lang
    return doc.title, doc.offer, doc.lang


def _summary(text: str, title: str, limit: int = 320) -> str:
    body = text[len(title):].strip() if title and text.startswith(title) else text.strip()
    return body if len(body) <= limit else body[: limit - 1].rsplit(" ", 1)[0] + "…"


def gated_listing_ids(session: Session, listing_ids) -> set[int]:
    """Which of ``listing_ids`` keep their details (and holder) behind an NDA."""
    ids = sorted(set(listing_ids))
    if not ids:
        return set()
    rows = session.exec(select(TechListing.id).where(TechListing.id.in_(ids), TechListing.nda_required))
    return set(rows)


def present(session: Session, matches, viewer_lang: str) -> list[PartnerResult]:
    """Turn engine matches into results the viewer may see."""
    parsed = {m.doc_id: parse_doc_id(m.doc_id) for m in matches}
    gated = gated_listing_ids(session, [num for kind, num in filter(None, parsed.values()) if kind == "t"])
    org_ids = sorted({m.doc.org_id for m in matches})
    orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(org_ids)))} if org_ids \
        else {}
    results = []
    for match in matches:
        doc: MatchDoc = match.doc
        kind_letter, number = parsed.get(match.doc_id) or ("p", 0)
        is_gated = kind_letter == "t" and number in gated
        org = orgs.get(doc.org_id)
        title, text, text_lang = _texts_for(doc, viewer_lang)
        results.append(PartnerResult(
            match=match, doc=doc, org_id=doc.org_id,
            org_name=None if is_gated or org is None else org.name,
            org_slug=None if is_gated or org is None else org.slug,
            kind=doc.kind, title=title or (org.name if org and not is_gated else ""),
            summary=_summary(text, title), text_lang=text_lang, gated=is_gated,
            listing_id=number if kind_letter == "t" else None,
            profile_id=number if kind_letter == "p" else None,
        ))
    return results


def _engine_error(exc: EngineError) -> PartnerSearchError:
    """The engine's refusal in the search's terms: the engine names the query "q", the API and the page call it
    "text", and a filter's field is ``filters.<name>``."""
    field = exc.field
    field = "text" if field in ("q", "query") else field
    if isinstance(exc, UnknownFilterError | InvalidFilterError) and field and not field.startswith("filters"):
        field = f"filters.{field}"
    return PartnerSearchError(exc.message, field)


def check_kinds(kinds) -> list[str] | None:
    """The kinds asked for, or None for all; refuses unknown kinds."""
    if not kinds:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    unknown = sorted({str(k) for k in kinds} - set(KINDS))
    if unknown:
        raise PartnerSearchError(f"Unknown kind: {', '.join(unknown)}. Use {', '.join(KINDS)}.", "kinds")
    return sorted(set(kinds))


def find_partners(session: Session, text: str, *, lang: str, viewer_lang: str, kinds=None, filters=None,
                  k: int = DEFAULT_K, viewer_org_id: int | None = None) -> list[PartnerResult]:
    """Records whose offer answers ``text`` (a need in ``lang``), best first, explained in ``viewer_lang``;
    the viewer's own organisation is left out. Raises :class:`PartnerSearchError` on bad input."""
    kinds = check_kinds(kinds)
    if not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise PartnerSearchError(f"k must be between 1 and {MAX_K}.", "k")
    try:
        matches = engine().search(text, lang=lang, kinds=kinds, filters=filters or None, k=k,
                                  exclude_org_id=viewer_org_id, viewer_lang=viewer_lang)
    except EngineError as exc:
        raise _engine_error(exc) from exc
    return present(session, matches, viewer_lang)


def org_profile_doc_id(session: Session, org_id: int) -> str | None:
    """The doc id of the organisation's own published profile, if it has one."""
    profile_id = session.exec(select(MatchProfile.id).where(MatchProfile.org_id == org_id,
                                                            MatchProfile.status == PublishStatus.published)
                              .order_by(MatchProfile.id).limit(1)).first()
    return profile_doc_id(profile_id) if profile_id else None


def suggestions_for(session: Session, org_id: int, *, viewer_lang: str, k: int = DEFAULT_K, filters=None
                    ) -> list[PartnerResult]:
    """Reciprocal suggestions for an organisation's profile (empty when it has no published profile)."""
    doc_id = org_profile_doc_id(session, org_id)
    if doc_id is None:
        return []
    docs = docs_for(session, [doc_id])
    if not docs:
        return []
    try:
        matches = engine().suggest(docs[0], k=k, filters=filters or None, viewer_lang=viewer_lang)
    except EngineError as exc:
        raise _engine_error(exc) from exc
    return present(session, matches, viewer_lang)


def member_org_ids(session: Session, user: User) -> list[int]:
    """Organisations the user belongs to, oldest membership first."""
    return list(session.exec(select(Membership.organization_id).where(Membership.user_id == user.id)
                             .order_by(Membership.id)))


def acting_org(session: Session, user: User, org_id: int | None = None) -> Organization | None:
    """The organisation the user searches for: ``org_id`` when they belong to it, else their first one."""
    ids = member_org_ids(session, user)
    if not ids:
        return None
    chosen = org_id if org_id in ids else ids[0]
    return session.get(Organization, chosen)
