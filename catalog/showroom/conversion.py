"""The conversion core: a checked 3D upload in true size, turned into what browsers and phones show in a room.

Pure functions on bytes and numpy arrays (the child process of :mod:`.isolation` runs them under limits):

* :func:`measure` — the model's width, depth and height in its file units, after the file was parsed by the
  jewelry reader (:func:`market.jewelry.formats.read_mesh`);
* :func:`size_verdict` — whether the measured size matches the maker's stated dimensions within 5 %, else which
  unit would make it match (the jewelry unit warning), or none;
* :func:`to_room` — the 4×4 transform from the file's frame to metres, Y-up, standing on the floor, centred;
* :func:`build_glb` — an optimised binary glTF no larger than a budget (15 MB by default): textures downscaled
  first, then the mesh simplified (the jewelry viewer's vertex clustering, :func:`market.jewelry.analysis.decimate`);
* :func:`write_usdz` — a USDZ written with Pixar's ``usd-core``: ``metersPerUnit`` 1, up axis Y, the same scale
  and placement as the GLB, one UsdPreviewSurface per part, packaged for AR Quick Look;
* :func:`render_poster` — a PNG drawn in software (the jewelry thumbnail renderer; no GPU, no screen).
"""

from __future__ import annotations

import dataclasses
import io
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np

from market.jewelry import analysis as mesh_analysis
from market.jewelry import formats
from market.jewelry.meshes import Mesh, used_vertices

TOLERANCE = 0.05
MAX_GLB_BYTES = 15 * 1024 * 1024
# The units a maker may choose for files that do not declare one, in millimetres per unit.
UNITS = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "inch": 25.4}
UNIT_CODES = {"millimeter": "mm", "centimeter": "cm", "meter": "m", "inch": "inch", "micron": "um", "foot": "ft"}
# glTF is Y-up by its specification and OBJ exports are Y-up by custom; STL, PLY and 3MF are Z-up (3MF by its
# specification, STL and PLY by the custom of CAD and printing software).
UP_AXIS = {"glb": "y", "gltf": "y", "obj": "y", "stl": "z", "ply": "z", "3mf": "z"}
TEXTURE_SIDES = (2048, 1024, 512, 256)
SIMPLIFY_TARGETS = (400_000, 200_000, 100_000, 50_000, 20_000)


@dataclasses.dataclass(frozen=True)
class Verdict:
    """How a model's size compares with the stated one: ``ok``, or ``suggested_unit`` that would make it match
    (None when no unit does), and ``ratio`` (measured / stated, largest sides)."""

    ok: bool
    ratio: float
    suggested_unit: str | None = None


def extents_of(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """The size of the used vertices along x, y, z in file units."""
    used = used_vertices(vertices, faces)
    return used.max(axis=0) - used.min(axis=0)


def measure(extents: np.ndarray | list[float], mm_per_unit: float, up_axis: str) -> list[float]:
    """Width, depth and height in millimetres of a model whose file axes measure ``extents`` (file units)."""
    x, y, z = (float(v) * mm_per_unit for v in extents)
    return [round(x, 2), round(y, 2), round(z, 2)] if up_axis == "z" else [round(x, 2), round(z, 2), round(y, 2)]


def size_verdict(measured_mm: list[float], stated_mm: list[float], *, unit_choices: dict[str, float] | None = None,
                 mm_per_unit: float = 1.0) -> Verdict:
    """Whether each side of the model matches the stated sides within 5 % (compared largest to largest, so a
    model turned on its side still matches); otherwise the unit of ``unit_choices`` (for files without a
    declared unit) under which it would."""
    got = sorted(measured_mm, reverse=True)
    want = sorted(stated_mm, reverse=True)
    ratio = got[0] / want[0] if want[0] else math.inf

    def matches(scale: float) -> bool:
        return all(abs(g * scale - w) <= TOLERANCE * w for g, w in zip(got, want, strict=True))

    if matches(1.0):
        return Verdict(True, ratio)
    for code, mm in (unit_choices or {}).items():
        if matches(mm / mm_per_unit):
            return Verdict(False, ratio, code)
    return Verdict(False, ratio)


def to_room(vertices: np.ndarray, mm_per_unit: float, up_axis: str) -> np.ndarray:
    """The 4×4 transform from file coordinates to metres, Y-up, the model's base on the floor (y = 0) and its
    footprint centred on the origin: what AR places in a room."""
    scale = mm_per_unit / 1000.0
    rotate = np.eye(4)
    if up_axis == "z":
        # (x, y, z) → (x, z, −y): the file's Z becomes Y, its Y points away from the viewer.
        rotate[:3, :3] = [[1, 0, 0], [0, 0, 1], [0, -1, 0]]
    matrix = rotate @ np.diag([scale, scale, scale, 1.0])
    placed = vertices @ matrix[:3, :3].T
    lo, hi = placed.min(axis=0), placed.max(axis=0)
    matrix[:3, 3] = [-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2]
    return matrix


# --- the GLB ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Part:
    """One mesh of the model in room coordinates (metres, Y-up) with its base colour (RGBA 0..1)."""

    vertices: np.ndarray
    faces: np.ndarray
    colour: tuple[float, float, float, float]
    uv: np.ndarray | None = None  # per-vertex texture coordinates, with ``texture``
    texture: object | None = None  # the base colour texture (a PIL image)


def load_scene(data: bytes, checked: formats.CheckedFile, limits: formats.Limits):
    """The upload as a trimesh scene: glTF and GLB with their materials and embedded textures (external files
    were refused by the checks, and nothing is resolved), other formats as the jewelry reader parses them."""
    import trimesh

    if checked.format in ("glb", "gltf"):
        formats.read_mesh(data, checked, limits)  # the same validation as every other format
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scene = trimesh.load(io.BytesIO(data), file_type=checked.format, force="scene", process=False,
                                 resolver=None)
        return scene
    raw = formats.read_mesh(data, checked, limits)
    mesh = trimesh.Trimesh(raw.vertices, raw.faces, process=False)
    mesh.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(
        baseColorFactor=[200, 196, 188, 255], metallicFactor=0.0, roughnessFactor=0.7))
    return trimesh.Scene(mesh)


