"""Shipping and returns: each maker's free-shipping threshold and returns policy, the admin's table of shipping
rates, and the estimate of carriage and import duties a buyer sees at checkout and the order keeps.

Every figure here is an estimate and is never charged: the order's total is its goods. The incoterm says who
arranges and pays what (Incoterms 2020):

- EXW, FOB: the buyer's forwarder carries the goods from Seoul; the estimate is what that carriage may cost;
- CIF, DAP: the maker arranges the carriage to the destination (free above the maker's threshold);
- DDP: as DAP, and the maker also pays the import duties and taxes.

Otherwise the buyer pays the duties and taxes to customs on import. A rate row is chosen for the destination
country first, then the European Union, then its continent, then the world (``001``), and within a destination
by the shipment's weight when every product has one, else by the order's value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pycountry
from babel.core import get_global
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n import content
from market.accounts.models import OrganizationKind, User
from market.db import utcnow
from market.orders.models import MakerShippingPolicy, ShippingRate
from market.orders.services.common import OrderError, org_ids

INCOTERMS = ("EXW", "FOB", "CIF", "DAP", "DDP")  # as products offer them (catalog.products.services.INCOTERMS)
DEFAULT_INCOTERM = "DAP"
MAKER_CARRIES = frozenset({"CIF", "DAP", "DDP"})
MAKER_PAYS_DUTIES = frozenset({"DDP"})

POLICY_ENTITY = "maker_policy"  # i18n.content entity of a maker's returns note
MAX_RETURNS_NOTE = 1000
MAX_SOURCE = 200
MAX_BAND = 10**12

# --- destinations ------------------------------------------------------------------------------------------------

WORLD = "001"
EU = "EU"
EU_MEMBERS = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
# Continents by UN M49 code, told from the first time zone CLDR lists for a country ("Asia/Tokyo" → Asia).
CONTINENTS = {"Asia": "142", "Europe": "150", "America": "019", "Africa": "002", "Australia": "009",
              "Pacific": "009"}
REGIONS = (EU, "142", "150", "019", "002", "009", WORLD)


def continent_of(country: str) -> str | None:
    """The UN M49 code of the country's continent, or None (islands of the Atlantic or Indian Ocean)."""
    zones = get_global("territory_zones").get(country.upper()) or []
    return CONTINENTS.get(zones[0].split("/", 1)[0]) if zones else None


def destination_chain(country: str) -> list[str]:
    """The destinations a shipment to ``country`` is looked up under, most specific first."""
    chain = [country.upper()]
    if country.upper() in EU_MEMBERS:
        chain.append(EU)
    continent = continent_of(country)
    if continent:
        chain.append(continent)
    chain.append(WORLD)
    return chain


def destination_label(code: str) -> str:
    """A destination (country or region) named in the page's language by CLDR."""
    return get_locale().territories.get(code, code)


def destination_choices() -> list[tuple[str, str]]:
    """The regions first, then every country, named in the page's language (for the admin's form)."""
    countries = sorted(((c.alpha_2, destination_label(c.alpha_2)) for c in pycountry.countries),
                       key=lambda pair: pair[1])
    return [(code, destination_label(code)) for code in REGIONS] + countries


def parse_destination(value) -> str:
    """A region code or ISO country code; refuses others."""
    code = str(value or "").strip().upper()
    if code in REGIONS or (len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None):
        return code
    raise OrderError(_("Choose a country or region."), "destination")


def parse_incoterm(value) -> str:
    """One of :data:`INCOTERMS` (DAP when empty); refuses others."""
    code = str(value or "").strip().upper() or DEFAULT_INCOTERM
    if code not in INCOTERMS:
        raise OrderError(_("Choose among %(list)s.", list=", ".join(INCOTERMS)), "incoterm")
    return code


# --- the maker's policy ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Policy:
    """A maker's shipping and returns policy as pages show it."""

    free_shipping_from_krw: int | None
    returns_days: int | None
    returns_note: content.LocalizedText | None

    @property
    def returns_text(self) -> str:
        """The returns policy in words, in the current language."""
        if self.returns_days:
            return _("Returns accepted within %(days)d days of delivery, in their original condition.",
                     days=self.returns_days)
        return _("No returns, except for goods that arrive damaged or defective.")


