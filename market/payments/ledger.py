"""The double-entry ledger: every payment, refund, commission, amount owed to a maker and payout is written as
a transaction whose entries add up to zero per currency (and in won). Nothing is ever updated or deleted;
balances are sums of entries.

Sign convention: debits are positive. Funds held (the bank account, the Stripe balance) have positive balances;
what is owed to a payee and the platform's commission are credits, so their sums are negative and
:func:`payee_balances` reports them negated, as amounts owed.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from sqlmodel import Session, func, select

from market.payments.amounts import commission, share
from market.payments.models import (
    LedgerAccount,
    LedgerEntry,
    LedgerKind,
    LedgerTransaction,
    Payment,
    Payout,
    Refund,
)


class LedgerError(RuntimeError):
    """A transaction that would not balance: a programming error, never user input."""


@dataclasses.dataclass(frozen=True)
class Line:
    """One entry to write: a signed amount (debit positive) on an account."""

    account: LedgerAccount
    amount_minor: int
    amount_krw: int
    org_id: int | None = None
    party: str | None = None  # a party that is not an organisation (a support centre, a voucher's funder)


def funds_account(provider: str) -> LedgerAccount:
    """Where money received through ``provider`` is held."""
    return LedgerAccount.funds_stripe if provider == "stripe" else LedgerAccount.funds_manual


def post(session: Session, kind: LedgerKind, dedupe_key: str, currency: str, lines: list[Line], *,
         payment_id: int | None = None, refund_id: int | None = None, payout_id: int | None = None,
         memo: str = "") -> LedgerTransaction:
    """Write one balanced transaction. Refuses (LedgerError) lines that do not add up to zero in the currency
    and in won; the unique ``dedupe_key`` makes the database refuse the same movement a second time."""
    lines = [line for line in lines if line.amount_minor or line.amount_krw]
    if sum(line.amount_minor for line in lines) != 0 or sum(line.amount_krw for line in lines) != 0:
        raise LedgerError(f"unbalanced ledger transaction {dedupe_key}: {lines}")
    txn = LedgerTransaction(kind=kind, dedupe_key=dedupe_key, payment_id=payment_id, refund_id=refund_id,
                            payout_id=payout_id, memo=memo[:300])
    session.add(txn)
    session.flush()
    for line in lines:
        session.add(LedgerEntry(transaction_id=txn.id, account=line.account, org_id=line.org_id, party=line.party,
                                currency=currency, amount_minor=line.amount_minor, amount_krw=line.amount_krw))
    session.flush()
    return txn


def record_payment(session: Session, payment: Payment, held: bool = False,
                   sources: list[Line] | None = None) -> LedgerTransaction:
    """Money received: funds up by the amount; the payee is owed the amount less the commission, which is the
    platform's. With ``held`` (milestones) the payee's share is held until :func:`record_release`.

    ``sources`` replace the funds line when the invoice was settled from bank transfers received in parts (see
    :func:`settlement_sources`): what they add up to must be the payment's amount."""
    fee = commission(payment.amount_minor, payment.commission_bps)
    fee_krw = commission(payment.amount_krw, payment.commission_bps)
    share_account = LedgerAccount.held if held else LedgerAccount.payee
    if payment.payee_ref:
        share_account = LedgerAccount.collected
    txn = post(session, LedgerKind.payment, f"payment:{payment.id}", payment.currency, [
        *(sources or [Line(funds_account(payment.provider), payment.amount_minor, payment.amount_krw)]),
        Line(share_account, -(payment.amount_minor - fee), -(payment.amount_krw - fee_krw), payment.payee_org_id,
             payment.payee_ref),
        Line(LedgerAccount.commission, -fee, -fee_krw),
    ], payment_id=payment.id, memo=payment.description)
    if payment.voucher_minor:
        record_voucher(session, payment)
    return txn


def _payee_line(payment: Payment, amount_minor: int, amount_krw: int) -> Line:
    account = LedgerAccount.collected if payment.payee_ref else LedgerAccount.payee
    return Line(account, amount_minor, amount_krw, payment.payee_org_id, payment.payee_ref)


def record_voucher(session: Session, payment: Payment) -> LedgerTransaction:
    """The part of the fee a support voucher covered, in its own transaction beside the payment's: the funder
    owes it (account ``voucher``) and the payee is owed it in full (no commission). Once per payment: the
    dedupe key refuses a second one."""
    return post(session, LedgerKind.voucher, f"voucher:{payment.id}", payment.currency, [
        Line(LedgerAccount.voucher, payment.voucher_minor, payment.voucher_krw, party=payment.voucher_ref),
        _payee_line(payment, -payment.voucher_minor, -payment.voucher_krw),
    ], payment_id=payment.id, memo=payment.description)


