"""The timeline of an order placed from a quote names its request for quote in each reader's language."""

from sqlmodel import select

from market.orders.models import WholesaleOrderEvent
from market.orders.services.placing import RFQ_NOTE
from tests.factories.money import rates  # noqa: F401
from tests.factories.quote_orders import quote_order


def test_the_request_for_quote_note_reads_in_each_language(db_session, buyer, maker, wallet, rates):  # noqa: F811
    """The note is kept as data; the maker reads it in Korean and the buyer in Japanese."""
    order = quote_order(db_session, buyer, maker, wallet)
    event = db_session.exec(select(WholesaleOrderEvent).where(WholesaleOrderEvent.order_id == order.id)
                            .order_by(WholesaleOrderEvent.id)).first()
    assert event.note == f"{RFQ_NOTE}{order.rfq_id}"
    korean = maker.client.get(f"/ko/orders/incoming/{order.id}").get_data(as_text=True)
    japanese = buyer.client.get(f"/ja/orders/{order.id}").get_data(as_text=True)
    assert f"#{order.rfq_id}" in korean and "Request for quote #" not in korean
    assert f"#{order.rfq_id}" in japanese and "Request for quote #" not in japanese and "rfq:" not in japanese
