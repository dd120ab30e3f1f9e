"""Ring sizes in the Korean, US, European and Japanese scales, through the ring's inner diameter in millimetres.

* US (and Canada): inner diameter = 11.63 mm + 0.8128 mm × size, in quarter sizes (US 7 ≈ 17.32 mm).
* EU (ISO 8653): the size *is* the inner circumference in millimetres (EU 54 ≈ 17.19 mm across).
* JP: inner circumference = 40 mm + size (JIS numbering, whole sizes; JP 13 ≈ 16.87 mm).
* KR (호): Korean jewellers use the Japanese numbering, so KR n is JP n.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

SYSTEMS = ("KR", "US", "EU", "JP")
SYSTEM_LABELS = {"KR": _l("Korean (호)"), "US": _l("US"), "EU": _l("European (ISO)"), "JP": _l("Japanese (号)")}
# (smallest, largest, step) of each scale.
RANGES = {"US": (Decimal("1"), Decimal("16"), Decimal("0.25")), "EU": (Decimal("40"), Decimal("76"), Decimal("0.5")),
          "JP": (Decimal("1"), Decimal("36"), Decimal("1")), "KR": (Decimal("1"), Decimal("36"), Decimal("1"))}
MIN_DIAMETER_MM = 12.0
MAX_DIAMETER_MM = 25.0


class RingSizeError(ValueError):
    """A size that is not on its scale."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclasses.dataclass(frozen=True)
class RingSize:
    """A size on one scale and the inner diameter it stands for."""

    system: str
    value: Decimal
    inner_diameter_mm: float

    @property
    def label(self) -> str:
        value = self.value.normalize()
        return f"{self.system} {value:f}"


def diameter_mm(system: str, value) -> float:
    """The inner diameter (mm) of size ``value`` on ``system``; refuses unknown scales and off-scale sizes."""
    system = (system or "").strip().upper()
    if system not in SYSTEMS:
        raise RingSizeError(_l("Choose a ring size scale: KR, US, EU or JP."))
    try:
        size = Decimal(str(value).strip())
    except ArithmeticError:
        raise RingSizeError(_l("Enter the ring size as a number.")) from None
    if not size.is_finite():
        raise RingSizeError(_l("Enter the ring size as a number."))
    low, high, step = RANGES[system]
    if size < low or size > high or (size - low) % step:
        raise RingSizeError(_l("%(system)s ring sizes go from %(low)s to %(high)s in steps of %(step)s.",
                               system=system, low=f"{low.normalize():f}", high=f"{high.normalize():f}",
                               step=f"{step.normalize():f}"))
    v = float(size)
    if system == "US":
        return 11.63 + 0.8128 * v
    if system == "EU":
        return v / math.pi
    return (40.0 + v) / math.pi


def parse(system: str, value) -> RingSize:
    """A checked size with its inner diameter."""
    mm = diameter_mm(system, value)
    return RingSize(system.strip().upper(), Decimal(str(value).strip()), mm)


def nearest(system: str, diameter: float) -> RingSize:
    """The size on ``system`` closest to an inner diameter (clamped to the scale)."""
    low, high, step = RANGES[system]
    if system == "US":
        raw = (diameter - 11.63) / 0.8128
    elif system == "EU":
        raw = diameter * math.pi
    else:
        raw = diameter * math.pi - 40.0
    steps = (Decimal(str(raw)) - low) / step
    value = low + steps.quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    value = min(max(value, low), high)
    return RingSize(system, value, diameter_mm(system, value))


def equivalents(diameter: float) -> dict[str, RingSize]:
    """The nearest size on every scale for an inner diameter."""
    return {system: nearest(system, diameter) for system in SYSTEMS}


def chart() -> list[dict[str, RingSize]]:
    """A conversion chart: every whole US size from 3 to 13 with the nearest size on the other scales."""
    rows = []
    for us in range(3, 14):
        mm = diameter_mm("US", us)
        rows.append({"US": RingSize("US", Decimal(us), mm), **{s: nearest(s, mm) for s in ("KR", "EU", "JP")}})
    return rows


def choices(system: str) -> list[str]:
    """Every size of a scale, as strings (for a select)."""
    low, high, step = RANGES[system]
    values, current = [], low
    while current <= high:
        values.append(f"{current.normalize():f}")
        current += step
    return values
