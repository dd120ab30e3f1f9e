"""Outcomes per programme read the participants' figures from the association's annual returns: the change in
jobs, revenue, value added and exports from the year before selection, summed over the participants who
reported; hidden when fewer than the association's minimum reported; staff only."""

from __future__ import annotations

import pytest

from i18n.times import utcnow
from market.programmes.models import Application, ApplicationStatus
from market.programmes.services.participants import participant_outcomes
from market.refusals import Refusal
from tests.factories.association import add_member, add_verified
from tests.factories.clients import isolated_client
from tests.factories.programmes import add_programme


def _selected(db_session, programme, org):
    now = utcnow()
    application = Application(programme_id=programme.id, organization_id=org.id, status=ApplicationStatus.selected,
                              submitted_at=now, decided_at=now, amount_krw=10_000_000)
    db_session.add(application)
    db_session.commit()
    return application


def test_participants_changes_come_from_their_returns(app, db_session, make_user, make_org):
    year = utcnow().year
    programme = add_programme(db_session, title={"en": "Export vouchers"})
    small = add_programme(db_session, title={"en": "Fire insurance"})
    for n in range(5):
        org = make_org(make_user(), name=f"Workshop {n}", cluster_code="seongsu")
        member = add_member(db_session, org)
        add_verified(db_session, member, year - 1, staff_full_time=4, exports_krw=50_000_000)
        add_verified(db_session, member, year, staff_full_time=6, exports_krw=80_000_000)
        _selected(db_session, programme, org)
    unreported = make_org(make_user(), name="No returns", cluster_code="seongsu")
    _selected(db_session, programme, unreported)
    lone = make_org(make_user(), name="Lone", cluster_code="seongsu")
    member = add_member(db_session, lone)
    add_verified(db_session, member, year - 1)
    add_verified(db_session, member, year, staff_full_time=9)
    _selected(db_session, small, lone)

    officer = make_user(role="programme_staff")
    found = participant_outcomes(db_session, officer)
    assert found[programme.id].participants == 6 and found[programme.id].reporting == 5
    assert found[programme.id].changes["jobs"] == 10
    assert found[programme.id].changes["exports_krw"] == 150_000_000
    assert found[small.id].reporting == 1 and found[small.id].changes is None and found[small.id].suppressed

    html = isolated_client(app, officer).get("/en/programmes/staff/outcomes").get_data(as_text=True)
    assert 'id="participant-outcomes"' in html and "+10" in html
    assert "Too few participants reported to show their figures." in html
    with pytest.raises(Refusal) as refused:
        participant_outcomes(db_session, make_user())
    assert refused.value.status == 403
