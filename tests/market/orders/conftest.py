"""Fixtures of wholesale order tests: the shared wholesale world (two makers with published products, buyers
signed in, from :mod:`tests.factories.orders`), an unpublished product, and paying an order."""

from __future__ import annotations

import pytest

from catalog.products.models import ProductStatus
from tests.factories.orders import bowl, buyer, maker, other_buyer, other_maker, wallet, wholesale_product  # noqa: F401


@pytest.fixture
def draft(db_session, maker):  # noqa: F811
    """An unpublished product."""
    return wholesale_product(db_session, maker.org, "Draft belt", 20_000, 5, status=ProductStatus.draft)


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
