"""A design in the wrong unit is neither quoted nor ordered: the customer changes the unit or confirms the size on
the design's page, without uploading again."""

from __future__ import annotations

import pytest

from market.db import utcnow
from market.jewelry.services import designs, orders, quotes, sizing
from market.jewelry.services.access import JewelryError
from market.refusals import Refusal
from tests.factories.files import mesh_bytes
from tests.helpers import csrf_token, sign_in

RING = "ring_band_bartmassey.stl"


def _request(design, **choices):
    values = dict(design_id=design.id, metal="gold_18k_yellow", currency="USD")
    values.update(choices)
    return quotes.QuoteRequest(**values)


@pytest.fixture
def ring_in_cm(customer, upload):
    """The 27.8 mm ring uploaded as if drawn in centimetres: 278 mm across."""
    return upload(customer, mesh_bytes(RING), RING, unit="cm", name="Ring in the wrong unit")


def test_ring_in_the_wrong_unit_cannot_be_quoted(app, db_session, customer, ring_in_cm, rates):
    summary = designs.summarize(*designs.get_design(db_session, customer, ring_in_cm.id))
    assert summary.size_issue == "large" and summary.needs_size_check and summary.quotable
    assert max(summary.bbox_mm) == pytest.approx(277.55, abs=0.1)
    with pytest.raises(JewelryError) as info:
        quotes.create_quote(db_session, customer, _request(ring_in_cm))
    assert (info.value.status, info.value.code) == (409, "size_unconfirmed")


def test_changing_the_unit_rescales_the_design_and_allows_the_quote(app, db_session, customer, ring_in_cm, rates):
    sizing.change_unit(db_session, customer, ring_in_cm.id, "mm")
    db_session.commit()
    item, analysis = designs.get_design(db_session, customer, ring_in_cm.id)
    summary = designs.summarize(item, analysis)
    assert (item.unit, item.mm_per_unit) == ("mm", 1.0)
    assert not summary.needs_size_check and summary.ring_inner_diameter_mm == pytest.approx(20.8, abs=0.15)
    assert summary.volume_mm3 == pytest.approx(181.915, abs=0.01)
    row = quotes.create_quote(db_session, customer, _request(ring_in_cm))
    # The weight of a ring, not of a 278 mm hoop: a few grams of gold.
    assert 2 < float(row.metal_weight_g) < 6


def test_confirming_the_size_allows_the_quote(app, db_session, customer, ring_in_cm, rates):
    sizing.confirm_size(db_session, customer, ring_in_cm.id)
    db_session.commit()
    summary = designs.summarize(*designs.get_design(db_session, customer, ring_in_cm.id))
    assert summary.size_issue == "large" and summary.size_confirmed and not summary.needs_size_check
    assert not any("implausibly" in w for w in summary.warnings)
    assert quotes.create_quote(db_session, customer, _request(ring_in_cm)).total_krw > 0


def test_a_new_unit_withdraws_open_quotes_and_drops_the_confirmation(app, db_session, customer, upload, workshop,
                                                                     rates):
    design = upload(customer, mesh_bytes(RING), RING, unit="mm")
    row = quotes.create_quote(db_session, customer, _request(design))
    db_session.commit()
    sizing.change_unit(db_session, customer, design.id, "cm")
    db_session.commit()
    db_session.refresh(row)
    assert row.valid_until <= utcnow()
    with pytest.raises(JewelryError) as info:
        orders.place_order(db_session, customer, row.id, "12 Jongno-ro, Seoul", "KR")
    assert info.value.code == "quote_expired"
    with pytest.raises(JewelryError) as info:
        quotes.create_quote(db_session, customer, _request(design))
    assert info.value.code == "size_unconfirmed"


def test_an_old_quote_of_an_unconfirmed_design_cannot_be_ordered(app, db_session, customer, ring_in_cm, workshop,
                                                                 rates):
    """A quote stored before the check existed (or confirmed, then the confirmation dropped) is not orderable
    while the size is unconfirmed."""
    sizing.confirm_size(db_session, customer, ring_in_cm.id)
    row = quotes.create_quote(db_session, customer, _request(ring_in_cm))
    ring_in_cm.size_confirmed_at = None
    db_session.add(ring_in_cm)
    db_session.commit()
    with pytest.raises(JewelryError) as info:
        orders.place_order(db_session, customer, row.id, "12 Jongno-ro, Seoul", "KR")
    assert (info.value.status, info.value.code) == (409, "size_unconfirmed")


def test_unit_changes_that_are_refused(app, db_session, customer, make_user, upload, ring_in_cm, workshop, rates):
    with pytest.raises(JewelryError) as info:
        sizing.change_unit(db_session, customer, ring_in_cm.id, "furlong")
    assert info.value.field == "unit"
    with pytest.raises(Refusal) as info:
        sizing.change_unit(db_session, make_user(), ring_in_cm.id, "mm")
    assert info.value.status == 404
    part = upload(customer, mesh_bytes("trimesh_featuretype.3MF"), "part.3mf")
    with pytest.raises(JewelryError) as info:
        sizing.change_unit(db_session, customer, part.id, "mm")
    assert info.value.field == "unit" and "declares its own unit" in info.value.message
    sizing.change_unit(db_session, customer, ring_in_cm.id, "mm")
    row = quotes.create_quote(db_session, customer, _request(ring_in_cm))
    orders.place_order(db_session, customer, row.id, "12 Jongno-ro, Seoul", "KR")
    db_session.commit()
    with pytest.raises(Refusal) as info:
        sizing.change_unit(db_session, customer, ring_in_cm.id, "inch")
    assert info.value.status == 409


def test_design_page_asks_for_the_unit_and_takes_it(app, db_session, client, customer, ring_in_cm, rates):
    sign_in(client, customer)
    url = f"/en/jewelry/designs/{ring_in_cm.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="size-check"' in page and 'data-size-issue="large"' in page
    assert 'id="quote-form"' not in page and 'id="quote-blocked"' in page
    token = csrf_token(client, url)
    response = client.post(f"{url}/unit", data={"csrf_token": token, "unit": "furlong"})
    assert response.status_code == 422 and 'aria-invalid="true"' in response.get_data(as_text=True)
    response = client.post(f"{url}/unit", data={"csrf_token": token, "unit": "mm"})
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    page = client.get(url).get_data(as_text=True)
    assert 'data-unit="mm"' in page and 'id="quote-form"' in page and 'data-size-issue=""' in page


def test_design_page_takes_the_confirmation(app, db_session, client, customer, ring_in_cm, rates):
    sign_in(client, customer)
    url = f"/en/jewelry/designs/{ring_in_cm.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'id="size-form"' in page and "data-confirm=" in page
    response = client.post(f"{url}/size-confirmation", data={"csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'id="size-form"' not in page and 'id="quote-form"' in page
