"""Bad 3D uploads get a clear message on the right field and leave nothing stored: wrong units, a 200 MB GLB, a
GLB with external textures, a 3MF compression bomb, a model ten times its stated size, and bad dimensions."""

from __future__ import annotations

import io

import pytest
from sqlmodel import select

from catalog.showroom.models import ProductModel
from catalog.showroom.services import models3d
from market.refusals import Refusal
from tests.factories import showroom as models
from tests.factories.files import stored_files


def _refused(app, db_session, user, product, data, filename, dims=(300, 120, 100), **kwargs) -> Refusal:
    before = stored_files(app)
    with pytest.raises(Refusal) as caught:
        models3d.upload_model(db_session, user, product.id, data, filename, dimensions_mm=list(dims),
                              placement=kwargs.pop("placement", "floor"), **kwargs)
    db_session.rollback()
    assert stored_files(app) == before
    assert db_session.exec(select(ProductModel).where(ProductModel.product_id == product.id)).first() is None
    return caught.value


def test_wrong_unit_suggests_the_right_one(app, db_session, maker_product):
    """An STL drawn in centimetres but sent as millimetres is refused on the unit, suggesting centimetres."""
    _client, owner, _maker, product = maker_product
    refusal = _refused(app, db_session, owner, product, models.stl_box(30, 12, 10), "boot.stl", unit="mm")
    assert refusal.code == "unit_mismatch" and "unit" in refusal.fields
    assert refusal.suggested_unit == "cm"
    assert "30 × 12 × 10 mm" in refusal.message and "centimetres" in refusal.message


def test_a_200_mb_glb_is_refused_by_its_size(app, db_session, maker_product):
    """A 200 MB GLB is refused as too large (413) before it is read as a model."""
    _client, owner, _maker, product = maker_product
    data = b"glTF" + bytes(200 * 1024 * 1024 - 4)
    refusal = _refused(app, db_session, owner, product, data, "huge.glb")
    assert refusal.status == 413 and refusal.code == "too_large" and "file" in refusal.fields
    assert "64 MB" in refusal.message


def test_a_200_mb_upload_is_refused_from_its_content_length(app, maker_product):
    """The upload form refuses a body announced as 200 MB at once, with the JSON envelope (nothing read)."""
    client, _owner, _maker, product = maker_product
    before = stored_files(app)
    body = io.BytesIO(b"--x\r\n")  # what a client would send first; the server must not wait for the rest
    response = client.post(f"/en/showroom/products/{product.id}/model", headers={"Accept": "application/json"},
                           content_type="multipart/form-data; boundary=x",
                           environ_overrides={"wsgi.input": body, "CONTENT_LENGTH": str(200 * 1024 * 1024)})
    assert response.status_code == 413 and stored_files(app) == before
    assert response.get_json()["error"]["code"] == "too_large"


def test_a_glb_with_external_textures_is_refused(app, db_session, maker_product):
    """A GLB whose texture is a file beside it is refused and told to embed its data."""
    _client, owner, _maker, product = maker_product
    refusal = _refused(app, db_session, owner, product, models.glb_with_external_texture(), "boot.glb")
    assert refusal.code == "external_reference" and "refers to other files" in refusal.message


def test_a_3mf_bomb_is_refused(app, db_session, maker_product):
    """A 3MF whose model part would expand hundreds of times is refused as a compression bomb."""
    _client, owner, _maker, product = maker_product
    refusal = _refused(app, db_session, owner, product, models.threemf_bomb(), "box.3mf")
    assert refusal.code == "unsafe_archive" and "compression bomb" in refusal.message


def test_a_model_ten_times_the_stated_size_is_refused(app, db_session, maker_product):
    """A GLB (which declares metres) ten times the stated size is refused on the file with both sizes."""
    _client, owner, _maker, product = maker_product
    refusal = _refused(app, db_session, owner, product, models.glb_box(3000, 1200, 1000), "big.glb")
    assert refusal.code == "size_mismatch" and "file" in refusal.fields
    assert "3,000 × 1,200 × 1,000 mm" in refusal.message and "300 × 120 × 100 mm" in refusal.message
    assert "10 times" in refusal.message


@pytest.mark.parametrize("dims", [(0, 120, 100), (300, 120), ("wide", 1, 1), (300, 120, 50_000)])
def test_dimensions_must_be_three_real_sizes(app, db_session, maker_product, dims):
    """Missing, zero, non-numeric and absurd dimensions are refused on the dimensions."""
    _client, owner, _maker, product = maker_product
    refusal = _refused(app, db_session, owner, product, models.stl_box(300, 120, 100), "box.stl", dims=dims)
    assert "dimensions" in refusal.fields


def test_a_stranger_cannot_add_a_model(app, db_session, maker_product, make_user):
    """Someone who does not manage the product gets not found."""
    _client, _owner, _maker, product = maker_product
    refusal = _refused(app, db_session, make_user(), product, models.stl_box(300, 120, 100), "box.stl")
    assert refusal.status == 404


def test_unknown_placement_and_unit_are_refused(app, db_session, maker_product):
    """A placement or unit outside the lists is refused on its field."""
    _client, owner, _maker, product = maker_product
    assert "placement" in _refused(app, db_session, owner, product, models.stl_box(300, 120, 100), "box.stl",
                                   placement="ceiling").fields
    assert "unit" in _refused(app, db_session, owner, product, models.stl_box(300, 120, 100), "box.stl",
                              unit="furlong").fields
