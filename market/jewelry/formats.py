"""Uploaded 3D files: what they really are, whether they are safe and small enough, and their triangles.

Every check runs on the bytes before anything is stored: the content must be the format its name claims (STL
ASCII or binary, OBJ, PLY, GLB, glTF with embedded buffers, 3MF), a binary STL must be exactly
``84 + 50 × triangles`` bytes, a 3MF archive must have a bounded number of entries, a bounded uncompressed size,
no compression bomb, only safe paths and no XML entity declarations, and the vertex and triangle counts must stay under the
limits *before* a parser allocates anything for them (:mod:`.counting` finds them from headers or in one cheap
streaming pass). A file that is no 3D model at all is named for what it is ("a PNG image"). :func:`read_mesh`
then parses into plain numpy arrays (vertices, triangles, the unit the file declares if its format has one);
uploads run it in a child process with memory and CPU limits (:mod:`.isolation`). Refusals raise
:class:`MeshFileError` with a message for people.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import struct
import warnings
import xml.parsers.expat
import zipfile
from collections.abc import Mapping
from pathlib import PurePosixPath

import numpy as np
from flask_babel import lazy_gettext as _l

from market.jewelry import counting

FORMAT_NAMES = {"stl": "STL", "obj": "OBJ", "ply": "PLY", "glb": "GLB", "gltf": "glTF", "3mf": "3MF"}
EXTENSIONS = {".stl": "stl", ".obj": "obj", ".ply": "ply", ".glb": "glb", ".gltf": "gltf", ".3mf": "3mf"}
ACCEPT = ",".join(EXTENSIONS)
# Formats whose files say in which unit they are drawn; the others take the customer's unit.
UNIT_DECLARING = {"3mf", "glb", "gltf"}

MM_PER_UNIT = {
    "micron": 0.001, "millimeter": 1.0, "centimeter": 10.0, "meter": 1000.0, "inch": 25.4, "foot": 304.8,
}
_UNIT_ALIASES = {
    "microns": "micron", "micrometer": "micron", "millimeters": "millimeter", "mm": "millimeter",
    "centimeters": "centimeter", "cm": "centimeter", "meters": "meter", "m": "meter", "inches": "inch",
    "in": "inch", "feet": "foot", "ft": "foot",
}


@dataclasses.dataclass(frozen=True)
class Limits:
    """How large an upload may be (settings ``JEWELRY_MAX_UPLOAD_BYTES``, ``JEWELRY_MAX_TRIANGLES``,
    ``JEWELRY_MAX_VERTICES``, ...)."""

    max_bytes: int = 64 * 1024 * 1024
    max_triangles: int = 1_000_000
    max_vertices: int = 1_000_000
    max_archive_entries: int = 64
    max_uncompressed_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: int = 150

    @classmethod
    def from_config(cls, config: Mapping) -> Limits:
        """The limits of an app's config, with these defaults for what it does not set."""
        return cls(
            max_bytes=int(config.get("JEWELRY_MAX_UPLOAD_BYTES", cls.max_bytes)),
            max_triangles=int(config.get("JEWELRY_MAX_TRIANGLES", cls.max_triangles)),
            max_vertices=int(config.get("JEWELRY_MAX_VERTICES", cls.max_vertices)),
            max_archive_entries=int(config.get("JEWELRY_MAX_ARCHIVE_ENTRIES", cls.max_archive_entries)),
            max_uncompressed_bytes=int(config.get("JEWELRY_MAX_UNCOMPRESSED_BYTES", cls.max_uncompressed_bytes)),
            max_compression_ratio=int(config.get("JEWELRY_MAX_COMPRESSION_RATIO", cls.max_compression_ratio)),
        )


DEFAULT_LIMITS = Limits()


class MeshFileError(ValueError):
    """A refused upload: ``message`` says why in words a customer understands; ``code`` is for the API."""

    def __init__(self, message, code: str = "invalid_mesh"):
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclasses.dataclass(frozen=True)
class CheckedFile:
    """An upload whose content was identified and bounded: its format, its triangle count and, for formats
    that share vertices between triangles, its vertex count (None for STL: three per triangle)."""

    format: str
    suffix: str
    triangles: int
    binary: bool = False
    vertices: int | None = None
    declared_unit: str | None = None  # the unit a 3MF or glTF file declares, found without parsing it


