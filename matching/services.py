"""Matching data services: profiles and technology listings (with their translations, tags and rights), the
engine's view of them (:func:`load_docs`, :func:`docs_for`), suggestion feedback and saved searches.

Functions take a session, flush when they need ids and never commit. Every change to a profile or listing calls
:func:`matching.hooks.doc_changed` so the engine re-embeds it after the commit. Rights: members of an
organisation edit its profile and listings, staff may edit any; everyone else gets ``not_found`` for drafts and
``forbidden`` for published records they can see but not change.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n import content
from market.accounts.models import Membership, Organization, User
from market.db import utcnow
from matching.documents import KINDS, LICENSE_TERMS, MatchDoc
from matching.hooks import doc_changed
from matching.models import (
    LISTING_ENTITY,
    LISTING_FIELDS,
    PROFILE_ENTITY,
    PROFILE_FIELDS,
    MatchProfile,
    PublishStatus,
    SavedSearch,
    SuggestionFeedback,
    TechListing,
)

LISTING_KINDS = ("ip_holder", "lab")
MAX_TITLE = 200
MAX_TEXT = 5000
MAX_QUESTIONS = 10
MAX_QUESTION = 500
MAX_TAGS = 40
PER_PAGE = 20
IPC_RE = re.compile(r"^[A-H][0-9]{2}[A-Z](?:\s?[0-9]{1,4}/[0-9]{1,6})?$")
REGION_RE = re.compile(r"^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$")


class MatchingError(ValueError):
    """A refused matching operation: ``code`` (``invalid``, ``not_found``, ``forbidden``, ``conflict``) tells the
    API status, ``field`` the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


# --- the engine's view: MatchDocs -------------------------------------------------------------------------------


def profile_doc_id(profile_id: int) -> str:
    """The doc id of a profile."""
    return f"p:{profile_id}"


def listing_doc_id(listing_id: int) -> str:
    """The doc id of a technology listing."""
    return f"t:{listing_id}"


def parse_doc_id(doc_id: str) -> tuple[str, int] | None:
    """``("p"|"t", id)`` for a well-formed doc id, else None."""
    prefix, _sep, number = (doc_id or "").partition(":")
    if prefix not in ("p", "t") or not number.isdigit():
        return None
    return prefix, int(number)


