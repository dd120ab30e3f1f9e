"""Fixtures of prototype commission tests: a startup, Mullae and Seongsu makers, a buyer, all signed in, and a
request posted, bid on and awarded (builders of requests, plans and funding are in
:mod:`tests.factories.prototypes`)."""

from __future__ import annotations

import pytest

from tests.factories.files import pdf_bytes
from tests.factories.prototypes import PLAN, request_fields


@pytest.fixture
def startup(make_party):
    """The owner of a Seoul hardware startup, signed in."""
    return make_party("Seo-yeon Han", "startup", "Mapo Bike Works")


@pytest.fixture
def other_startup(make_party):
    """Another startup with nothing to do with the request, signed in."""
    return make_party("Tom Becker", "startup", "Ecoloop Home", country="US")


@pytest.fixture
def maker(make_party):
    """The owner of a Mullae-dong machine shop, signed in."""
    return make_party("Ji-ho Kim", "maker", "Mullae Precision", cluster_code="mullae",
                      capabilities=["CNC machining", "TIG welding", "aluminium"])


@pytest.fixture
def other_maker(make_party):
    """The owner of another Mullae-dong workshop, signed in."""
    return make_party("Dong-hyun Lee", "maker", "Yujin Tech", cluster_code="mullae")


@pytest.fixture
def leather_maker(make_party):
    """A Seongsu leather workshop."""
    return make_party("Min-jun Park", "maker", "Saesol Leather", cluster_code="seongsu")


@pytest.fixture
def buyer(make_party):
    """A buyer (neither startup nor maker), signed in."""
    return make_party("Aiko Tanaka", "buyer", "Tokyo Select", country="JP")


@pytest.fixture
def posted(db_session, startup):
    """An open request with an NDA and a PDF drawing, posted by the startup."""
    from market.prototypes.services.requests import create_request
    from market.uploads.files import Upload

    req = create_request(db_session, startup.user, files=[Upload("bracket.pdf", pdf_bytes())],
                                  **request_fields())
    db_session.commit()
    return req


@pytest.fixture
def bid(db_session, posted, maker):
    """The Mullae maker accepted the NDA and bid 1,200,000 won in three milestones."""
    from market.prototypes.services.bids import submit_bid
    from market.prototypes.services.nda import accept_nda

    accept_nda(db_session, maker.user, posted.id)
    item = submit_bid(db_session, maker.user, posted.id, price_krw=1_200_000, lead_time_days=20,
                               notes="TIG welded, anodised.", milestones=PLAN)
    db_session.commit()
    return item


@pytest.fixture
def commission(db_session, startup, bid):
    """The startup awarded the bid: a commission with three milestones awaiting funding."""
    from market.prototypes.services.bids import award_bid

    item = award_bid(db_session, startup.user, bid.id)
    db_session.commit()
    return item
