"""Grants: money the platform pays out to a workshop for a public programme (a master craftsman's award grant),
from its own funds rather than from what a buyer paid. A grant is one :class:`~market.payments.models.Payout`
that names what it is for (``grant_kind`` and ``grant_id``, unique together), written to the ledger as the
grants expense against the funds it left from; it shows among the workshop's payouts on its earnings page.

Payments know no feature: the feature that owes the grant says what it is (kind, id, recipient, amount, what to
call it) and calls :func:`pay_grant`. A grant is paid once: the recipient's organisation row is locked while it
is paid, a second call finds the payout and is refused, the unique ``(grant_kind, grant_id)`` and the ledger's
dedupe key refuse a duplicate row even so, and a Stripe Connect transfer carries an idempotency key of the grant.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.locales import DEFAULT_LOCALE, LOCALES
from market.accounts.models import Organization
from market.notifications.services import notify_members
from market.payments import ledger
from market.payments.amounts import to_minor
from market.payments.models import LedgerAccount, PayeeAccount, Payout
from market.payments.providers import ProviderError, get_providers
from market.payments.services.common import (
    PaymentError,
    format_amount,
    lock_row,
    provider_failed,
    require_staff,
)

CURRENCY = "KRW"


def already_granted() -> PaymentError:
    """The refusal for paying a grant that has been paid."""
    return PaymentError(_("This grant has already been paid."), code="already_paid", status=409)


def grant_payout(session: Session, kind: str, grant_id: int) -> Payout | None:
    """The payout of grant ``kind`` ``grant_id``, or None while it is not paid."""
    return session.exec(select(Payout).where(Payout.grant_kind == kind, Payout.grant_id == grant_id)).first()


def pay_grant(session: Session, staff_user, *, kind: str, grant_id: int, payee_org_id: int, amount_krw: int,
              describe: Callable[[], str]) -> Payout:
    """Pay grant ``kind`` ``grant_id`` of ``amount_krw`` won to organisation ``payee_org_id`` (staff): a Stripe
    Connect transfer when the organisation has a connected account and Stripe is configured, else a bank transfer
    staff make; recorded in the ledger and told to the organisation's members, each in their language
    (``describe`` is called in each, and once in the organisation's language for the payout's note).

    Refuses non-staff (403), an unknown organisation (404), an amount that is not positive (422), a grant paid
    already (409, also when two payments of it race) and a Stripe transfer that fails (502)."""
    require_staff(staff_user)
    if not kind or len(kind) > 40:
        raise ValueError("a grant needs a kind of at most 40 characters")
    if amount_krw is None or amount_krw <= 0:
        raise PaymentError(_("Enter an amount above zero."), field="amount")
    org = lock_row(session, Organization, payee_org_id)
    if org is None:
        raise PaymentError(_("Organisation not found."), code="not_found", status=404)
    if grant_payout(session, kind, grant_id) is not None:
        raise already_granted()
    with force_locale(org.source_locale if org.source_locale in LOCALES else DEFAULT_LOCALE):
        note = describe()
    account = session.get(PayeeAccount, org.id)
    stripe = get_providers().stripe
    amount = to_minor(amount_krw, CURRENCY)
    payout = Payout(payee_org_id=org.id, currency=CURRENCY, amount_minor=amount, amount_krw=amount_krw,
                    method="stripe_connect" if account and stripe else "bank_transfer", note=note[:2000],
                    grant_kind=kind, grant_id=grant_id, created_by_id=staff_user.id)
    if account and stripe:
        try:
            payout.provider_ref = stripe.transfer(amount, CURRENCY, account.stripe_account_id,
                                                  f"seoulmade-grant-{kind}-{grant_id}",
                                                  {"organization_id": str(org.id), "grant": f"{kind}:{grant_id}"})
        except ProviderError as exc:
            raise provider_failed(exc) from exc
    try:
        with session.begin_nested():
            session.add(payout)
            session.flush()
    except sa.exc.IntegrityError:
        raise already_granted() from None
    funds = LedgerAccount.funds_stripe if payout.method == "stripe_connect" else LedgerAccount.funds_manual
    ledger.record_grant(session, payout, funds)
    notify_members(session, org.id, "grant_paid", lambda: _(
        "A grant of %(amount)s was paid to %(name)s (%(title)s).", amount=format_amount(amount, CURRENCY),
        name=org.name, title=describe()), "payments.earnings", org=org.id)
    return payout
