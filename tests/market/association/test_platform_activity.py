"""The dashboard's platform activity reads the support system too: shared-equipment bookings used in the year and
the firms that used them, and the plan's counters of trainees (toward 7,000) and recognised craftspeople (toward
300)."""

from __future__ import annotations

import datetime as dt

from market.association.services.aggregates import platform_activity
from market.centres.models import Booking
from tests.factories.centres import make_facility, make_machine  # noqa: F401


def test_used_bookings_of_the_year_count_with_their_firms(db_session, make_user, make_org, make_facility,  # noqa: F811
                                                          make_machine):  # noqa: F811
    """Completed and checked-in bookings of 2026 count (one per booking, firms once); cancelled ones and other
    years' do not."""
    facility = make_facility()
    machine = make_machine(facility)
    user = make_user()
    org = make_org(user, kind="maker", name="Mullae Test Works")
    before = platform_activity(db_session, 2026)
    for day, status in ((3, "completed"), (4, "surveyed"), (5, "checked_in"), (6, "cancelled")):
        start = dt.datetime(2026, 3, day, 5, tzinfo=dt.UTC)
        db_session.add(Booking(equipment_id=machine.id, facility_id=facility.id, user_id=user.id,
                               organization_id=org.id, start_at=start, end_at=start + dt.timedelta(hours=2),
                               blocked_until_at=start + dt.timedelta(hours=2), status=status))
    start = dt.datetime(2025, 3, 3, 5, tzinfo=dt.UTC)
    db_session.add(Booking(equipment_id=machine.id, facility_id=facility.id, user_id=user.id, organization_id=org.id,
                           start_at=start, end_at=start + dt.timedelta(hours=1),
                           blocked_until_at=start + dt.timedelta(hours=1), status="completed"))
    db_session.commit()
    after = platform_activity(db_session, 2026)
    assert after["bookings"] - before["bookings"] == 3
    assert after["booking_firms"] - before["booking_firms"] == 1
    assert (after["trainees_target"], after["masters_target"]) == (7000, 300)
    assert after["trainees"] >= 0 and after["masters"] >= 0
