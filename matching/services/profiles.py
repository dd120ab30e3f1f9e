"""Matching profiles: what an organisation offers and seeks, per language, with tags, region and contacts; its
public face (:func:`profile_card`) and how to reach it once introduced (:func:`org_contacts`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import Membership, MembershipRole, Organization, User
from market.db import utcnow
from market.pages import offset
from matching.changes import docs_changed
from matching.errors import MatchingError, not_found
from matching.models import PROFILE_ENTITY, PROFILE_FIELDS, MatchProfile, PublishStatus
from matching.services.docs import profile_doc_id, suggest_tags
from matching.services.rights import can_edit, refuse_edit
from matching.services.texts import entity_texts, resolve_text, store_texts
from matching.services.validation import clean_lang, clean_region, clean_tags, clean_texts, clean_vocabulary

PER_PAGE = 20


def get_org_profile(session: Session, org_id: int) -> MatchProfile | None:
    """The organisation's own profile (its first), or None."""
    return session.exec(select(MatchProfile).where(MatchProfile.org_id == org_id).order_by(MatchProfile.id)).first()


def _new_org_profile(org: Organization) -> tuple[MatchProfile, dict[str, dict[str, str]]]:
    """The draft an organisation's profile starts as, not stored: its language, its region (Seoul for Korean
    organisations, else its country) and its name as the title."""
    profile = MatchProfile(org_id=org.id, lang=org.source_locale, region="KR-11" if org.country == "KR" else org.country,
                           status=PublishStatus.draft)
    texts = {org.source_locale: {"title": org.name_ko if org.source_locale == "ko" and org.name_ko else org.name}}
    return profile, texts


def _editable_org(session: Session, user: User | None, org_id: int) -> Organization:
    org = session.get(Organization, org_id)
    if org is None:
        raise not_found()
    refuse_edit(session, user, org_id, visible=False)
    return org


def org_profile_draft(session: Session, user: User | None, org_id: int
                      ) -> tuple[MatchProfile, dict[str, dict[str, str]]]:
    """The organisation's profile and its texts for its editor; when it has none, the draft it would start as,
    without storing anything (reading the editor creates nothing). Members and staff only."""
    org = _editable_org(session, user, org_id)
    profile = get_org_profile(session, org_id)
    if profile is None:
        return _new_org_profile(org)
    return profile, entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]


def ensure_org_profile(session: Session, user: User | None, org_id: int) -> MatchProfile:
    """The organisation's profile, created as a draft (titled with its name) when it has none; members and staff
    only."""
    org = _editable_org(session, user, org_id)
    profile = get_org_profile(session, org_id)
    if profile is not None:
        return profile
    profile, texts = _new_org_profile(org)
    session.add(profile)
    session.flush()
    store_texts(session, PROFILE_ENTITY, profile.id, profile.lang, texts, user.id if user else None)
    docs_changed(session, [profile_doc_id(profile.id)])
    return profile


def get_profile(session: Session, profile_id: int, viewer: User | None = None) -> MatchProfile:
    """A published profile, or a draft for its organisation's members and staff; else ``not_found``."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None or (profile.status != PublishStatus.published and not can_edit(session, viewer,
                                                                                       profile.org_id)):
        raise not_found()
    return profile


def update_profile(session: Session, user: User | None, profile_id: int, *, lang: str | None = None,
                   texts: Mapping[str, Mapping[str, str | None]] | None = None, tags: Iterable[str] | None = None,
                   region: str | None = ..., contact_email: str | None = ..., contact_phone: str | None = ...,
                   capabilities: Iterable[str] | None = None, capabilities_other: Iterable[str] | None = None,
                   equipment: Iterable[str] | None = None, equipment_other: Iterable[str] | None = None
                   ) -> MatchProfile:
    """Change a profile: its author language, texts per language (``{lang: {title, offer, seek}}``; an empty text
    removes that translation), tags (glossary ids or names), region, contacts, and capabilities and equipment
    (vocabulary ids in ``capabilities``/``equipment`` and free texts in ``*_other``; giving either replaces the
    field; an unknown id is refused on the field). Members of its organisation and staff only (others:
    ``forbidden`` when they can see it, else ``not_found``); nothing changes on refusal."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None:
        raise not_found()
    refuse_edit(session, user, profile.org_id, visible=profile.status == PublishStatus.published)
    new_lang = clean_lang(lang) if lang is not None else profile.lang
    cleaned = clean_texts(texts, PROFILE_FIELDS)
    new_tags = clean_tags(tags) if tags is not None else None
    chosen = {name: clean_vocabulary(name, codes, others)
              for name, codes, others in (("capabilities", capabilities, capabilities_other),
                                          ("equipment", equipment, equipment_other))
              if codes is not None or others is not None}
    new_region = clean_region(region) if region is not ... else profile.region
    new_email = profile.contact_email
    if contact_email is not ...:
        new_email = (contact_email or "").strip() or None
        if new_email and (len(new_email) > 254 or not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", new_email)):
            raise MatchingError(_("Enter a valid email address."), "contact_email")
    new_phone = profile.contact_phone
    if contact_phone is not ...:
        new_phone = (contact_phone or "").strip() or None
        if new_phone and (len(new_phone) > 40 or not re.match(r"^[0-9+()\-.\s]{5,40}$", new_phone)):
            raise MatchingError(_("Enter a phone number with digits, spaces and + ( ) - only."), "contact_phone")
    current = entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]
    merged = {loc: dict(values) for loc, values in current.items()}
    for loc, values in cleaned.items():
        merged.setdefault(loc, {}).update(values)
    if profile.status == PublishStatus.published and not any((v.get("offer") or "").strip()
                                                             for v in merged.values()):
        raise MatchingError(_("A published profile needs a text of what you offer."), "offer")
    store_texts(session, PROFILE_ENTITY, profile.id, new_lang, cleaned, user.id if user else None)
    profile.lang, profile.region = new_lang, new_region
    profile.contact_email, profile.contact_phone = new_email, new_phone
    if new_tags is not None:
        profile.tags = new_tags
    for name, values in chosen.items():
        setattr(profile, name, values)
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    docs_changed(session, [profile_doc_id(profile.id)])
    return profile


