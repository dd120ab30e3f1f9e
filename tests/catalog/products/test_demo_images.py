"""Demo product images: drawn by the project per category, cleaned by the upload pipeline, 1–2 per product,
stored once per distinct picture, and shown on the product pages."""

from __future__ import annotations

import hashlib
import io
import random
import time

from PIL import Image
from sqlmodel import select

from catalog.products import demo_images, services
from catalog.products.categories import CATEGORY_LABELS
from catalog.products.models import Product, ProductImage, ProductStatus
from market.storage import get_storage


def test_every_category_has_its_own_picture():
    """Each category draws a different 800×800 picture; variants and close-ups differ from the base."""
    digests = set()
    for category in CATEGORY_LABELS:
        with demo_images.draw_demo_picture(category) as picture:
            assert picture.size == (800, 800) and picture.mode == "RGB"
            assert len(picture.getcolors(800 * 800) or range(9999)) > 3  # shapes, not a blank canvas
        digests.add(hashlib.sha256(demo_images.demo_picture_bytes(category)).hexdigest())
    assert len(digests) == len(CATEGORY_LABELS)
    shoes = {demo_images.demo_picture_bytes("shoes", variant, view)
             for variant in range(demo_images.DEMO_VARIANTS) for view in range(demo_images.DEMO_VIEWS)}
    assert len(shoes) == demo_images.DEMO_VARIANTS * demo_images.DEMO_VIEWS


def test_demo_images_attach_one_or_two_per_product(app, db_session, make_user, make_org, client):
    """Every product gets 1–2 pipeline-made WEBP images; identical pictures share files; pages show them."""
    maker = make_org(make_user(), kind="maker", cluster_code="seongsu")
    products = []
    categories = ["shoes", "rings", "machined_parts", "printed_matter", "knitwear", "electronic_modules"]
    for index, category in enumerate(categories * 3):
        products.append(services.add_product(
            db_session, maker, title={"ko": f"데모 {index}", "en": f"Demo {index}"},
            description={"ko": "설명", "en": "About"}, status=ProductStatus.published, category=category,
            price_krw=10_000))
    started = time.perf_counter()
    count = demo_images.add_demo_product_images(db_session, random.Random(2026), products)
    elapsed = time.perf_counter() - started
    db_session.commit()
    rows = list(db_session.exec(select(ProductImage).where(ProductImage.product_id.in_([p.id for p in products]))))
    assert count == len(rows)
    per_product = {p.id: [r for r in rows if r.product_id == p.id] for p in products}
    assert all(1 <= len(v) <= 2 for v in per_product.values())
    assert any(len(v) == 2 for v in per_product.values())
    assert all(sorted(r.position for r in v) == list(range(len(v))) for v in per_product.values())
    distinct = {(r.web_key, r.thumb_key) for r in rows}
    assert len(distinct) <= len(categories) * demo_images.DEMO_VARIANTS * demo_images.DEMO_VIEWS
    assert len({r.sha256 for r in rows}) == len(distinct)
    storage = get_storage()
    with Image.open(io.BytesIO(storage.read(rows[0].web_key))) as web:
        assert web.format == "WEBP" and web.size == (rows[0].width, rows[0].height) == (800, 800)
    assert (rows[0].thumb_width, rows[0].thumb_height) == (400, 400)
    assert elapsed < 30

    product = db_session.get(Product, products[0].id)
    html = client.get(f"/en/products/{product.id}").get_data(as_text=True)
    first = services.list_images(db_session, product.id)[0]
    assert f"/media/{first.web_key}" in html and 'alt="Demo 0"' in html


def test_demo_images_are_deterministic(app, db_session, make_user, make_org):
    """The same seed gives the same number of images per product."""
    maker = make_org(make_user(), kind="maker")
    products = [services.add_product(db_session, maker, title={"ko": "부품"}, description={"ko": "설명"},
                                     category="machined_parts", price_krw=1000) for _ in range(6)]

    def shape(seed):
        demo_images.add_demo_product_images(db_session, random.Random(seed), products)
        rows = list(db_session.exec(select(ProductImage).where(
            ProductImage.product_id.in_([p.id for p in products])).order_by(ProductImage.id)))
        layout = [(r.product_id, r.position, r.sha256) for r in rows]
        for r in rows:
            db_session.delete(r)
        db_session.flush()
        return layout

    assert shape(7) == shape(7)
