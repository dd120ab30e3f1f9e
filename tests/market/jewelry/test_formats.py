"""Uploads are identified by content, bounded and parsed before anything is stored; every bad file gets a clear
message."""

from __future__ import annotations

import io
import struct
import zipfile

import numpy as np
import pytest

from market.jewelry import formats
from tests.factories.files import band_stl, make_3mf, mesh_bytes

pytestmark = pytest.mark.usefixtures("plain_context")

SMALL = formats.Limits(max_bytes=4 * 1024 * 1024, max_triangles=50_000, max_archive_entries=16,
                       max_uncompressed_bytes=8 * 1024 * 1024, max_compression_ratio=100)


def _read(data: bytes, name: str, limits=formats.DEFAULT_LIMITS):
    checked = formats.check_upload(data, name, limits)
    return checked, formats.read_mesh(data, checked, limits)


def _refused(data: bytes, name: str, code: str, limits=formats.DEFAULT_LIMITS) -> str:
    with pytest.raises(formats.MeshFileError) as info:
        _read(data, name, limits)
    assert info.value.code == code, str(info.value.message)
    return str(info.value.message)


@pytest.mark.parametrize("name, fmt, binary, triangles", [
    ("ring_band_bartmassey.stl", "stl", True, 3806),
    ("trimesh_torus.STL", "stl", True, 8700),
    ("trimesh_featuretype.STL", "stl", True, 3476),
    ("trimesh_busted.STL", "stl", True, 3878),
    ("trimesh_soup.stl", "stl", True, 100),
    ("trimesh_1002_tray_bottom.STL", "stl", False, 4520),
    ("trimesh_quadknot.obj", "obj", False, 2880),  # 1,440 quads, two triangles each
    ("trimesh_featuretype.3MF", "3mf", True, 2208),
    ("trimesh_boolean.glb", "glb", True, 3936),
])
def test_every_shared_mesh_is_identified_and_parsed(name, fmt, binary, triangles):
    """Each real file is recognised by its content (binary STLs whose header says "solid" included) and parsed."""
    checked, raw = _read(mesh_bytes(name), name)
    assert (checked.format, checked.binary, checked.triangles) == (fmt, binary, triangles)
    assert len(raw.faces) >= triangles and np.isfinite(raw.vertices).all()


def test_binary_stl_with_solid_header_is_binary():
    """The torus's 80-byte header starts with "solid" but its size matches a binary STL exactly."""
    data = mesh_bytes("trimesh_torus.STL")
    assert data[:5].lower() == b"solid"
    assert formats.check_upload(data, "torus.stl").binary


def test_units_declared_by_3mf_and_gltf_win():
    """3MF declares inches here; glTF is metres by specification; STL and OBJ declare nothing."""
    assert _read(mesh_bytes("trimesh_featuretype.3MF"), "part.3mf")[1].declared_unit == "inch"
    assert _read(mesh_bytes("trimesh_boolean.glb"), "scene.glb")[1].declared_unit == "meter"
    assert _read(mesh_bytes("ring_band_bartmassey.stl"), "ring.stl")[1].declared_unit is None
    assert _read(mesh_bytes("trimesh_quadknot.obj"), "knot.obj")[1].declared_unit is None


def test_truncated_binary_stl_is_refused():
    data = mesh_bytes("ring_band_bartmassey.stl")[:-25]
    message = _refused(data, "ring.stl", "truncated")
    assert "3,806" in message and "truncated" in message


def test_wrong_triangle_count_is_refused():
    data = bytearray(mesh_bytes("ring_band_bartmassey.stl"))
    struct.pack_into("<I", data, 80, 3900)
    _refused(bytes(data), "ring.stl", "truncated")


def test_huge_declared_triangle_count_is_refused_before_parsing():
    """A header claiming 50 million triangles over a few bytes is refused on its size, without reading them."""
    header = b"\x00" * 80 + struct.pack("<I", 50_000_000)
    message = _refused(header + b"\x00" * 50 * 10, "huge.stl", "truncated")
    assert "50,000,000" in message


def test_triangle_limit_applies_to_real_files():
    _refused(band_stl(60_000), "band.stl", "too_many_triangles", SMALL)


def test_too_large_file_is_refused():
    _refused(b"solid x\n" + b" " * (5 * 1024 * 1024), "big.stl", "too_large", SMALL)


def test_empty_file_and_empty_mesh_are_refused():
    _refused(b"", "nothing.stl", "empty_file")
    _refused(b"\x00" * 80 + struct.pack("<I", 0), "zero.stl", "empty_mesh")
    _refused(b"solid empty\nendsolid empty\n", "empty.stl", "empty_mesh")
    _refused(b"# nothing\nv 0 0 0\nv 1 0 0\n", "points.obj", "empty_mesh")


