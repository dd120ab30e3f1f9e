"""The wholesale world that order and payment tests share: two makers with published products, two buyers, all
signed in. The conftests of ``tests/market/orders`` and ``tests/market/payments`` import these fixtures."""

from __future__ import annotations

import pytest

from catalog.products.models import ProductStatus
from catalog.products.services import add_product


def wholesale_product(session, org, title, price, moq, tiers=(), status=ProductStatus.published):
    """A leather-goods product of ``org`` at ``price`` won with ``moq`` and quantity ``tiers``."""
    item = add_product(session, org, status=status, category="leather_goods", price_krw=price, moq=moq,
                       unit="piece", quantity_tiers=list(tiers), title={"ko": title, "en": title},
                       description={"ko": "설명", "en": "A description."})
    session.commit()
    return item


@pytest.fixture
def maker(make_party):
    """A leather workshop, signed in."""
    return make_party("Min-jun Park", "maker", "Saesol Leather")


@pytest.fixture
def other_maker(make_party):
    """A metal workshop, signed in."""
    return make_party("Ji-ho Kim", "maker", "Mullae Metal")


@pytest.fixture
def buyer(make_party):
    """A Tokyo shop, signed in."""
    return make_party("Aiko Tanaka", "buyer", "Tokyo Select", country="JP")


@pytest.fixture
def other_buyer(make_party):
    """A Berlin shop with nothing to do with the orders, signed in."""
    return make_party("Lena Vogel", "buyer", "Berlin Goods", country="DE")


@pytest.fixture
def wallet(db_session, maker):
    """A wallet at 48,000 won, MOQ 20, 45,000 from 50 and 42,000 from 100."""
    return wholesale_product(db_session, maker.org, "Leather wallet", 48_000, 20,
                             [{"min_qty": 50, "price_krw": 45_000}, {"min_qty": 100, "price_krw": 42_000}])


@pytest.fixture
def bowl(db_session, other_maker):
    """A brass bowl at 30,000 won, MOQ 10."""
    return wholesale_product(db_session, other_maker.org, "Brass bowl", 30_000, 10)
