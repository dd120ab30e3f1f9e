"""What the matching API modules share: the strict input base, an organisation reference and the acting
organisation of the caller."""

from __future__ import annotations

from typing import Literal

import pydantic
from flask_babel import gettext as _

from market.api import api_user
from market.db import get_session
from market.errors import ApiError
from matching.services.rights import user_orgs

Kind = Literal["maker", "buyer", "ip_holder", "lab", "startup"]
Term = Literal["license", "joint_development", "sale"]


class StrictIn(pydantic.BaseModel):
    """Input that refuses unknown fields."""

    model_config = pydantic.ConfigDict(extra="forbid")


class OrgRef(pydantic.BaseModel):
    """An organisation."""

    id: int
    name: str
    kind: Kind
    country: str


def org_ref(org) -> OrgRef | None:
    """The API view of an organisation (None stays None)."""
    return None if org is None else OrgRef(id=org.id, name=org.name, kind=str(org.kind), country=org.country)


def my_org_id(org_id: int | None) -> int:
    """``org_id`` when given, else the caller's only organisation; refuses a caller with none or several."""
    if org_id is not None:
        return org_id
    orgs = user_orgs(get_session(), api_user())
    if len(orgs) == 1:
        return orgs[0].id
    raise ApiError(422, "invalid", _("Choose the organisation with org_id.") if orgs else
                   _("You do not belong to an organisation."), {"org_id": _("Required")})