def content_hash(lang: str, translations: Mapping[str, Mapping[str, str]], tags: Iterable[str]) -> str:
    """SHA-256 of every text the engine embeds (title, offer and seek in each language) and the tags."""
    payload = {
        "lang": lang,
        "texts": {loc: {k: translations[loc].get(k, "") for k in ("title", "offer", "seek")}
                  for loc in sorted(translations)},
        "tags": sorted(tags),
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _main_texts(lang: str, translations: Mapping[str, Mapping[str, str]]) -> Mapping[str, str]:
    for candidate in (lang, "en", "ko", *sorted(translations)):
        if candidate in translations:
            return translations[candidate]
    return {}


def build_profile_doc(*, profile_id: int, org_id: int, kind: str, lang: str,
                      texts: Mapping[str, Mapping[str, str]], tags: Iterable[str], region: str | None,
                      cluster: str | None, external_ref: str | None) -> MatchDoc:
    """The MatchDoc of a profile from its texts ``{lang: {"title", "offer", "seek"}}`` (all languages, the
    author's included)."""
    translations = {
        loc: {"title": t.get("title", "") or "", "offer": t.get("offer", "") or "", "seek": t.get("seek", "") or ""}
        for loc, t in texts.items()
        if any((t.get(k) or "").strip() for k in ("title", "offer", "seek"))
    }
    main = _main_texts(lang, translations)
    tags = tuple(sorted(set(tags)))
    return MatchDoc(doc_id=profile_doc_id(profile_id), org_id=org_id, kind=kind, lang=lang,
                    title=main.get("title", ""), offer=main.get("offer", ""), seek=main.get("seek", ""),
                    translations=translations, tags=tags, region=region, cluster=cluster,
                    external_ref=external_ref, content_hash=content_hash(lang, translations, tags))


def build_listing_doc(*, listing_id: int, org_id: int, kind: str, lang: str, title: Mapping[str, str],
                      abstract: Mapping[str, str], teaser_title: Mapping[str, str], teaser: Mapping[str, str],
                      nda_required: bool, tags: Iterable[str], region: str | None, trl: int | None,
                      license_terms: Iterable[str], ipc: Iterable[str], external_ref: str | None) -> MatchDoc:
    """The MatchDoc of a technology listing: ``offer`` is title + abstract; a listing behind an NDA exposes only
    its public teaser (teaser title + teaser), so search never leaks what the holder keeps confidential."""
    if nda_required:
        heads, bodies = teaser_title, teaser
    else:
        heads, bodies = title, abstract
    translations = {}
    for loc in sorted(set(heads) | set(bodies)):
        head, body = (heads.get(loc) or "").strip(), (bodies.get(loc) or "").strip()
        if head or body:
            translations[loc] = {"title": head, "offer": f"{head}\n{body}".strip(), "seek": ""}
    main = _main_texts(lang, translations)
    tags = tuple(sorted(set(tags)))
    return MatchDoc(doc_id=listing_doc_id(listing_id), org_id=org_id, kind=kind, lang=lang,
                    title=main.get("title", ""), offer=main.get("offer", ""), seek="",
                    translations=translations, tags=tags, region=region, cluster=None, trl=trl,
                    license_terms=tuple(license_terms), ipc=tuple(ipc), external_ref=external_ref,
                    content_hash=content_hash(lang, translations, tags))


def suggest_tags(texts: Mapping[str, str]) -> tuple[str, ...]:
    """Glossary concept ids named in ``{lang: text}`` (languages outside the glossary are skipped), sorted."""
    from i18n.glossary import LANGS, load_glossary

    glossary = load_glossary()
    found: set[str] = set()
    for lang, text in texts.items():
        if lang in LANGS and text:
            found |= glossary.concepts(text, lang)
    return tuple(sorted(found))


# --- rights ------------------------------------------------------------------------------------------------------


def is_member(session: Session, user: User | None, org_id: int) -> bool:
    """True when ``user`` belongs to organisation ``org_id``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def can_edit(session: Session, user: User | None, org_id: int) -> bool:
    """Members of the organisation and staff may change its profile and listings."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or is_member(session, user, org_id)


def user_orgs(session: Session, user: User) -> list[Organization]:
    """The user's organisations, by name."""
    return list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id).order_by(Organization.name, Organization.id)))


def _refuse_edit(session: Session, user: User | None, org_id: int, visible: bool) -> None:
    if can_edit(session, user, org_id):
        return
    if visible:
        raise MatchingError(_("Only members of this organisation can change it."), None, "forbidden")
    raise MatchingError(_("Not found."), None, "not_found")


# --- validation shared by forms, the API and the importer -----------------------------------------------------------


def parse_kinds(values: Iterable[str] | None) -> tuple[str, ...]:
    """Organisation kinds from user input; refuses unknown kinds (``invalid``, field ``kinds``)."""
    kinds = tuple(dict.fromkeys(v.strip() for v in (values or ()) if v and v.strip()))
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise MatchingError(_("Unknown kind: %(kinds)s. Choose from: %(known)s.", kinds=", ".join(unknown),
                              known=", ".join(KINDS)), "kinds")
    return kinds


def clean_tags(values: Iterable[str] | None) -> list[str]:
    """Glossary concept ids from ids or names in any language; refuses what the glossary does not know."""
    from i18n.glossary import load_glossary

    glossary = load_glossary()
    tags: list[str] = []
    for raw in values or ():
        value = (raw or "").strip()
        if not value:
            continue
        term = glossary.get(value)
        if term is None:
            folded = value.casefold()
            term = next((t for t in glossary.search(value, limit=5)
                         if any(f.casefold() == folded for lang in t.names for f in t.forms(lang))), None)
        if term is None:
            raise MatchingError(_("Unknown tag “%(tag)s”: choose a term of the glossary.", tag=value), "tags")
        if term.id not in tags:
            tags.append(term.id)
    if len(tags) > MAX_TAGS:
        raise MatchingError(_("Choose at most %(n)d tags.", n=MAX_TAGS), "tags")
    return tags


def clean_region(value: str | None) -> str | None:
    """A country code or a subdivision code such as KR-11, upper-cased; empty gives None."""
    value = (value or "").strip().upper()
    if not value:
        return None
    if not REGION_RE.match(value):
        raise MatchingError(_("Enter a region as a country code or a subdivision code such as KR-11."), "region")
    return value


