"""Money: prices are integer KRW; buyers see them converted with the admin-maintained exchange-rate table.

A rate is "KRW per one unit" of a currency on a date. Conversions round to the currency's minor units (none for
KRW, JPY and VND; cents for USD, EUR and CNY) and keep the rate they used, so quotes and orders can store it. A
line total is the converted, rounded unit price times the quantity (:func:`line_amount`), never the won total
converted on its own, so what a page shows adds up.

This module is the one way money is written (:func:`format_money`, with "CN¥" for the yuan on every locale), for
pages through its filters (``|money``, ``|money_at``, ``|money_lines``, ``|minor_money``, ``|money_in``), PDFs
and mails.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import sqlalchemy as sa
from babel.numbers import format_currency, get_currency_precision, get_currency_symbol
from flask import current_app, g, has_request_context, request
from flask import session as web_session
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlmodel import Field, Session, SQLModel, select

from i18n.times import UTCDateTime, utcnow

SESSION_EXTENSION = "i18n.money.session"

CURRENCIES = ("KRW", "USD", "JPY", "CNY", "EUR", "VND")
LOCALE_CURRENCY = {"ko": "KRW", "en": "USD", "ja": "JPY", "zh_Hans": "CNY", "vi": "VND"}


class ExchangeRate(SQLModel, table=True):
    """How many won one unit of ``currency`` was worth on ``rate_date``."""

    __tablename__ = "exchange_rates"
    __table_args__ = (sa.UniqueConstraint("currency", "rate_date"),)

    id: int | None = Field(default=None, primary_key=True)
    currency: str = Field(max_length=3, index=True)
    krw_per_unit: Decimal = Field(sa_type=sa.Numeric(18, 6))
    rate_date: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")


class MoneyError(ValueError):
    """A refused rate or conversion; ``field`` names the form field it belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclasses.dataclass(frozen=True)
class Rate:
    """One currency's rate in effect."""

    currency: str
    krw_per_unit: Decimal
    rate_date: dt.date | None


@dataclasses.dataclass(frozen=True)
class Converted:
    """An amount in a currency, with the rate it was converted at (``None`` for KRW itself)."""

    amount: Decimal
    currency: str
    rate: Rate | None

    def as_api(self) -> dict:
        """``{"amount": "12.50", "currency": "USD"}`` as the API shows converted money."""
        return {"amount": str(self.amount), "currency": self.currency}


KRW_RATE = Rate("KRW", Decimal(1), None)


def parse_currency(code: str) -> str:
    """A supported currency code, upper-cased; refuses others."""
    code = (code or "").strip().upper()
    if code not in CURRENCIES:
        raise MoneyError(_("Choose one of: %(list)s.", list=", ".join(CURRENCIES)), "currency")
    return code


REFERENCE_RATES_FILE = Path(__file__).parent / "data" / "reference_rates.json"


def reference_rates() -> list[dict]:
    """The starting rate of every currency buyers can choose (``currency``, ``krw_per_unit`` as a string,
    ``rate_date``): reference data the migrations put in every database, so a new installation converts prices
    and quotes from its first day. They are dated; an admin enters newer ones on the rates page."""
    data = json.loads(REFERENCE_RATES_FILE.read_text(encoding="utf-8"))
    day = dt.date.fromisoformat(data["rate_date"])
    return [{"currency": currency, "krw_per_unit": value, "rate_date": day}
            for currency, value in data["krw_per_unit"].items()]


def set_rate(session: Session, currency: str, krw_per_unit, rate_date: dt.date, user_id: int | None = None
             ) -> ExchangeRate:
    """Record a rate (replacing that currency's rate for the same date); refuses KRW, non-positive or future."""
    currency = parse_currency(currency)
    if currency == "KRW":
        raise MoneyError(_("KRW is the base currency; its rate is always 1."), "currency")
    try:
        value = Decimal(str(krw_per_unit))
    except (InvalidOperation, ValueError) as exc:
        raise MoneyError(_("Enter the rate as a number, e.g. 1390.50."), "krw_per_unit") from exc
    if not value.is_finite() or value <= 0 or value >= Decimal("1e12"):
        raise MoneyError(_("The rate must be a positive number of won."), "krw_per_unit")
    if rate_date > dt.date.today() + dt.timedelta(days=1):
        raise MoneyError(_("The rate date cannot be in the future."), "rate_date")
    row = session.exec(select(ExchangeRate).where(ExchangeRate.currency == currency,
                                                  ExchangeRate.rate_date == rate_date)).first()
    if row is None:
        row = ExchangeRate(currency=currency, krw_per_unit=value, rate_date=rate_date, created_by_id=user_id)
    else:
        row.krw_per_unit, row.created_by_id, row.created_at = value, user_id, utcnow()
    session.add(row)
    session.flush()
    return row


def latest_rates(session: Session) -> dict[str, Rate]:
    """The newest rate of each currency (KRW always 1); currencies without a rate are absent."""
    rates = {"KRW": KRW_RATE}
    rows = session.exec(select(ExchangeRate).order_by(ExchangeRate.currency, ExchangeRate.rate_date.desc()))
    for row in rows:
        rates.setdefault(row.currency, Rate(row.currency, Decimal(row.krw_per_unit), row.rate_date))
    return rates


