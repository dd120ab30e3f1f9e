"""API of requests for quote: send and read RFQs, quote, decline, talk, and accept a quote.

Amounts are decimal strings in the currency they were negotiated in (not KRW). Only the two parties see an
RFQ: others get 404 and nothing changes. Attachments are sent through the web form; the API lists them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pycountry
import pydantic
from flask import url_for

from i18n import vocabularies
from i18n.locales import current_locale
from i18n.money import CURRENCIES
from market.api import Routes, api_user, vocabulary_ids, vocabulary_texts
from market.db import get_session
from market.pages import ListPage, PageQuery
from market.rfq.models import INCOTERMS, Side
from market.rfq.services import checks, common, messages, queries, quotes, sending

routes = Routes()
MaterialId = vocabulary_ids("materials")
MaterialText = vocabulary_texts(checks.MAX_MATERIAL_TEXT)
PaymentTermId = vocabulary_ids("payment_terms")
PaymentTermText = vocabulary_texts(checks.MAX_PAYMENT_TERM_TEXT)

Status = Literal["open", "quoted", "declined", "accepted", "closed"]


class OrgRef(pydantic.BaseModel):
    """A party of the RFQ."""

    id: int
    name: str
    country: str


class AttachmentOut(pydantic.BaseModel):
    """A file sent with the RFQ; `url` downloads it (signed-in parties only)."""

    id: int
    filename: str
    content_type: str
    size_bytes: int
    url: str


class QuoteOut(pydantic.BaseModel):
    """A maker's offer."""

    id: int
    unit_price: str = pydantic.Field(description="Decimal string in `currency`")
    currency: str
    total: str = pydantic.Field(description="unit_price × the RFQ's quantity, in `currency`")
    lead_time_days: int
    valid_until: dt.date
    expired: bool
    terms: str
    payment_terms: Literal["prepaid", "deposit", "net"]
    deposit_percent: int | None
    net_days: int | None
    payment_terms_text: str = pydantic.Field(description="The payment terms in the answer's language")
    lead_time: str = pydantic.Field(description="`lead_time_days` in the answer's language (days or weeks)")
    status: Literal["offered", "accepted", "superseded", "withdrawn"]
    created_at: dt.datetime


class MessageOut(pydantic.BaseModel):
    """A message of the thread."""

    id: int
    side: Literal["buyer", "maker"]
    author_name: str
    body: str
    created_at: dt.datetime


class DeclineOut(pydantic.BaseModel):
    """Why the maker declined."""

    reason: str
    reason_text: str
    note: str | None
    declined_at: dt.datetime | None


class OrderOut(pydantic.BaseModel):
    """The order an accepted quote placed (an order like any other: see its page for its lifecycle)."""

    id: int
    quote_id: int
    quantity: int
    unit_price: str
    currency: str
    total: str
    status: str
    payment_terms: str = pydantic.Field(description="prepaid, deposit or net")
    deposit_percent: int | None
    net_days: int | None
    created_at: dt.datetime


class MaterialOut(pydantic.BaseModel):
    """A material of a request: a vocabulary id with its name in the answer's language, or a free text."""

    id: str | None = pydantic.Field(description="The vocabulary id, or null for a text written by the buyer")
    name: str = pydantic.Field(description="In the answer's language for an id; as written otherwise")
    lang: str | None = pydantic.Field(description="The language `name` is written in when it is not the answer's")

    @classmethod
    def of(cls, value: str, locale: str, vocabulary: str = "materials"):
        name, lang = vocabularies.label(vocabulary, value, locale)
        known = value in vocabularies.vocabulary(vocabulary).by_code
        return cls(id=value if known else None, name=name, lang=lang)


class PaymentTermOut(MaterialOut):
    """A payment term the buyer can accept: a vocabulary id with its name in the answer's language, or a free
    text."""