def test_short_stl_is_refused():
    _refused(b"\x01\x02\x03", "tiny.stl", "truncated")


def test_wrong_extension_is_refused():
    message = _refused(mesh_bytes("trimesh_boolean.glb"), "scene.stl", "wrong_format")
    assert "GLB" in message
    _refused(mesh_bytes("ring_band_bartmassey.stl"), "ring.obj", "wrong_format")
    _refused(mesh_bytes("trimesh_quadknot.obj"), "knot.3mf", "wrong_format")


def test_unsupported_extension_is_refused():
    _refused(b"%PDF-1.7 ...", "drawing.pdf", "unsupported_format")
    _refused(mesh_bytes("ring_band_bartmassey.stl"), "ring", "unsupported_format")


def test_zip_bomb_3mf_is_refused():
    """A small archive whose model expands a thousand-fold is refused on its declared sizes."""
    bomb = make_3mf(b"<model>" + b" " * (20 * 1024 * 1024) + b"</model>")
    assert len(bomb) < 200_000
    message = _refused(bomb, "bomb.3mf", "unsafe_archive")
    assert "bomb" in message


def test_3mf_uncompressed_total_is_bounded():
    """Entries that each compress normally (about 4:1) but add up to more than the limit uncompressed."""
    entries = {f"Metadata/part{i}.bin": bytes(np.random.default_rng(i).integers(0, 4, 600_000, dtype=np.uint8))
               for i in range(14)}
    data = make_3mf(b"<model/>", entries)
    assert len(data) < SMALL.max_bytes
    message = _refused(data, "many.3mf", "unsafe_archive", SMALL)
    assert "8 MB" in message


def test_3mf_entry_count_is_bounded():
    entries = {f"Metadata/n{i}.txt": b"x" for i in range(40)}
    _refused(make_3mf(b"<model/>", entries), "many.3mf", "unsafe_archive", SMALL)


@pytest.mark.parametrize("path", ["../evil.model", "/etc/passwd", "3D/../../x.model", "C:/x.model", "a\\b.model"])
def test_path_traversal_in_3mf_is_refused(path):
    _refused(make_3mf(b"<model/>", {path: b"<model/>"}), "evil.3mf", "unsafe_archive")


def test_xml_entities_in_3mf_are_refused():
    xml = (b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
           b'<model unit="millimeter"><resources/></model>')
    _refused(make_3mf(xml), "laugh.3mf", "unsafe_archive")


def test_not_a_zip_named_3mf():
    _refused(b"PK\x03\x04" + b"\x00" * 100, "broken.3mf", "malformed")


def test_3mf_without_model_part():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    _refused(out.getvalue(), "hollow.3mf", "malformed")


def test_glb_with_wrong_length_is_refused():
    data = mesh_bytes("trimesh_boolean.glb")
    _refused(data[:-100], "cut.glb", "truncated")


def test_gltf_referring_to_other_files_is_refused():
    doc = b'{"asset": {"version": "2.0"}, "buffers": [{"uri": "../../secret.bin", "byteLength": 12}]}'
    _refused(doc, "scene.gltf", "external_reference")


def test_obj_with_bad_indices_is_refused():
    _refused(b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 9\n", "bad.obj", "malformed")


def test_non_finite_coordinates_are_refused():
    vertices = np.array([[0, 0, 0], [1, 0, 0], [np.nan, 1, 0]], dtype=float)
    from market.jewelry import shapes

    _refused(shapes.to_stl(vertices, np.array([[0, 1, 2]])), "nan.stl", "malformed")


def test_garbage_named_stl_is_refused():
    data = bytes(np.random.default_rng(3).integers(0, 256, 5000, dtype=np.uint8))
    _refused(data, "noise.stl", "truncated")


def test_ply_is_read():
    ply = (b"ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
           b"element face 4\nproperty list uchar int vertex_indices\nend_header\n"
           b"0 0 0\n1 0 0\n0 1 0\n0 0 1\n3 0 2 1\n3 0 1 3\n3 0 3 2\n3 1 2 3\n")
    checked, raw = _read(ply, "tetra.ply")
    assert checked.format == "ply" and len(raw.faces) == 4


def test_truncated_binary_ply_is_refused():
    ply = (b"ply\nformat binary_little_endian 1.0\nelement vertex 1000\nproperty float x\nproperty float y\n"
           b"property float z\nelement face 1000\nproperty list uchar int vertex_indices\nend_header\n" + b"\x00" * 50)
    _refused(ply, "cut.ply", "truncated")
