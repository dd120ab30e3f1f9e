"""Reported versus estimated: the verified returns weighted to the official counts per cluster × trade (a
stratified estimate of the members' population, with a 95% interval), and the programme evaluation.

Estimate: in each stratum h (cluster × trade) with N_h official firms and n_h respondents, the total is
N_h · mean_h; its variance N_h² (1 − n_h/N_h) s_h² / n_h (s_h from the stratum, or from all respondents when the
stratum has one). Strata with official firms but no respondent are not covered and are counted as such.
"""

from __future__ import annotations

import math
import statistics

from sqlmodel import Session, select

from market.association.models import OfficialCount
from market.association.reference import size_band
from market.association.services.aggregates import Row, verified_rows

Z95 = 1.96


def official_counts(session: Session, year: int) -> list[OfficialCount]:
    """The official counts that apply to ``year``: for each cluster × trade the newest entered for a year up to
    ``year`` (else the oldest entered)."""
    rows = list(session.exec(select(OfficialCount).order_by(OfficialCount.year)))
    chosen: dict[tuple[str, str], OfficialCount] = {}
    for row in rows:
        key = (row.cluster_code, row.ksic)
        if key not in chosen or row.year <= year:
            chosen[key] = row
    return sorted(chosen.values(), key=lambda r: (r.cluster_code, r.ksic))


def estimate(session: Session, year: int, measure: str = "jobs", rows: list[Row] | None = None) -> dict | None:
    """The estimated total of ``measure`` (jobs, value_added_krw or exports_krw) over the official population,
    with its 95% interval, the response rate and coverage; None without official counts or respondents."""
    rows = verified_rows(session, year) if rows is None else rows
    counts = official_counts(session, year)
    if not counts or not rows:
        return None

    def value(row: Row) -> float:
        return float(row.jobs if measure == "jobs" else getattr(row.ret, measure) or 0)

    everyone = [value(r) for r in rows]
    pooled = statistics.variance(everyone) if len(everyone) > 1 else 0.0
    total = variance = 0.0
    population = covered = respondents = 0
    sources = sorted({(c.source, c.source_year) for c in counts})
    for count in counts:
        population += count.firms
        stratum = [value(r) for r in rows
                   if r.member.cluster_code == count.cluster_code and r.member.ksic == count.ksic]
        if not stratum:
            continue
        n, big_n = len(stratum), max(count.firms, len(stratum))
        covered += big_n
        respondents += n
        s2 = statistics.variance(stratum) if n > 1 else pooled
        total += big_n * statistics.fmean(stratum)
        variance += big_n ** 2 * (1 - n / big_n) * s2 / n
    if not respondents:
        return None
    half = Z95 * math.sqrt(variance)
    return {"measure": measure, "estimate": round(total), "low": round(max(0.0, total - half)),
            "high": round(total + half), "respondents": respondents, "population": population,
            "covered": covered, "response_rate": respondents / population if population else None,
            "sources": sources}


def programme_evaluation(session: Session, year: int) -> list[dict]:
    """Participants' change in jobs, value added and exports from the year before against comparable
    non-participants (same cluster, trade and size band the year before): the mean difference, its n and a 95%
    interval; a measure with fewer than 5 matched participants is not shown (None)."""
    now = {r.member.id: r for r in verified_rows(session, year)}
    before = {r.member.id: r for r in verified_rows(session, year - 1)}
    pairs = {mid: (before[mid], now[mid]) for mid in now if mid in before}

    def cell(row: Row):
        return (row.member.cluster_code, row.member.ksic, size_band(row.jobs))

    out = []
    for measure in ("jobs", "value_added_krw", "exports_krw"):
        def change(pair, measure=measure):
            old, new = pair
            get = (lambda r: r.jobs) if measure == "jobs" else (lambda r: getattr(r.ret, measure) or 0)
            return get(new) - get(old)

        comparison: dict[tuple, list[float]] = {}
        for old, new in pairs.values():
            if not new.ret.programme_participant:
                comparison.setdefault(cell(old), []).append(change((old, new)))
        differences = []
        for old, new in pairs.values():
            if new.ret.programme_participant and comparison.get(cell(old)):
                differences.append(change((old, new)) - statistics.fmean(comparison[cell(old)]))
        if len(differences) < 5:
            out.append({"measure": measure, "n": len(differences), "effect": None, "low": None, "high": None})
            continue
        mean = statistics.fmean(differences)
        half = Z95 * statistics.stdev(differences) / math.sqrt(len(differences))
        out.append({"measure": measure, "n": len(differences), "effect": mean, "low": mean - half,
                    "high": mean + half})
    return out
