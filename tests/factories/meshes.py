"""Hostile and oversized 3D files made in memory: small files that declare huge counts (PLY and GLB headers, a glTF
mesh placed by thousands of nodes, a 3MF object built thousands of times), OBJ and 3MF files with a chosen
number of vertices (just under or just over a limit), and 3MF models of a real triangle soup."""

from __future__ import annotations

import json
import struct

from tests.factories.files import make_3mf

NS_3MF = b"http://schemas.microsoft.com/3dmanufacturing/core/2015/02"


def obj_with_vertices(vertices: int, faces: int = 1) -> bytes:
    """An OBJ with ``vertices`` vertex lines (distinct points on a line) and ``faces`` triangles over the first
    three."""
    lines = b"".join(b"v %d 0 %d\n" % (i % 997, i // 997) for i in range(vertices))
    return b"# made for a test\n" + lines + b"f 1 2 3\n" * faces


def ply_declaring(vertices: int, faces: int) -> bytes:
    """An ASCII PLY whose header declares ``vertices`` and ``faces`` but whose body holds one triangle."""
    return (b"ply\nformat ascii 1.0\nelement vertex %d\nproperty float x\nproperty float y\nproperty float z\n"
            b"element face %d\nproperty list uchar int vertex_indices\nend_header\n"
            b"0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n" % (vertices, faces))


def _glb(doc: dict, binary: bytes) -> bytes:
    text = json.dumps(doc).encode()
    text += b" " * (-len(text) % 4)
    binary += b"\x00" * (-len(binary) % 4)
    total = 12 + 8 + len(text) + 8 + len(binary)
    return (struct.pack("<4sII", b"glTF", 2, total) + struct.pack("<I4s", len(text), b"JSON") + text
            + struct.pack("<I4s", len(binary), b"BIN\x00") + binary)


def glb_declaring(positions: int, indices: int, nodes: int = 1) -> bytes:
    """A GLB of 48 bytes of data whose accessors declare ``positions`` vertices and ``indices`` corners, its mesh
    placed by ``nodes`` nodes."""
    doc = {"asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": list(range(nodes))}],
           "nodes": [{"mesh": 0} for _ in range(nodes)],
           "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
           "buffers": [{"byteLength": 48}],
           "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": 36},
                           {"buffer": 0, "byteOffset": 36, "byteLength": 12}],
           "accessors": [{"bufferView": 0, "componentType": 5126, "count": positions, "type": "VEC3",
                          "min": [0, 0, 0], "max": [1, 1, 0]},
                         {"bufferView": 1, "componentType": 5125, "count": indices, "type": "SCALAR"}]}
    binary = struct.pack("<9f", 0, 0, 0, 1, 0, 0, 0, 1, 0) + struct.pack("<3I", 0, 1, 2)
    return _glb(doc, binary)


def model_3mf(vertices: int, triangles: int, items: int = 1, unit: str = "millimeter") -> bytes:
    """A 3MF whose one object has ``vertices`` vertices and ``triangles`` triangles (a fan over them), built
    ``items`` times by the build."""
    vertex_xml = b"".join(b'<vertex x="%d" y="%d" z="0"/>' % (i % 101, i // 101) for i in range(vertices))
    triangle_xml = b"".join(b'<triangle v1="0" v2="%d" v3="%d"/>' % (1 + i % max(vertices - 2, 1),
                                                                      2 + i % max(vertices - 2, 1))
                            for i in range(triangles))
    build = b"".join(b'<item objectid="1"/>' for _ in range(items))
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><model unit="' + unit.encode() + b'" xmlns="' + NS_3MF + b'">'
           b'<resources><object id="1" type="model"><mesh><vertices>' + vertex_xml + b"</vertices><triangles>"
           + triangle_xml + b"</triangles></mesh></object></resources><build>" + build + b"</build></model>")
    return make_3mf(xml)
