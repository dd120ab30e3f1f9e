"""Measuring and converting a 3D upload in a child process of its own, bounded like the jewelry analysis.

The parent writes the upload to a temporary folder and starts ``python -m catalog.showroom.isolation JOB``
through the jewelry analysis's runner (:func:`market.jewelry.isolation.run_child`: a clean environment, the
wall-clock limit, progress as JSON lines); the child limits its own address space and CPU time
(:func:`market.jewelry.isolation.limit_self`), parses the file with the jewelry reader, and either *measures* it
(the model's size in file units, at upload time, before anything is stored) or *converts* it (GLB, USDZ, poster
left as files). A child that runs out of memory or time, or dies, is reported as
:class:`market.jewelry.isolation.AnalysisFailed` with the jewelry failure sentences.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from market.jewelry.isolation import FAILURES, ChildLimits, emit, limit_self, run_child

ROOT = Path(__file__).resolve().parents[2]


def run_isolated(mode: str, data: bytes, suffix: str, params: dict, limits, child: ChildLimits, *,
                 locale: str = "en", progress: Callable[[float, str], None] | None = None
                 ) -> tuple[dict, dict[str, bytes]]:
    """Run ``mode`` (``measure`` or ``convert``) on an upload's bytes in a limited child; returns the child's
    result and the files it made (``model.glb``, ``model.usdz``, ``poster.png`` when converting). Raises
    :class:`AnalysisFailed`."""
    import dataclasses

    with tempfile.TemporaryDirectory(prefix="seoulmade-showroom-") as folder:
        work = Path(folder)
        (work / f"input{suffix}").write_bytes(data)
        job = {"mode": mode, "input": str(work / f"input{suffix}"), "locale": locale, "params": params,
               "limits": dataclasses.asdict(limits)}
        final = run_child("catalog.showroom.isolation", work, job, child, progress)
        files = {name: (work / name).read_bytes() for name in ("model.glb", "model.usdz", "poster.png")
                 if (work / name).is_file()}
        return final["result"], files


# --- the child -------------------------------------------------------------------------------------------------


def _failure(text, code: str) -> dict:
    msgid, params = (text._args[0], dict(text._kwargs)) if hasattr(text, "_args") else (str(text), {})
    return {"error": {"code": code, "msgid": msgid, "params": params, "message": str(text)}}


def _measure(data: bytes, checked, limits) -> dict:
    from catalog.showroom import conversion
    from market.jewelry import formats

    raw = formats.read_mesh(data, checked, limits)
    extents = conversion.extents_of(raw.vertices, raw.faces)
    return {"extents": [float(v) for v in extents], "triangles": int(len(raw.faces)),
            "declared_unit": raw.declared_unit}


def _convert(data: bytes, checked, limits, params: dict, folder: Path) -> dict:
    from catalog.showroom import conversion
    from market.jewelry import formats

    def progress(fraction: float, stage: str) -> None:
        emit({"progress": fraction, "stage": stage})

    progress(0.05, "parse")
    scene = conversion.load_scene(data, checked, limits)
    raw = formats.read_mesh(data, checked, limits)
    matrix = conversion.to_room(raw.vertices[raw.faces.ravel()], params["mm_per_unit"], params["up_axis"])
    del raw
    progress(0.25, "glb")
    glb, placed = conversion.build_glb(scene, matrix, int(params["max_glb_bytes"]), progress)
    (folder / "model.glb").write_bytes(glb)
    parts = conversion.parts_of(placed)
    progress(0.6, "usdz")
    conversion.write_usdz(parts, folder / "model.usdz")
    progress(0.85, "poster")
    (folder / "poster.png").write_bytes(conversion.render_poster(parts))
    return {"glb_bytes": len(glb)}


def _run_child(job: dict) -> dict:
    from flask import Flask
    from flask_babel import Babel

    from market.jewelry import formats

    app = Flask("seoulmade-showroom", root_path=str(ROOT))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "i18n" / "translations")
    Babel(app, locale_selector=lambda: job["locale"])
    source = Path(job["input"])
    limits = formats.Limits(**job["limits"])
    with app.app_context():
        try:
            data = source.read_bytes()
            checked = formats.check_upload(data, "model" + source.suffix, limits)
            if job["mode"] == "measure":
                return {"done": True, "result": _measure(data, checked, limits)}
            return {"done": True, "result": _convert(data, checked, limits, job["params"], source.parent)}
        except formats.MeshFileError as exc:
            return _failure(exc.message, exc.code)
        except MemoryError:
            return _failure(FAILURES["memory"], "memory")
        except (ValueError, IndexError, KeyError, TypeError, ArithmeticError, AttributeError):
            return _failure(FAILURES["crashed"], "crashed")


def main(argv: list[str]) -> int:
    """The child's entry point: limit this process, then run the job described by the file ``argv[1]``."""
    job = json.loads(Path(argv[1]).read_text())
    limit_self(int(job["memory_bytes"]), int(job["cpu_seconds"]))
    emit(_run_child(job))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
