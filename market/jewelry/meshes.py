"""Sound meshes for casting: welding, topology, orientation and hole repair, on numpy arrays in the file's own
coordinates. :mod:`.analysis` measures what these steps leave.

Each step is vectorised, so a 1,000,000-triangle mesh takes about a second:

1. *weld*: vertices at the same position are merged (OBJ exports split them per normal and texture coordinate),
   degenerate and duplicate triangles dropped;
2. *topology*: each edge is counted; a mesh is watertight when every edge has exactly two triangles; bodies are
   the connected groups of triangles;
3. *orientation*: triangle winding is made consistent by a breadth-first walk over each body (parities
   combined by pointer jumping), then each body is turned outward, a body nested inside another inward, so the
   signed volume is right even when the file's normals are not;
4. *repair* (only when not watertight): holes bounded by a single loop are closed with a fan of triangles, and
   the result is checked again; what was done, or that it failed, is reported.
"""

from __future__ import annotations

import dataclasses

import numpy as np

MAX_HOLE_EDGES = 2_000


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


# --- welding and topology ------------------------------------------------------------------------------------------


def _used_mask(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    mask = np.zeros(len(vertices), dtype=bool)
    mask[faces.ravel()] = True
    return mask


def used_vertices(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
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
