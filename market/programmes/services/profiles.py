"""Support profiles: the business registration number (check digit validated), KSIC codes, revenue and
workplace an organisation gives for eligibility and the ledger."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Organization
from market.db import utcnow
from market.programmes import brn
from market.programmes.models import SupportProfile
from market.refusals import Refusal

MAX_KSIC = 10


def profile_of(session: Session, org_id: int) -> SupportProfile | None:
    """The organisation's support profile, or None."""
    return session.exec(select(SupportProfile).where(SupportProfile.organization_id == org_id)).first()


def parse_ksic(text: str | list | None) -> list[str]:
    """KSIC codes from text (commas, spaces) or a list; refuses a code that is not 2 to 5 digits."""
    items = text if isinstance(text, list) else re.split(r"[\s,;]+", text or "")
    codes = [str(c).strip() for c in items if str(c).strip()]
    for code in codes:
        if not re.fullmatch(r"\d{2,5}", code):
            raise Refusal(_("“%(code)s” is not a KSIC code (2 to 5 digits).", code=code), field="ksic_codes")
    if len(codes) > MAX_KSIC:
        raise Refusal(_("Give at most %(n)d KSIC codes.", n=MAX_KSIC), field="ksic_codes")
    return list(dict.fromkeys(codes))


def save_profile(session: Session, org: Organization, *, business_number: str | None, ksic_codes,
                 annual_revenue_krw: int | None, workplace_in_seoul: bool | None) -> SupportProfile:
    """Create or update the organisation's profile; refuses a business registration number whose check digit
    is wrong, a KSIC code that is not one and a negative revenue (422, on the field)."""
    number = brn.normalize(business_number) or None
    if number is not None and not brn.is_valid(number):
        raise Refusal(_("This business registration number is not valid: check the ten digits."),
                      field="business_number")
    codes = parse_ksic(ksic_codes)
    if annual_revenue_krw is not None and annual_revenue_krw < 0:
        raise Refusal(_("Revenue cannot be negative."), field="annual_revenue_krw")
    profile = profile_of(session, org.id) or SupportProfile(organization_id=org.id)
    profile.business_number = number
    profile.ksic_codes = codes
    profile.annual_revenue_krw = annual_revenue_krw
    profile.workplace_in_seoul = workplace_in_seoul
    profile.updated_at = utcnow()
    session.add(profile)
    session.flush()
    return profile