@dataclasses.dataclass
class RawMesh:
    """Parsed geometry in the file's own coordinates: ``vertices`` (n, 3) float64 and ``faces`` (m, 3) int64.

    ``declared_unit`` is the unit the file states (3MF, glTF), else None: then the customer's unit applies."""

    format: str
    vertices: np.ndarray
    faces: np.ndarray
    declared_unit: str | None = None


def normalize_unit(name: str | None) -> str | None:
    """A unit name as :data:`MM_PER_UNIT` knows it (``"inches"`` → ``"inch"``), or None when unknown."""
    if not name:
        return None
    key = str(name).strip().lower()
    key = _UNIT_ALIASES.get(key, key)
    return key if key in MM_PER_UNIT else None


def display_name(filename: str) -> str:
    """The upload's own name without folders or control characters, short enough to show; never a path."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()[:120]
    return name or "design"


# --- identification ----------------------------------------------------------------------------------------------


_is_text = counting.is_text


def _binary_stl_triangles(data: bytes) -> int | None:
    if len(data) < 84:
        return None
    return struct.unpack_from("<I", data, 80)[0]


def sniff(data: bytes) -> str | None:
    """What the bytes are: ``stl``, ``obj``, ``ply``, ``glb``, ``gltf``, ``3mf`` (any zip), or None."""
    if data.startswith(b"glTF"):
        return "glb"
    if data.startswith(b"PK\x03\x04"):
        return "3mf"
    if data.startswith(b"ply\n") or data.startswith(b"ply\r\n"):
        return "ply"
    count = _binary_stl_triangles(data)
    if count is not None and len(data) == 84 + 50 * count:
        return "stl"
    head = data[:4096]
    if not _is_text(head):
        return None
    stripped = head.lstrip()
    if stripped[:5].lower() == b"solid" and (b"facet" in data[:65536] or b"endsolid" in data[-4096:]):
        return "stl"
    if stripped.startswith(b"{") and b'"asset"' in data[:1_000_000]:
        return "gltf"
    if re.search(rb"(?m)^\s*v\s+[-+0-9.eE]", head) or re.search(rb"(?m)^\s*(mtllib|o|g)\s", head):
        return "obj"
    return None


def check_upload(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> CheckedFile:
    """Identify an upload and bound it; refuses empty, oversized, mislabelled, malformed and unsafe files."""
    name = display_name(filename)
    suffix = PurePosixPath(name.lower()).suffix
    if not data:
        raise MeshFileError(_l("The file is empty."), "empty_file")
    if len(data) > limits.max_bytes:
        raise MeshFileError(_l("The file is larger than %(mb)d MB.", mb=limits.max_bytes // 2**20), "too_large")
    claimed = EXTENSIONS.get(suffix)
    if claimed is None:
        raise MeshFileError(_l("Upload an STL, OBJ, PLY, GLB, glTF or 3MF file."), "unsupported_format")
    actual = sniff(data)
    if actual is None and (other := counting.not_a_model(data)) is not None \
            and not (claimed == "stl" and _looks_like_stl(data)):
        raise MeshFileError(other, "not_a_model")
    if claimed == "stl" and actual in (None, "stl"):
        checked = _check_stl(data, limits)
    elif actual != claimed:
        if actual is None:
            raise MeshFileError(_l("This file is named .%(ext)s but its content is not a %(format)s file.",
                                   ext=suffix[1:], format=FORMAT_NAMES[claimed]), "wrong_format")
        raise MeshFileError(_l("This file is named .%(ext)s but its content is a %(actual)s file. Rename it or "
                               "export it again.", ext=suffix[1:], actual=FORMAT_NAMES[actual]), "wrong_format")
    else:
        checked = _CHECKS[claimed](data, limits)
    if checked.vertices is not None and checked.vertices > limits.max_vertices:
        raise _too_many_vertices(checked.vertices, limits)
    if checked.triangles > limits.max_triangles:
        raise _too_many_triangles(checked.triangles, limits)
    if checked.triangles <= 0:
        raise MeshFileError(_l("The file contains no triangles."), "empty_mesh")
    return checked


def _too_many_triangles(count: int, limits: Limits, at_least: bool = False) -> MeshFileError:
    if at_least:
        return MeshFileError(_l("The design has more than %(limit)s triangles, the limit. Reduce it in your CAD "
                                "program and upload it again.", limit=f"{limits.max_triangles:,}"),
                             "too_many_triangles")
    return MeshFileError(_l("The design has %(count)s triangles; the limit is %(limit)s. Reduce it in your "
                            "CAD program and upload it again.", count=f"{count:,}",
                            limit=f"{limits.max_triangles:,}"), "too_many_triangles")


def _too_many_vertices(count: int, limits: Limits, at_least: bool = False) -> MeshFileError:
    if at_least:
        return MeshFileError(_l("The design has more than %(limit)s vertices, the limit. Reduce it in your CAD "
                                "program and upload it again.", limit=f"{limits.max_vertices:,}"),
                             "too_many_vertices")
    return MeshFileError(_l("The design has %(count)s vertices; the limit is %(limit)s. Reduce it in your CAD "
                            "program and upload it again.", count=f"{count:,}", limit=f"{limits.max_vertices:,}"),
                         "too_many_vertices")


def _refuse_counts(counts: counting.Counts, limits: Limits) -> None:
    """Refuse a file whose counting stopped at a limit."""
    if counts.over == "vertices":
        raise _too_many_vertices(counts.vertices, limits, at_least=not counts.complete)
    if counts.over == "triangles":
        raise _too_many_triangles(counts.triangles, limits, at_least=not counts.complete)


def _looks_like_stl(data: bytes) -> bool:
    """Text that starts like an ASCII STL (it is then refused as a damaged STL, not as "a text file")."""
    return data[:4096].lstrip()[:5].lower() == b"solid" and _is_text(data[:4096])


def _check_stl(data: bytes, limits: Limits) -> CheckedFile:
    count = _binary_stl_triangles(data)
    if count is not None and len(data) == 84 + 50 * count:
        return CheckedFile("stl", ".stl", count, binary=True)
    head = data[:4096]
    if _is_text(head) and head.lstrip()[:5].lower() == b"solid":
        if b"facet" not in data and b"endsolid" not in data:
            raise MeshFileError(_l("This ASCII STL file has no facets."), "empty_mesh")
        return CheckedFile("stl", ".stl", data.count(b"endloop"))
    if count is None:
        raise MeshFileError(_l("This STL file is too short to be valid (%(size)d bytes).", size=len(data)),
                            "truncated")
    raise MeshFileError(_l("This binary STL file declares %(count)s triangles, so it should be %(expected)s "
                           "bytes, but it is %(size)s bytes: it is truncated or its triangle count is wrong.",
                           count=f"{count:,}", expected=f"{84 + 50 * count:,}", size=f"{len(data):,}"),
                        "truncated")


def _check_obj(data: bytes, limits: Limits) -> CheckedFile:
    if b"\x00" in data:
        raise MeshFileError(_l("This OBJ file is not text."), "malformed")
    counts = counting.count_obj(data, limits.max_vertices, limits.max_triangles)
    _refuse_counts(counts, limits)
    return CheckedFile("obj", ".obj", counts.triangles, vertices=counts.vertices)


_PLY_TYPES = {"char": 1, "uchar": 1, "int8": 1, "uint8": 1, "short": 2, "ushort": 2, "int16": 2, "uint16": 2,
              "int": 4, "uint": 4, "int32": 4, "uint32": 4, "float": 4, "float32": 4, "double": 8, "float64": 8}


def _check_ply(data: bytes, limits: Limits) -> CheckedFile:
    end = data.find(b"end_header", 0, 65536)
    if end < 0:
        raise MeshFileError(_l("This PLY file has no complete header."), "malformed")
    try:
        header = data[:end].decode("ascii")
    except UnicodeDecodeError:
        raise MeshFileError(_l("This PLY file has no complete header."), "malformed") from None
    lines = [line.split() for line in header.splitlines() if line.strip()]
    encoding = next((line[1] for line in lines if line[0] == "format" and len(line) >= 2), None)
    if encoding not in ("ascii", "binary_little_endian", "binary_big_endian"):
        raise MeshFileError(_l("This PLY file has no valid format line."), "malformed")
    counts: dict[str, int] = {}
    vertex_bytes = 0
    current = None
    for line in lines:
        if line[0] == "element" and len(line) == 3:
            current = line[1]
            try:
                counts[current] = int(line[2])
            except ValueError:
                raise MeshFileError(_l("This PLY file has no complete header."), "malformed") from None
            if counts[current] < 0:
                raise MeshFileError(_l("This PLY file has no complete header."), "malformed")
        elif line[0] == "property" and current == "vertex" and len(line) == 3:
            vertex_bytes += _PLY_TYPES.get(line[1], 0)
    vertices, faces = counts.get("vertex", 0), counts.get("face", 0)
    if vertices > limits.max_vertices:
        raise _too_many_vertices(vertices, limits)
    if encoding != "ascii" and len(data) < end + vertices * vertex_bytes + faces * 13:
        raise MeshFileError(_l("This PLY file is shorter than its header says: it is truncated."), "truncated")
    return CheckedFile("ply", ".ply", faces, binary=encoding != "ascii", vertices=vertices)


def _gltf_counts(doc: dict) -> counting.Counts:
    """Vertices and triangles the glTF document's meshes declare (from their accessors, without reading the
    buffers); refuses external files and malformed meshes."""
    if not isinstance(doc, dict) or not isinstance(doc.get("asset"), dict):
        raise MeshFileError(_l("This glTF file has no valid asset description."), "malformed")
    for buffer in doc.get("buffers") or []:
        uri = buffer.get("uri") if isinstance(buffer, dict) else None
        if uri is not None and not str(uri).startswith("data:"):
            raise MeshFileError(_l("This glTF file refers to other files. Export it as a single GLB file, or "
                                   "as glTF with embedded data."), "external_reference")
    for image in doc.get("images") or []:
        uri = image.get("uri") if isinstance(image, dict) else None
        if uri is not None and not str(uri).startswith("data:"):
            raise MeshFileError(_l("This glTF file refers to other files. Export it as a single GLB file, or "
                                   "as glTF with embedded data."), "external_reference")
    try:
        return counting.count_gltf(doc)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise MeshFileError(_l("This glTF file's meshes are malformed."), "malformed") from None


def _check_glb(data: bytes, limits: Limits) -> CheckedFile:
    if len(data) < 20:
        raise MeshFileError(_l("This GLB file is truncated."), "truncated")
    magic, version, length = struct.unpack_from("<4sII", data, 0)
    if version != 2:
        raise MeshFileError(_l("Only glTF 2.0 files are supported."), "unsupported_format")
    if length != len(data):
        raise MeshFileError(_l("This GLB file says it is %(expected)s bytes but it is %(size)s bytes: it is "
                               "truncated or damaged.", expected=f"{length:,}", size=f"{len(data):,}"), "truncated")
    chunk_length, chunk_type = struct.unpack_from("<II", data, 12)
    if chunk_type != 0x4E4F534A or 20 + chunk_length > len(data):
        raise MeshFileError(_l("This GLB file is truncated."), "truncated")
    try:
        doc = json.loads(data[20:20 + chunk_length])
    except (UnicodeDecodeError, ValueError):
        raise MeshFileError(_l("This GLB file's description is not valid JSON."), "malformed") from None
    counts = _gltf_counts(doc)
    return CheckedFile("glb", ".glb", counts.triangles, binary=True, vertices=counts.vertices,
                       declared_unit="meter")


def _check_gltf(data: bytes, limits: Limits) -> CheckedFile:
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise MeshFileError(_l("This glTF file is not valid JSON."), "malformed") from None
    counts = _gltf_counts(doc)
    return CheckedFile("gltf", ".gltf", counts.triangles, vertices=counts.vertices, declared_unit="meter")


_SAFE_PART = re.compile(r"^[A-Za-z0-9_\-. \[\]()]+$")


def _safe_zip_path(name: str) -> bool:
    if not name or len(name) > 255 or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    if re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.rstrip("/").split("/")
    return all(part not in ("", ".", "..") and _SAFE_PART.match(part) for part in parts)


def _read_3mf(data: bytes, limits: Limits) -> tuple[zipfile.ZipFile, str]:
    """Open a 3MF archive after bounding it; returns the archive and the name of its 3D model part."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise MeshFileError(_l("This 3MF file is not a valid archive."), "malformed") from None
    if len(infos) > limits.max_archive_entries:
        raise MeshFileError(_l("This 3MF archive has %(count)d entries; at most %(limit)d are accepted.",
                               count=len(infos), limit=limits.max_archive_entries), "unsafe_archive")
    total = 0
    for info in infos:
        if not _safe_zip_path(info.filename):
            raise MeshFileError(_l("This 3MF archive contains an unsafe path (%(path)s).",
                                   path=display_name(info.filename.replace("/", "_"))[:60]), "unsafe_archive")
        if info.flag_bits & 0x1:
            raise MeshFileError(_l("Encrypted 3MF archives are not accepted."), "unsafe_archive")
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            raise MeshFileError(_l("This 3MF archive expands far beyond its size (a compression bomb); it is "
                                   "refused."), "unsafe_archive")
    if total > limits.max_uncompressed_bytes:
        raise MeshFileError(_l("This 3MF archive would expand to %(mb)d MB; at most %(limit)d MB are accepted.",
                               mb=total // 2**20, limit=limits.max_uncompressed_bytes // 2**20), "unsafe_archive")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise MeshFileError(_l("This archive is not a 3MF file (it has no content types)."), "malformed")
    model = next((n for n in names if n.lower() == "3d/3dmodel.model"), None)
    if model is None:
        raise MeshFileError(_l("This 3MF file has no 3D model part."), "malformed")
    return archive, model


def _check_3mf(data: bytes, limits: Limits) -> CheckedFile:
    archive, _model = _read_3mf(data, limits)
    try:
        counts = counting.count_3mf(archive, limits.max_vertices, limits.max_triangles)
    except counting.EntitiesRefused:
        raise MeshFileError(_l("This 3MF file declares XML entities, which are not accepted."),
                            "unsafe_archive") from None
    # zipfile raises NotImplementedError for a compression method it does not support: a bad upload, not a bug.
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError,
            xml.parsers.expat.ExpatError):
        raise MeshFileError(_l("This 3MF file is damaged and cannot be read."), "malformed") from None
    _refuse_counts(counts, limits)
    return CheckedFile("3mf", ".3mf", counts.triangles, binary=True, vertices=counts.vertices,
                       declared_unit=normalize_unit(counts.unit) or "millimeter")


_CHECKS = {"obj": _check_obj, "ply": _check_ply, "glb": _check_glb, "gltf": _check_gltf, "3mf": _check_3mf}


# --- parsing ----------------------------------------------------------------------------------------------------


def read_mesh(data: bytes, checked: CheckedFile, limits: Limits = DEFAULT_LIMITS) -> RawMesh:
    """Parse a checked upload into vertices and triangles; refuses files whose content turns out malformed,
    empty, not finite or over the triangle limit."""
    try:
        if checked.format == "stl" and checked.binary:
            mesh = _read_binary_stl(data, checked.triangles)
        elif checked.format == "stl":
            mesh = _read_ascii_stl(data)
        else:
            mesh = _read_with_trimesh(data, checked)
    except MeshFileError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, StopIteration, OSError, EOFError,
            zipfile.BadZipFile, struct.error, UnicodeDecodeError, OverflowError):
        # MemoryError is not among them: running out of memory is the analysis's limit, reported as such.
        raise MeshFileError(_l("The %(format)s file could not be read: it is damaged or not valid.",
                               format=FORMAT_NAMES[checked.format]), "malformed") from None
    return _validated(mesh, limits)


