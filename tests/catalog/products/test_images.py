"""Product images: real files uploaded through the edit page are checked, cleaned, resized and stored; every
refusal says why and stores nothing; deleting and sharing files; the product page shows the photos. (The image
checks themselves are tested in ``tests/market/uploads/test_images.py``.)"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlmodel import select

from catalog.products import services
from catalog.products.models import ProductImage
from market.storage import get_storage
from market.uploads.images import Upload
from tests.factories.files import noise_jpeg, png_bytes, png_declaring, stored_files


def _upload(client, product_id, csrf, *files, alt_text=""):
    """POST files (name, bytes, content type) to the product's image upload."""
    data = {"csrf_token": csrf, "alt_text": alt_text,
            "images": [(io.BytesIO(body), name, content_type) for name, body, content_type in files]}
    return client.post(f"/en/products/{product_id}/images", data=data, content_type="multipart/form-data")


def _rows(db_session, product_id):
    return list(db_session.exec(select(ProductImage).where(ProductImage.product_id == product_id)))


def _photo_with_exif_and_gps() -> bytes:
    """A 60×30 JPEG, red left and blue right, whose EXIF says "rotate 90° clockwise" and carries a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the camera was turned; show rotated 90° clockwise
    exif[0x010F] = "SecretCam"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (37.0, 32.0, 41.0), "E", (127.0, 3.0, 23.0)
    with Image.new("RGB", (60, 30), (220, 20, 20)) as photo:
        photo.paste((20, 20, 220), (30, 0, 60, 30))
        buffer = io.BytesIO()
        photo.save(buffer, "JPEG", exif=exif, quality=95)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as check:  # the test file really carries what we strip
        assert check.getexif().get_ifd(0x8825)[1] == "N" and check.getexif()[0x0112] == 6
    return data


def test_upload_turns_photo_upright_and_strips_metadata(app, db_session, maker, csrf, make_draft):
    """A JPEG with EXIF orientation and GPS is stored as upright WEBP files without any metadata."""
    client, user, org = maker
    product = make_draft(user, org)
    response = _upload(client, product.id, csrf, ("IMG_0001.JPG", _photo_with_exif_and_gps(), "image/jpeg"),
                       alt_text="Red and blue sample")
    assert response.status_code == 302
    [row] = _rows(db_session, product.id)
    assert (row.width, row.height) == (30, 60) and row.alt_text == "Red and blue sample"
    assert "IMG_0001" not in row.web_key + row.thumb_key
    assert row.web_key.startswith("public/") and row.web_key.endswith(".webp")
    storage = get_storage()
    for key in (row.web_key, row.thumb_key):
        raw = storage.read(key)
        assert b"Exif" not in raw and b"SecretCam" not in raw and b"XMP" not in raw
        with Image.open(io.BytesIO(raw)) as stored:
            assert stored.format == "WEBP" and stored.mode == "RGB"
            assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
            assert stored.size == (30, 60)
            top, bottom = stored.getpixel((15, 8)), stored.getpixel((15, 52))
            assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]  # red on top, blue below: upright


REFUSED = [
    ("text renamed .jpg", ("holiday.jpg", b"Dear buyer,\nthis is a letter, not a photo.\n" * 20, "image/jpeg"),
     "“holiday.jpg” is not an image"),
    ("truncated JPEG", ("cut.jpg", noise_jpeg()[:6000], "image/jpeg"), "“cut.jpg” is damaged or incomplete"),
    ("over 40 megapixels", ("huge.png", png_declaring(8000, 5001), "image/png"),
     "“huge.png” has more than 40 megapixels"),
    ("decompression bomb", ("bomb.png", png_declaring(100_000, 100_000), "image/png"),
     "“bomb.png” has more than 40 megapixels"),
    ("GIF", ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"), "“anim.gif” is a GIF file"),
    ("HEIC", ("phone.jpg", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "image/jpeg"),
     "“phone.jpg” is a HEIC file"),
]


@pytest.mark.parametrize(("case", "upload", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_bad_file_is_refused_and_nothing_stored(app, db_session, maker, csrf, make_draft, case, upload, message):
    """A file that is not a usable picture is refused with its message; no file and no row are stored."""
    client, user, org = maker
    product = make_draft(user, org)
    before = stored_files(app)
    response = _upload(client, product.id, csrf, upload)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert stored_files(app) == before and _rows(db_session, product.id) == []


def test_file_over_byte_limit_is_refused(app, db_session, maker, csrf, make_draft, monkeypatch):
    """A real image larger than PRODUCT_IMAGE_MAX_BYTES is refused before it is opened."""
    client, user, org = maker
    product = make_draft(user, org)
    photo = noise_jpeg((600, 600))
    monkeypatch.setitem(app.config, "PRODUCT_IMAGE_MAX_BYTES", len(photo) - 1)
    before = stored_files(app)
    response = _upload(client, product.id, csrf, ("big.jpg", photo, "image/jpeg"))
    assert response.status_code == 422
    assert "“big.jpg” is larger than" in response.get_data(as_text=True)
    assert stored_files(app) == before and _rows(db_session, product.id) == []


def test_one_bad_file_stops_the_whole_upload(app, db_session, maker, csrf, make_draft):
    """When one of several files is refused, the good ones are not stored either, and the message names it."""
    client, user, org = maker
    product = make_draft(user, org)
    before = stored_files(app)
    response = _upload(client, product.id, csrf, ("good.png", png_bytes(), "image/png"),
                       ("notes.png", b"just some text", "image/png"))
    assert response.status_code == 422 and "“notes.png” is not an image" in response.get_data(as_text=True)
    assert stored_files(app) == before and _rows(db_session, product.id) == []


def test_eleventh_image_is_refused(app, db_session, maker, csrf, make_draft):
    """A product holds at most 10 images; an 11th is refused and nothing is stored."""
    client, user, org = maker
    product = make_draft(user, org)
    uploads = [Upload(f"p{i}.png", png_bytes(colour=(i * 20, 100, 50))) for i in range(10)]
    services.add_product_images(db_session, user, product.id, uploads)
    db_session.commit()
    before = stored_files(app)
    response = _upload(client, product.id, csrf, ("eleven.png", png_bytes(colour=(1, 2, 3)), "image/png"))
    assert response.status_code == 422
    assert "already has 10 images" in response.get_data(as_text=True)
    assert stored_files(app) == before and len(_rows(db_session, product.id)) == 10


def test_too_many_in_one_upload_is_refused(app, db_session, maker, csrf, make_draft):
    """Uploading more files than the remaining room says how many more fit."""
    client, user, org = maker
    product = make_draft(user, org)
    services.add_product_images(db_session, user, product.id,
                                [Upload(f"p{i}.png", png_bytes(colour=(i, 9, 9))) for i in range(8)])
    db_session.commit()
    files = [(f"n{i}.png", png_bytes(colour=(9, i, 9)), "image/png") for i in range(3)]
    response = _upload(client, product.id, csrf, *files)
    assert response.status_code == 422 and "you can add 2 more" in response.get_data(as_text=True)
    assert len(_rows(db_session, product.id)) == 8


def test_upload_needs_csrf_and_a_file(app, db_session, maker, csrf, make_draft):
    """An upload without the CSRF token, or without any file, stores nothing."""
    client, user, org = maker
    product = make_draft(user, org)
    before = stored_files(app)
    assert _upload(client, product.id, "nope", ("a.png", png_bytes(), "image/png")).status_code == 400
    response = _upload(client, product.id, csrf)
    assert response.status_code == 422 and "Choose at least one image" in response.get_data(as_text=True)
    assert stored_files(app) == before and _rows(db_session, product.id) == []


def test_other_maker_cannot_upload(app, db_session, maker, make_draft, signed_in):
    """Another maker's upload to this product answers 404 and stores nothing."""
    _client, user, org = maker
    product = make_draft(user, org)
    other, _other_user, other_org = signed_in("maker")
    from tests.helpers import csrf_token

    token = csrf_token(other, f"/en/makers/manage/{other_org.id}/products/new")
    before = stored_files(app)
    assert _upload(other, product.id, token, ("a.png", png_bytes(), "image/png")).status_code == 404
    assert stored_files(app) == before and _rows(db_session, product.id) == []


