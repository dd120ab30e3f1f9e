"""Mesh analysis for casting: volume, area, bodies, wall thickness and ring geometry of a mesh made sound by
:mod:`.meshes`, plus the GLB the browser shows and a thumbnail drawn without a GPU.

Everything works on numpy arrays in the file's own coordinates (a design's unit scales the results later, so
one analysis per file serves every unit). :func:`analyse` runs the whole: weld, topology, orientation and repair
(:mod:`.meshes`), then

5. *measures*: volume (signed tetrahedra), area, bounding box, and the wall thickness estimated by the
   shrinking-ball method on surface samples (the largest empty ball touching each sample inside the metal),
   counting only balls whose other contact faces the opposite way (a real wall, not a convex edge);
6. *ring*: a through-hole around the thinnest axis whose empty circle is enclosed by material is a ring's
   finger hole; its inner diameter and two integrals (∫dV/ρ and an area analogue) let a quote resize the band
   by a radial offset without touching the mesh again (the offset ρ → ρ + Δ has Jacobian (ρ + Δ)/ρ, so
   V(Δ) = V + Δ·∫dV/ρ exactly, and ∫dV/ρ = ∮ ρ̂·n dA by the divergence theorem).
"""

from __future__ import annotations

import dataclasses
import io
import json
import math
import struct

import numpy as np
from flask_babel import lazy_gettext as _l

from market.jewelry.meshes import Mesh, fill_holes, orient, topology, used_vertices, weld

WALL_SAMPLES = 15_000
VIEWER_MAX_TRIANGLES = 200_000
THUMBNAIL_MAX_TRIANGLES = 30_000
THUMBNAIL_SIZE = 360
MATCH_NORMALS = -0.8  # cos(143°): the far side of a wall faces (nearly) the other way
SEPARATION_DEGREES = 60.0
WALL_CAP_MM = 3.0


@dataclasses.dataclass
class Report:
    """What the analysis found, in the file's units (lengths), with the notes shown to the customer."""

    triangles: int
    vertices: int
    watertight: bool
    winding_consistent: bool
    bodies: int
    volume: float | None
    area: float
    bbox_min: list[float]
    bbox_max: list[float]
    repairs: list[dict]  # {"msgid", "params"}: shown in each reader's language (see :func:`note_text`)
    repaired: bool
    repair_failed: bool
    wall_quantiles: list[float] | None
    min_wall: float | None
    wall_cap: float | None
    ring: dict | None
    mesh: Mesh

    @property
    def extents(self) -> list[float]:
        return [hi - lo for lo, hi in zip(self.bbox_min, self.bbox_max, strict=True)]

    def as_dict(self) -> dict:
        """The stored result (JSON-able), without the geometry."""
        return {
            "triangles": self.triangles, "vertices": self.vertices, "watertight": self.watertight,
            "winding_consistent": self.winding_consistent, "bodies": self.bodies, "volume": self.volume,
            "area": self.area, "bbox_min": self.bbox_min, "bbox_max": self.bbox_max, "repairs": self.repairs,
            "repaired": self.repaired, "repair_failed": self.repair_failed, "wall_quantiles": self.wall_quantiles,
            "min_wall": self.min_wall, "wall_cap": self.wall_cap, "ring": self.ring,
        }


# --- measures ------------------------------------------------------------------------------------------------------


