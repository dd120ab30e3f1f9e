"""Payments: an order placed and awaiting payment, and an SDK client on localstripe (for what the browser or
Stripe's dashboard would do)."""

from __future__ import annotations


def place_order(session, party, product, quantity=None, currency="KRW"):
    """``party`` (a buyer) orders ``quantity`` (default: the MOQ) of ``product``, shown in ``currency``."""
    from market.orders.services import cart as carts

    carts.add_to_cart(session, party.user, product.id, quantity or product.moq)
    cart = carts.load_cart(session, party.user)
    (order,) = carts.checkout(session, party.user, fingerprint=cart.fingerprint, shipping_address="1-2-3 Jingumae",
                               shipping_country="JP", display_currency=currency)
    session.commit()
    return order


def stripe_client(localstripe):
    """An SDK client on localstripe, for what the browser or Stripe's dashboard would do."""
    import stripe

    return stripe.StripeClient(localstripe.settings()["STRIPE_SECRET_KEY"],
                               base_addresses={"api": localstripe.url}, max_network_retries=0)


def ledger_entries(session, payment_id: int, columns: tuple[str, ...] = ("account", "party", "amount_krw")
                   ) -> list[tuple]:
    """The ledger lines of a payment's transactions, in order: ``(transaction kind, *columns of the line)``."""
    from sqlmodel import select

    from market.payments.models import LedgerEntry, LedgerTransaction

    rows = session.exec(select(LedgerTransaction.kind, *(getattr(LedgerEntry, c) for c in columns))
                        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
                        .where(LedgerTransaction.payment_id == payment_id)
                        .order_by(LedgerTransaction.id, LedgerEntry.id))
    return [tuple(r) for r in rows]
