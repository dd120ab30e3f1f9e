"""The payments service: one payment per payable (wholesale orders, accepted quotes, jewelry orders, prototype
milestones), paid by bank transfer against an invoice or by card through Stripe, refunded in full or in part,
and written to the double-entry ledger.

Every change to a payment happens under a lock on its row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite a
write that takes the database's single writer lock first), so a payment is applied once however many webhooks,
redirects, reconciliations and staff clicks race for it, and refunds never add up to more than was paid. Stripe
says what happened to a PaymentIntent; :func:`sync_intent` turns that into our state the same way for the
browser's confirmation, webhooks and reconciliation.

Functions take a session first, flush and never commit; refusals raise :class:`PaymentError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import re

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from market.accounts.models import Membership, Organization, User
from market.db import utcnow
from market.payments import ledger
from market.payments.amounts import from_minor, share
from market.payments.models import (
    PAID_STATUSES,
    LedgerEntry,
    LedgerTransaction,
    PayeeAccount,
    Payment,
    PaymentStatus,
    Payout,
    ProviderName,
    Refund,
    StripeEvent,
)
from market.payments.payables import PayableInfo, get_adapter
from market.payments.providers import (
    CardDeclined,
    IntentState,
    ProviderError,
    StripeProvider,
    get_providers,
)

log = logging.getLogger("seoulmade.payments")

PER_PAGE = 30
MAX_REASON = 500
_PAYMENT_METHOD = re.compile(r"^(pm|card|src)_[A-Za-z0-9_]{3,250}$")
_STRIPE_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]{4,250}$")

STATUS_LABELS = {
    PaymentStatus.pending: _l("Awaiting payment"),
    PaymentStatus.paid: _l("Paid"),
    PaymentStatus.partially_refunded: _l("Partly refunded"),
    PaymentStatus.refunded: _l("Refunded"),
    PaymentStatus.canceled: _l("Canceled"),
}
PROVIDER_LABELS = {
    ProviderName.manual: _l("Bank transfer"),
    ProviderName.stripe: _l("Card"),
}


class PaymentError(ValueError):
    """A refused payment operation: a message, a code, the HTTP status it maps to and the field it concerns."""

    def __init__(self, message: str, code: str = "invalid", status: int = 422, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.field = field
        self.fields = {field: message} if field else {}


def _not_found() -> PaymentError:
    return PaymentError(_("Payment not found."), code="not_found", status=404)


def _provider_failed(exc: ProviderError) -> PaymentError:
    return PaymentError(_("The payment provider could not complete this: %(reason)s", reason=exc.message),
                        code="provider_error", status=502)


# --- locks and lookups ------------------------------------------------------------------------------------------


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _lock_row(session: Session, model, pk: int):
    """Lock one row for the rest of the transaction and return it fresh from the database (None if missing).

    PostgreSQL: ``SELECT ... FOR UPDATE``. SQLite has no row locks but one writer at a time: a no-op UPDATE
    takes the write lock, and anyone else who wants to write waits for our commit; a transaction that had
    already read before another writer committed cannot write any more (SQLite refuses it as "locked"), which is
    answered here as a conflict to retry — either way the second writer changes nothing."""
    column = sa.inspect(model).primary_key[0]
    if not _is_postgres(session):
        try:
            session.exec(sa.update(model).where(column == pk).values({column.name: column})
                         .execution_options(synchronize_session=False))
        except sa.exc.OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            raise PaymentError(_("Someone else is changing this payment right now. Please try again."),
                               code="busy", status=409) from exc
    query = select(model).where(column == pk).execution_options(populate_existing=True)
    if _is_postgres(session):
        query = query.with_for_update()
    return session.exec(query).first()


def lock_payment(session: Session, payment_id: int) -> Payment | None:
    """The payment, locked for this transaction (see :func:`_lock_row`)."""
    return _lock_row(session, Payment, payment_id)


def payment_for(session: Session, kind: str, payable_id: int) -> Payment | None:
    """The payment of a payable, if one was started."""
    return session.exec(select(Payment).where(Payment.kind == kind, Payment.payable_id == payable_id)).first()


def _org_ids(session: Session, user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(session.exec(select(Membership.organization_id).where(Membership.user_id == user.id)))


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def _require_staff(user) -> None:
    if not _is_staff(user):
        raise PaymentError(_("Only staff can do this."), code="forbidden", status=403)


def _is_payer(session: Session, user, payer_user_id: int | None, payer_org_id: int | None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.id == payer_user_id or (payer_org_id is not None and payer_org_id in _org_ids(session, user))


def is_payer(session: Session, user, info: PayableInfo) -> bool:
    """Whether the user pays this payable (its payer, or a member of the paying organisation)."""
    return _is_payer(session, user, info.payer_user_id, info.payer_org_id)


def can_see(session: Session, user, payment: Payment) -> bool:
    """Staff, the payer (or its organisation) and the payee's members see a payment."""
    if _is_staff(user):
        return True
    if _is_payer(session, user, payment.payer_user_id, payment.payer_org_id):
        return True
    return payment.payee_org_id in _org_ids(session, user)


