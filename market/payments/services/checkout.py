"""An open payment's life: started (or resumed) by its payer, paid by card, checked after 3-D Secure, recorded by
staff when the bank transfer arrives, or cancelled with its payable."""

from __future__ import annotations

import dataclasses
import re

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlmodel import Session

from market.db import utcnow
from market.payments.models import PAID_STATUSES, Payment, PaymentRole, PaymentStatus, ProviderName
from market.payments.payables import PayableInfo
from market.payments.providers import CardDeclined, ProviderError, get_providers
from market.payments.services.common import (
    PaymentError,
    already_paid,
    can_see,
    describe,
    lock_payment,
    move_payment,
    not_found,
    nothing_to_pay,
    payment_for,
    pays,
    provider_failed,
    stripe,
)
from market.payments.services.intents import ensure_intent, retire_intent, sync_intent
from market.payments.services.invoices import issue_invoice, require_bank_transfer

_PAYMENT_METHOD = re.compile(r"^(pm|card|src)_[A-Za-z0-9_]{3,250}$")


def _not_payable(info: PayableInfo) -> PaymentError:
    return PaymentError(info.reason or _("This cannot be paid now."), code="not_payable", status=409)


def start_payment(session: Session, user, kind: str, payable_id: int) -> Payment:
    """Start paying a payable as its payer, or reuse the payment already started for it.

    A new payment uses the configured provider: a manual invoice with a reference (issued, numbered and mailed
    to the payer, see :mod:`.invoices`), or a Stripe PaymentIntent in the payable's currency. An open payment
    whose amount changed since is brought up to date (with a new intent, or a new invoice). Refuses
    (not_found) anyone but the payer and its organisation, (409) a payable already paid or not in a state that
    takes money, and (409) a bank-transfer invoice while the platform's bank account is not configured."""
    info = describe(session, kind, payable_id)
    if not pays(session, user, info.payer_user_id, info.payer_org_id):
        raise nothing_to_pay()
    existing = payment_for(session, kind, payable_id)
    if existing is not None and existing.status in PAID_STATUSES:
        raise already_paid()
    if not info.payable:
        raise _not_payable(info)
    if info.amount_minor <= 0 or not re.fullmatch(r"[A-Z]{3}", info.currency or ""):
        raise PaymentError(_("This cannot be paid now."), code="not_payable", status=409)
    if get_providers().default.name == ProviderName.manual and (existing is None or
                                                                 existing.status == PaymentStatus.canceled):
        require_bank_transfer()  # no invoice without the bank account to pay into: refuse before anything
    if existing is None:
        payment = _create_payment(session, info)
    else:
        payment = lock_payment(session, existing.id)
        if payment.status in PAID_STATUSES:
            raise already_paid()
    _bring_up_to_date(session, payment, info)
    if payment.provider == ProviderName.stripe and payment.status == PaymentStatus.pending:
        ensure_intent(session, payment)
    if payment.provider == ProviderName.manual and payment.status == PaymentStatus.pending:
        issue_invoice(session, payment, info)
    return payment


def _create_payment(session: Session, info: PayableInfo) -> Payment:
    providers = get_providers()
    commission_bps = info.commission_bps
    if commission_bps is None:
        commission_bps = int(current_app.config.get("PLATFORM_COMMISSION", 1000))
    payment = Payment(kind=info.kind, payable_id=info.id, provider=providers.default.name,
                      currency=info.currency, amount_minor=info.amount_minor, amount_krw=info.amount_krw,
                      commission_bps=commission_bps,
                      description=info.description[:300], payer_user_id=info.payer_user_id,
                      payer_org_id=info.payer_org_id, payee_org_id=info.payee_org_id,
                      **_payee_and_voucher(info))
    try:
        with session.begin_nested():
            session.add(payment)
            session.flush()
    except sa.exc.IntegrityError:
        # Someone started paying the same payable at the same moment: use theirs.
        existing = payment_for(session, info.kind, info.id)
        if existing is None:
            raise
        return lock_payment(session, existing.id)
    payment.reference = f"MIS-{payment.id:06d}"
    session.add(payment)
    session.flush()
    return lock_payment(session, payment.id)


def _payee_and_voucher(info: PayableInfo) -> dict:
    """The payment's columns for a payee outside the platform's organisations and a support voucher."""
    voucher = info.voucher
    return {"payee_ref": info.payee_ref, "payee_name": (info.payee_name or "")[:200] or None,
            "voucher_minor": voucher.amount_minor if voucher else 0,
            "voucher_krw": voucher.amount_krw if voucher else 0,
            "voucher_ref": voucher.funder_ref if voucher else None}


