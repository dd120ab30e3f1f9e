"""Telling an order's parties what happened: its customer, or every member of its workshop, each in their own
language with a link to the order's page on their side. Mail goes out once the transaction commits."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from flask_babel import force_locale
from sqlmodel import Session

from market.accounts.models import User
from market.jewelry.models import JewelryOrder, JewelryRole
from market.notifications.services import notify, notify_members, recipient_locale


def tell(session: Session, order: JewelryOrder, side: JewelryRole, actor_id: int | None, kind: str,
         message: Callable[[], str]) -> None:
    """Notify the order's customer or its workshop's members (never ``actor_id``, who acted) that something
    happened; ``message`` is called in each recipient's language."""
    if side == JewelryRole.customer:
        customer = session.get(User, order.customer_id)
        if customer is None or customer.id == actor_id:
            return
        locale = recipient_locale(customer)
        with force_locale(locale):
            notify(session, [customer.id], kind, message(),
                   url_for("market_jewelry.order", lang=locale, order_id=order.id, _external=False))
        return
    notify_members(session, order.workshop_org_id, kind, message, "market_jewelry.workshop_order",
                   exclude_user_id=actor_id, order_id=order.id)