def _read_binary_stl(data: bytes, count: int) -> RawMesh:
    record = np.dtype([("normal", "<f4", 3), ("v", "<f4", (3, 3)), ("attr", "<u2")])
    triangles = np.frombuffer(data, dtype=record, count=count, offset=84)
    vertices = triangles["v"].reshape(-1, 3).astype(np.float64)
    faces = np.arange(len(vertices), dtype=np.int64).reshape(-1, 3)
    return RawMesh("stl", vertices, faces)


_VERTEX = re.compile(rb"vertex\s+(\S+)\s+(\S+)\s+(\S+)")


def _read_ascii_stl(data: bytes) -> RawMesh:
    values = _VERTEX.findall(data)
    if len(values) % 3:
        raise MeshFileError(_l("This ASCII STL file has a facet without three vertices."), "malformed")
    try:
        vertices = np.array(values, dtype=np.float64).reshape(-1, 3) if values else np.zeros((0, 3))
    except ValueError:
        raise MeshFileError(_l("This ASCII STL file has a vertex that is not three numbers."), "malformed") from None
    faces = np.arange(len(vertices), dtype=np.int64).reshape(-1, 3)
    return RawMesh("stl", vertices, faces)


def _read_with_trimesh(data: bytes, checked: CheckedFile) -> RawMesh:
    import trimesh

    if checked.format == "3mf":
        # Bound the archive again: this function may be called on its own.
        _read_3mf(data, Limits(max_bytes=len(data)))
    file_type = {"3mf": "3mf", "glb": "glb", "gltf": "gltf", "obj": "obj", "ply": "ply"}[checked.format]
    kwargs = {"skip_materials": True} if file_type in ("obj", "glb", "gltf") else {}
    with warnings.catch_warnings():
        # Loaders warn about things that do not matter for geometry (materials, colours, deprecations of their
        # own dependencies); the geometry is checked below.
        warnings.simplefilter("ignore")
        loaded = trimesh.load(io.BytesIO(data), file_type=file_type, process=False, resolver=None, **kwargs)
    unit = None
    if checked.format in ("glb", "gltf"):
        unit = "meter"  # glTF 2.0: "the units for all linear distances are meters"
    elif checked.format == "3mf":
        unit = normalize_unit(getattr(loaded, "units", None) or loaded.metadata.get("units")) or "millimeter"
    if isinstance(loaded, trimesh.Scene):
        meshes = []
        for node in loaded.graph.nodes_geometry:
            transform, name = loaded.graph[node]
            geometry = loaded.geometry.get(name)
            if isinstance(geometry, trimesh.Trimesh) and len(geometry.faces):
                meshes.append((np.asarray(geometry.vertices, dtype=np.float64), np.asarray(geometry.faces),
                               np.asarray(transform, dtype=np.float64)))
        vertices, faces, offset = [], [], 0
        for v, f, transform in meshes:
            v = v @ transform[:3, :3].T + transform[:3, 3]
            if np.linalg.det(transform[:3, :3]) < 0:
                f = f[:, ::-1]
            vertices.append(v)
            faces.append(f.astype(np.int64) + offset)
            offset += len(v)
        if not faces:
            return RawMesh(checked.format, np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), unit)
        return RawMesh(checked.format, np.concatenate(vertices), np.concatenate(faces), unit)
    if not isinstance(loaded, trimesh.Trimesh):
        return RawMesh(checked.format, np.zeros((0, 3)), np.zeros((0, 3), dtype=np.int64), unit)
    return RawMesh(checked.format, np.asarray(loaded.vertices, dtype=np.float64),
                   np.asarray(loaded.faces, dtype=np.int64), unit)


