"""API of payments: start paying a payable, read a payment, confirm a card payment, and refunds (staff).

Amounts are integers in the currency's minor units (``amount_minor``; whole units for KRW and JPY) with the
decimal amount beside them (``amount``), plus the won equivalent (``amount_krw``).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import pydantic
from flask import url_for

from i18n.locales import current_locale
from market.api import Routes, api_user
from market.db import get_session
from market.errors import ApiError
from market.payments import providers, services
from market.payments.amounts import from_minor
from market.payments.models import Invoice, Payment, ProviderName, Refund

routes = Routes()


class PaymentCreate(pydantic.BaseModel):
    """What to pay."""

    kind: str = pydantic.Field(min_length=1, max_length=40, description="e.g. `wholesale_order`, `order_balance`, "
                               "`jewelry_order`, `milestone`")
    payable_id: int = pydantic.Field(gt=0)


class InvoiceOut(pydantic.BaseModel):
    """How to pay by bank transfer (manual provider): the issued invoice — transfer the amount with the reference
    to the account by the due date; ``pdf_url`` is the invoice document."""

    number: str
    reference: str
    issued_on: dt.date
    due_date: dt.date
    pdf_url: str
    bank_name: str | None
    account_name: str | None
    account_number: str | None
    swift: str | None
    bank_address: str | None


class CardOut(pydantic.BaseModel):
    """How to pay by card (Stripe): confirm the PaymentIntent with Stripe.js or a mobile SDK."""

    payment_intent: str
    client_secret: str | None = pydantic.Field(description="Only for the payer")
    publishable_key: str | None


class RefundOut(pydantic.BaseModel):
    """Money given back."""

    id: int
    amount_minor: int
    amount: str
    currency: str
    reason: str
    source: Literal["staff", "cancellation", "provider"]
    created_at: dt.datetime


class PaymentOut(pydantic.BaseModel):
    """A payment of one payable."""

    id: int
    kind: str
    payable_id: int
    provider: Literal["manual", "stripe"]
    status: Literal["pending", "paid", "partially_refunded", "refunded", "canceled"]
    amount_minor: int
    amount: str = pydantic.Field(description="Decimal string in `currency`")
    currency: str
    amount_krw: int
    refunded_minor: int
    reference: str | None
    description: str
    last_error: str | None
    created_at: dt.datetime
    paid_at: dt.datetime | None
    invoice: InvoiceOut | None = None
    card: CardOut | None = None
    refunds: list[RefundOut] = []

    @classmethod
    def of(cls, payment: Payment, refunds: list[Refund], is_payer: bool, issued: Invoice | None = None
           ) -> PaymentOut:
        provider_set = providers.get_providers()
        invoice = card = None
        if payment.provider == ProviderName.manual and issued is not None:
            bank = issued.document.get("bank", {})
            invoice = InvoiceOut(number=issued.number, reference=issued.reference, issued_on=issued.issued_on,
                                 due_date=issued.due_on,
                                 pdf_url=url_for("payments.invoice_pdf", lang=current_locale(), payment_id=payment.id,
                                                 _external=True),
                                 bank_name=bank.get("bank_name"), account_name=bank.get("account_name"),
                                 account_number=bank.get("account_number"), swift=bank.get("swift"),
                                 bank_address=bank.get("address"))
        elif payment.provider_ref:
            card = CardOut(payment_intent=payment.provider_ref,
                           client_secret=payment.client_secret if is_payer and payment.status == "pending" else None,
                           publishable_key=provider_set.stripe.publishable_key if provider_set.stripe else None)
        return cls(id=payment.id, kind=payment.kind, payable_id=payment.payable_id, provider=payment.provider,
                   status=payment.status, amount_minor=payment.amount_minor,
                   amount=str(from_minor(payment.amount_minor, payment.currency)), currency=payment.currency,
                   amount_krw=payment.amount_krw, refunded_minor=sum(r.amount_minor for r in refunds),
                   reference=payment.reference, description=payment.description, last_error=payment.last_error,
                   created_at=payment.created_at, paid_at=payment.paid_at, invoice=invoice, card=card,
                   refunds=[RefundOut(id=r.id, amount_minor=r.amount_minor, amount=str(from_minor(r.amount_minor,
                                                                                              r.currency)),
                                      currency=r.currency, reason=r.reason, source=r.source,
                                      created_at=r.created_at) for r in refunds])


class ConfirmCreate(pydantic.BaseModel):
    """The card to pay with: a PaymentMethod id (or a card id) made by Stripe.js."""

    payment_method: str = pydantic.Field(min_length=4, max_length=255)


class ConfirmOut(pydantic.BaseModel):
    """Where the card payment stands: `succeeded`, `requires_action` (run 3-D Secure with `client_secret`, then
    POST `/refresh`) or `processing`."""

    status: str
    client_secret: str | None
    payment: PaymentOut


class RefundCreate(pydantic.BaseModel):
    """A refund, in the payment's minor units."""

    amount_minor: int = pydantic.Field(gt=0)
    reason: str = pydantic.Field(min_length=1, max_length=500)


