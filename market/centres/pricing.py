"""The price of a booking, frozen when it is made: the machine's hourly price for the user's tier, with off-peak
minutes at the machine's off-peak percentage. Integer KRW, rounded to the won."""

from __future__ import annotations

import datetime as dt

from market.centres.hours import is_offpeak
from market.centres.models import Tier

STEP = dt.timedelta(minutes=15)


def hourly_price(equipment, tier: str) -> int:
    """The machine's hourly price (KRW) for a tier."""
    return {Tier.member: equipment.price_member_krw, Tier.startup: equipment.price_startup_krw,
            Tier.citizen: equipment.price_citizen_krw}[Tier(tier)]


def quote(equipment, tier: str, start: dt.datetime, end: dt.datetime) -> tuple[int, list[dict]]:
    """The price of using ``equipment`` over [start, end) at ``tier``: the total and its lines (peak and off-peak
    minutes, each with its hourly price and amount)."""
    hourly = hourly_price(equipment, tier)
    peak = off = 0
    moment = start
    while moment < end:
        step = min(STEP, end - moment)
        minutes = int(step.total_seconds() // 60)
        if is_offpeak(moment):
            off += minutes
        else:
            peak += minutes
        moment += step
    offpeak_hourly = hourly * equipment.offpeak_percent // 100
    lines = []
    if peak:
        lines.append({"kind": "peak", "minutes": peak, "hourly_krw": hourly, "amount_krw": round(hourly * peak / 60)})
    if off:
        lines.append({"kind": "offpeak", "minutes": off, "hourly_krw": offpeak_hourly,
                      "amount_krw": round(offpeak_hourly * off / 60)})
    return sum(line["amount_krw"] for line in lines), lines