def get_payment(session: Session, user, payment_id: int) -> Payment:
    """A payment the user may see; refuses (not_found) everyone else."""
    payment = session.get(Payment, payment_id)
    if payment is None or not can_see(session, user, payment):
        raise _not_found()
    return payment


def describe(session: Session, kind: str, payable_id: int) -> PayableInfo:
    """What the payable's feature says is due; refuses (not_found) unknown kinds and ids."""
    try:
        adapter = get_adapter(kind)
    except KeyError:
        raise PaymentError(_("There is nothing to pay here."), code="not_found", status=404) from None
    try:
        return adapter.describe(session, payable_id)
    except PaymentError:
        raise
    except Exception as exc:
        # Each feature raises its own not-found error; they all say 404 or are lookup errors.
        if getattr(exc, "status", None) == 404 or isinstance(exc, LookupError):
            raise PaymentError(_("There is nothing to pay here."), code="not_found", status=404) from exc
        raise


def refunded_minor(session: Session, payment_id: int) -> int:
    """How much of a payment has been refunded, in minor units."""
    return int(session.exec(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                            .where(Refund.payment_id == payment_id)).one())


def _stripe() -> StripeProvider:
    provider = get_providers().stripe
    if provider is None:
        raise PaymentError(_("Card payments are not configured."), code="not_configured", status=409)
    return provider


# --- starting a payment -----------------------------------------------------------------------------------------


def start_payment(session: Session, user, kind: str, payable_id: int) -> Payment:
    """Start paying a payable as its payer, or reuse the payment already started for it.

    A new payment uses the configured provider: a manual invoice with a reference, or a Stripe PaymentIntent in
    the payable's currency. An open payment whose amount changed since is brought up to date (with a new
    intent). Refuses (not_found) anyone but the payer and its organisation, (409) a payable already paid or not
    in a state that takes money."""
    info = describe(session, kind, payable_id)
    if not _is_payer(session, user, info.payer_user_id, info.payer_org_id):
        raise PaymentError(_("There is nothing to pay here."), code="not_found", status=404)
    existing = payment_for(session, kind, payable_id)
    if existing is not None and existing.status in PAID_STATUSES:
        raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    if not info.payable:
        raise PaymentError(info.reason or _("This cannot be paid now."), code="not_payable", status=409)
    if info.amount_minor <= 0 or not re.fullmatch(r"[A-Z]{3}", info.currency or ""):
        raise PaymentError(_("This cannot be paid now."), code="not_payable", status=409)
    if existing is None:
        payment = _create_payment(session, info)
    else:
        payment = lock_payment(session, existing.id)
        if payment.status in PAID_STATUSES:
            raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    _bring_up_to_date(session, payment, info)
    if payment.provider == ProviderName.stripe and payment.status == PaymentStatus.pending:
        ensure_intent(session, payment)
    return payment


def _create_payment(session: Session, info: PayableInfo) -> Payment:
    providers = get_providers()
    payment = Payment(kind=info.kind, payable_id=info.id, provider=providers.default.name,
                      currency=info.currency, amount_minor=info.amount_minor, amount_krw=info.amount_krw,
                      commission_bps=int(current_app.config.get("PLATFORM_COMMISSION", 1000)),
                      description=info.description[:300], payer_user_id=info.payer_user_id,
                      payer_org_id=info.payer_org_id, payee_org_id=info.payee_org_id)
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


def _bring_up_to_date(session: Session, payment: Payment, info: PayableInfo) -> None:
    """Reopen a canceled payment and follow a change of amount, currency or parties while nothing is paid."""
    providers = get_providers()
    if payment.status == PaymentStatus.canceled:
        payment.status, payment.canceled_at = PaymentStatus.pending, None
        payment.provider = providers.default.name
        payment.provider_status = "stale" if payment.provider_ref else None
    if payment.provider == ProviderName.stripe and providers.stripe is None:
        payment.provider = ProviderName.manual  # card payments were switched off: pay by invoice instead
    changed = (payment.amount_minor, payment.currency) != (info.amount_minor, info.currency)
    payment.amount_minor, payment.currency, payment.amount_krw = info.amount_minor, info.currency, info.amount_krw
    payment.description = info.description[:300]
    payment.payer_user_id, payment.payer_org_id = info.payer_user_id, info.payer_org_id
    payment.payee_org_id = info.payee_org_id
    if changed and payment.provider_ref:
        payment.provider_status = "stale"
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()


def _needs_new_intent(payment: Payment) -> bool:
    # After a decline or a cancel, or when the amount changed, a fresh intent is made (Stripe could reuse a
    # declined one, but a new attempt with its own idempotency key behaves the same everywhere).
    return payment.provider_ref is None or payment.provider_status in ("failed", "canceled", "stale")


