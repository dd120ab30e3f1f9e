"""Eligibility rules as data: each rule met, not met or unknown with why; business registration numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from market.programmes import brn, eligibility
from market.programmes.eligibility import MET, NOT_MET, UNKNOWN

TODAY = dt.date(2026, 12, 7)


def facts(**overrides) -> eligibility.Facts:
    values = dict(headcount=6, founded_year=1996, ksic_codes=("14111",), in_seoul=True, revenue_krw=480_000_000,
                  trade="sewing", business_number="2208162517", support_received={}, today=TODAY)
    values.update(overrides)
    return eligibility.Facts(**values)


RULES = [{"code": "headcount_under", "max": 10}, {"code": "years_in_business", "min": 3},
         {"code": "ksic", "prefixes": ["14", "15"]}, {"code": "seoul_workplace"},
         {"code": "revenue_cap", "max_krw": 1_000_000_000}, {"code": "trade", "trades": ["sewing"]},
         {"code": "no_recent_support", "support_type": "facility", "years": 3}]


def test_a_small_seoul_sewing_workshop_meets_every_rule(app):
    eligible, results = eligibility.evaluate(RULES, facts())
    assert eligible and [r.result for r in results] == [MET] * len(RULES)
    assert "6" in results[0].why


def test_each_rule_says_why_it_is_not_met(app):
    """Ten workers, too young, another industry, outside Seoul, over the revenue cap, another trade, recent
    support of the same type: each rule not met, with its reason."""
    eligible, results = eligibility.evaluate(RULES, facts(
        headcount=10, founded_year=2025, ksic_codes=("25931",), in_seoul=False, revenue_krw=2_000_000_000,
        trade="printing", support_received={"facility": (dt.date(2025, 3, 1),)}))
    assert not eligible and [r.result for r in results] == [NOT_MET] * len(RULES)
    assert "2025-03-01" in results[-1].why and "25931" in results[2].why


def test_missing_facts_are_unknown_not_failed(app):
    """A profile that lacks what a rule needs gives "unknown" and says what to add."""
    eligible, results = eligibility.evaluate(RULES, facts(
        headcount=None, founded_year=None, ksic_codes=(), in_seoul=None, revenue_krw=None, trade=None,
        business_number=None))
    assert not eligible and [r.result for r in results] == [UNKNOWN] * len(RULES)


def test_support_older_than_the_window_does_not_count(app):
    _eligible, results = eligibility.evaluate(RULES[-1:], facts(support_received={"facility": (dt.date(2020, 1, 1),)}))
    assert results[0].result == MET


def test_an_unknown_rule_code_is_a_data_mistake(app):
    with pytest.raises(ValueError):
        eligibility.evaluate([{"code": "zodiac"}], facts())


@pytest.mark.parametrize("number, valid", [("220-81-62517", True), ("2208162517", True), ("220-81-62518", False),
                                            ("123", False), ("12345678901", False), ("abcdefghij", False)])
def test_business_registration_numbers_are_checked_by_their_check_digit(number, valid):
    assert brn.is_valid(number) is valid
