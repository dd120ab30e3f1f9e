"""Demo 3D models and showrooms: 3D models in true size made with trimesh for products of the demo catalog
(shoes, bags, jewelry, printed boxes, machined parts), converted in this process (GLB, USDZ, poster), a
showroom per cluster and one for the Seongsu regional support centre, and a few weeks of 3D views and AR
launches. Low-poly shapes keep the step to about two seconds."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from sqlmodel import Session, select

from catalog.products.models import Product, ProductStatus
from catalog.showroom.models import ModelEvent, Placement, ShowroomItem, ShowroomKind, ViewKind
from catalog.showroom.services import models3d, showrooms
from market.accounts.models import Organization
from market.clusters import Cluster
from market.db import utcnow

# Category → (how many products get a model, placement, default size in mm: width, depth, height).
KINDS = {
    "shoes": (3, Placement.floor, (110, 285, 125)),
    "bags": (3, Placement.table, (340, 140, 270)),
    "rings": (2, Placement.worn, (21, 21, 6)),
    "necklaces": (1, Placement.worn, (28, 6, 40)),
    "packaging": (2, Placement.table, (200, 150, 60)),
    "machined_parts": (2, Placement.table, (80, 80, 30)),
}
COLOURS = {"shoes": (92, 58, 38), "bags": (140, 82, 45), "rings": (212, 175, 55), "necklaces": (200, 200, 205),
           "packaging": (190, 40, 48), "machined_parts": (170, 174, 180)}


def _material(mesh, colour):
    import trimesh

    mesh.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(
        baseColorFactor=[*colour, 255], metallicFactor=0.6 if colour[0] > 160 else 0.0, roughnessFactor=0.5))
    return mesh


def _shape(category: str, size: tuple[float, float, float]):
    """A low-poly mesh of the category in millimetres (Z up), sized ``size`` (width, depth, height)."""
    import trimesh

    w, d, h = size
    if category == "shoes":
        sole = trimesh.creation.box(extents=[w, d, h * 0.15])
        sole.apply_translation([0, 0, h * 0.075])
        upper = trimesh.creation.icosphere(subdivisions=2)
        upper.apply_scale([w / 2, d * 0.45, h * 0.85])
        upper.apply_translation([0, -d * 0.05, h * 0.15])
        parts = [sole, upper]
    elif category == "bags":
        body = trimesh.creation.box(extents=[w, d, h * 0.7])
        body.apply_translation([0, 0, h * 0.35])
        handle = trimesh.creation.torus(major_radius=w * 0.25, minor_radius=min(d, h) * 0.04, major_sections=24,
                                        minor_sections=8)
        handle.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
        handle.apply_translation([0, 0, h * 0.7])
        parts = [body, handle]
    elif category == "rings":
        parts = [trimesh.creation.torus(major_radius=(w - h * 0.4) / 2 - 0.6, minor_radius=h / 2,
                                        major_sections=48, minor_sections=12)]
    elif category == "necklaces":
        pendant = trimesh.creation.cylinder(radius=w / 2, height=d, sections=32)
        pendant.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
        loop = trimesh.creation.torus(major_radius=w * 0.12, minor_radius=d * 0.12, major_sections=16,
                                      minor_sections=6)
        loop.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
        pendant.apply_translation([0, 0, w / 2])
        loop.apply_translation([0, 0, w + w * 0.12])
        parts = [pendant, loop]
    elif category == "packaging":
        lid = trimesh.creation.box(extents=[w, d, h * 0.25])
        lid.apply_translation([0, 0, h * 0.875])
        base = trimesh.creation.box(extents=[w * 0.98, d * 0.98, h * 0.8])
        base.apply_translation([0, 0, h * 0.4])
        parts = [base, lid]
    else:
        parts = [trimesh.creation.annulus(r_min=w * 0.2, r_max=w / 2, height=h, sections=40)]
    return [_material(part, COLOURS[category]) for part in parts]


def _glb(parts) -> tuple[bytes, list[float]]:
    """The parts as a GLB in metres (Y up), and its width, depth and height in mm."""
    import trimesh

    scene = trimesh.Scene()
    for part in parts:
        scene.add_geometry(part)
    lo, hi = scene.bounds
    sides = [round(float(v), 1) for v in (hi - lo)]
    to_metres = np.diag([0.001, 0.001, 0.001, 1.0])
    to_metres[:3, :3] = np.array([[1, 0, 0], [0, 0, 1], [0, -1, 0]]) * 0.001
    scene.apply_transform(to_metres)
    return scene.export(file_type="glb"), sides


def _size(product: Product, default: tuple[float, float, float]) -> tuple[float, float, float]:
    dims = product.dimensions_mm
    if isinstance(dims, list) and len(dims) == 3 and all(isinstance(v, int | float) and 5 <= v <= 2000 for v in dims):
        return tuple(float(v) for v in dims)
    return default


def add_demo_showroom(session: Session, rng: random.Random) -> dict[str, int]:
    """3D models for at least 12 demo products, the showrooms and their rows, and 3D and AR numbers (``rng``: a
    generator of this step's own, so the shared one is left as it was)."""
    made = []
    for category, (count, placement, default) in KINDS.items():
        products = list(session.exec(select(Product).where(Product.category == category,
                                                           Product.status == ProductStatus.published)
                                     .order_by(Product.id).limit(count)))
        for product in products:
            size = default if category in ("rings", "necklaces") else _size(product, default)
            data, sides = _glb(_shape(category, size))
            models3d.convert_now(session, product, data, f"{category}-{product.id}.glb", dimensions_mm=sides,
                                 placement=placement)
            made.append(product)
    rooms = []
    for cluster in session.exec(select(Cluster).order_by(Cluster.code)):
        rooms.append(showrooms.create_showroom(
            session, slug=cluster.code, kind=ShowroomKind.cluster, cluster_code=cluster.code,
            name_en=f"{cluster.name_en} showroom", name_ko=f"{cluster.name_ko} 쇼룸",
            intro_en=f"Products of {cluster.name_en} in 3D, in their true size.",
            intro_ko=f"{cluster.name_ko}의 제품을 실제 크기 3D로 만나 보세요."))
    centre = showrooms.create_showroom(
        session, slug="seongsu-regional-centre", kind=ShowroomKind.centre, name_en="Seongsu regional centre showroom",
        name_ko="성수 거점센터 쇼룸", intro_en="The VR and AR showroom of the Seongsu regional support centre.",
        intro_ko="성수 거점 지원센터의 VR·AR 쇼룸입니다.")
    by_cluster = {room.cluster_code: room for room in rooms}
    makers = {org.id: org for org in session.exec(select(Organization).where(
        Organization.id.in_([p.maker_id for p in made])))}
    items = 0
    positions: dict[tuple[int, int], int] = {}
    for index, product in enumerate(made):
        row = list(KINDS).index(product.category) // 2
        targets = [(centre, row)]
        room = by_cluster.get(makers[product.maker_id].cluster_code)
        if room is not None:
            targets.append((room, 0))
        for showroom, row_index in targets:
            position = positions.get((showroom.id, row_index), 0)
            positions[(showroom.id, row_index)] = position + 1
            session.add(ShowroomItem(showroom_id=showroom.id, product_id=product.id, row=row_index,
                                     position=position))
            items += 1
        now = utcnow()
        for _ in range(rng.randint(5, 40)):
            session.add(ModelEvent(product_id=product.id, kind=ViewKind.view,
                                   created_at=now - dt.timedelta(hours=rng.randint(1, 24 * 30))))
        for platform in ("webxr", "scene-viewer", "quick-look"):
            for _ in range(rng.randint(0, 8 if index % 2 else 3)):
                session.add(ModelEvent(product_id=product.id, kind=ViewKind.ar, platform=platform,
                                       created_at=now - dt.timedelta(hours=rng.randint(1, 24 * 30))))
    session.flush()
    return {"3D models": len(made), "showrooms": len(rooms) + 1, "showroom items": items}