class RfqOut(pydantic.BaseModel):
    """A request for quote with its quotes (newest first), thread (oldest first) and order."""

    id: int
    status: Status
    your_side: Literal["buyer", "maker"]
    buyer: OrgRef
    maker: OrgRef
    product_id: int | None
    product_title: str | None
    quantity: int
    target_price: str | None = pydantic.Field(description="Decimal string in `currency`, or null")
    currency: str | None
    incoterm: str | None
    destination_country: str | None
    needed_by: dt.date | None
    message: str
    materials: list[MaterialOut] = pydantic.Field(
        description="Vocabulary materials by id with their name in the answer's language; other texts as written")
    payment_terms: list[PaymentTermOut] = pydantic.Field(
        description="Payment terms the buyer can accept, by id with their name in the answer's language; other "
                    "texts as written")
    completeness: int = pydantic.Field(description="0–100")
    created_at: dt.datetime
    first_response_at: dt.datetime | None
    decline: DeclineOut | None
    attachments: list[AttachmentOut]
    quotes: list[QuoteOut]
    messages: list[MessageOut]
    order: OrderOut | None

    @classmethod
    def of(cls, d: queries.RfqDetail) -> RfqOut:
        rfq = d.rfq

        def org(o):
            return OrgRef(id=o.id, name=o.name, country=o.country)

        decline = None
        if rfq.decline_reason:
            decline = DeclineOut(reason=rfq.decline_reason,
                                 reason_text=str(common.DECLINE_REASONS.get(rfq.decline_reason, "")),
                                 note=rfq.decline_note, declined_at=rfq.declined_at)
        order = None
        accepted = d.accepted_quote
        if d.order is not None and accepted is not None:
            order = OrderOut(id=d.order.id, quote_id=accepted.id, quantity=rfq.quantity,
                             unit_price=str(accepted.unit_price), currency=d.order.display_currency,
                             total=str(d.order.quoted_total), status=d.order.status,
                             payment_terms=d.order.payment_terms, deposit_percent=d.order.deposit_percent,
                             net_days=d.order.net_days, created_at=d.order.created_at)
        return cls(
            id=rfq.id, status=rfq.status, your_side=d.side, buyer=org(d.buyer), maker=org(d.maker),
            product_id=rfq.product_id, product_title=d.product_title.text if d.product_title else None,
            quantity=rfq.quantity, target_price=str(rfq.target_price) if rfq.target_price is not None else None,
            currency=rfq.currency, incoterm=rfq.incoterm, destination_country=rfq.destination_country,
            needed_by=rfq.needed_by, message=rfq.message, completeness=rfq.completeness,
            materials=[MaterialOut.of(m, current_locale()) for m in rfq.materials or []],
            payment_terms=[PaymentTermOut.of(t, current_locale(), "payment_terms") for t in rfq.payment_terms or []],
            created_at=rfq.created_at, first_response_at=rfq.first_response_at, decline=decline,
            attachments=[AttachmentOut(id=a.id, filename=a.filename, content_type=a.content_type,
                                       size_bytes=a.size_bytes,
                                       url=url_for("market_rfq.attachment", rfq_id=rfq.id, attachment_id=a.id,
                                                   lang=current_locale()))
                         for a in d.attachments],
            quotes=[QuoteOut(id=q.id, unit_price=str(q.unit_price), currency=q.currency,
                             total=str(quotes.quote_total(q, rfq.quantity)), lead_time_days=q.lead_time_days,
                             valid_until=q.valid_until, expired=quotes.is_expired(q), terms=q.terms,
                             payment_terms=q.payment_terms, deposit_percent=q.deposit_percent, net_days=q.net_days,
                             payment_terms_text=d.payment_terms(q),
                             lead_time=vocabularies.lead_time_text(q.lead_time_days), status=q.status,
                             created_at=q.created_at) for q in d.quotes],
            messages=[MessageOut(id=m.message.id, side=m.message.side, author_name=m.author_name,
                                 body=m.message.body, created_at=m.message.created_at) for m in d.messages],
            order=order,
        )


class RfqSummary(pydantic.BaseModel):
    """An RFQ in a list."""

    id: int
    status: Status
    counterpart: str = pydantic.Field(description="The other party's name")
    product_id: int | None
    product_title: str | None
    quantity: int
    completeness: int
    needed_by: dt.date | None
    created_at: dt.datetime