def clean_ipc(values: Iterable[str] | None) -> list[str]:
    """IPC/CPC codes such as "B23Q 17/09" or "C22C"; refuses malformed codes."""
    codes: list[str] = []
    for raw in values or ():
        code = " ".join((raw or "").upper().split())
        if not code:
            continue
        if not IPC_RE.match(code):
            raise MatchingError(_("“%(code)s” is not an IPC/CPC code such as B23Q 17/09.", code=raw.strip()), "ipc")
        if code not in codes:
            codes.append(code)
    if len(codes) > 20:
        raise MatchingError(_("List at most %(n)d IPC/CPC codes.", n=20), "ipc")
    return codes


def clean_trl(value) -> int | None:
    """A technology readiness level 1–9, or None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        trl = int(str(value).strip())
    except ValueError:
        trl = 0
    if not 1 <= trl <= 9:
        raise MatchingError(_("The technology readiness level is a whole number from 1 to 9."), "trl")
    return trl


def clean_license_terms(values: Iterable[str] | None) -> list[str]:
    """A subset of license, joint_development, sale."""
    terms = list(dict.fromkeys((v or "").strip() for v in values or () if (v or "").strip()))
    unknown = [t for t in terms if t not in LICENSE_TERMS]
    if unknown:
        raise MatchingError(_("Unknown terms: %(terms)s. Choose from: %(known)s.", terms=", ".join(unknown),
                              known=", ".join(LICENSE_TERMS)), "license_terms")
    return terms


def clean_questions(values: Iterable[str] | None) -> list[str]:
    """The holder's qualification questions: at most 10, each at most 500 characters."""
    questions = [" ".join((q or "").split()) for q in values or ()]
    questions = [q for q in questions if q]
    if len(questions) > MAX_QUESTIONS:
        raise MatchingError(_("Ask at most %(n)d questions.", n=MAX_QUESTIONS), "questions")
    if any(len(q) > MAX_QUESTION for q in questions):
        raise MatchingError(_("Keep each question under %(n)d characters.", n=MAX_QUESTION), "questions")
    return questions


def clean_lang(value: str | None, field: str = "lang") -> str:
    """One of the site's languages."""
    from i18n.locales import LOCALES

    if value not in LOCALES:
        raise MatchingError(_("Unknown language."), field)
    return value


def _clean_text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise MatchingError(_("The text is too long (at most %(n)d characters).", n=limit), field)
    return text


def clean_texts(texts: Mapping[str, Mapping[str, str | None]] | None, fields: tuple[str, ...]
                ) -> dict[str, dict[str, str]]:
    """``{lang: {field: text}}`` with known languages and fields, trimmed and length-checked."""
    cleaned: dict[str, dict[str, str]] = {}
    for lang, values in (texts or {}).items():
        clean_lang(lang, "texts")
        row = {}
        for name, value in (values or {}).items():
            if name not in fields:
                raise MatchingError(_("Unknown field."), name)
            row[name] = _clean_text(value, name, MAX_TITLE if "title" in name else MAX_TEXT)
        cleaned[lang] = row
    return cleaned


# --- texts ---------------------------------------------------------------------------------------------------------


def _store_texts(session: Session, entity: str, entity_id: int, source_lang: str,
                 texts: Mapping[str, Mapping[str, str]], user_id: int | None) -> None:
    for lang, values in texts.items():
        source = content.TextSource.author if lang == source_lang else content.TextSource.translator
        for name, text in values.items():
            content.set_text(session, entity, entity_id, name, lang, text, source,
                             reviewed=source == content.TextSource.author, user_id=user_id)


def add_new_texts(session: Session, entity: str, entity_id: int, source_lang: str,
                  texts: Mapping[str, Mapping[str, str]]) -> None:
    """Add the texts of a new entity without looking for existing rows (bulk loads: demo and import)."""
    for lang, values in texts.items():
        source = content.TextSource.author if lang == source_lang else content.TextSource.translator
        for name, text in values.items():
            if text and text.strip():
                session.add(content.ContentTranslation(entity=entity, entity_id=entity_id, field=name, locale=lang,
                                                       text=text.strip(), source=source,
                                                       reviewed=source == content.TextSource.author))


