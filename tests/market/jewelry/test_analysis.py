"""Mesh analysis on the real files and on shapes made here: volume after fixing normals, repairs, bodies, walls,
ring geometry, the viewer's GLB and the thumbnail."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
import trimesh

from market.jewelry import analysis, formats, meshes, shapes
from tests.factories.files import mesh_bytes

pytestmark = pytest.mark.usefixtures("plain_context")


def _analyse(name: str, **kwargs) -> analysis.Report:
    data = mesh_bytes(name)
    checked = formats.check_upload(data, name)
    raw = formats.read_mesh(data, checked)
    return analysis.analyse(raw.vertices, raw.faces, **kwargs)


def test_ring_volume_is_right_only_after_normals_are_fixed():
    """The ring's file has triangles wound the wrong way: its raw signed volume is off, the analysis fixes it."""
    data = mesh_bytes("ring_band_bartmassey.stl")
    loaded = trimesh.load(io.BytesIO(data), file_type="stl")
    assert not loaded.is_winding_consistent
    reference = loaded.copy()
    trimesh.repair.fix_normals(reference)
    assert abs(loaded.volume - reference.volume) > 3  # wrong before the fix
    report = _analyse("ring_band_bartmassey.stl")
    assert report.watertight and report.winding_consistent and report.bodies == 1
    assert report.volume == pytest.approx(reference.volume, rel=1e-6)
    assert report.area == pytest.approx(reference.area, rel=1e-6)
    assert any("wrong way" in note for note in [n["msgid"] for n in report.repairs])


def test_ring_is_recognised_with_its_inner_diameter():
    report = _analyse("ring_band_bartmassey.stl")
    assert report.ring is not None
    assert 2 * report.ring["inner_radius"] == pytest.approx(20.8, abs=0.15)
    assert abs(report.ring["axis"][2]) > 0.99


def test_obj_needs_vertices_merged_to_be_watertight():
    """The quad knot is split per normal as exported; merged by position it is one closed body."""
    data = mesh_bytes("trimesh_quadknot.obj")
    raw = formats.read_mesh(data, formats.check_upload(data, "knot.obj"))
    assert not trimesh.Trimesh(raw.vertices, raw.faces, process=False).is_watertight
    report = analysis.analyse(raw.vertices, raw.faces)
    assert report.watertight and report.bodies == 1 and report.volume > 0
    assert any("duplicate vertices" in note for note in [n["msgid"] for n in report.repairs])


def test_triangle_soup_cannot_be_repaired():
    report = _analyse("trimesh_soup.stl")
    assert not report.watertight and report.volume is None and report.repair_failed
    assert report.bodies == 100
    assert any(note.startswith("Could not be fixed") for note in [n["msgid"] for n in report.repairs])


def test_open_3mf_is_closed_by_repair_and_matches_the_stl():
    """The 3MF of the feature part has 18 open edges; closing them gives the volume of the closed STL."""
    repaired = _analyse("trimesh_featuretype.3MF")
    closed = _analyse("trimesh_featuretype.STL")
    assert repaired.repaired and repaired.watertight
    assert any(note.startswith("Closed") for note in [n["msgid"] for n in repaired.repairs])
    assert repaired.volume == pytest.approx(closed.volume, rel=2e-3)


def test_non_manifold_scene_is_reported_unfixable():
    report = _analyse("trimesh_boolean.glb")
    assert not report.watertight and report.repair_failed and report.bodies > 1
    assert any("more than two" in note for note in [n["msgid"] for n in report.repairs])


@pytest.mark.parametrize("name", ["trimesh_torus.STL", "trimesh_busted.STL", "trimesh_1002_tray_bottom.STL"])
def test_closed_files_match_trimesh(name):
    report = _analyse(name)
    reference = trimesh.load(io.BytesIO(mesh_bytes(name)), file_type="stl")
    trimesh.repair.fix_normals(reference)
    assert report.watertight
    assert report.volume == pytest.approx(reference.volume, rel=1e-6)


def test_tray_wall_is_its_plate_thickness():
    """The tray bottom is a 3.175 mm (1/8 inch) plate."""
    report = _analyse("trimesh_1002_tray_bottom.STL")
    assert report.min_wall == pytest.approx(3.175, abs=0.1)


