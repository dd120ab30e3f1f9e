"""The price of a design, line by line, from figures alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from i18n.money import Rate
from market.jewelry import quote

pytestmark = pytest.mark.usefixtures("plain_context")

GOLD = quote.MetalFigures("gold_18k_yellow", Decimal("15.58"), Decimal("0.6"), 142_000)
SILVER = quote.MetalFigures("silver_925", Decimal("10.36"), Decimal("0.8"), 2_150)
POLISH = quote.FinishFigures("polish", 0, 1_500)
RHODIUM = quote.FinishFigures("rhodium", 25_000, 2_500)


def _price(**overrides):
    figures = dict(volume_mm3=200.0, area_mm2=600.0, min_wall_mm=1.0, metal=GOLD, finish=POLISH,
                   prototype="resin", stones=[], quantity=1)
    figures.update(overrides)
    return quote.price_design(**figures)


def _line(priced, code):
    return next(line for line in priced.lines if line.code == code)


def test_metal_weight_and_lines():
    priced = _price()
    assert priced.metal_weight_g == Decimal("3.116")  # 0.2 cm³ × 15.58 g/cm³
    assert _line(priced, "metal").amount_krw == 442_472  # 3.116 g × 142,000
    assert _line(priced, "casting").amount_krw == 53_097  # 12 % of the metal
    assert _line(priced, "finish").amount_krw == 9_000  # 6 cm² × 1,500
    assert _line(priced, "prototype").amount_krw == 35_000
    assert priced.total_krw == sum(line.amount_krw for line in priced.lines)
    assert not priced.warnings


def test_same_figures_same_price():
    assert _price() == _price()


def test_silver_is_cheaper_and_warns_about_thin_walls():
    priced = _price(metal=SILVER, min_wall_mm=0.7)
    assert priced.total_krw < _price().total_krw
    assert priced.warnings == [{"code": "thin_walls", "min_wall": "0.70", "required": "0.8", "metal": "silver_925"}]
    assert not _price(min_wall_mm=0.7).warnings  # gold casts 0.7 mm walls


def test_stones_settings_by_size():
    priced = _price(stones=[quote.Stone(4, 1.2), quote.Stone(1, 5.0)])
    amounts = [line.amount_krw for line in priced.lines if line.code == "stones"]
    assert amounts == [4 * 6_000, 22_000]


def test_quantity_tiers_discount_labour_finish_and_settings():
    one, ten = _price(finish=RHODIUM), _price(finish=RHODIUM, quantity=10)
    assert _line(ten, "metal").amount_krw == pytest.approx(10 * _line(one, "metal").amount_krw, abs=10)
    discount = _line(ten, "quantity_discount")
    base = _line(ten, "labour").amount_krw + _line(ten, "finish").amount_krw
    assert discount.amount_krw == -round(base * 0.15)
    assert _line(ten, "prototype").amount_krw == _line(one, "prototype").amount_krw  # once per order
    assert quote.quantity_discount(1) == 0 and quote.quantity_discount(50) == Decimal("0.20")


def test_wax_prototype_costs_more():
    assert _line(_price(prototype="wax"), "prototype").amount_krw > _line(_price(), "prototype").amount_krw


def test_complexity_grows_with_surface():
    assert quote.complexity(4188.79, 1256.64) == 1.0  # a sphere of radius 10
    assert quote.complexity(200.0, 600.0) > quote.complexity(200.0, 300.0)
    assert quote.complexity(1.0, 1e6) == 3.0


def test_lines_in_another_currency_add_up():
    rates = {"KRW": Rate("KRW", Decimal(1), None), "USD": Rate("USD", Decimal("1391.20"), None)}
    priced = _price(quantity=3)
    amounts, total = quote.convert_lines(priced.lines, "USD", rates)
    assert total == sum(amounts)
    assert all(a == a.quantize(Decimal("0.01")) for a in amounts)
    assert amounts[-1] < 0  # the discount stays negative
    assert abs(total - Decimal(priced.total_krw) / Decimal("1391.20")) < Decimal("0.05")
    krw, krw_total = quote.convert_lines(priced.lines, "KRW", rates)
    assert krw_total == priced.total_krw


def test_labels_name_every_line():
    priced = _price(stones=[quote.Stone(2, 2.0)], quantity=5)
    labels = [quote.line_label(line.code, line.params) for line in priced.lines]
    assert labels[0].startswith("18K yellow gold, 15.58 g")
    assert all(label and label != line.code for label, line in zip(labels, priced.lines, strict=True))
