"""The conversion: a model in true size becomes a GLB under its budget, a USDZ that usd-core reads back in metres
and Y-up with the stated size, and a poster; and sizes are compared with the stated ones within 5 %."""

from __future__ import annotations

import io
import zipfile

import pytest
from pxr import Usd, UsdGeom, UsdShade
from sqlmodel import select

from catalog.showroom import conversion
from catalog.showroom.models import ModelStatus, ProductModel
from catalog.showroom.services import models3d
from market.storage import get_storage
from tests.factories import showroom as models


def _usd_size(data: bytes, tmp_path) -> tuple[float, str, tuple[float, float, float], tuple[float, ...]]:
    path = tmp_path / "model.usdz"
    path.write_bytes(data)
    stage = Usd.Stage.Open(str(path))
    cache = UsdGeom.BBoxCache(Usd.TimeCode.Default(), [UsdGeom.Tokens.default_])
    box = cache.ComputeWorldBound(stage.GetDefaultPrim()).ComputeAlignedRange()
    return (UsdGeom.GetStageMetersPerUnit(stage), UsdGeom.GetStageUpAxis(stage), tuple(box.GetSize()),
            tuple(box.GetMin()))


@pytest.mark.parametrize(("filename", "make", "unit"), [
    ("box.stl", lambda: models.stl_box(30.0, 12.0, 10.0), "cm"),
    ("box.glb", lambda: models.glb_box(300, 120, 100), "mm"),
    ("box.3mf", lambda: models.threemf_box(300, 120, 100), "mm"),
])
def test_upload_converts_to_a_usdz_in_metres_y_up_of_the_stated_size(app, db_session, maker_product, tmp_path,
                                                                   filename, make, unit):
    """STL (in cm), GLB and 3MF boxes of 300 × 120 × 100 mm: the USDZ has metersPerUnit 1, up axis Y, and a
    bounding box of 0.30 × 0.10 × 0.12 m (width, height, depth) standing on the floor; the GLB and poster exist."""
    _client, owner, _maker, product = maker_product
    model = models3d.upload_model(db_session, owner, product.id, make(), filename, dimensions_mm=[300, 120, 100],
                                  placement="floor", unit=unit)
    db_session.commit()  # the conversion runs after the commit
    db_session.refresh(model)
    assert model.status == ModelStatus.ready, model.error
    storage = get_storage()
    metres, up, size, low = _usd_size(storage.read(model.usdz_key), tmp_path)
    assert metres == 1.0 and up == "Y"
    assert size == pytest.approx((0.300, 0.100, 0.120), rel=0.05)
    assert low[1] == pytest.approx(0.0, abs=1e-6)
    glb = storage.read(model.glb_key)
    assert glb[:4] == b"glTF" and len(glb) <= conversion.MAX_GLB_BYTES
    assert storage.read(model.poster_key)[:8] == b"\x89PNG\r\n\x1a\n"
    assert model.progress == 100 and model.stage == "done"


def test_textures_are_downscaled_to_fit_the_glb_budget(app, db_session, maker_product, tmp_path):
    """A GLB whose 2048-pixel texture makes it too large for the budget is converted with smaller textures
    into a GLB within the budget; the USDZ carries the texture, read into the surface's diffuse colour."""
    _client, owner, _maker, product = maker_product
    data = models.glb_box(300, 120, 100, texture_side=2048)
    budget = len(data) // 3
    app.config["SHOWROOM_MAX_GLB_BYTES"] = budget
    try:
        model = models3d.upload_model(db_session, owner, product.id, data, "textured.glb",
                                      dimensions_mm=[300, 120, 100], placement="table")
        db_session.commit()
    finally:
        app.config.pop("SHOWROOM_MAX_GLB_BYTES")
    db_session.refresh(model)
    assert model.status == ModelStatus.ready, model.error
    assert model.glb_bytes <= budget < len(data)
    path = tmp_path / "textured.usdz"
    path.write_bytes(get_storage().read(model.usdz_key))
    with zipfile.ZipFile(path) as package:
        assert any(name.endswith(".png") for name in package.namelist())
    stage = Usd.Stage.Open(str(path))
    shaders = [UsdShade.Shader(prim) for prim in stage.Traverse() if prim.IsA(UsdShade.Shader)]
    assert "UsdUVTexture" in {shader.GetIdAttr().Get() for shader in shaders}
    surface = next(s for s in shaders if s.GetIdAttr().Get() == "UsdPreviewSurface")
    assert surface.GetInput("diffuseColor").HasConnectedSource()


def test_size_verdict_allows_five_percent_and_suggests_a_unit():
    """Sizes within 5 % match in any orientation; 10 × smaller in mm suggests centimetres; 10 × larger in a
    file that declares metres suggests nothing."""
    assert conversion.size_verdict([104, 300, 121], [300, 120, 100]).ok
    assert not conversion.size_verdict([300, 120, 107], [300, 120, 100]).ok
    verdict = conversion.size_verdict([30, 12, 10], [300, 120, 100], unit_choices=conversion.UNITS)
    assert not verdict.ok and verdict.suggested_unit == "cm"
    assert conversion.size_verdict([3000, 1200, 1000], [300, 120, 100]).suggested_unit is None


def test_a_replaced_model_removes_the_old_files(app, db_session, maker_product):
    """Uploading a new model replaces the old one; the old files are removed after the commit."""
    _client, owner, _maker, product = maker_product
    first = models3d.upload_model(db_session, owner, product.id, models.stl_box(300, 120, 100), "a.stl",
                                  dimensions_mm=[300, 120, 100], placement="floor")
    db_session.commit()
    db_session.refresh(first)
    old = [first.glb_key, first.usdz_key, first.poster_key, first.source_key]
    second = models3d.upload_model(db_session, owner, product.id, models.stl_box(200, 100, 50), "b.stl",
                                   dimensions_mm=[200, 100, 50], placement="table")
    db_session.commit()
    db_session.refresh(second)
    storage = get_storage()
    assert second.id == first.id and second.status == ModelStatus.ready and second.measured_mm == [200, 100, 50]
    assert not any(storage.exists(key) for key in old)
    assert len(db_session.exec(select(ProductModel).where(ProductModel.product_id == product.id)).all()) == 1



def test_a_dense_mesh_is_simplified_to_fit_the_glb_budget(app, db_session, maker_product):
    """An 82,000-triangle sphere too large for the budget is simplified until its GLB fits."""
    import trimesh

    _client, owner, _maker, product = maker_product
    sphere = trimesh.creation.icosphere(subdivisions=6, radius=100.0)
    data = sphere.export(file_type="stl")
    full = trimesh.Scene(sphere).export(file_type="glb")
    budget = len(full) // 4
    app.config["SHOWROOM_MAX_GLB_BYTES"] = budget
    try:
        model = models3d.upload_model(db_session, owner, product.id, data, "sphere.stl",
                                      dimensions_mm=[200, 200, 200], placement="table")
        db_session.commit()
    finally:
        app.config.pop("SHOWROOM_MAX_GLB_BYTES")
    db_session.refresh(model)
    assert model.status == ModelStatus.ready, model.error
    assert model.glb_bytes <= budget
    glb = get_storage().read(model.glb_key)
    scene = trimesh.load(io.BytesIO(glb), file_type="glb", force="scene")
    assert sum(len(g.faces) for g in scene.geometry.values()) < len(sphere.faces) / 2
    assert scene.extents == pytest.approx([0.2, 0.2, 0.2], rel=0.05)