def _textures(material):
    for name in ("baseColorTexture", "normalTexture", "metallicRoughnessTexture", "emissiveTexture",
                 "occlusionTexture", "image"):
        image = getattr(material, name, None)
        if image is not None and hasattr(image, "size"):
            yield name, image


def _downscale_textures(scene, side: int) -> bool:
    """Shrink every texture to at most ``side`` pixels a side; whether any changed."""
    from PIL import Image

    changed = False
    for geometry in scene.geometry.values():
        material = getattr(getattr(geometry, "visual", None), "material", None)
        if material is None:
            continue
        for name, image in list(_textures(material)):
            if max(image.size) > side:
                copy = image.copy()
                copy.thumbnail((side, side), Image.Resampling.LANCZOS)
                setattr(material, name, copy)
                changed = True
    return changed


def _simplify(scene, target: int):
    """A copy of the scene whose meshes together have about ``target`` triangles (vertex clustering; textures
    give way to their base colour, since clustering does not keep texture coordinates)."""
    import trimesh

    total = sum(len(g.faces) for g in scene.geometry.values() if hasattr(g, "faces")) or 1
    simplified = trimesh.Scene()
    for part in parts_of(scene):
        share = max(500, int(target * len(part.faces) / total))
        light = mesh_analysis.decimate(Mesh(part.vertices, part.faces), share)
        mesh = trimesh.Trimesh(light.vertices, light.faces, process=False)
        mesh.visual = trimesh.visual.TextureVisuals(material=trimesh.visual.material.PBRMaterial(
            baseColorFactor=[int(c * 255) for c in part.colour], metallicFactor=0.0, roughnessFactor=0.7))
        simplified.add_geometry(mesh)
    return simplified


def build_glb(scene, matrix: np.ndarray, max_bytes: int = MAX_GLB_BYTES,
              progress: Callable[[float, str], None] | None = None) -> tuple[bytes, object]:
    """The scene placed by ``matrix`` as GLB bytes of at most ``max_bytes``: as it is when it fits, else with
    textures downscaled step by step, else simplified; returns the bytes and the scene they were made from.
    Raises ValueError when even the lightest version does not fit."""
    scene.apply_transform(matrix)
    data = scene.export(file_type="glb")
    for side in TEXTURE_SIDES:
        if len(data) <= max_bytes:
            return data, scene
        if progress:
            progress(0.3, "textures")
        if _downscale_textures(scene, side):
            data = scene.export(file_type="glb")
    for target in SIMPLIFY_TARGETS:
        if len(data) <= max_bytes:
            return data, scene
        if progress:
            progress(0.4, "simplify")
        scene = _simplify(scene, target)
        data = scene.export(file_type="glb")
    if len(data) > max_bytes:
        raise ValueError("the model does not fit the GLB budget")
    return data, scene


