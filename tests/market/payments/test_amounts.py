"""Amounts: minor units per currency, Stripe's amounts (zero-decimal and the exceptions), commission and the
proportional splits that keep refunds balanced."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from market.payments import amounts
from market.payments.ledger import refund_split
from market.payments.models import Payment


@pytest.mark.parametrize(("amount", "currency", "minor"), [
    ("50000", "KRW", 50_000), ("12.50", "USD", 1250), ("105902", "JPY", 105_902), ("199.99", "CNY", 19_999),
    ("2500000", "VND", 2_500_000), ("0.125", "BHD", 125), ("0.005", "USD", 1)])
def test_minor_units_follow_the_currency(amount, currency, minor):
    """Decimal amounts become minor units (whole units for zero-decimal currencies) and back."""
    assert amounts.to_minor(Decimal(amount), currency) == minor
    assert amounts.from_minor(minor, currency) == Decimal(amount).quantize(
        Decimal(1).scaleb(-amounts.iso_exponent(currency)), rounding=ROUND_HALF_UP)


@pytest.mark.parametrize(("currency", "minor", "stripe_amount"), [
    ("KRW", 960_000, 960_000), ("JPY", 105_902, 105_902), ("VND", 2_500_000, 2_500_000), ("USD", 69_005, 69_005),
    ("EUR", 100, 100), ("ISK", 500, 50_000), ("BHD", 1_250, 1_250), ("CLP", 990, 990)])
def test_stripe_amounts(currency, minor, stripe_amount):
    """Stripe's integer amount: as ISO minor units, except ISK (two decimals at Stripe, none in ISO)."""
    assert amounts.to_stripe_amount(minor, currency) == stripe_amount
    assert amounts.from_stripe_amount(stripe_amount, currency) == minor


def test_commission_rounds_half_up():
    """10% commission in basis points, rounded half up to a minor unit."""
    assert [amounts.commission(a, 1000) for a in (960_000, 15, 14, 1)] == [96_000, 2, 1, 0]
    assert amounts.commission(69_005, 250) == 1725


def test_refunds_in_pieces_give_back_exactly_the_commission():
    """However a payment is refunded in pieces, the won amounts and commission returned add up exactly."""
    payment = Payment(kind="x", payable_id=1, provider="manual", currency="USD", amount_minor=69_005,
                      amount_krw=960_000, commission_bps=1000, description="", payee_org_id=1)
    before, krw, fees, fees_krw = 0, 0, 0, 0
    for piece in (1, 333, 10_000, 25_671, 33_000):
        k, f, fk = refund_split(payment, before, piece)
        before, krw, fees, fees_krw = before + piece, krw + k, fees + f, fees_krw + fk
    assert before == 69_005
    assert (krw, fees, fees_krw) == (960_000, amounts.commission(69_005, 1000), 96_000)
