"""The engine's view of profiles and listings: doc ids, the :class:`~matching.documents.MatchDoc` of each record,
and the feed the engine reads (:func:`load_docs` at start-up, :func:`docs_for` after changes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping

from sqlmodel import Session, select

from i18n.vocabularies import vocabulary
from market.accounts.models import Organization
from matching.documents import MatchDoc
from matching.models import LISTING_ENTITY, PROFILE_ENTITY, MatchProfile, PublishStatus, TechListing
from matching.services.texts import all_entity_texts, entity_texts


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


def listing_tags(texts: Mapping[str, Mapping[str, str]], nda_required: bool) -> tuple[str, ...]:
    """The tags a listing gets when its holder names none: concepts of its title and abstract, or, behind an
    NDA, of its public teaser only (tags are shown to everyone and filter searches, so they must not reveal
    what the NDA protects). ``texts`` is ``{lang: {field: text}}``."""
    heads, bodies = ("teaser_title", "teaser") if nda_required else ("title", "abstract")
    return suggest_tags({lang: f"{t.get(heads) or ''}\n{t.get(bodies) or ''}" for lang, t in texts.items()})


def suggest_tags(texts: Mapping[str, str]) -> tuple[str, ...]:
    """Glossary concept ids named in ``{lang: text}`` (languages outside the glossary are skipped), sorted."""
    from i18n.glossary import LANGS, load_glossary

    glossary = load_glossary()
    found: set[str] = set()
    for lang, text in texts.items():
        if lang in LANGS and text:
            found |= glossary.concepts(text, lang)
    return tuple(sorted(found))



# --- the feed ------------------------------------------------------------------------------------------------------


def _org_rows(session: Session, org_ids: Iterable[int] | None = None) -> dict[int, Organization]:
    query = select(Organization)
    if org_ids is not None:
        ids = list(set(org_ids))
        if not ids:
            return {}
        query = query.where(Organization.id.in_(ids))
    return {org.id: org for org in session.exec(query)}


def _profile_doc(profile: MatchProfile, org: Organization, texts) -> MatchDoc:
    # Capabilities and equipment chosen from the vocabulary are glossary concepts, matched like tags.
    chosen = [v for name in ("capabilities", "equipment") for v in getattr(profile, name) or []
              if v in vocabulary(name).by_code]
    return build_profile_doc(profile_id=profile.id, org_id=org.id, kind=str(org.kind), lang=profile.lang,
                             texts=texts, tags=[*profile.tags, *chosen], region=profile.region,
                             cluster=org.cluster_code, external_ref=profile.external_ref)


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
    profile_texts = all_entity_texts(session, PROFILE_ENTITY)
    listing_texts = all_entity_texts(session, LISTING_ENTITY)
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

