"""API of accounts: ``/api/v1/me`` and ``/api/v1/organizations``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pycountry
import pydantic
from flask_babel import gettext as _

from i18n import vocabularies
from i18n.locales import LOCALES, current_locale
from market.accounts import services
from market.accounts.capabilities import MAX_CAPABILITIES, MAX_CAPABILITY_TEXT
from market.accounts.models import Organization, User
from market.api import Routes, api_user, vocabulary_texts
from market.clusters import reference_cluster_codes
from market.db import get_session
from market.errors import ApiError
from market.refusals import not_found

routes = Routes()

Kind = Literal["maker", "buyer", "ip_holder", "lab", "startup"]
Capability = vocabulary_texts(MAX_CAPABILITY_TEXT)


class OrganizationOut(pydantic.BaseModel):
    """An organisation."""

    id: int
    name: str
    name_ko: str | None = None
    slug: str
    kind: Kind
    country: str = pydantic.Field(description="ISO 3166 alpha-2")
    city: str | None = None
    cluster_code: str | None = pydantic.Field(None, description="Makers' cluster, e.g. `mullae`")
    district: str | None = None
    about: str | None = pydantic.Field(None, description="In the requested language, else English, else Korean")
    about_locale: str | None = pydantic.Field(None, description="The language `about` is really in")
    source_locale: str
    capabilities: list[str] = pydantic.Field([], description="Vocabulary ids (`GET /api/v1/vocabularies/"
                                            "capabilities`) and the organisation's own words")
    capability_names: list[str] = pydantic.Field([], description="`capabilities` in the answer's language (own "
                                                 "words as written)")
    founded_year: int | None = None
    staff_count: int | None = None
    website: str | None = None
    created_at: dt.datetime

    @classmethod
    def of(cls, org: Organization) -> OrganizationOut:
        about = services.organization_about(get_session(), org, current_locale())
        out = cls.model_validate(org, from_attributes=True)
        out.about, out.about_locale = (about.text, about.locale) if about else (None, None)
        out.capability_names = vocabularies.labels("capabilities", org.capabilities, current_locale())
        return out


class MembershipOut(pydantic.BaseModel):
    """One of the user's organisations and their role in it."""

    role: Literal["owner", "member"]
    organization: OrganizationOut


class MeOut(pydantic.BaseModel):
    """The signed-in user."""

    id: int
    email: str
    display_name: str
    role: Literal["member", "curator", "admin"]
    email_verified: bool
    locale: str | None
    created_at: dt.datetime
    memberships: list[MembershipOut]


def _countries(schema: dict) -> None:
    """The ISO 3166 alpha-2 codes the services accept."""
    schema["enum"] = sorted(c.alpha_2 for c in pycountry.countries)


class OrganizationCreate(pydantic.BaseModel):
    """A new organisation; makers name their cluster."""

    model_config = pydantic.ConfigDict(extra="forbid", json_schema_extra=lambda schema: schema.update(anyOf=[
        {"properties": {"kind": {"not": {"const": "maker"}}}},
        {"required": ["cluster_code"], "properties": {"cluster_code": {"enum": reference_cluster_codes()}}}]))

    name: str = pydantic.Field(min_length=1, max_length=160, json_schema_extra={"pattern": r"\S"})
    kind: Kind = pydantic.Field(description="maker, buyer, ip_holder, lab or startup")
    country: str = pydantic.Field(min_length=2, max_length=2, description="ISO 3166 alpha-2",
                                  json_schema_extra=_countries)
    cluster_code: str | None = pydantic.Field(None, description="Makers' cluster (required of makers)")
    city: str | None = pydantic.Field(None, max_length=120)
    website: str | None = pydantic.Field(None, max_length=255)
    about: str | None = pydantic.Field(None, max_length=4000)
    lang: str | None = pydantic.Field(None, description="Language of `about` (default: the request's)",
                                      json_schema_extra={"enum": list(LOCALES)})
    capabilities: list[Capability] | None = pydantic.Field(None, max_length=MAX_CAPABILITIES, description=(
        "Ids from `GET /api/v1/vocabularies/capabilities` (readers see them in their language) or your own words; "
        "an unknown id answers 422"))


class OrganizationUpdate(pydantic.BaseModel):
    """Changes to an organisation; omitted fields stay as they are."""

    model_config = pydantic.ConfigDict(extra="forbid")

    name: str | None = pydantic.Field(None, min_length=1, max_length=160, json_schema_extra={"pattern": r"\S"})
    country: str | None = pydantic.Field(None, min_length=2, max_length=2, json_schema_extra=_countries)
    cluster_code: str | None = pydantic.Field(
        None, json_schema_extra=lambda schema: schema.update(enum=reference_cluster_codes()))
    city: str | None = pydantic.Field(None, max_length=120)
    website: str | None = pydantic.Field(None, max_length=255)
    about: str | None = pydantic.Field(None, max_length=4000)
    lang: str | None = pydantic.Field(None, description="Language of `about` (default: the request's)",
                                      json_schema_extra={"enum": list(LOCALES)})
    capabilities: list[Capability] | None = pydantic.Field(None, max_length=MAX_CAPABILITIES, description=(
        "Ids from `GET /api/v1/vocabularies/capabilities` (readers see them in their language) or your own words; "
        "an unknown id answers 422"))


def _lang(lang: str | None) -> str:
    if lang is None:
        return current_locale()
    if lang not in LOCALES:
        raise ApiError(422, "invalid", _("Some fields are not valid."),
                       {"lang": _("Choose one of: %(list)s.", list=", ".join(LOCALES))})
    return lang


@routes.endpoint("/me", summary="Who am I", tag="accounts", response=MeOut)
def me():
    """The signed-in user (by session or API token) with their organisations."""
    user: User = api_user()
    memberships = [
        MembershipOut(role=m.role, organization=OrganizationOut.of(org))
        for org, m in services.list_user_organizations(get_session(), user)
    ]
    return MeOut(id=user.id, email=user.email, display_name=user.display_name, role=user.role,
                 email_verified=user.email_verified_at is not None, locale=user.locale,
                 created_at=user.created_at, memberships=memberships)


@routes.endpoint("/organizations/<int:org_id>", summary="Get an organisation", tag="accounts",
          response=OrganizationOut, errors=(404,))
def get_organization(org_id: int):
    """An organisation you belong to (staff see all); others answer 404."""
    org = services.get_visible_organization(get_session(), api_user(), org_id)
    if org is None:
        raise not_found(_("Organisation not found."))
    return OrganizationOut.of(org)


@routes.endpoint("/organizations", "POST", summary="Create an organisation", tag="accounts",
          body=OrganizationCreate, response=OrganizationOut, status=201)
def create_organization(body: OrganizationCreate):
    """Create an organisation; you become its owner."""
    fields = body.model_dump(exclude={"lang"})
    org = services.create_organization(get_session(), api_user(), source_locale=_lang(body.lang), **fields)
    return OrganizationOut.of(org)


@routes.endpoint("/organizations/<int:org_id>", "PATCH", summary="Update an organisation", tag="accounts",
          body=OrganizationUpdate, response=OrganizationOut, errors=(404,))
def update_organization(org_id: int, body: OrganizationUpdate):
    """Change an organisation you own; others answer 404 and nothing changes."""
    changes = body.model_dump(exclude_unset=True, exclude={"lang"})
    if "about" in changes:
        changes["about_locale"] = _lang(body.lang)
    org = services.update_organization(get_session(), api_user(), org_id, **changes)
    return OrganizationOut.of(org)
