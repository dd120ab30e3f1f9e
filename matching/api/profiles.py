"""API of matching profiles: list, get, change, and the caller's own organisation's profile."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

import pydantic
from flask_babel import gettext as _

from i18n import vocabularies
from i18n.locales import current_locale
from market.api import Routes, api_user, vocabulary_ids, vocabulary_texts
from market.db import get_session
from market.errors import ApiError
from market.pages import ListPage, PageQuery
from matching.api.common import Kind, OrgRef, StrictIn, my_org_id, org_ref
from matching.models import MatchProfile
from matching.services import profiles
from matching.services.rights import can_edit, refuse_edit
from matching.services.validation import MAX_VOCABULARY_EACH, MAX_VOCABULARY_TEXT, parse_kinds

routes = Routes()
CapabilityId = vocabulary_ids("capabilities")
EquipmentId = vocabulary_ids("equipment")
VocabularyText = vocabulary_texts(MAX_VOCABULARY_TEXT)


class ProfileTexts(StrictIn):
    """A profile's texts in one language; an empty string removes that text."""

    title: str | None = pydantic.Field(default=None, max_length=200)
    offer: str | None = pydantic.Field(default=None, max_length=5000)
    seek: str | None = pydantic.Field(default=None, max_length=5000)


class VocabularyValueOut(pydantic.BaseModel):
    """A value of a vocabulary field: an id with its name in the answer's language, or the author's own words."""

    id: str | None = pydantic.Field(description="The vocabulary id, or null for the author's own words")
    name: str = pydantic.Field(description="In the answer's language for an id; as written otherwise")
    lang: str | None = pydantic.Field(description="The language `name` is written in when it is not the answer's")


def _vocabulary_out(name: str, values, locale: str) -> list[VocabularyValueOut]:
    known = vocabularies.vocabulary(name).by_code
    return [VocabularyValueOut(id=v if v in known else None, name=label, lang=lang)
            for v in values or () for label, lang in [vocabularies.label(name, v, locale)]]


class ProfileOut(pydantic.BaseModel):
    """A matching profile: what an organisation offers and seeks, per language."""

    id: int
    doc_id: str
    org: OrgRef
    status: Literal["draft", "published"]
    lang: str = pydantic.Field(description="The language the author wrote in")
    title: str
    texts: dict[str, dict[str, str]] = pydantic.Field(description="lang → {title, offer, seek}")
    tags: list[str] = pydantic.Field(description="Glossary concept ids")
    capabilities: list[VocabularyValueOut] = pydantic.Field(
        description="Vocabulary capabilities by id, named in the answer's language; the author's own words as written")
    equipment: list[VocabularyValueOut] = pydantic.Field(
        description="Vocabulary equipment by id, named in the answer's language; the author's own words as written")
    region: str | None
    contact_email: str | None = pydantic.Field(description="Shown to the organisation's members only")
    contact_phone: str | None
    external_ref: str | None
    source: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _profile_out(profile: MatchProfile) -> ProfileOut:
    session = get_session()
    card = profiles.profile_card(session, profile, current_locale())
    editor = can_edit(session, api_user(), profile.org_id)
    return ProfileOut(id=profile.id, doc_id=card["doc_id"], org=org_ref(card["org"]), status=str(profile.status),
                      lang=profile.lang, title=card["title"][0], texts=card["texts"], tags=card["tags"],
                      capabilities=_vocabulary_out("capabilities", card["capabilities"], current_locale()),
                      equipment=_vocabulary_out("equipment", card["equipment"], current_locale()),
                      region=profile.region, contact_email=profile.contact_email if editor else None,
                      contact_phone=profile.contact_phone if editor else None, external_ref=profile.external_ref,
                      source=profile.source, created_at=profile.created_at, updated_at=profile.updated_at)


_KIND = "(" + "|".join(get_args(Kind)) + ")"
_KINDS_PATTERN = f"^{_KIND}(,{_KIND})*$"


class ProfileList(ListPage):
    items: list[ProfileOut]


class ProfileQuery(PageQuery):
    kind: str | None = pydantic.Field(default=None, description="Comma-separated kinds, e.g. `maker,startup`",
                                      json_schema_extra={"pattern": _KINDS_PATTERN})


