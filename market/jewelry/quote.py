"""The price of a design: metal by weight, casting sprue and loss, labour by complexity, finish, stone settings,
the prototype print and quantity tiers, each a line in won and in the customer's currency.

:func:`price_design` is pure (figures in, lines out) so tests and the benchmark call it directly; the service
(:func:`market.jewelry.services.quotes.create_quote`) gathers the figures (the analysis in millimetres, the metal's
density and newest price per gram, the finish's fees, the exchange rate) and stores the result.

How each line is worked out (all amounts rounded half-up to whole won, per line):

* **metal**: weight = volume (cm³) × density (g/cm³), × price per gram, × quantity;
* **casting**: sprue, button and melting loss, :data:`CASTING_ALLOWANCE` of the weight, at the same price;
* **labour**: :data:`LABOUR_BASE_KRW` per piece plus :data:`LABOUR_PER_CM2_KRW` per cm² of surface × a
  complexity factor from the surface-to-volume ratio (a sphere is 1; a lacy or thin piece up to 3);
* **finish**: its fixed fee plus its fee per cm² of surface, per piece;
* **stones**: a setting fee per stone by size (:data:`SETTING_FEES`), per piece;
* **prototype**: one resin or wax print, once per order;
* **quantity discount**: :data:`QUANTITY_TIERS` off labour, finish and settings from two pieces on;
* **shipping**: insured shipping of the order to its country (:func:`shipping_fee_krw`), once per order.
"""

from __future__ import annotations

import dataclasses
import math
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from i18n.locales import country_name
from i18n.money import Rate, convert_krw

VALIDITY_DAYS = 7
CASTING_ALLOWANCE = Decimal("0.12")
LABOUR_BASE_KRW = 40_000
LABOUR_PER_CM2_KRW = 3_000
PROTOTYPE_FEES_KRW = {"resin": 35_000, "wax": 45_000}
PROTOTYPE_LABELS = {"resin": _l("Resin print"), "wax": _l("Castable wax print")}
# (largest stone in mm, fee per stone set)
SETTING_FEES = ((1.5, 6_000), (3.0, 12_000), (6.0, 22_000), (20.0, 38_000))
# (smallest quantity, discount on labour, finish and settings)
QUANTITY_TIERS = ((50, Decimal("0.20")), (10, Decimal("0.15")), (5, Decimal("0.10")), (2, Decimal("0.05")))
MAX_QUANTITY = 500
# Insured, tracked shipping of one order: within Korea, and anywhere else (EMS).
DOMESTIC_SHIPPING_KRW = 5_000
INTERNATIONAL_SHIPPING_KRW = 38_000
MAX_STONE_GROUPS = 10
MAX_STONES_PER_GROUP = 200
SPHERE_SV = (36 * math.pi) ** (1 / 3)  # area / volume^(2/3) of a sphere, the most compact shape

METAL_LABELS = {
    "silver_925": _l("Sterling silver 925"),
    "gold_14k_yellow": _l("14K yellow gold"),
    "gold_14k_white": _l("14K white gold"),
    "gold_14k_rose": _l("14K rose gold"),
    "gold_18k_yellow": _l("18K yellow gold"),
    "gold_18k_white": _l("18K white gold"),
    "gold_18k_rose": _l("18K rose gold"),
    "platinum_950": _l("Platinum 950"),
}
FINISH_LABELS = {"polish": _l("High polish"), "matte": _l("Matte (satin)"), "rhodium": _l("Rhodium plating")}


@dataclasses.dataclass(frozen=True)
class MetalFigures:
    """What a quote needs to know of a metal."""

    code: str
    density_g_cm3: Decimal
    min_wall_mm: Decimal
    price_krw_per_gram: int


@dataclasses.dataclass(frozen=True)
class FinishFigures:
    """What a quote needs to know of a finish."""

    code: str
    base_krw: int
    per_cm2_krw: int


@dataclasses.dataclass(frozen=True)
class Stone:
    """A group of stones of one size."""

    count: int
    size_mm: float


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of a quote: what it is (``code`` and the figures of its label) and its amount in won."""

    code: str
    params: dict
    amount_krw: int


@dataclasses.dataclass(frozen=True)
class Priced:
    """A worked-out quote in won."""

    lines: list[Line]
    total_krw: int
    metal_weight_g: Decimal
    complexity: float
    warnings: list[dict]


def _won(value) -> int:
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def setting_fee(size_mm: float) -> int:
    """The fee for setting one stone of ``size_mm``."""
    for largest, fee in SETTING_FEES:
        if size_mm <= largest:
            return fee
    return SETTING_FEES[-1][1]


def quantity_discount(quantity: int) -> Decimal:
    """The share taken off labour, finish and settings for ``quantity`` pieces."""
    for smallest, discount in QUANTITY_TIERS:
        if quantity >= smallest:
            return discount
    return Decimal(0)


def complexity(volume_mm3: float, area_mm2: float) -> float:
    """How much work the surface is, from 1 (compact) to 3 (thin or detailed): the surface-to-volume ratio
    against a sphere's, scaled so a plain band is about 2."""
    if volume_mm3 <= 0:
        return 1.0
    ratio = area_mm2 / volume_mm3 ** (2 / 3) / SPHERE_SV
    return round(min(3.0, max(1.0, 0.5 + ratio / 2.5)), 3)


