"""Technology listings: a patent or know-how an IP holder or lab offers, with its readiness and terms; behind an
NDA the public sees only its anonymous teaser (:func:`is_disclosed`, :func:`listing_card`)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n import content
from market.accounts.models import Membership, Organization, User
from market.db import utcnow
from market.pages import offset
from matching.changes import docs_changed
from matching.errors import MatchingError, forbidden, not_found
from matching.models import (
    LISTING_ENTITY,
    LISTING_FIELDS,
    Introduction,
    IntroStatus,
    PublishStatus,
    TechListing,
)
from matching.services.docs import listing_doc_id, listing_tags
from matching.services.rights import can_edit, refuse_edit
from matching.services.texts import entity_texts, resolve_text, store_texts
from matching.services.validation import (
    clean_ipc,
    clean_lang,
    clean_license_terms,
    clean_questions,
    clean_region,
    clean_tags,
    clean_texts,
    clean_trl,
)

LISTING_KINDS = ("ip_holder", "lab")
PER_PAGE = 20


def _listing_fields(data: Mapping) -> dict:
    """Validated listing fields from ``data`` (only the keys present)."""
    out: dict = {}
    if "patent_number" in data:
        number = " ".join((data.get("patent_number") or "").split())
        if len(number) > 60:
            raise MatchingError(_("The patent number is too long."), "patent_number")
        out["patent_number"] = number or None
    if "ipc" in data:
        out["ipc"] = clean_ipc(data.get("ipc"))
    if "trl" in data:
        out["trl"] = clean_trl(data.get("trl"))
    if "license_terms" in data:
        out["license_terms"] = clean_license_terms(data.get("license_terms"))
    if "nda_required" in data:
        out["nda_required"] = bool(data.get("nda_required"))
    if "questions" in data:
        out["questions"] = clean_questions(data.get("questions"))
    if "tags" in data:
        out["tags"] = clean_tags(data.get("tags"))
    if "region" in data:
        out["region"] = clean_region(data.get("region"))
    return out


def _check_listing_complete(listing: TechListing, texts: Mapping[str, Mapping[str, str]]) -> None:
    if not any((v.get("title") or "").strip() for v in texts.values()):
        raise MatchingError(_("Give the listing a title."), "title")
    if not any((v.get("abstract") or "").strip() for v in texts.values()):
        raise MatchingError(_("Write an abstract of the technology."), "abstract")
    if listing.nda_required and not (any((v.get("teaser_title") or "").strip() for v in texts.values())
                                     and any((v.get("teaser") or "").strip() for v in texts.values())):
        raise MatchingError(_("A listing behind an NDA needs a public teaser title and teaser text."), "teaser")


def create_listing(session: Session, user: User | None, org_id: int, *, lang: str,
                   texts: Mapping[str, Mapping[str, str | None]], publish: bool = False, **fields) -> TechListing:
    """Add a technology listing to an IP holder's or lab's organisation (members and staff only); with
    ``publish`` it must be complete (title, abstract, and a teaser when behind an NDA)."""
    org = session.get(Organization, org_id)
    if org is None:
        raise not_found()
    refuse_edit(session, user, org_id, visible=False)
    if org.kind not in LISTING_KINDS:
        raise forbidden(_("Only IP holders and labs add technology listings."), "org_id")
    lang = clean_lang(lang)
    cleaned = clean_texts(texts, LISTING_FIELDS)
    unknown = set(fields) - {"patent_number", "ipc", "trl", "license_terms", "nda_required", "questions", "tags",
                             "region"}
    if unknown:
        raise MatchingError(_("Unknown field."), sorted(unknown)[0])
    values = _listing_fields(fields)
    values.setdefault("region", "KR-11" if org.country == "KR" else org.country)
    listing = TechListing(org_id=org.id, lang=lang, created_by_id=user.id if user else None, **values)
    if not (cleaned.get(lang) or {}).get("title"):
        raise MatchingError(_("Give the listing a title in its language."), "title")
    if publish:
        _check_listing_complete(listing, cleaned)
        listing.status = PublishStatus.published
    session.add(listing)
    session.flush()
    store_texts(session, LISTING_ENTITY, listing.id, lang, cleaned, user.id if user else None)
    if "tags" not in fields:
        listing.tags = list(listing_tags(cleaned, listing.nda_required))
        session.add(listing)
    session.flush()
    docs_changed(session, [listing_doc_id(listing.id)])
    return listing


def get_listing(session: Session, listing_id: int, viewer: User | None = None) -> TechListing:
    """A published listing, or a draft for its organisation's members and staff; else ``not_found``."""
    listing = session.get(TechListing, listing_id)
    if listing is None or (listing.status != PublishStatus.published
                           and not can_edit(session, viewer, listing.org_id)):
        raise not_found()
    return listing


