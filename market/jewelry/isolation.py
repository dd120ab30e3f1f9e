"""The heavy part of an analysis — parsing a file into a mesh, repairing and measuring it, drawing its GLB and
thumbnail — run in a child process of its own, so a hostile or simply enormous file can exhaust only that
process and never the web worker or job worker that asked.

:func:`analyse_isolated` (the parent side) writes the file to a temporary folder and starts
``python -m market.jewelry.isolation JOB`` with a clean environment (one BLAS thread). The child sets
``RLIMIT_AS`` (address space) and ``RLIMIT_CPU`` (CPU seconds) on itself before importing numpy, so every
allocation and every CPU second it spends is bounded, then reports progress as JSON lines on its standard output
and leaves its results as files. A child that runs out of memory, out of CPU time, past the wall-clock limit, or
dies in any other way is reported as :class:`AnalysisFailed` with a code and a sentence for people; the parent
kills it at the wall-clock limit. The parent imports nothing heavy for this (numpy, trimesh: only the child).
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from flask_babel import lazy_gettext as _l

ROOT = Path(__file__).resolve().parents[2]
FAILURES = {
    "memory": _l("The design needs more memory to analyse than a design may use. Reduce its detail in your CAD "
                 "program and upload it again."),
    "time": _l("The design took longer to analyse than a design may take. Reduce its detail in your CAD program "
               "and upload it again."),
    "crashed": _l("The design could not be analysed. Check that it is a valid, closed mesh and upload it again."),
}


@dataclasses.dataclass(frozen=True)
class ChildLimits:
    """What one analysis may use (settings ``JEWELRY_ANALYSIS_MEMORY_MB``, ``JEWELRY_ANALYSIS_CPU_SECONDS``):
    address space, CPU seconds, and the wall-clock time after which the parent kills it."""

    memory_bytes: int = 3 * 1024 * 2**20
    cpu_seconds: int = 300

    @property
    def wall_seconds(self) -> float:
        return 2 * self.cpu_seconds + 60

    @classmethod
    def from_config(cls, config: Mapping) -> ChildLimits:
        """The limits of an app's config, with these defaults for what it does not set."""
        return cls(memory_bytes=int(config.get("JEWELRY_ANALYSIS_MEMORY_MB", cls.memory_bytes // 2**20)) * 2**20,
                   cpu_seconds=int(config.get("JEWELRY_ANALYSIS_CPU_SECONDS", cls.cpu_seconds)))


class AnalysisFailed(Exception):
    """The file could not be analysed: ``code`` (``memory``, ``time``, ``crashed`` or a :mod:`.formats` refusal
    code), ``msgid`` and ``params`` to say why in any language, and ``message`` in the job's language."""

    def __init__(self, code: str, msgid: str, params: dict | None = None, message: str | None = None):
        super().__init__(message or msgid)
        self.code, self.msgid, self.params = code, msgid, dict(params or {})
        self.message = message or msgid

    @classmethod
    def of(cls, code: str) -> AnalysisFailed:
        """One of the child's own failures (:data:`FAILURES`)."""
        text = FAILURES[code]
        return cls(code, text._args[0], {}, str(text))


@dataclasses.dataclass
class Outcome:
    """A finished analysis: the stored result (file units), the viewer's GLB and the thumbnail's PNG."""

    result: dict
    glb: bytes
    thumbnail: bytes


# Recent successful analyses of this process, by their inputs: the same file uploaded again (a second design
# from the same file, a guest who signs up and uploads it again) is not parsed a second time. Only small
# outcomes are kept, and only a few, so the memory this takes stays bounded.
_RECENT: collections.OrderedDict[str, Outcome] = collections.OrderedDict()
_RECENT_LOCK = threading.Lock()
RECENT_SIZE = 16
RECENT_MAX_BYTES = 4 * 2**20


def _recent_key(data: bytes, suffix: str, declared_unit: str | None, limits, child: ChildLimits) -> str:
    # The language is not part of the key: a result keeps its notes as messages, read in each reader's language.
    inputs = json.dumps([suffix, declared_unit, dataclasses.asdict(limits), dataclasses.asdict(child)])
    return hashlib.sha256(hashlib.sha256(data).digest() + inputs.encode()).hexdigest()


def analyse_isolated(data: bytes, suffix: str, declared_unit: str | None, limits, child: ChildLimits, *,
                     locale: str = "en", progress: Callable[[float, str], None] | None = None,
                     reuse: bool = False) -> Outcome:
    """Parse and analyse an upload's bytes (``suffix`` names its format, ``limits`` are its
    :class:`~market.jewelry.formats.Limits`) in a child process bounded by ``child``; messages come out in
    ``locale``. ``progress`` receives the fraction done and the stage. With ``reuse``, the outcome of an
    identical analysis (bytes, unit, limits) this process made recently is returned without starting a child. Raises
    :class:`AnalysisFailed` (failures are never reused)."""
    key = _recent_key(data, suffix, declared_unit, limits, child) if reuse else None
    if key is not None:
        with _RECENT_LOCK:
            known = _RECENT.get(key)
            if known is not None:
                _RECENT.move_to_end(key)
        if known is not None:
            if progress is not None:
                progress(1.0, "done")
            return Outcome(json.loads(json.dumps(known.result)), known.glb, known.thumbnail)
    outcome = _analyse_in_child(data, suffix, declared_unit, limits, child, locale, progress)
    if key is not None and len(outcome.glb) + len(outcome.thumbnail) <= RECENT_MAX_BYTES:
        with _RECENT_LOCK:
            _RECENT[key] = outcome
            while len(_RECENT) > RECENT_SIZE:
                _RECENT.popitem(last=False)
    return outcome


def _analyse_in_child(data: bytes, suffix: str, declared_unit: str | None, limits, child: ChildLimits,
                      locale: str, progress: Callable[[float, str], None] | None) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="seoulmade-analysis-") as folder:
        work = Path(folder)
        (work / f"input{suffix}").write_bytes(data)
        job = {"input": str(work / f"input{suffix}"), "declared_unit": declared_unit, "locale": locale,
               "limits": dataclasses.asdict(limits)}
        final = run_child("market.jewelry.isolation", work, job, child, progress)
        return Outcome(final["result"], (work / "model.glb").read_bytes(), (work / "thumbnail.png").read_bytes())


def run_child(module: str, work: Path, job: dict, child: ChildLimits,
              progress: Callable[[float, str], None] | None = None) -> dict:
    """Run ``python -m <module> <work>/job.json`` as a child bounded by ``child`` (its limits are added to
    ``job``; the child applies them with :func:`limit_self` before importing anything heavy), with a clean
    environment and one BLAS thread, passing its progress lines to ``progress``. Returns the child's final
    ``{"done": …, "result": …}`` message (the files it made stay in ``work``). Raises :class:`AnalysisFailed`:
    the child's own refusal, or ``time`` / ``memory`` / ``crashed`` when it ended without an answer. Used by the
    jewelry analysis and the showroom's conversion."""
    (work / "job.json").write_text(json.dumps({**job, "memory_bytes": child.memory_bytes,
                                               "cpu_seconds": child.cpu_seconds}))
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "LANG", "TMPDIR")}
    env.update(PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONDONTWRITEBYTECODE="1")
    with open(work / "stderr.txt", "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", module, str(work / "job.json")],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                                   cwd=str(ROOT), env=env)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            process.kill()

        timer = threading.Timer(child.wall_seconds, kill)
        timer.daemon = True
        timer.start()
        final = None
        try:
            for line in process.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if "progress" in message and progress is not None:
                    progress(float(message["progress"]), str(message.get("stage", "")))
                elif "done" in message or "error" in message:
                    final = message
            returncode = process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
    if final is not None and "done" in final:
        return final
    if final is not None:
        error = final["error"]
        raise AnalysisFailed(error["code"], error["msgid"], error.get("params"), error.get("message"))
    errors = (work / "stderr.txt").read_bytes()[-4000:]
    raise AnalysisFailed.of(_classify(returncode, errors, timed_out.is_set()))