def entity_texts(session: Session, entity: str, ids: Iterable[int]) -> dict[int, dict[str, dict[str, str]]]:
    """``{id: {lang: {field: text}}}`` of these entities (chunked, for any number of ids)."""
    ids = list(ids)
    result: dict[int, dict[str, dict[str, str]]] = {i: {} for i in ids}
    for start in range(0, len(ids), 500):
        for entity_id, by_field in content.load_texts(session, entity, ids[start:start + 500]).items():
            for name, by_lang in by_field.items():
                for lang, row in by_lang.items():
                    result[entity_id].setdefault(lang, {})[name] = row.text
    return result


def _all_entity_texts(session: Session, entity: str) -> dict[int, dict[str, dict[str, str]]]:
    result: dict[int, dict[str, dict[str, str]]] = {}
    rows = session.exec(select(content.ContentTranslation.entity_id, content.ContentTranslation.field,
                               content.ContentTranslation.locale, content.ContentTranslation.text)
                        .where(content.ContentTranslation.entity == entity))
    for entity_id, name, lang, text in rows:
        result.setdefault(entity_id, {}).setdefault(lang, {})[name] = text
    return result


def resolve_text(texts: Mapping[str, Mapping[str, str]], name: str, locale: str) -> tuple[str, str] | None:
    """``(text, locale it is in)`` of one field for ``locale``, falling back to English, Korean, then any."""
    for candidate in (locale, *content.FALLBACK_CHAIN, *sorted(texts)):
        text = (texts.get(candidate) or {}).get(name)
        if text:
            return text, candidate
    return None


# --- profiles --------------------------------------------------------------------------------------------------------


def get_org_profile(session: Session, org_id: int) -> MatchProfile | None:
    """The organisation's own profile (its first), or None."""
    return session.exec(select(MatchProfile).where(MatchProfile.org_id == org_id).order_by(MatchProfile.id)).first()


def ensure_org_profile(session: Session, user: User | None, org_id: int) -> MatchProfile:
    """The organisation's profile, created as a draft (titled with its name) when it has none; members and staff
    only."""
    org = session.get(Organization, org_id)
    if org is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, org_id, visible=False)
    profile = get_org_profile(session, org_id)
    if profile is not None:
        return profile
    profile = MatchProfile(org_id=org.id, lang=org.source_locale, region=None if org.country != "KR" else "KR-11",
                           status=PublishStatus.draft)
    if org.country != "KR":
        profile.region = org.country
    session.add(profile)
    session.flush()
    texts = {org.source_locale: {"title": org.name_ko if org.source_locale == "ko" and org.name_ko else org.name}}
    _store_texts(session, PROFILE_ENTITY, profile.id, profile.lang, texts, user.id if user else None)
    doc_changed(session, profile_doc_id(profile.id))
    return profile


def get_profile(session: Session, profile_id: int, viewer: User | None = None) -> MatchProfile:
    """A published profile, or a draft for its organisation's members and staff; else ``not_found``."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None or (profile.status != PublishStatus.published and not can_edit(session, viewer,
                                                                                       profile.org_id)):
        raise MatchingError(_("Not found."), None, "not_found")
    return profile


def update_profile(session: Session, user: User | None, profile_id: int, *, lang: str | None = None,
                   texts: Mapping[str, Mapping[str, str | None]] | None = None, tags: Iterable[str] | None = None,
                   region: str | None = ..., contact_email: str | None = ..., contact_phone: str | None = ...
                   ) -> MatchProfile:
    """Change a profile: its author language, texts per language (``{lang: {title, offer, seek}}``; an empty text
    removes that translation), tags (glossary ids or names), region and contacts. Members of its organisation and
    staff only (others: ``forbidden`` when they can see it, else ``not_found``); nothing changes on refusal."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, profile.org_id, visible=profile.status == PublishStatus.published)
    new_lang = clean_lang(lang) if lang is not None else profile.lang
    cleaned = clean_texts(texts, PROFILE_FIELDS)
    new_tags = clean_tags(tags) if tags is not None else None
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
    _store_texts(session, PROFILE_ENTITY, profile.id, new_lang, cleaned, user.id if user else None)
    profile.lang, profile.region = new_lang, new_region
    profile.contact_email, profile.contact_phone = new_email, new_phone
    if new_tags is not None:
        profile.tags = new_tags
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    doc_changed(session, profile_doc_id(profile.id))
    return profile


