"""The checks a return passes on submit, each reported on its field (pure: figures in, messages out).

* the figures every return needs are there and not negative;
* value added is at most revenue, and exports are at most revenue (and equal the sum by country);
* staff counts agree: staff under 35 and this year's hires are at most the headcount, and a firm with staff
  reports a labour cost;
* a change of more than 300% from last year's verified figure needs a note that explains it.
"""

from __future__ import annotations

from flask_babel import gettext as _

INT_FIELDS = ("staff_full_time", "staff_part_time", "staff_under_35", "hires_this_year", "cooperation_projects",
              "trainings_completed", "smart_factory_stage")
KRW_FIELDS = ("labour_cost_krw", "revenue_krw", "exports_krw", "operating_surplus_krw", "financial_cost_krw",
              "taxes_krw", "depreciation_krw", "bought_in_inputs_krw", "capital_investment_krw")
BOOL_FIELDS = ("uses_shared_space", "export_programme", "programme_participant")
TEXT_FIELDS = ("va_method", "succession_status", "change_note")
LIST_FIELDS = ("technologies", "exports_by_country")
FIGURE_FIELDS = (*INT_FIELDS, *KRW_FIELDS, *BOOL_FIELDS, *TEXT_FIELDS, *LIST_FIELDS, "value_added_krw")

REQUIRED = ("staff_full_time", "staff_part_time", "labour_cost_krw", "revenue_krw", "exports_krw",
            "smart_factory_stage")
VA_ITEMS = ("operating_surplus_krw", "labour_cost_krw", "financial_cost_krw", "taxes_krw", "depreciation_krw")
# Growth above this factor minus one (300%) from last year's verified figure needs a note.
CHANGE_LIMIT = 3.0
WATCHED = ("revenue_krw", "exports_krw", "value_added_krw", "jobs")
MAX_KRW = 10**15


def value_added(figures: dict) -> int | None:
    """Value added by the Bank of Korea's additive method (operating surplus + labour cost + financial cost +
    taxes + depreciation), or by the simple form (revenue minus bought-in inputs); None while incomplete."""
    if figures.get("va_method") == "simple":
        revenue, inputs = figures.get("revenue_krw"), figures.get("bought_in_inputs_krw")
        return None if revenue is None or inputs is None else revenue - inputs
    items = [figures.get(name) for name in VA_ITEMS]
    if figures.get("operating_surplus_krw") is None or figures.get("labour_cost_krw") is None:
        return None
    return sum(v or 0 for v in items)


def jobs(figures: dict) -> int | None:
    """Headcount: full- and part-time staff."""
    full, part = figures.get("staff_full_time"), figures.get("staff_part_time")
    return None if full is None and part is None else (full or 0) + (part or 0)


def check_ranges(figures: dict) -> dict[str, str]:
    """Problems any saved figure has (negative counts, impossible stages), field → message."""
    problems: dict[str, str] = {}
    for name in INT_FIELDS:
        value = figures.get(name)
        if value is not None and (value < 0 or value > 1_000_000):
            problems[name] = _("Enter a number from 0 to 1,000,000.")
    stage = figures.get("smart_factory_stage")
    if stage is not None and not 0 <= stage <= 3:
        problems["smart_factory_stage"] = _("Choose a stage from 0 to 3.")
    for name in KRW_FIELDS:
        value = figures.get(name)
        low = -MAX_KRW if name == "operating_surplus_krw" else 0
        if value is not None and not low <= value <= MAX_KRW:
            problems[name] = (_("Enter an amount in won, 0 or more.") if value < 0
                              else _("This amount is too large."))
    for country, amount in (figures.get("exports_by_country") or {}).items():
        if not isinstance(amount, int) or amount < 0 or amount > MAX_KRW or len(country) != 2:
            problems["exports_by_country"] = _("Give each destination as a two-letter country code and an "
                                               "amount in won.")
    return problems


def check_submission(figures: dict, previous: dict | None) -> dict[str, str]:
    """Every problem that keeps ``figures`` from being submitted, field → message; ``previous`` is last year's
    verified return's figures (or None)."""
    problems = check_ranges(figures)
    for name in REQUIRED:
        if figures.get(name) is None:
            problems.setdefault(name, _("This figure is needed to submit the return."))
    if figures.get("va_method") == "simple":
        if figures.get("bought_in_inputs_krw") is None:
            problems.setdefault("bought_in_inputs_krw", _("This figure is needed to submit the return."))
    elif figures.get("operating_surplus_krw") is None:
        problems.setdefault("operating_surplus_krw", _("This figure is needed to submit the return."))
    revenue = figures.get("revenue_krw")
    added = value_added(figures)
    if revenue is not None and added is not None and added > revenue:
        field = "bought_in_inputs_krw" if figures.get("va_method") == "simple" else "operating_surplus_krw"
        problems.setdefault(field, _("Value added (%(value)s won) cannot be more than revenue (%(revenue)s won).",
                                     value=f"{added:,}", revenue=f"{revenue:,}"))
    exports = figures.get("exports_krw")
    if revenue is not None and exports is not None and exports > revenue:
        problems.setdefault("exports_krw", _("Exports cannot be more than revenue."))
    by_country = figures.get("exports_by_country") or {}
    if exports is not None and by_country and sum(by_country.values()) != exports:
        problems.setdefault("exports_by_country", _("The exports by country add up to %(sum)s won, not the "
                                                    "%(exports)s won of exports.",
                                                    sum=f"{sum(by_country.values()):,}", exports=f"{exports:,}"))
    headcount = jobs(figures)
    if headcount is not None:
        for name in ("staff_under_35", "hires_this_year"):
            value = figures.get(name)
            if value is not None and value > headcount:
                problems.setdefault(name, _("This cannot be more than the %(staff)d full- and part-time staff.",
                                            staff=headcount))
        if headcount > 0 and figures.get("labour_cost_krw") == 0:
            problems.setdefault("labour_cost_krw", _("A firm with staff has a labour cost."))
    if previous and not (figures.get("change_note") or "").strip():
        for name in WATCHED:
            before = jobs(previous) if name == "jobs" else previous.get(name)
            now = headcount if name == "jobs" else (added if name == "value_added_krw" else figures.get(name))
            if before and now is not None and before > 0 and (now - before) / before > CHANGE_LIMIT:
                field = "staff_full_time" if name == "jobs" else name
                if name == "value_added_krw":
                    field = "bought_in_inputs_krw" if figures.get("va_method") == "simple" else "operating_surplus_krw"
                problems.setdefault(field, _("This is more than %(limit)s above last year's %(before)s: explain "
                                             "the change in the note.", limit="300%", before=f"{before:,}"))
                problems.setdefault("change_note", _("Explain the changes of more than %(limit)s from last year.",
                                                     limit="300%"))
    return problems