def record_voucher_reversed(session: Session, payment: Payment) -> LedgerTransaction:
    """A payment refunded in full gives its voucher back: the funder no longer owes it, the payee is no longer
    owed it (once per payment)."""
    return post(session, LedgerKind.voucher_reversed, f"voucher_reversed:{payment.id}", payment.currency, [
        Line(LedgerAccount.voucher, -payment.voucher_minor, -payment.voucher_krw, party=payment.voucher_ref),
        _payee_line(payment, payment.voucher_minor, payment.voucher_krw),
    ], payment_id=payment.id, memo=payment.description)


def record_receipt(session: Session, payment: Payment, receipt_id: int, amount_minor: int, amount_krw: int
                   ) -> LedgerTransaction:
    """Part of an invoice's bank transfer arrived: the bank account is up, and the money is owed to the payer
    (unapplied) until the invoice is paid in full."""
    return post(session, LedgerKind.receipt, f"receipt:{receipt_id}", payment.currency, [
        Line(LedgerAccount.funds_manual, amount_minor, amount_krw),
        Line(LedgerAccount.unapplied, -amount_minor, -amount_krw, payment.payer_org_id),
    ], payment_id=payment.id, memo=payment.description)


def settlement_sources(payment: Payment, unapplied: tuple[int, int], written_off: tuple[int, int] = (0, 0)
                       ) -> list[Line]:
    """The lines that pay an invoice from transfers received in parts: the unapplied money is applied, a
    shortfall the platform accepted is its expense, and what was paid beyond the amount is owed back to the
    payer (its won amount is what balances the transaction)."""
    excess = unapplied[0] + written_off[0] - payment.amount_minor
    excess_krw = unapplied[1] + written_off[1] - payment.amount_krw
    return [Line(LedgerAccount.unapplied, unapplied[0], unapplied[1], payment.payer_org_id),
            Line(LedgerAccount.write_off, written_off[0], written_off[1]),
            Line(LedgerAccount.payer_credit, -excess, -excess_krw, payment.payer_org_id)]


def record_excess_returned(session: Session, payment: Payment, amount_minor: int, amount_krw: int
                           ) -> LedgerTransaction:
    """The money paid beyond an invoice went back to the payer by bank transfer (once per payment)."""
    return post(session, LedgerKind.excess_returned, f"excess:{payment.id}", payment.currency, [
        Line(LedgerAccount.payer_credit, amount_minor, amount_krw, payment.payer_org_id),
        Line(LedgerAccount.funds_manual, -amount_minor, -amount_krw),
    ], payment_id=payment.id, memo=payment.description)


def refund_split(payment: Payment, before_minor: int, amount_minor: int) -> tuple[int, int, int]:
    """For a refund of ``amount_minor`` after ``before_minor`` was already refunded: (its amount in won, the
    commission given back, that commission in won), each the difference of proportional shares."""
    after = before_minor + amount_minor
    fee = commission(payment.amount_minor, payment.commission_bps)
    fee_krw = commission(payment.amount_krw, payment.commission_bps)

    def delta(total: int) -> int:
        return share(total, after, payment.amount_minor) - share(total, before_minor, payment.amount_minor)

    return delta(payment.amount_krw), delta(fee), delta(fee_krw)


def record_refund(session: Session, payment: Payment, refund: Refund, before_minor: int) -> LedgerTransaction:
    """Money given back: funds down by the refund; the payee's share (still held, for milestones not yet
    approved) and the commission are reversed in proportion to the part of the payment refunded."""
    amount_krw, fee_back, fee_back_krw = refund_split(payment, before_minor, refund.amount_minor)
    held = held_balance(session, payment)
    share_account = LedgerAccount.held if held != (0, 0) else LedgerAccount.payee
    if payment.payee_ref:
        share_account = LedgerAccount.collected
    txn = post(session, LedgerKind.refund, f"refund:{refund.id}", payment.currency, [
        Line(funds_account(payment.provider), -refund.amount_minor, -amount_krw),
        Line(share_account, refund.amount_minor - fee_back, amount_krw - fee_back_krw, payment.payee_org_id,
             payment.payee_ref),
        Line(LedgerAccount.commission, fee_back, fee_back_krw),
    ], payment_id=payment.id, refund_id=refund.id, memo=refund.reason or payment.description)
    if payment.voucher_minor and before_minor + refund.amount_minor >= payment.amount_minor:
        record_voucher_reversed(session, payment)
    return txn


