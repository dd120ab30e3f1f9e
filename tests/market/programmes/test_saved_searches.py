"""Saved programme searches with alerts: a signed-in user keeps the directory's filters under a name; a matching
programme that opens afterwards (by its dates, opened early by staff, or published open) brings a notice and a
mail in their language with the link — once per programme; paused searches stay quiet; searches are listed,
renamed, paused and deleted on pages and in the API; bad input changes nothing."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlmodel import select

from i18n.times import utcnow
from market.notifications.models import Notification
from market.programmes.models import ProgrammeSearch, ProgrammeSearchHit, ProgrammeStatus, SupportType
from market.programmes.services import editing, searches
from market.refusals import Refusal
from market.schedule import steps
from tests.factories.clients import bearer, isolated_client
from tests.factories.programmes import add_programme
from tests.helpers import csrf_token


def _alerts(db_session, user):
    return db_session.exec(select(Notification).where(Notification.user_id == user.id,
                                                      Notification.kind == "programme_alert")
                           .order_by(Notification.id)).all()


def _opening(db_session, days=2, **fields):
    """A programme that opens in ``days`` days."""
    now = utcnow()
    return add_programme(db_session, status=ProgrammeStatus.upcoming, opens_at=now + dt.timedelta(days=days),
                         closes_at=now + dt.timedelta(days=30), **fields)


def test_a_programme_that_opens_alerts_once_in_the_users_language(app, db_session, make_user, caplog):
    """Open programmes at saving count as known; one that opens later alerts by notice and mail, in Korean with a
    Korean link for a Korean reader, and never twice."""
    user = make_user(name="Kim Soon-ja")
    user.locale = "ko"
    db_session.add(user)
    already = add_programme(db_session, trades=["sewing"], title={"en": "Already open", "ko": "이미 접수 중"})
    later = _opening(db_session, trades=["sewing"], title={"en": "Sewing grant", "ko": "봉제 지원금"})
    other_trade = _opening(db_session, trades=["jewelry"], title={"en": "Jewelry loan"})
    searches.save_search(db_session, user, "  Sewing   grants ", {"trade": "sewing", "type": ""})
    db_session.commit()
    saved = db_session.exec(select(ProgrammeSearch).where(ProgrammeSearch.user_id == user.id)).one()
    assert saved.name == "Sewing grants" and saved.filters == {"trade": "sewing"}
    assert searches.alert_saved_searches(db_session) == 0  # "Already open" was known
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        assert searches.alert_saved_searches(db_session, utcnow() + dt.timedelta(days=3)) == 1
        db_session.commit()
    [notice] = _alerts(db_session, user)
    assert notice.url == f"/ko/programmes/{later.id}" and "봉제 지원금" in notice.message
    assert "Sewing grants" in notice.message
    mails = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    assert any(user.email in m and f"/ko/programmes/{later.id}" in m for m in mails)
    assert searches.alert_saved_searches(db_session, utcnow() + dt.timedelta(days=4)) == 0
    assert len(_alerts(db_session, user)) == 1
    hits = {h.programme_id: h.alerted for h in db_session.exec(select(ProgrammeSearchHit))}
    assert hits == {already.id: False, later.id: True} and other_trade.id not in hits


def test_paused_searches_stay_quiet_until_resumed(app, db_session, make_user):
    """A paused search alerts nothing; resumed, it alerts the matching programme still open."""
    user = make_user()
    search = searches.save_search(db_session, user, "Loans", {"type": "loan"})
    searches.update_search(db_session, user, search.id, paused=True)
    _opening(db_session, support_type=SupportType.loan)
    later = utcnow() + dt.timedelta(days=3)
    assert searches.alert_saved_searches(db_session, later) == 0
    searches.update_search(db_session, user, search.id, paused=False)
    assert searches.alert_saved_searches(db_session, later) == 1


def test_staff_opening_or_publishing_a_programme_alerts_at_once(app, db_session, make_user):
    """Staff opening an upcoming programme early alerts the matching searches in the same request."""
    user, officer = make_user(), make_user(role="programme_staff")
    searches.save_search(db_session, user, "Everything", {})
    programme = _opening(db_session, days=5)
    editing.set_programme_status(db_session, programme.id, officer, "open")
    db_session.commit()
    assert len(_alerts(db_session, user)) == 1
    assert searches.alert_saved_searches(db_session) == 0


def test_the_timed_step_is_registered(app):
    """``seoulmade tick`` and the serve thread run the alerts."""
    assert "programmes.alerts" in steps(app)


@pytest.mark.parametrize("case", ["no name", "blank name", "long name", "same name", "same filters", "bad trade",
                                  "bad date"])
def test_bad_saved_searches_are_refused_and_change_nothing(app, db_session, make_user, case):
    """No name, a name taken, the same filters twice, an unknown trade or a bad date: a clear message, nothing
    saved."""
    user = make_user()
    searches.save_search(db_session, user, "Sewing", {"trade": "sewing"})
    db_session.commit()
    name, filters = {"no name": (None, {}), "blank name": ("   ", {}), "long name": ("x" * 81, {}),
                     "same name": ("sewing", {"trade": "printing"}), "same filters": ("Other", {"trade": "sewing"}),
                     "bad trade": ("Ships", {"trade": "ships"}),
                     "bad date": ("Soon", {"deadline_before": "next week"})}[case]
    with pytest.raises(Refusal) as refused:
        searches.save_search(db_session, user, name, filters)
    expected = {"no name": (422, "name"), "blank name": (422, "name"), "long name": (422, "name"),
                "same name": (409, "name"), "same filters": (409, None), "bad trade": (422, "trade"),
                "bad date": (422, "deadline_before")}[case]
    assert refused.value.status == expected[0]
    if expected[1]:
        assert list(refused.value.fields) == [expected[1]]
    else:
        assert refused.value.code == "duplicate_search" and "“Sewing”" in refused.value.message
    db_session.rollback()
    assert [s.name for s in searches.searches_of(db_session, user)] == ["Sewing"]


def test_nobody_touches_another_users_search(app, db_session, make_user):
    """Another user's search is not found for renaming, pausing or deleting."""
    owner, other = make_user(), make_user()
    search = searches.save_search(db_session, owner, "Sewing", {"trade": "sewing"})
    for action in (lambda: searches.update_search(db_session, other, search.id, name="Mine"),
                   lambda: searches.delete_search(db_session, other, search.id)):
        with pytest.raises(Refusal) as refused:
            action()
        assert refused.value.status == 404
    assert db_session.get(ProgrammeSearch, search.id).name == "Sewing"


