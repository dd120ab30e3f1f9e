"""The contract between the payments service and the things that get paid.

A feature that takes money (wholesale orders, orders from accepted quotes, jewelry orders, prototype milestones)
offers one :class:`PayableAdapter` for its own ``kind``; the app factory hands the list of them to
:func:`init_app`, so this core module never imports a feature. The payments service asks the adapter what is due
(:meth:`PayableAdapter.describe`) and tells it, inside the transaction that records the money, when a payment has
been applied (:meth:`PayableAdapter.on_paid`, called exactly once per payable) or refunded
(:meth:`PayableAdapter.on_refunded`). Adapters never move money themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from flask import Flask, current_app
from sqlmodel import Session

EXTENSION = "seoulmade.payables"


@dataclass(frozen=True)
class PayableLine:
    """One line of what is due, for the invoice: ``quantity`` × ``unit_minor`` = ``total_minor`` in the payable's
    currency (the unit price is converted and rounded first, then multiplied)."""

    title: str
    quantity: int
    unit_minor: int
    total_minor: int


@dataclass(frozen=True)
class PayableEstimate:
    """An estimate shown on the invoice beside what is due, never charged: ``kind`` is ``shipping`` or
    ``duties``, the amount in the payable's minor units, with the incoterm, the rate's date and its source."""

    kind: str
    amount_minor: int
    incoterm: str | None = None
    set_on: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True)
class PayableVoucher:
    """A support voucher covering part of what is due: shown on the invoice as its own line, never charged to the
    payer; its funder (``funder_ref``, such as ``city:seoul``) owes ``amount_*`` to the payee, written to the
    ledger with the payment (account ``voucher``)."""

    title: str
    funder_ref: str
    amount_minor: int
    amount_krw: int


@dataclass(frozen=True)
class PayableInfo:
    """What is due for one payable, as the feature that owns it sees it."""

    kind: str
    id: int
    currency: str  # ISO 4217 code the customer pays in (KRW, USD, JPY, ...)
    amount_minor: int  # in the currency's minor units; zero-decimal currencies (KRW, JPY) are whole units
    amount_krw: int  # the same amount in integer won, for the ledger's reporting
    description: str
    payer_user_id: int
    payee_org_id: int | None  # the maker or workshop owed the money, less the platform's commission
    payer_org_id: int | None = None
    payable: bool = True  # False when the payable is not (or no longer) in a state that takes money
    reason: str | None = None  # why not payable, shown to the user
    # For the invoice: the lines (one line of ``description`` when empty) and the exchange rate used (won per
    # unit of ``currency``, and its date) when the amount was converted from won.
    lines: tuple[PayableLine, ...] = ()
    krw_per_unit: Decimal | None = None
    rate_date: dt.date | None = None
    estimates: tuple[PayableEstimate, ...] = ()  # shipping and duties estimates, shown but not charged
    # A payee that is not an organisation here (``payee_org_id`` None): an opaque key such as ``centre:12`` and
    # its name for the invoice. The platform collects for it: the ledger keeps what it is owed per key
    # (account ``collected``), and its operator settles with the platform outside this service.
    payee_ref: str | None = None
    payee_name: str | None = None
    commission_bps: int | None = None  # the platform's commission when not the configured one (0: none)
    voucher: PayableVoucher | None = None  # the part a support voucher covers; ``amount_*`` is what the payer pays


class PayableAdapter(Protocol):
    """One kind of payable, given to :func:`init_app` by the app factory. An adapter whose money is held until
    the payer approves the work also says ``holds_until_release = True``."""

    kind: str

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due now; raises the feature's not-found refusal (404) for an unknown id."""
        ...

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """Move the payable to its paid state; called once, in the transaction that records the payment."""
        ...

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """Follow a refund (for example cancel the order when fully refunded); called in the refund's transaction."""
        ...

    def return_url(self, payable_id: int) -> str:
        """Path (without locale prefix is fine) of the page the payer returns to after paying."""
        ...


def init_app(app: Flask, adapters: Iterable[PayableAdapter]) -> None:
    """Make ``adapters`` the kinds of payable this app can pay, each under its ``kind``; refuses a kind given
    twice (ValueError: a wiring mistake)."""
    registry: dict[str, PayableAdapter] = {}
    for adapter in adapters:
        if adapter.kind in registry:
            raise ValueError(f"payable kind {adapter.kind!r} is given twice")
        registry[adapter.kind] = adapter
    app.extensions[EXTENSION] = registry


def get_adapter(kind: str) -> PayableAdapter:
    """The app's adapter for ``kind``; KeyError when it has none."""
    return current_app.extensions.get(EXTENSION, {})[kind]


def registered_kinds() -> list[str]:
    """Kinds the app can pay, sorted."""
    return sorted(current_app.extensions.get(EXTENSION, {}))
