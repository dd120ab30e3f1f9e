"""Money: KRW prices shown in buyers' currencies with the admin's dated rates, rounded per currency."""

import datetime as dt
from decimal import Decimal

import pytest

from i18n import money
from tests.factories.money import clear_rates
from tests.helpers import csrf_token


@pytest.fixture
def rates(app, db_session):
    """The rates an admin entered on 20 November 2026, and none for CNY (the reference rates removed)."""
    clear_rates(db_session)
    day = dt.date(2026, 11, 20)
    for currency, rate in {"USD": "1391.20", "JPY": "9.065", "EUR": "1468.40", "VND": "0.05487"}.items():
        money.set_rate(db_session, currency, rate, day)
    db_session.commit()
    return money.latest_rates(db_session)


def test_conversion_rounds_to_each_currencys_minor_units(rates):
    """USD and EUR keep cents; JPY and VND have no minor units; KRW stays whole won."""
    assert money.convert_krw(250_000, "USD", rates).amount == Decimal("179.70")
    assert money.convert_krw(250_000, "EUR", rates).amount == Decimal("170.25")
    assert money.convert_krw(250_000, "JPY", rates).amount == Decimal("27579")
    assert money.convert_krw(250_000, "VND", rates).amount == Decimal("4556224")
    assert money.convert_krw(250_000, "KRW", rates).amount == Decimal("250000")
    converted = money.convert_krw(250_000, "USD", rates)
    assert converted.rate.rate_date == dt.date(2026, 11, 20) and converted.as_api() == {"amount": "179.70",
                                                                                       "currency": "USD"}


def test_missing_rate_means_no_conversion(rates):
    """A currency without a rate is not converted (pages then show won)."""
    assert money.convert_krw(1000, "CNY", rates) is None
    assert money.to_krw("100", "CNY", rates) is None


def test_buyer_amounts_convert_back_to_won(rates):
    """A price filter typed in dollars becomes whole won."""
    assert money.to_krw("100", "USD", rates) == 139_120
    assert money.to_krw(Decimal("0.5"), "USD", rates) == 696


def test_newest_rate_wins_and_same_day_replaces(app, db_session, rates):
    """A newer rate takes effect; entering the same day again replaces that day's rate."""
    money.set_rate(db_session, "USD", "1400", dt.date(2026, 11, 21))
    money.set_rate(db_session, "USD", "1402.5", dt.date(2026, 11, 21))
    latest = money.latest_rates(db_session)
    assert latest["USD"].krw_per_unit == Decimal("1402.5") and latest["USD"].rate_date == dt.date(2026, 11, 21)
    assert len([r for r in money.rate_history(db_session) if r.currency == "USD"]) == 2


@pytest.mark.parametrize(("currency", "rate", "day", "field"), [
    ("KRW", "1", dt.date(2026, 11, 20), "currency"),
    ("GBP", "1800", dt.date(2026, 11, 20), "currency"),
    ("USD", "-3", dt.date(2026, 11, 20), "krw_per_unit"),
    ("USD", "abc", dt.date(2026, 11, 20), "krw_per_unit"),
    ("USD", "1390", dt.date(2099, 1, 1), "rate_date"),
])
def test_bad_rates_are_refused(app, db_session, currency, rate, day, field):
    """Unknown currencies, KRW itself, non-positive or non-numeric rates and future dates are refused."""
    before = money.latest_rates(db_session)
    with pytest.raises(money.MoneyError) as err:
        money.set_rate(db_session, currency, rate, day)
    assert err.value.field == field
    assert money.latest_rates(db_session) == before


def test_formatting_follows_the_locale():
    """Amounts are written the way each locale writes money."""
    assert money.format_money(Decimal("1234.5"), "USD", "en") == "$1,234.50"
    assert money.format_money(Decimal("1234.5"), "EUR", "vi") == "1.234,50\xa0€"
    assert money.format_money(Decimal("27579"), "JPY", "ja") == "￥27,579"
    assert money.format_money(250000, "KRW", "ko") == "₩250,000"