def set_profile_status(session: Session, user: User | None, profile_id: int, published: bool) -> MatchProfile:
    """Publish (needs a text of what the organisation offers) or unpublish a profile; members and staff only."""
    profile = session.get(MatchProfile, profile_id)
    if profile is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, profile.org_id, visible=profile.status == PublishStatus.published)
    if published:
        texts = entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]
        if not any((v.get("offer") or "").strip() for v in texts.values()):
            raise MatchingError(_("Write what your organisation offers before publishing."), "offer")
    profile.status = PublishStatus.published if published else PublishStatus.draft
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    doc_changed(session, profile_doc_id(profile.id))
    return profile


def suggest_profile_tags(texts: Mapping[str, Mapping[str, str]], current: Iterable[str] = ()) -> list[str]:
    """Glossary concepts the offer texts name that are not tags yet (what the editor proposes)."""
    found = suggest_tags({lang: f"{v.get('offer', '')}\n{v.get('abstract', '')}\n{v.get('title', '')}"
                          for lang, v in texts.items()})
    have = set(current)
    return [t for t in found if t not in have]


# --- technology listings ----------------------------------------------------------------------------------------------


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
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, org_id, visible=False)
    if org.kind not in LISTING_KINDS:
        raise MatchingError(_("Only IP holders and labs add technology listings."), "org_id", "forbidden")
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
    _store_texts(session, LISTING_ENTITY, listing.id, lang, cleaned, user.id if user else None)
    if "tags" not in fields:
        listing.tags = list(suggest_tags({loc: f"{v.get('title', '')}\n{v.get('abstract', '')}"
                                          for loc, v in cleaned.items()}))
        session.add(listing)
    session.flush()
    doc_changed(session, listing_doc_id(listing.id))
    return listing


def get_listing(session: Session, listing_id: int, viewer: User | None = None) -> TechListing:
    """A published listing, or a draft for its organisation's members and staff; else ``not_found``."""
    listing = session.get(TechListing, listing_id)
    if listing is None or (listing.status != PublishStatus.published
                           and not can_edit(session, viewer, listing.org_id)):
        raise MatchingError(_("Not found."), None, "not_found")
    return listing


def update_listing(session: Session, user: User | None, listing_id: int, *, lang: str | None = None,
                   texts: Mapping[str, Mapping[str, str | None]] | None = None, **fields) -> TechListing:
    """Change a listing's fields and texts per language; members of its organisation and staff only (others:
    ``forbidden``/``not_found``). A published listing must stay complete."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
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
    _store_texts(session, LISTING_ENTITY, listing.id, new_lang, cleaned, user.id if user else None)
    listing.lang = new_lang
    listing.updated_at = utcnow()
    session.add(listing)
    session.flush()
    doc_changed(session, listing_doc_id(listing.id))
    return listing


def set_listing_status(session: Session, user: User | None, listing_id: int, published: bool) -> TechListing:
    """Publish (must be complete) or unpublish a listing; members and staff only."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
    if published:
        _check_listing_complete(listing, entity_texts(session, LISTING_ENTITY, [listing.id])[listing.id])
    listing.status = PublishStatus.published if published else PublishStatus.draft
    listing.updated_at = utcnow()
    session.add(listing)
    session.flush()
    doc_changed(session, listing_doc_id(listing.id))
    return listing


def delete_listing(session: Session, user: User | None, listing_id: int) -> None:
    """Delete a listing with its texts and its introductions; members and staff only."""
    listing = session.get(TechListing, listing_id)
    if listing is None:
        raise MatchingError(_("Not found."), None, "not_found")
    _refuse_edit(session, user, listing.org_id, visible=listing.status == PublishStatus.published)
    from matching.models import Introduction

    for intro in session.exec(select(Introduction).where(Introduction.listing_id == listing.id)):
        session.delete(intro)
    for row in session.exec(select(content.ContentTranslation).where(
            content.ContentTranslation.entity == LISTING_ENTITY,
            content.ContentTranslation.entity_id == listing.id)):
        session.delete(row)
    session.delete(listing)
    session.flush()
    doc_changed(session, listing_doc_id(listing_id))