def update_listing(session: Session, user: User | None, listing_id: int, *, lang: str | None = None,
                   texts: Mapping[str, Mapping[str, str | None]] | None = None, **fields) -> TechListing:
    """Change a listing's fields and texts per language; members of its organisation and staff only (others:
    ``forbidden``/``not_found``). A published listing must stay complete."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise not_found()
    refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
    unknown = set(fields) - {"patent_number", "ipc", "trl", "license_terms", "nda_required", "questions", "tags",
                             "region"}
    if unknown:
        raise MatchingError(_("Unknown field."), sorted(unknown)[0])
    new_lang = clean_lang(lang) if lang is not None else listing.lang
    cleaned = clean_texts(texts, LISTING_FIELDS)
    values = _listing_fields(fields)
    current = entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id]
    merged = {loc: dict(v) for loc, v in current.items()}
    for loc, v in cleaned.items():
        merged.setdefault(loc, {}).update(v)
    merged = {loc: {k: t for k, t in v.items() if t} for loc, v in merged.items()}
    if not (merged.get(new_lang) or {}).get("title"):
        raise MatchingError(_("Give the listing a title in its language."), "title")
    for key, value in values.items():
        setattr(listing, key, value)
    if listing.status == PublishStatus.published:
        _check_listing_complete(listing, merged)
    store_texts(session, LISTING_ENTITY, listing.id, new_lang, cleaned, user.id if user else None)
    listing.lang = new_lang
    listing.updated_at = utcnow()
    session.add(listing)
    session.flush()
    docs_changed(session, [listing_doc_id(listing.id)])
    return listing


def set_listing_status(session: Session, user: User | None, listing_id: int, published: bool) -> TechListing:
    """Publish (must be complete) or unpublish a listing; members and staff only."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise not_found()
    refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
    if published:
        _check_listing_complete(listing, entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id])
    listing.status = PublishStatus.published if published else PublishStatus.draft
    listing.updated_at = utcnow()
    session.add(listing)
    session.flush()
    docs_changed(session, [listing_doc_id(listing.id)])
    return listing


def delete_listing(session: Session, user: User | None, listing_id: int) -> None:
    """Delete a listing with its texts and its introductions; members and staff only."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise not_found()
    refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
    for intro in session.exec(select(Introduction).where(Introduction.listing_id == listing.id)):
        session.delete(intro)
    for row in session.exec(select(content.ContentTranslation).where(
            content.ContentTranslation.entity == LISTING_ENTITY,
            content.ContentTranslation.entity_id == listing.id)):
        session.delete(row)
    session.delete(listing)
    session.flush()
    docs_changed(session, [listing_doc_id(listing_id)])


def list_listings(session: Session, viewer: User | None = None, *, org_id: int | None = None,
                  include_drafts: bool = False, page: int = 1, per_page: int = PER_PAGE
                  ) -> tuple[list[TechListing], int]:
    """One page of listings, newest first: published ones, plus drafts of ``org_id`` when ``include_drafts`` and
    the viewer may edit that organisation."""
    page, per_page = max(1, page), max(1, min(per_page, 100))
    query = select(TechListing)
    if org_id is not None:
        query = query.where(TechListing.org_id == org_id)
        if not can_edit(session, viewer, org_id):
            # Listing an organisation's listings behind an NDA would name their anonymous holder.
            query = query.where(TechListing.nda_required.is_(False))
    if not (include_drafts and org_id is not None and can_edit(session, viewer, org_id)):
        query = query.where(TechListing.status == PublishStatus.published)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(TechListing.created_at.desc(), TechListing.id.desc())
                        .offset(offset(page, per_page)).limit(per_page))
    return list(rows), total


def is_disclosed(session: Session, listing: TechListing, viewer: User | None) -> bool:
    """Whether ``viewer`` may see a listing's details and holder: always for listings without an NDA; for the
    others, its organisation's members, staff, and members of an organisation whose introduction to it reached
    ``accepted`` (after the NDA)."""
    if not listing.nda_required or can_edit(session, viewer, listing.org_id):
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    return session.exec(
        select(Introduction.id).join(Membership, Membership.organization_id == Introduction.from_org_id)
        .where(Introduction.listing_id == listing.id, Introduction.status == IntroStatus.accepted,
               Membership.user_id == viewer.id)).first() is not None


def listing_card(session: Session, listing: TechListing, viewer: User | None, locale: str) -> dict:
    """What ``viewer`` may see of a listing in ``locale``: the full listing when disclosed, else the anonymous
    teaser (no abstract, patent number, owner or questions' answers)."""
    texts = entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id]
    disclosed = is_disclosed(session, listing, viewer)
    card = {
        "id": listing.id, "doc_id": listing_doc_id(listing.id), "nda_required": listing.nda_required,
        "disclosed": disclosed, "status": listing.status, "lang": listing.lang, "trl": listing.trl,
        "ipc": list(listing.ipc), "license_terms": list(listing.license_terms), "tags": list(listing.tags),
        "region": listing.region, "questions": list(listing.questions) if listing.nda_required else [],
        "external_ref": listing.external_ref, "source": listing.source,
        "created_at": listing.created_at, "updated_at": listing.updated_at,
        "teaser_title": resolve_text(texts, "teaser_title", locale),
        "teaser": resolve_text(texts, "teaser", locale),
    }
    if disclosed:
        org = session.get(Organization, listing.org_id)
        card.update(title=resolve_text(texts, "title", locale), abstract=resolve_text(texts, "abstract", locale),
                    patent_number=listing.patent_number, org=org, texts=texts)
    else:
        card.update(title=card["teaser_title"], abstract=card["teaser"], patent_number=None, org=None,
                    texts={loc: {k: v for k, v in t.items() if k in ("teaser_title", "teaser")}
                           for loc, t in texts.items()})
    return card