def _int_or_none(value, field: str, message: str, low: int, high: int) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except ValueError:
        raise OrderError(message, field) from None
    if not low <= number <= high:
        raise OrderError(message, field)
    return number


def maker_policies(session: Session, maker_ids, locale: str) -> dict[int, Policy]:
    """``{maker_id: Policy}`` for the makers that set one (returns notes in ``locale`` or a marked fallback)."""
    ids = [i for i in set(maker_ids) if i is not None]
    if not ids:
        return {}
    rows = session.exec(select(MakerShippingPolicy).where(MakerShippingPolicy.organization_id.in_(ids))).all()
    notes = content.resolve_many(session, POLICY_ENTITY, [row.organization_id for row in rows], "returns_note",
                                 locale)
    return {row.organization_id: Policy(row.free_shipping_from_krw, row.returns_days, notes.get(row.organization_id))
            for row in rows}


def maker_policy(session: Session, maker_id: int, locale: str) -> Policy | None:
    """The maker's policy, or None when it set none."""
    return maker_policies(session, [maker_id], locale).get(maker_id)


def _check_maker(session: Session, user: User, maker_org_id: int) -> None:
    if maker_org_id not in org_ids(session, user, OrganizationKind.maker):
        raise OrderError(_("Order not found."), code="not_found", status=404)


def policy_settings(session: Session, user: User, maker_org_id: int) -> tuple[MakerShippingPolicy | None, str]:
    """The maker's stored policy row and its returns note in the maker's own words (for its settings form);
    refuses outsiders (404)."""
    _check_maker(session, user, maker_org_id)
    row = session.get(MakerShippingPolicy, maker_org_id)
    texts = content.load_texts(session, POLICY_ENTITY, [maker_org_id])[maker_org_id].get("returns_note", {})
    note = next((t for t in texts.values() if t.source == content.TextSource.author), None)
    return row, note.text if note else ""


def set_policy(session: Session, user: User, maker_org_id: int, *, free_shipping_from_krw=None,
               returns_days=None, returns_note: str | None = None, locale: str = "ko") -> MakerShippingPolicy:
    """A member of a maker organisation sets its free-shipping threshold (won, empty for none) and returns
    policy (days after delivery, empty for no returns) with an optional note in ``locale``. Refuses outsiders
    (404), a threshold that is not a positive whole number of won, days outside 1–365 and a note over 1,000
    characters."""
    _check_maker(session, user, maker_org_id)
    threshold = _int_or_none(free_shipping_from_krw, "free_shipping_from_krw",
                             _("Enter the order value in won from which you ship for free, or leave it empty."),
                             1, MAX_BAND)
    days = _int_or_none(returns_days, "returns_days",
                        _("Enter between 1 and 365 days, or leave it empty if you take no returns."), 1, 365)
    note = (returns_note or "").strip()
    if len(note) > MAX_RETURNS_NOTE:
        raise OrderError(_("Keep the note under %(max)d characters.", max=MAX_RETURNS_NOTE), "returns_note")
    row = session.get(MakerShippingPolicy, maker_org_id) or MakerShippingPolicy(organization_id=maker_org_id)
    row.free_shipping_from_krw, row.returns_days = threshold, days
    row.updated_by_id, row.updated_at = user.id, utcnow()
    session.add(row)
    # The note is the maker's own text: it replaces the author's text and drops translations of the old one.
    old = content.load_texts(session, POLICY_ENTITY, [maker_org_id])[maker_org_id].get("returns_note", {})
    if old.get(locale) is None or old[locale].text != note:
        for loc in old:
            if loc != locale:
                content.set_text(session, POLICY_ENTITY, maker_org_id, "returns_note", loc, "")
    content.set_text(session, POLICY_ENTITY, maker_org_id, "returns_note", locale, note,
                     source=content.TextSource.author, reviewed=True, user_id=user.id)
    session.flush()
    return row


# --- the admin's rate table -------------------------------------------------------------------------------------


def _require_admin(user: User) -> None:
    if not (getattr(user, "is_authenticated", False) and getattr(user, "role", None) == "admin"):
        raise OrderError(_("Only staff can do this."), code="forbidden", status=403)


def list_rates(session: Session) -> list[ShippingRate]:
    """Every rate row, by destination, basis and band."""
    return list(session.exec(select(ShippingRate).order_by(ShippingRate.destination, ShippingRate.basis,
                                                           ShippingRate.band_min)))


