"""Fixtures of wholesale order tests: two makers with published products, buyers signed in."""

from __future__ import annotations

import pytest

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from tests.market.rfq.conftest import Party, isolated_client


def _product(session, org, title, price, moq, tiers=(), status=ProductStatus.published):
    item = add_product(session, org, status=status, category="leather_goods", price_krw=price, moq=moq,
                       unit="piece", quantity_tiers=list(tiers), title={"ko": title, "en": title},
                       description={"ko": "설명", "en": "A description."})
    session.commit()
    return item


@pytest.fixture
def maker(app, make_user, make_org):
    """A leather workshop, signed in."""
    user = make_user(name="Min-jun Park")
    return Party(isolated_client(app, user), user, make_org(user, kind="maker", name="Saesol Leather"))


@pytest.fixture
def other_maker(app, make_user, make_org):
    """A metal workshop, signed in."""
    user = make_user(name="Ji-ho Kim")
    return Party(isolated_client(app, user), user, make_org(user, kind="maker", name="Mullae Metal"))


@pytest.fixture
def buyer(app, make_user, make_org):
    """A Tokyo shop, signed in."""
    user = make_user(name="Aiko Tanaka")
    return Party(isolated_client(app, user), user, make_org(user, kind="buyer", name="Tokyo Select", country="JP"))


@pytest.fixture
def other_buyer(app, make_user, make_org):
    """A Berlin shop with nothing to do with the orders, signed in."""
    user = make_user(name="Lena Vogel")
    return Party(isolated_client(app, user), user, make_org(user, kind="buyer", name="Berlin Goods", country="DE"))


@pytest.fixture
def wallet(db_session, maker):
    """A wallet at 48,000 won, MOQ 20, 45,000 from 50 and 42,000 from 100."""
    return _product(db_session, maker.org, "Leather wallet", 48_000, 20,
                    [{"min_qty": 50, "price_krw": 45_000}, {"min_qty": 100, "price_krw": 42_000}])


@pytest.fixture
def bowl(db_session, other_maker):
    """A brass bowl at 30,000 won, MOQ 10."""
    return _product(db_session, other_maker.org, "Brass bowl", 30_000, 10)


@pytest.fixture
def draft(db_session, maker):
    """An unpublished product."""
    return _product(db_session, maker.org, "Draft belt", 20_000, 5, status=ProductStatus.draft)


@pytest.fixture
def pay(db_session, make_user):
    """``pay(order)``: the buyer starts paying by bank transfer and an admin marks the transfer received."""
    from market.payments import services as payments

    admin = make_user(role="admin", name="Payments Admin")

    def _pay(order):
        payment = payments.start_payment(db_session, _payer(db_session, order), "wholesale_order", order.id)
        payments.mark_received(db_session, admin, payment.id)
        db_session.commit()
        return payment

    return _pay


def _payer(session, order):
    from market.accounts.models import User

    return session.get(User, order.placed_by_id)

