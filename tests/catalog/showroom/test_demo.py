"""The demo's showroom: 3D models in true size for at least 12 products of five kinds, quickly; a showroom per
cluster and one for the Seongsu centre, with rows; and 3D numbers."""

from __future__ import annotations

import random
import time

from pxr import Usd, UsdGeom
from sqlmodel import select

from catalog.products.models import Product
from catalog.showroom.demo import add_demo_showroom
from catalog.showroom.models import ModelStatus, ProductModel, Showroom
from catalog.showroom.services import showrooms
from market.storage import get_storage
from tests.factories.makers import make_product


def test_demo_showroom(app, db_session, make_user, make_org, tmp_path):
    """Every demo model is ready, matches its stated size, and is shown in the centre's showroom."""
    makers = {code: make_org(make_user(), kind="maker", cluster_code=code)
              for code in ("seongsu", "jongno", "mullae", "euljiro")}
    kinds = {"shoes": "seongsu", "bags": "seongsu", "rings": "jongno", "necklaces": "jongno",
             "packaging": "euljiro", "machined_parts": "mullae"}
    for category, cluster in kinds.items():
        for n in range(3):
            product = make_product(db_session, makers[cluster], title={"en": f"{category} {n}"})
            product.category = category
            db_session.add(product)
    db_session.commit()
    started = time.perf_counter()
    counts = add_demo_showroom(db_session, random.Random(1))
    elapsed = time.perf_counter() - started
    assert counts["3D models"] >= 12 and elapsed < 6, elapsed
    models = db_session.exec(select(ProductModel)).all()
    assert len(models) == counts["3D models"] and all(m.status == ModelStatus.ready for m in models)
    categories = {db_session.get(Product, m.product_id).category for m in models}
    assert categories == set(kinds)
    for model in models:
        assert all(abs(a - b) <= 0.05 * b for a, b in zip(model.measured_mm, model.dimensions_mm, strict=True))
    ring = next(m for m in models if db_session.get(Product, m.product_id).category == "rings")
    path = tmp_path / "ring.usdz"
    path.write_bytes(get_storage().read(ring.usdz_key))
    stage = Usd.Stage.Open(str(path))
    size = UsdGeom.BBoxCache(Usd.TimeCode.Default(), [UsdGeom.Tokens.default_]).ComputeWorldBound(
        stage.GetDefaultPrim()).ComputeAlignedRange().GetSize()
    assert max(size) * 1000 == max(ring.dimensions_mm) or abs(max(size) * 1000 - max(ring.dimensions_mm)) < 1
    centre = showrooms.showroom_of_centre(db_session, "seongsu-regional-centre")
    shown = [c for row in showrooms.showroom_rows(db_session, centre, "en") for c in row]
    assert len(shown) == counts["3D models"]
    assert len(db_session.exec(select(Showroom)).all()) == counts["showrooms"] > 2
