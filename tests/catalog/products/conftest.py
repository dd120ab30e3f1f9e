"""Fixtures of the product-management tests: a signed-in maker, its CSRF token, and drafts."""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token


@pytest.fixture
def maker(signed_in):
    """A signed-in owner of a Seongsu maker: (client, user, org)."""
    return signed_in("maker", cluster_code="seongsu", about="성수동의 작은 구두 공방입니다.")


@pytest.fixture
def csrf(maker):
    """The CSRF token of the maker's session."""
    client, _user, org = maker
    return csrf_token(client, f"/en/makers/manage/{org.id}/products/new")


@pytest.fixture
def make_draft(db_session):
    """Create a draft of ``org`` through the service: ``make_draft(user, org, **fields)``."""
    from catalog.products import services

    def _make(user, org, **fields):
        data = services.ProductInput(**({"category": "shoes", "title": "수제 첼시 부츠",
                                         "description": "성수동에서 만든 부츠입니다.", "price_krw": 250_000,
                                         "moq": 10, "unit": "pair"} | fields))
        product = services.create_product(db_session, user, org.id, data)
        db_session.commit()
        return product

    return _make
