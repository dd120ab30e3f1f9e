"""What every payment operation shares: the refusal, status labels, row locks, who may see or pay what, the
payable's description, status steps and amounts in words."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from i18n.money import format_minor
from market.accounts.models import Membership
from market.payments.models import (
    PAYMENT_TRANSITIONS,
    Payment,
    PaymentRole,
    PaymentStatus,
    ProviderName,
    Refund,
)
from market.payments.payables import PayableInfo, get_adapter
from market.payments.providers import ProviderError, StripeProvider, get_providers
from market.refusals import Refusal
from market.transitions import apply_transition

log = logging.getLogger("seoulmade.payments")

PER_PAGE = 30
MAX_REASON = 500

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


class PaymentError(Refusal):
    """A refused payment operation."""


def not_found() -> PaymentError:
    """The refusal for a payment that does not exist or that the user may not see."""
    return PaymentError(_("Payment not found."), code="not_found", status=404)


def already_paid() -> PaymentError:
    """The refusal for paying (or cancelling) what has been paid."""
    return PaymentError(_("This has already been paid."), code="already_paid", status=409)


def provider_failed(exc: ProviderError) -> PaymentError:
    """The refusal for a provider that refused or could not be reached."""
    return PaymentError(_("The payment provider could not complete this: %(reason)s", reason=exc.message),
                        code="provider_error", status=502)


def status_label(status) -> str:
    """A payment status in words."""
    return str(STATUS_LABELS.get(PaymentStatus(status), status))


def format_amount(amount_minor: int, currency: str) -> str:
    """An amount in minor units, formatted for the current locale (through the one money format)."""
    return format_minor(amount_minor, currency)


# --- locks and lookups ------------------------------------------------------------------------------------------


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_row(session: Session, model, pk: int):
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
    """The payment, locked for this transaction (see :func:`lock_row`)."""
    return lock_row(session, Payment, payment_id)


def payment_for(session: Session, kind: str, payable_id: int) -> Payment | None:
    """The payment of a payable, if one was started."""
    return session.exec(select(Payment).where(Payment.kind == kind, Payment.payable_id == payable_id)).first()


def refunded_minor(session: Session, payment_id: int) -> int:
    """How much of a payment has been refunded, in minor units."""
    return int(session.exec(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                            .where(Refund.payment_id == payment_id)).one())


def move_payment(session: Session, payment: Payment, to: PaymentStatus, role: PaymentRole, **values) -> None:
    """Move a (locked) payment to ``to`` through :data:`~market.payments.models.PAYMENT_TRANSITIONS`, setting
    ``values`` in the same UPDATE; refuses a step the table does not allow for ``role`` (409/403)."""
    session.add(payment)
    session.flush()
    apply_transition(session, payment, PAYMENT_TRANSITIONS, to, role=role, values=values, label=status_label)


def stripe() -> StripeProvider:
    """The Stripe provider; refuses (409) when card payments are not configured."""
    provider = get_providers().stripe
    if provider is None:
        raise PaymentError(_("Card payments are not configured."), code="not_configured", status=409)
    return provider


# --- who may do what --------------------------------------------------------------------------------------------


def org_ids(session: Session, user) -> set[int]:
    """The organisations ``user`` belongs to (none for visitors)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(session.exec(select(Membership.organization_id).where(Membership.user_id == user.id)))


def is_staff(user) -> bool:
    """Whether ``user`` is signed-in platform staff."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))


def require_staff(user) -> None:
    """Refuse (403) anyone but staff."""
    if not is_staff(user):
        raise PaymentError(_("Only staff can do this."), code="forbidden", status=403)


def pays(session: Session, user, payer_user_id: int | None, payer_org_id: int | None) -> bool:
    """Whether ``user`` is the payer or a member of the paying organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.id == payer_user_id or (payer_org_id is not None and payer_org_id in org_ids(session, user))


def is_payer(session: Session, user, info: PayableInfo) -> bool:
    """Whether the user pays this payable (its payer, or a member of the paying organisation)."""
    return pays(session, user, info.payer_user_id, info.payer_org_id)


def can_see(session: Session, user, payment: Payment) -> bool:
    """Staff, the payer (or its organisation) and the payee's members see a payment."""
    if is_staff(user):
        return True
    if pays(session, user, payment.payer_user_id, payment.payer_org_id):
        return True
    return payment.payee_org_id in org_ids(session, user)


def get_payment(session: Session, user, payment_id: int) -> Payment:
    """A payment the user may see; refuses (not_found) everyone else."""
    payment = session.get(Payment, payment_id)
    if payment is None or not can_see(session, user, payment):
        raise not_found()
    return payment


def nothing_to_pay() -> PaymentError:
    """The refusal for an unknown kind or id of payable, or one that is not the user's to pay."""
    return PaymentError(_("There is nothing to pay here."), code="not_found", status=404)


def describe(session: Session, kind: str, payable_id: int) -> PayableInfo:
    """What the payable's feature says is due; refuses (not_found) unknown kinds and ids."""
    try:
        adapter = get_adapter(kind)
    except KeyError:
        raise nothing_to_pay() from None
    try:
        return adapter.describe(session, payable_id)
    except (Refusal, LookupError) as exc:
        # Each feature refuses an unknown id with its own not-found refusal.
        if isinstance(exc, LookupError) or (exc.status == 404 and not isinstance(exc, PaymentError)):
            raise nothing_to_pay() from exc
        raise


def payment_title(session: Session, payment: Payment) -> str:
    """What a payment is for, in the reader's language: the payable describes itself again (its description is
    kept in the payer's language when the payment is made); the kept text when the payable cannot say (gone, or
    a kind this app no longer pays)."""
    from market.payments.payables import get_adapter
    from market.refusals import Refusal

    try:
        return get_adapter(payment.kind).describe(session, payment.payable_id).description or payment.description
    except (KeyError, LookupError, Refusal):
        return payment.description


def payment_payee(session: Session, payment: Payment) -> str:
    """Who is paid when it is not an organisation (a centre's operator), in the reader's language, as
    :func:`payment_title` says what for; the kept name when the payable cannot say."""
    from market.payments.payables import get_adapter
    from market.refusals import Refusal

    try:
        return get_adapter(payment.kind).describe(session, payment.payable_id).payee_name or payment.payee_name or ""
    except (KeyError, LookupError, Refusal):
        return payment.payee_name or ""