def shipping_fee_krw(country: str) -> int:
    """Insured, tracked shipping of one order to ``country`` (ISO alpha-2)."""
    return DOMESTIC_SHIPPING_KRW if country == "KR" else INTERNATIONAL_SHIPPING_KRW


def price_design(*, volume_mm3: float, area_mm2: float, min_wall_mm: float | None, metal: MetalFigures,
                 finish: FinishFigures, prototype: str, stones: list[Stone], quantity: int,
                 shipping_country: str | None = None) -> Priced:
    """Work out every line of a quote in won (with shipping when ``shipping_country`` is given); deterministic
    for the same figures."""
    cm3 = Decimal(str(volume_mm3)) / 1000
    cm2 = Decimal(str(area_mm2)) / 100
    weight = (cm3 * metal.density_g_cm3).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    grams_total = weight * quantity
    lines = [Line("metal", {"metal": metal.code, "grams": str(grams_total), "price": metal.price_krw_per_gram,
                            "quantity": quantity}, _won(grams_total * metal.price_krw_per_gram))]
    lines.append(Line("casting", {"percent": str((CASTING_ALLOWANCE * 100).normalize())},
                      _won(grams_total * CASTING_ALLOWANCE * metal.price_krw_per_gram)))
    factor = complexity(volume_mm3, area_mm2)
    labour_each = Decimal(LABOUR_BASE_KRW) + cm2 * LABOUR_PER_CM2_KRW * Decimal(str(factor))
    labour = _won(labour_each * quantity)
    lines.append(Line("labour", {"area_cm2": str(cm2.quantize(Decimal("0.01"))), "complexity": f"{factor:.2f}",
                                 "quantity": quantity}, labour))
    finish_each = Decimal(finish.base_krw) + cm2 * finish.per_cm2_krw
    finish_amount = _won(finish_each * quantity)
    lines.append(Line("finish", {"finish": finish.code, "quantity": quantity}, finish_amount))
    settings_amount = 0
    for stone in stones:
        amount = setting_fee(stone.size_mm) * stone.count * quantity
        settings_amount += amount
        lines.append(Line("stones", {"count": stone.count, "size": f"{stone.size_mm:g}", "quantity": quantity},
                          amount))
    lines.append(Line("prototype", {"kind": prototype}, PROTOTYPE_FEES_KRW[prototype]))
    discount = quantity_discount(quantity)
    if discount:
        lines.append(Line("quantity_discount", {"percent": str((discount * 100).normalize()), "quantity": quantity},
                          -_won((labour + finish_amount + settings_amount) * discount)))
    if shipping_country:
        lines.append(Line("shipping", {"country": shipping_country}, shipping_fee_krw(shipping_country)))
    warnings = []
    if min_wall_mm is not None and min_wall_mm < float(metal.min_wall_mm):
        warnings.append({"code": "thin_walls", "min_wall": f"{min_wall_mm:.2f}",
                         "required": f"{metal.min_wall_mm:.1f}", "metal": metal.code})
    return Priced(lines, sum(line.amount_krw for line in lines), weight, factor, warnings)


def convert_lines(lines: list[Line], currency: str, rates: dict[str, Rate]) -> tuple[list[Decimal], Decimal]:
    """Each line in ``currency`` (rounded to its minor units) and their sum, which is the quote's total, so the
    lines the customer sees always add up."""
    amounts = []
    for line in lines:
        converted = convert_krw(abs(line.amount_krw), currency, rates)
        amounts.append(converted.amount if line.amount_krw >= 0 else -converted.amount)
    return amounts, sum(amounts, Decimal(0))


def line_label(code: str, params: dict) -> str:
    """A quote line in words, in the current language."""
    from flask_babel import format_decimal
    from flask_babel import gettext as _

    if code == "metal":
        return _("%(metal)s, %(grams)s g at %(price)s won per gram", metal=metal_label(params["metal"]),
                 grams=format_decimal(Decimal(params["grams"]), format="#,##0.00"),
                 price=format_decimal(params["price"]))
    if code == "casting":
        return _("Casting sprue and melting loss (%(percent)s%% of the metal)", percent=params["percent"])
    if code == "labour":
        return _("Casting and finishing labour: %(area)s cm² of surface, complexity %(complexity)s",
                 area=format_decimal(Decimal(params["area_cm2"])), complexity=params["complexity"])
    if code == "finish":
        return _("Finish: %(finish)s", finish=finish_label(params["finish"]))
    if code == "stones":
        return _("Setting %(count)s stone(s) of %(size)s mm", count=params["count"], size=params["size"])
    if code == "prototype":
        return _("Prototype: %(kind)s", kind=str(PROTOTYPE_LABELS.get(params["kind"], params["kind"])))
    if code == "quantity_discount":
        return _("Quantity discount for %(quantity)s pieces (%(percent)s%% off labour, finish and settings)",
                 quantity=params["quantity"], percent=params["percent"])
    if code == "shipping":
        return _("Insured shipping to %(country)s", country=country_name(params["country"]))
    return code


def metal_label(code: str) -> str:
    """A metal's name in the current language."""
    return str(METAL_LABELS.get(code, code))


def finish_label(code: str) -> str:
    """A finish's name in the current language."""
    return str(FINISH_LABELS.get(code, code))
