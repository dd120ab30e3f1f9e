"""The core image checks: a picture is refused for what it is (too big, not an image, another format, too many
pixels, damaged) with a refusal that says so, and an accepted one is cleaned, turned upright and resized."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from market.refusals import Refusal
from market.storage import get_storage
from market.uploads import files, images
from tests.factories.files import noise_jpeg, png_bytes, png_declaring


def test_large_photo_is_resized_to_web_and_thumbnail(app):
    """A 3000×2000 photo becomes a 1600 px web image and a 400 px thumbnail, keeping its proportions."""
    clean = images.clean_image(noise_jpeg((3000, 2000)), "big.jpg")
    assert (clean.width, clean.height) == (1600, 1067) and (clean.thumb_width, clean.thumb_height) == (400, 267)
    with Image.open(io.BytesIO(clean.thumb)) as thumb:
        assert thumb.size == (400, 267)


def test_transparent_png_gets_white_background(app):
    """A transparent PNG is flattened on white rather than black."""
    clean = images.clean_image(png_bytes((20, 20), (255, 0, 0, 0), mode="RGBA"), "logo.png")
    with Image.open(io.BytesIO(clean.web)) as web:
        assert min(web.getpixel((5, 5))) > 240


def test_default_byte_limit_is_ten_megabytes(app, monkeypatch):
    """Without PRODUCT_IMAGE_MAX_BYTES the limit is 10 MB; the setting changes it."""
    monkeypatch.delitem(app.config, "PRODUCT_IMAGE_MAX_BYTES", raising=False)
    assert images.max_image_bytes() == 10 * 1024 * 1024
    monkeypatch.setitem(app.config, "PRODUCT_IMAGE_MAX_BYTES", 1234)
    assert images.max_image_bytes() == 1234


REFUSED = [
    ("text", b"Dear buyer,\nthis is a letter, not a photo.\n" * 20, "holiday.jpg", "not_image",
     "“holiday.jpg” is not an image"),
    ("truncated JPEG", noise_jpeg()[:6000], "cut.jpg", "damaged", "“cut.jpg” is damaged or incomplete"),
    ("over 40 megapixels", png_declaring(8000, 5001), "huge.png", "too_many_pixels",
     "“huge.png” has more than 40 megapixels"),
    ("decompression bomb", png_declaring(100_000, 100_000), "bomb.png", "too_many_pixels",
     "“bomb.png” has more than 40 megapixels"),
    ("GIF", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.gif", "unsupported_format", "“anim.gif” is a GIF file"),
    ("SVG", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.png", "unsupported_format",
     "“logo.png” is a SVG file"),
    ("too big", png_bytes(), "C:\\photos\\big.png", "too_big", "“big.png” is larger than"),
]


@pytest.mark.parametrize(("case", "data", "name", "code", "message"), REFUSED, ids=[c[0] for c in REFUSED])
def test_refusals_say_why(app, case, data, name, code, message):
    """Each refused picture gets a refusal (422) naming the file without its folders and saying what is wrong."""
    with pytest.raises(images.ImageRefused) as refused:
        images.clean_image(data, name, max_bytes=100 if code == "too_big" else None)
    assert isinstance(refused.value, Refusal)
    assert refused.value.code == code and refused.value.status == 422
    assert message in refused.value.message


def test_an_accepted_picture_is_stored_in_two_sizes(app):
    """Storing a cleaned picture saves a web-size and a thumbnail WEBP under new keys in the asked area."""
    clean = images.clean_image(png_bytes((2000, 1000)), "wide.png")
    stored = images.store_image(clean, area="private")
    storage = get_storage()
    assert stored.web_key.startswith("private/") and stored.thumb_key.startswith("private/")
    assert storage.exists(stored.web_key) and storage.exists(stored.thumb_key)
    assert stored.row_fields()["sha256"] == images.sha256_of(png_bytes((2000, 1000)))
    assert (stored.width, stored.height, stored.thumb_width, stored.thumb_height) == (1600, 800, 400, 200)
    files.discard([stored.web_key, stored.thumb_key])
    assert not storage.exists(stored.web_key)


def test_file_checks_use_the_image_checks(app):
    """An upload of any kind is one :class:`Upload`; a damaged PNG among documents is refused by the same checks."""
    assert files.Upload is images.Upload
    with pytest.raises(files.FileRefused):
        files.check_file(images.Upload("broken.png", png_bytes()[:60]))
    assert files.check_file(images.Upload("ok.png", png_bytes())).content_type == "image/png"