def set_profile_status(session: Session, user: User | None, profile_id: int, published: bool) -> MatchProfile:
    """Publish (needs a text of what the organisation offers) or unpublish a profile; members and staff only."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None:
        raise not_found()
    refuse_edit(session, user, profile.org_id, visible=profile.status == PublishStatus.published)
    if published:
        texts = entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]
        if not any((v.get("offer") or "").strip() for v in texts.values()):
            raise MatchingError(_("Write what your organisation offers before publishing."), "offer")
    profile.status = PublishStatus.published if published else PublishStatus.draft
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    docs_changed(session, [profile_doc_id(profile.id)])
    return profile


def suggest_profile_tags(texts: Mapping[str, Mapping[str, str]], current: Iterable[str] = ()) -> list[str]:
    """Glossary concepts the offer texts name that are not tags yet (what the editor proposes)."""
    found = suggest_tags({lang: f"{v.get('offer', '')}\n{v.get('abstract', '')}\n{v.get('title', '')}"
                          for lang, v in texts.items()})
    have = set(current)
    return [t for t in found if t not in have]



def list_profiles(session: Session, kinds: Iterable[str] = (), page: int = 1, per_page: int = PER_PAGE
                  ) -> tuple[list[MatchProfile], int]:
    """One page of published profiles, newest first, of organisations of ``kinds`` (all when empty), and how
    many there are in all."""
    query = select(MatchProfile).where(MatchProfile.status == PublishStatus.published)
    kinds = list(kinds)
    if kinds:
        query = query.join(Organization, Organization.id == MatchProfile.org_id).where(Organization.kind.in_(kinds))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(MatchProfile.id.desc()).offset(offset(page, per_page)).limit(per_page))
    return list(rows), total


def profile_card(session: Session, profile: MatchProfile, locale: str) -> dict:
    """A profile's public face in ``locale``: organisation, texts with fallback, tags, region."""
    texts = entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]
    org = session.get(Organization, profile.org_id)
    return {
        "id": profile.id, "doc_id": profile_doc_id(profile.id), "org": org, "kind": str(org.kind),
        "status": profile.status, "lang": profile.lang, "region": profile.region, "tags": list(profile.tags),
        "capabilities": list(profile.capabilities or []), "equipment": list(profile.equipment or []),
        "title": resolve_text(texts, "title", locale) or (org.name, "en"),
        "offer": resolve_text(texts, "offer", locale), "seek": resolve_text(texts, "seek", locale),
        "texts": texts, "external_ref": profile.external_ref, "source": profile.source,
        "created_at": profile.created_at, "updated_at": profile.updated_at,
    }


def org_contacts(session: Session, org_id: int) -> dict:
    """How to reach an organisation: its members' emails (owners first), website, and the profile's contacts."""
    org = session.get(Organization, org_id)
    rows = session.exec(select(User.email, Membership.role).join(Membership, Membership.user_id == User.id)
                        .where(Membership.organization_id == org_id, User.is_active.is_(True))
                        .order_by(Membership.role != MembershipRole.owner, User.id))
    emails = [email for email, _role in rows]
    profile = get_org_profile(session, org_id)
    if profile is not None and profile.contact_email and profile.contact_email not in emails:
        emails.insert(0, profile.contact_email)
    return {"org_id": org_id, "name": org.name if org else "", "emails": emails,
            "phone": profile.contact_phone if profile else None, "website": org.website if org else None}

