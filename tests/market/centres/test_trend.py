"""The centre's dashboard shows utilisation over the last twelve months as a server-rendered chart, each month
the same figure as that month's report, and the part of the revenue the city's vouchers pay."""

from __future__ import annotations

import datetime as dt

from tests.factories.centres import seoul
from tests.helpers import sign_in


def _used_booking(db_session, facility, machine, user, day: dt.date, hours: int, voucher_percent: int = 0):
    from market.centres.models import Booking

    start, end = seoul(day, "10:00"), seoul(day, f"{10 + hours}:00")
    booking = Booking(equipment_id=machine.id, facility_id=facility.id, user_id=user.id, start_at=start, end_at=end,
                      blocked_until_at=end, status="completed", tier="member", price_krw=hours * 20_000,
                      voucher_percent=voucher_percent, checked_in_at=start, checked_out_at=end)
    db_session.add(booking)
    db_session.commit()
    return booking


def test_the_trend_has_twelve_months_each_as_its_report(app, db_session, make_user, make_facility, make_machine):
    """Two months with use and ten without: each point is that month's report utilisation, oldest first."""
    from market.centres.services.reports import facility_report, previous_months, utilisation_trend

    user = make_user()
    facility = make_facility()
    machine = make_machine(facility)
    assert previous_months("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    _used_booking(db_session, facility, machine, user, dt.date(2026, 9, 8), 4)
    _used_booking(db_session, facility, machine, user, dt.date(2026, 11, 10), 2)
    trend = utilisation_trend(db_session, facility, "2026-11")
    assert [p.month for p in trend][0] == "2025-12" and trend[-1].month == "2026-11" and len(trend) == 12
    by_month = {p.month: p for p in trend}
    for month in ("2026-09", "2026-10", "2026-11"):
        report = facility_report(db_session, facility, month)
        assert by_month[month].utilisation == report.total.utilisation
        assert by_month[month].available_minutes == report.total.available_minutes
    assert by_month["2026-09"].used_minutes == 240 and by_month["2026-10"].used_minutes == 0


def test_the_dashboard_draws_the_trend_and_the_vouchers(app, db_session, make_user, make_facility, make_machine,
                                                        staff_user):
    """The report page has the trend chart with a point per month (the shown month marked) and its table, and
    the vouchers' share of the month's revenue."""
    user = make_user()
    facility = make_facility(staff=[staff_user], voucher_percent=30)
    machine = make_machine(facility)
    _used_booking(db_session, facility, machine, user, dt.date(2026, 11, 10), 3, voucher_percent=30)
    client = app.test_client()
    sign_in(client, staff_user)
    for lang in ("en", "ko", "ja", "zh-hans", "vi"):
        assert client.get(f"/{lang}/centres/facilities/{facility.slug}/report?month=2026-11").status_code == 200
    html = client.get(f"/en/centres/facilities/{facility.slug}/report?month=2026-11").get_data(as_text=True)
    chart = html.split('id="trend-chart"')[1].split("</svg>")[0]
    assert chart.count("<circle") == 12 and chart.count("current") == 1 and "2026-11" in chart
    assert html.count('class="trend-row"') == 12
    assert "18,000" in html.split('id="fig-vouchers"')[1].split("</strong>")[0]
