"""Amounts in minor units: decimal amounts to and from ISO 4217 minor units, Stripe's own amount convention, and
the proportional splits (commission, won equivalents) that keep every ledger transaction balanced.

This is the one place that turns a decimal amount into minor units (:func:`to_minor`) or rounds it to its
currency's minor unit (:func:`round_amount`), always half up: every feature that prices in a currency uses it.

ISO minor units follow Babel's currency precision: none for KRW, JPY and VND, cents for USD, EUR and CNY. Stripe
mostly agrees, with documented exceptions: a few currencies it treats as zero-decimal although ISO gives them
decimals, ISK which Stripe writes with two decimals although it has none, and the three-decimal currencies.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision

# https://docs.stripe.com/currencies#zero-decimal
STRIPE_ZERO_DECIMAL = frozenset({
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
})
# https://docs.stripe.com/currencies#three-decimal
STRIPE_THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def iso_exponent(currency: str) -> int:
    """How many decimals the currency has (ISO 4217, as Babel knows it)."""
    return get_currency_precision(currency.upper())


def stripe_exponent(currency: str) -> int:
    """How many decimals Stripe's integer ``amount`` carries for the currency."""
    code = currency.upper()
    if code in STRIPE_ZERO_DECIMAL:
        return 0
    if code in STRIPE_THREE_DECIMAL:
        return 3
    return 2  # including ISK, which Stripe writes with two (always zero) decimals


def round_amount(amount, currency: str) -> Decimal:
    """A decimal amount rounded half up to the currency's minor unit (``12.345 USD`` → ``12.35``,
    ``1200.5 KRW`` → ``1201``)."""
    quantum = Decimal(1).scaleb(-iso_exponent(currency))
    return Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP)


def to_minor(amount, currency: str) -> int:
    """A decimal amount (``Decimal("12.50")``) in ISO minor units (1250), rounded half up."""
    scaled = Decimal(str(amount)).scaleb(iso_exponent(currency))
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(amount_minor: int, currency: str) -> Decimal:
    """ISO minor units as a decimal amount in the currency (1250 USD → 12.50, 5000 KRW → 5000)."""
    exponent = iso_exponent(currency)
    return Decimal(int(amount_minor)).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))


def to_stripe_amount(amount_minor: int, currency: str) -> int:
    """ISO minor units as Stripe's ``amount`` for the currency (KRW 5000 → 5000, USD 1250 → 1250, ISK 500 →
    50000)."""
    shift = stripe_exponent(currency) - iso_exponent(currency)
    if shift >= 0:
        return int(amount_minor) * 10**shift
    value = Decimal(int(amount_minor)).scaleb(shift).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)


def from_stripe_amount(amount: int, currency: str) -> int:
    """Stripe's ``amount`` for the currency as ISO minor units (the inverse of :func:`to_stripe_amount`)."""
    shift = iso_exponent(currency) - stripe_exponent(currency)
    if shift >= 0:
        return int(amount) * 10**shift
    value = Decimal(int(amount)).scaleb(shift).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)


def share(total: int, part: int, whole: int) -> int:
    """``total × part / whole`` rounded half up: the share of ``total`` that ``part`` of ``whole`` stands for.

    Refunds split by differences of shares (``share(R_after) - share(R_before)``), so however a payment is refunded
    in pieces, a full refund gives back exactly the commission and won amounts first recorded."""
    if whole <= 0:
        raise ValueError("whole must be positive")
    value = (Decimal(total) * Decimal(part) / Decimal(whole)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(value)


def commission(amount_minor: int, bps: int) -> int:
    """The platform's commission on an amount, in basis points (1000 = 10%), rounded half up."""
    return share(amount_minor, bps, 10_000)
