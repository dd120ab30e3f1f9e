"""Ring sizes convert between the Korean, US, European and Japanese scales through the inner diameter."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from market.jewelry import ringsizes

pytestmark = pytest.mark.usefixtures("plain_context")


def test_known_sizes():
    assert ringsizes.diameter_mm("US", 7) == pytest.approx(17.32, abs=0.01)
    assert ringsizes.diameter_mm("EU", 54) == pytest.approx(54 / math.pi)
    assert ringsizes.diameter_mm("JP", 13) == pytest.approx(53 / math.pi)
    assert ringsizes.diameter_mm("KR", 13) == ringsizes.diameter_mm("JP", 13)


def test_us_7_in_other_scales():
    sizes = ringsizes.equivalents(ringsizes.diameter_mm("US", 7))
    assert sizes["EU"].value == Decimal("54.5") and sizes["JP"].value == 14 and sizes["KR"].value == 14


@pytest.mark.parametrize("system", ringsizes.SYSTEMS)
def test_round_trip_on_every_scale(system):
    for value in ringsizes.choices(system):
        mm = ringsizes.diameter_mm(system, value)
        assert ringsizes.nearest(system, mm).value == Decimal(value)


def test_quarter_us_sizes_and_refusals():
    assert ringsizes.diameter_mm("us", "6.75") > ringsizes.diameter_mm("US", "6.5")
    for system, value in (("US", "6.3"), ("US", "0"), ("EU", "90"), ("JP", "13.5"), ("XX", "7"), ("US", "seven"),
                          ("US", "NaN")):
        with pytest.raises(ringsizes.RingSizeError):
            ringsizes.diameter_mm(system, value)


def test_chart_rows_are_consistent():
    rows = ringsizes.chart()
    diameters = [row["US"].inner_diameter_mm for row in rows]
    assert diameters == sorted(diameters)
    for row in rows:
        assert abs(row["EU"].inner_diameter_mm - row["US"].inner_diameter_mm) < 0.2