def test_admin_rates_page(signed_in, db_session):
    """An admin records a rate on the rates page; a bad one re-renders with a message and changes nothing."""
    client, _user, _org = signed_in("buyer", role="admin", country="KR")
    clear_rates(db_session)
    db_session.commit()
    token = csrf_token(client, "/en/admin/rates")
    bad = client.post("/en/admin/rates", data={"currency": "USD", "krw_per_unit": "-5", "rate_date": "2026-11-20",
                                               "csrf_token": token})
    assert bad.status_code == 422
    assert money.latest_rates(db_session) == {"KRW": money.KRW_RATE}
    good = client.post("/en/admin/rates", data={"currency": "USD", "krw_per_unit": "1391.20",
                                                "rate_date": "2026-11-20", "csrf_token": token})
    assert good.status_code == 302
    page = client.get("/en/admin/rates").get_data(as_text=True)
    assert "1,391.2" in page and "Nov 20, 2026" in page


def test_rates_page_is_for_admins_only(signed_in):
    """Members and curators get 403 on the rates page."""
    for role in ("member", "curator"):
        client, _user, _org = signed_in("buyer", role=role, country="US")
        assert client.get("/en/admin/rates").status_code == 403


# --- line totals and unambiguous symbols ------------------------------------------------------------------------


@pytest.mark.parametrize(("currency", "rate", "unit_krw", "quantity", "unit", "total"), [
    ("JPY", "9.065", 247_800, 30, Decimal("27336"), Decimal("820080")),  # not ¥820,077 from the won total
    ("USD", "1391.20", 48_000, 20, Decimal("34.50"), Decimal("690.00")),
    ("CNY", "193.10", 48_000, 20, Decimal("248.58"), Decimal("4971.60")),
])
def test_line_total_is_the_rounded_unit_price_times_quantity(currency, rate, unit_krw, quantity, unit, total):
    """A line total in the buyer's currency is exactly the shown unit price times the quantity."""
    assert money.convert_at(unit_krw, currency, rate) == unit
    assert money.line_amount(unit_krw, quantity, currency, rate) == total == unit * quantity
    assert money.lines_amount([(unit_krw, quantity), (unit_krw, 1)], currency, rate) == total + unit
    assert money.convert_at(unit_krw, "KRW", rate) == unit_krw


def test_cny_is_written_cn_yen_on_every_locale():
    """The yuan is "CN¥" on every locale (never "元" on Japanese pages or a bare "¥" on Chinese ones); the yen
    keeps its own sign."""
    for locale in ("en", "ko", "ja", "zh_Hans", "vi"):
        text = money.format_money(Decimal("1420.33"), "CNY", locale)
        assert "CN¥" in text and "元" not in text and "1" in text, (locale, text)
    assert money.format_money(Decimal("1420.33"), "CNY", "ja") == "CN¥1,420.33"
    assert money.format_money(Decimal("1420.33"), "CNY", "zh_Hans") == "CN¥1,420.33"
    assert money.format_money(Decimal("27579"), "JPY", "ja") == "￥27,579"
    assert money.format_minor(142033, "CNY", "ko") == "CN¥1,420.33"


@pytest.mark.parametrize("lang", ["ja", "zh-hans", "ko"])
def test_cny_prices_on_pages_are_unambiguous(client, db_session, make_org, lang):
    """A product page in Japanese, Chinese or Korean priced in yuan writes "CN¥", not "元" or a bare "¥"."""
    from tests.factories.makers import make_maker, make_product

    money.set_rate(db_session, "CNY", "193.10", dt.date(2026, 11, 20))
    maker = make_maker(db_session, make_org)
    product = make_product(db_session, maker, title={"ko": "가죽 지갑", "en": "Leather wallet"}, price_krw=48_000)
    page = client.get(f"/{lang}/products/{product.id}?currency=CNY")
    assert page.status_code == 200, page.status_code
    text = page.get_data(as_text=True)
    assert "CN¥248.58" in text and "元248" not in text and ">¥248" not in text and "¥248" not in text.replace(
        "CN¥248", "")