def rate_date_of(session: Session, currency: str, krw_per_unit, on: dt.date) -> dt.date | None:
    """The date of the rate ``krw_per_unit`` of ``currency`` in effect on ``on`` (the rate an order or quote kept),
    or None when the table has no such rate."""
    if not krw_per_unit or currency == "KRW":
        return None
    return session.exec(select(ExchangeRate.rate_date).where(
        ExchangeRate.currency == currency, ExchangeRate.krw_per_unit == Decimal(str(krw_per_unit)),
        ExchangeRate.rate_date <= on).order_by(ExchangeRate.rate_date.desc())).first()


def rate_history(session: Session, limit: int = 50) -> list[ExchangeRate]:
    """The most recent rate entries, newest first."""
    return list(session.exec(select(ExchangeRate).order_by(ExchangeRate.rate_date.desc(), ExchangeRate.currency)
                             .limit(limit)))


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-get_currency_precision(currency))


def convert_krw(amount_krw: int, currency: str, rates: dict[str, Rate]) -> Converted | None:
    """``amount_krw`` in ``currency`` rounded to its minor units, or None when there is no rate for it."""
    rate = rates.get(currency)
    if rate is None:
        return None
    amount = (Decimal(amount_krw) / rate.krw_per_unit).quantize(_quantum(currency), rounding=ROUND_HALF_UP)
    return Converted(amount, currency, None if currency == "KRW" else rate)


