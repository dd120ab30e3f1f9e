"""File checks of prototype requests: every accepted kind is recognised by its content; anything else, a file
whose name claims another kind, a damaged image and files over the limits are refused."""

import pytest

from market.uploads import files
from market.uploads.files import FileRefused, Upload
from tests.factories.files import (
    dxf_bytes,
    iges_bytes,
    image_bytes,
    pdf_bytes,
    step_bytes,
    stl_ascii,
    stl_binary,
)


@pytest.mark.parametrize(("name", "data", "kind", "suffix"), [
    ("drawing.pdf", pdf_bytes(), "application/pdf", ".pdf"),
    ("photo.png", image_bytes("PNG"), "image/png", ".png"),
    ("photo.jpeg", image_bytes("JPEG"), "image/jpeg", ".jpg"),
    ("photo.webp", image_bytes("WEBP"), "image/webp", ".webp"),
    ("bracket.stp", step_bytes(), "model/step", ".step"),
    ("bracket.igs", iges_bytes(), "model/iges", ".iges"),
    ("bracket.stl", stl_binary(), "model/stl", ".stl"),
    ("bracket-ascii.STL", stl_ascii(), "model/stl", ".stl"),
    ("outline.dxf", dxf_bytes(), "image/vnd.dxf", ".dxf"),
    ("no-extension", step_bytes(), "model/step", ".step"),
])
def test_accepted_kinds_are_recognised(app, name, data, kind, suffix):
    """PDF, PNG, JPEG, WEBP, STEP, IGES, STL (binary and ASCII) and DXF are recognised from their bytes."""
    checked = files.check_file(Upload(name, data))
    assert (checked.content_type, checked.suffix, checked.filename) == (kind, suffix, name)


def test_real_shared_stl_meshes_are_accepted(app):
    """Real STL files from the shared data (binary and ASCII) pass."""
    from pathlib import Path

    meshes = Path(__file__).resolve().parents[4] / "shared" / "data" / "meshes"
    for name in ("trimesh_torus.STL", "ring_band_bartmassey.stl"):
        path = meshes / name
        assert files.check_file(Upload(name, path.read_bytes())).content_type == "model/stl"


@pytest.mark.parametrize(("name", "data"), [
    ("notes.txt", b"just some text, not a drawing"),
    ("drawing.pdf", image_bytes("PNG")),  # the name claims a PDF, the content is a PNG
    ("bracket.step", stl_binary()),
    ("truncated.png", image_bytes("PNG")[:60]),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n"),  # no end-of-file marker
    ("fake.stl", b"solid nothing here\n"),
    ("bad.step", b"ISO-10303-21;\nHEADER;\n"),
    ("empty.png", b""),
])
def test_refused_files(app, name, data):
    """Unknown content, a misleading name, damaged images and incomplete files are refused with a message."""
    with pytest.raises(FileRefused) as refused:
        files.check_file(Upload(name, data))
    assert refused.value.message


def test_size_limits(app):
    """Documents are limited to 10 MB, CAD files to 25 MB, and at most 10 files per set."""
    big_pdf = b"%PDF-1.4\n" + b"0" * (files.MAX_DOCUMENT_BYTES + 1) + b"\n%%EOF\n"
    with pytest.raises(FileRefused, match="10 MB"):
        files.check_file(Upload("huge.pdf", big_pdf))
    huge_stl = b"\0" * 80 + (10**6).to_bytes(4, "little") + b"\0" * (50 * 10**6)
    with pytest.raises(FileRefused, match="25 MB"):
        files.check_file(Upload("huge.stl", huge_stl))
    with pytest.raises(FileRefused, match="at most 10"):
        files.check_files([Upload(f"d{i}.pdf", pdf_bytes()) for i in range(11)])
    with pytest.raises(FileRefused, match="at most 10"):
        files.check_files([Upload("d.pdf", pdf_bytes())], already=10)


def test_display_name_never_keeps_a_path(app):
    """Folders and control characters are dropped from shown names."""
    assert files.display_name("../../etc/pass\x00wd.pdf") == "passwd.pdf"
    assert files.display_name("C:\\Users\\me\\drawing.pdf") == "drawing.pdf"