class RfqList(ListPage):
    """A page of RFQs."""

    items: list[RfqSummary]


class RfqListQuery(PageQuery):
    """Which RFQs: those you sent (buyer) or received (maker)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    side: Literal["buyer", "maker"] = pydantic.Field("buyer", description="buyer: sent; maker: received")
    status: Status | None = None


class RfqCreate(pydantic.BaseModel):
    """A new request for quote, on a product or to a maker."""

    model_config = pydantic.ConfigDict(extra="forbid", json_schema_extra={"anyOf": [
        {"required": ["product_id"], "properties": {"product_id": {"type": "integer"}}},
        {"required": ["maker_id"], "properties": {"maker_id": {"type": "integer"}}}],
        "dependentRequired": {"target_price": ["currency"]}})

    product_id: int | None = pydantic.Field(None, description="The product asked about (or give `maker_id`)")
    maker_id: int | None = pydantic.Field(None, description="The maker asked (when not about one product)")
    buyer_org_id: int | None = pydantic.Field(None, description="Needed when you belong to several buyers")
    # The services check each field and answer 422 per field; the schema states the same rules.
    quantity: int = pydantic.Field(json_schema_extra={"minimum": 1, "maximum": common.MAX_QUANTITY})
    target_price: str | None = pydantic.Field(None, description="Decimal string, e.g. \"12.50\" (with `currency`)",
                                              json_schema_extra={"pattern": r"^[1-9][0-9]{0,8}$"})
    currency: str | None = pydantic.Field(None, description="KRW, USD, JPY, CNY, EUR or VND",
                                          json_schema_extra={"enum": list(CURRENCIES)})
    incoterm: str | None = pydantic.Field(None, description="EXW, FOB, CIF, DAP or DDP",
                                          json_schema_extra={"enum": list(INCOTERMS)})
    destination_country: str | None = pydantic.Field(
        None, description="ISO 3166 alpha-2",
        json_schema_extra=lambda schema: schema.update(enum=sorted(c.alpha_2 for c in pycountry.countries)))
    needed_by: dt.date | None = pydantic.Field(None, description="After today")
    message: str = pydantic.Field(description="What you need; material, size, colour and finish help",
                                  json_schema_extra={"pattern": r"\S", "maxLength": common.MAX_MESSAGE})
    materials: list[MaterialId] = pydantic.Field(
        default_factory=list, max_length=checks.MAX_MATERIALS,
        description="Material ids from `GET /api/v1/vocabularies/materials`; the maker reads them in their language")
    materials_other: list[MaterialText] = pydantic.Field(
        default_factory=list, max_length=checks.MAX_MATERIALS,
        description="Materials not in the list, in your words, one per item")
    payment_terms: list[PaymentTermId] = pydantic.Field(
        default_factory=list, max_length=checks.MAX_PAYMENT_TERMS,
        description="Payment terms you can accept, ids from `GET /api/v1/vocabularies/payment_terms`; the maker "
                    "reads them in their language")
    payment_terms_other: list[PaymentTermText] = pydantic.Field(
        default_factory=list, max_length=checks.MAX_PAYMENT_TERMS,
        description="Payment terms not in the list, in your words, one per item")


class QuoteCreate(pydantic.BaseModel):
    """A maker's offer."""

    model_config = pydantic.ConfigDict(extra="forbid")

    unit_price: str = pydantic.Field(description="Decimal string in `currency`")
    currency: str
    lead_time_days: int
    valid_until: dt.date = pydantic.Field(description="Today or later, at most a year ahead")
    terms: str = ""
    payment_terms: Literal["prepaid", "deposit", "net"] = "prepaid"
    deposit_percent: int | None = pydantic.Field(None, description="1–99, with deposit terms")
    net_days: Literal[30, 60] | None = pydantic.Field(None, description="With net terms (approved buyers only)")


class MessageCreate(pydantic.BaseModel):
    """A message for the thread."""

    model_config = pydantic.ConfigDict(extra="forbid")

    body: str


