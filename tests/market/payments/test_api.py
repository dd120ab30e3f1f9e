"""Payments API: start paying (invoice details with the manual provider), read a payment, staff refunds, and the
operations in the OpenAPI document."""

from sqlmodel import select

from market.payments import services
from market.payments.models import Payment
from tests.factories.clients import bearer


def test_start_payment_answers_the_invoice(client, db_session, buyer, order):
    """POST /payments creates the payment (201) with its invoice; again answers the same payment (200)."""
    auth = bearer(db_session, buyer.user)
    created = client.post("/api/v1/payments", json={"kind": "wholesale_order", "payable_id": order.id}, headers=auth)
    assert created.status_code == 201
    body = created.json
    assert (body["provider"], body["status"], body["currency"], body["amount_minor"], body["amount"]) == (
        "manual", "pending", "KRW", 960_000, "960000")
    assert body["invoice"]["reference"] == body["reference"] and body["card"] is None
    invoice = body["invoice"]
    assert invoice["number"].startswith("INV-") and invoice["account_number"] == "1005-702-118822"
    assert invoice["swift"] == "HVBKKRSE" and invoice["pdf_url"].endswith(f"/payments/{body['id']}/invoice.pdf")
    again = client.post("/api/v1/payments", json={"kind": "wholesale_order", "payable_id": order.id}, headers=auth)
    assert again.status_code == 200 and again.json["id"] == body["id"]
    assert client.get(f"/api/v1/payments/{body['id']}", headers=auth).json["reference"] == body["reference"]


def test_start_payment_refusals(client, db_session, buyer, other_buyer, order):
    """Others' orders answer 404, bad bodies 422, unauthenticated 401; nothing is created."""
    auth = bearer(db_session, other_buyer.user)
    assert client.post("/api/v1/payments", json={"kind": "wholesale_order", "payable_id": order.id},
                       headers=auth).status_code == 404
    assert client.post("/api/v1/payments", json={"kind": "", "payable_id": 0}, headers=auth).status_code == 422
    assert client.post("/api/v1/payments", json={"kind": "wholesale_order", "payable_id": order.id}
                       ).status_code == 401
    assert db_session.exec(select(Payment)).first() is None


def test_refunds_are_for_staff(client, db_session, buyer, staff, order):
    """A buyer's refund request is 403; staff refund (201); beyond what was paid is 422; others cannot read it."""
    payment = services.start_payment(db_session, buyer.user, "wholesale_order", order.id)
    services.mark_received(db_session, staff[1], payment.id)
    db_session.commit()
    buyer_auth, staff_auth = bearer(db_session, buyer.user), bearer(db_session, staff[1])
    url = f"/api/v1/payments/{payment.id}/refunds"
    assert client.post(url, json={"amount_minor": 1000, "reason": "x"}, headers=buyer_auth).status_code == 403
    done = client.post(url, json={"amount_minor": 60_000, "reason": "Damaged in transit"}, headers=staff_auth)
    assert done.status_code == 201
    assert (done.json["status"], done.json["refunded_minor"]) == ("partially_refunded", 60_000)
    assert done.json["refunds"][0]["reason"] == "Damaged in transit"
    too_much = client.post(url, json={"amount_minor": 900_001, "reason": "x"}, headers=staff_auth)
    assert too_much.status_code == 422 and too_much.json["error"]["code"] == "exceeds_paid"


def test_openapi_documents_payments(client):
    """The payment operations are in the OpenAPI document."""
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"post"} <= set(paths["/api/v1/payments"]) and "get" in paths["/api/v1/payments/{payment_id}"]
    assert "post" in paths["/api/v1/payments/{payment_id}/refunds"]
    assert "post" in paths["/api/v1/payments/{payment_id}/confirm"]