def ensure_intent(session: Session, payment: Payment, *, force: bool = False) -> IntentState | None:
    """Make sure a pending Stripe payment has a usable PaymentIntent (payment locked by the caller).

    Replacing an intent cancels the old one first; if Stripe says it succeeded meanwhile, that success is
    applied instead and no new intent is made (returns None then)."""
    stripe = _stripe()
    if not force and not _needs_new_intent(payment):
        return None
    if payment.provider_ref:
        if _retire_intent(session, payment, stripe):
            return None
    payment.attempt += 1
    metadata = {"payment_id": str(payment.id), "payment_token": payment.token, "kind": payment.kind,
                "payable_id": str(payment.payable_id), "reference": payment.reference or ""}
    try:
        intent = stripe.create_intent(payment.amount_minor, payment.currency, metadata,
                                      f"seoulmade-payment-{payment.token}-{payment.attempt}")
    except ProviderError as exc:
        raise _provider_failed(exc) from exc
    payment.provider_ref, payment.client_secret = intent.id, intent.client_secret
    payment.provider_status, payment.last_error = intent.status, None
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()
    return intent


def _retire_intent(session: Session, payment: Payment, stripe: StripeProvider) -> bool:
    """Cancel the payment's current intent. Returns True when it turned out to have succeeded (then applied)."""
    try:
        intent = stripe.cancel_intent(payment.provider_ref)
    except ProviderError:
        try:
            intent = stripe.retrieve_intent(payment.provider_ref)
        except ProviderError as exc:
            raise _provider_failed(exc) from exc
    outcome = sync_intent(session, payment, intent)
    return outcome in ("applied", "already_applied")


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
    if payment is None or not _is_payer(session, user, payment.payer_user_id, payment.payer_org_id):
        raise _not_found()
    if payment.status in PAID_STATUSES:
        raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    if payment.status != PaymentStatus.pending or payment.provider != ProviderName.stripe:
        raise PaymentError(_("This payment does not take cards."), code="wrong_state", status=409)
    if not _PAYMENT_METHOD.fullmatch(payment_method or ""):
        raise PaymentError(_("The card details could not be read. Please enter them again."), code="invalid",
                           field="payment_method")
    stripe = _stripe()
    info = describe(session, payment.kind, payment.payable_id)
    if not info.payable:
        raise PaymentError(info.reason or _("This cannot be paid now."), code="not_payable", status=409)
    _bring_up_to_date(session, payment, info)
    ensure_intent(session, payment)
    if payment.status != PaymentStatus.pending:
        return CardResult(payment, "succeeded")
    for attempt in range(2):
        try:
            intent = stripe.confirm_intent(payment.provider_ref, payment_method)
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
                raise _provider_failed(exc) from exc
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
        raise _not_found()
    if payment.status == PaymentStatus.pending and payment.provider == ProviderName.stripe and payment.provider_ref:
        try:
            intent = _stripe().retrieve_intent(payment.provider_ref)
        except ProviderError as exc:
            raise _provider_failed(exc) from exc
        sync_intent(session, payment, intent)
    return payment


def sync_intent(session: Session, payment: Payment, intent: IntentState) -> str:
    """Bring a (locked) payment in line with what Stripe says about one of its intents; returns what it did.

    Only ``succeeded`` applies money, once (a paid payment ignores every later event about it). Events about an
    older intent of the payment are stale, unless that intent succeeded while the payment is still open. A
    success whose amount or currency differs from the payment's is not applied and is flagged for staff. Money
    that arrives for a canceled payment is applied and refunded in full."""
    current = intent.id == payment.provider_ref
    if intent.status == "succeeded":
        if payment.status in PAID_STATUSES:
            if not current:
                log.error("payment %s: intent %s succeeded after another one paid it", payment.id, intent.id)
                payment.last_error = f"Second successful charge {intent.id}: refund it in Stripe."
                session.add(payment)
                return "duplicate_charge"
            return "already_applied"
        if (intent.amount_minor, intent.currency) != (payment.amount_minor, payment.currency):
            log.error("payment %s: intent %s paid %s %s, expected %s %s", payment.id, intent.id,
                      intent.amount_minor, intent.currency, payment.amount_minor, payment.currency)
            payment.last_error = f"Stripe reports {intent.amount_minor} {intent.currency} on {intent.id}."
            session.add(payment)
            return "amount_mismatch"
        payment.provider_ref, payment.provider_status = intent.id, intent.status
        was_canceled = payment.status == PaymentStatus.canceled
        apply_payment(session, payment, notify_payable=not was_canceled)
        if was_canceled:
            _refund(session, None, payment, payment.amount_minor,
                    _("Paid after the order was cancelled: refunded in full."), source="cancellation")
        return "applied"
    if not current or payment.status != PaymentStatus.pending:
        return "stale"
    if intent.status == "canceled":
        payment.provider_status = "canceled"
    elif intent.status == "requires_payment_method" and intent.error:
        payment.provider_status, payment.last_error = "failed", intent.error
    else:
        payment.provider_status = intent.status
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()
    return f"noted_{payment.provider_status}"[:40]


