"""Payouts: makers paid what the ledger says they are owed, by bank transfer or to a connected Stripe account."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlmodel import Session, func, select

from market.accounts.models import Organization
from market.db import utcnow
from market.notifications.services import notify_members
from market.payments import ledger
from market.payments.amounts import share
from market.payments.models import PayeeAccount, Payout
from market.payments.providers import ProviderError, get_providers
from market.payments.services.common import (
    MAX_REASON,
    PaymentError,
    format_amount,
    lock_row,
    provider_failed,
    require_staff,
)

_STRIPE_ACCOUNT = re.compile(r"^acct_[A-Za-z0-9]{4,250}$")


def _org_not_found() -> PaymentError:
    return PaymentError(_("Organisation not found."), code="not_found", status=404)


def set_payee_account(session: Session, staff_user, org_id: int, stripe_account_id: str | None) -> PayeeAccount | None:
    """Record (or with None, forget) a maker's connected Stripe account; refuses non-staff and malformed ids."""
    require_staff(staff_user)
    if session.get(Organization, org_id) is None:
        raise _org_not_found()
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
    require_staff(staff_user)
    currency = (currency or "").strip().upper()
    org = lock_row(session, Organization, payee_org_id)
    if org is None:
        raise _org_not_found()
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
            raise provider_failed(exc) from exc
    session.add(payout)
    session.flush()
    funds = ledger.LedgerAccount.funds_stripe if payout.method == "stripe_connect" else ledger.LedgerAccount.funds_manual
    ledger.record_payout(session, payout, funds)
    notify_members(session, org.id, "payout_sent", lambda: _(
        "A payout of %(amount)s was sent to %(name)s.", amount=format_amount(amount, currency), name=org.name),
        "payments.earnings", org=org.id)
    return payout


def balances(session: Session, org_id: int | None = None) -> list[ledger.Balance]:
    """The ledger's balances per account and currency (optionally of one organisation)."""
    return ledger.balances(session, org_id=org_id)


def payee_balances(session: Session, org_id: int | None = None) -> dict[int, dict[str, int]]:
    """What each maker is owed per currency (minor units)."""
    return ledger.payee_balances(session, org_id)
