"""The support centres API other checks rely on: facilities, equipment with availability and reasons, bookings
(201 / 409 slot_taken / 403 not_qualified / 422), cancel, and the staff report."""

from __future__ import annotations

import pytest

from tests.factories.centres import seoul, working_day


@pytest.fixture
def world(make_user, make_org, make_facility, make_machine, staff_user, qualify):
    maker = make_user(email="api-maker@example.com")
    make_org(maker, kind="maker")
    facility = make_facility(staff=[staff_user], slug="mullae-metal", trade="machine_metal")
    cnc = make_machine(facility, name="CNC lathe")
    laser = make_machine(facility, name="Laser", category="laser_cutter", required_training=None)
    qualify(maker, "safety")
    return maker, facility, cnc, laser


def _token(app, user) -> dict:
    from market.accounts.services import create_api_token
    from market.db import get_session

    session = get_session()
    secret = create_api_token(session, user, "test")[1]
    session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_facilities_list_and_detail(app, client, world):
    """GET /api/v1/facilities lists every facility with its hours; one facility by slug; unknown is 404."""
    listed = client.get("/api/v1/facilities").get_json()
    assert listed["total"] >= 1 and any(f["slug"] == "mullae-metal" for f in listed["items"])
    item = next(f for f in listed["items"] if f["slug"] == "mullae-metal")
    assert item["equipment_count"] == 2 and item["opening_hours"]["0"] == ["09:00", "21:00"]
    assert client.get("/api/v1/facilities/mullae-metal").get_json()["slug"] == "mullae-metal"
    assert client.get("/api/v1/facilities/nowhere").status_code == 404


def test_equipment_says_available_or_why_not(app, client, world):
    """With a period, each machine says available, or reason not_qualified (CNC training missing), taken."""
    maker, _facility, cnc, laser = world
    day = working_day()
    params = {"start": seoul(day, "14:00").isoformat(), "end": seoul(day, "17:00").isoformat()}
    items = {i["id"]: i for i in client.get("/api/v1/equipment", query_string=params,
                                             headers=_token(app, maker)).get_json()["items"]}
    assert items[laser.id]["available"] is True and items[laser.id]["reason"] is None
    assert items[laser.id]["price_krw"] == 60_000  # 3 peak hours at 20,000 (member)
    assert items[cnc.id]["available"] is False and items[cnc.id]["reason"] == "not_qualified"
    assert items[cnc.id]["missing_trainings"] == ["cnc"]
    only_lasers = client.get("/api/v1/equipment", query_string={**params, "category": "laser_cutter"},
                             headers=_token(app, maker)).get_json()["items"]
    assert [i["id"] for i in only_lasers] == [laser.id]
    booked = client.post("/api/v1/bookings", json={"equipment_id": laser.id, **params}, headers=_token(app, maker))
    assert booked.status_code == 201
    again = {i["id"]: i for i in client.get("/api/v1/equipment", query_string=params).get_json()["items"]}
    assert again[laser.id]["reason"] in ("not_qualified", "taken")  # anonymous: no trainings at all
    assert "taken" in again[laser.id]["reasons"]


def test_equipment_reports_a_machine_that_is_down(app, db_session, client, world):
    """A machine marked down answers reason "down"."""
    _maker, _facility, _cnc, laser = world
    laser.status = "down"
    db_session.add(laser)
    db_session.commit()
    items = {i["id"]: i for i in client.get("/api/v1/equipment").get_json()["items"]}
    assert items[laser.id]["reason"] == "down"


def test_equipment_refuses_half_a_period(app, client, world):
    """A start without an end is refused (422) in the envelope."""
    answer = client.get("/api/v1/equipment", query_string={"start": "2026-12-08T14:00:00+09:00"})
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "invalid"


