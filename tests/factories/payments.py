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
