"""Eligibility rules stored as data on each programme and evaluated against an organisation's facts.

A rule is ``{"code": …, params}``; each evaluates to met, not met or unknown (the profile lacks what it needs),
with a sentence saying why. An organisation is eligible when every rule is met. Codes:

- ``headcount_under`` ``{"max": 10}`` — fewer than ``max`` workers (the ordinance's "urban small manufacturer");
- ``years_in_business`` ``{"min": 3}`` (and/or ``"max"``) — full years since founding;
- ``ksic`` ``{"prefixes": ["14", "15"]}`` — a KSIC industry code starting with one of them;
- ``seoul_workplace`` — the workplace is in Seoul;
- ``revenue_cap`` ``{"max_krw": 1000000000}`` — last year's revenue at most this;
- ``trade`` ``{"trades": ["sewing"]}`` — the organisation's cluster is of one of these trades;
- ``no_recent_support`` ``{"support_type": "facility", "years": 3}`` — no support of that type in the ledger
  within that many years (art. 10).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclasses.dataclass(frozen=True)
class Facts:
    """What rules are evaluated against."""

    headcount: int | None
    founded_year: int | None
    ksic_codes: tuple[str, ...]
    in_seoul: bool | None
    revenue_krw: int | None
    trade: str | None
    business_number: str | None
    # support type → dates of support received (ledger and declarations)
    support_received: dict[str, tuple[dt.date, ...]]
    today: dt.date


@dataclasses.dataclass(frozen=True)
class RuleResult:
    """One rule's outcome and why."""

    code: str
    result: str
    why: str


def _won(amount: int) -> str:
    from i18n.money import format_money

    return format_money(amount, "KRW")


def _headcount_under(rule: dict, facts: Facts) -> RuleResult:
    limit = int(rule.get("max", 10))
    if facts.headcount is None:
        return RuleResult("headcount_under", UNKNOWN, _("Fewer than %(max)d workers are required; add your "
                                                        "number of workers to your organisation.", max=limit))
    if facts.headcount < limit:
        return RuleResult("headcount_under", MET, _("You have %(n)d workers, fewer than %(max)d.",
                                                    n=facts.headcount, max=limit))
    return RuleResult("headcount_under", NOT_MET, _("You have %(n)d workers; the programme is for fewer than "
                                                    "%(max)d.", n=facts.headcount, max=limit))


def _years_in_business(rule: dict, facts: Facts) -> RuleResult:
    low, high = rule.get("min"), rule.get("max")
    if facts.founded_year is None:
        return RuleResult("years_in_business", UNKNOWN,
                          _("The programme depends on your years in business; add the year you were founded."))
    years = facts.today.year - facts.founded_year
    if low is not None and years < int(low):
        return RuleResult("years_in_business", NOT_MET, _("You have been in business %(n)d years; at least "
                                                          "%(min)d are required.", n=years, min=int(low)))
    if high is not None and years > int(high):
        return RuleResult("years_in_business", NOT_MET, _("You have been in business %(n)d years; the programme "
                                                          "is for at most %(max)d.", n=years, max=int(high)))
    return RuleResult("years_in_business", MET, _("You have been in business %(n)d years.", n=years))


def _ksic(rule: dict, facts: Facts) -> RuleResult:
    prefixes = [str(p) for p in rule.get("prefixes", [])]
    wanted = ", ".join(prefixes)
    if not facts.ksic_codes:
        return RuleResult("ksic", UNKNOWN, _("The programme is for KSIC industries %(codes)s; add your KSIC codes "
                                             "to your support profile.", codes=wanted))
    hit = next((c for c in facts.ksic_codes if any(c.startswith(p) for p in prefixes)), None)
    if hit:
        return RuleResult("ksic", MET, _("Your KSIC code %(code)s is among %(codes)s.", code=hit, codes=wanted))
    return RuleResult("ksic", NOT_MET, _("None of your KSIC codes (%(mine)s) is among %(codes)s.",
                                         mine=", ".join(facts.ksic_codes), codes=wanted))


