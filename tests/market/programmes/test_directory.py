"""The directory's filters: district, deadline and "closing this week"; upcoming and closed programmes take no
application."""

from __future__ import annotations

import datetime as dt

from i18n.times import utcnow
from market.programmes.models import ProgrammeStatus
from market.programmes.services import directory
from tests.factories.programmes import add_programme


def _codes(session, **filters):
    rows, _total = directory.list_programmes(session, directory.Filters(**filters))
    return {p.title["en"] for p in rows}


def test_filters_by_district_deadline_and_this_week(app, db_session):
    now = utcnow()
    add_programme(db_session, title={"en": "Soon"}, closes_at=now + dt.timedelta(days=3))
    add_programme(db_session, title={"en": "Later"}, closes_at=now + dt.timedelta(days=30),
                  districts=["Jongno-gu"])
    add_programme(db_session, title={"en": "Upcoming"}, status=ProgrammeStatus.upcoming,
                  opens_at=now + dt.timedelta(days=10), closes_at=now + dt.timedelta(days=5))
    assert _codes(db_session, closing_this_week=True) == {"Soon"}
    assert _codes(db_session, district="Mapo-gu") == {"Soon", "Upcoming"}
    assert _codes(db_session, district="Jongno-gu") == {"Soon", "Later", "Upcoming"}
    assert _codes(db_session, deadline_before=(now + dt.timedelta(days=6)).date()) == {"Soon", "Upcoming"}
    rows, _total = directory.list_programmes(db_session, directory.Filters())
    assert [p.title["en"] for p in rows][:2] == ["Soon", "Later"]  # open ones first, soonest deadline first


def test_only_open_programmes_within_their_dates_take_applications(app, db_session):
    now = utcnow()
    assert directory.is_accepting(add_programme(db_session))
    assert not directory.is_accepting(add_programme(db_session, status=ProgrammeStatus.upcoming))
    assert not directory.is_accepting(add_programme(db_session, closes_at=now - dt.timedelta(minutes=1)))


def test_staff_move_a_programme_through_its_life(app, db_session, make_user):
    """Upcoming → open → closed → results, by staff only; a step outside that life is refused."""
    import pytest

    from market.programmes.services.editing import set_programme_status
    from market.refusals import Refusal

    officer, member = make_user(role="programme_staff"), make_user()
    programme = add_programme(db_session, status=ProgrammeStatus.upcoming)
    with pytest.raises(Refusal) as not_staff:
        set_programme_status(db_session, programme.id, member, "open")
    assert not_staff.value.status == 403
    with pytest.raises(Refusal) as skipped:
        set_programme_status(db_session, programme.id, officer, "results")
    assert skipped.value.status == 409
    for step in ("open", "closed", "results"):
        set_programme_status(db_session, programme.id, officer, step)
    assert programme.status == ProgrammeStatus.results


def test_the_staff_programmes_page(app, db_session, make_user):
    from tests.factories.clients import isolated_client
    from tests.helpers import csrf_token

    programme = add_programme(db_session, status=ProgrammeStatus.upcoming)
    staff = isolated_client(app, make_user(role="programme_staff"))
    token = csrf_token(staff, "/en/programmes/staff/programmes")
    moved = staff.post(f"/en/programmes/staff/programmes/{programme.id}/status",
                       data={"csrf_token": token, "status": "open"})
    assert moved.status_code == 302 and programme.status == ProgrammeStatus.open
