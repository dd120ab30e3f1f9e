"""Mesh analysis for casting: topology, repair, volume, area, bodies, wall thickness and ring geometry, plus the
GLB the browser shows and a thumbnail drawn without a GPU.

Everything works on numpy arrays in the file's own coordinates (a design's unit scales the results later, so
one analysis per file serves every unit). The steps, each vectorised so a 1,000,000-triangle mesh takes about a
second:

1. *weld*: vertices at the same position are merged (OBJ exports split them per normal and texture coordinate),
   degenerate and duplicate triangles dropped;
2. *topology*: each edge is counted; a mesh is watertight when every edge has exactly two triangles; bodies are
   the connected groups of triangles;
3. *orientation*: triangle winding is made consistent by a breadth-first walk over each body (parities
   combined by pointer jumping), then each body is turned outward, a body nested inside another inward, so the
   signed volume is right even when the file's normals are not;
4. *repair* (only when not watertight): holes bounded by a single loop are closed with a fan of triangles, and
   the result is checked again; what was done, or that it failed, is reported;
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
import math

import numpy as np
from flask_babel import lazy_gettext as _l

WALL_SAMPLES = 15_000
VIEWER_MAX_TRIANGLES = 200_000
THUMBNAIL_MAX_TRIANGLES = 30_000
THUMBNAIL_SIZE = 360
MAX_HOLE_EDGES = 2_000
MATCH_NORMALS = -0.8  # cos(143°): the far side of a wall faces (nearly) the other way
SEPARATION_DEGREES = 60.0
WALL_CAP_MM = 3.0


@dataclasses.dataclass
class Mesh:
    """Welded geometry: ``vertices`` (n, 3) float64 and ``faces`` (m, 3) int64."""

    vertices: np.ndarray
    faces: np.ndarray


@dataclasses.dataclass
class Topology:
    """Edge counts and triangle adjacency of a mesh."""

    boundary_edges: int
    nonmanifold_edges: int
    pair_a: np.ndarray  # faces sharing a manifold edge ...
    pair_b: np.ndarray  # ... with each other
    pair_flipped: np.ndarray  # whether the two wind the shared edge the same way (inconsistent)
    labels: np.ndarray  # body of each face
    bodies: int
    boundary_directed: np.ndarray  # (k, 2) boundary edges in the direction of their face

    @property
    def watertight(self) -> bool:
        return self.boundary_edges == 0 and self.nonmanifold_edges == 0

    @property
    def winding_consistent(self) -> bool:
        return not bool(self.pair_flipped.any())


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
    repairs: list[str]
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


# --- welding and topology ------------------------------------------------------------------------------------------


def _used_mask(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(vertices), dtype=bool)
    mask[faces.ravel()] = True
    return mask


def _used(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """The vertices some triangle uses (a mask: numpy's hash-based unique is slow on millions of indices)."""
    mask = _used_mask(vertices, faces)
    return vertices if mask.all() else vertices[mask]


def _group(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Group equal keys: the index of one member per group (in key order), the group of each key, and the
    sort order (a plain quicksort and a running count are much faster than ``np.unique`` with indices)."""
    order = np.argsort(key)
    ordered = key[order]
    new_group = np.empty(len(key), dtype=bool)
    new_group[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_group[1:])
    group_of_sorted = np.cumsum(new_group) - 1
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = group_of_sorted
    return order[new_group], inverse, order


def weld(vertices: np.ndarray, faces: np.ndarray) -> tuple[Mesh, int, int]:
    """Merge vertices closer than a millionth of the size, drop degenerate and duplicate triangles.

    Returns the mesh, how many vertices were merged and how many triangles were dropped."""
    vertices = np.asarray(vertices, dtype=np.float64)
    faces = np.asarray(faces, dtype=np.int64)
    flat_faces = faces.ravel()
    # STL gives three vertices of its own to each triangle: no gather needed then.
    per_corner = len(vertices) == len(flat_faces) and bool((flat_faces[:3] == np.arange(3)).all()) \
        and bool((flat_faces == np.arange(len(flat_faces))).all())
    corners = vertices if per_corner else vertices[flat_faces]
    used_count = len(vertices) if per_corner else int(_used_mask(vertices, faces).sum())
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    scale = float(np.max(hi - lo)) or 1.0
    step = scale * 1e-6
    # Coordinates fit in 21 bits each (a million steps across the size, rounded): one int64 key per position.
    grid = ((corners - lo) * (1.0 / step) + 0.5).astype(np.int64)
    key = (grid[:, 0] << 42) | (grid[:, 1] << 21) | grid[:, 2]
    first, inverse, _order = _group(key)
    new_vertices = corners[first]
    new_faces = inverse.reshape(-1, 3)
    merged = used_count - len(first)
    keep = ((new_faces[:, 0] != new_faces[:, 1]) & (new_faces[:, 1] != new_faces[:, 2])
            & (new_faces[:, 2] != new_faces[:, 0]))
    kept = new_faces if keep.all() else new_faces[keep]
    # Two triangles over the same three vertices (either winding) are one too many.
    srt = np.sort(kept, axis=1)
    n = len(new_vertices)
    if n < 2_000_000:
        tri_key = (srt[:, 0] * n + srt[:, 1]) * n + srt[:, 2]
        first_tri, _inverse, _order = _group(tri_key)
        if len(first_tri) != len(kept):
            kept = kept[np.sort(first_tri)]
    else:
        _u, first_tri = np.unique(srt, axis=0, return_index=True)
        kept = kept[np.sort(first_tri)]
    dropped = len(faces) - len(kept)
    return Mesh(new_vertices, kept), merged, dropped


def topology(mesh: Mesh) -> Topology:
    """Count every edge's triangles, pair triangles across manifold edges and label bodies."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    faces = mesh.faces
    nf, nv = len(faces), len(mesh.vertices)
    directed = faces[:, [0, 1, 1, 2, 2, 0]].reshape(-1, 2)
    lo = np.minimum(directed[:, 0], directed[:, 1])
    hi = np.maximum(directed[:, 0], directed[:, 1])
    key = lo * nv + hi
    order = np.argsort(key)
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    counts = np.diff(np.r_[starts, len(sorted_key)])
    two = starts[counts == 2]
    a, b = order[two], order[two + 1]
    pair_a, pair_b = a // 3, b // 3
    # Consistent neighbours run their shared edge in opposite directions.
    pair_flipped = directed[a, 0] == directed[b, 0]
    boundary = order[starts[counts == 1]]
    # Bodies: triangles joined by any shared edge, non-manifold ones included (they are one piece of metal).
    many = np.flatnonzero(counts > 2)
    extra_a, extra_b = [], []
    for s, c in zip(starts[many], counts[many], strict=True):
        run = order[s:s + c] // 3
        extra_a.append(np.full(c - 1, run[0]))
        extra_b.append(run[1:])
    rows = np.concatenate([pair_a, *extra_a]) if extra_a else pair_a
    cols = np.concatenate([pair_b, *extra_b]) if extra_b else pair_b
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(nf, nf)).tocsr()
    bodies, labels = connected_components(graph, directed=False)
    return Topology(int((counts == 1).sum()), int((counts > 2).sum()), pair_a, pair_b, pair_flipped, labels,
                    int(bodies), directed[boundary])


# --- orientation ---------------------------------------------------------------------------------------------------


def _winding_flips(nf: int, topo: Topology) -> np.ndarray:
    """Which faces to flip so neighbours agree, relative to one root face per body."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import breadth_first_order

    if not len(topo.pair_a):
        return np.zeros(nf, dtype=bool)
    # The first face of each body is its root; a virtual node joins the roots so one walk covers every body.
    roots = np.full(topo.bodies, -1, dtype=np.int64)
    roots[topo.labels[::-1]] = np.arange(nf - 1, -1, -1)
    virtual = nf
    rows = np.concatenate([topo.pair_a, np.full(len(roots), virtual)])
    cols = np.concatenate([topo.pair_b, roots])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(nf + 1, nf + 1)).tocsr()
    _order, pred = breadth_first_order(graph, virtual, directed=False, return_predecessors=True)
    parent = pred.astype(np.int64)
    parent[virtual] = virtual
    parent[parent < 0] = virtual
    # Parity of each tree edge: the pair whose one face is the other's parent.
    parity = np.zeros(nf + 1, dtype=bool)
    down = parent[topo.pair_a] == topo.pair_b
    parity[topo.pair_a[down]] = topo.pair_flipped[down]
    up = parent[topo.pair_b] == topo.pair_a
    parity[topo.pair_b[up]] = topo.pair_flipped[up]
    # Pointer jumping: parity[f] becomes the XOR of the tree edges from f up to its root.
    for _ in range(64):
        if (parent == virtual).all():
            break
        parity = parity ^ parity[parent]
        parent = parent[parent]
    return parity[:nf]


def _ray_parity(point: np.ndarray, direction: np.ndarray, tris: np.ndarray) -> int:
    """How many triangles a ray crosses (Möller–Trumbore, vectorised)."""
    e1 = tris[:, 1] - tris[:, 0]
    e2 = tris[:, 2] - tris[:, 0]
    pvec = np.cross(direction, e2)
    det = np.einsum("ij,ij->i", e1, pvec)
    ok = np.abs(det) > 1e-15
    inv = np.zeros_like(det)
    inv[ok] = 1.0 / det[ok]
    tvec = point - tris[:, 0]
    u = np.einsum("ij,ij->i", tvec, pvec) * inv
    qvec = np.cross(tvec, e1)
    v = (qvec @ direction) * inv
    t = np.einsum("ij,ij->i", e2, qvec) * inv
    hit = ok & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 0)
    return int(hit.sum())


def _inside(point: np.ndarray, tris: np.ndarray) -> bool:
    """Whether ``point`` is inside the closed surface ``tris`` (majority of three rays' parities)."""
    directions = np.array([[0.5773, 0.5774, 0.5775], [-0.8017, 0.2673, 0.5345], [0.1961, -0.9806, 0.0123]])
    votes = sum(_ray_parity(point, d / np.linalg.norm(d), tris) % 2 for d in directions)
    return votes >= 2


def orient(mesh: Mesh, topo: Topology) -> tuple[Mesh, int, bool]:
    """Make winding consistent and outward (nested bodies inward). Returns the mesh, how many triangles were
    flipped and whether every manifold edge now agrees (False for non-orientable surfaces)."""
    faces = mesh.faces.copy()
    nf = len(faces)
    flips = _winding_flips(nf, topo)
    faces[flips] = faces[flips][:, ::-1]
    still = topo.pair_flipped ^ flips[topo.pair_a] ^ flips[topo.pair_b]
    tri = mesh.vertices[faces]
    signed = np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])) / 6.0
    body_volume = np.bincount(topo.labels, weights=signed, minlength=topo.bodies)
    want_positive = np.ones(topo.bodies, dtype=bool)
    if topo.bodies > 1:
        want_positive = _outward_signs(mesh.vertices, faces, topo)
    turn = (body_volume < 0) == want_positive
    turn_faces = turn[topo.labels]
    faces[turn_faces] = faces[turn_faces][:, ::-1]
    original_flip = flips ^ turn_faces
    return Mesh(mesh.vertices, faces), int(original_flip.sum()), not bool(still.any())


