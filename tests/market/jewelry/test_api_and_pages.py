"""The jewelry API and pages: multipart upload, analysis, quote, order, moves; the upload page, design page with
viewer, quote page, order pages, workshop queue and the admins' metals page; 404 for everyone else."""

from __future__ import annotations

import io
import re

import pytest

from market.jewelry import payable
from market.jewelry.models import JewelryOrder
from market.jewelry.services import metals, orders, quotes
from tests.factories.files import mesh_bytes
from tests.helpers import csrf_token, sign_in


@pytest.fixture
def token_client(app, db_session, customer):
    from market.accounts.services import create_api_token

    secret = create_api_token(db_session, customer, "tests")[1]
    db_session.commit()
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def _upload(client, name="ring_band_bartmassey.stl", data=None, unit="mm"):
    data = mesh_bytes(name) if data is None else data
    return client.post("/api/v1/jewelry/designs", data={"file": (io.BytesIO(data), name), "unit": unit},
                       content_type="multipart/form-data")


def test_api_upload_quote_order_and_move(app, db_session, token_client, workshop, rates):
    response = _upload(token_client)
    assert response.status_code == 201, response.get_json()
    design = response.get_json()
    assert design["status"] == "analysed"
    analysis = design["analysis"]
    assert analysis["watertight"] is True and analysis["triangles"] == 3806 and analysis["bodies"] == 1
    assert analysis["volume_mm3"] == pytest.approx(181.915, abs=0.01)
    assert set(analysis) >= {"watertight", "volume_mm3", "area_mm2", "bbox_mm", "triangles", "bodies",
                             "min_wall_mm", "warnings"}
    assert token_client.get(f"/api/v1/jewelry/designs/{design['id']}").get_json()["id"] == design["id"]
    body = {"design_id": design["id"], "metal": "gold_18k_yellow", "finish": "polish",
            "ring_size": {"system": "US", "value": 7}, "stones": [{"count": 1, "size_mm": 4}], "quantity": 1,
            "currency": "USD"}
    response = token_client.post("/api/v1/jewelry/quotes", json=body)
    assert response.status_code == 201, response.get_json()
    quote = response.get_json()
    assert quote["currency"] == "USD" and re.fullmatch(r"\d+\.\d\d", quote["total"])
    assert {line["code"] for line in quote["lines"]} >= {"metal", "casting", "labour", "finish", "stones",
                                                         "prototype"}
    assert quote["ring_size"]["after_mm"] == pytest.approx(17.32, abs=0.01)
    assert token_client.post("/api/v1/jewelry/quotes", json=body).get_json()["id"] == quote["id"]
    response = token_client.post("/api/v1/jewelry/orders", json={"quote_id": quote["id"],
                                                                  "shipping_address": "1 Main St, Boston"})
    assert response.status_code == 201, response.get_json()
    order = response.get_json()
    assert order["status"] == "awaiting_payment" and order["workshop"] == workshop[0].name
    assert order["payment_url"] is None or f"/pay/{payable.KIND}/{order['id']}" in order["payment_url"]
    response = token_client.post(f"/api/v1/jewelry/orders/{order['id']}/moves", json={"to": "prototyping"})
    assert response.status_code in (403, 409)
    assert response.get_json()["error"]["code"] in ("forbidden", "wrong_state")


def test_api_refuses_bad_files_clearly(app, token_client):
    response = _upload(token_client, "cut.stl", mesh_bytes("ring_band_bartmassey.stl")[:-10])
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "truncated" and "truncated" in error["message"] and error["fields"]["file"]
    response = token_client.post("/api/v1/jewelry/designs", data={}, content_type="multipart/form-data")
    assert response.status_code == 422


def test_api_hides_other_peoples_designs(app, db_session, token_client, make_user, upload):
    other = make_user()
    design = upload(other, mesh_bytes("trimesh_torus.STL"), "torus.stl")
    assert token_client.get(f"/api/v1/jewelry/designs/{design.id}").status_code == 404
    response = token_client.post("/api/v1/jewelry/quotes", json={"design_id": design.id, "metal": "silver_925"})
    assert response.status_code == 404


def test_api_unauthenticated(client):
    assert client.get("/api/v1/jewelry/designs/1").status_code == 401


def test_openapi_documents_the_jewelry_api(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"/api/v1/jewelry/designs", "/api/v1/jewelry/quotes", "/api/v1/jewelry/orders"} <= set(paths)


