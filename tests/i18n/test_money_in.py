"""``|money_in(currency)``: an amount already in its currency (a quote's, a jewelry order's) written by the one
money path, the yuan as CN¥ on every locale; the leftover feature filters are gone."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import force_locale


def test_money_in_formats_in_the_page_locale_with_one_symbol_for_the_yuan(app):
    """The filter writes the amount for the locale; CNY is CN¥ on Japanese pages too; no amount gives nothing."""
    money_in = app.jinja_env.filters["money_in"]
    with app.test_request_context("/ja/"), force_locale("ja"):
        assert money_in(Decimal("1420.33"), "CNY") == "CN¥1,420.33"
        assert money_in(Decimal("27336"), "JPY") == "￥27,336"
        assert money_in(None, "USD") == "" and money_in(Decimal(1), None) == ""
    for leftover in ("negotiated_money", "jewelry_money"):
        assert leftover not in app.jinja_env.filters
    from i18n.money import minor_money_filter

    assert app.jinja_env.filters["minor_money"] is minor_money_filter
