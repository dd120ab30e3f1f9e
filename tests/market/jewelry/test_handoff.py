"""The workshop's handoff: the original file, the production sheet (PDF) and the resized ring for the order's
parties only (everyone else: 404); the order page's analysis, stepper with expected dates, tracking link, the
refund shown in the paid currency, the renamed "send back to production" step and the confirmations of money
steps."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import trimesh
from pypdf import PdfReader

from market.jewelry import tracking
from market.jewelry.models import JewelryOrderStatus as S
from market.jewelry.models import JewelryRole
from market.jewelry.services import handoff, orders, schedule, workshops
from tests.factories.files import mesh_bytes
from tests.helpers import sign_in

RING = "ring_band_bartmassey.stl"


@pytest.fixture
def ring(customer, upload):
    return upload(customer, mesh_bytes(RING), RING, name="Mina's band")


@pytest.fixture
def resized_order(jewelry_order, customer, ring, workshop):
    """A ring ordered at US 7 (resized from about 20.8 mm to 17.32 mm inside), paid."""
    return jewelry_order(customer, ring, "paid", ring_system="US", ring_value="7")


def _client(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def resized_order_quote(session, order):
    from market.jewelry.models import JewelryQuote

    return session.get(JewelryQuote, order.quote_id)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_workshop_downloads_the_original_the_sheet_and_the_resized_ring(app, db_session, resized_order, workshop):
    """The assigned workshop gets the uploaded bytes, a production sheet with the order's figures and the ring
    resized to the ordered size, whose volume is the one the quote priced."""
    org, owner = workshop
    client = _client(app, owner)
    base = f"/ko/jewelry/orders/{resized_order.id}/files"
    response = client.get(f"{base}/original")
    assert response.status_code == 200 and response.data == mesh_bytes(RING)
    assert "attachment" in response.headers["Content-Disposition"] and RING in response.headers["Content-Disposition"]

    response = client.get(f"{base}/production-sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.data).replace("\x00", "")
    assert f"#{resized_order.id}" in text and "PO-2026-117" in text and "Jongno Test Goldsmith" in text
    assert "US 7" in text and "17.32 mm" in text and "20.7" in text  # ring size before and after
    assert "18K" in text and f"{resized_order_quote(db_session, resized_order).metal_weight_g} g" in text
    assert "수량" in text and "금속" in text  # written in the page's language (Korean)

    response = client.get(f"{base}/resized.stl")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('US7.stl"')
    mesh = trimesh.load(io.BytesIO(response.data), file_type="stl")
    quote = handoff.order_files(db_session, owner, resized_order.id).quote
    assert mesh.is_watertight
    assert mesh.volume == pytest.approx(quote.volume_mm3, rel=0.01)
    # Resized to 17.32 mm inside: the band's outer extent shrinks by about the change of diameter (~3.5 mm).
    original = trimesh.load(io.BytesIO(mesh_bytes(RING)), file_type="stl")
    shrink = max(original.extents) - max(mesh.extents)
    assert shrink == pytest.approx(quote.ring_before_mm - quote.ring_after_mm, abs=0.3)


def test_sheet_rows_name_every_figure(app, db_session, resized_order, workshop):
    """The sheet lists dimensions, volume, metal and weight, ring size, the thinnest wall and where, finish,
    stones, quantity, the due date and the customer's reference."""
    from market.jewelry.sheet import production_rows

    _org, owner = workshop
    with app.test_request_context("/en/"):
        files = handoff.order_files(db_session, owner, resized_order.id)
        sheet = handoff.production_sheet(db_session, files)
        rows = dict(production_rows(sheet))
    assert rows["Customer reference"] == "PO-2026-117"
    assert set(rows) >= {"Dimensions as drawn", "Volume", "Metal", "Metal weight", "Ring size", "Thinnest wall",
                         "Finish", "Stones (supplied by the customer)", "Quantity", "Due to ship", "File to cast"}
    assert rows["File to cast"].startswith("the resized mesh")
    assert sheet.due_on is not None and sheet.due_on > dt.date.today()
    if not sheet.wall_at_least:
        assert sheet.wall_location_mm is not None and len(sheet.wall_location_mm) == 3


def test_files_are_not_found_for_anyone_else(app, db_session, resized_order, customer, make_user, make_org,
                                              client):
    """An unrelated workshop's member and an unrelated user get 404 for every file; the customer and staff get
    them; a visitor is sent to sign in."""
    stranger = make_user(name="Stranger")
    other_owner = make_user(name="Other Goldsmith")
    other = make_org(other_owner, kind="maker", name="Bongik Other Workshop", cluster_code="bongik")
    workshops.set_workshop(db_session, other_owner, other.id, metals=["gold_18k_yellow"], capacity=3)
    db_session.commit()
    admin = make_user(name="Staff", role="admin")
    paths = [f"/en/jewelry/orders/{resized_order.id}/files/{name}"
             for name in ("original", "production-sheet.pdf", "resized.stl")]
    for user in (stranger, other_owner):
        outsider = _client(app, user)
        for path in paths:
            assert outsider.get(path).status_code == 404, (user.display_name, path)
        assert outsider.get(f"/en/jewelry/workshop/orders/{resized_order.id}").status_code == 404
    for user in (customer, admin):
        party = _client(app, user)
        for path in paths:
            assert party.get(path).status_code == 200, (user.display_name, path)
    assert client.get(paths[0]).status_code in (302, 401)