def _face_data(mesh: Mesh) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tri = mesh.vertices[mesh.faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    double_area = np.linalg.norm(cross, axis=1)
    normals = cross / np.maximum(double_area, 1e-300)[:, None]
    return tri, normals, double_area / 2.0


def sample_surface(tri: np.ndarray, normals: np.ndarray, areas: np.ndarray, count: int,
                   seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``count`` points spread over the surface in proportion to area (deterministic), with their normals."""
    rng = np.random.default_rng(seed)
    total = areas.sum()
    if total <= 0:
        return np.zeros((0, 3)), np.zeros((0, 3))
    cumulative = np.cumsum(areas)
    picks = np.searchsorted(cumulative, rng.random(count) * cumulative[-1])
    picks = np.minimum(picks, len(areas) - 1)
    r1, r2 = rng.random(count), rng.random(count)
    outside = r1 + r2 > 1
    r1[outside], r2[outside] = 1 - r1[outside], 1 - r2[outside]
    t = tri[picks]
    points = t[:, 0] + (t[:, 1] - t[:, 0]) * r1[:, None] + (t[:, 2] - t[:, 0]) * r2[:, None]
    return points, normals[picks]


def wall_thickness(points: np.ndarray, normals: np.ndarray, max_radius: float, spacing: float = 0.0) -> np.ndarray:
    """Local wall thickness at each sample (``inf`` where no opposite wall limits it): twice the radius of the
    largest empty ball inside the surface touching the sample (shrinking-ball method).

    A contact seen from the ball's centre less than :data:`SEPARATION_DEGREES` from the sample is the same
    surface curving (or the facets of a curved surface) and does not shrink the ball. A ball counts as a wall
    only when a sample facing the other way sits near its far pole: balls stopped by a side face (at a convex
    edge, or across a tapered rim) measure no wall. Nearest-point queries are approximate (``eps``): balls
    centred on the medial axis of a tube are equidistant from a whole circle of samples, which makes exact
    queries slow and adds nothing at this precision."""
    from scipy.spatial import cKDTree

    count = len(points)
    thickness = np.full(count, np.inf)
    if count < 4:
        return thickness
    tree = cKDTree(points)
    radius = np.full(count, max_radius)
    contact = np.full(count, -1)
    active = np.arange(count)
    cos_min = math.cos(math.radians(SEPARATION_DEGREES))
    for _ in range(30):
        if not len(active):
            break
        p, n, r = points[active], normals[active], radius[active]
        centre = p - n * r[:, None]
        dist, idx = tree.query(centre, k=2, eps=0.3)
        pick_second = idx[:, 0] == active
        q_index = np.where(pick_second, idx[:, 1], idx[:, 0])
        q_dist = np.where(pick_second, dist[:, 1], dist[:, 0])
        inside = np.isfinite(q_dist) & (q_dist < r * (1 - 1e-6))
        q_index = np.where(inside, q_index, 0)
        pq = points[q_index] - p
        depth = -np.einsum("ij,ij->i", pq, n)
        new_r = np.einsum("ij,ij->i", pq, pq) / np.maximum(2 * depth, 1e-300)
        # Separation angle at the new centre between the sample (at +n·r from it) and the contact.
        centre_to_q = pq + n * new_r[:, None]
        cos_sep = np.einsum("ij,ij->i", centre_to_q, n) / np.maximum(new_r, 1e-300)
        shrink = inside & (depth > 0) & (new_r < r * (1 - 1e-6)) & (cos_sep < cos_min)
        radius[active[shrink]] = new_r[shrink]
        contact[active[shrink]] = q_index[shrink]
        active = active[shrink]
    found = np.flatnonzero(contact >= 0)
    if not len(found):
        return thickness
    pole = points[found] - normals[found] * (2 * radius[found])[:, None]
    pole_dist, pole_idx = tree.query(pole)
    wall = (pole_dist < np.maximum(0.3 * radius[found], spacing)) & (
        np.einsum("ij,ij->i", normals[found], normals[pole_idx]) < MATCH_NORMALS)
    thickness[found[wall]] = 2 * radius[found[wall]]
    return thickness


def ring_geometry(tri: np.ndarray, normals: np.ndarray, areas: np.ndarray, points: np.ndarray) -> dict | None:
    """The finger hole of a ring, if the mesh has one: axis, centre, inner radius and the two integrals that
    let the band be resized without the mesh (see the module docstring); None for anything else."""
    from scipy.spatial import cKDTree

    # Principal axes of the surface, from the (area-uniform) samples: the thinnest is the ring's axis.
    mean = points.mean(axis=0)
    centred_points = points - mean
    _eigval, eigvec = np.linalg.eigh(centred_points.T @ centred_points)
    axis = eigvec[:, 0]
    u, w = eigvec[:, 2], eigvec[:, 1]
    flat = np.stack([(points - mean) @ u, (points - mean) @ w], axis=1)
    tree = cKDTree(flat)
    lo, hi = flat.min(axis=0), flat.max(axis=0)
    span = float((hi - lo).max())
    if span <= 0:
        return None
    centre2, best = None, 0.0
    # A finger hole sits in the middle of the piece: search the central part of its outline.
    box_lo, box_hi = lo + 0.2 * (hi - lo), hi - 0.2 * (hi - lo)
    for _ in range(3):
        gx = np.linspace(box_lo[0], box_hi[0], 41)
        gy = np.linspace(box_lo[1], box_hi[1], 41)
        grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
        dist, _idx = tree.query(grid)
        i = int(np.argmax(dist))
        centre2, best = grid[i], float(dist[i])
        step = (box_hi - box_lo) / 40
        box_lo, box_hi = centre2 - 2 * step, centre2 + 2 * step
    inner = best
    if inner < 0.2 * span:
        return None
    # The hole must be closed all round: material in every direction within a few radii.
    rel = flat - centre2
    angle = np.arctan2(rel[:, 1], rel[:, 0])
    dist = np.hypot(rel[:, 0], rel[:, 1])
    near = dist < 3 * inner
    sectors = np.unique(((angle[near] + np.pi) / (2 * np.pi) * 36).astype(int) % 36)
    if len(sectors) < 36:
        return None
    centre = mean + centre2[0] * u + centre2[1] * w
    # ∫ dV/ρ = ∮ ρ̂·n dA and ∫ (1 − n_θ²)/ρ dA about the hole's axis (centroid rule: the facets are small
    # next to the distance to the axis).
    rel_c = tri.mean(axis=1) - centre
    radial_c = rel_c - (rel_c @ axis)[:, None] * axis
    rho_c = np.maximum(np.linalg.norm(radial_c, axis=1), 1e-12)
    rho_hat = radial_c / rho_c[:, None]
    dv = (np.einsum("ij,ij->i", rho_hat, normals) * areas).sum()
    n_theta = np.einsum("ij,ij->i", normals, np.cross(axis, rho_hat))
    da = (areas * (1 - n_theta ** 2) / rho_c).sum()
    return {"axis": axis.tolist(), "centre": centre.tolist(), "inner_radius": inner,
            "dv_over_rho": float(dv), "da_over_rho": float(da)}


def _note(text) -> dict:
    """A repair note kept as its message id and values, so that each reader sees it in their own language."""
    return {"msgid": text._args[0], "params": dict(text._kwargs)}


def analyse(vertices: np.ndarray, faces: np.ndarray, *, mm_per_unit: float = 1.0,
            wall_samples: int = WALL_SAMPLES, progress=None) -> Report:
    """Analyse a parsed mesh (file units): weld, check, orient, repair if needed, measure. ``mm_per_unit`` is the
    unit the file declares (1 when it declares none); it only sets how thick a wall is worth measuring.
    ``progress`` is called with a fraction done and a stage name."""
    def step(fraction: float, stage: str) -> None:
        if progress is not None:
            progress(fraction, stage)

    triangles_in = len(faces)
    step(0.05, "weld")
    mesh, merged, dropped = weld(vertices, faces)
    repairs: list[dict] = []
    if merged:
        repairs.append(_note(_l("Merged %(count)s duplicate vertices.", count=f"{merged:,}")))
    if dropped:
        repairs.append(_note(_l("Removed %(count)s degenerate or duplicate triangles.", count=f"{dropped:,}")))
    if not len(mesh.faces):
        raise ValueError("no surface")
    step(0.2, "topology")
    topo = topology(mesh)
    was_watertight = topo.watertight
    repaired = repair_failed = False
    mesh, flipped, consistent = orient(mesh, topo)
    if flipped and was_watertight:
        repairs.append(_note(_l("Turned %(count)s triangles whose normals pointed the wrong way.",
                              count=f"{flipped:,}")))
    if not was_watertight:
        step(0.35, "repair")
        filled = fill_holes(mesh, topo)
        if filled is not None:
            candidate, holes, added = filled
            candidate_topo = topology(candidate)
            if candidate_topo.watertight:
                mesh, flipped_after, consistent = orient(candidate, candidate_topo)
                topo = candidate_topo
                repaired = True
                repairs.append(_note(_l("Closed %(holes)d hole(s) with %(count)s new triangles.", holes=holes,
                                      count=f"{added:,}")))
                if flipped_after:
                    repairs.append(_note(_l("Turned %(count)s triangles whose normals pointed the wrong way.",
                                          count=f"{flipped_after:,}")))
        if not repaired:
            repair_failed = True
            if topo.nonmanifold_edges:
                repairs.append(_note(_l("Could not be fixed: %(count)s edges are shared by more than two "
                                      "triangles.", count=f"{topo.nonmanifold_edges:,}")))
            else:
                repairs.append(_note(_l("Could not be fixed: %(count)s open edges do not form holes that can be "
                                      "closed.", count=f"{topo.boundary_edges:,}")))
    if not consistent:
        repairs.append(_note(_l("The surface cannot be oriented consistently (it is one-sided).")))
    step(0.5, "measure")
    tri, normals, areas = _face_data(mesh)
    area = float(areas.sum())
    watertight = topo.watertight and consistent
    volume = None
    if watertight:
        volume = float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)
        if volume <= 0:
            volume = None
    used = used_vertices(mesh.vertices, mesh.faces)
    bbox_min, bbox_max = used.min(axis=0), used.max(axis=0)
    diagonal = float(np.linalg.norm(bbox_max - bbox_min))
    step(0.6, "walls")
    points, point_normals = sample_surface(tri, normals, areas, wall_samples)
    quantiles = min_wall = wall_cap = None
    if watertight:
        # Walls thicker than 3 mm (or a tenth of the piece) do not matter for casting: balls start there, which
        # also keeps the nearest-point queries local.
        wall_cap = min(diagonal / 2, max(diagonal / 10, WALL_CAP_MM / mm_per_unit))
        spacing = math.sqrt(area / max(len(points), 1))
        thickness = wall_thickness(points, point_normals, max_radius=wall_cap / 2, spacing=spacing)
        # Samples without an opposite wall within reach are at least as thick as the cap.
        padded = np.minimum(thickness, wall_cap)
        quantiles = [float(q) for q in np.percentile(padded, np.arange(101))]
        min_wall = float(np.percentile(padded, 1))
    step(0.85, "ring")
    ring = ring_geometry(tri, normals, areas, points) if watertight else None
    step(0.9, "done")
    return Report(
        triangles=triangles_in, vertices=len(mesh.vertices), watertight=watertight,
        winding_consistent=consistent, bodies=topo.bodies, volume=volume, area=area,
        bbox_min=[float(x) for x in bbox_min], bbox_max=[float(x) for x in bbox_max], repairs=repairs,
        repaired=repaired, repair_failed=repair_failed, wall_quantiles=quantiles, min_wall=min_wall, wall_cap=wall_cap, ring=ring,
        mesh=mesh)


# --- ring resizing -------------------------------------------------------------------------------------------------


def resize_ring(vertices: np.ndarray, ring: dict, delta: float) -> np.ndarray:
    """Move every vertex away from the ring's axis by ``delta`` (file units): the band grows or shrinks while
    its wall keeps its thickness. Used to check the closed-form volume and to show a resized model."""
    axis = np.asarray(ring["axis"])
    centre = np.asarray(ring["centre"])
    rel = vertices - centre
    along = rel @ axis
    radial = rel - along[:, None] * axis
    rho = np.linalg.norm(radial, axis=1)
    scale = (rho + delta) / np.maximum(rho, 1e-12)
    return centre + along[:, None] * axis + radial * scale[:, None]


# --- viewer model and thumbnail ------------------------------------------------------------------------------------


def decimate(mesh: Mesh, target: int) -> Mesh:
    """A lighter copy for showing: vertex clustering on a grid whose cells are sized so that about ``target``
    triangles remain (coarsened again if more do)."""
    if len(mesh.faces) <= target:
        return mesh
    used = used_vertices(mesh.vertices, mesh.faces)
    lo = used.min(axis=0)
    size = float((used.max(axis=0) - lo).max()) or 1.0
    tri = mesh.vertices[mesh.faces]
    area = float(np.linalg.norm(np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0]), axis=1).sum() / 2)
    # A surface cut into cells of side h keeps about area / h² vertices and twice as many triangles.
    step = max(math.sqrt(2 * area / target), size / 4000)
    for _ in range(8):
        cells = int(size / step) + 2
        grid = np.floor((mesh.vertices - lo) / step).astype(np.int64)
        key = (grid[:, 0] * cells + grid[:, 1]) * cells + grid[:, 2]
        unique, inverse = np.unique(key, return_inverse=True)
        faces = inverse[mesh.faces]
        keep = (faces[:, 0] != faces[:, 1]) & (faces[:, 1] != faces[:, 2]) & (faces[:, 2] != faces[:, 0])
        faces = faces[keep]
        srt = np.sort(faces, axis=1)
        n = len(unique)
        _u, first = np.unique((srt[:, 0] * n + srt[:, 1]) * n + srt[:, 2], return_index=True)
        faces = faces[np.sort(first)]
        if len(faces) <= target:
            sums = np.zeros((n, 3))
            np.add.at(sums, inverse, mesh.vertices)
            counts = np.bincount(inverse, minlength=n)[:, None]
            return Mesh(sums / np.maximum(counts, 1), faces)
        step *= 1.3
    return mesh


def to_glb(mesh: Mesh, mm_per_unit: float = 1.0) -> bytes:
    """The mesh as a binary glTF in metres (the format's unit), lightened for the browser, in a gold material.

    Written directly (one buffer: positions, then indices; no normals, so viewers shade it flat as the
    specification asks): importing a mesh library for this would cost every analysis a second."""
    light = decimate(mesh, VIEWER_MAX_TRIANGLES)
    used = np.unique(light.faces)
    remap = np.zeros(len(light.vertices), dtype=np.uint32)
    remap[used] = np.arange(len(used), dtype=np.uint32)
    positions = (light.vertices[used] * (mm_per_unit / 1000.0)).astype("<f4")
    indices = remap[light.faces].astype("<u4").ravel()
    position_bytes, index_bytes = positions.tobytes(), indices.tobytes()
    doc = {
        "asset": {"version": "2.0", "generator": "Made in Seoul"},
        "scene": 0, "scenes": [{"nodes": [0]}], "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1, "material": 0, "mode": 4}]}],
        "materials": [{"pbrMetallicRoughness": {"baseColorFactor": [0.83, 0.69, 0.22, 1.0], "metallicFactor": 0.3,
                                                "roughnessFactor": 0.45}, "doubleSided": True}],
        "buffers": [{"byteLength": len(position_bytes) + len(index_bytes)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(position_bytes), "target": 34962},
                        {"buffer": 0, "byteOffset": len(position_bytes), "byteLength": len(index_bytes),
                         "target": 34963}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": len(positions), "type": "VEC3",
                       "min": positions.min(axis=0).tolist(), "max": positions.max(axis=0).tolist()},
                      {"bufferView": 1, "componentType": 5125, "count": len(indices), "type": "SCALAR"}],
    }
    text = json.dumps(doc, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 4)
    binary = position_bytes + index_bytes
    binary += b"\x00" * (-len(binary) % 4)
    total = 12 + 8 + len(text) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(binary), b"BIN\x00") + binary)


def render_thumbnail(mesh: Mesh, size: int = THUMBNAIL_SIZE) -> bytes:
    """A PNG of the mesh seen from above and in front, flat-shaded, drawn with Pillow (no GPU, no screen)."""
    from PIL import Image, ImageDraw

    light = decimate(mesh, THUMBNAIL_MAX_TRIANGLES)
    tri = light.vertices[light.faces]
    # A three-quarter view: turn 35° about the vertical, then tilt 30° towards the viewer.
    a, b = math.radians(35), math.radians(-30)
    rz = np.array([[math.cos(a), -math.sin(a), 0], [math.sin(a), math.cos(a), 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, math.cos(b), -math.sin(b)], [0, math.sin(b), math.cos(b)]])
    view = tri @ (rx @ rz).T
    cross = np.cross(view[:, 1] - view[:, 0], view[:, 2] - view[:, 0])
    length = np.linalg.norm(cross, axis=1)
    normal = cross / np.maximum(length, 1e-300)[:, None]
    light_dir = np.array([-0.4, 0.5, 0.77])
    light_dir /= np.linalg.norm(light_dir)
    # Faces turned away are drawn with their back's shading: open meshes still look solid.
    shade = np.abs(normal @ light_dir)
    scale = 2 * size
    flat = view[:, :, [0, 1]].reshape(-1, 2)
    lo, hi = flat.min(axis=0), flat.max(axis=0)
    span = float((hi - lo).max()) or 1.0
    fit = scale * 0.84 / span
    pixels = (view[:, :, [0, 1]] - (lo + hi) / 2) * fit + scale / 2
    pixels[:, :, 1] = scale - pixels[:, :, 1]
    order = np.argsort(view[:, :, 2].mean(axis=1))
    image = Image.new("RGB", (scale, scale), (246, 244, 239))
    draw = ImageDraw.Draw(image)
    base = np.array([212, 175, 55])
    colours = np.clip(base * (0.35 + 0.65 * shade)[:, None] + 40 * shade[:, None] ** 8, 0, 255).astype(int)
    for i in order.tolist():
        colour = tuple(colours[i].tolist())
        draw.polygon([tuple(pt) for pt in pixels[i].tolist()], fill=colour, outline=colour)
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
