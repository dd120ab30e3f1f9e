"""Money: the exchange rates every test directory that converts amounts uses."""

from __future__ import annotations

import pytest


@pytest.fixture
def rates(db_session):
    """The demo's exchange rates, those of 20 November 2026 (USD 1391.20, JPY 9.065, EUR 1468.40, ...)."""
    from market.demo.build import add_exchange_rates

    add_exchange_rates(db_session)
    db_session.commit()


def clear_rates(session) -> None:
    """Remove every exchange rate, the reference rates the migrations put in every database included: for tests
    that need a currency without a rate."""
    import sqlalchemy as sa

    from i18n.money import ExchangeRate

    session.exec(sa.delete(ExchangeRate))
