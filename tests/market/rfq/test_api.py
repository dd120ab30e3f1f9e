"""The RFQ API: send, read, quote, talk, decline and accept, with 404 for others, 409 for expired or
already accepted quotes and 422 with fields for bad input."""

import datetime as dt

import pytest
from sqlmodel import select

from market.orders.models import WholesaleOrder
from market.rfq.models import Rfq, RfqQuote
from tests.factories.clients import bearer, isolated_client
from tests.factories.db import count
from tests.factories.rfq import LONG_MESSAGE


@pytest.fixture
def api(app, db_session, buyer, maker, other_buyer, other_maker):
    """An anonymous client and bearer headers for each party."""
    return isolated_client(app), {name: bearer(db_session, party.user) for name, party in (
        ("buyer", buyer), ("maker", maker), ("other_buyer", other_buyer), ("other_maker", other_maker))}


def _body(product, **overrides) -> dict:
    body = {"product_id": product.id, "quantity": 200, "target_price": "32.50", "currency": "USD",
            "incoterm": "FOB", "destination_country": "JP",
            "needed_by": (dt.date.today() + dt.timedelta(days=45)).isoformat(), "message": LONG_MESSAGE}
    body.update(overrides)
    return body


def _quote_body(**overrides) -> dict:
    body = {"unit_price": "30.00", "currency": "USD", "lead_time_days": 21,
            "valid_until": (dt.date.today() + dt.timedelta(days=14)).isoformat(), "terms": "FOB Busan"}
    body.update(overrides)
    return body


def test_happy_path(api, product, maker, db_session):
    """Send, read as maker, quote, answer in the thread, accept: the order appears in the RFQ."""
    client, auth = api
    created = client.post("/api/v1/rfqs", json=_body(product), headers=auth["buyer"])
    assert created.status_code == 201, created.json
    rfq = created.json
    assert (rfq["status"], rfq["your_side"], rfq["completeness"], rfq["target_price"]) == ("open", "buyer", 90,
                                                                                            "32.50")
    assert rfq["maker"]["id"] == maker.org.id and rfq["product_title"] == "Hand-stitched leather wallet"
    seen = client.get(f"/api/v1/rfqs/{rfq['id']}", headers=auth["maker"])
    assert seen.status_code == 200 and seen.json["your_side"] == "maker"
    quoted = client.post(f"/api/v1/rfqs/{rfq['id']}/quotes", json=_quote_body(), headers=auth["maker"])
    assert quoted.status_code == 201 and quoted.json["status"] == "quoted"
    quote = quoted.json["quotes"][0]
    assert (quote["unit_price"], quote["total"], quote["expired"]) == ("30.00", "6000.00", False)
    talked = client.post(f"/api/v1/rfqs/{rfq['id']}/messages", json={"body": "Deal if FOB Busan."},
                         headers=auth["buyer"])
    assert talked.status_code == 201 and talked.json["messages"][-1]["side"] == "buyer"
    accepted = client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=auth["buyer"])
    assert accepted.status_code == 200
    assert accepted.json["status"] == "accepted" and accepted.json["quotes"][0]["status"] == "accepted"
    order = accepted.json["order"]
    assert (order["total"], order["currency"], order["status"]) == ("6000.00", "USD", "awaiting_payment")
    listed = client.get("/api/v1/rfqs?side=maker", headers=auth["maker"]).json
    assert listed["total"] == 1 and listed["items"][0]["counterpart"] == "Tokyo Select"
    assert client.get("/api/v1/rfqs?side=buyer", headers=auth["other_buyer"]).json["total"] == 0


def test_to_a_maker_without_product(api, maker):
    """An RFQ can go to a maker directly."""
    client, auth = api
    body = {"maker_id": maker.org.id, "quantity": 5, "message": "Custom brass hinges, 40 mm, polished."}
    response = client.post("/api/v1/rfqs", json=body, headers=auth["buyer"])
    assert response.status_code == 201 and response.json["product_id"] is None


