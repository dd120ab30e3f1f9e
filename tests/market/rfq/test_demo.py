"""Demo RFQs: about 60 requests in every state with threads in three languages, orders and notifications."""

import random

from sqlmodel import select

from catalog.products.models import ProductStatus
from catalog.products.services import add_product
from market.notifications.models import Notification
from market.orders.models import WholesaleOrder
from market.rfq.demo import add_demo_rfqs
from market.rfq.models import Rfq, RfqMessage, RfqPolicy, RfqQuote
from market.rfq.services import policies


def test_demo_rfqs_cover_every_state(app, db_session, make_user, make_org):
    """The demo makes 60 RFQs: open, quoted, declined and accepted with orders, in en/ja/ko."""
    buyers = [make_org(make_user(), kind="buyer", name=f"Buyer {c}", country=c, city="City")
              for c in ("JP", "US", "KR", "DE")]
    products = []
    for i in range(3):
        maker = make_org(make_user(), kind="maker", name=f"Maker {i}")
        products.append(add_product(db_session, maker, status=ProductStatus.published, category="bags",
                                    price_krw=80_000 + i * 10_000, moq=10, lead_time_days=14, incoterms=["FOB"],
                                    title={"ko": f"가방 {i}", "en": f"Bag {i}"}, description={"ko": "가방"}))
    assert add_demo_rfqs(db_session, random.Random(7), buyers, products) == 60
    rfqs = db_session.exec(select(Rfq)).all()
    assert {r.status for r in rfqs} == {"open", "quoted", "declined", "accepted"}
    accepted = [r for r in rfqs if r.status == "accepted"]
    orders = db_session.exec(select(WholesaleOrder).where(WholesaleOrder.kind == 'quote')).all()
    assert len(orders) == len(accepted) == 18 and {o.status for o in orders} == {"awaiting_payment"}
    assert all(r.decline_reason for r in rfqs if r.status == "declined")
    assert db_session.exec(select(RfqQuote)).first() is not None
    texts = " ".join([r.message for r in rfqs] + [m.body for m in db_session.exec(select(RfqMessage))])
    assert any("\u3040" <= ch <= "\u30ff" for ch in texts) and any("\uac00" <= ch <= "\ud7a3" for ch in texts)
    assert "We " in texts or "Please" in texts
    assert db_session.exec(select(Notification)).first() is not None
    assert db_session.exec(select(RfqPolicy)).first() is not None
    stats = policies.response_stats(db_session, products[0].maker_id)
    assert stats is not None and 0 <= stats["response_rate"] <= 1
