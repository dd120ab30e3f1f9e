"""Real files made in memory: images (plain, framed, noisy, bomb-shaped), PDFs, CAD drawings (STL, STEP, IGES,
DXF), the meshes of ``../shared/data/meshes``, made ring bands and 3MF archives; and the files the app stored.

Builders take their look as arguments, so tests that need a particular picture say so (``png_bytes((40, 30),
(200, 30, 30))``) and one builder serves them all.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

# --- images -----------------------------------------------------------------------------------------------------


def image_bytes(fmt: str = "PNG", size=(64, 48), colour=(40, 90, 160), *, outline: bool = True,
                mode: str = "RGB") -> bytes:
    """A real PNG, JPEG or WEBP image of one colour; with ``outline`` (the default) a light frame drawn 8 px in."""
    from PIL import Image, ImageDraw

    buffer = io.BytesIO()
    with Image.new(mode, size, colour) as image:
        if outline:
            ImageDraw.Draw(image).rectangle((8, 8, size[0] - 8, size[1] - 8), outline=(250, 250, 250), width=2)
        image.save(buffer, fmt)
    return buffer.getvalue()


def png_bytes(size=(64, 48), colour=(200, 60, 40), mode: str = "RGB") -> bytes:
    """A real PNG of one colour."""
    return image_bytes("PNG", size, colour, outline=False, mode=mode)


def jpeg_bytes(size=(40, 30), colour=(20, 120, 200)) -> bytes:
    """A real JPEG of one colour."""
    return image_bytes("JPEG", size, colour, outline=False)


def noise_jpeg(size=(400, 300), quality=90) -> bytes:
    """A real JPEG of noise (large enough that cutting it leaves a broken file)."""
    from PIL import Image

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


# --- documents and drawings -------------------------------------------------------------------------------------

DRAWING_NOTE = "Bracket drawing, 6061-T6, 120 x 80 x 6 mm"


def pdf_bytes(text: str = DRAWING_NOTE, *, frame: bool = True) -> bytes:
    """A real one-page PDF with ``text`` and, with ``frame`` (the default), a drawing's rectangle; the same bytes
    every time."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    if frame:
        pdf.rect(20, 30, 120, 80)
    return bytes(pdf.output())


def stl_binary() -> bytes:
    """A binary STL of one triangle (the size formula 84 + 50·n holds)."""
    header = b"seoulmade test bracket".ljust(80, b" ")
    facet = struct.pack("<12fH", 0, 0, 1, 0, 0, 0, 10, 0, 0, 0, 10, 0, 0)
    return header + struct.pack("<I", 1) + facet


def stl_ascii() -> bytes:
    """An ASCII STL of one triangle."""
    return (b"solid bracket\n facet normal 0 0 1\n  outer loop\n   vertex 0 0 0\n   vertex 10 0 0\n"
            b"   vertex 0 10 0\n  endloop\n endfacet\nendsolid bracket\n")


def step_bytes() -> bytes:
    """A minimal STEP (ISO 10303-21) file."""
    return (b"ISO-10303-21;\nHEADER;\nFILE_DESCRIPTION(('bracket'),'2;1');\nFILE_NAME('bracket.step','2026-11-22',"
            b"(''),(''),'','','');\nFILE_SCHEMA(('AUTOMOTIVE_DESIGN'));\nENDSEC;\nDATA;\n#1=CARTESIAN_POINT('',"
            b"(0.,0.,0.));\nENDSEC;\nEND-ISO-10303-21;\n")


def iges_bytes() -> bytes:
    """A minimal IGES file: 80-column records with the section letter in column 73."""
    def record(text: str, section: str, n: int) -> bytes:
        return f"{text:<72}{section}{n:>7}\n".encode()

    return (record("bracket drawing", "S", 1) + record("1H,,1H;,7Hbracket,", "G", 1)
            + record("     110       1       0       0       0       0       0       000000000", "D", 1)
            + record("     110       0       0       1       0                        0D", "D", 2)
            + record("110,0.,0.,0.,10.,0.,0.;", "P", 1) + record("S      1G      1D      2P      1", "T", 1))


def dxf_bytes() -> bytes:
    """A minimal ASCII DXF with one line."""
    return (b"  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\n0\n 10\n0.0\n 20\n0.0\n 11\n120.0\n 21\n80.0\n"
            b"  0\nENDSEC\n  0\nEOF\n")


# --- jewelry meshes ---------------------------------------------------------------------------------------------

MESHES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "meshes"


def mesh_bytes(name: str) -> bytes:
    """The bytes of a file of ../shared/data/meshes."""
    return (MESHES / name).read_bytes()


def band_stl(triangles: int = 4000, inner_diameter: float = 17.3) -> bytes:
    """A ring band made here, as binary STL."""
    from market.jewelry import shapes

    return shapes.to_stl(*shapes.band_with_triangles(triangles, inner_diameter))


def make_3mf(model_xml: bytes, extra: dict[str, bytes] | None = None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A 3MF archive with the given model part (and extra entries)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.'
                         b'org/package/2006/content-types"><Default Extension="model" ContentType="application/'
                         b'vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>')
        archive.writestr("3D/3dmodel.model", model_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


# --- what the app stored ----------------------------------------------------------------------------------------


def stored_files(app, area: str = "") -> set[str]:
    """The storage keys of every file the app's storage holds, or only those under ``area`` (e.g. "private")."""
    root = Path(app.config["UPLOAD_DIR"])
    where = root / area if area else root
    return {p.relative_to(root).as_posix() for p in where.rglob("*") if p.is_file()} if where.exists() else set()
