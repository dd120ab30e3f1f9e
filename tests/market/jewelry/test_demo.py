"""The demo's jewelry: workshops of the two jewelry clusters, five analysed designs made here and orders in
many states, each with a timeline that ends where the order stands."""

from __future__ import annotations

import random

from sqlmodel import select

from market.accounts.models import User
from market.jewelry.demo import add_demo_jewelry
from market.jewelry.models import JewelryOrder, JewelryOrderEvent, JewelryOrderPhoto, JewelryWorkshop
from market.jewelry.services import designs


def test_demo_jewelry(app, db_session, make_user, make_org, rates):
    for cluster in ("jongno", "bongik", "jongno"):
        make_org(make_user(), kind="maker", cluster_code=cluster)
    make_org(make_user(), kind="maker", cluster_code="mullae")  # not a jewelry cluster
    for _ in range(2):
        make_org(make_user(), kind="buyer", country="US")
    counts = add_demo_jewelry(db_session, random.Random(2026))
    assert counts["jewelry workshops"] == 3 and counts["jewelry designs"] == 5
    assert len(db_session.exec(select(JewelryWorkshop)).all()) == 3
    orders = db_session.exec(select(JewelryOrder)).all()
    assert len(orders) == counts["jewelry orders"] >= 8
    assert len({o.status for o in orders}) >= 8
    for order in orders:
        events = db_session.exec(select(JewelryOrderEvent).where(JewelryOrderEvent.order_id == order.id)
                                 .order_by(JewelryOrderEvent.created_at)).all()
        assert events[0].to_status == "awaiting_payment" and events[-1].to_status == order.status
    ready = [o for o in orders if o.status == "prototype_ready"]
    assert ready and all(db_session.exec(select(JewelryOrderPhoto).where(JewelryOrderPhoto.order_id == o.id)).all()
                         for o in ready)
    for design, analysis in designs.list_designs(db_session, db_session.get(User, orders[0].customer_id)):
        summary = designs.summarize(design, analysis)
        assert summary.quotable and summary.bodies == 1