class DeclineCreate(pydantic.BaseModel):
    """Why the maker declines."""

    model_config = pydantic.ConfigDict(extra="forbid")

    reason: Literal["capacity", "quantity", "price", "lead_time", "capability", "other"]
    note: str = ""


def _detail(rfq_id: int) -> RfqOut:
    return RfqOut.of(queries.rfq_detail(get_session(), api_user(), rfq_id, current_locale()))


@routes.endpoint("/rfqs", summary="List requests for quote", tag="rfqs", query=RfqListQuery, response=RfqList)
def rfq_list(query: RfqListQuery):
    """RFQs your buyer organisations sent (`side=buyer`) or your maker organisations received (`side=maker`)."""
    rows, total = queries.list_rfqs(get_session(), api_user(), Side(query.side), query.status, query.page,
                                    query.per_page, locale=current_locale())
    items = [RfqSummary(id=r.rfq.id, status=r.rfq.status, counterpart=r.counterpart, product_id=r.rfq.product_id,
                        product_title=r.product_title.text if r.product_title else None, quantity=r.rfq.quantity,
                        completeness=r.rfq.completeness, needed_by=r.rfq.needed_by, created_at=r.rfq.created_at)
             for r in rows]
    return RfqList(items=items, total=total, page=query.page, per_page=query.per_page)


@routes.endpoint("/rfqs", "POST", summary="Send a request for quote", tag="rfqs", body=RfqCreate, response=RfqOut,
          status=201)
def rfq_create(body: RfqCreate):
    """Send an RFQ for your buyer organisation. It must meet the maker's minimum quantity and completeness;
    otherwise 422 says what is missing (`fields.completeness`, `fields.quantity`)."""
    rfq = sending.send_rfq(get_session(), api_user(), confirmed=True, **body.model_dump())
    return _detail(rfq.id)


@routes.endpoint("/rfqs/<int:rfq_id>", summary="Get a request for quote", tag="rfqs", response=RfqOut, errors=(404,))
def rfq_get(rfq_id: int):
    """An RFQ of yours (as buyer or maker) with its quotes, messages and order; others answer 404."""
    return _detail(rfq_id)


@routes.endpoint("/rfqs/<int:rfq_id>/quotes", "POST", summary="Quote on a request", tag="rfqs", body=QuoteCreate,
          response=RfqOut, status=201, errors=(403, 404, 409))
def rfq_quote(rfq_id: int, body: QuoteCreate):
    """The maker offers a unit price in any supported currency; 409 once the RFQ is declined or accepted."""
    quotes.send_quote(get_session(), api_user(), rfq_id, **body.model_dump())
    return _detail(rfq_id)


@routes.endpoint("/rfqs/<int:rfq_id>/decline", "POST", summary="Decline a request", tag="rfqs", body=DeclineCreate,
          response=RfqOut, errors=(403, 404, 409))
def rfq_decline(rfq_id: int, body: DeclineCreate):
    """The maker declines with a reason (and a note); open offers are withdrawn."""
    quotes.decline_rfq(get_session(), api_user(), rfq_id, body.reason, body.note)
    return _detail(rfq_id)


@routes.endpoint("/rfqs/<int:rfq_id>/messages", "POST", summary="Write in a request's thread", tag="rfqs",
          body=MessageCreate, response=RfqOut, status=201, errors=(404,))
def rfq_message(rfq_id: int, body: MessageCreate):
    """Add a message to the thread; the other side is notified in the app and by mail."""
    messages.post_message(get_session(), api_user(), rfq_id, body.body)
    return _detail(rfq_id)


@routes.endpoint("/quotes/<int:quote_id>/accept", "POST", summary="Accept a quote", tag="rfqs", response=RfqOut,
          errors=(403, 404, 409))
def rfq_accept_quote(quote_id: int):
    """The buyer accepts a quote; the RFQ's order (awaiting payment) is in `order`. 409 when the quote expired,
    is no longer on offer, or a quote was already accepted."""
    order = quotes.accept_quote(get_session(), api_user(), quote_id)
    return _detail(order.rfq_id)
