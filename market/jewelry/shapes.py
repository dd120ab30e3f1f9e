"""Jewelry shapes the project makes itself: ring bands of any resolution (for tests and the benchmark) and the
demo's rings and pendants (built with trimesh and manifold3d booleans), written as STL bytes.
"""

from __future__ import annotations

import math
import struct

import numpy as np


def band(inner_diameter: float = 17.3, thickness: float = 1.6, width: float = 4.0, *, around: int = 128,
         profile: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """A comfort-fit ring band (a rounded-rectangle profile swept around the z axis), in millimetres.

    Returns vertices and outward-wound triangles; it has ``2 × around × profile`` triangles."""
    r_in = inner_diameter / 2
    t = np.linspace(0, 2 * math.pi, profile, endpoint=False)
    # A superellipse profile: flat inside and outside, rounded edges.
    c, s = np.cos(t), np.sin(t)
    radial = r_in + thickness / 2 + thickness / 2 * np.sign(c) * np.abs(c) ** 0.5
    height = width / 2 * np.sign(s) * np.abs(s) ** 0.5
    a = np.linspace(0, 2 * math.pi, around, endpoint=False)
    ca, sa = np.cos(a), np.sin(a)
    vertices = np.stack([np.outer(ca, radial), np.outer(sa, radial), np.broadcast_to(height, (around, profile))],
                        axis=-1).reshape(-1, 3)
    i = np.arange(around)[:, None]
    j = np.arange(profile)[None, :]
    v00 = i * profile + j
    v10 = ((i + 1) % around) * profile + j
    v01 = i * profile + (j + 1) % profile
    v11 = ((i + 1) % around) * profile + (j + 1) % profile
    faces = np.concatenate([np.stack([v00, v10, v11], axis=-1).reshape(-1, 3),
                            np.stack([v00, v11, v01], axis=-1).reshape(-1, 3)])
    return vertices, faces.astype(np.int64)


def band_with_triangles(count: int, inner_diameter: float = 17.3) -> tuple[np.ndarray, np.ndarray]:
    """A ring band with about ``count`` triangles (around : profile kept at 2 : 1)."""
    profile = max(8, int(round(math.sqrt(count / 4))))
    around = max(16, int(round(count / (2 * profile))))
    return band(inner_diameter, around=around, profile=profile)


def plate(size: float = 10.0, thickness: float = 0.4) -> tuple[np.ndarray, np.ndarray]:
    """A square plate (a pendant blank) ``thickness`` mm thick."""
    import trimesh

    box = trimesh.creation.box(extents=[size, size, thickness])
    return np.asarray(box.vertices), np.asarray(box.faces, dtype=np.int64)


def to_stl(vertices: np.ndarray, faces: np.ndarray, header: bytes = b"Made in Seoul") -> bytes:
    """Binary STL bytes of a mesh (normals computed from the winding)."""
    tri = np.asarray(vertices, dtype=np.float64)[np.asarray(faces)]
    normals = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    normals /= np.maximum(np.linalg.norm(normals, axis=1), 1e-300)[:, None]
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    data = np.zeros(len(tri), dtype=record)
    data["normal"] = normals
    data["v"] = tri
    return header.ljust(80, b" ")[:80] + struct.pack("<I", len(tri)) + data.tobytes()


# --- the demo's designs ------------------------------------------------------------------------------------------


def _mesh(vertices, faces):
    import trimesh

    return trimesh.Trimesh(vertices, faces, process=True)


def _union(*meshes):
    import trimesh

    return trimesh.boolean.union(list(meshes), engine="manifold")


def solitaire_ring():
    """A solitaire ring: a comfort band with a bezel cup on top for a 5 mm stone."""
    import trimesh

    shank = _mesh(*band(17.3, 1.7, 2.4, around=96, profile=24))
    cup = trimesh.creation.cylinder(radius=3.1, height=2.6, sections=48)
    cup.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    cup.apply_translation([17.3 / 2 + 1.7 + 0.9, 0, 0])
    seat = trimesh.creation.cylinder(radius=2.55, height=1.4, sections=48)
    seat.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    seat.apply_translation([17.3 / 2 + 1.7 + 1.8, 0, 0])
    return trimesh.boolean.difference([_union(shank, cup), seat], engine="manifold")


def signet_ring():
    """A signet ring: a wide band with a flat oval table."""
    import trimesh

    shank = _mesh(*band(18.1, 2.0, 5.0, around=96, profile=24))
    table = trimesh.creation.cylinder(radius=6.0, height=3.0, sections=64)
    table.apply_scale([0.8, 1.0, 1.0])
    table.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    table.apply_translation([18.1 / 2 + 1.6, 0, 0])
    return _union(shank, table)


def twist_ring():
    """A round-wire ring: a torus of 1.4 mm wire, 16.5 mm inside."""
    import trimesh

    return trimesh.creation.torus(major_radius=16.5 / 2 + 0.7, minor_radius=0.7, major_sections=96,
                                  minor_sections=24)


def disc_pendant():
    """A disc pendant with a bail: a 20 mm disc, 1.2 mm thick, with a ring on top."""
    import trimesh

    disc = trimesh.creation.cylinder(radius=10.0, height=1.2, sections=96)
    bail = trimesh.creation.torus(major_radius=1.8, minor_radius=0.6, major_sections=48, minor_sections=16)
    bail.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    bail.apply_translation([0, 11.5, 0])
    return _union(disc, bail)


def heart_pendant():
    """A heart pendant (an extruded outline, 1.5 mm thick) with a bail."""
    import manifold3d
    import trimesh

    t = np.linspace(0, 2 * math.pi, 160, endpoint=False)
    x = 16 * np.sin(t) ** 3
    y = 13 * np.cos(t) - 5 * np.cos(2 * t) - 2 * np.cos(3 * t) - np.cos(4 * t)
    outline = np.stack([x, y], axis=1) * 0.55
    solid = manifold3d.CrossSection([outline[::-1].tolist()]).extrude(1.5)
    mesh = solid.to_mesh()
    heart = trimesh.Trimesh(np.asarray(mesh.vert_properties)[:, :3], np.asarray(mesh.tri_verts), process=True)
    heart.apply_translation([0, 0, -0.75])
    bail = trimesh.creation.torus(major_radius=1.8, minor_radius=0.6, major_sections=48, minor_sections=16)
    bail.apply_transform(trimesh.transformations.rotation_matrix(math.pi / 2, [0, 1, 0]))
    bail.apply_translation([0, 5.6, 0])
    return _union(heart, bail)


DEMO_DESIGNS = {
    "solitaire_ring": solitaire_ring,
    "signet_ring": signet_ring,
    "twist_ring": twist_ring,
    "disc_pendant": disc_pendant,
    "heart_pendant": heart_pendant,
}
