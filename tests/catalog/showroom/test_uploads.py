"""A maker adds a 3D model to a product: checked and measured before anything is stored, converted after the
commit into a GLB, a USDZ and a poster, and shown on the product page with AR in true size."""

from __future__ import annotations

import io

from sqlmodel import select

from catalog.showroom.models import ModelStatus, ProductModel
from tests.factories import showroom as models


def _post(client, product, data: bytes, filename: str, dims=(300, 120, 100), placement="floor", unit="mm"):
    page = client.get(f"/en/showroom/products/{product.id}/model")
    assert page.status_code == 200
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    form = {"csrf_token": token, "width_mm": str(dims[0]), "depth_mm": str(dims[1]), "height_mm": str(dims[2]),
            "placement": placement, "unit": unit, "file": (io.BytesIO(data), filename)}
    return client.post(f"/en/showroom/products/{product.id}/model", data=form, content_type="multipart/form-data")


def test_stl_upload_is_converted_and_shown_with_ar(app, db_session, maker_product, rates):
    """An STL box in mm is stored, converted (GLB, USDZ, poster) and the product page shows it with AR."""
    client, _owner, _maker, product = maker_product
    response = _post(client, product, models.stl_box(300, 120, 100), "box.stl")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    model = db_session.exec(select(ProductModel).where(ProductModel.product_id == product.id)).one()
    db_session.refresh(model)
    assert model.status == ModelStatus.ready, model.error
    assert model.measured_mm == [300.0, 120.0, 100.0]
    glb = client.get(f"/showroom-files/{product.id}/model.glb")
    assert glb.status_code == 200 and glb.data[:4] == b"glTF" and glb.mimetype == "model/gltf-binary"
    usdz = client.get(f"/showroom-files/{product.id}/model.usdz")
    assert usdz.status_code == 200 and usdz.mimetype == "model/vnd.usdz+zip"
    page = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    assert 'ar-modes="webxr scene-viewer quick-look"' in page and 'ar-scale="fixed"' in page
    assert "View in your room" in page and "callToAction=Request%20a%20quote" in page
    assert "300 × 120 × 100 mm" in page


def test_wrong_unit_re_renders_the_form_with_the_unit_marked(app, db_session, maker_product):
    """A refused upload comes back as the form (422) with the unit field marked and the suggested unit."""
    client, _owner, _maker, product = maker_product
    response = _post(client, product, models.stl_box(30, 12, 10), "box.stl")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="unit-error"' in page and 'id="unit-suggestion"' in page and "centimetres" in page
    assert db_session.exec(select(ProductModel).where(ProductModel.product_id == product.id)).first() is None
