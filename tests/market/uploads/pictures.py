"""Real picture files made in memory for upload tests: plain PNGs, noisy JPEGs and PNG headers that declare
more pixels than they carry."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


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
