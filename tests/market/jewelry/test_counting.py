"""Uploads are counted before any mesh is built: a file over the vertex or triangle limit is refused in a fraction
of a second whatever it declares, and a file that is no 3D model is named for what it is."""

from __future__ import annotations

import time

import pytest

from market.jewelry import formats
from tests.factories.files import jpeg_bytes, make_3mf, mesh_bytes, pdf_bytes, png_bytes
from tests.factories.meshes import glb_declaring, model_3mf, obj_with_vertices, ply_declaring

pytestmark = pytest.mark.usefixtures("plain_context")

LIMITS = formats.DEFAULT_LIMITS


def _refusal(data: bytes, name: str, limits=LIMITS) -> formats.MeshFileError:
    with pytest.raises(formats.MeshFileError) as info:
        formats.check_upload(data, name, limits)
    return info.value


@pytest.mark.parametrize("name, vertices, triangles", [
    ("ring_band_bartmassey.stl", None, 3806),
    ("trimesh_quadknot.obj", 1440, 2880),
    ("trimesh_featuretype.3MF", 1092, 2208),
    ("trimesh_boolean.glb", 2020, 3936),
])
def test_counts_match_what_the_parser_builds(name, vertices, triangles):
    """The cheap counts of the real files are the counts of the meshes parsed from them."""
    data = mesh_bytes(name)
    checked = formats.check_upload(data, name)
    assert (checked.vertices, checked.triangles) == (vertices, triangles)
    raw = formats.read_mesh(data, checked)
    assert len(raw.faces) == triangles
    if vertices is not None and name != "trimesh_quadknot.obj":  # the OBJ's vertices split per texture corner
        assert len(raw.vertices) == vertices


def test_units_are_found_without_parsing():
    assert formats.check_upload(mesh_bytes("trimesh_featuretype.3MF"), "part.3mf").declared_unit == "inch"
    assert formats.check_upload(mesh_bytes("trimesh_boolean.glb"), "scene.glb").declared_unit == "meter"
    assert formats.check_upload(mesh_bytes("ring_band_bartmassey.stl"), "ring.stl").declared_unit is None


def test_obj_just_above_the_vertex_limit_is_refused_and_just_at_it_accepted():
    """At the real default limit (1,000,000 vertices): one vertex more is refused, in well under a second."""
    limit = LIMITS.max_vertices
    at_limit = obj_with_vertices(limit)
    assert formats.check_upload(at_limit, "points.obj").vertices == limit
    above = obj_with_vertices(limit + 1)
    started = time.perf_counter()
    refused = _refusal(above, "points.obj")
    assert time.perf_counter() - started < 2.0
    assert refused.code == "too_many_vertices"
    assert "1,000,000 vertices" in str(refused.message)


def test_obj_polygons_count_as_their_triangles():
    """A face of n corners is n − 2 triangles: a few long polygon lines cannot slip past the triangle limit."""
    corners = " ".join(str(i) for i in range(1, 1_001)).encode()
    data = obj_with_vertices(1_000) + b"f " + corners + b"\n"
    small = formats.Limits(max_triangles=900)
    assert _refusal(data, "fan.obj", small).code == "too_many_triangles"
    assert formats.check_upload(data, "fan.obj").triangles == 998 + 1


def test_ply_declaring_billions_of_vertices_is_refused_from_its_header():
    refused = _refusal(ply_declaring(2_000_000_000, 1), "huge.ply")
    assert refused.code == "too_many_vertices" and "2,000,000,000" in str(refused.message)


def test_glb_declaring_huge_accessors_is_refused_from_its_header():
    """48 bytes of data whose accessors declare 50 million vertices and triangles."""
    refused = _refusal(glb_declaring(50_000_000, 150_000_000), "huge.glb")
    assert refused.code == "too_many_vertices"
    refused = _refusal(glb_declaring(3, 150_000_000), "huge.glb")
    assert refused.code == "too_many_triangles" and "50,000,000" in str(refused.message)


def test_glb_mesh_placed_by_many_nodes_counts_every_placement():
    """One small mesh placed by 3,000 nodes: 3,000 copies to build, counted as such."""
    data = glb_declaring(400, 1_200, nodes=3_000)
    assert len(data) < 200_000
    refused = _refusal(data, "instances.glb")
    assert refused.code == "too_many_vertices" and "1,200,000" in str(refused.message)


def test_3mf_over_the_vertex_limit_stops_the_stream_early():
    """The model part is streamed and counted element by element; counting stops past the limit."""
    small = formats.Limits(max_vertices=5_000, max_triangles=5_000)
    accepted = formats.check_upload(model_3mf(5_000, 4_000), "part.3mf", small)
    assert (accepted.vertices, accepted.triangles) == (5_000, 4_000)
    refused = _refusal(model_3mf(5_001, 10), "part.3mf", small)
    assert refused.code == "too_many_vertices" and "5,000" in str(refused.message)


def test_3mf_object_built_many_times_counts_every_build_item():
    """A 60-triangle object built 20,000 times is a 1.2-million-triangle build in a small file."""
    data = model_3mf(40, 60, items=20_000)
    assert len(data) < 200_000
    refused = _refusal(data, "items.3mf")
    assert refused.code == "too_many_triangles" and "1,000,000" in str(refused.message)
    assert formats.check_upload(model_3mf(40, 60, items=100), "items.3mf").triangles == 6_000


def test_3mf_with_a_document_type_is_refused_while_streaming():
    xml = (b'<?xml version="1.0"?><!DOCTYPE model [<!ENTITY v "<vertex x=\'0\' y=\'0\' z=\'0\'/>">]>'
           b'<model unit="millimeter"><resources/></model>')
    assert _refusal(make_3mf(xml), "laugh.3mf").code == "unsafe_archive"


def test_broken_3mf_xml_is_malformed():
    assert _refusal(make_3mf(b'<model unit="millimeter"><resources><object id="1">'), "cut.3mf").code \
        == "malformed"


@pytest.mark.parametrize("data, name, words", [
    (png_bytes((40, 30)), "ring.stl", "PNG image"),
    (jpeg_bytes(), "ring.stl", "JPEG image"),
    (pdf_bytes(), "ring.obj", "PDF document"),
    (b"Dear workshop,\nplease make this ring in gold.\n" * 40, "ring.stl", "text file"),
    (b"name,size\nring,17\n", "ring.obj", "text file"),
])
def test_files_that_are_not_models_are_named_for_what_they_are(data, name, words):
    """A picture or a letter renamed .stl is answered for what it is, not as a damaged STL with a
    billion triangles."""
    refused = _refusal(data, name)
    assert refused.code == "not_a_model"
    message = str(refused.message)
    assert words in message and "not a 3D model" in message and "triangles" not in message


def test_damaged_stl_is_still_called_a_damaged_stl():
    """Text that starts like an ASCII STL, and binary noise, are damaged STL files, not "other" files."""
    assert _refusal(b"solid ring\n  this is not a facet\n", "ring.stl").code == "empty_mesh"
    assert _refusal(mesh_bytes("ring_band_bartmassey.stl")[:-25], "ring.stl").code == "truncated"