def apply_payment(session: Session, payment: Payment, *, notify_payable: bool = True) -> None:
    """Record a (locked, unpaid) payment as paid: the ledger transaction, then the payable's ``on_paid``, once."""
    if payment.status in PAID_STATUSES:
        raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    now = utcnow()
    payment.status, payment.paid_at, payment.updated_at = PaymentStatus.paid, now, now
    payment.last_error = None
    session.add(payment)
    session.flush()
    ledger.record_payment(session, payment, held=holds_until_release(payment.kind))
    if notify_payable:
        get_adapter(payment.kind).on_paid(session, payment.payable_id, payment.id)
    session.flush()


def holds_until_release(kind: str) -> bool:
    """Whether money paid for ``kind`` is held until the payer approves the work (prototype milestones)."""
    return bool(getattr(get_adapter(kind), "holds_until_release", False))


def release_to_payee(session: Session, *, kind: str, payable_id: int):
    """Release the money held for a paid payable to its payee in the ledger (on approval of the work). Once:
    a second release of the same payment is refused (409) and moves nothing."""
    found = payment_for(session, kind, payable_id)
    payment = lock_payment(session, found.id) if found is not None else None
    if payment is None or payment.status not in PAID_STATUSES:
        raise PaymentError(_("Nothing has been paid for this yet."), code="not_paid", status=409)
    if not holds_until_release(kind):
        raise PaymentError(_("This payment is not held for release."), code="not_held", status=409)
    if ledger.held_balance(session, payment) == (0, 0):
        raise PaymentError(_("This payment has already been released."), code="already_released", status=409)
    return ledger.record_release(session, payment)


# --- manual payments --------------------------------------------------------------------------------------------


def mark_received(session: Session, staff_user, payment_id: int, amount_minor: int | None = None,
                  note: str | None = None) -> Payment:
    """Staff record that the invoice's bank transfer arrived: the payment is applied (also a card payment that
    the payer chose to settle by transfer; its open intent is canceled). Refuses non-staff (403), unknown
    payments (404), payments not awaiting money (409) and an amount other than the invoice's (422)."""
    _require_staff(staff_user)
    payment = lock_payment(session, payment_id)
    if payment is None:
        raise _not_found()
    if payment.status in PAID_STATUSES:
        raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    if payment.status != PaymentStatus.pending:
        raise PaymentError(_("This payment was canceled."), code="wrong_state", status=409)
    if amount_minor is not None and int(amount_minor) != payment.amount_minor:
        raise PaymentError(_("The amount received must be the invoice's amount, %(amount)s.",
                             amount=format_amount(payment.amount_minor, payment.currency)),
                           code="amount_mismatch", field="amount")
    note = (note or "").strip() or None
    if note and len(note) > MAX_REASON:
        raise PaymentError(_("Keep the note under %(max)d characters.", max=MAX_REASON), field="note")
    if payment.provider == ProviderName.stripe and payment.provider_ref:
        if _retire_intent(session, payment, _stripe()):
            raise PaymentError(_("This was just paid by card."), code="already_paid", status=409)
    payment.provider = ProviderName.manual
    payment.received_by_id, payment.received_note = staff_user.id, note
    apply_payment(session, payment)
    return payment


def format_amount(amount_minor: int, currency: str) -> str:
    """An amount in minor units, formatted for the current locale."""
    from i18n.money import format_money

    return format_money(from_minor(amount_minor, currency), currency)


# --- refunds ----------------------------------------------------------------------------------------------------


def refund(session: Session, staff_user, payment_id: int, amount_minor: int, reason: str) -> Refund:
    """Staff refund part or all of a paid payment (through Stripe for card payments; a bank transfer back that
    staff make for manual ones). The ledger and the payable follow. Refuses non-staff (403), unknown payments
    (404), unpaid or fully refunded payments (409), and amounts that are not positive or exceed what is left —
    even when two refunds are asked for at the same moment (the payment's row is locked)."""
    _require_staff(staff_user)
    payment = lock_payment(session, payment_id)
    if payment is None:
        raise _not_found()
    return _refund(session, staff_user, payment, amount_minor, reason, source="staff")


def refund_payable(session: Session, actor, kind: str, payable_id: int, reason: str) -> Refund | None:
    """Refund what is left of a payable's payment because its own rules allow it (a buyer cancelling a paid
    order before production); None when nothing was paid. The caller has checked those rules."""
    existing = payment_for(session, kind, payable_id)
    if existing is None:
        return None
    payment = lock_payment(session, existing.id)
    if payment.status not in (PaymentStatus.paid, PaymentStatus.partially_refunded):
        return None
    remaining = payment.amount_minor - refunded_minor(session, payment.id)
    return _refund(session, actor, payment, remaining, reason, source="cancellation")


