"""Builders of the association's data: register entries, campaigns, verified returns and foreign orders."""

from __future__ import annotations

import itertools

from market.association.models import AnnualReturn, Campaign, Member, ReturnStatus
from market.association.services.checks import value_added
from market.db import utcnow

_counter = itertools.count(1)


def add_member(session, org=None, *, cluster_code="seongsu", ksic="15", district="Seongdong-gu", name=None):
    """A register entry (linked to ``org`` when given)."""
    member = Member(organization_id=org.id if org else None, name=name or (org.name if org else
                                                                           f"Firm {next(_counter)}"),
                    cluster_code=cluster_code, ksic=ksic, district=district, trade_association="shoes")
    session.add(member)
    session.commit()
    return member


def open_year(session, year, status="open"):
    """A campaign for ``year``."""
    campaign = Campaign(year=year, status=status)
    session.add(campaign)
    session.commit()
    return campaign


def figures(**overrides) -> dict:
    """A consistent set of figures: 4 full-time and 1 part-time staff, revenue 500M, value added 200M."""
    out = {"staff_full_time": 4, "staff_part_time": 1, "staff_under_35": 2, "hires_this_year": 1,
           "labour_cost_krw": 180_000_000, "revenue_krw": 500_000_000, "exports_krw": 50_000_000,
           "exports_by_country": {}, "va_method": "items", "operating_surplus_krw": 10_000_000,
           "financial_cost_krw": 2_000_000, "taxes_krw": 3_000_000, "depreciation_krw": 5_000_000,
           "smart_factory_stage": 1, "cooperation_projects": 0}
    out.update(overrides)
    return out


def add_verified(session, member, year, **overrides) -> AnnualReturn:
    """A verified return of ``member`` for ``year``."""
    data = figures(**overrides)
    ret = AnnualReturn(member_id=member.id, year=year, status=ReturnStatus.verified, version=1,
                       value_added_krw=value_added(data), verified_at=utcnow(), **data)
    session.add(ret)
    session.commit()
    return ret
