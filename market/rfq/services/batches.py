"""One request sent to several makers: makers suggested by the matching engine for the request's text, the
batch sent (one RFQ per maker, tied by an :class:`~market.rfq.models.RfqBatch`), and the quotes received compared
side by side in the buyer's currency. Accepting one (:func:`market.rfq.services.quotes.accept_quote`) closes the
others and tells their makers."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from flask_babel import gettext as _
from sqlmodel import Session, select

from catalog.products.models import Product
from i18n.money import convert_krw, latest_rates, to_krw
from market.accounts.models import Organization, OrganizationKind, User
from market.orders.services.reviews import MakerRating, maker_ratings
from market.orders.services.terms import terms_of
from market.rfq.models import QuoteStatus, Rfq, RfqBatch, RfqQuote, RfqStatus
from market.rfq.services.common import RfqError, not_found, org_ids
from market.rfq.services.policies import get_policy
from market.rfq.services.quotes import is_expired, quote_total
from market.rfq.services.sending import RfqIncomplete, send_rfq
from matching.partners.services import find_partners

MAX_MAKERS = 5  # a batch asks at most this many makers

# A maker suggested for a request: (maker organisation, score 0–1, reasons in plain words).
Suggestion = tuple[Organization, float, list[str]]


def suggest_makers(session: Session, user: User, text: str, *, lang: str, viewer_lang: str, k: int = 8,
                   buyer_org_id: int | None = None) -> list[Suggestion]:
    """Up to ``k`` makers whose offer answers the request's text, best first, from the matching engine (as the
    prototype requests' suggestions do), each with the engine's explanation; empty when the text is too short
    or the engine cannot answer."""
    text = (text or "").strip()[:2000]
    if len(text) < 3:
        return []
    try:
        results = find_partners(session, text, lang=lang, viewer_lang=viewer_lang, kinds=["maker"], k=k,
                                viewer_org_id=buyer_org_id)
    except ValueError:  # the engine's refusals of a query it cannot answer
        return []
    seen: list[int] = []
    for result in results:
        if result.org_id not in seen:
            seen.append(result.org_id)
    orgs = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_(seen or [0]), Organization.kind == OrganizationKind.maker))}
    suggestions: list[Suggestion] = []
    for result in results:
        org = orgs.pop(result.org_id, None)
        if org is None:
            continue
        lines = []
        explanation = getattr(result, "explanation", None)
        if explanation is not None:
            if explanation.concepts:
                lines.append(_("Shared concepts: %(items)s.",
                               items=", ".join(c.label for c in explanation.concepts[:5])))
            lines.extend(reason.message for reason in explanation.reasons[:2])
        suggestions.append((org, round(float(getattr(result, "score", 0.0)), 3), lines))
    return suggestions


def send_rfq_to_makers(session: Session, user: User, maker_ids, **draft) -> RfqBatch:
    """Send the same request (arguments as :func:`~market.rfq.services.sending.assess_rfq`, without product or
    maker) to 1–5 makers at once: one RFQ per maker in one batch, each maker told.

    Refuses no maker or more than five (``maker_ids``), non-makers, what :func:`send_rfq` refuses for any of
    them, and a request below a maker's minimums (``maker_ids``, naming the maker); nothing is stored then."""
    ids: list[int] = []
    for value in maker_ids or ():
        try:
            maker_id = int(value)
        except (TypeError, ValueError):
            continue
        if maker_id not in ids:
            ids.append(maker_id)
    if not ids:
        raise RfqError(_("Choose at least one maker."), "maker_ids")
    if len(ids) > MAX_MAKERS:
        raise RfqError(_("Choose at most %(n)d makers.", n=MAX_MAKERS), "maker_ids")
    draft.pop("product_id", None)
    draft.pop("maker_id", None)
    batch = None
    for maker_id in ids:
        try:
            rfq = send_rfq(session, user, confirmed=True, maker_id=maker_id, **draft)
        except RfqIncomplete as exc:
            raise RfqError(_("%(maker)s does not accept this request: %(why)s", maker=exc.assessment.maker.name,
                             why=" ".join(exc.fields.values())), "maker_ids", code="below_minimum") from exc
        if batch is None:
            batch = RfqBatch(buyer_org_id=rfq.buyer_org_id, created_by_id=user.id)
            session.add(batch)
            session.flush()
        rfq.batch_id = batch.id
        session.add(rfq)
    session.flush()
    return batch


