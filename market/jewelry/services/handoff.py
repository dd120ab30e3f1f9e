"""What a workshop needs to make an order, for the order's parties only (its customer, the members of its
workshop, staff; anyone else: not found): the customer's original file, the production sheet's figures, and for
a ring made in another size the resized mesh to cast, built from the stored analysis (the ring's axis, centre and
inner radius) and the quote's new inner diameter."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Organization, User
from market.db import utcnow
from market.jewelry import analysis as mesh_analysis
from market.jewelry import formats, meshes, quote
from market.jewelry.models import (
    JewelryDesign,
    JewelryMetal,
    JewelryOrder,
    JewelryOrderEvent,
    JewelryOrderStatus,
    JewelryQuote,
    MeshAnalysis,
)
from market.jewelry.services import schedule
from market.jewelry.services.access import not_found
from market.jewelry.services.designs import DesignSummary, summarize, upload_limits
from market.jewelry.services.orders import get_order
from market.storage import get_storage

CONTENT_TYPES = {"stl": "model/stl", "obj": "model/obj", "ply": "application/octet-stream",
                 "glb": "model/gltf-binary", "gltf": "model/gltf+json", "3mf": "model/3mf"}
LOCATION_SAMPLES = 6_000


@dataclasses.dataclass
class OrderFiles:
    """An order with its quote, design and the design file's analysis."""

    order: JewelryOrder
    quote: JewelryQuote
    design: JewelryDesign
    analysis: MeshAnalysis

    @property
    def resized(self) -> bool:
        """Whether the ring is made in another size than drawn (so the resized mesh is what is cast)."""
        q = self.quote
        return (q.ring_after_mm is not None and q.ring_before_mm is not None
                and abs(q.ring_after_mm - q.ring_before_mm) >= 0.005
                and bool((self.analysis.result or {}).get("ring")))


def order_files(session: Session, user, order_id: int) -> OrderFiles:
    """An order's files for one of its parties; refuses everyone else (not_found)."""
    order = get_order(session, user, order_id)
    row = session.get(JewelryQuote, order.quote_id)
    design = session.get(JewelryDesign, row.design_id)
    return OrderFiles(order, row, design, session.get(MeshAnalysis, design.analysis_id))


def original_file(files: OrderFiles) -> tuple[str, str, str]:
    """The stored key, download name and content type of the file the customer uploaded."""
    return files.analysis.storage_key, files.design.filename, CONTENT_TYPES.get(files.analysis.format,
                                                                               "application/octet-stream")


def _load_mesh(files: OrderFiles) -> tuple[np.ndarray, np.ndarray]:
    """The uploaded mesh's vertices (in millimetres) and triangles, parsed again from the stored file."""
    data = get_storage().read(files.analysis.storage_key)
    key = files.analysis.storage_key
    checked = formats.check_upload(data, "design" + key[key.rfind("."):], upload_limits())
    raw = formats.read_mesh(data, checked, upload_limits())
    return raw.vertices, raw.faces


def _sound_mesh(files: OrderFiles) -> meshes.Mesh | None:
    """The uploaded mesh made sound the way the analysis did (welded, holes closed, triangles turned outward), in
    the file's units; None when it cannot be closed."""
    vertices, faces = _load_mesh(files)
    mesh, _merged, _dropped = meshes.weld(vertices, faces)
    topo = meshes.topology(mesh)
    if not topo.watertight:
        filled = meshes.fill_holes(mesh, topo)
        if filled is None:
            return None
        mesh = filled[0]
        topo = meshes.topology(mesh)
        if not topo.watertight:
            return None
    mesh, _flipped, consistent = meshes.orient(mesh, topo)
    return mesh if consistent else None


def resized_mesh_stl(files: OrderFiles) -> bytes:
    """The ring resized to the ordered size as a binary STL in millimetres (trimesh): the mesh made sound as the
    analysis made it, every vertex moved away from the stored ring axis by half the change of inner diameter, so
    the band keeps its wall (and its volume is the one the quote priced). Refuses an order whose ring is made as
    drawn (not_found: there is no such file)."""
    import trimesh

    if not files.resized:
        raise not_found(_("This order is made as drawn: there is no resized file."))
    ring = files.analysis.result["ring"]
    s = files.design.mm_per_unit
    sound = _sound_mesh(files)
    if sound is None:  # a ring's file was closed by the analysis; this only guards a changed analysis
        raise not_found(_("This order is made as drawn: there is no resized file."))
    delta_mm = (files.quote.ring_after_mm - 2 * ring["inner_radius"] * s) / 2
    resized = mesh_analysis.resize_ring(sound.vertices, ring, delta_mm / s) * s
    mesh = trimesh.Trimesh(vertices=resized, faces=sound.faces, process=False)
    return mesh.export(file_type="stl")


