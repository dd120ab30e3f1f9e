"""Fixtures of the product-management tests: makers with clients, products, real image files made here."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers import csrf_token


def png_bytes(size=(64, 48), colour=(200, 60, 40), mode="RGB") -> bytes:
    """A real PNG of one colour."""
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def noise_jpeg(size=(400, 300), quality=90) -> bytes:
    """A real JPEG of noise (large enough that cutting it leaves a broken file)."""
    buffer = io.BytesIO()
    with Image.effect_noise(size, 60) as grey:
        grey.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` × ``height`` pixels but carries almost no data (a bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16))
            + chunk(b"IEND", b""))


def stored_files(app) -> set[Path]:
    """Every file under the upload directory."""
    return {p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()}


@pytest.fixture
def maker(signed_in):
    """A signed-in owner of a Seongsu maker: (client, user, org)."""
    return signed_in("maker", cluster_code="seongsu")


@pytest.fixture
def csrf(maker):
    """The CSRF token of the maker's session."""
    client, _user, org = maker
    return csrf_token(client, f"/en/makers/manage/{org.id}/products/new")


@pytest.fixture
def make_draft(db_session):
    """Create a draft of ``org`` through the service: ``make_draft(user, org, **fields)``."""
    from catalog.products import services

    def _make(user, org, **fields):
        data = services.ProductInput(**({"category": "shoes", "title": "수제 첼시 부츠",
                                         "description": "성수동에서 만든 부츠입니다.", "price_krw": 250_000,
                                         "moq": 10, "unit": "pair"} | fields))
        product = services.create_product(db_session, user, org.id, data)
        db_session.commit()
        return product

    return _make
