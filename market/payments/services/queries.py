"""What the payment pages show: a payment with its parties, refunds, ledger and events; staff's lists of payments,
payees and payouts."""

from __future__ import annotations

import dataclasses
import json

import sqlalchemy as sa
from sqlmodel import Session, func, select

from market.accounts.models import Organization, User
from market.pages import offset
from market.payments import ledger
from market.payments.models import (
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
from market.payments.payables import get_adapter
from market.payments.services.common import (
    PER_PAGE,
    get_payment,
    is_staff,
    log,
    payment_payee,
    pays,
    require_staff,
)
from market.payments.services.refunds import REFUNDABLE


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
    payee_name: str = ""  # who is paid when it is not an organisation, in the reader's language


def payment_detail(session: Session, user, payment_id: int) -> PaymentDetail:
    """A payment's page; refuses (not_found) those who may not see it."""
    payment = get_payment(session, user, payment_id)
    refunds = list(session.exec(select(Refund).where(Refund.payment_id == payment.id).order_by(Refund.id)))
    staff = is_staff(user)
    entries, events = [], []
    if staff:
        entries = [tuple(r) for r in session.exec(
            select(LedgerTransaction, LedgerEntry).join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
            .where(LedgerTransaction.payment_id == payment.id).order_by(LedgerTransaction.id, LedgerEntry.id))]
        events = list(session.exec(select(StripeEvent).where(StripeEvent.payment_id == payment.id)
                                   .order_by(StripeEvent.id)))
    refundable = (payment.amount_minor - sum(r.amount_minor for r in refunds)
                  if payment.status in REFUNDABLE else 0)
    return PaymentDetail(payment, session.get(Organization, payment.payer_org_id) if payment.payer_org_id else None,
                         session.get(Organization, payment.payee_org_id) if payment.payee_org_id else None,
                         refunds, refundable, entries, events,
                         return_url(payment), pays(session, user, payment.payer_user_id, payment.payer_org_id),
                         staff, payment_payee(session, payment) if payment.payee_name else "")


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
    require_staff(staff_user)
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
                        .outerjoin(Organization, Organization.id == Payment.payee_org_id)
                        .outerjoin(refunded, refunded.c.payment_id == Payment.id)
                        .where(*where).order_by(Payment.created_at.desc(), Payment.id.desc())
                        .offset(offset(page, PER_PAGE)).limit(PER_PAGE))
    return [PaymentRow(p, name or (payment_payee(session, p) if p.payee_name else ""), int(r or 0))
            for p, name, r in rows], total


@dataclasses.dataclass
class PayeeRow:
    """A maker with what it is owed per currency and whether payouts go to a connected Stripe account."""

    org: Organization
    owed: dict[str, int]
    stripe_account_id: str | None


def payee_overview(session: Session, staff_user) -> list[PayeeRow]:
    """Makers with a ledger balance (owed or owing), by name, for the staff payouts page."""
    require_staff(staff_user)
    owed = ledger.payee_balances(session)
    orgs = {o.id: o for o in session.exec(select(Organization).where(Organization.id.in_(owed or {0})))}
    accounts = {a.organization_id: a.stripe_account_id for a in session.exec(
        select(PayeeAccount).where(PayeeAccount.organization_id.in_(owed or {0})))}
    rows = [PayeeRow(orgs[org_id], {c: v for c, v in sorted(per.items()) if v}, accounts.get(org_id))
            for org_id, per in owed.items() if org_id in orgs]
    return sorted((r for r in rows if r.owed), key=lambda r: r.org.name)


def recent_payouts(session: Session, staff_user, limit: int = 50) -> list[tuple[Payout, str]]:
    """The latest payouts with the maker's name, newest first."""
    require_staff(staff_user)
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