@pytest.mark.parametrize("thickness", [0.4, 0.7, 1.2])
def test_plate_wall_thickness_is_measured(thickness):
    vertices, faces = shapes.plate(10.0, thickness)
    # A finer surface than the box's 12 triangles, as a CAD export would have.
    mesh = trimesh.Trimesh(vertices, faces).subdivide().subdivide().subdivide()
    report = analysis.analyse(mesh.vertices, mesh.faces)
    assert report.min_wall == pytest.approx(thickness, rel=0.12)


def test_band_wall_and_ring_figures():
    vertices, faces = shapes.band(17.3, 1.6, 4.0, around=160, profile=48)
    report = analysis.analyse(vertices, faces)
    # 1.6 mm through the middle of the band, thinner where the profile rounds off towards its edges.
    assert 1.3 < report.min_wall <= 1.65
    assert 2 * report.ring["inner_radius"] == pytest.approx(17.3, abs=0.05)


def test_resize_formula_matches_the_resized_mesh():
    """V(Δ) = V + Δ·∫dV/ρ: the closed form the quote uses agrees with analysing the resized mesh."""
    vertices, faces = shapes.band(17.3, 1.6, 4.0, around=160, profile=48)
    report = analysis.analyse(vertices, faces)
    for delta in (-1.2, 0.8, 2.0):
        resized = analysis.analyse(analysis.resize_ring(report.mesh.vertices, report.ring, delta),
                                   report.mesh.faces)
        assert report.volume + delta * report.ring["dv_over_rho"] == pytest.approx(resized.volume, rel=2e-3)
        assert report.area + delta * report.ring["da_over_rho"] == pytest.approx(resized.area, rel=2e-2)
        assert 2 * resized.ring["inner_radius"] == pytest.approx(17.3 + 2 * delta, abs=0.08)


def test_hollow_body_is_subtracted():
    """A sphere inside a larger one is a cavity: the volume is the shell's, whatever the file's winding."""
    outer = trimesh.creation.icosphere(subdivisions=3, radius=5.0)
    inner = trimesh.creation.icosphere(subdivisions=3, radius=4.0)
    vertices = np.concatenate([outer.vertices, inner.vertices])
    faces = np.concatenate([outer.faces, inner.faces + len(outer.vertices)])
    report = analysis.analyse(vertices, faces)
    assert report.bodies == 2
    assert report.volume == pytest.approx(outer.volume - inner.volume, rel=1e-6)
    assert report.min_wall == pytest.approx(1.0, rel=0.15)


def test_separate_pieces_add_up():
    a = trimesh.creation.box(extents=[2, 2, 2])
    b = trimesh.creation.box(extents=[2, 2, 2])
    b.apply_translation([10, 0, 0])
    b.invert()
    vertices = np.concatenate([a.vertices, b.vertices])
    faces = np.concatenate([a.faces, b.faces + len(a.vertices)])
    report = analysis.analyse(vertices, faces)
    assert report.bodies == 2 and report.volume == pytest.approx(16.0)


def test_not_a_ring():
    report = _analyse("trimesh_busted.STL")
    assert report.ring is None


def test_progress_is_reported():
    seen = []
    _analyse("trimesh_torus.STL", progress=lambda fraction, stage: seen.append((fraction, stage)))
    fractions = [f for f, _stage in seen]
    assert fractions == sorted(fractions) and seen[-1][1] == "done"


def test_glb_and_thumbnail():
    report = _analyse("ring_band_bartmassey.stl")
    glb = analysis.to_glb(report.mesh)
    assert glb[:4] == b"glTF"
    shown = trimesh.load(io.BytesIO(glb), file_type="glb")
    extents = shown.bounds[1] - shown.bounds[0]
    assert max(extents) == pytest.approx(0.0278, abs=0.001)  # metres
    png = analysis.render_thumbnail(report.mesh)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG" and image.size == (analysis.THUMBNAIL_SIZE, analysis.THUMBNAIL_SIZE)
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    background = np.array([246, 244, 239])
    assert (np.abs(pixels - background).sum(axis=1) > 30).mean() > 0.05  # something is drawn


def test_decimate_keeps_the_shape():
    vertices, faces = shapes.band_with_triangles(60_000)
    mesh = meshes.Mesh(vertices, faces)
    light = analysis.decimate(mesh, 10_000)
    assert len(light.faces) <= 10_000
    assert np.allclose(light.vertices.min(axis=0), vertices.min(axis=0), atol=0.3)
    assert math.isclose(np.ptp(light.vertices[:, 0]), np.ptp(vertices[:, 0]), rel_tol=0.05)
