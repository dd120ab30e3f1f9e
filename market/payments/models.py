"""Tables of payments: one payment per payable, its refunds, the Stripe events received, payouts to makers, the
makers' connected Stripe accounts, and the double-entry ledger every movement of money is written to.

Amounts are integers in the currency's minor units (``*_minor``; whole units for zero-decimal currencies such as
KRW and JPY), with the same amount in won (``*_krw``) for reporting. Ledger entries are only ever added: balances
are sums of entries, and each ledger transaction's entries add up to zero in its currency (and in won).
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class PaymentStatus(enum.StrEnum):
    """Where a payment stands: waiting for money, paid (then perhaps refunded in part or in full), or canceled
    because its payable was cancelled before any money arrived."""

    pending = "pending"
    paid = "paid"
    partially_refunded = "partially_refunded"
    refunded = "refunded"
    canceled = "canceled"


class ProviderName(enum.StrEnum):
    """How the money comes in: a bank transfer against an invoice, or a card through Stripe."""

    manual = "manual"
    stripe = "stripe"


class LedgerAccount(enum.StrEnum):
    """The ledger's accounts. Funds held are assets (debit balances, positive); what is owed to a payee and the
    platform's commission are credit balances (negative sums)."""

    funds_manual = "funds:manual"  # the platform's bank account
    funds_stripe = "funds:stripe"  # the platform's Stripe balance
    payee = "payee"  # owed to one maker or workshop (``org_id``)
    held = "held"  # collected for a maker (``org_id``) but held until the payer approves the work (milestones)
    commission = "commission"  # the platform's revenue
    unapplied = "unapplied"  # bank transfers received for an invoice not yet paid in full (owed to the payer ``org_id``)
    payer_credit = "payer_credit"  # paid beyond an invoice, owed back to the payer (``org_id``) until returned
    write_off = "write_off"  # a shortfall the platform accepted (an expense: a debit balance)
    grants = "grants"  # grants the platform pays out for a public programme (an expense; ``org_id`` the recipient)
    # Collected by the platform for a payee that is not an organisation here (a public support centre), keyed by
    # the entry's ``party`` (``centre:12``): a credit balance, what the platform holds for that payee.
    collected = "collected"
    # Owed to the platform by the funder of a support voucher (``party``, such as ``city:seoul``) for the part of
    # fees its vouchers cover: a debit balance, a receivable.
    voucher = "voucher"


class LedgerKind(enum.StrEnum):
    """What a ledger transaction records."""

    payment = "payment"
    refund = "refund"
    payout = "payout"
    release = "release"  # held money released to the payee once the work is approved
    receipt = "receipt"  # part of a bank transfer received before the invoice is paid in full
    excess_returned = "excess_returned"  # money paid beyond the invoice sent back to the payer
    grant = "grant"  # a grant paid out to a recipient from the platform's funds
    voucher = "voucher"  # the part of a fee a support voucher covers, owed by the voucher's funder to the payee
    voucher_reversed = "voucher_reversed"  # a voucher given back when its payment was refunded in full


class PaymentRole(enum.StrEnum):
    """Who moves a payment: the payer (starting again after a cancellation), staff (recording a bank transfer,
    refunding), the provider (Stripe reporting a success or a refund made there) and the payable's feature
    (cancelling before payment, refunding a cancellation its rules allow)."""

    payer = "payer"
    staff = "staff"
    provider = "provider"
    payable = "payable"


_P, _R = PaymentStatus, PaymentRole
_REFUNDERS = frozenset({_R.staff, _R.provider, _R.payable})
# (from, to) → who may make the step. Money that arrives for a canceled payment is applied (and then refunded).
PAYMENT_TRANSITIONS: dict[tuple[PaymentStatus, PaymentStatus], frozenset[PaymentRole]] = {
    (_P.pending, _P.paid): frozenset({_R.staff, _R.provider}),
    (_P.canceled, _P.paid): frozenset({_R.provider}),
    (_P.paid, _P.partially_refunded): _REFUNDERS,
    (_P.paid, _P.refunded): _REFUNDERS,
    (_P.partially_refunded, _P.partially_refunded): _REFUNDERS,
    (_P.partially_refunded, _P.refunded): _REFUNDERS,
    (_P.pending, _P.canceled): frozenset({_R.payable}),
    (_P.canceled, _P.pending): frozenset({_R.payer}),
}

