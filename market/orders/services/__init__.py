"""Wholesale ordering, one module per aggregate:

- :mod:`.common`: the refusal (:class:`~.common.OrderError`), labels, limits and the user's organisations;
- :mod:`.cart`: list prices with quantity tiers, the cart (MOQ) and checkout, split into one order per maker;
- :mod:`.orders`: what each side sees, and the status moves along :data:`market.orders.models.ORDER_TRANSITIONS`
  (the parties' steps and the payments service's), each with a timeline event and a notice to the other side.

Functions take a session first, flush and never commit; refusals are :class:`~market.refusals.Refusal`\\ s (most
of them :class:`~.common.OrderError`).
"""

# The demo (composition) reaches this through the package; the slice's own modules import the aggregate they use.
from market.orders.services.cart import unit_price_krw

__all__ = ["unit_price_krw"]