def resized_filename(files: OrderFiles) -> str:
    """The download name of the resized mesh: the original's name with the order and the new size."""
    stem = files.design.filename.rsplit(".", 1)[0] or "design"
    return f"{stem}-order{files.order.id}-{files.quote.ring_system}{files.quote.ring_value}.stl"


def thinnest_wall_location(files: OrderFiles) -> list[float] | None:
    """Where the thinnest walls are: the centre (in millimetres, in the file's coordinates) of the surface
    samples whose wall is within 5 % of the thinnest; None for an open mesh or when no wall is found."""
    result = files.analysis.result or {}
    if not result.get("watertight") or result.get("min_wall") is None:
        return None
    mesh = _sound_mesh(files)
    if mesh is None:
        return None
    tri = mesh.vertices[mesh.faces]
    cross = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    double_area = np.linalg.norm(cross, axis=1)
    normals = cross / np.maximum(double_area, 1e-300)[:, None]
    points, point_normals = mesh_analysis.sample_surface(tri, normals, double_area / 2, LOCATION_SAMPLES)
    cap = result.get("wall_cap") or result["min_wall"] * 4
    area = float(double_area.sum() / 2)
    thickness = mesh_analysis.wall_thickness(points, point_normals, max_radius=cap / 2,
                                             spacing=float(np.sqrt(area / max(len(points), 1))))
    finite = np.isfinite(thickness)
    if not finite.any():
        return None
    thinnest = thickness[finite].min()
    near = finite & (thickness <= thinnest * 1.05)
    centre = points[near].mean(axis=0) * files.design.mm_per_unit
    return [round(float(x), 1) for x in centre]


@dataclasses.dataclass(frozen=True)
class ProductionSheet:
    """Everything a workshop prints to make an order."""

    order_id: int
    customer_reference: str | None
    customer_name: str
    workshop_name: str
    design_name: str
    filename: str
    file_format: str
    summary: DesignSummary
    volume_mm3: float
    metal: str
    metal_weight_g: str
    total_weight_g: str
    quantity: int
    finish: str
    prototype: str
    ring: tuple[str, float | None, float | None] | None
    resized: bool
    min_wall_mm: float | None
    wall_at_least: bool
    required_wall_mm: str | None
    wall_location_mm: list[float] | None
    stones: list[dict]
    due_on: dt.date | None
    delivery_on: dt.date | None
    shipping_country: str
    notes: list[str]
    generated_on: dt.date


def production_sheet(session: Session, files: OrderFiles, *, locate_walls: bool = True) -> ProductionSheet:
    """The production sheet's figures: the piece's dimensions and volume (resized band), metal and weight, ring
    size before and after, the thinnest wall and where it is, finish, stones, quantity, the day the piece is due
    to ship, and the customer's reference."""
    order, row, design = files.order, files.quote, files.design
    summary = summarize(design, files.analysis)
    events = schedule_events(session, order)
    stages = schedule.order_stages(order, events, schedule.lead_time_of(session, order.workshop_org_id))
    metal = session.get(JewelryMetal, row.metal_code)
    customer = session.get(User, order.customer_id)
    ring = (f"{row.ring_system} {row.ring_value}", row.ring_before_mm, row.ring_after_mm) if row.ring_system else None
    notes = [e.note for e in events if e.note and e.to_status == JewelryOrderStatus.revision_requested]
    return ProductionSheet(
        order_id=order.id, customer_reference=order.customer_reference,
        customer_name=customer.display_name if customer else "—",
        workshop_name=session.get(Organization, order.workshop_org_id).name, design_name=design.name,
        filename=design.filename, file_format=files.analysis.format.upper(), summary=summary,
        volume_mm3=row.volume_mm3, metal=quote.metal_label(row.metal_code), metal_weight_g=f"{row.metal_weight_g}",
        total_weight_g=f"{row.metal_weight_g * row.quantity}", quantity=row.quantity,
        finish=quote.finish_label(row.finish_code),
        prototype=str(quote.PROTOTYPE_LABELS.get(row.prototype, row.prototype)), ring=ring, resized=files.resized,
        min_wall_mm=summary.min_wall_mm, wall_at_least=summary.wall_at_least,
        required_wall_mm=f"{metal.min_wall_mm}" if metal is not None else None,
        wall_location_mm=thinnest_wall_location(files) if locate_walls and not summary.wall_at_least else None,
        stones=list(row.stones), due_on=schedule.expected_on(stages, JewelryOrderStatus.shipped),
        delivery_on=schedule.expected_on(stages, JewelryOrderStatus.delivered),
        shipping_country=order.shipping_country, notes=notes, generated_on=utcnow().date())


def schedule_events(session: Session, order: JewelryOrder):
    """The order's timeline events, oldest first (what the stepper dates its stages by)."""
    return list(session.exec(select(JewelryOrderEvent).where(JewelryOrderEvent.order_id == order.id)
                             .order_by(JewelryOrderEvent.created_at, JewelryOrderEvent.id)))