def to_krw(amount, currency: str, rates: dict[str, Rate]) -> int | None:
    """An amount in ``currency`` as whole won (for filters typed in the buyer's currency), or None."""
    rate = rates.get(currency)
    if rate is None:
        return None
    return int((Decimal(str(amount)) * rate.krw_per_unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# Symbols that must not depend on the page's language: CLDR writes the yuan "元" on Japanese pages and "¥" on
# Chinese ones, where a buyer comparing prices takes it for yen. Every page, PDF and mail writes "CN¥".
UNAMBIGUOUS_SYMBOLS = {"CNY": "CN¥"}


@functools.lru_cache(maxsize=64)
def _symbol_swap(currency: str, locale: str) -> tuple[str, str] | None:
    wanted = UNAMBIGUOUS_SYMBOLS.get(currency)
    if wanted is None:
        return None
    symbol = get_currency_symbol(currency, locale=locale)
    return None if symbol == wanted else (symbol, wanted)


def format_money(amount, currency: str, locale: str | None = None) -> str:
    """An amount formatted for the locale ("$12.50", "12.346 ₫", "￥1,235", "CN¥1,420.33" on every locale).

    This is the one function that writes money, for pages (the ``|money``, ``|money_at``, ``|money_lines`` and
    ``|minor_money`` filters), PDFs and mails."""
    from flask_babel import get_locale

    # Passing Flask-Babel's Locale object (not its name) spares Babel parsing the locale on every price.
    locale = locale or get_locale()
    text = format_currency(amount, currency, locale=locale)
    swap = _symbol_swap(currency, str(locale))
    return text.replace(swap[0], swap[1], 1) if swap else text


def format_minor(amount_minor: int, currency: str, locale: str | None = None) -> str:
    """An amount in the currency's minor units (cents; whole units for KRW and JPY) formatted for the locale."""
    exponent = get_currency_precision(currency)
    amount = Decimal(int(amount_minor)).scaleb(-exponent).quantize(Decimal(1).scaleb(-exponent))
    return format_money(amount, currency, locale)


# --- line totals: the unit price is converted and rounded, then multiplied ----------------------------------


def convert_at(amount_krw: int, currency: str, krw_per_unit) -> Decimal:
    """``amount_krw`` in ``currency`` at ``krw_per_unit`` won per unit, rounded half up to its minor units (won
    unchanged for KRW or without a rate)."""
    rate = Decimal(str(krw_per_unit)) if krw_per_unit else None
    if currency == "KRW" or not rate or rate <= 0:
        return Decimal(int(amount_krw))
    return (Decimal(int(amount_krw)) / rate).quantize(_quantum(currency), rounding=ROUND_HALF_UP)


def line_amount(unit_krw: int, quantity: int, currency: str, krw_per_unit) -> Decimal:
    """A line's total in ``currency``: the unit price converted and rounded to the currency's minor units first,
    then multiplied, so the total always equals unit × quantity as shown (30 × ¥27,336 = ¥820,080)."""
    return convert_at(unit_krw, currency, krw_per_unit) * int(quantity)


def lines_amount(lines, currency: str, krw_per_unit) -> Decimal:
    """The sum of :func:`line_amount` over ``(unit_krw, quantity)`` pairs: what the lines shown add up to."""
    return sum((line_amount(unit, qty, currency, krw_per_unit) for unit, qty in lines), Decimal(0))


# --- the buyer's currency in pages ----------------------------------------------------------------------------


def current_currency() -> str:
    """The currency chosen by the visitor (kept in the session), else the locale's."""
    from i18n.locales import current_locale

    if has_request_context():
        chosen = web_session.get("currency")
        if chosen in CURRENCIES:
            return chosen
    return LOCALE_CURRENCY.get(current_locale(), "USD")


def page_rates() -> dict[str, Rate]:
    """The rates in effect, read once per request."""
    if "page_rates" not in g:
        g.page_rates = latest_rates(current_app.extensions[SESSION_EXTENSION]())
    return g.page_rates


def money_filter(amount_krw: int | None, currency: str | None = None, quantity: int = 1) -> Markup:
    """Jinja ``|money``: a KRW amount in the visitor's currency with the rate date, plus the won amount;
    ``quantity`` makes it a line total (the unit price converted and rounded first, then multiplied)."""
    if amount_krw is None:
        return Markup("")
    currency = currency or current_currency()
    krw_text = escape(format_money(int(amount_krw) * int(quantity), "KRW"))
    converted = convert_krw(amount_krw, currency, page_rates())
    if converted is None or currency == "KRW":
        return Markup('<span class="money">{}</span>').format(krw_text)
    from flask_babel import format_date

    rate_note = _("at the rate of %(date)s", date=format_date(converted.rate.rate_date))
    return Markup('<span class="money" data-currency="{cur}">{amount}</span> '
                  '<span class="money-krw">({krw}, {note})</span>').format(
        cur=currency, amount=format_money(converted.amount * int(quantity), currency), krw=krw_text, note=rate_note)


def _converted_markup(amount: Decimal, currency: str, amount_krw: int) -> Markup:
    if currency == "KRW":
        return Markup('<span class="money">{}</span>').format(format_money(amount_krw, "KRW"))
    return Markup('<span class="money" data-currency="{cur}">{amount}</span> '
                  '<span class="money-krw">({krw})</span>').format(
        cur=currency, amount=format_money(amount, currency), krw=format_money(amount_krw, "KRW"))


def money_at_filter(amount_krw: int | None, currency: str, krw_per_unit, quantity: int = 1) -> Markup:
    """Jinja ``|money_at(currency, rate, quantity=1)``: a KRW unit amount at a kept rate (an order's), times
    ``quantity``, in that currency with the won amount beside it."""
    if amount_krw is None:
        return Markup("")
    if currency != "KRW" and not krw_per_unit:
        currency = "KRW"
    return _converted_markup(line_amount(amount_krw, quantity, currency, krw_per_unit), currency,
                             int(amount_krw) * int(quantity))


def _attribute(obj, path: str):
    for name in path.split("."):
        obj = getattr(obj, name)
    return obj


def money_lines_filter(lines, currency: str | None = None, krw_per_unit=None, unit: str = "unit_price_krw",
                       quantity: str = "quantity") -> Markup:
    """Jinja ``|money_lines(currency, rate)``: the total of lines (objects with a won ``unit`` price and a
    ``quantity``, attribute paths) as the sum of their shown line totals; the visitor's currency at today's rate
    without ``currency`` and ``krw_per_unit``."""
    pairs = [(int(_attribute(line, unit)), int(_attribute(line, quantity))) for line in lines]
    if currency is None:
        currency = current_currency()
        rate = page_rates().get(currency)
        krw_per_unit = rate.krw_per_unit if rate else None
    if currency != "KRW" and not krw_per_unit:
        currency = "KRW"
    return _converted_markup(lines_amount(pairs, currency, krw_per_unit), currency,
                             sum(u * q for u, q in pairs))


def minor_money_filter(amount_minor: int | None, currency: str) -> str:
    """Jinja ``|minor_money(currency)``: an amount in minor units (a payment's) formatted for the locale."""
    return "" if amount_minor is None else format_minor(amount_minor, currency)


def money_in_filter(amount, currency: str | None) -> str:
    """Jinja ``|money_in(currency)``: an amount already in ``currency`` (a quote's or a jewelry order's decimal)
    formatted for the locale; empty without an amount or a currency."""
    if amount is None or not currency:
        return ""
    return format_money(Decimal(str(amount)), currency)


def init_app(app, get_session) -> None:
    """Register ``|money``, keep a chosen currency from ``?currency=`` in the session, share the choices;
    ``get_session`` gives the request's database session, from which pages read the rates."""
    app.extensions[SESSION_EXTENSION] = get_session
    app.add_template_filter(money_filter, "money")
    app.add_template_filter(money_at_filter, "money_at")
    app.add_template_filter(money_lines_filter, "money_lines")
    app.add_template_filter(minor_money_filter, "minor_money")
    app.add_template_filter(money_in_filter, "money_in")

    @app.before_request
    def _remember_currency():
        chosen = request.args.get("currency", "").upper()
        if chosen in CURRENCIES:
            web_session["currency"] = chosen

    @app.context_processor
    def _money_context():
        return {"CURRENCIES": CURRENCIES, "current_currency": current_currency}