def _colour(geometry) -> tuple[float, float, float, float]:
    visual = getattr(geometry, "visual", None)
    try:
        material = getattr(visual, "material", None)
        factor = getattr(material, "baseColorFactor", None)
        if factor is not None:
            rgba = np.asarray(factor, dtype=np.float64).ravel()
        elif material is not None and hasattr(material, "main_color"):
            rgba = np.asarray(material.main_color, dtype=np.float64).ravel()
        else:
            rgba = np.asarray(visual.main_color, dtype=np.float64).ravel()
    except (AttributeError, TypeError, ValueError, IndexError):
        return (0.78, 0.77, 0.74, 1.0)
    if rgba.size < 3:
        return (0.78, 0.77, 0.74, 1.0)
    if rgba.max() > 1.0:
        rgba = rgba / 255.0
    rgba = np.concatenate([rgba[:4], [1.0] * (4 - min(rgba.size, 4))])
    return tuple(float(c) for c in rgba[:4])


def parts_of(scene) -> list[Part]:
    """Each mesh of the scene in scene coordinates with its colour."""
    parts = []
    for node in scene.graph.nodes_geometry:
        transform, name = scene.graph[node]
        geometry = scene.geometry.get(name)
        if geometry is None or not hasattr(geometry, "faces") or not len(geometry.faces):
            continue
        vertices = np.asarray(geometry.vertices, dtype=np.float64) @ np.asarray(transform)[:3, :3].T \
            + np.asarray(transform)[:3, 3]
        faces = np.asarray(geometry.faces, dtype=np.int64)
        if np.linalg.det(np.asarray(transform)[:3, :3]) < 0:
            faces = faces[:, ::-1]
        uv, texture = _texture_of(geometry)
        parts.append(Part(vertices, faces, _colour(geometry), uv, texture))
    return parts


def _texture_of(geometry):
    """The base colour texture and per-vertex UVs of a textured mesh, or (None, None)."""
    visual = getattr(geometry, "visual", None)
    uv = getattr(visual, "uv", None)
    material = getattr(visual, "material", None)
    image = getattr(material, "baseColorTexture", None) or getattr(material, "image", None)
    if uv is None or image is None or not hasattr(image, "size") or len(uv) != len(geometry.vertices):
        return None, None
    return np.asarray(uv, dtype=np.float32), image


# --- the USDZ --------------------------------------------------------------------------------------------------


def write_usdz(parts: list[Part], path: Path) -> None:
    """Write the parts (metres, Y-up) as a USDZ for AR Quick Look: stage metres per unit 1, up axis Y, a default
    prim holding every mesh and its UsdPreviewSurface material."""
    from pxr import Gf, Sdf, Usd, UsdGeom, UsdShade, UsdUtils, Vt

    work = path.with_suffix(".usdc")
    stage = Usd.Stage.CreateNew(str(work))
    UsdGeom.SetStageUpAxis(stage, UsdGeom.Tokens.y)
    UsdGeom.SetStageMetersPerUnit(stage, 1.0)
    root = UsdGeom.Xform.Define(stage, "/Model")
    stage.SetDefaultPrim(root.GetPrim())
    UsdGeom.Scope.Define(stage, "/Model/Materials")
    for index, part in enumerate(parts):
        mesh = UsdGeom.Mesh.Define(stage, f"/Model/Part{index}")
        points = part.vertices.astype(np.float32)
        mesh.CreatePointsAttr(Vt.Vec3fArray.FromNumpy(points))
        mesh.CreateFaceVertexCountsAttr(Vt.IntArray.FromNumpy(np.full(len(part.faces), 3, dtype=np.int32)))
        mesh.CreateFaceVertexIndicesAttr(Vt.IntArray.FromNumpy(part.faces.astype(np.int32).ravel()))
        mesh.CreateSubdivisionSchemeAttr(UsdGeom.Tokens.none)
        mesh.CreateDoubleSidedAttr(True)
        used = points[np.unique(part.faces)]
        mesh.CreateExtentAttr(Vt.Vec3fArray([Gf.Vec3f(*map(float, used.min(axis=0))),
                                             Gf.Vec3f(*map(float, used.max(axis=0)))]))
        material = UsdShade.Material.Define(stage, f"/Model/Materials/Material{index}")
        shader = UsdShade.Shader.Define(stage, f"/Model/Materials/Material{index}/Surface")
        shader.CreateIdAttr("UsdPreviewSurface")
        r, g, b, a = part.colour
        if part.texture is not None:
            _bind_texture(stage, mesh, material, shader, part, index, work.parent)
        else:
            shader.CreateInput("diffuseColor", Sdf.ValueTypeNames.Color3f).Set(Gf.Vec3f(r, g, b))
        shader.CreateInput("opacity", Sdf.ValueTypeNames.Float).Set(float(a))
        shader.CreateInput("roughness", Sdf.ValueTypeNames.Float).Set(0.6)
        shader.CreateInput("metallic", Sdf.ValueTypeNames.Float).Set(0.0)
        material.CreateSurfaceOutput().ConnectToSource(shader.ConnectableAPI(), "surface")
        UsdShade.MaterialBindingAPI.Apply(mesh.GetPrim()).Bind(material)
    stage.GetRootLayer().Save()
    del stage
    if not UsdUtils.CreateNewARKitUsdzPackage(Sdf.AssetPath(str(work)), str(path)):
        raise ValueError("the USDZ package could not be written")
    work.unlink(missing_ok=True)