def test_pages_save_rename_pause_and_delete(app, db_session, make_user):
    """From the filtered directory a search is saved with its filters; the list page renames, pauses and deletes
    it; saving without a name or twice says why and keeps one search."""
    user = make_user()
    client = isolated_client(app, user)
    directory = "/en/programmes/?trade=sewing&type=grant"
    page = client.get(directory).get_data(as_text=True)
    assert 'id="save-search"' in page and 'name="trade" value="sewing"' in page
    token = csrf_token(client, directory)
    saved = client.post("/en/programmes/searches/", data={"csrf_token": token, "name": "Sewing grants",
                                                          "trade": "sewing", "type": "grant"})
    assert saved.status_code == 302 and saved.location.endswith("/en/programmes/searches/")
    [search] = searches.searches_of(db_session, user)
    assert search.filters == {"trade": "sewing", "type": "grant"}
    listing = client.get("/en/programmes/searches/").get_data(as_text=True)
    assert "Sewing grants" in listing and "Alerts on" in listing
    nameless = client.post("/en/programmes/searches/", data={"csrf_token": token, "name": "", "trade": "printing"},
                           follow_redirects=True)
    assert "Give the search a name." in nameless.get_data(as_text=True)
    twice = client.post("/en/programmes/searches/", data={"csrf_token": token, "name": "Again", "trade": "sewing",
                                                          "type": "grant"}, follow_redirects=True)
    assert "already has these filters" in twice.get_data(as_text=True)
    assert len(searches.searches_of(db_session, user)) == 1
    base = f"/en/programmes/searches/{search.id}"
    assert client.post(f"{base}/rename", data={"csrf_token": token, "name": "Grants for sewing"}).status_code == 302
    assert client.post(f"{base}/pause", data={"csrf_token": token}).status_code == 302
    db_session.refresh(search)
    assert search.name == "Grants for sewing" and search.paused
    assert "Alerts paused" in client.get("/en/programmes/searches/").get_data(as_text=True)
    blank = client.post(f"{base}/rename", data={"csrf_token": token, "name": " "}, follow_redirects=True)
    assert "Give the search a name." in blank.get_data(as_text=True)
    assert client.post(f"{base}/delete", data={"csrf_token": token}).status_code == 302
    assert searches.searches_of(db_session, user) == []
    assert isolated_client(app).get("/en/programmes/searches/").status_code in (302, 401)


def test_the_api_manages_saved_searches(app, db_session, make_user):
    """Create, list, rename, pause, delete; 422 without a name, 409 for the same filters, 404 for another's."""
    user, other = make_user(), make_user()
    client, headers = isolated_client(app), bearer(db_session, user)
    add_programme(db_session, trades=["sewing"])
    created = client.post("/api/v1/programmes/searches", json={"name": "Sewing", "filters": {"trade": "sewing"}},
                          headers=headers)
    assert created.status_code == 201
    body = created.get_json()
    assert body["filters"] == {"trade": "sewing"} and body["open_now"] == 1 and body["alerts_sent"] == 0
    assert body["url"] == "/en/programmes/?trade=sewing"
    nameless = client.post("/api/v1/programmes/searches", json={"name": "", "filters": {}}, headers=headers)
    assert nameless.status_code == 422 and list(nameless.get_json()["error"]["fields"]) == ["name"]
    twice = client.post("/api/v1/programmes/searches", json={"name": "Again", "filters": {"trade": "sewing"}},
                        headers=headers)
    assert twice.status_code == 409 and twice.get_json()["error"]["code"] == "duplicate_search"
    listed = client.get("/api/v1/programmes/searches", headers=headers).get_json()
    assert listed["total"] == 1 and listed["items"][0]["name"] == "Sewing"
    url = f"/api/v1/programmes/searches/{body['id']}"
    patched = client.patch(url, json={"name": "Sewing, all", "paused": True}, headers=headers)
    assert patched.status_code == 200 and patched.get_json()["paused"] is True
    assert client.get(url, headers=bearer(db_session, other)).status_code == 404
    assert client.delete(url, headers=bearer(db_session, other)).status_code == 404
    assert client.delete(url, headers=headers).status_code == 204
    assert client.get("/api/v1/programmes/searches", headers=headers).get_json()["total"] == 0
    assert client.get("/api/v1/programmes/searches").status_code == 401


def test_two_searches_matching_one_programme_alert_once(app, db_session, make_user):
    """A person whose two searches both match a programme that opens is told once."""
    user = make_user()
    searches.save_search(db_session, user, "Sewing", {"trade": "sewing"})
    searches.save_search(db_session, user, "Grants", {"type": "grant"})
    _opening(db_session, trades=["sewing"], support_type=SupportType.grant)
    assert searches.alert_saved_searches(db_session, utcnow() + dt.timedelta(days=3)) == 1
    assert len(_alerts(db_session, user)) == 1
    assert len(db_session.exec(select(ProgrammeSearchHit)).all()) == 2
