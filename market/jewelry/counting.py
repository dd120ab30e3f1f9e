"""How many vertices and triangles an upload holds, found without building its mesh, and what a file that is not
a 3D model is instead.

:func:`market.jewelry.formats.check_upload` calls these before anything is parsed, so a file over the limits is
refused in a fraction of a second and in little memory, whatever it declares:

* OBJ: its ``v`` and ``f`` lines are counted in one pass that stops as soon as a limit is passed (a polygon of
  *n* corners counts *n* − 2 triangles, as it is triangulated);
* 3MF: each ``.model`` part is first streamed from the archive counting ``vertex`` and ``triangle`` tags at
  C speed (a file over a limit is refused there, in about a second for a hundred megabytes of XML), then,
  when under the limits, streamed through expat, counting those elements per object (never building the XML
  tree) and multiplying by how often the build and the components place each object; a document type or
  entity declaration is refused on the spot;
* glTF and GLB: the ``count`` of each primitive's accessors, times the nodes that place the mesh;
* STL and PLY declare their counts in their header (checked against the file's size in :mod:`.formats`).
"""

from __future__ import annotations

import dataclasses
import re
import xml.parsers.expat
import zipfile

from flask_babel import lazy_gettext as _l

# (magic at offset 0, what the file is) for the files people most often rename by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", _l("This file is a PNG image, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or "
                              "3MF file.")),
    (b"\xff\xd8\xff", _l("This file is a JPEG image, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF "
                         "file.")),
    (b"GIF8", _l("This file is a GIF image, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF file.")),
    (b"%PDF-", _l("This file is a PDF document, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF "
                  "file.")),
    (b"Rar!", _l("This file is a RAR archive, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF file.")),
    (b"7z\xbc\xaf\x27\x1c", _l("This file is a 7-Zip archive, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF "
                               "or 3MF file.")),
    (b"\x1f\x8b", _l("This file is a gzip archive, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF "
                     "file.")),
    (b"\xd0\xcf\x11\xe0", _l("This file is an Office document, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF "
                             "or 3MF file.")),
)
_TEXT = _l("This file is a text file, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF file.")
_WEBP = _l("This file is a WEBP image, not a 3D model. Upload an STL, OBJ, PLY, GLB, glTF or 3MF file.")
_ZIP = _l("This file is a ZIP archive without a 3D model, not a 3MF file. Upload an STL, OBJ, PLY, GLB, glTF or "
          "3MF file.")


