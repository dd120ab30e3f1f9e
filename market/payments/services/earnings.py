"""A maker's earnings: every payment made to it (catalog orders, jewelry orders, prototype milestones), what the
platform kept, what is held until the buyer approves the work, what is owed now and what was paid out when. All
figures come from the ledger, so they agree with the staff's payouts page; the next payout date follows the
platform's monthly payout day (``PAYOUT_DAY``)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import current_app
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.accounts.models import Membership, Organization
from market.payments import ledger
from market.payments.amounts import commission
from market.payments.models import (
    PAID_STATUSES,
    LedgerAccount,
    LedgerKind,
    LedgerTransaction,
    Payment,
    Payout,
)
from market.payments.services.common import not_found, refunded_minor

PER_PAGE = 25


@dataclasses.dataclass(frozen=True)
class EarningRow:
    """One payment to the maker, from its side."""

    payment: Payment
    gross: int        # what the buyer paid, less refunds
    fee: int          # the platform's commission on it
    held: int         # still held until the buyer approves the work
    released_at: dt.datetime | None

    @property
    def net(self) -> int:
        return self.gross - self.fee


@dataclasses.dataclass(frozen=True)
class Earnings:
    """A maker organisation's earnings page."""

    org: Organization
    rows: list[EarningRow]
    total: int
    owed: dict[str, int]       # per currency, owed now (paid out at the next payout)
    held: dict[str, int]       # per currency, held until approval
    paid_out: dict[str, int]   # per currency, paid out so far
    payouts: list[Payout]
    next_payout_on: dt.date


def next_payout_date(today: dt.date, day: int) -> dt.date:
    """The next monthly payout day on or after ``today`` (the day clipped to 28 so every month has it)."""
    day = min(max(day, 1), 28)
    if today.day <= day:
        return today.replace(day=day)
    month = today.month % 12 + 1
    return dt.date(today.year + (today.month == 12), month, day)


def _member(session: Session, user, org_id: int) -> bool:
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def maker_earnings(session: Session, user, org_id: int, page: int = 1, today: dt.date | None = None) -> Earnings:
    """The earnings of organisation ``org_id`` for one of its members or staff; everyone else gets 404."""
    org = session.get(Organization, org_id)
    if org is None or not (getattr(user, "is_staff", False) or _member(session, user, org_id)):
        raise not_found()
    base = select(Payment).where(Payment.payee_org_id == org_id, Payment.status.in_(PAID_STATUSES))
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    payments = list(session.exec(base.order_by(Payment.paid_at.desc(), Payment.id.desc())
                                 .offset((page - 1) * PER_PAGE).limit(PER_PAGE)))
    releases = dict(session.exec(select(LedgerTransaction.payment_id, LedgerTransaction.created_at).where(
        LedgerTransaction.kind == LedgerKind.release,
        LedgerTransaction.payment_id.in_([p.id for p in payments] or [0]))).all())
    rows = []
    for payment in payments:
        gross = payment.amount_minor - refunded_minor(session, payment.id)
        rows.append(EarningRow(payment, gross, commission(gross, payment.commission_bps),
                               ledger.held_balance(session, payment)[0], releases.get(payment.id)))
    held: dict[str, int] = {}
    for row in ledger.balances(session, LedgerAccount.held, org_id):
        if row.amount_minor:
            held[row.currency] = -row.amount_minor
    paid_out = {currency: int(amount) for currency, amount in session.exec(
        select(Payout.currency, func.sum(Payout.amount_minor)).where(Payout.payee_org_id == org_id)
        .group_by(Payout.currency))}
    owed = {c: v for c, v in ledger.payee_balances(session, org_id).get(org_id, {}).items() if v}
    payouts = list(session.exec(select(Payout).where(Payout.payee_org_id == org_id)
                                .order_by(Payout.created_at.desc(), Payout.id.desc()).limit(24)))
    today = today or utcnow().date()
    return Earnings(org, rows, total, owed, held, paid_out, payouts,
                    next_payout_date(today, current_app.config.get("PAYOUT_DAY", 10)))


def payee_orgs_of(session: Session, user) -> list[Organization]:
    """The user's organisations that are paid on the platform (makers first, then by name)."""
    orgs = list(session.exec(select(Organization).join(Membership, Membership.organization_id == Organization.id)
                             .where(Membership.user_id == user.id).order_by(Organization.name, Organization.id)))
    return sorted(orgs, key=lambda o: str(o.kind) != "maker")