def _bind_texture(stage, mesh, material, shader, part: Part, index: int, folder: Path) -> None:
    """Give a mesh its base colour texture: texture coordinates as the ``st`` primvar, the image as a PNG next to
    the stage (packaged into the USDZ with it), read by a UsdUVTexture into the surface's diffuse colour."""
    from pxr import Sdf, UsdGeom, UsdShade, Vt

    name = f"texture{index}.png"
    image = part.texture.convert("RGBA" if part.texture.mode in ("RGBA", "LA", "P") else "RGB")
    image.save(folder / name, format="PNG")
    primvar = UsdGeom.PrimvarsAPI(mesh).CreatePrimvar("st", Sdf.ValueTypeNames.TexCoord2fArray,
                                                       UsdGeom.Tokens.vertex)
    primvar.Set(Vt.Vec2fArray.FromNumpy(part.uv))
    path = material.GetPath()
    reader = UsdShade.Shader.Define(stage, path.AppendChild("TexCoords"))
    reader.CreateIdAttr("UsdPrimvarReader_float2")
    reader.CreateInput("varname", Sdf.ValueTypeNames.Token).Set("st")
    texture = UsdShade.Shader.Define(stage, path.AppendChild("BaseColor"))
    texture.CreateIdAttr("UsdUVTexture")
    texture.CreateInput("file", Sdf.ValueTypeNames.Asset).Set(name)
    texture.CreateInput("st", Sdf.ValueTypeNames.Float2).ConnectToSource(reader.ConnectableAPI(), "result")
    texture.CreateInput("wrapS", Sdf.ValueTypeNames.Token).Set("repeat")
    texture.CreateInput("wrapT", Sdf.ValueTypeNames.Token).Set("repeat")
    texture.CreateOutput("rgb", Sdf.ValueTypeNames.Float3)
    shader.CreateInput("diffuseColor", Sdf.ValueTypeNames.Color3f).ConnectToSource(texture.ConnectableAPI(), "rgb")


# --- the poster ------------------------------------------------------------------------------------------------


def render_poster(parts: list[Part], size: int = 640) -> bytes:
    """A PNG of the model seen three-quarters from the front, drawn in software by the jewelry renderer."""
    offsets = np.cumsum([0] + [len(p.vertices) for p in parts[:-1]])
    vertices = np.concatenate([p.vertices for p in parts])
    faces = np.concatenate([p.faces + offset for p, offset in zip(parts, offsets, strict=True)])
    # The renderer looks down its Z axis: back from Y-up to Z-up.
    z_up = np.column_stack([vertices[:, 0], -vertices[:, 2], vertices[:, 1]])
    drawn = mesh_analysis.render_thumbnail(Mesh(z_up, faces), size=size)
    return _recolour(drawn, _main_colour(parts))


def _main_colour(parts: list[Part]) -> tuple[int, int, int]:
    """The colour of the largest part (by triangles) as 0..255 RGB."""
    largest = max(parts, key=lambda p: len(p.faces))
    return tuple(int(round(c * 255)) for c in largest.colour[:3])


def _recolour(png: bytes, colour: tuple[int, int, int]) -> bytes:
    """The renderer shades in gold: keep its light and shade, but in the product's own colour (the light
    background stays as it is)."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(png)) as image:
        grey = ImageOps.grayscale(image)
        # Gold lit full on is about grey 175; the background is about 244.
        tinted = ImageOps.colorize(grey, black=(0, 0, 0), white=(246, 244, 239), mid=colour, blackpoint=0,
                                   whitepoint=244, midpoint=175)
        out = io.BytesIO()
        tinted.save(out, format="PNG", optimize=True)
    return out.getvalue()