def list_listings(session: Session, viewer: User | None = None, *, org_id: int | None = None,
                  include_drafts: bool = False, page: int = 1, per_page: int = PER_PAGE
                  ) -> tuple[list[TechListing], int]:
    """One page of listings, newest first: published ones, plus drafts of ``org_id`` when ``include_drafts`` and
    the viewer may edit that organisation."""
    page, per_page = max(1, page), max(1, min(per_page, 100))
    query = select(TechListing)
    if org_id is not None:
        query = query.where(TechListing.org_id == org_id)
    if not (include_drafts and org_id is not None and can_edit(session, viewer, org_id)):
        query = query.where(TechListing.status == PublishStatus.published)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(TechListing.created_at.desc(), TechListing.id.desc())
                        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def is_disclosed(session: Session, listing: TechListing, viewer: User | None) -> bool:
    """Whether ``viewer`` may see a listing's details and holder: always for listings without an NDA; for the
    others, its organisation's members, staff, and members of an organisation whose introduction to it reached
    ``accepted`` (after the NDA)."""
    if not listing.nda_required or can_edit(session, viewer, listing.org_id):
        return True
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    from matching.models import Introduction, IntroStatus

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


def profile_card(session: Session, profile: MatchProfile, locale: str) -> dict:
    """A profile's public face in ``locale``: organisation, texts with fallback, tags, region."""
    texts = entity_texts(session, PROFILE_ENTITY, [profile.id])[profile.id]
    org = session.get(Organization, profile.org_id)
    return {
        "id": profile.id, "doc_id": profile_doc_id(profile.id), "org": org, "kind": str(org.kind),
        "status": profile.status, "lang": profile.lang, "region": profile.region, "tags": list(profile.tags),
        "title": resolve_text(texts, "title", locale) or (org.name, "en"),
        "offer": resolve_text(texts, "offer", locale), "seek": resolve_text(texts, "seek", locale),
        "texts": texts, "external_ref": profile.external_ref, "source": profile.source,
        "created_at": profile.created_at, "updated_at": profile.updated_at,
    }


def org_contacts(session: Session, org_id: int) -> dict:
    """How to reach an organisation: its members' emails (owners first), website, and the profile's contacts."""
    from market.accounts.models import MembershipRole

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


# --- the engine's feed ---------------------------------------------------------------------------------------------------


def _org_rows(session: Session, org_ids: Iterable[int] | None = None) -> dict[int, Organization]:
    query = select(Organization)
    if org_ids is not None:
        ids = list(set(org_ids))
        if not ids:
            return {}
        query = query.where(Organization.id.in_(ids))
    return {org.id: org for org in session.exec(query)}


def _profile_doc(profile: MatchProfile, org: Organization, texts) -> MatchDoc:
    return build_profile_doc(profile_id=profile.id, org_id=org.id, kind=str(org.kind), lang=profile.lang,
                             texts=texts, tags=profile.tags, region=profile.region, cluster=org.cluster_code,
                             external_ref=profile.external_ref)


def _listing_doc(listing: TechListing, org: Organization, texts) -> MatchDoc:
    def field(name):
        return {loc: v[name] for loc, v in texts.items() if v.get(name)}

    return build_listing_doc(listing_id=listing.id, org_id=org.id, kind=str(org.kind), lang=listing.lang,
                             title=field("title"), abstract=field("abstract"), teaser_title=field("teaser_title"),
                             teaser=field("teaser"), nda_required=listing.nda_required, tags=listing.tags,
                             region=listing.region, trl=listing.trl, license_terms=listing.license_terms,
                             ipc=listing.ipc, external_ref=listing.external_ref)


def load_docs(session: Session) -> list[MatchDoc]:
    """Every published profile and technology listing as MatchDocs (profiles first, by id), with translations,
    tags and content hashes; listings behind an NDA carry only their public teaser."""
    orgs = _org_rows(session)
    profile_texts = _all_entity_texts(session, PROFILE_ENTITY)
    listing_texts = _all_entity_texts(session, LISTING_ENTITY)
    docs = [
        _profile_doc(p, orgs[p.org_id], profile_texts.get(p.id, {}))
        for p in session.exec(select(MatchProfile).where(MatchProfile.status == PublishStatus.published)
                              .order_by(MatchProfile.id))
    ]
    docs += [
        _listing_doc(t, orgs[t.org_id], listing_texts.get(t.id, {}))
        for t in session.exec(select(TechListing).where(TechListing.status == PublishStatus.published)
                              .order_by(TechListing.id))
    ]
    return docs