PAID_STATUSES = (PaymentStatus.paid, PaymentStatus.partially_refunded, PaymentStatus.refunded)
_PAYMENT_STATUSES = ", ".join(f"'{s.value}'" for s in PaymentStatus)


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Payment(SQLModel, table=True):
    """The money due for one payable (an order, a milestone): one row per payable, reused until it is paid.

    With Stripe, ``provider_ref`` is the current PaymentIntent; a new one replaces it (``attempt`` + 1) after a
    decline or a change of amount, and the old one is canceled at Stripe first.
    """

    __tablename__ = "payments"
    __table_args__ = (
        sa.UniqueConstraint("kind", "payable_id"),
        sa.CheckConstraint(f"status IN ({_PAYMENT_STATUSES})", name="status"),
        sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
        sa.CheckConstraint("commission_bps >= 0 AND commission_bps <= 10000", name="commission_range"),
        sa.CheckConstraint("payee_org_id IS NOT NULL OR payee_ref IS NOT NULL", name="payee"),
        sa.CheckConstraint("voucher_minor >= 0", name="voucher_positive"),
        sa.Index("ix_payments_status_created_at", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    payable_id: int
    provider: ProviderName = Field(sa_type=sa.String(16), nullable=False)
    status: PaymentStatus = Field(default=PaymentStatus.pending, sa_type=sa.String(24), nullable=False)
    currency: str = Field(max_length=3)
    amount_minor: int
    amount_krw: int
    commission_bps: int
    description: str = Field(max_length=300)
    reference: str | None = Field(default=None, max_length=32, sa_column_kwargs={"unique": True})
    # A random token in the PaymentIntents' metadata and idempotency keys: ties an intent to this payment even if
    # ids were ever reused (a restored database), and makes keys unique across installations.
    token: str = Field(default_factory=lambda: secrets.token_hex(12), max_length=32)
    payer_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    payer_org_id: int | None = Field(default=None, foreign_key="organizations.id", index=True, ondelete="SET NULL")
    payee_org_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    # A payee that is not an organisation here (a public support centre, ``centre:12``), with its name as the
    # payable gave it: the platform collects for it (ledger account ``collected``); see PayableInfo.payee_ref.
    payee_ref: str | None = Field(default=None, max_length=64)
    payee_name: str | None = Field(default=None, max_length=200)
    # The part of the fee a support voucher covers: not charged to the payer (``amount_*`` is what the payer
    # pays), owed by the voucher's funder (``voucher_ref``) and written to the ledger once with the payment.
    voucher_minor: int = Field(default=0)
    voucher_krw: int = Field(default=0)
    voucher_ref: str | None = Field(default=None, max_length=64)
    provider_ref: str | None = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    provider_status: str | None = Field(default=None, max_length=40)
    client_secret: str | None = Field(default=None, max_length=255)
    attempt: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_type=sa.Text)
    received_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    received_note: str | None = Field(default=None, sa_type=sa.Text)
    paid_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    canceled_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class Refund(SQLModel, table=True):
    """Money given back on a payment, by staff, by a cancellation the payable's rules allow, or found at the
    provider (made in Stripe's dashboard)."""

    __tablename__ = "refunds"
    __table_args__ = (sa.CheckConstraint("amount_minor > 0", name="amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payments.id", index=True)
    amount_minor: int
    amount_krw: int
    currency: str = Field(max_length=3)
    reason: str = Field(default="", sa_type=sa.Text)
    source: str = Field(default="staff", max_length=16)  # staff, cancellation, provider
    provider_ref: str | None = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class StripeEvent(SQLModel, table=True):
    """A verified Stripe event, stored once by its id (the unique constraint is what stops a second delivery),
    with what processing it did."""

    __tablename__ = "stripe_events"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(max_length=255, sa_column_kwargs={"unique": True}, nullable=False)
    type: str = Field(max_length=120)
    object_id: str | None = Field(default=None, max_length=255, index=True)
    created: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    livemode: bool = Field(default=False)
    payload: str = Field(sa_type=sa.Text)
    payment_id: int | None = Field(default=None, foreign_key="payments.id", index=True, ondelete="SET NULL")
    outcome: str = Field(default="received", max_length=40)
    received_at: dt.datetime = _timestamp()


class PayeeAccount(SQLModel, table=True):
    """A maker's connected Stripe account: payouts to it are made as Stripe Connect transfers."""

    __tablename__ = "payee_accounts"

    organization_id: int = Field(foreign_key="organizations.id", primary_key=True, ondelete="CASCADE")
    stripe_account_id: str = Field(max_length=255)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: dt.datetime = _timestamp()


class Payout(SQLModel, table=True):
    """Money paid out to a maker from what the ledger says it is owed, by bank transfer or Connect transfer; or a
    grant a feature pays from the platform's funds (``grant_kind`` and ``grant_id`` say which one: unique, so one
    grant is never paid twice)."""

    __tablename__ = "payouts"
    __table_args__ = (sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
                      sa.Index("uq_payouts_grant_kind_grant_id", "grant_kind", "grant_id", unique=True))

    id: int | None = Field(default=None, primary_key=True)
    payee_org_id: int = Field(foreign_key="organizations.id", index=True)
    currency: str = Field(max_length=3)
    amount_minor: int
    amount_krw: int
    method: str = Field(max_length=24)  # bank_transfer, stripe_connect
    provider_ref: str | None = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    note: str | None = Field(default=None, sa_type=sa.Text)
    grant_kind: str | None = Field(default=None, max_length=40)
    grant_id: int | None = None
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class ReceiptKind(enum.StrEnum):
    """A line of a bank-transfer payment's history: money received, a shortfall written off, an excess returned."""

    transfer = "transfer"
    write_off = "write_off"
    excess_returned = "excess_returned"


class PaymentReceipt(SQLModel, table=True):
    """One bank transfer staff recorded against a payment (several when the payer pays in parts), a shortfall
    written off with its reason, or an overpayment sent back. Never changed once written."""

    __tablename__ = "payment_receipts"
    __table_args__ = (sa.CheckConstraint("amount_minor > 0", name="amount_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payments.id", index=True, ondelete="CASCADE")
    kind: ReceiptKind = Field(sa_type=sa.String(16), nullable=False)
    amount_minor: int
    amount_krw: int
    note: str | None = Field(default=None, sa_type=sa.Text)
    recorded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class LedgerTransaction(SQLModel, table=True):
    """One movement of money; ``dedupe_key`` (``payment:12``, ``refund:3``, ``payout:5``) is unique, so the same
    movement can never be written twice."""

    __tablename__ = "ledger_transactions"

    id: int | None = Field(default=None, primary_key=True)
    kind: LedgerKind = Field(sa_type=sa.String(16), nullable=False)
    dedupe_key: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    payment_id: int | None = Field(default=None, foreign_key="payments.id", index=True)
    refund_id: int | None = Field(default=None, foreign_key="refunds.id")
    payout_id: int | None = Field(default=None, foreign_key="payouts.id")
    memo: str = Field(default="", max_length=300)
    created_at: dt.datetime = _timestamp()


class LedgerEntry(SQLModel, table=True):
    """One side of a ledger transaction: a signed amount (debit positive) on an account, in one currency."""

    __tablename__ = "ledger_entries"
    __table_args__ = (sa.Index("ix_ledger_entries_account_org_id_currency", "account", "org_id", "currency"),)

    id: int | None = Field(default=None, primary_key=True)
    transaction_id: int = Field(foreign_key="ledger_transactions.id", index=True)
    account: LedgerAccount = Field(sa_type=sa.String(24), nullable=False)
    org_id: int | None = Field(default=None, foreign_key="organizations.id")
    party: str | None = Field(default=None, max_length=64, index=True)  # a party that is not an organisation
    currency: str = Field(max_length=3)
    amount_minor: int
    amount_krw: int
    created_at: dt.datetime = _timestamp()


class Invoice(SQLModel, table=True):
    """A bank-transfer invoice issued for a payment (``INV-2026-000042``): what it said when it was issued — the
    seller, the buyer, the lines, the amount in the payment's currency with the exchange rate used, the platform's
    bank account, the payment reference and the due date — kept as issued, so the document never changes. A
    payment whose amount changes while unpaid gets a new invoice; the newest one is the one in force."""

    __tablename__ = "invoices"
    __table_args__ = (
        sa.UniqueConstraint("year", "sequence", name="uq_invoices_year_sequence"),
        sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=24, sa_column_kwargs={"unique": True}, nullable=False)
    year: int
    sequence: int
    payment_id: int = Field(foreign_key="payments.id", index=True, ondelete="CASCADE")
    reference: str = Field(max_length=32)
    currency: str = Field(max_length=3)
    amount_minor: int
    amount_krw: int
    krw_per_unit: str | None = Field(default=None, max_length=32)  # the rate used (won per unit), as text
    rate_date: dt.date | None = None
    issued_on: dt.date
    due_on: dt.date
    # Seller, buyer, lines and bank account as JSON documents (see market.payments.invoices).
    document: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    created_at: dt.datetime = _timestamp()
