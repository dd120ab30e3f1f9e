"""Fixtures of association tests: a Seongsu shoe workshop that is a member (signed in), another member firm,
association staff, a trade chair of shoes and one of printing, a city viewer, and this year's open campaign."""

from __future__ import annotations

import pytest

from market.association.models import TradeChair
from tests.factories.association import add_member, open_year
from tests.factories.clients import Party, isolated_client

YEAR = 2026


@pytest.fixture
def campaign(db_session, clusters):
    """The open campaign of 2026."""
    return open_year(db_session, YEAR)


@pytest.fixture
def workshop(make_party, db_session, clusters):
    """A Seongsu shoe workshop on the platform, in the register, its owner signed in."""
    party = make_party("Ha-neul Park", "maker", "Hanul Shoes", cluster_code="seongsu")
    party.member = add_member(db_session, party.org, cluster_code="seongsu", ksic="15")
    return party


@pytest.fixture
def other_workshop(make_party, db_session, clusters):
    """Another member firm (Euljiro printing), its owner signed in."""
    party = make_party("Min-jun Lee", "maker", "Euljiro Press", cluster_code="euljiro")
    party.member = add_member(db_session, party.org, cluster_code="euljiro", ksic="18", district="Jung-gu")
    return party


def _staff(app, make_user, role, name):
    user = make_user(role=role, name=name)
    return Party(isolated_client(app, user), user, None)


@pytest.fixture
def staff(app, make_user):
    """Association staff, signed in."""
    return _staff(app, make_user, "assoc_staff", "Seo-yeon Lee")


@pytest.fixture
def shoe_chair(app, make_user, db_session):
    """The chair of the shoe trade (KSIC 15), signed in."""
    party = _staff(app, make_user, "trade_chair", "Dae-ho Jung")
    db_session.add(TradeChair(user_id=party.user.id, ksic="15"))
    db_session.commit()
    return party


@pytest.fixture
def print_chair(app, make_user, db_session):
    """The chair of printing (KSIC 18), signed in."""
    party = _staff(app, make_user, "trade_chair", "Eun-ji Kang")
    db_session.add(TradeChair(user_id=party.user.id, ksic="18"))
    db_session.commit()
    return party


@pytest.fixture
def city(app, make_user):
    """A city viewer, signed in."""
    return _staff(app, make_user, "city_viewer", "Eun-ji Choi")