def _refund(session: Session, actor, payment: Payment, amount_minor, reason: str | None, *, source: str) -> Refund:
    if payment.status not in (PaymentStatus.paid, PaymentStatus.partially_refunded):
        raise PaymentError(_("Only paid payments can be refunded."), code="wrong_state", status=409)
    try:
        amount = int(amount_minor)
    except (TypeError, ValueError):
        raise PaymentError(_("Enter the amount to refund."), field="amount") from None
    before = refunded_minor(session, payment.id)
    remaining = payment.amount_minor - before
    if amount <= 0:
        raise PaymentError(_("Enter an amount above zero."), field="amount")
    if amount > remaining:
        raise PaymentError(_("At most %(amount)s can still be refunded.",
                             amount=format_amount(remaining, payment.currency)), code="exceeds_paid",
                           field="amount")
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON:
        raise PaymentError(_("Keep the reason under %(max)d characters.", max=MAX_REASON), field="reason")
    provider_ref = None
    if payment.provider == ProviderName.stripe:
        # The key names the refund by what was refunded before it, so a retry after a lost answer is the same
        # refund at Stripe, never a second one.
        key = f"seoulmade-refund-{payment.token}-{before}-{amount}"
        try:
            state = _stripe().refund(payment.provider_ref, amount, payment.currency, key,
                                     {"payment_id": str(payment.id), "reference": payment.reference or ""})
        except ProviderError as exc:
            raise _provider_failed(exc) from exc
        existing = session.exec(select(Refund).where(Refund.provider_ref == state.id)).first()
        if existing is not None:
            return existing
        provider_ref = state.id
    return _record_refund(session, actor, payment, amount, before, reason, source, provider_ref)


def _record_refund(session: Session, actor, payment: Payment, amount: int, before: int, reason: str, source: str,
                   provider_ref: str | None) -> Refund:
    amount_krw, _fee, _fee_krw = ledger.refund_split(payment, before, amount)
    row = Refund(payment_id=payment.id, amount_minor=amount, amount_krw=amount_krw, currency=payment.currency,
                 reason=reason, source=source, provider_ref=provider_ref,
                 created_by_id=getattr(actor, "id", None) if getattr(actor, "is_authenticated", False) else None)
    session.add(row)
    session.flush()
    ledger.record_refund(session, payment, row, before)
    fully = before + amount >= payment.amount_minor
    payment.status = PaymentStatus.refunded if fully else PaymentStatus.partially_refunded
    payment.updated_at = utcnow()
    session.add(payment)
    session.flush()
    get_adapter(payment.kind).on_refunded(session, payment.payable_id, payment.id, amount, fully)
    session.flush()
    return row


def sync_refunds(session: Session, payment: Payment) -> int:
    """Record refunds Stripe has for a (locked) card payment that we do not (made in Stripe's dashboard, or
    whose answer was lost); returns how many were added."""
    if payment.provider != ProviderName.stripe or not payment.provider_ref or payment.status not in (
            PaymentStatus.paid, PaymentStatus.partially_refunded):
        return 0
    try:
        found = _stripe().list_refunds(payment.provider_ref, payment.currency)
    except ProviderError as exc:
        raise _provider_failed(exc) from exc
    known = set(session.exec(select(Refund.provider_ref).where(Refund.payment_id == payment.id)))
    added = 0
    for state in sorted(found, key=lambda r: r.id):
        if state.id in known or state.status not in ("succeeded", "pending"):
            continue
        before = refunded_minor(session, payment.id)
        amount = min(state.amount_minor, payment.amount_minor - before)
        if amount <= 0:
            continue
        _record_refund(session, None, payment, amount, before, _("Refunded at the payment provider."), "provider",
                       state.id)
        added += 1
    return added


# --- cancellation -----------------------------------------------------------------------------------------------


def cancel_payment_for(session: Session, kind: str, payable_id: int) -> Payment | None:
    """The payable is being cancelled before it was paid: cancel its open payment (and Stripe intent).

    Refuses (409) when it has been paid, also when Stripe says the card payment succeeded just now (that payment
    is then applied, and the payable's cancellation must not go ahead)."""
    existing = payment_for(session, kind, payable_id)
    if existing is None:
        return None
    payment = lock_payment(session, existing.id)
    if payment.status in PAID_STATUSES:
        raise PaymentError(_("This has already been paid."), code="already_paid", status=409)
    if payment.status == PaymentStatus.canceled:
        return payment
    if payment.provider == ProviderName.stripe and payment.provider_ref and get_providers().stripe is not None:
        if _retire_intent(session, payment, _stripe()):
            raise PaymentError(_("This was just paid by card."), code="already_paid", status=409)
    now = utcnow()
    payment.status, payment.canceled_at, payment.updated_at = PaymentStatus.canceled, now, now
    session.add(payment)
    session.flush()
    return payment


# --- webhooks and reconciliation --------------------------------------------------------------------------------


