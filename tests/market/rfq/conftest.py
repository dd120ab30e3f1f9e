"""Fixtures of RFQ tests: a maker with a published product, buyers signed in, and an RFQ sent on the product."""

from __future__ import annotations

import pytest

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from tests.factories.rfq import full_draft


@pytest.fixture
def maker(make_party):
    """The owner of a Seongsu leather workshop, signed in."""
    return make_party("Min-jun Park", "maker", "Saesol Leather", cluster_code="seongsu")


@pytest.fixture
def product(db_session, maker):
    """A published wallet of the maker."""
    item = add_product(db_session, maker.org, status=ProductStatus.published, category="leather_goods",
                       price_krw=48_000, moq=20, unit="piece", lead_time_days=21, materials=["cowhide"],
                       title={"ko": "수제 가죽 지갑", "en": "Hand-stitched leather wallet"},
                       description={"ko": "성수동에서 만든 지갑.", "en": "Made in Seongsu-dong."})
    db_session.commit()
    return item


@pytest.fixture
def buyer(make_party):
    """The owner of a Tokyo select shop, signed in."""
    return make_party("Aiko Tanaka", "buyer", "Tokyo Select", country="JP", city="Tokyo")


@pytest.fixture
def other_buyer(make_party):
    """A buyer with nothing to do with the RFQ, signed in."""
    return make_party("Lena Vogel", "buyer", "Berlin Goods", country="DE")


@pytest.fixture
def other_maker(make_party):
    """Another maker, signed in."""
    return make_party("Ji-ho Kim", "maker", "Mullae Metal")


@pytest.fixture
def sent_rfq(db_session, buyer, product):
    """An RFQ the buyer sent on the product (complete, without attachments, confirmed)."""
    from market.rfq.services import sending

    rfq = sending.send_rfq(db_session, buyer.user, product_id=product.id, **full_draft())
    db_session.commit()
    return rfq