def docs_for(session: Session, doc_ids: Iterable[str]) -> list[MatchDoc]:
    """The MatchDocs of these doc ids in the given order; ids of deleted, unpublished or unknown records are left
    out (the engine drops them from its index)."""
    doc_ids = list(dict.fromkeys(doc_ids))
    parsed = [(doc_id, parse_doc_id(doc_id)) for doc_id in doc_ids]
    profile_ids = [p[1] for _d, p in parsed if p and p[0] == "p"]
    listing_ids = [p[1] for _d, p in parsed if p and p[0] == "t"]
    profiles, listings = {}, {}
    for start in range(0, len(profile_ids), 500):
        profiles.update({p.id: p for p in session.exec(select(MatchProfile).where(
            MatchProfile.id.in_(profile_ids[start:start + 500]), MatchProfile.status == PublishStatus.published))})
    for start in range(0, len(listing_ids), 500):
        listings.update({t.id: t for t in session.exec(select(TechListing).where(
            TechListing.id.in_(listing_ids[start:start + 500]), TechListing.status == PublishStatus.published))})
    orgs = _org_rows(session, [p.org_id for p in profiles.values()] + [t.org_id for t in listings.values()])
    profile_texts = entity_texts(session, PROFILE_ENTITY, profiles)
    listing_texts = entity_texts(session, LISTING_ENTITY, listings)
    docs = []
    for _doc_id, key in parsed:
        if key is None:
            continue
        prefix, number = key
        if prefix == "p" and number in profiles:
            docs.append(_profile_doc(profiles[number], orgs[profiles[number].org_id], profile_texts[number]))
        elif prefix == "t" and number in listings:
            docs.append(_listing_doc(listings[number], orgs[listings[number].org_id], listing_texts[number]))
    return docs


# --- suggestion feedback and saved searches --------------------------------------------------------------------------


def record_feedback(session: Session, user: User, doc_id: str, useful: bool, *, org_id: int | None = None,
                    context: Mapping | None = None) -> SuggestionFeedback:
    """Keep a user's verdict on a suggestion (for evaluation); refuses a malformed doc id and an organisation
    the user does not belong to."""
    if parse_doc_id(doc_id) is None:
        raise MatchingError(_("Unknown profile or listing."), "doc_id")
    if org_id is not None and not is_member(session, user, org_id):
        raise MatchingError(_("Not found."), "org_id", "not_found")
    context = dict(context or {})
    if len(json.dumps(context, default=str)) > 4000:
        raise MatchingError(_("The context is too large."), "context")
    row = SuggestionFeedback(user_id=user.id, org_id=org_id, doc_id=doc_id, useful=bool(useful),
                             context=json.loads(json.dumps(context, default=str)))
    session.add(row)
    session.flush()
    return row


def create_saved_search(session: Session, user: User, *, query: str, lang: str, kinds: Iterable[str] = (),
                        filters: Mapping | None = None, org_id: int | None = None,
                        known_doc_ids: Iterable[str] = ()) -> SavedSearch:
    """Keep a search for alerts; refuses an empty query, unknown kinds or language, and a foreign organisation."""
    text = " ".join((query or "").split())
    if not text:
        raise MatchingError(_("Enter what you are looking for."), "query")
    if len(text) > 500:
        raise MatchingError(_("The text is too long (at most %(n)d characters).", n=500), "query")
    if org_id is not None and not is_member(session, user, org_id):
        raise MatchingError(_("Not found."), "org_id", "not_found")
    search = SavedSearch(user_id=user.id, org_id=org_id, query=text, lang=clean_lang(lang),
                         kinds=list(parse_kinds(kinds)), filters=dict(filters or {}),
                         known_doc_ids=list(dict.fromkeys(known_doc_ids)))
    session.add(search)
    session.flush()
    return search


def list_saved_searches(session: Session, user: User) -> list[SavedSearch]:
    """The user's saved searches, newest first."""
    return list(session.exec(select(SavedSearch).where(SavedSearch.user_id == user.id)
                             .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def delete_saved_search(session: Session, user: User, search_id: int) -> None:
    """Delete one of the user's saved searches (another user's: ``not_found``)."""
    search = session.get(SavedSearch, search_id)
    if search is None or search.user_id != user.id:
        raise MatchingError(_("Not found."), None, "not_found")
    session.delete(search)
    session.flush()


def mark_search_checked(session: Session, search: SavedSearch, doc_ids: Iterable[str]) -> list[str]:
    """Record a check of a saved search: returns the doc ids not seen before and remembers them all."""
    known = list(search.known_doc_ids or [])
    new = [d for d in dict.fromkeys(doc_ids) if d not in set(known)]
    search.known_doc_ids = known + new
    search.last_checked_at = utcnow()
    session.add(search)
    session.flush()
    return new