def test_reorder_alt_text_and_delete(app, db_session, maker, csrf, make_draft):
    """The maker moves a photo first, describes it, and deleting a photo removes its stored files."""
    client, user, org = maker
    product = make_draft(user, org)
    first, second = services.add_product_images(
        db_session, user, product.id, [Upload("a.png", png_bytes(colour=(10, 200, 10))),
                                       Upload("b.png", png_bytes(colour=(10, 10, 200)))])
    db_session.commit()
    response = client.post(f"/en/products/{product.id}/images/{second.id}/move",
                           data={"csrf_token": csrf, "direction": "up"})
    assert response.status_code == 302
    assert [i.id for i in services.list_images(db_session, product.id)] == [second.id, first.id]
    client.post(f"/en/products/{product.id}/images/{second.id}/alt",
                data={"csrf_token": csrf, "alt_text": "Blue swatch"})
    db_session.refresh(second)
    assert second.alt_text == "Blue swatch"
    storage = get_storage()
    assert storage.exists(first.web_key) and storage.exists(first.thumb_key)
    response = client.post(f"/en/products/{product.id}/images/{first.id}/delete", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert not storage.exists(first.web_key) and not storage.exists(first.thumb_key)
    assert [(i.id, i.position) for i in services.list_images(db_session, product.id)] == [(second.id, 0)]


def test_identical_photos_share_files_until_the_last_is_deleted(app, db_session, maker, csrf, make_draft):
    """The same photo on two products is stored once; deleting it from one keeps the other's files."""
    client, user, org = maker
    boots, loafers = make_draft(user, org), make_draft(user, org, title="페니 로퍼")
    photo = png_bytes(colour=(123, 45, 67))
    [a] = services.add_product_images(db_session, user, boots.id, [Upload("a.png", photo)])
    [b] = services.add_product_images(db_session, user, loafers.id, [Upload("b.png", photo)])
    db_session.commit()
    assert (a.web_key, a.thumb_key) == (b.web_key, b.thumb_key)
    storage = get_storage()
    client.post(f"/en/products/{boots.id}/images/{a.id}/delete", data={"csrf_token": csrf})
    assert storage.exists(b.web_key) and storage.exists(b.thumb_key)
    client.post(f"/en/products/{loafers.id}/images/{b.id}/delete", data={"csrf_token": csrf})
    assert not storage.exists(b.web_key) and not storage.exists(b.thumb_key)


def test_other_maker_cannot_touch_images(app, db_session, maker, make_draft, signed_in):
    """Moving, describing or deleting another maker's photo answers 404 and changes nothing."""
    _client, user, org = maker
    product = make_draft(user, org)
    [image] = services.add_product_images(db_session, user, product.id, [Upload("a.png", png_bytes())])
    db_session.commit()
    other, _u, other_org = signed_in("maker")
    from tests.helpers import csrf_token

    token = csrf_token(other, f"/en/makers/manage/{other_org.id}/products/new")
    base = f"/en/products/{product.id}/images/{image.id}"
    assert other.post(f"{base}/move", data={"csrf_token": token, "direction": "down"}).status_code == 404
    assert other.post(f"{base}/alt", data={"csrf_token": token, "alt_text": "x"}).status_code == 404
    assert other.post(f"{base}/delete", data={"csrf_token": token}).status_code == 404
    db_session.refresh(image)
    assert image.alt_text is None and get_storage().exists(image.web_key)


def test_published_product_keeps_its_last_image(app, db_session, maker, csrf, make_draft):
    """The only photo of a published product cannot be deleted (unpublish first)."""
    client, user, org = maker
    product = make_draft(user, org)
    [image] = services.add_product_images(db_session, user, product.id, [Upload("a.png", png_bytes())])
    services.publish_product(db_session, user, product.id)
    db_session.commit()
    page = client.post(f"/en/products/{product.id}/images/{image.id}/delete", data={"csrf_token": csrf},
                       follow_redirects=True).get_data(as_text=True)
    assert "keeps at least one image" in page
    assert len(_rows(db_session, product.id)) == 1 and get_storage().exists(image.web_key)


def test_product_page_shows_photos_with_sizes_and_alt(app, db_session, maker, make_draft, client):
    """The page shows the first photo large and thumbnails, with sizes and alt text (else the title)."""
    _client, user, org = maker
    product = make_draft(user, org)
    services.add_product_images(db_session, user, product.id, [Upload("a.jpg", noise_jpeg((2000, 1000))),
                                                               Upload("b.png", png_bytes())],
                                alt_text=None)
    services.set_image_alt_text(db_session, user, product.id, services.list_images(db_session, product.id)[1].id,
                                "Sole detail")
    services.publish_product(db_session, user, product.id)
    db_session.commit()
    main, second = services.list_images(db_session, product.id)
    html = client.get(f"/ko/products/{product.id}").get_data(as_text=True)
    main_url = "/media/" + main.web_key
    assert f'src="{main_url}" width="1600" height="800"' in html
    assert 'alt="수제 첼시 부츠" lang="ko"' in html
    assert f'src="/media/{second.thumb_key}" width="{second.thumb_width}" height="{second.thumb_height}"' in html
    assert 'alt="Sole detail"' in html
    with client.get(main_url) as served:
        assert served.status_code == 200 and served.mimetype == "image/webp"
    assert 'id="product-title"' in html and 'id="desc-h"' in html and 'class="money"' in html


def test_reorder_names_every_image_once(app, db_session, maker, make_draft):
    """Images can be put in any order that names each of them once; anything else is refused."""
    _client, user, org = maker
    product = make_draft(user, org)
    a, b, c = services.add_product_images(db_session, user, product.id, [
        Upload(f"{n}.png", png_bytes(colour=(n, n, 200))) for n in (1, 2, 3)])
    services.reorder_product_images(db_session, user, product.id, [c.id, a.id, b.id])
    assert [i.id for i in services.list_images(db_session, product.id)] == [c.id, a.id, b.id]
    for wrong in ([c.id, a.id], [a.id, a.id, b.id], [a.id, b.id, c.id, 999_999]):
        with pytest.raises(services.ProductError):
            services.reorder_product_images(db_session, user, product.id, wrong)
    assert [i.position for i in services.list_images(db_session, product.id)] == [0, 1, 2]