def _outward_signs(vertices: np.ndarray, faces: np.ndarray, topo: Topology) -> np.ndarray:
    """For each body, whether it should enclose positive volume: bodies inside an odd number of others are
    cavities (their surface faces inward)."""
    bodies = topo.bodies
    tri = vertices[faces]
    lo = np.full((bodies, 3), np.inf)
    hi = np.full((bodies, 3), -np.inf)
    np.minimum.at(lo, topo.labels, tri.min(axis=1))
    np.maximum.at(hi, topo.labels, tri.max(axis=1))
    first = np.full(bodies, -1, dtype=np.int64)
    first[topo.labels[::-1]] = np.arange(len(faces) - 1, -1, -1)
    depth = np.zeros(bodies, dtype=int)
    if bodies > 200:
        return np.ones(bodies, dtype=bool)
    for inner in range(bodies):
        candidates = [outer for outer in range(bodies) if outer != inner
                      and (lo[outer] < lo[inner]).all() and (hi[outer] > hi[inner]).all()]
        if not candidates:
            continue
        point = tri[first[inner]].mean(axis=0)
        for outer in candidates:
            if _inside(point, tri[topo.labels == outer]):
                depth[inner] += 1
    return depth % 2 == 0


# --- repair --------------------------------------------------------------------------------------------------------


