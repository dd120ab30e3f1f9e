"""Money: KRW prices shown in buyers' currencies with the admin's dated rates, rounded per currency."""

import datetime as dt
from decimal import Decimal

import pytest

from i18n import money
from tests.helpers import csrf_token


@pytest.fixture
def rates(app, db_session):
    """The rates an admin entered on 20 November 2026."""
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
    with pytest.raises(money.MoneyError) as err:
        money.set_rate(db_session, currency, rate, day)
    assert err.value.field == field
    assert money.latest_rates(db_session) == {"KRW": money.KRW_RATE}


def test_formatting_follows_the_locale():
    """Amounts are written the way each locale writes money."""
    assert money.format_money(Decimal("1234.5"), "USD", "en") == "$1,234.50"
    assert money.format_money(Decimal("1234.5"), "EUR", "vi") == "1.234,50\xa0€"
    assert money.format_money(Decimal("27579"), "JPY", "ja") == "￥27,579"
    assert money.format_money(250000, "KRW", "ko") == "₩250,000"


def test_admin_rates_page(signed_in, db_session):
    """An admin records a rate on the rates page; a bad one re-renders with a message and changes nothing."""
    client, _user, _org = signed_in("buyer", role="admin", country="KR")
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