def _out(payment_id: int) -> PaymentOut:
    session = get_session()
    detail = services.payment_detail(session, api_user(), payment_id)
    return PaymentOut.of(detail.payment, detail.refunds, detail.is_payer,
                         services.latest_invoice(session, detail.payment.id))


@routes.endpoint("/payments", "POST", summary="Start paying", tag="payments", body=PaymentCreate, response=PaymentOut,
          status=201, errors=(404, 409))
def payment_create(body: PaymentCreate):
    """Start paying a payable of yours, or get the payment already started for it (200). With the manual
    provider the answer carries the invoice (bank details and reference); with Stripe, the PaymentIntent's
    `client_secret` and the publishable key. 409 when it is already paid or cannot be paid now."""
    session = get_session()
    existed = services.payment_for(session, body.kind, body.payable_id) is not None
    payment = services.start_payment(session, api_user(), body.kind, body.payable_id)
    return _out(payment.id), (200 if existed else 201)


@routes.endpoint("/payments/<int:payment_id>", summary="Get a payment", tag="payments", response=PaymentOut,
          errors=(404,))
def payment_get(payment_id: int):
    """A payment you pay or are paid by (staff see all); others get 404."""
    return _out(payment_id)


@routes.endpoint("/payments/<int:payment_id>/confirm", "POST", summary="Pay by card", tag="payments",
          body=ConfirmCreate, response=ConfirmOut, errors=(402, 404, 409))
def payment_confirm(payment_id: int, body: ConfirmCreate):
    """Confirm a pending card payment with a card made by Stripe.js. 402 `card_declined` with the issuer's
    message when the card is declined (try another: a new attempt is prepared)."""
    session = get_session()
    result = services.confirm_card(session, api_user(), payment_id, body.payment_method)
    if result.declined is not None:
        # The decline is kept on the payment (the next try gets a new intent), so commit before answering 402.
        session.commit()
        raise ApiError(402, "card_declined", result.declined)
    return ConfirmOut(status=result.intent_status, client_secret=result.client_secret, payment=_out(payment_id))


@routes.endpoint("/payments/<int:payment_id>/refresh", "POST", summary="Check a card payment", tag="payments",
          response=PaymentOut, errors=(404,))
def payment_refresh(payment_id: int):
    """Ask Stripe where a pending card payment stands (after 3-D Secure) and apply it."""
    services.refresh_payment(get_session(), api_user(), payment_id)
    return _out(payment_id)


@routes.endpoint("/payments/<int:payment_id>/refunds", "POST", summary="Refund a payment", tag="payments",
          body=RefundCreate, response=PaymentOut, status=201, errors=(403, 404, 409))
def payment_refund(payment_id: int, body: RefundCreate):
    """Staff refund part or all of a paid payment; 422 `exceeds_paid` beyond what is left to refund."""
    services.refund(get_session(), api_user(), payment_id, body.amount_minor, body.reason)
    return _out(payment_id)