def _payment_of_intent(session: Session, intent: IntentState) -> Payment | None:
    payment = session.exec(select(Payment).where(Payment.provider_ref == intent.id)).first()
    if payment is None and intent.payment_id is not None:
        candidate = session.get(Payment, intent.payment_id)
        # An older intent of the payment: its metadata names the payment and carries the payment's token.
        if candidate is not None and candidate.token == intent.metadata.get("payment_token"):
            payment = candidate
    return payment


def apply_stripe_event(session: Session, event: dict) -> tuple[str, int | None]:
    """Process one verified Stripe event: PaymentIntent events move the payment (see :func:`sync_intent`);
    refund events record refunds made at Stripe; other types are ignored. Returns (outcome, payment id)."""
    kind = str(event.get("type") or "")
    obj = (event.get("data") or {}).get("object") or {}
    if kind.startswith("payment_intent.") and obj.get("object") == "payment_intent":
        intent = StripeProvider._intent(obj)
        found = _payment_of_intent(session, intent)
        if found is None:
            return "unknown_payment", None
        payment = lock_payment(session, found.id)
        return sync_intent(session, payment, intent), payment.id
    if kind in ("charge.refunded", "charge.refund.updated", "refund.created", "refund.updated"):
        intent_id = obj.get("payment_intent")
        found = session.exec(select(Payment).where(Payment.provider_ref == intent_id)).first() if intent_id else None
        if found is None:
            return "unknown_payment", None
        payment = lock_payment(session, found.id)
        added = sync_refunds(session, payment)
        return ("refunds_added" if added else "refunds_in_sync"), payment.id
    return "ignored", None


def receive_stripe_webhook(session: Session, payload: bytes, signature: str | None) -> tuple[str, StripeEvent | None]:
    """Verify a webhook's signature on its raw body, store the event once by its id, and process it in this
    transaction. Returns (outcome, stored event); a repeated event id is ``duplicate`` and changes nothing.
    Raises :class:`market.payments.providers.SignatureError` for a bad signature (nothing is stored)."""
    event = _stripe().verify_event(payload, signature)
    event_id = str(event["id"])[:255]
    obj = (event.get("data") or {}).get("object") or {}
    created = event.get("created")
    row = StripeEvent(event_id=event_id, type=str(event["type"])[:120],
                      object_id=str(obj.get("id"))[:255] if obj.get("id") else None,
                      created=dt.datetime.fromtimestamp(int(created), dt.UTC) if isinstance(created, int) else None,
                      livemode=bool(event.get("livemode")), payload=payload.decode("utf-8", "replace"))
    try:
        # Storing the event is the transaction's first step: its unique id refuses a second delivery (a concurrent
        # one waits here until the first commits, then fails), and on SQLite it takes the write lock at once.
        with session.begin_nested():
            session.add(row)
            session.flush()
    except sa.exc.IntegrityError:
        return "duplicate", None
    outcome, payment_id = apply_stripe_event(session, event)
    row.outcome, row.payment_id = outcome[:40], payment_id
    session.add(row)
    session.flush()
    return outcome, row


@dataclasses.dataclass
class ReconcileReport:
    """What :func:`reconcile` looked at and repaired."""

    checked: int = 0
    applied: list[int] = dataclasses.field(default_factory=list)
    refunds_added: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)


def reconcile(session: Session, since: dt.datetime | None = None) -> ReconcileReport:
    """Compare recent PaymentIntents (and every open card payment) with our payments and repair what a lost
    webhook missed: successes applied, refunds made at Stripe recorded. Safe to run any time, as often as
    wanted. With the manual provider only, there is nothing to fetch."""
    report = ReconcileReport()
    stripe = get_providers().stripe
    if stripe is None:
        return report
    since_ts = int(since.timestamp()) if since else None
    seen: set[int] = set()

    def check(payment_id: int, intent: IntentState | None) -> None:
        payment = lock_payment(session, payment_id)
        try:
            with session.begin_nested():
                if intent is None:
                    intent_now = stripe.retrieve_intent(payment.provider_ref)
                else:
                    intent_now = intent
                if sync_intent(session, payment, intent_now) == "applied":
                    report.applied.append(payment.id)
                report.refunds_added += sync_refunds(session, payment)
        except (ProviderError, PaymentError) as exc:
            report.errors.append(f"payment {payment_id}: {getattr(exc, 'message', exc)}")
        report.checked += 1

    try:
        for intent in stripe.recent_intents(since_ts):
            payment = _payment_of_intent(session, intent)
            if payment is None or payment.id in seen:
                continue
            seen.add(payment.id)
            check(payment.id, intent)
    except ProviderError as exc:
        report.errors.append(exc.message)
    open_ids = session.exec(select(Payment.id).where(Payment.provider == ProviderName.stripe,
                                                     Payment.status == PaymentStatus.pending,
                                                     Payment.provider_ref.is_not(None))).all()
    for payment_id in open_ids:
        if payment_id not in seen:
            seen.add(payment_id)
            check(payment_id, None)
    return report