def _validated(mesh: RawMesh, limits: Limits) -> RawMesh:
    vertices, faces = mesh.vertices, mesh.faces
    if faces.ndim != 2 or faces.shape[1] != 3 or vertices.ndim != 2 or vertices.shape[1] != 3:
        raise MeshFileError(_l("The file contains no triangles."), "empty_mesh")
    if len(faces) == 0:
        raise MeshFileError(_l("The file contains no triangles."), "empty_mesh")
    if len(faces) > limits.max_triangles:
        raise MeshFileError(_l("The design has %(count)s triangles; the limit is %(limit)s. Reduce it in your "
                               "CAD program and upload it again.", count=f"{len(faces):,}",
                               limit=f"{limits.max_triangles:,}"), "too_many_triangles")
    if faces.min() < 0 or faces.max() >= len(vertices):
        raise MeshFileError(_l("The file has triangles that point to vertices it does not have."), "malformed")
    used = vertices[np.unique(faces)] if len(vertices) > 3 * len(faces) else vertices
    if not np.isfinite(used).all():
        raise MeshFileError(_l("The file has vertices whose coordinates are not numbers."), "malformed")
    if float(np.abs(used).max(initial=0.0)) > 1e9:
        raise MeshFileError(_l("The file has coordinates too large to be a piece of jewelry in any unit."),
                            "malformed")
    return mesh
