"""Makers for catalog tests: a maker organisation with its profile, and products."""

from __future__ import annotations

import itertools

from catalog.makers.models import MakerProfile
from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from market.db import utcnow

_counter = itertools.count(1)


def make_maker(db_session, make_org, owner=None, *, name: str | None = None, name_ko: str | None = None,
               cluster_code: str = "seongsu", about=None, published: bool = True, **profile):
    """A maker organisation (owned by ``owner``) with a profile; public unless ``published=False``."""
    n = next(_counter)
    org = make_org(owner, kind="maker", name=name or f"Maker {n}", name_ko=name_ko, cluster_code=cluster_code,
                   about=about, district="Seongsu 2-ga 1-dong", founded_year=1988, staff_count=6,
                   capabilities=["hand-lasted shoes", "Goodyear welting"])
    db_session.add(MakerProfile(organization_id=org.id, published_at=utcnow() if published else None, **profile))
    db_session.commit()
    return org


def make_product(db_session, maker, *, title: dict[str, str], status=ProductStatus.published, price_krw=250_000):
    """A product of ``maker`` with ``title`` texts."""
    product = add_product(db_session, maker, title=title, description={"ko": "설명"}, status=status,
                          category="shoes", price_krw=price_krw, moq=10, unit="pair", lead_time_days=21)
    db_session.commit()
    return product
