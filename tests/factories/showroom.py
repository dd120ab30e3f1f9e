"""3D models for the showroom tests, made here with trimesh in true size: boxes as STL, GLB (optionally with a
texture, or with a texture that points at another file) and 3MF, and a 3MF compression bomb."""

from __future__ import annotations

import io
import json
import struct
import zipfile

import numpy as np


def box_mesh(width: float, depth: float, height: float):
    """A closed box ``width`` × ``depth`` × ``height`` in file units (Z up), its base at z = 0."""
    import trimesh

    mesh = trimesh.creation.box(extents=[width, depth, height])
    mesh.apply_translation([0, 0, height / 2])
    return mesh


def stl_box(width: float, depth: float, height: float) -> bytes:
    """A binary STL of a box in file units (the maker's unit), Z up."""
    return box_mesh(width, depth, height).export(file_type="stl")


def glb_box(width_mm: float, depth_mm: float, height_mm: float, *, texture_side: int = 0) -> bytes:
    """A GLB of a box in metres, Y up (height along Y), optionally with a noisy base colour texture."""
    import trimesh
    from PIL import Image

    mesh = trimesh.creation.box(extents=[width_mm / 1000, height_mm / 1000, depth_mm / 1000])
    if texture_side:
        rng = np.random.default_rng(7)
        image = Image.fromarray(rng.integers(0, 255, (texture_side, texture_side, 3), dtype=np.uint8))
        uv = rng.random((len(mesh.vertices), 2))
        material = trimesh.visual.material.PBRMaterial(baseColorTexture=image)
        mesh.visual = trimesh.visual.TextureVisuals(uv=uv, material=material)
    return trimesh.Scene(mesh).export(file_type="glb")


def glb_with_external_texture(width_mm: float = 100, depth_mm: float = 100, height_mm: float = 100) -> bytes:
    """A box GLB whose image points at a file beside it (``texture.png``) instead of carrying it."""
    data = glb_box(width_mm, depth_mm, height_mm)
    length = struct.unpack_from("<I", data, 12)[0]
    doc = json.loads(data[20:20 + length])
    binary = data[20 + length:]
    doc["images"] = [{"uri": "texture.png"}]
    doc["textures"] = [{"source": 0}]
    doc.setdefault("materials", [{}])[0]["pbrMetallicRoughness"] = {"baseColorTexture": {"index": 0}}
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    body = struct.pack("<I4s", len(text), b"JSON") + text + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(body)) + body


def threemf_box(width: float, depth: float, height: float, unit: str = "millimeter") -> bytes:
    """A 3MF of a box in ``unit``."""
    mesh = box_mesh(width, depth, height)
    vertices = "".join(f'<vertex x="{x:.4f}" y="{y:.4f}" z="{z:.4f}"/>' for x, y, z in mesh.vertices)
    triangles = "".join(f'<triangle v1="{a}" v2="{b}" v3="{c}"/>' for a, b, c in mesh.faces)
    model = (f'<?xml version="1.0" encoding="UTF-8"?><model unit="{unit}" xmlns="http://schemas.microsoft.com/'
             f'3dmanufacturing/core/2015/02"><resources><object id="1" type="model"><mesh><vertices>{vertices}'
             f'</vertices><triangles>{triangles}</triangles></mesh></object></resources><build><item objectid="1"/>'
             f'</build></model>').encode()
    return _zip({"3D/3dmodel.model": model})


def threemf_bomb() -> bytes:
    """A 3MF whose model part is 300 MB of zeros squeezed into a few hundred kilobytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("3D/3dmodel.model", "w", force_zip64=True) as entry:
            chunk = b"\x00" * (1 << 20)
            for _ in range(300):
                entry.write(chunk)
    return out.getvalue()


_CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>'
                  b'</Types>')


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()