def _boundary_loops(boundary: np.ndarray) -> list[np.ndarray] | None:
    """Split the boundary edges (each in its face's direction) into simple closed loops; None when some edge
    leads nowhere (the boundary does not close). Where two holes touch at a vertex, the walk is cut there, so
    every loop passes each vertex once and its fan adds only manifold edges."""
    if not len(boundary):
        return []
    outgoing: dict[int, list[int]] = {}
    for start, end in boundary.tolist():
        outgoing.setdefault(start, []).append(end)
    loops = []
    for first in list(outgoing):
        while outgoing.get(first):
            walk, position = [first], {first: 0}
            while True:
                nxt = outgoing.get(walk[-1])
                if not nxt or len(walk) > MAX_HOLE_EDGES:
                    return None
                current = nxt.pop()
                if current in position:
                    cut = position[current]
                    loops.append(np.array(walk[cut:], dtype=np.int64))
                    for vertex in walk[cut + 1:]:
                        del position[vertex]
                    walk = walk[:cut + 1]
                    if len(walk) == 1 and current == first:
                        break
                else:
                    position[current] = len(walk)
                    walk.append(current)
    return loops


def fill_holes(mesh: Mesh, topo: Topology) -> tuple[Mesh, int, int] | None:
    """Close each simple hole with a fan around its centre; returns the mesh, holes closed and triangles added,
    or None when the holes cannot be closed this way (loose triangles, shared vertices, non-manifold edges)."""
    if topo.nonmanifold_edges:
        return None
    # The boundary in the direction of the (already oriented) faces beside it.
    topo = topology(mesh)
    loops = _boundary_loops(topo.boundary_directed)
    if not loops:
        return None
    faces_per_body = np.bincount(topo.labels, minlength=topo.bodies)
    vertex_body = np.full(len(mesh.vertices), -1)
    vertex_body[mesh.faces.ravel()] = np.repeat(topo.labels, 3)
    vertices = [mesh.vertices]
    new_faces = [mesh.faces]
    next_index = len(mesh.vertices)
    added = 0
    for loop in loops:
        body = vertex_body[loop[0]]
        # A hole as large as its body is not a hole: it is a loose sheet or triangle.
        if len(loop) < 2 or faces_per_body[body] < 2 * len(loop):
            return None
        centre = mesh.vertices[loop].mean(axis=0)
        vertices.append(centre[None, :])
        nxt = np.roll(loop, -1)
        # The face beside the hole runs a→b, so the new triangle runs b→a.
        fan = np.stack([nxt, loop, np.full(len(loop), next_index)], axis=1)
        new_faces.append(fan)
        next_index += 1
        added += len(loop)
    return Mesh(np.concatenate(vertices), np.concatenate(new_faces)), len(loops), added


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
    repairs: list[str] = []
    if merged:
        repairs.append(str(_l("Merged %(count)s duplicate vertices.", count=f"{merged:,}")))
    if dropped:
        repairs.append(str(_l("Removed %(count)s degenerate or duplicate triangles.", count=f"{dropped:,}")))
    if not len(mesh.faces):
        raise ValueError("no surface")
    step(0.2, "topology")
    topo = topology(mesh)
    was_watertight = topo.watertight
    repaired = repair_failed = False
    mesh, flipped, consistent = orient(mesh, topo)
    if flipped and was_watertight:
        repairs.append(str(_l("Turned %(count)s triangles whose normals pointed the wrong way.",
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
                repairs.append(str(_l("Closed %(holes)d hole(s) with %(count)s new triangles.", holes=holes,
                                      count=f"{added:,}")))
                if flipped_after:
                    repairs.append(str(_l("Turned %(count)s triangles whose normals pointed the wrong way.",
                                          count=f"{flipped_after:,}")))
        if not repaired:
            repair_failed = True
            if topo.nonmanifold_edges:
                repairs.append(str(_l("Could not be fixed: %(count)s edges are shared by more than two "
                                      "triangles.", count=f"{topo.nonmanifold_edges:,}")))
            else:
                repairs.append(str(_l("Could not be fixed: %(count)s open edges do not form holes that can be "
                                      "closed.", count=f"{topo.boundary_edges:,}")))
    if not consistent:
        repairs.append(str(_l("The surface cannot be oriented consistently (it is one-sided).")))
    step(0.5, "measure")
    tri, normals, areas = _face_data(mesh)
    area = float(areas.sum())
    watertight = topo.watertight and consistent
    volume = None
    if watertight:
        volume = float(np.einsum("ij,ij->i", tri[:, 0], np.cross(tri[:, 1], tri[:, 2])).sum() / 6.0)
        if volume <= 0:
            volume = None
    used = _used(mesh.vertices, mesh.faces)
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
    used = _used(mesh.vertices, mesh.faces)
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
    """The mesh as a binary glTF in metres (the format's unit), lightened for the browser."""
    import trimesh

    light = decimate(mesh, VIEWER_MAX_TRIANGLES)
    shown = trimesh.Trimesh(light.vertices * (mm_per_unit / 1000.0), light.faces, process=False)
    shown.visual = trimesh.visual.ColorVisuals(shown, face_colors=[212, 175, 55, 255])
    return shown.export(file_type="glb")


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
