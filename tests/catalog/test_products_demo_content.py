"""The demo products: many, multilingual with real fallbacks, in the right categories, with sane prices."""

from __future__ import annotations

import random
import re

import pytest

from catalog.products import demo_content
from market.demo import content

HANGUL = re.compile(r"[\uac00-\ud7a3]")
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
OPTIONAL_LOCALES = ("ja", "zh_Hans", "vi")


@pytest.fixture(scope="module")
def makers() -> list[dict]:
    return content.generate_makers(random.Random(2026))


@pytest.fixture(scope="module")
def industries() -> dict[str, str]:
    return {c["code"]: c["industry"] for c in content.CLUSTERS}


@pytest.fixture(scope="module")
def catalog(makers, industries) -> list[tuple[int, dict]]:
    return demo_content.generate_catalog(random.Random(2026), makers, industries)


def test_same_seed_gives_same_catalog(makers, industries, catalog):
    """The same seed always lists exactly the same products; another seed lists others."""
    assert demo_content.generate_catalog(random.Random(2026), makers, industries) == catalog
    assert demo_content.generate_catalog(random.Random(7), makers, industries) != catalog


def test_default_makers_list_at_least_800_products(makers, catalog):
    """The 160 demo makers list at least 800 products, every maker between 3 and 7."""
    assert len(makers) == 160
    assert len(catalog) >= 800
    per_maker = [sum(1 for index, _ in catalog if index == i) for i in range(len(makers))]
    assert min(per_maker) >= 3 and max(per_maker) <= 7


def test_every_product_has_korean_and_english_text(catalog):
    """Every product has a Korean (source) and English title and description."""
    for _, product in catalog:
        for field in ("title", "description"):
            assert product[field]["ko"].strip() and product[field]["en"].strip()
            assert set(product[field]) <= set(demo_content.LOCALES)
        assert set(product["title"]) == set(product["description"])


def test_other_locales_cover_a_real_share_but_not_all(catalog):
    """Japanese, Chinese and Vietnamese appear for a real share of products, so some fall back."""
    for locale, expected in demo_content.TRANSLATION_SHARE.items():
        share = sum(locale in product["title"] for _, product in catalog) / len(catalog)
        assert expected - 0.1 < share < expected + 0.1, (locale, share)
        assert 0 < share < 1


def test_titles_are_written_in_their_language(catalog):
    """Korean titles use Hangul, Japanese titles kana or kanji, and Vietnamese titles use its diacritics."""
    for _, product in catalog:
        title = product["title"]
        assert HANGUL.search(title["ko"]), title["ko"]
        if "ja" in title:
            assert KANA_OR_KANJI.search(title["ja"]), title["ja"]
        if "zh_Hans" in title:
            assert KANA_OR_KANJI.search(title["zh_Hans"]), title["zh_Hans"]
    vietnamese = [product["title"]["vi"] for _, product in catalog if "vi" in product["title"]]
    assert sum(bool(VIETNAMESE.search(t)) for t in vietnamese) > len(vietnamese) / 2


def test_descriptions_name_the_makers_neighbourhood(makers, catalog):
    """English descriptions name the maker's district, and Korean ones the neighbourhood in Korean."""
    for index, product in catalog:
        maker = makers[index]
        description = product["description"]
        assert maker["district"] in description["en"]
        assert HANGUL.search(description["ko"])
        assert description["ko"].count(".") >= 2 and description["en"].count(". ") >= 1


def test_categories_match_the_makers_industry(makers, industries, catalog):
    """Each product's category is one its maker's industry sells, and every category is named in 5 locales."""
    for index, product in catalog:
        industry = industries[makers[index]["cluster_code"]]
        assert product["category"] in demo_content.INDUSTRY_CATEGORIES[industry]
    assert set(demo_content.INDUSTRY_CATEGORIES) == {c["industry"] for c in content.CLUSTERS}
    for names in demo_content.CATEGORIES.values():
        assert set(names) == set(demo_content.LOCALES)
    listed = {code for codes in demo_content.INDUSTRY_CATEGORIES.values() for code in codes}
    assert listed == set(demo_content.CATEGORIES)


def test_quantity_tiers_get_cheaper_with_larger_orders(catalog):
    """Quantity tiers start above the MOQ, ask for ever more pieces and get strictly cheaper."""
    with_tiers = 0
    for _, product in catalog:
        tiers = product["quantity_tiers"]
        assert len(tiers) <= 3
        with_tiers += bool(tiers)
        previous_qty, previous_price = product["moq"], product["price_krw"]
        for tier in tiers:
            assert tier["min_qty"] > previous_qty
            assert 0 < tier["price_krw"] < previous_price
            previous_qty, previous_price = tier["min_qty"], tier["price_krw"]
    assert with_tiers > len(catalog) / 2


def test_english_titles_are_unique_per_maker(catalog):
    """No maker lists two products under the same English title."""
    seen: set[tuple[int, str]] = set()
    for index, product in catalog:
        key = (index, product["title"]["en"].lower())
        assert key not in seen, key
        seen.add(key)


def test_trade_fields_are_plausible(catalog):
    """HS codes have 6 digits; prices, units, MOQs, weights, sizes and Incoterms are filled in sensibly."""
    for _, product in catalog:
        assert re.fullmatch(r"\d{6}", product["hs_code"])
        assert product["price_krw"] > 0 and product["price_krw"] % 100 == 0
        assert product["unit"] in {"piece", "pair", "set", "box", "meter"}
        assert product["moq"] >= 1 and product["lead_time_days"] > 0 and product["weight_g"] > 0
        assert product["materials"] and all(isinstance(m, str) for m in product["materials"])
        dims = product["dimensions_mm"]
        assert dims is None or (len(dims) == 3 and all(isinstance(d, int) and d > 0 for d in dims))
        terms = product["incoterms"]
        assert terms and set(terms) <= {"EXW", "FOB", "CIF", "DAP", "DDP"}


def test_prices_follow_the_category(catalog):
    """Shoes, rings, printed matter and knitwear cost what such products cost wholesale in Korea."""
    ranges = {
        "shoes": (90_000, 350_000),
        "rings": (40_000, 900_000),
        "machined_parts": (3_000, 250_000),
        "printed_matter": (300, 20_000),
        "knitwear": (35_000, 180_000),
        "electronic_modules": (2_000, 60_000),
    }
    for _, product in catalog:
        low, high = ranges.get(product["category"], (1, 15_000_000))
        assert low <= product["price_krw"] <= high, product


def test_generate_products_keeps_titles_unique_for_a_large_count():
    """Even a maker asked for many products gets distinct English titles."""
    maker = content.generate_makers(random.Random(1), 30)[0]
    maker = dict(
        maker, industry=next(c["industry"] for c in content.CLUSTERS if c["code"] == maker["cluster_code"])
    )
    products = demo_content.generate_products(random.Random(3), maker, 40)
    titles = [p["title"]["en"] for p in products]
    assert len(set(titles)) == len(titles) == 40