def _bring_up_to_date(session: Session, payment: Payment, info: PayableInfo) -> None:
    """Reopen a canceled payment and follow a change of amount, currency or parties while nothing is paid."""
    providers = get_providers()
    if payment.status == PaymentStatus.canceled:
        move_payment(session, payment, PaymentStatus.pending, PaymentRole.payer, canceled_at=None,
                     provider=providers.default.name, provider_status="stale" if payment.provider_ref else None)
    if payment.provider == ProviderName.stripe and providers.stripe is None:
        payment.provider = ProviderName.manual  # card payments were switched off: pay by invoice instead
    changed = (payment.amount_minor, payment.currency) != (info.amount_minor, info.currency)
    payment.amount_minor, payment.currency, payment.amount_krw = info.amount_minor, info.currency, info.amount_krw
    payment.description = info.description[:300]
    payment.payer_user_id, payment.payer_org_id = info.payer_user_id, info.payer_org_id
    payment.payee_org_id = info.payee_org_id
    for column, value in _payee_and_voucher(info).items():
        setattr(payment, column, value)
    if changed and payment.provider_ref:
        payment.provider_status = "stale"
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()


# --- card payments ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class CardResult:
    """What confirming a card payment gave: the payment, Stripe's status of the intent, the client secret when
    the browser must act (3-D Secure), and the decline message."""

    payment: Payment
    intent_status: str
    client_secret: str | None = None
    declined: str | None = None


def confirm_card(session: Session, user, payment_id: int, payment_method: str) -> CardResult:
    """Pay a pending Stripe payment with the card the browser tokenised (a PaymentMethod or card id).

    The result says succeeded (applied now), requires_action (the browser runs 3-D Secure, then calls
    :func:`refresh_payment`) or declined (the message is kept on the payment and the next try gets a new intent).
    Refuses outsiders (not_found), payments that are not pending card payments (409) and malformed ids (422)."""
    payment = lock_payment(session, payment_id)
    if payment is None or not pays(session, user, payment.payer_user_id, payment.payer_org_id):
        raise not_found()
    if payment.status in PAID_STATUSES:
        raise already_paid()
    if payment.status != PaymentStatus.pending or payment.provider != ProviderName.stripe:
        raise PaymentError(_("This payment does not take cards."), code="wrong_state", status=409)
    if not _PAYMENT_METHOD.fullmatch(payment_method or ""):
        raise PaymentError(_("The card details could not be read. Please enter them again."), code="invalid",
                           field="payment_method")
    provider = stripe()
    info = describe(session, payment.kind, payment.payable_id)
    if not info.payable:
        raise _not_payable(info)
    _bring_up_to_date(session, payment, info)
    ensure_intent(session, payment)
    if payment.status != PaymentStatus.pending:
        return CardResult(payment, "succeeded")
    for attempt in range(2):
        try:
            intent = provider.confirm_intent(payment.provider_ref, payment_method)
            break
        except CardDeclined as exc:
            payment.last_error, payment.provider_status = exc.message, "failed"
            payment.updated_at = utcnow()
            session.add(payment)
            session.flush()
            return CardResult(payment, "requires_payment_method", declined=exc.message)
        except ProviderError as exc:
            # An intent that can no longer be confirmed (an earlier try on it went wrong): one fresh intent.
            if attempt == 1:
                raise provider_failed(exc) from exc
            ensure_intent(session, payment, force=True)
            if payment.status != PaymentStatus.pending:
                return CardResult(payment, "succeeded")
    sync_intent(session, payment, intent)
    secret = payment.client_secret if intent.status == "requires_action" else None
    return CardResult(payment, intent.status, secret, payment.last_error if intent.status ==
                      "requires_payment_method" else None)


def refresh_payment(session: Session, user, payment_id: int) -> Payment:
    """Ask Stripe where a pending card payment stands and apply it (after 3-D Secure, or from the status page).
    Refuses outsiders (not_found)."""
    payment = lock_payment(session, payment_id)
    if payment is None or not can_see(session, user, payment):
        raise not_found()
    if payment.status == PaymentStatus.pending and payment.provider == ProviderName.stripe and payment.provider_ref:
        try:
            intent = stripe().retrieve_intent(payment.provider_ref)
        except ProviderError as exc:
            raise provider_failed(exc) from exc
        sync_intent(session, payment, intent)
    return payment


# --- bank transfers and cancellation ----------------------------------------------------------------------------


def cancel_payment_for(session: Session, kind: str, payable_id: int) -> Payment | None:
    """The payable is being cancelled before it was paid: cancel its open payment (and Stripe intent).

    Refuses (409) when it has been paid, also when Stripe says the card payment succeeded just now (that payment
    is then applied, and the payable's cancellation must not go ahead)."""
    existing = payment_for(session, kind, payable_id)
    if existing is None:
        return None
    payment = lock_payment(session, existing.id)
    if payment.status in PAID_STATUSES:
        raise already_paid()
    if payment.status == PaymentStatus.canceled:
        return payment
    if payment.provider == ProviderName.stripe and payment.provider_ref and get_providers().stripe is not None:
        if retire_intent(session, payment, stripe()):
            raise PaymentError(_("This was just paid by card."), code="already_paid", status=409)
    move_payment(session, payment, PaymentStatus.canceled, PaymentRole.payable, canceled_at=utcnow())
    return payment