def _classify(returncode: int, stderr: bytes, timed_out: bool) -> str:
    """Why a child ended without a result: ``time`` (CPU limit signals, or killed at the wall-clock limit),
    ``memory`` (an allocation failed) or ``crashed``."""
    if timed_out or returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time"
    # An allocation refused by RLIMIT_AS shows as MemoryError, or as a library that cannot be mapped.
    if any(sign in stderr for sign in (b"MemoryError", b"Cannot allocate memory", b"std::bad_alloc",
                                       b"failed to map segment")):
        return "memory"
    return "crashed"


# --- the child -------------------------------------------------------------------------------------------------


def emit(message: dict) -> None:
    """Send one JSON line to the parent (progress, or the final answer)."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The soft limit sends SIGXCPU (which ends the process); the hard one, a second later, SIGKILL.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _run_child(job: dict) -> dict:
    """Parse, analyse and draw in this (limited) process; returns the final message for the parent."""
    from flask import Flask
    from flask_babel import Babel

    from market.jewelry import analysis, formats

    app = Flask("seoulmade-analysis", root_path=str(ROOT))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "i18n" / "translations")
    Babel(app, locale_selector=lambda: job["locale"])
    source = Path(job["input"])
    limits = formats.Limits(**job["limits"])
    with app.app_context():
        try:
            data = source.read_bytes()
            checked = formats.check_upload(data, "design" + source.suffix, limits)
            emit({"progress": 0.02, "stage": "parse"})
            raw = formats.read_mesh(data, checked, limits)
            del data
            mm_hint = formats.MM_PER_UNIT.get(job["declared_unit"] or "millimeter", 1.0)
            report = analysis.analyse(raw.vertices, raw.faces, mm_per_unit=mm_hint,
                                      progress=lambda fraction, stage: emit({"progress": 0.05 + fraction * 0.85,
                                                                              "stage": stage}))
            del raw
            emit({"progress": 0.9, "stage": "viewer"})
            (source.parent / "model.glb").write_bytes(analysis.to_glb(report.mesh, mm_hint))
            emit({"progress": 0.95, "stage": "thumbnail"})
            (source.parent / "thumbnail.png").write_bytes(analysis.render_thumbnail(report.mesh))
            return {"done": True, "result": report.as_dict()}
        except formats.MeshFileError as exc:
            text = exc.message
            msgid, params = (text._args[0], dict(text._kwargs)) if hasattr(text, "_args") else (str(text), {})
            return {"error": {"code": exc.code, "msgid": msgid, "params": params, "message": str(text)}}
        except MemoryError:
            text = FAILURES["memory"]
            return {"error": {"code": "memory", "msgid": text._args[0], "params": {}, "message": str(text)}}
        except (ValueError, IndexError, KeyError, TypeError, ArithmeticError):
            text = FAILURES["crashed"]
            return {"error": {"code": "crashed", "msgid": text._args[0], "params": {}, "message": str(text)}}


def main(argv: list[str]) -> int:
    """The child's entry point: limit this process, then run the job described by the file ``argv[1]``."""
    job = json.loads(Path(argv[1]).read_text())
    limit_self(int(job["memory_bytes"]), int(job["cpu_seconds"]))
    emit(_run_child(job))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
