"""Jewelry orders for the tests of the workshop's handoff: a ring quoted (resized or as drawn) and ordered by a
customer, routed to the test workshop, optionally paid and moved along. The jewelry conftest imports
:func:`jewelry_order`."""

from __future__ import annotations

import pytest


@pytest.fixture
def jewelry_order(db_session):
    """``jewelry_order(customer, design, status="awaiting_payment", **choices)`` → the order, its quote
    committed; ``status`` "paid" applies the payments step, later statuses are walked to by the workshop and
    customer along the table (a prototype photo where one is needed)."""
    from market.jewelry.models import JewelryOrderStatus as S
    from market.jewelry.models import JewelryRole
    from market.jewelry.services import orders, photos, quotes
    from market.jewelry.services.access import workshop_org_ids
    from tests.factories.files import png_bytes

    path = [S.paid, S.prototyping, S.prototype_ready, S.approved, S.in_production, S.quality_check, S.shipped]

    def _order(customer, design, status: str = "awaiting_payment", workshop_owner=None, **choices):
        values = dict(design_id=design.id, metal="gold_18k_yellow", currency="KRW")
        values.update(choices)
        row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(**values))
        order = orders.place_order(db_session, customer, row.id, "12 Jongno-ro, Seoul 03190, Mina Kim",
                                   row.shipping_country or "KR", customer_reference="PO-2026-117")
        db_session.commit()
        target = S(status)
        for step in path[:path.index(target) + 1] if target in path else []:
            if step == S.paid:
                orders.mark_paid(db_session, order.id, 1)
            elif step == S.approved:
                orders.move_order(db_session, customer, order.id, step, role=JewelryRole.customer)
            else:
                assert workshop_owner is not None and order.workshop_org_id in workshop_org_ids(db_session,
                                                                                                 workshop_owner)
                if step == S.prototype_ready:
                    photos.add_photo(db_session, workshop_owner, order.id, png_bytes(colour="#c9a227"), "p.png")
                extra = {"carrier": "EMS", "tracking_number": "EE123456789KR"} if step == S.shipped else {}
                orders.move_order(db_session, workshop_owner, order.id, step, role=JewelryRole.workshop, **extra)
            db_session.commit()
        return order

    return _order
