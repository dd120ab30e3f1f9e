"""Quotes: the maker offers a price (with payment terms) or declines; the buyer accepts one offer, which becomes
an order of the one order table (:func:`market.orders.services.placing.place_quote_order`) at the quote's price,
currency and terms. Accepting a quote on a batch sent to several makers closes the batch's other requests and
tells their makers. Each step moves the RFQ through its transition table and tells the other side."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from sqlmodel import Session

from i18n import content
from i18n.locales import DEFAULT_LOCALE
from i18n.money import format_money
from market.accounts.models import Organization, User
from market.db import utcnow
from market.orders.models import WholesaleOrder
from market.orders.services.common import OrderError
from market.orders.services.placing import place_quote_order
from market.orders.services.terms import check_terms, terms_of
from market.payments.amounts import round_amount
from market.rfq.models import (
    QUOTE_TRANSITIONS,
    DeclineReason,
    QuoteStatus,
    Rfq,
    RfqQuote,
    RfqStatus,
    Side,
)
from market.rfq.services.checks import collect, parse_amount, parse_currency_code
from market.rfq.services.common import (
    DECLINE_REASONS,
    MAX_NOTE,
    MAX_TERMS,
    RfqError,
    acts_as,
    conflict,
    get_rfq_for,
    mark_first_response,
    move_rfq,
    notify_side,
    today,
)
from market.transitions import apply_transition

MAX_LEAD_TIME_DAYS = 730
MAX_QUOTE_VALIDITY_DAYS = 365


def is_expired(quote: RfqQuote, on: dt.date | None = None) -> bool:
    """A quote is valid through its ``valid_until`` day (UTC) and expired after it."""
    return quote.valid_until < (on or today())


def quote_total(quote: RfqQuote, quantity: int) -> Decimal:
    """The quote's price for ``quantity`` units, rounded to its currency's minor unit."""
    return round_amount(Decimal(quote.unit_price) * quantity, quote.currency)


def send_quote(session: Session, user: User, rfq_id: int, *, unit_price, currency, lead_time_days,
               valid_until: dt.date, terms: str | None = "", payment_terms=None, deposit_percent=None,
               net_days=None) -> RfqQuote:
    """The maker offers a price (in any supported currency) with payment terms (full prepayment by default, a
    deposit percentage, or net 30/60) and notifies the buyer.

    Refuses non-parties (not_found), the buyer (forbidden), a declined, accepted or closed RFQ (409), an unknown
    currency, a price that is not a positive amount of it, a lead time outside 0–730 days, a validity date
    before today or more than a year ahead, terms over 4000 characters, and payment terms that
    :func:`market.orders.services.terms.check_terms` refuses.
    """
    rfq, _side = get_rfq_for(session, user, rfq_id)
    if not acts_as(session, user, rfq, Side.maker):
        raise RfqError(_("Only the maker can quote."), code="forbidden", status=403)
    errors: dict[str, str] = {}
    code = collect(errors, parse_currency_code, currency)
    price = collect(errors, parse_amount, unit_price, code, "unit_price") if code else None
    try:
        lead = int(lead_time_days)
    except (TypeError, ValueError):
        lead = None
    if lead is None or not 0 <= lead <= MAX_LEAD_TIME_DAYS:
        errors["lead_time_days"] = _("Enter a lead time between 0 and %(n)d days.", n=MAX_LEAD_TIME_DAYS)
    now = today()
    if not isinstance(valid_until, dt.date) or valid_until < now:
        errors["valid_until"] = _("Choose today or a later date.")
    elif valid_until > now + dt.timedelta(days=MAX_QUOTE_VALIDITY_DAYS):
        errors["valid_until"] = _("A quote can be valid for at most a year.")
    terms = (terms or "").strip()
    if len(terms) > MAX_TERMS:
        errors["terms"] = _("Write at most %(n)d characters.", n=MAX_TERMS)
    try:
        payment = check_terms(payment_terms, deposit_percent, net_days)
    except OrderError as exc:
        errors.update(exc.fields)
        payment = None
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)
    move_rfq(session, rfq, RfqStatus.quoted, Side.maker)
    quote = RfqQuote(rfq_id=rfq.id, created_by_id=user.id, unit_price=price, currency=code, lead_time_days=lead,
                     valid_until=valid_until, terms=terms, payment_terms=payment.kind.value,
                     deposit_percent=payment.deposit_percent, net_days=payment.net_days)
    session.add(quote)
    session.flush()
    mark_first_response(session, rfq)
    maker = session.get(Organization, rfq.maker_org_id).name
    notify_side(session, rfq, Side.buyer, user.id, "rfq.quote", lambda: _(
        "%(maker)s quoted %(price)s per unit on request for quote #%(id)d, valid until %(date)s.",
        maker=maker, price=format_money(quote.unit_price, quote.currency), id=rfq.id,
        date=format_date(quote.valid_until)))
    return quote


def decline_rfq(session: Session, user: User, rfq_id: int, reason: str, note: str | None = "") -> Rfq:
    """The maker declines with a reason from :data:`~market.rfq.services.common.DECLINE_REASONS` and an optional
    note; offers still open are withdrawn and the buyer is notified. Refuses non-parties (not_found), the buyer
    (forbidden), an unknown reason, a note over 2000 characters, and an RFQ already declined or accepted (409)."""
    rfq, _side = get_rfq_for(session, user, rfq_id)
    if not acts_as(session, user, rfq, Side.maker):
        raise RfqError(_("Only the maker can decline."), code="forbidden", status=403)
    try:
        reason_code = DeclineReason(reason)
    except ValueError as exc:
        raise RfqError(_("Choose a reason."), "reason") from exc
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise RfqError(_("Write at most %(n)d characters.", n=MAX_NOTE), "note")
    move_rfq(session, rfq, RfqStatus.declined, Side.maker, decline_reason=reason_code.value,
             decline_note=note or None, declined_at=utcnow())
    session.exec(sa.update(RfqQuote).where(RfqQuote.rfq_id == rfq.id, RfqQuote.status == QuoteStatus.offered)
                 .values(status=QuoteStatus.withdrawn).execution_options(synchronize_session="fetch"))
    mark_first_response(session, rfq)
    maker = session.get(Organization, rfq.maker_org_id).name
    notify_side(session, rfq, Side.buyer, user.id, "rfq.declined", lambda: _(
        "%(maker)s declined request for quote #%(id)d: %(reason)s.", maker=maker, id=rfq.id,
        reason=DECLINE_REASONS[reason_code]) + (f"\n\n{note}" if note else ""))
    return rfq


def accept_quote(session: Session, user: User, quote_id: int, shipping_address: str | None = "") -> WholesaleOrder:
    """The buyer accepts a quote: the RFQ becomes accepted, the other offers are superseded, and an order at the
    quote's price, currency and payment terms is placed (awaiting the deposit or full payment, or placed under
    net terms); the maker is notified. On a batch sent to several makers, the batch's other requests are closed,
    their offers superseded, and their makers told.

    Refuses non-parties (not_found), the maker (forbidden), and (409) a quote that expired, was already
    accepted or is no longer on offer, an RFQ that is not quoted, and net terms for a buyer not approved for
    them. Only one quote per RFQ (and per batch) can win: the RFQ's and the quote's status change by conditional
    UPDATE, and the batch's other requests are closed the same way.
    """
    quote = session.get(RfqQuote, quote_id)
    if quote is None:
        raise RfqError(_("Quote not found."), code="not_found", status=404)
    rfq, _side = get_rfq_for(session, user, quote.rfq_id)
    if not acts_as(session, user, rfq, Side.buyer):
        raise RfqError(_("Only the buyer can accept a quote."), code="forbidden", status=403)
    if quote.status == QuoteStatus.accepted or rfq.status == RfqStatus.accepted:
        raise conflict(_("A quote on this request was already accepted."), "already_accepted")
    if quote.status != QuoteStatus.offered or rfq.status == RfqStatus.closed:
        raise conflict(_("This quote is no longer on offer."), "not_on_offer")
    on = today()
    if is_expired(quote, on):
        raise conflict(_("This quote expired on %(date)s. Ask the maker for a new one.",
                         date=format_date(quote.valid_until)), "quote_expired")
    move_rfq(session, rfq, RfqStatus.accepted, Side.buyer)
    # The quote's own step: from on offer, and only while it is still valid.
    apply_transition(session, quote, QUOTE_TRANSITIONS, QuoteStatus.accepted, role=Side.buyer,
                     expected=QuoteStatus.offered, values={"accepted_at": utcnow()},
                     where=[RfqQuote.valid_until >= on])
    _supersede_others(session, rfq.id, quote.id)
    session.refresh(quote)
    title = _("Request for quote #%(id)d", id=rfq.id)
    if rfq.product_id:
        found = content.resolve_many(session, "product", [rfq.product_id], "title", DEFAULT_LOCALE).get(rfq.product_id)
        title = found.text if found else title
    try:
        order = place_quote_order(
            session, user, rfq_id=rfq.id, quote_id=quote.id, buyer_org_id=rfq.buyer_org_id,
            maker_org_id=rfq.maker_org_id, product_id=rfq.product_id, title=title, quantity=rfq.quantity,
            unit_price=quote.unit_price, currency=quote.currency, total=quote_total(quote, rfq.quantity),
            terms=terms_of(quote), shipping_country=rfq.destination_country, shipping_address=shipping_address)
    except sa.exc.IntegrityError as exc:
        raise conflict(_("A quote on this request was already accepted."), "already_accepted") from exc
    buyer = session.get(Organization, rfq.buyer_org_id).name
    notify_side(session, rfq, Side.maker, user.id, "rfq.accepted", lambda: _(
        "%(buyer)s accepted your quote on request for quote #%(id)d. Order #%(order)d was placed.",
        buyer=buyer, id=rfq.id, order=order.id))
    if rfq.batch_id is not None:
        _close_batch(session, user, rfq, buyer)
    return order


def _supersede_others(session: Session, rfq_id: int, quote_id: int | None = None) -> None:
    where = [RfqQuote.rfq_id == rfq_id, RfqQuote.status == QuoteStatus.offered]
    if quote_id is not None:
        where.append(RfqQuote.id != quote_id)
    session.exec(sa.update(RfqQuote).where(*where).values(status=QuoteStatus.superseded)
                 .execution_options(synchronize_session="fetch"))


def _close_batch(session: Session, user: User, accepted: Rfq, buyer: str) -> None:
    """Close the batch's other open or quoted requests (their offers are not chosen) and tell their makers."""
    others = session.exec(sa.select(Rfq).where(Rfq.batch_id == accepted.batch_id, Rfq.id != accepted.id,
                                               Rfq.status.in_([RfqStatus.open, RfqStatus.quoted]))).scalars().all()
    for other in others:
        move_rfq(session, other, RfqStatus.closed, Side.buyer)
        _supersede_others(session, other.id)
        notify_side(session, other, Side.maker, user.id, "rfq.closed", lambda o=other: _(
            "%(buyer)s chose another maker's quote for request for quote #%(id)d. Thank you for your offer.",
            buyer=buyer, id=o.id))