class MeQuery(pydantic.BaseModel):
    org_id: int | None = pydantic.Field(default=None, description="Needed when you belong to several organisations")


class ProfileIn(StrictIn):
    """Changes to a profile; omitted fields stay as they are."""

    lang: str | None = None
    texts: dict[str, ProfileTexts] | None = pydantic.Field(default=None, description="lang → texts")
    tags: list[str] | None = pydantic.Field(default=None, description="Glossary concept ids or names")
    capabilities: list[CapabilityId] | None = pydantic.Field(
        default=None, max_length=MAX_VOCABULARY_EACH,
        description="Ids from `GET /api/v1/vocabularies/capabilities` (replaces the field with `capabilities_other`)")
    capabilities_other: list[VocabularyText] | None = pydantic.Field(
        default=None, max_length=MAX_VOCABULARY_EACH, description="Capabilities not in the list, one per item")
    equipment: list[EquipmentId] | None = pydantic.Field(
        default=None, max_length=MAX_VOCABULARY_EACH,
        description="Ids from `GET /api/v1/vocabularies/equipment` (replaces the field with `equipment_other`)")
    equipment_other: list[VocabularyText] | None = pydantic.Field(
        default=None, max_length=MAX_VOCABULARY_EACH, description="Equipment not in the list, one per item")
    region: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    status: Literal["draft", "published"] | None = None


@routes.endpoint("/matching/profiles", summary="List profiles", tag="matching", query=ProfileQuery,
                 response=ProfileList, auth=False)
def list_profiles(query: ProfileQuery):
    """Published matching profiles, newest first; `kind` filters by organisation kind (unknown kinds: 422)."""
    kinds = parse_kinds((query.kind or "").split(","))
    rows, total = profiles.list_profiles(get_session(), kinds, page=query.page, per_page=query.per_page)
    return ProfileList(items=[_profile_out(p) for p in rows], total=total, page=query.page,
                       per_page=query.per_page)


@routes.endpoint("/matching/profiles/me", summary="My organisation's profile", tag="matching", query=MeQuery,
                 response=ProfileOut, errors=(403, 404))
def my_profile(query: MeQuery):
    """Your organisation's profile; 404 `no_profile` until it is started with `POST /matching/profiles/me`
    (reading never creates anything); `org_id` when you have several."""
    session = get_session()
    org_id = my_org_id(query.org_id)
    refuse_edit(session, api_user(), org_id, visible=False)
    profile = profiles.get_org_profile(session, org_id)
    if profile is None:
        raise ApiError(404, "no_profile", _("Your organisation has no profile yet: start it with "
                                            "POST /api/v1/matching/profiles/me."))
    return _profile_out(profile)


@routes.endpoint("/matching/profiles/me", "POST", summary="Start my organisation's profile", tag="matching",
                 query=MeQuery, response=ProfileOut, status=201, errors=(403, 404))
def start_my_profile(query: MeQuery):
    """Start your organisation's profile as a draft titled with its name (or answer the one it has);
    `org_id` when you have several."""
    return _profile_out(profiles.ensure_org_profile(get_session(), api_user(), my_org_id(query.org_id)))


@routes.endpoint("/matching/profiles/<int:profile_id>", summary="Get a profile", tag="matching",
                 response=ProfileOut, auth=False, errors=(404,))
def get_profile(profile_id: int):
    """A published profile (drafts: its organisation's members and staff only)."""
    return _profile_out(profiles.get_profile(get_session(), profile_id, api_user()))


@routes.endpoint("/matching/profiles/<int:profile_id>", "PUT", summary="Change a profile", tag="matching",
                 body=ProfileIn, response=ProfileOut, errors=(403, 404))
def put_profile(profile_id: int, body: ProfileIn):
    """Change texts per language, tags, region, contacts, and publish or unpublish; members and staff only."""
    session = get_session()
    fields = body.model_dump(exclude_unset=True)
    status = fields.pop("status", None)
    texts = fields.pop("texts", None)
    profile = profiles.update_profile(session, api_user(), profile_id, texts=texts, **fields)
    if status is not None and status != profile.status:
        profile = profiles.set_profile_status(session, api_user(), profile_id, status == "published")
    return _profile_out(profile)