def is_text(head: bytes) -> bool:
    """Whether a sample of a file reads as UTF-8 text (a character cut at the end of the sample still counts)."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 4
    return True


def not_a_model(data: bytes):
    """What a file that is none of the 3D formats is, in a sentence for its uploader ("This file is a PNG image,
    not a 3D model."), or None when it is not recognisably anything else (damaged, or random bytes)."""
    for magic, message in _MAGIC:
        if data.startswith(magic):
            return message
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _WEBP
    if data.startswith(b"PK\x03\x04"):
        return _ZIP
    head = data[:4096]
    if is_text(head) and _mostly_printable(head):
        return _TEXT
    return None


def _mostly_printable(head: bytes) -> bool:
    """Whether a text sample is what people call text: control characters other than line breaks and tabs are
    rare in it."""
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    return controls * 20 <= len(head)


# --- OBJ ---------------------------------------------------------------------------------------------------------

_OBJ_VERTEX = re.compile(rb"(?m)^[ \t]*v[ \t]")
_OBJ_FACE = re.compile(rb"(?m)^[ \t]*f[ \t]([^\r\n]*)")


@dataclasses.dataclass(frozen=True)
class Counts:
    """Vertices and triangles of a file as counted; ``over`` names the first limit passed (unless ``complete``,
    the counting stopped there, so the counts are then lower bounds)."""

    vertices: int
    triangles: int
    over: str | None = None
    unit: str | None = None  # what a 3MF model declares (its ``unit`` attribute)
    complete: bool = False


def count_obj(data: bytes, max_vertices: int, max_triangles: int) -> Counts:
    """Count an OBJ file's vertices and triangles in one pass each, stopping past a limit."""
    # A lower bound found at C speed refuses the largest files before any Python loop over their lines.
    quick = data.count(b"\nv ") + data.count(b"\nv\t") + data.startswith((b"v ", b"v\t"))
    if quick > max_vertices:
        return Counts(quick, 0, "vertices")
    vertices = 0
    for _match in _OBJ_VERTEX.finditer(data):
        vertices += 1
        if vertices > max_vertices:
            return Counts(vertices, 0, "vertices")
    triangles = 0
    for match in _OBJ_FACE.finditer(data):
        triangles += max(len(match.group(1).split()) - 2, 0)
        if triangles > max_triangles:
            return Counts(vertices, triangles, "triangles")
    return Counts(vertices, triangles)


# --- 3MF ---------------------------------------------------------------------------------------------------------


class EntitiesRefused(ValueError):
    """A 3MF model part declares a document type or entities (the shape of an entity expansion bomb)."""


class _ModelCounter:
    """Counts one 3MF model part's elements per object as expat streams it, keeping no tree."""

    def __init__(self, max_vertices: int, max_triangles: int):
        self.max_vertices, self.max_triangles = max_vertices, max_triangles
        self.objects: dict[str, list[int]] = {}
        self.components: dict[str, list[str]] = {}
        self.items: list[str] = []
        self.vertices = self.triangles = 0
        self.current: str | None = None
        self.unit: str | None = None

    def start(self, name: str, attrs: dict) -> None:
        local = name.rpartition(" ")[2]
        if local == "vertex":
            self.vertices += 1
            self.objects[self.current or ""][0] += 1
        elif local == "triangle":
            self.triangles += 1
            self.objects[self.current or ""][1] += 1
        elif local == "object":
            self.current = str(attrs.get("id", ""))
            self.objects.setdefault(self.current, [0, 0])
        elif local == "component":
            self.components.setdefault(self.current or "", []).append(str(attrs.get("objectid", "")))
        elif local == "item":
            self.items.append(str(attrs.get("objectid", "")))
        elif local == "model" and self.unit is None:
            self.unit = str(attrs.get("unit", "millimeter"))

    def end(self, name: str) -> None:
        if name.rpartition(" ")[2] == "object":
            self.current = None


def _refuse_entities(*_args) -> None:
    raise EntitiesRefused()


_TAGS = {"vertex": ((b"<vertex", b":vertex"), ()),
         "triangle": ((b"<triangle", b":triangle"), (b"<triangles", b":triangles"))}
_OVERLAP = 16  # longer than any pattern counted across chunk boundaries


def _tag_count(buffer: bytes, name: str) -> int:
    found, excluded = _TAGS[name]
    return sum(buffer.count(p) for p in found) - sum(buffer.count(p) for p in excluded)


def quick_count_3mf(archive: zipfile.ZipFile) -> tuple[int, int]:
    """The ``vertex`` and ``triangle`` tags of every model part, counted in the decompressed stream without
    parsing (at least what a parser would build, since an object is built at least once when it is built at
    all); raises :class:`EntitiesRefused` for a document type or entity declaration."""
    vertices = triangles = 0
    for info in archive.infolist():
        if not info.filename.lower().endswith(".model"):
            continue
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                window = tail + chunk
                # Occurrences wholly inside the tail were counted with the previous chunk.
                vertices += _tag_count(window, "vertex") - _tag_count(tail, "vertex")
                triangles += _tag_count(window, "triangle") - _tag_count(tail, "triangle")
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise EntitiesRefused()
                tail = window[-_OVERLAP:]
    return vertices, triangles


def count_3mf(archive: zipfile.ZipFile, max_vertices: int, max_triangles: int) -> Counts:
    """Stream every ``.model`` part of an (already bounded) 3MF archive and count what its build makes; raises
    :class:`EntitiesRefused` for XML entity declarations, and lets expat's and zipfile's errors through."""
    vertices, triangles = quick_count_3mf(archive)
    if vertices > max_vertices:
        return Counts(vertices, triangles, "vertices", complete=True)
    if triangles > max_triangles:
        return Counts(vertices, triangles, "triangles", complete=True)
    counter = _ModelCounter(max_vertices, max_triangles)
    counter.objects[""] = [0, 0]
    for info in archive.infolist():
        if not info.filename.lower().endswith(".model"):
            continue
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = _refuse_entities
        parser.EntityDeclHandler = _refuse_entities
        parser.StartElementHandler = counter.start
        parser.EndElementHandler = counter.end
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
                # Every element read is a vertex or triangle the parser would have to hold: stop past a limit.
                if counter.vertices > max_vertices:
                    return Counts(counter.vertices, counter.triangles, "vertices")
                if counter.triangles > max_triangles:
                    return Counts(counter.vertices, counter.triangles, "triangles")
            parser.Parse(b"", True)
    vertices, triangles = _placed(counter)
    over = "vertices" if vertices > max_vertices else "triangles" if triangles > max_triangles else None
    return Counts(vertices, triangles, over, counter.unit, complete=True)


def _placed(counter: _ModelCounter) -> tuple[int, int]:
    """Vertices and triangles the build makes: each build item places its object with its components (an object
    placed twice counts twice). Without build items every object counts once."""
    memo: dict[str, tuple[int, int]] = {}

    def expand(object_id: str, depth: int) -> tuple[int, int]:
        if depth > 32:  # a cycle of components, or nesting no real file has
            return (0, 0)
        if object_id in memo:
            return memo[object_id]
        own = counter.objects.get(object_id, [0, 0])
        vertices, triangles = own
        for child in counter.components.get(object_id, []):
            child_vertices, child_triangles = expand(child, depth + 1)
            vertices, triangles = vertices + child_vertices, triangles + child_triangles
        memo[object_id] = (vertices, triangles)
        return vertices, triangles

    if not counter.items:
        return counter.vertices, counter.triangles
    totals = [expand(item, 0) for item in counter.items]
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


# --- glTF --------------------------------------------------------------------------------------------------------


def count_gltf(doc: dict) -> Counts:
    """Vertices and triangles of a glTF document's triangle primitives from their accessors' counts, each mesh
    counted once per node that places it (raises KeyError, IndexError, TypeError, ValueError or AttributeError
    on a malformed document)."""
    accessors = doc.get("accessors") or []
    meshes = doc.get("meshes") or []
    placements = [0] * len(meshes)
    for node in doc.get("nodes") or []:
        if isinstance(node, dict) and "mesh" in node:
            placements[int(node["mesh"])] += 1
    if not any(placements):
        placements = [1] * len(meshes)
    vertices = triangles = 0
    for mesh, times in zip(meshes, placements, strict=True):
        for primitive in mesh.get("primitives") or []:
            if primitive.get("mode", 4) != 4:
                continue
            positions = int(accessors[primitive["attributes"]["POSITION"]]["count"])
            corners = int(accessors[primitive["indices"]]["count"]) if "indices" in primitive else positions
            if positions < 0 or corners < 0:
                raise ValueError("negative count")
            vertices += positions * times
            triangles += corners // 3 * times
    return Counts(vertices, triangles)