@pytest.mark.parametrize(("override", "field"), [
    ({"quantity": 0}, "quantity"),
    ({"currency": "XYZ"}, "currency"),
    ({"target_price": "cheap"}, "target_price"),
    ({"needed_by": "2020-01-01"}, "needed_by"),
    ({"needed_by": "not a date"}, "needed_by"),
    ({"incoterm": "FAS"}, "incoterm"),
    ({"destination_country": "ZZ"}, "destination_country"),
    ({"product_id": 999_999}, "product_id"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_input_is_422_with_fields(api, product, db_session, override, field):
    """Bad fields answer 422 naming each field; nothing is stored."""
    client, auth = api
    response = client.post("/api/v1/rfqs", json=_body(product, **override), headers=auth["buyer"])
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count(db_session, Rfq) == 0


def test_below_minimum_is_422_with_what_is_missing(api, product, maker, db_session):
    """A request under the maker's minimum completeness answers 422 with the score's shortfall."""
    from market.rfq.services import policies

    policies.set_policy(db_session, maker.user, maker.org.id, 10, 95)
    db_session.commit()
    client, auth = api
    response = client.post("/api/v1/rfqs", json=_body(product), headers=auth["buyer"])
    assert response.status_code == 422 and response.json["error"]["code"] == "below_minimum"
    assert "completeness" in response.json["error"]["fields"]


def test_several_buyer_organisations_need_buyer_org_id(api, product, buyer, make_org):
    """A member of two buyers must name `buyer_org_id`."""
    second = make_org(buyer.user, kind="buyer", name="Osaka Branch", country="JP")
    client, auth = api
    missing = client.post("/api/v1/rfqs", json=_body(product), headers=auth["buyer"])
    assert missing.status_code == 422 and "buyer_org_id" in missing.json["error"]["fields"]
    chosen = client.post("/api/v1/rfqs", json=_body(product, buyer_org_id=second.id), headers=auth["buyer"])
    assert chosen.status_code == 201 and chosen.json["buyer"]["id"] == second.id


def test_others_get_404_and_nothing_changes(api, sent_rfq, db_session):
    """Another buyer or maker can neither read nor write the RFQ."""
    client, auth = api
    quote = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=_quote_body(), headers=auth["maker"]).json
    quote_id = quote["quotes"][0]["id"]
    for who in ("other_buyer", "other_maker"):
        assert client.get(f"/api/v1/rfqs/{sent_rfq.id}", headers=auth[who]).status_code == 404
        assert client.post(f"/api/v1/rfqs/{sent_rfq.id}/messages", json={"body": "hi"},
                           headers=auth[who]).status_code == 404
        assert client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=_quote_body(),
                           headers=auth[who]).status_code == 404
        assert client.post(f"/api/v1/quotes/{quote_id}/accept", headers=auth[who]).status_code == 404
    assert client.post(f"/api/v1/quotes/{quote_id}/accept", headers=auth["maker"]).status_code == 403
    assert client.get("/api/v1/rfqs/999999", headers=auth["buyer"]).status_code == 404
    assert count(db_session, WholesaleOrder) == 0 and count(db_session, RfqQuote) == 1
    assert client.get(f"/api/v1/rfqs/{sent_rfq.id}", headers=auth["buyer"]).json["messages"] == []


def test_expired_and_double_accept_are_409(api, sent_rfq, db_session):
    """An expired quote answers 409; after one acceptance, accepting again answers 409; one order only."""
    client, auth = api
    first = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=_quote_body(), headers=auth["maker"])
    old_id = first.json["quotes"][0]["id"]
    old = db_session.get(RfqQuote, old_id)
    old.valid_until = dt.date.today() - dt.timedelta(days=1)
    db_session.add(old)
    db_session.commit()
    expired = client.post(f"/api/v1/quotes/{old_id}/accept", headers=auth["buyer"])
    assert expired.status_code == 409 and expired.json["error"]["code"] == "quote_expired"
    fresh = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=_quote_body(unit_price="29.00"),
                        headers=auth["maker"]).json["quotes"][0]["id"]
    assert client.post(f"/api/v1/quotes/{fresh}/accept", headers=auth["buyer"]).status_code == 200
    again = client.post(f"/api/v1/quotes/{fresh}/accept", headers=auth["buyer"])
    assert again.status_code == 409 and again.json["error"]["code"] == "already_accepted"
    assert count(db_session, WholesaleOrder) == 1
    late = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes", json=_quote_body(), headers=auth["maker"])
    assert late.status_code == 409


def test_bad_quote_is_422(api, sent_rfq):
    """A quote with a bad price, currency, lead time or date answers 422 with fields."""
    client, auth = api
    response = client.post(f"/api/v1/rfqs/{sent_rfq.id}/quotes",
                           json=_quote_body(unit_price="-1", currency="GBP", lead_time_days=9999),
                           headers=auth["maker"])
    assert response.status_code == 422
    assert {"currency", "lead_time_days"} <= set(response.json["error"]["fields"])
    empty = client.post(f"/api/v1/rfqs/{sent_rfq.id}/messages", json={"body": " "}, headers=auth["buyer"])
    assert empty.status_code == 422 and "body" in empty.json["error"]["fields"]


def test_decline_through_the_api(api, sent_rfq):
    """The maker declines with a reason; the buyer reads it."""
    client, auth = api
    declined = client.post(f"/api/v1/rfqs/{sent_rfq.id}/decline", json={"reason": "price", "note": "Too low."},
                           headers=auth["maker"])
    assert declined.status_code == 200 and declined.json["decline"]["reason"] == "price"
    assert client.get(f"/api/v1/rfqs/{sent_rfq.id}", headers=auth["buyer"]).json["status"] == "declined"


def test_api_needs_authentication(api, sent_rfq, product):
    """Without a token or session the RFQ API answers 401."""
    client, _auth = api
    assert client.get(f"/api/v1/rfqs/{sent_rfq.id}").status_code == 401
    assert client.post("/api/v1/rfqs", json=_body(product)).status_code == 401


def test_openapi_documents_the_rfq_api(app):
    """The OpenAPI document lists the RFQ operations."""
    paths = isolated_client(app).get("/api/v1/openapi.json").json["paths"]
    for path in ("/api/v1/rfqs", "/api/v1/rfqs/{rfq_id}", "/api/v1/rfqs/{rfq_id}/quotes",
                 "/api/v1/rfqs/{rfq_id}/messages", "/api/v1/quotes/{quote_id}/accept"):
        assert path in paths
    assert "409" in paths["/api/v1/quotes/{quote_id}/accept"]["post"]["responses"]


def test_rfq_rows_match_the_api(api, product, db_session):
    """What the API answers is what is stored."""
    client, auth = api
    rfq_id = client.post("/api/v1/rfqs", json=_body(product), headers=auth["buyer"]).json["id"]
    row = db_session.exec(select(Rfq).where(Rfq.id == rfq_id)).one()
    assert (row.quantity, str(row.target_price), row.currency, row.incoterm) == (200, "32.50", "USD", "FOB")