# --- payouts ----------------------------------------------------------------------------------------------------


def set_payee_account(session: Session, staff_user, org_id: int, stripe_account_id: str | None) -> PayeeAccount | None:
    """Record (or with None, forget) a maker's connected Stripe account; refuses non-staff and malformed ids."""
    _require_staff(staff_user)
    if session.get(Organization, org_id) is None:
        raise PaymentError(_("Organisation not found."), code="not_found", status=404)
    account = session.get(PayeeAccount, org_id)
    if not stripe_account_id:
        if account is not None:
            session.delete(account)
            session.flush()
        return None
    if not _STRIPE_ACCOUNT.fullmatch(stripe_account_id.strip()):
        raise PaymentError(_("A connected account id looks like acct_1A2B3C."), field="stripe_account_id")
    account = account or PayeeAccount(organization_id=org_id, stripe_account_id="")
    account.stripe_account_id, account.updated_by_id, account.updated_at = (stripe_account_id.strip(),
                                                                              staff_user.id, utcnow())
    session.add(account)
    session.flush()
    return account


def record_payout(session: Session, staff_user, payee_org_id: int, currency: str, amount_minor: int,
                  note: str | None = None) -> Payout:
    """Pay a maker from what the ledger says it is owed in a currency: a Stripe Connect transfer when the maker
    has a connected account and Stripe is configured, else a bank transfer staff make. Recorded in the ledger.
    Refuses non-staff (403), unknown organisations (404) and amounts that are not positive or exceed the balance
    owed (payouts to one maker are serialised by a lock on its organisation row)."""
    _require_staff(staff_user)
    currency = (currency or "").strip().upper()
    org = _lock_row(session, Organization, payee_org_id)
    if org is None:
        raise PaymentError(_("Organisation not found."), code="not_found", status=404)
    try:
        amount = int(amount_minor)
    except (TypeError, ValueError):
        raise PaymentError(_("Enter the amount to pay out."), field="amount") from None
    owed = ledger.payee_balances(session, org.id).get(org.id, {}).get(currency, 0)
    if amount <= 0:
        raise PaymentError(_("Enter an amount above zero."), field="amount")
    if amount > owed:
        raise PaymentError(_("%(name)s is owed %(amount)s in this currency.", name=org.name,
                             amount=format_amount(max(owed, 0), currency or "KRW")), code="exceeds_balance",
                           field="amount")
    note = (note or "").strip() or None
    if note and len(note) > MAX_REASON:
        raise PaymentError(_("Keep the note under %(max)d characters.", max=MAX_REASON), field="note")
    owed_krw = sum(b.amount_krw for b in ledger.balances(session, ledger.LedgerAccount.payee, org.id)
                   if b.currency == currency) * -1
    amount_krw = share(owed_krw, amount, owed)
    account = session.get(PayeeAccount, org.id)
    stripe = get_providers().stripe
    payout = Payout(payee_org_id=org.id, currency=currency, amount_minor=amount, amount_krw=amount_krw,
                    method="stripe_connect" if account and stripe else "bank_transfer", note=note,
                    created_by_id=staff_user.id)
    if account and stripe:
        paid_before = int(session.exec(select(func.coalesce(func.sum(Payout.amount_minor), 0))
                                       .where(Payout.payee_org_id == org.id, Payout.currency == currency)).one())
        key = f"seoulmade-payout-{org.id}-{currency}-{paid_before}-{amount}"
        try:
            payout.provider_ref = stripe.transfer(amount, currency, account.stripe_account_id, key,
                                                  {"organization_id": str(org.id)})
        except ProviderError as exc:
            raise _provider_failed(exc) from exc
    session.add(payout)
    session.flush()
    funds = ledger.LedgerAccount.funds_stripe if payout.method == "stripe_connect" else ledger.LedgerAccount.funds_manual
    ledger.record_payout(session, payout, funds)
    return payout


def balances(session: Session, org_id: int | None = None) -> list[ledger.Balance]:
    """The ledger's balances per account and currency (optionally of one organisation)."""
    return ledger.balances(session, org_id=org_id)


def payee_balances(session: Session, org_id: int | None = None) -> dict[int, dict[str, int]]:
    """What each maker is owed per currency (minor units)."""
    return ledger.payee_balances(session, org_id)


# --- pages ------------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class PaymentDetail:
    """A payment with what its pages show: parties, refunds, and for staff its ledger entries and events."""

    payment: Payment
    payer_org: Organization | None
    payee_org: Organization | None
    refunds: list[Refund]
    refundable_minor: int
    entries: list[tuple[LedgerTransaction, LedgerEntry]]
    events: list[StripeEvent]
    return_url: str | None
    is_payer: bool
    is_staff: bool


