"""The demo's support centres: the 29 facilities of the seeds with 5–15 machines each, a month of bookings that
gives the reports shape, and a Mullae maker without training left for the booking journey."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from sqlmodel import func, select


def test_the_demo_has_the_29_facilities_and_a_month_of_bookings(app, db_session, make_user, make_org):
    """17 city, 7 district and 5 private facilities, the trade centres among them; completed and surveyed
    bookings over the past month; last month's report of the Mullae centre has utilisation and satisfaction."""
    from market.accounts.models import User
    from market.centres.demo import MAKER_EMAIL, MULLAE_SLUG, add_demo_centres
    from market.centres.hours import SEOUL
    from market.centres.models import Booking, Equipment, Facility, Qualification
    from market.centres.services.reports import facility_report

    make_org(make_user(), kind="maker", cluster_code="mullae")
    counts = add_demo_centres(db_session, random.Random("centres"))
    db_session.commit()
    facilities = db_session.exec(select(Facility)).all()
    assert counts["support centres"] == len(facilities) == 29
    assert Counter(f.operator for f in facilities) == {"city": 17, "district": 7, "private": 5}
    slugs = {f.slug for f in facilities}
    assert {"seongsu-regional-centre", "euljiro-print-tech-centre", "doksan-sewing-centre", "changsin-sewing-centre",
            "jangwi-sewing-centre", "bongik-jewelry-centre", MULLAE_SLUG} <= slugs
    per_facility = Counter(db_session.exec(select(Equipment.facility_id)).all())
    assert all(5 <= n <= 15 for n in per_facility.values()) and len(per_facility) == 29
    statuses = Counter(db_session.exec(select(Booking.status)).all())
    assert statuses["surveyed"] and statuses["completed"] and statuses["no_show"] and statuses["confirmed"]
    maker = db_session.exec(select(User).where(User.email == MAKER_EMAIL)).one()
    assert db_session.exec(select(func.count()).select_from(Qualification)
                           .where(Qualification.user_id == maker.id)).one() == 0
    mullae = next(f for f in facilities if f.slug == MULLAE_SLUG)
    first_of_month = dt.datetime.now(SEOUL).date().replace(day=1)
    last_month = (first_of_month - dt.timedelta(days=1)).strftime("%Y-%m")
    report = facility_report(db_session, mullae, last_month)
    assert report.total.utilisation and report.total.survey.overall and report.total.firms


def test_the_demo_has_half_a_year_paid_bookings_and_five_languages_at_mullae(app, db_session, make_user, make_org):
    """The Mullae centre's trend has use in every one of the last six months; older used bookings there are
    paid with the city's voucher in the ledger; its name reads in Japanese and its description in Vietnamese."""
    from market.centres.demo import MULLAE_SLUG, add_demo_centres
    from market.centres.hours import SEOUL
    from market.centres.models import Booking, Facility
    from market.centres.services.payments import facility_money
    from market.centres.services.reports import utilisation_trend
    from market.centres.services.texts import FACILITY, description
    from market.payments import ledger

    make_org(make_user(), kind="maker", cluster_code="mullae")
    counts = add_demo_centres(db_session, random.Random("centres"))
    db_session.commit()
    mullae = db_session.exec(select(Facility).where(Facility.slug == MULLAE_SLUG)).one()
    month = dt.datetime.now(SEOUL).strftime("%Y-%m")
    trend = utilisation_trend(db_session, mullae, month, count=6)
    assert all(point.used_minutes > 0 for point in trend)
    assert counts["centre bookings paid"] > 20
    paid = db_session.exec(select(func.count()).select_from(Booking).where(Booking.paid_at.is_not(None))).one()
    assert paid == counts["centre bookings paid"]
    money = facility_money(db_session, mullae.id)
    assert money.collected_krw > money.voucher_krw > 0 and ledger.unbalanced_transactions(db_session) == []
    assert description(db_session, FACILITY, mullae.id, "vi").text.startswith("Máy CNC")
