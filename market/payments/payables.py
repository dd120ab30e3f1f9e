"""The contract between the payments service and the things that get paid.

A feature that takes money (wholesale orders, jewelry orders, prototype milestones) registers one
:class:`PayableAdapter` under its own ``kind``. The payments service asks the adapter what is due
(:meth:`PayableAdapter.describe`) and tells it, inside the transaction that records the money, when a payment has
been applied (:meth:`PayableAdapter.on_paid`, called exactly once per payable) or refunded
(:meth:`PayableAdapter.on_refunded`). Adapters never move money themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session


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
    payee_org_id: int  # the maker or workshop owed the money, less the platform's commission
    payer_org_id: int | None = None
    payable: bool = True  # False when the payable is not (or no longer) in a state that takes money
    reason: str | None = None  # why not payable, shown to the user


class PayableAdapter(Protocol):
    """One kind of payable; registered once at import time with :func:`register_payable`."""

    kind: str

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """What is due now; raises the feature's not-found error for an unknown id."""
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


_ADAPTERS: dict[str, PayableAdapter] = {}


def register_payable(adapter: PayableAdapter) -> PayableAdapter:
    """Register an adapter under its kind (idempotent for the same object)."""
    existing = _ADAPTERS.get(adapter.kind)
    if existing is not None and existing is not adapter and type(existing) is not type(adapter):
        raise ValueError(f"payable kind {adapter.kind!r} is already registered")
    _ADAPTERS[adapter.kind] = adapter
    return adapter


def get_adapter(kind: str) -> PayableAdapter:
    """The adapter registered for ``kind``; KeyError when none is."""
    return _ADAPTERS[kind]


def registered_kinds() -> list[str]:
    """Kinds that can be paid, sorted."""
    return sorted(_ADAPTERS)