def payment_detail(session: Session, user, payment_id: int) -> PaymentDetail:
    """A payment's page; refuses (not_found) those who may not see it."""
    payment = get_payment(session, user, payment_id)
    refunds = list(session.exec(select(Refund).where(Refund.payment_id == payment.id).order_by(Refund.id)))
    staff = _is_staff(user)
    entries, events = [], []
    if staff:
        entries = [tuple(r) for r in session.exec(
            select(LedgerTransaction, LedgerEntry).join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
            .where(LedgerTransaction.payment_id == payment.id).order_by(LedgerTransaction.id, LedgerEntry.id))]
        events = list(session.exec(select(StripeEvent).where(StripeEvent.payment_id == payment.id)
                                   .order_by(StripeEvent.id)))
    refundable = (payment.amount_minor - sum(r.amount_minor for r in refunds)
                  if payment.status in (PaymentStatus.paid, PaymentStatus.partially_refunded) else 0)
    return PaymentDetail(payment, session.get(Organization, payment.payer_org_id) if payment.payer_org_id else None,
                         session.get(Organization, payment.payee_org_id), refunds, refundable, entries, events,
                         return_url(payment), _is_payer(session, user, payment.payer_user_id, payment.payer_org_id),
                         staff)


def return_url(payment: Payment) -> str | None:
    """Where the payer goes back to (the order's page), from the payable's adapter."""
    return adapter_return_url(payment.kind, payment.payable_id)


def adapter_return_url(kind: str, payable_id: int) -> str | None:
    """The payable's own page, from its adapter (None when it cannot say)."""
    try:
        return get_adapter(kind).return_url(payable_id)
    except Exception:  # an adapter that cannot build its URL must not break the payment's page
        log.exception("return_url failed for %s %s", kind, payable_id)
        return None


@dataclasses.dataclass
class PaymentRow:
    """A payment in the staff list, with the payee's name."""

    payment: Payment
    payee: str
    refunded_minor: int


def list_payments(session: Session, staff_user, *, status: str | None = None, provider: str | None = None,
                  kind: str | None = None, search: str | None = None, page: int = 1) -> tuple[list[PaymentRow], int]:
    """Payments for staff, newest first, filtered by status, provider, kind or a reference/description search."""
    _require_staff(staff_user)
    where = []
    if status in {s.value for s in PaymentStatus}:
        where.append(Payment.status == status)
    if provider in {p.value for p in ProviderName}:
        where.append(Payment.provider == provider)
    if kind:
        where.append(Payment.kind == kind)
    if search:
        like = f"%{search.strip()[:60]}%"
        where.append(sa.or_(Payment.reference.ilike(like), Payment.description.ilike(like)))
    total = session.exec(select(func.count()).select_from(Payment).where(*where)).one()
    refunded = (select(Refund.payment_id, func.sum(Refund.amount_minor).label("refunded"))
                .group_by(Refund.payment_id).subquery())
    rows = session.exec(select(Payment, Organization.name, refunded.c.refunded)
                        .join(Organization, Organization.id == Payment.payee_org_id)
                        .outerjoin(refunded, refunded.c.payment_id == Payment.id)
                        .where(*where).order_by(Payment.created_at.desc(), Payment.id.desc())
                        .offset((max(page, 1) - 1) * PER_PAGE).limit(PER_PAGE))
    return [PaymentRow(p, name, int(r or 0)) for p, name, r in rows], total


@dataclasses.dataclass
class PayeeRow:
    """A maker with what it is owed per currency and whether payouts go to a connected Stripe account."""

    org: Organization
    owed: dict[str, int]
    stripe_account_id: str | None


def payee_overview(session: Session, staff_user) -> list[PayeeRow]:
    """Makers with a ledger balance (owed or owing), by name, for the staff payouts page."""
    _require_staff(staff_user)
    owed = ledger.payee_balances(session)
    orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(owed or {0})))}
    accounts = {a.organization_id: a.stripe_account_id for a in session.exec(
        select(PayeeAccount).where(PayeeAccount.organization_id.in_(owed or {0})))}
    rows = [PayeeRow(orgs[org_id], {c: v for c, v in sorted(per.items()) if v}, accounts.get(org_id))
            for org_id, per in owed.items() if org_id in orgs]
    return sorted((r for r in rows if r.owed), key=lambda r: r.org.name)


def recent_payouts(session: Session, staff_user, limit: int = 50) -> list[tuple[Payout, str]]:
    """The latest payouts with the maker's name, newest first."""
    _require_staff(staff_user)
    return [tuple(r) for r in session.exec(select(Payout, Organization.name)
                                           .join(Organization, Organization.id == Payout.payee_org_id)
                                           .order_by(Payout.created_at.desc(), Payout.id.desc()).limit(limit))]


def event_summary(event: StripeEvent) -> str:
    """A short line about a stored event for staff pages."""
    try:
        obj = json.loads(event.payload).get("data", {}).get("object", {})
    except ValueError:
        obj = {}
    return f"{event.type} {obj.get('status') or ''}".strip()


def user_name(session: Session, user_id: int | None) -> str | None:
    """A user's display name (for staff pages)."""
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user else None
