"""Korean business registration numbers (사업자등록번호): ten digits, the last a check digit.

The check digit: weights 1,3,7,1,3,7,1,3,5 on the first nine digits, plus the tens of (ninth digit × 5); the
check digit makes the sum a multiple of ten.
"""

from __future__ import annotations

import re

WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)


def normalize(value: str | None) -> str:
    """The digits of a number as typed (``123-45-67890`` → ``1234567890``)."""
    return re.sub(r"[\s\-]", "", value or "")


def check_digit(first_nine: str) -> int:
    """The check digit of the first nine digits."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, WEIGHTS, strict=True)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def is_valid(value: str | None) -> bool:
    """Whether ``value`` is ten digits (dashes and spaces allowed) whose last is the right check digit."""
    digits = normalize(value)
    return bool(re.fullmatch(r"\d{10}", digits)) and check_digit(digits[:9]) == int(digits[9])


def formatted(value: str | None) -> str:
    """``1234567890`` → ``123-45-67890``."""
    digits = normalize(value)
    return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}" if len(digits) == 10 else digits


def make(first_nine: str) -> str:
    """A valid number from nine digits (demo data and tests)."""
    return first_nine + str(check_digit(first_nine))