def get_rate(session: Session, rate_id: int) -> ShippingRate | None:
    """One rate row, or None."""
    return session.get(ShippingRate, rate_id)


def save_rate(session: Session, staff: User, rate_id: int | None = None, *, destination, basis, band_min,
              band_max, shipping_krw, duty_percent, set_on, source, today: dt.date | None = None) -> ShippingRate:
    """An admin adds a rate row (or changes row ``rate_id``). Refuses others (403), an unknown row (404), an
    unknown destination or basis, bands that are not whole numbers from 0 with the upper bound above the lower
    one, a band overlapping another of the same destination and basis, a negative cost, duties outside 0–100 %,
    a date in the future or missing, and a missing source."""
    _require_admin(staff)
    row = None
    if rate_id is not None:
        row = session.get(ShippingRate, rate_id)
        if row is None:
            raise OrderError(_("This rate does not exist."), code="not_found", status=404)
    destination = parse_destination(destination)
    if basis not in ("weight", "value"):
        raise OrderError(_("Choose weight or order value."), "basis")
    low = _int_or_none(band_min, "band_min", _("Enter a whole number from 0."), 0, MAX_BAND) or 0
    high = _int_or_none(band_max, "band_max", _("Enter a whole number above the lower bound, or leave it empty."),
                        1, MAX_BAND)
    if high is not None and high <= low:
        raise OrderError(_("Enter a whole number above the lower bound, or leave it empty."), "band_max")
    cost = _int_or_none(shipping_krw, "shipping_krw", _("Enter the cost in whole won, 0 or more."), 0, MAX_BAND)
    if cost is None:
        raise OrderError(_("Enter the cost in whole won, 0 or more."), "shipping_krw")
    try:
        duty = Decimal(str(duty_percent).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        duty = None
    if duty is None or not duty.is_finite() or not 0 <= duty <= 100:
        raise OrderError(_("Enter the duties and taxes as a percent between 0 and 100."), "duty_percent")
    if not isinstance(set_on, dt.date):
        raise OrderError(_("Enter the date the rate was set."), "set_on")
    if set_on > (today or dt.date.today()):
        raise OrderError(_("The date cannot be in the future."), "set_on")
    source = " ".join(str(source or "").split())
    if not source:
        raise OrderError(_("Say where the rate comes from (a carrier's tariff, a customs table…)."), "source")
    if len(source) > MAX_SOURCE:
        raise OrderError(_("Keep the source under %(max)d characters.", max=MAX_SOURCE), "source")
    others = session.exec(select(ShippingRate).where(ShippingRate.destination == destination,
                                                     ShippingRate.basis == basis)).all()
    for other in others:
        if row is not None and other.id == row.id:
            continue
        if low < (other.band_max if other.band_max is not None else MAX_BAND + 1) and \
                other.band_min < (high if high is not None else MAX_BAND + 1):
            raise OrderError(_("This band overlaps another rate of the same destination and basis (from "
                               "%(low)s).", low=other.band_min), "band_min", code="overlap")
    row = row or ShippingRate(destination=destination, basis=basis, shipping_krw=cost, duty_percent=duty,
                              set_on=set_on, source=source)
    row.destination, row.basis, row.band_min, row.band_max = destination, basis, low, high
    row.shipping_krw, row.duty_percent = cost, duty.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    row.set_on, row.source, row.updated_by_id, row.updated_at = set_on, source, staff.id, utcnow()
    session.add(row)
    session.flush()
    return row


def delete_rate(session: Session, staff: User, rate_id: int) -> None:
    """An admin removes a rate row; refuses others (403) and unknown rows (404)."""
    _require_admin(staff)
    row = session.get(ShippingRate, rate_id)
    if row is None:
        raise OrderError(_("This rate does not exist."), code="not_found", status=404)
    session.delete(row)
    session.flush()


# --- the estimate -----------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Estimate:
    """The estimated carriage and import duties of one order (never charged)."""

    incoterm: str
    country: str
    shipping_krw: int | None  # None when the table has no rate for the destination
    duties_krw: int | None
    free_shipping: bool
    free_shipping_from_krw: int | None
    set_on: dt.date | None
    source: str | None
    not_offered: tuple[int, ...] = ()  # products whose maker lists incoterms without this one

    @property
    def maker_carries(self) -> bool:
        """Whether the maker arranges the carriage (CIF, DAP, DDP)."""
        return self.incoterm in MAKER_CARRIES

    @property
    def maker_pays_duties(self) -> bool:
        """Whether the maker pays the import duties and taxes (DDP)."""
        return self.incoterm in MAKER_PAYS_DUTIES

    @property
    def found(self) -> bool:
        """Whether the rate table had a rate for this shipment."""
        return self.shipping_krw is not None

    def explain(self) -> str:
        """Who arranges and pays what under the incoterm, in the current language."""
        if self.incoterm in ("EXW", "FOB"):
            return _("Under %(term)s your forwarder collects the goods in Korea: you pay the carriage and the "
                     "import duties and taxes.", term=self.incoterm)
        if self.maker_pays_duties:
            return _("Under DDP the maker ships to your door and pays the import duties and taxes.")
        return _("Under %(term)s the maker ships to your country; you pay the import duties and taxes to customs.",
                 term=self.incoterm)


def _find_rate(session: Session, country: str, weight_g: int | None, value_krw: int) -> ShippingRate | None:
    chain = destination_chain(country)
    rows = session.exec(select(ShippingRate).where(ShippingRate.destination.in_(chain))).all()
    for destination in chain:
        for basis, amount in (("weight", weight_g), ("value", value_krw)):
            if amount is None:
                continue
            for row in rows:
                if row.destination == destination and row.basis == basis and row.band_min <= amount and (
                        row.band_max is None or amount < row.band_max):
                    return row
    return None


def estimate(session: Session, *, country: str, incoterm: str, value_krw: int, weight_g: int | None,
             policy: Policy | None = None) -> Estimate:
    """The estimate for goods worth ``value_krw`` weighing ``weight_g`` (None when unknown) shipped to
    ``country`` under ``incoterm``: the rate table's cost (nothing when the maker carries the goods and the
    order reaches its free-shipping threshold) and the duties at the row's percent of the goods' value."""
    threshold = policy.free_shipping_from_krw if policy else None
    free = incoterm in MAKER_CARRIES and threshold is not None and value_krw >= threshold
    row = _find_rate(session, country, weight_g, value_krw)
    if row is None:
        return Estimate(incoterm, country, 0 if free else None, None, free, threshold, None, None)
    duties = int((Decimal(value_krw) * Decimal(row.duty_percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Estimate(incoterm, country, 0 if free else row.shipping_krw, duties, free, threshold, row.set_on,
                    row.source)


def shipment_weight(lines) -> int | None:
    """The weight in grams of cart or order lines (``product.weight_g`` × quantity), None when any product has no
    weight."""
    total = 0
    for product, quantity in lines:
        if not product.weight_g:
            return None
        total += product.weight_g * quantity
    return total


def cart_estimates(session: Session, cart, country: str, incoterm: str, locale: str) -> dict[int, Estimate]:
    """``{maker_id: Estimate}`` for each maker's group of the cart (its available lines)."""
    policies = maker_policies(session, [group.maker.id for group in cart.groups], locale)
    found = {}
    for group in cart.groups:
        lines = [line for line in group.lines if line.available]
        found[group.maker.id] = dataclasses.replace(estimate(
            session, country=country, incoterm=incoterm, value_krw=group.subtotal_krw,
            weight_g=shipment_weight([(line.product, line.item.quantity) for line in lines]),
            policy=policies.get(group.maker.id)), not_offered=not_offered(lines, incoterm))
    return found


def not_offered(lines, incoterm: str) -> tuple[int, ...]:
    """The ids of the cart lines' products whose maker lists the incoterms it offers without ``incoterm`` (a
    product listing none is open to any)."""
    return tuple(line.product.id for line in lines if line.product.incoterms and incoterm not in line.product.incoterms)


def keep_on_order(order, found: Estimate) -> None:
    """Copy the estimate onto the order (it keeps what the buyer saw)."""
    order.incoterm = found.incoterm
    order.shipping_estimate_krw, order.duties_estimate_krw = found.shipping_krw, found.duties_krw
    order.free_shipping, order.estimate_set_on, order.estimate_source = found.free_shipping, found.set_on, found.source