@dataclasses.dataclass
class ComparedQuote:
    """One maker's answer in the comparison: its RFQ, latest quote (None before it quotes), price in the
    buyer's currency, MOQ, payment terms and rating."""

    rfq: Rfq
    maker: Organization
    quote: RfqQuote | None
    total: Decimal | None  # in the quote's currency
    unit_in_currency: Decimal | None  # unit price in the buyer's currency (None without a rate)
    total_in_currency: Decimal | None
    moq: int
    payment_terms: str
    rating: MakerRating
    acceptable: bool


@dataclasses.dataclass
class BatchView:
    """A batch's quotes side by side, cheapest (in the buyer's currency) first, then those still waiting."""

    batch: RfqBatch
    currency: str
    rows: list[ComparedQuote]
    quantity: int
    message: str

    @property
    def accepted(self) -> ComparedQuote | None:
        """The maker whose quote was accepted, once one is."""
        return next((r for r in self.rows if r.rfq.status == RfqStatus.accepted), None)


def compare_batch(session: Session, user: User, batch_id: int, currency: str = "KRW") -> BatchView:
    """The batch's requests with each maker's latest quote, prices converted into ``currency`` at today's rate,
    lead time, MOQ, payment terms and maker rating; for the buyer's organisation only (others: not_found)."""
    batch = session.get(RfqBatch, batch_id)
    if batch is None or batch.buyer_org_id not in set(org_ids(session, user, OrganizationKind.buyer)):
        raise not_found()
    rfqs = list(session.exec(select(Rfq).where(Rfq.batch_id == batch.id).order_by(Rfq.id)))
    if not rfqs:
        raise not_found()
    makers = {o.id: o for o in session.exec(select(Organization).where(
        Organization.id.in_([r.maker_org_id for r in rfqs])))}
    quotes: dict[int, RfqQuote] = {}
    for quote in session.exec(select(RfqQuote).where(RfqQuote.rfq_id.in_([r.id for r in rfqs]))
                              .order_by(RfqQuote.created_at, RfqQuote.id)):
        if quote.status != QuoteStatus.withdrawn:
            quotes[quote.rfq_id] = quote  # the latest wins, except an accepted one stays
        if quote.status == QuoteStatus.accepted:
            quotes[quote.rfq_id] = quote
    rates = latest_rates(session)
    if currency not in rates:
        currency = "KRW"
    ratings = maker_ratings(session, makers)
    rows = []
    for rfq in rfqs:
        quote = quotes.get(rfq.id)
        product = session.get(Product, rfq.product_id) if rfq.product_id else None
        moq = max(get_policy(session, rfq.maker_org_id).min_quantity, product.moq if product else 1)
        total = unit_c = total_c = None
        if quote is not None:
            total = quote_total(quote, rfq.quantity)
            unit_c, total_c = _convert(quote.unit_price, quote.currency, currency, rates), \
                _convert(total, quote.currency, currency, rates)
        acceptable = (quote is not None and quote.status == QuoteStatus.offered and rfq.status == RfqStatus.quoted
                      and not is_expired(quote))
        rows.append(ComparedQuote(rfq, makers[rfq.maker_org_id], quote, total, unit_c, total_c, moq,
                                  terms_of(quote).describe() if quote is not None else "", ratings[rfq.maker_org_id],
                                  acceptable))
    rows.sort(key=lambda r: (r.quote is None, r.total_in_currency is None, r.total_in_currency or 0, r.rfq.id))
    return BatchView(batch, currency, rows, rfqs[0].quantity, rfqs[0].message)


def _convert(amount, from_currency: str, to_currency: str, rates) -> Decimal | None:
    if from_currency == to_currency:
        return Decimal(amount)
    krw = to_krw(amount, from_currency, rates)
    if krw is None:
        return None
    converted = convert_krw(krw, to_currency, rates)
    return converted.amount if converted else None