def test_a_ring_made_as_drawn_has_no_resized_file(app, db_session, jewelry_order, customer, ring, workshop):
    order = jewelry_order(customer, ring)
    _org, owner = workshop
    page = _client(app, owner).get(f"/en/jewelry/workshop/orders/{order.id}").get_data(as_text=True)
    assert 'id="download-original"' in page and 'id="download-sheet"' in page
    assert 'id="download-resized"' not in page
    assert _client(app, owner).get(f"/en/jewelry/orders/{order.id}/files/resized.stl").status_code == 404


def test_workshop_page_shows_the_analysis_and_the_files(app, db_session, resized_order, workshop):
    _org, owner = workshop
    page = _client(app, owner).get(f"/ko/jewelry/workshop/orders/{resized_order.id}").get_data(as_text=True)
    assert 'id="order-analysis"' in page and 'id="order-wall"' in page
    assert 'id="download-resized"' in page and "PO-2026-117" in page


def test_stepper_dates_each_stage(app, db_session, resized_order, customer):
    """Reached stages carry their day; the next ones are expected in order, delivery last."""
    page = _client(app, customer).get(f"/en/jewelry/orders/{resized_order.id}").get_data(as_text=True)
    stepper = page[page.index('id="stepper"'):page.index("</ol>", page.index('id="stepper"'))]
    assert re.findall(r'data-status="(\w+)"', stepper) == [s.value for s, _label in schedule.STAGES]
    assert 'aria-current="step"' in stepper and stepper.count("expected") == 6
    assert 'id="expected-delivery"' in page and 'id="workshop-link"' in page


def test_order_stages_follow_the_lead_time(app, db_session, resized_order):
    today = resized_order.created_at.date() + dt.timedelta(days=2)
    stages = schedule.order_stages(resized_order, [], lead_time_days=10, today=today)
    expected = {stage.status: stage.expected_on for stage in stages}
    assert [stage.done for stage in stages][:3] == [True, True, False]
    # From today: prototype 5 days, approval 2, then 10 days of lead time to shipping and 2 days within Korea.
    days = {status: (day - today).days for status, day in expected.items() if day is not None}
    assert days == {S.prototype_ready: 5, S.approved: 7, S.in_production: 8, S.quality_check: 16, S.shipped: 17,
                    S.delivered: 19}
    resized_order.status = S.cancelled
    assert schedule.order_stages(resized_order, [], 10) == []


def test_quality_check_sends_back_to_production(app, db_session, jewelry_order, customer, ring, workshop):
    """In quality check, the step back to production is named for what it does."""
    _org, owner = workshop
    order = jewelry_order(customer, ring, "quality_check", workshop_owner=owner)
    page = _client(app, owner).get(f"/en/jewelry/workshop/orders/{order.id}").get_data(as_text=True)
    form = page[page.index('data-to="in_production"'):]
    form = form[:form.index("</form>")]
    assert "Send back to production" in form and "Start production" not in form
    assert orders.action_label(S.in_production) == "Start production"


def test_refund_preview_and_refund_due_are_in_the_paid_currency(app, db_session, jewelry_order, customer, ring,
                                                               workshop, rates):
    """A customer who paid in dollars sees the refund in dollars, and the cancel button asks first."""
    _org, owner = workshop
    order = jewelry_order(customer, ring, "prototyping", workshop_owner=owner, currency="USD")
    page = _client(app, customer).get(f"/en/jewelry/orders/{order.id}").get_data(as_text=True)
    preview = page[page.index('id="refund-preview"'):]
    preview = preview[:preview.index("</p>")]
    refund = orders.in_paid_currency(order, orders.refund_on_cancel_krw(order))
    assert "$" in preview and "₩" not in preview and f"{refund:,.2f}" in preview
    assert Decimal(0) < refund < order.total
    cancel = page[page.index('data-to="cancelled"'):]
    assert "data-confirm=" in cancel[:cancel.index(">")]
    orders.move_order(db_session, customer, order.id, S.cancelled, role=JewelryRole.customer)
    db_session.commit()
    page = _client(app, customer).get(f"/en/jewelry/orders/{order.id}").get_data(as_text=True)
    due = page[page.index('id="refund-due"'):]
    assert due.index("$") < due.index("₩")


def test_unpaid_cancel_asks_too(app, db_session, jewelry_order, customer, ring, workshop):
    order = jewelry_order(customer, ring)
    page = _client(app, customer).get(f"/en/jewelry/orders/{order.id}").get_data(as_text=True)
    cancel = page[page.index('data-to="cancelled"'):]
    assert "data-confirm=" in cancel[:cancel.index(">")]


def test_shipped_page_links_the_tracking(app, db_session, jewelry_order, customer, ring, workshop):
    _org, owner = workshop
    order = jewelry_order(customer, ring, "shipped", workshop_owner=owner)
    page = _client(app, customer).get(f"/en/jewelry/orders/{order.id}").get_data(as_text=True)
    assert 'id="tracking-link"' in page
    assert tracking.tracking_url("EMS", "EE123456789KR") in page.replace("&amp;", "&")


def test_tracking_urls():
    assert tracking.tracking_url("cj 대한통운", "1234 5678") == (
        "https://trace.cjlogistics.com/next/tracking.html?wblNo=1234%205678")
    assert tracking.tracking_url("DHL Express", "JD0001") .startswith("https://www.dhl.com/")
    assert tracking.tracking_url("Pigeon post", "1") is None
    assert tracking.tracking_url("EMS", "") is None