def test_pages_from_upload_to_order(app, db_session, customer, workshop):
    client = app.test_client()
    sign_in(client, customer)
    page = client.get("/en/jewelry/")
    assert page.status_code == 200 and b'id="design-upload"' in page.data
    token = csrf_token(client, "/en/jewelry/")
    response = client.post("/en/jewelry/designs", data={
        "csrf_token": token, "unit": "mm", "name": "My ring",
        "file": (io.BytesIO(mesh_bytes("ring_band_bartmassey.stl")), "ring.stl")},
        content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert response.status_code == 201
    target = response.get_json()["redirect"]
    page = client.get(target)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "My ring" in html and 'id="quote-form"' in html
    assert "181.9" in html and "wrong way" in html
    design_id = int(target.rsplit("/", 1)[1])
    glb = client.get(f"/en/jewelry/designs/{design_id}/model.glb")
    assert glb.status_code == 200 and glb.data[:4] == b"glTF"
    assert client.get(f"/en/jewelry/designs/{design_id}/thumbnail.png").data[:4] == b"\x89PNG"
    assert client.get(f"/en/jewelry/designs/{design_id}/status").get_json()["status"] == "analysed"
    response = client.post(f"/en/jewelry/designs/{design_id}/quote", data={
        "csrf_token": token, "metal": "gold_18k_yellow", "finish": "polish", "prototype": "resin",
        "ring_system": "US", "ring_value": "7", "stone_count": "0", "quantity": "1", "currency": "KRW"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    assert "18K yellow gold" in html and "17.32 mm" in html and 'id="quote-total"' in html
    quote_id = int(response.headers["Location"].rsplit("/", 1)[1])
    response = client.post(f"/en/jewelry/quotes/{quote_id}/order", data={
        "csrf_token": token, "shipping_address": "12 Jongno-ro, Seoul", "shipping_country": "KR"})
    assert response.status_code == 302
    order_page = client.get(response.headers["Location"])
    html = order_page.get_data(as_text=True)
    assert order_page.status_code == 200 and "Awaiting payment" in html and 'id="timeline"' in html
    if "payments.checkout" in app.view_functions:
        assert 'id="pay-link"' in html


def test_upload_page_shows_the_reason_of_a_refusal(app, customer):
    client = app.test_client()
    sign_in(client, customer)
    token = csrf_token(client, "/en/jewelry/")
    response = client.post("/en/jewelry/designs", data={
        "csrf_token": token, "unit": "mm", "file": (io.BytesIO(b"PK\x03\x04junk"), "x.3mf")},
        content_type="multipart/form-data")
    assert response.status_code == 422 and b"not a valid archive" in response.data


def test_workshop_queue_and_moves(app, db_session, customer, workshop, upload):
    org, owner = workshop
    design = upload(customer, mesh_bytes("ring_band_bartmassey.stl"), "ring.stl", name="Queue ring")
    row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(design_id=design.id, metal="silver_925"))
    order = orders.place_order(db_session, customer, row.id, "Seoul", "KR")
    orders.mark_paid(db_session, order.id)
    db_session.commit()
    client = app.test_client()
    sign_in(client, owner)
    queue = client.get("/en/jewelry/workshop/")
    assert queue.status_code == 200 and b"Queue ring" in queue.data and b"Print and cast the prototype" in queue.data
    page = client.get(f"/en/jewelry/workshop/orders/{order.id}")
    assert page.status_code == 200 and b'data-to="prototyping"' in page.data
    assert client.get(f"/en/jewelry/designs/{design.id}/model.glb").status_code == 200
    token = csrf_token(client, f"/en/jewelry/workshop/orders/{order.id}")
    response = client.post(f"/en/jewelry/workshop/orders/{order.id}/move",
                           data={"csrf_token": token, "to": "prototyping", "expected": "paid"})
    assert response.status_code == 302
    assert db_session.get(JewelryOrder, order.id).status == "prototyping"
    again = client.post(f"/en/jewelry/workshop/orders/{order.id}/move",
                        data={"csrf_token": token, "to": "prototyping", "expected": "paid"})
    assert again.status_code == 409
    # A refusal of what the form sent comes back on the order's page.
    ready = client.post(f"/en/jewelry/workshop/orders/{order.id}/move",
                        data={"csrf_token": token, "to": "prototype_ready", "expected": "prototyping"})
    assert ready.status_code == 422 and b"Upload at least one photo of the prototype first." in ready.data
    assert db_session.get(JewelryOrder, order.id).status == "prototyping"
    # The workshop is not the customer: the customer's page of the order is not found.
    assert client.get(f"/en/jewelry/orders/{order.id}").status_code == 404


def test_strangers_get_404_everywhere(app, db_session, customer, workshop, upload, make_user):
    design = upload(customer, mesh_bytes("ring_band_bartmassey.stl"), "ring.stl")
    row = quotes.create_quote(db_session, customer, quotes.QuoteRequest(design_id=design.id, metal="silver_925"))
    order = orders.place_order(db_session, customer, row.id, "Seoul", "KR")
    db_session.commit()
    client = app.test_client()
    sign_in(client, make_user())
    for url in (f"/en/jewelry/designs/{design.id}", f"/en/jewelry/designs/{design.id}/model.glb",
                f"/en/jewelry/designs/{design.id}/thumbnail.png", f"/en/jewelry/quotes/{row.id}",
                f"/en/jewelry/orders/{order.id}", f"/en/jewelry/workshop/orders/{order.id}",
                "/en/jewelry/workshop/"):
        assert client.get(url).status_code == 404, url


def test_admin_metals_page_records_a_dated_price(app, db_session, make_user):
    admin = make_user(role="admin")
    client = app.test_client()
    sign_in(client, admin)
    page = client.get("/en/jewelry/admin/metals")
    assert page.status_code == 200 and b"platinum_950" in page.data
    token = csrf_token(client, "/en/jewelry/admin/metals")
    response = client.post("/en/jewelry/admin/metals", data={
        "which": "price", "price-csrf_token": token, "price-metal_code": "silver_925",
        "price-price_krw_per_gram": "2300", "price-effective_on": "2026-11-21"})
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    row = next(r for r in metals.list_metals(db_session) if r.metal.code == "silver_925")
    assert row.price.price_krw_per_gram == 2300
    response = client.post("/en/jewelry/admin/metals", data={
        "which": "finish", "finish-csrf_token": token, "finish-code": "rhodium", "finish-base_krw": "30000",
        "finish-per_cm2_krw": "2800"})
    assert response.status_code == 302
    member = make_user()
    other = app.test_client()
    sign_in(other, member)
    assert other.get("/en/jewelry/admin/metals").status_code == 403
