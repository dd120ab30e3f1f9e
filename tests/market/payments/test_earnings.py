"""A maker's earnings page: payments received with the commission kept and the maker's share, what is owed now
and when it is paid out, payouts with their dates (and a notice when one is sent), for its members only."""

import datetime as dt

import pytest
from sqlmodel import select

from market.notifications.models import Notification
from market.payments import services
from market.payments.services import PaymentError


def test_next_payout_date_is_the_monthly_day():
    """The payout day this month when it is still ahead, else next month's (December rolls to January)."""
    assert services.next_payout_date(dt.date(2026, 12, 7), 10) == dt.date(2026, 12, 10)
    assert services.next_payout_date(dt.date(2026, 12, 11), 10) == dt.date(2027, 1, 10)
    assert services.next_payout_date(dt.date(2026, 2, 10), 31) == dt.date(2026, 2, 28)


def test_the_maker_sees_each_payment_its_share_and_the_payout(db_session, app, buyer, maker, staff, order):
    """After the buyer paid 960,000 won the maker sees 96,000 won commission and 864,000 won owed; after a
    payout of 500,000 won it is told, and the page shows the payout and 364,000 won still owed."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    earnings = services.maker_earnings(db_session, maker.user, order.maker_org_id, today=dt.date(2026, 12, 7))
    [row] = earnings.rows
    assert (row.gross, row.fee, row.net, row.held) == (960_000, 96_000, 864_000, 0)
    assert earnings.owed == {"KRW": 864_000} and earnings.next_payout_on == dt.date(2026, 12, 10)
    services.record_payout(db_session, staff[1], order.maker_org_id, "KRW", 500_000, "December run")
    db_session.commit()
    told = db_session.exec(select(Notification).where(Notification.user_id == maker.user.id,
                                                      Notification.kind == "payout_sent")).one()
    assert "/earnings?org=" in told.url
    html = maker.client.get("/en/earnings").get_data(as_text=True)
    assert "864,000" in html and "364,000" in html and "500,000" in html and "December run" in html
    assert "96,000" in html and f"/en/payments/{payment.id}" in html
    korean = maker.client.get(f"/ko/earnings?org={order.maker_org_id}")
    assert korean.status_code == 200 and "수수료" in korean.get_data(as_text=True)


def test_others_cannot_see_a_makers_earnings(db_session, buyer, maker, order):
    """The buyer (not a member of the maker) is refused, by the service and the page."""
    with pytest.raises(PaymentError) as refused:
        services.maker_earnings(db_session, buyer.user, order.maker_org_id)
    assert refused.value.status == 404
    assert buyer.client.get(f"/en/earnings?org={order.maker_org_id}").status_code == 404