def held_balance(session: Session, payment: Payment) -> tuple[int, int]:
    """What is still held for the payee from ``payment`` (minor units, won), as positive amounts."""
    minor, krw = session.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0), func.coalesce(func.sum(LedgerEntry.amount_krw), 0))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(LedgerTransaction.payment_id == payment.id, LedgerEntry.account == LedgerAccount.held)).one()
    return -int(minor), -int(krw)


def record_release(session: Session, payment: Payment) -> LedgerTransaction:
    """Release what is held from ``payment`` to its payee (once: the dedupe key refuses a second release)."""
    minor, krw = held_balance(session, payment)
    return post(session, LedgerKind.release, f"release:{payment.id}", payment.currency, [
        Line(LedgerAccount.held, minor, krw, payment.payee_org_id),
        Line(LedgerAccount.payee, -minor, -krw, payment.payee_org_id),
    ], payment_id=payment.id, memo=payment.description)


def record_payout(session: Session, payout: Payout, funds: LedgerAccount) -> LedgerTransaction:
    """Money paid to a payee: what it is owed goes down, and so do the funds it was paid from."""
    return post(session, LedgerKind.payout, f"payout:{payout.id}", payout.currency, [
        Line(LedgerAccount.payee, payout.amount_minor, payout.amount_krw, payout.payee_org_id),
        Line(funds, -payout.amount_minor, -payout.amount_krw),
    ], payout_id=payout.id, memo=payout.note or "")


def record_grant(session: Session, payout: Payout, funds: LedgerAccount) -> LedgerTransaction:
    """A grant paid out from the platform's funds: the grants expense (for its recipient) up, the funds down.
    Nothing was owed to the recipient before, so its balance owed does not move; once per grant (the dedupe
    key names the grant)."""
    return post(session, LedgerKind.grant, f"grant:{payout.grant_kind}:{payout.grant_id}", payout.currency, [
        Line(LedgerAccount.grants, payout.amount_minor, payout.amount_krw, payout.payee_org_id),
        Line(funds, -payout.amount_minor, -payout.amount_krw),
    ], payout_id=payout.id, memo=payout.note or "")


@dataclasses.dataclass(frozen=True)
class Balance:
    """The sum of an account's entries in one currency (debit positive)."""

    account: str
    org_id: int | None
    currency: str
    amount_minor: int
    amount_krw: int


def balances(session: Session, account: LedgerAccount | None = None, org_id: int | None = None) -> list[Balance]:
    """Every account's balance per currency (optionally of one account or organisation), sorted."""
    query = (select(LedgerEntry.account, LedgerEntry.org_id, LedgerEntry.currency,
                    func.sum(LedgerEntry.amount_minor), func.sum(LedgerEntry.amount_krw))
             .group_by(LedgerEntry.account, LedgerEntry.org_id, LedgerEntry.currency))
    if account is not None:
        query = query.where(LedgerEntry.account == account)
    if org_id is not None:
        query = query.where(LedgerEntry.org_id == org_id)
    rows = [Balance(str(a), o, c, int(m or 0), int(k or 0)) for a, o, c, m, k in session.exec(query)]
    return sorted(rows, key=lambda b: (b.account, b.org_id or 0, b.currency))


def payee_balances(session: Session, org_id: int | None = None) -> dict[int, dict[str, int]]:
    """What each payee is owed, per currency, in minor units (negative when it owes the platform, after a refund
    of money already paid out)."""
    owed: dict[int, dict[str, int]] = defaultdict(dict)
    for row in balances(session, LedgerAccount.payee, org_id):
        owed[row.org_id][row.currency] = -row.amount_minor
    return dict(owed)


def party_balances(session: Session, account: LedgerAccount, prefix: str = "") -> dict[str, dict[str, int]]:
    """The balance of ``account`` per party whose key starts with ``prefix`` (``centre:``), per currency, in
    minor units, signed so that what the platform holds for a payee or is owed by a funder is positive."""
    query = (select(LedgerEntry.party, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
             .where(LedgerEntry.account == account, LedgerEntry.party.is_not(None))
             .group_by(LedgerEntry.party, LedgerEntry.currency))
    if prefix:
        query = query.where(LedgerEntry.party.startswith(prefix))
    sign = 1 if account == LedgerAccount.voucher else -1
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for party, currency, amount in session.exec(query):
        found[party][currency] = sign * int(amount or 0)
    return dict(found)


def unbalanced_transactions(session: Session) -> list[int]:
    """Ids of transactions whose entries do not add up to zero per currency (always empty; a check for tests
    and operators)."""
    query = (select(LedgerEntry.transaction_id)
             .group_by(LedgerEntry.transaction_id, LedgerEntry.currency)
             .having((func.sum(LedgerEntry.amount_minor) != 0) | (func.sum(LedgerEntry.amount_krw) != 0)))
    return sorted(set(session.exec(query)))
