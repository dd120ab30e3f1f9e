"""An order in the buyer's currency: its page shows the lines in the order's currency, each line total the shown
unit price times the quantity, and the payment and its invoice ask for exactly the sum shown."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from market.payments import services
from tests.factories.orders import wholesale_product
from tests.factories.payments import place_order


def test_order_page_payment_and_invoice_agree_line_by_line(app, db_session, rates, buyer, maker):
    """30 × ￥27,336 is ￥820,080 on the order page, in the payment and on the invoice (not ￥820,077, the
    won total converted on its own)."""
    boots = wholesale_product(db_session, maker.org, "Chelsea boots", 247_800, 30)
    order = place_order(db_session, buyer, boots, currency="JPY")
    page = buyer.client.get(f"/ja/orders/{order.id}").get_data(as_text=True)
    assert "￥27,336" in page and "￥820,080" in page and "￥820,077" not in page
    with app.test_request_context("/ja/"):
        info = services.describe(db_session, "wholesale_order", order.id)
        assert (info.currency, info.amount_minor) == ("JPY", 820_080)
        assert [(line.quantity, line.unit_minor, line.total_minor) for line in info.lines] == [(30, 27_336, 820_080)]
        assert info.krw_per_unit is not None and info.rate_date is not None
        payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    db_session.commit()
    response = buyer.client.get(f"/ja/payments/{payment.id}/invoice.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Chelsea boots" in text and "￥27,336" in text and "￥820,080" in text and "9.065" in text


def test_order_in_yuan_is_written_cn_yen(db_session, rates, buyer, wallet):
    """An order placed in yuan shows "CN¥" on its Japanese page, never "元"."""
    order = place_order(db_session, buyer, wallet, currency="CNY")
    page = buyer.client.get(f"/ja/orders/{order.id}").get_data(as_text=True)
    assert "CN¥" in page and not re.search(r"元\s?\d", page)