def test_booking_201_409_403_and_422(app, client, world, make_user, qualify):
    """Create answers 201 with id, status and price; the same slot again 409 slot_taken; an unqualified user 403
    not_qualified; a period in the past 422 on its field; nothing is changed by the refusals."""
    maker, _facility, cnc, laser = world
    day = working_day()
    body = {"equipment_id": laser.id, "start": seoul(day, "14:00").isoformat(),
            "end": seoul(day, "16:00").isoformat()}
    created = client.post("/api/v1/bookings", json=body, headers=_token(app, maker))
    assert created.status_code == 201
    data = created.get_json()
    assert data["status"] == "confirmed" and data["price_krw"] == 40_000 and data["price"]["amount"] == "40000"
    other = make_user()
    qualify(other, "safety")
    taken = client.post("/api/v1/bookings", json=body, headers=_token(app, other))
    assert taken.status_code == 409 and taken.get_json()["error"]["code"] == "slot_taken"
    refused = client.post("/api/v1/bookings", json={**body, "equipment_id": cnc.id}, headers=_token(app, maker))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "not_qualified"
    past = client.post("/api/v1/bookings", json={**body, "start": "2020-01-06T14:00:00+09:00",
                                                 "end": "2020-01-06T15:00:00+09:00"}, headers=_token(app, other))
    assert past.status_code == 422 and "start" in past.get_json()["error"]["fields"]
    naive = client.post("/api/v1/bookings", json={**body, "start": "2026-12-08T14:00:00"},
                        headers=_token(app, other))
    assert naive.status_code == 422
    assert client.post("/api/v1/bookings", json=body).status_code == 401
    mine = client.get("/api/v1/bookings", headers=_token(app, maker)).get_json()
    assert [b["id"] for b in mine["items"]] == [data["id"]]


def test_cancel_own_booking_not_someone_elses(app, client, world, make_user):
    """POST /bookings/{id}/cancel cancels one's own booking; another user's answers 403 and changes nothing."""
    maker, _facility, _cnc, laser = world
    day = working_day(3)
    created = client.post("/api/v1/bookings", json={"equipment_id": laser.id, "start": seoul(day, "10:00").isoformat(),
                                                    "end": seoul(day, "11:00").isoformat()},
                          headers=_token(app, maker)).get_json()
    stranger = client.post(f"/api/v1/bookings/{created['id']}/cancel", headers=_token(app, make_user()))
    assert stranger.status_code == 403 and stranger.get_json()["error"]["code"] == "not_yours"
    assert client.get(f"/api/v1/bookings/{created['id']}", headers=_token(app, maker)).get_json()["status"] == \
        "confirmed"
    cancelled = client.post(f"/api/v1/bookings/{created['id']}/cancel", headers=_token(app, maker)).get_json()
    assert cancelled["status"] == "cancelled" and cancelled["charged_krw"] == 0


def test_facility_report_is_for_staff(app, client, world, staff_user):
    """The monthly report answers the facility's staff, 403 for others, 422 for a bad month."""
    maker, _facility, _cnc, _laser = world
    month = working_day().strftime("%Y-%m")
    report = client.get(f"/api/v1/facilities/mullae-metal/report?month={month}", headers=_token(app, staff_user))
    assert report.status_code == 200
    data = report.get_json()
    assert data["month"] == month and len(data["machines"]) == 2 and data["total"]["available_hours"] > 0
    assert client.get(f"/api/v1/facilities/mullae-metal/report?month={month}",
                      headers=_token(app, maker)).status_code == 403
    assert client.get("/api/v1/facilities/mullae-metal/report?month=2026-13",
                      headers=_token(app, staff_user)).status_code == 422


def test_equipment_by_most_per_hour_and_only_qualified(app, client, world):
    """``max_hourly_krw`` drops machines dearer for the caller; ``qualified`` drops those they lack trainings for."""
    maker, _facility, cnc, laser = world
    headers = _token(app, maker)
    cheap = client.get("/api/v1/equipment", query_string={"max_hourly_krw": 10_000}, headers=headers).get_json()
    assert cheap["total"] == 0
    member = client.get("/api/v1/equipment", query_string={"max_hourly_krw": 20_000, "facility": "mullae-metal"},
                        headers=headers).get_json()
    assert {i["id"] for i in member["items"]} == {cnc.id, laser.id}
    qualified = client.get("/api/v1/equipment", query_string={"qualified": "true", "facility": "mullae-metal"},
                           headers=headers).get_json()
    assert [i["id"] for i in qualified["items"]] == [laser.id]