def _seoul_workplace(rule: dict, facts: Facts) -> RuleResult:
    if facts.in_seoul is None:
        return RuleResult("seoul_workplace", UNKNOWN, _("The workplace must be in Seoul; say where yours is in "
                                                        "your support profile."))
    if facts.in_seoul:
        return RuleResult("seoul_workplace", MET, _("Your workplace is in Seoul."))
    return RuleResult("seoul_workplace", NOT_MET, _("Your workplace is not in Seoul."))


def _revenue_cap(rule: dict, facts: Facts) -> RuleResult:
    cap = int(rule.get("max_krw", 0))
    if facts.revenue_krw is None:
        return RuleResult("revenue_cap", UNKNOWN, _("Revenue of at most %(cap)s is required; add last year's "
                                                    "revenue to your support profile.", cap=_won(cap)))
    if facts.revenue_krw <= cap:
        return RuleResult("revenue_cap", MET, _("Your revenue, %(revenue)s, is within %(cap)s.",
                                                revenue=_won(facts.revenue_krw), cap=_won(cap)))
    return RuleResult("revenue_cap", NOT_MET, _("Your revenue, %(revenue)s, is above %(cap)s.",
                                                revenue=_won(facts.revenue_krw), cap=_won(cap)))


def _trade(rule: dict, facts: Facts) -> RuleResult:
    from market.clusters import industry_name

    trades = [str(t) for t in rule.get("trades", [])]
    names = ", ".join(industry_name(t) for t in trades)
    if not facts.trade:
        return RuleResult("trade", UNKNOWN, _("The programme is for %(trades)s; choose your cluster in your "
                                              "organisation.", trades=names))
    if facts.trade in trades:
        return RuleResult("trade", MET, _("Your trade, %(trade)s, is one of %(trades)s.",
                                          trade=industry_name(facts.trade), trades=names))
    return RuleResult("trade", NOT_MET, _("Your trade, %(trade)s, is not one of %(trades)s.",
                                          trade=industry_name(facts.trade), trades=names))


def _no_recent_support(rule: dict, facts: Facts) -> RuleResult:
    from market.programmes.labels import support_type_label

    kind = str(rule.get("support_type", ""))
    years = int(rule.get("years", 3))
    label = support_type_label(kind)
    since = facts.today - dt.timedelta(days=365 * years + years // 4)
    recent = sorted(d for d in facts.support_received.get(kind, ()) if d >= since)
    if recent:
        return RuleResult("no_recent_support", NOT_MET, _("You received %(type)s support on %(date)s, within the "
                                                          "last %(years)d years.", type=label,
                                                          date=recent[-1].isoformat(), years=years))
    if not facts.business_number:
        return RuleResult("no_recent_support", UNKNOWN, _("No %(type)s support in the last %(years)d years is "
                                                          "required; add your business registration number so "
                                                          "the support ledger can be checked.", type=label,
                                                          years=years))
    return RuleResult("no_recent_support", MET, _("No %(type)s support in the last %(years)d years in the ledger.",
                                                  type=label, years=years))


EVALUATORS = {
    "headcount_under": _headcount_under,
    "years_in_business": _years_in_business,
    "ksic": _ksic,
    "seoul_workplace": _seoul_workplace,
    "revenue_cap": _revenue_cap,
    "trade": _trade,
    "no_recent_support": _no_recent_support,
}


def evaluate(rules: list[dict], facts: Facts) -> tuple[bool, list[RuleResult]]:
    """Each rule's outcome and whether all are met; an unknown rule code is a data mistake (ValueError)."""
    results = []
    for rule in rules:
        code = rule.get("code")
        if code not in EVALUATORS:
            raise ValueError(f"unknown eligibility rule {code!r}")
        results.append(EVALUATORS[code](rule, facts))
    return all(r.result == MET for r in results), results
