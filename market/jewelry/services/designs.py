"""Designs: an upload checked before anything is stored (content, safety, vertex and triangle counts, without
building its mesh), its file stored once per content hash and parsed and analysed in the background once the
upload is committed — in a child process with memory and CPU limits (:mod:`market.jewelry.isolation`), progress
visible while it runs, a failure recorded with its reason — and what a design's analysis means in millimetres
for its customer."""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time

import sqlalchemy as sa
from flask import current_app, has_request_context
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import User
from market.db import get_database, session_scope, utcnow
from market.jewelry import analysis as mesh_analysis
from market.jewelry import formats, isolation, ringsizes
from market.jewelry.models import AnalysisStatus, JewelryDesign, JewelryOrder, JewelryQuote, MeshAnalysis
from market.jewelry.services.access import (
    JewelryError,
    guest_key_of,
    not_found,
    owns_design,
    signed_in,
    workshop_org_ids,
)
from market.jobs import after_commit
from market.storage import get_storage

log = logging.getLogger("seoulmade.jewelry")

UNITS = {"mm": 1.0, "cm": 10.0, "inch": 25.4}
UNIT_LABELS = {"mm": _l("millimetres"), "cm": _l("centimetres"), "inch": _l("inches")}
DECLARED_UNIT_CODES = {"millimeter": "mm", "centimeter": "cm", "inch": "inch", "meter": "m", "micron": "um",
                       "foot": "ft"}
MAX_NAME = 120
PLAUSIBLE_MM = (3.0, 150.0)
ANALYSIS_JOB = "market.jewelry.services.designs.analyse_file_job"


def upload_limits() -> formats.Limits:
    """The upload limits of the current app (settings ``JEWELRY_MAX_UPLOAD_BYTES``, ``JEWELRY_MAX_TRIANGLES``)."""
    return formats.Limits.from_config(current_app.config)


def _unit_for(checked_format: str, declared: str | None, chosen: str) -> tuple[str, float]:
    if checked_format in formats.UNIT_DECLARING and declared:
        return DECLARED_UNIT_CODES.get(declared, declared), formats.MM_PER_UNIT[declared]
    return chosen, UNITS[chosen]


def upload_design(session: Session, user: User, data: bytes, filename: str, *, unit: str = "mm",
                  name: str | None = None) -> tuple[JewelryDesign, bool]:
    """Check an uploaded 3D file (format, size, vertex and triangle counts found without building its mesh,
    safety), then store it once per content hash and create the customer's design. Returns the design and
    whether its file still needs analysing (False when the same bytes were analysed before, for anyone); when it
    does, the analysis — parsing included — is queued to run once the upload is committed
    (:func:`analyse_file_job`, in a child process with memory and CPU limits).

    Refuses unknown units, a missing or too long name, and every file :mod:`.formats` refuses; nothing is
    stored then."""
    if not signed_in(user) and not guest_key_of(user):
        raise JewelryError(_("Sign in to upload a design."), code="unauthorized", status=401)
    unit = (unit or "mm").strip().lower()
    if unit not in UNITS:
        raise JewelryError(_("Choose the unit the design was drawn in: mm, cm or inch."), "unit")
    display = formats.display_name(filename)
    name = (name or "").strip() or display.rsplit(".", 1)[0][:MAX_NAME] or _("My design")
    if len(name) > MAX_NAME:
        raise JewelryError(_("Keep the name under %(max)d characters.", max=MAX_NAME), "name")
    limits = upload_limits()
    try:
        checked = formats.check_upload(data, display, limits)
    except formats.MeshFileError as exc:
        raise _refused_file(exc) from None
    sha = hashlib.sha256(data).hexdigest()
    analysis = session.exec(select(MeshAnalysis).where(MeshAnalysis.sha256 == sha)).first()
    if analysis is None:
        analysis = _store_file(session, sha, data, checked)
    unit_code, mm_per_unit = _unit_for(analysis.format, analysis.declared_unit, unit)
    design = JewelryDesign(owner_id=user.id if signed_in(user) else None, guest_key=guest_key_of(user),
                           analysis_id=analysis.id, name=name, filename=display[:160], unit=unit_code,
                           mm_per_unit=mm_per_unit)
    session.add(design)
    session.flush()
    needs_analysis = analysis.status == AnalysisStatus.pending
    if needs_analysis:
        # Queued for after the commit: a worker then finds the row (and in-process, it runs on commit).
        after_commit(session, ANALYSIS_JOB, analysis.id)
    return design, needs_analysis


def _refused_file(exc: formats.MeshFileError) -> JewelryError:
    """What :mod:`.formats` refuses, as the refusal of the upload's ``file`` (413 when it is too large)."""
    return JewelryError(str(exc.message), "file", code=exc.code, status=413 if exc.code == "too_large" else 422)


def _store_file(session: Session, sha: str, data: bytes, checked: formats.CheckedFile) -> MeshAnalysis:
    storage = get_storage()
    key = storage.save(data, checked.suffix, area="private")
    analysis = MeshAnalysis(sha256=sha, format=checked.format, size_bytes=len(data), triangles=checked.triangles,
                            declared_unit=checked.declared_unit, storage_key=key)
    try:
        with session.begin_nested():
            session.add(analysis)
            session.flush()
    except sa.exc.IntegrityError:
        # The same file arrived at the same moment from someone else: use theirs.
        storage.delete(key)
        analysis = session.exec(select(MeshAnalysis).where(MeshAnalysis.sha256 == sha)).one()
    return analysis


def _set_progress(analysis_id: int, progress: int, stage: str) -> None:
    """Record how far an analysis is, visible at once to the pages polling it (its own short transaction)."""
    database = get_database()
    statement = (sa.update(MeshAnalysis).where(MeshAnalysis.id == analysis_id)
                 .values(progress=progress, stage=stage).execution_options(synchronize_session=False))
    if database.pinned_session is not None:
        database.pinned_session.exec(statement)
        return
    with database.engine.begin() as connection:
        connection.execute(statement)


def analyse_file_job(analysis_id: int) -> str:
    """The background job: analyse a stored file once (mesh checks, repair, measures, GLB, thumbnail) and store
    the result on its row; a file that fails is marked failed with the reason, and the worker goes on (queued
    by :func:`upload_design` for after its commit)."""
    with session_scope() as session:
        analysis = session.get(MeshAnalysis, analysis_id)
        if analysis is None or analysis.status != AnalysisStatus.pending:
            return "skipped"
        key, file_format, declared = analysis.storage_key, analysis.format, analysis.declared_unit
    started = time.perf_counter()
    try:
        values = _run_isolated(analysis_id, key, declared)
        status = AnalysisStatus.analysed
    except isolation.AnalysisFailed as exc:
        log.warning("analysis %s of a %s file failed (%s): %s", analysis_id, file_format, exc.code, exc.message)
        # The reason is kept as its message id too, so each reader sees it in their own language.
        values = {"error": exc.message, "progress": 100, "stage": "failed",
                  "result": {"error": {"code": exc.code, "msgid": exc.msgid, "params": exc.params}}}
        status = AnalysisStatus.failed
    except Exception as exc:  # noqa: BLE001 - any failure of a file is recorded; the worker must go on
        log.warning("analysis %s of a %s file failed: %s", analysis_id, file_format, exc)
        values = {"error": str(isolation.FAILURES["crashed"]), "progress": 100, "stage": "failed"}
        status = AnalysisStatus.failed
    values.update(status=status, analysed_at=utcnow(), duration_ms=int((time.perf_counter() - started) * 1000))
    with session_scope() as session:
        session.exec(sa.update(MeshAnalysis).where(MeshAnalysis.id == analysis_id,
                                                   MeshAnalysis.status == AnalysisStatus.pending)
                     .values(**values).execution_options(synchronize_session=False))
        analysis = session.get(MeshAnalysis, analysis_id)
        if analysis is not None:
            session.refresh(analysis)
    return str(status)


def analyse_now(session: Session, analysis: MeshAnalysis) -> MeshAnalysis:
    """Analyse a pending file in the caller's session and transaction (the demo and the benchmark; uploads queue
    :func:`analyse_file_job` instead, which then finds the file analysed and skips it)."""
    started = time.perf_counter()
    values = _run_analysis(analysis.id, analysis.storage_key, analysis.declared_unit, report_progress=False)
    for name, value in values.items():
        setattr(analysis, name, value)
    analysis.status, analysis.analysed_at = AnalysisStatus.analysed, utcnow()
    analysis.duration_ms = int((time.perf_counter() - started) * 1000)
    session.add(analysis)
    session.flush()
    return analysis


def analysis_limits() -> isolation.ChildLimits:
    """What one analysis's child process may use (settings ``JEWELRY_ANALYSIS_MEMORY_MB``,
    ``JEWELRY_ANALYSIS_CPU_SECONDS``)."""
    return isolation.ChildLimits.from_config(current_app.config)


def _run_isolated(analysis_id: int, key: str, declared: str | None) -> dict:
    """Parse and analyse a stored file in a limited child process (:mod:`..isolation`); store its GLB and
    thumbnail. Raises :class:`~market.jewelry.isolation.AnalysisFailed`."""
    storage = get_storage()
    data = storage.read(key)
    locale = str(get_locale() or "en") if has_request_context() else \
        current_app.config.get("BABEL_DEFAULT_LOCALE", "en")
    outcome = isolation.analyse_isolated(
        data, key[key.rfind("."):], declared, upload_limits(), analysis_limits(), locale=locale, reuse=True,
        progress=lambda fraction, stage: _set_progress(analysis_id, 5 + int(fraction * 90), stage))
    del data
    glb_key = storage.save(outcome.glb, ".glb", area="private")
    thumb_key = storage.save(outcome.thumbnail, ".png", area="private")
    return {"result": outcome.result, "glb_key": glb_key, "thumbnail_key": thumb_key, "progress": 100,
            "stage": "done", "error": None}


def analysis_state(analysis: MeshAnalysis) -> str:
    """What the design's page shows: ``analysing`` (queued or running), ``analysed`` or ``failed``."""
    return "analysing" if analysis.status == AnalysisStatus.pending else str(analysis.status)


def stored_message(message, fallback: str | None = None) -> str | None:
    """A message kept in data as ``{"msgid", "params"}`` in the reader's language (a plain string, as older
    rows keep it, as it is; ``fallback`` when it cannot be read)."""
    if isinstance(message, str):
        return message
    if not isinstance(message, dict) or not message.get("msgid"):
        return fallback
    # A message id held in data: looked up as it is (no literal inside the call, so nothing is extracted).
    text = get_translations().ugettext(str(message["msgid"]))
    try:
        return text % message["params"] if message.get("params") else text
    except (KeyError, TypeError, ValueError):
        return fallback


def failure_message(analysis: MeshAnalysis) -> str | None:
    """Why a file could not be analysed, in the reader's language (the stored text for older failures)."""
    error = (analysis.result or {}).get("error") if analysis.status == AnalysisStatus.failed else None
    return stored_message(error, analysis.error) if isinstance(error, dict) else analysis.error


def _run_analysis(analysis_id: int, key: str, declared: str | None, report_progress: bool = True) -> dict:
    def progress(fraction: float, stage: str) -> None:
        if report_progress:
            _set_progress(analysis_id, 5 + int(fraction * 90), stage)

    storage = get_storage()
    data = storage.read(key)
    checked = formats.check_upload(data, "design" + key[key.rfind("."):], upload_limits())
    raw = formats.read_mesh(data, checked, upload_limits())
    mm_hint = formats.MM_PER_UNIT.get(declared or "millimeter", 1.0)
    progress(0.0, "parse")
    report = mesh_analysis.analyse(raw.vertices, raw.faces, mm_per_unit=mm_hint,
                                   progress=lambda fraction, stage: progress(fraction * 0.9, stage))
    progress(0.9, "viewer")
    glb_key = storage.save(mesh_analysis.to_glb(report.mesh, mm_hint), ".glb", area="private")
    progress(0.95, "thumbnail")
    thumb_key = storage.save(mesh_analysis.render_thumbnail(report.mesh), ".png", area="private")
    return {"result": report.as_dict(), "glb_key": glb_key, "thumbnail_key": thumb_key, "progress": 100,
            "stage": "done", "error": None}


def get_design(session: Session, user, design_id: int) -> tuple[JewelryDesign, MeshAnalysis]:
    """A design and its file's analysis, for its owner (and admins) only; refuses everyone else (not_found)."""
    design = session.get(JewelryDesign, design_id)
    if design is None or not owns_design(user, design):
        raise not_found(_("Design not found."))
    analysis = session.get(MeshAnalysis, design.analysis_id)
    session.refresh(analysis)
    return design, analysis


def can_view_design_files(session: Session, user, design: JewelryDesign) -> bool:
    """Whether ``user`` may see a design's 3D model and thumbnail: its owner, admins, and the workshops that
    have an order of it."""
    if owns_design(user, design):
        return True
    if not signed_in(user):
        return False
    org_ids = workshop_org_ids(session, user)
    if not org_ids:
        return False
    return session.exec(select(JewelryOrder.id).join(JewelryQuote, JewelryQuote.id == JewelryOrder.quote_id)
                        .where(JewelryQuote.design_id == design.id,
                               JewelryOrder.workshop_org_id.in_(org_ids))).first() is not None


def design_for_files(session: Session, user, design_id: int) -> tuple[JewelryDesign, MeshAnalysis]:
    """A design whose files ``user`` may see (see :func:`can_view_design_files`); refuses others (not_found)."""
    design = session.get(JewelryDesign, design_id)
    if design is None or not can_view_design_files(session, user, design):
        raise not_found(_("Design not found."))
    return design, session.get(MeshAnalysis, design.analysis_id)


def list_designs(session: Session, user: User) -> list[tuple[JewelryDesign, MeshAnalysis]]:
    """The user's designs, newest first, with their analyses."""
    rows = session.exec(select(JewelryDesign, MeshAnalysis).join(MeshAnalysis, MeshAnalysis.id == JewelryDesign.analysis_id)
                        .where(JewelryDesign.owner_id == user.id if signed_in(user)
                               else JewelryDesign.guest_key == (guest_key_of(user) or "-"))
                        .order_by(JewelryDesign.created_at.desc(), JewelryDesign.id.desc()))
    return [tuple(row) for row in rows]


@dataclasses.dataclass
class DesignSummary:
    """What a design's analysis means in millimetres, with the warnings a customer should read."""

    status: str
    watertight: bool | None
    volume_mm3: float | None
    area_mm2: float | None
    bbox_mm: list[float] | None
    triangles: int
    bodies: int | None
    min_wall_mm: float | None
    wall_at_least: bool
    repairs: list[str]
    warnings: list[str]
    ring_inner_diameter_mm: float | None
    error: str | None
    progress: int
    stage: str | None
    size_issue: str | None = None  # "small" or "large" for jewelry in the design's unit
    size_confirmed: bool = False

    @property
    def needs_size_check(self) -> bool:
        """An implausible size the customer has not confirmed: no quote and no order until they do, or change
        the unit."""
        return self.size_issue is not None and not self.size_confirmed

    @property
    def is_ring(self) -> bool:
        return self.ring_inner_diameter_mm is not None

    @property
    def quotable(self) -> bool:
        return self.status == AnalysisStatus.analysed and bool(self.watertight) and bool(self.volume_mm3)


def summarize(design: JewelryDesign, analysis: MeshAnalysis) -> DesignSummary:
    """The analysis of ``design``'s file in millimetres (its unit applied), with plain-language warnings."""
    s = design.mm_per_unit
    result = analysis.result or {}
    if analysis.status != AnalysisStatus.analysed or not result:
        error = failure_message(analysis)
        return DesignSummary(str(analysis.status), None, None, None, None, analysis.triangles, None, None, False,
                             [], [error] if error else [], None, error, analysis.progress, analysis.stage)
    bbox = [round((hi - lo) * s, 3) for lo, hi in zip(result["bbox_min"], result["bbox_max"], strict=True)]
    volume = result["volume"] * s ** 3 if result.get("volume") else None
    min_wall = result["min_wall"] * s if result.get("min_wall") is not None else None
    cap = result.get("wall_cap")
    at_least = min_wall is not None and cap is not None and result["min_wall"] >= cap * 0.999
    warnings = []
    if not result["watertight"]:
        warnings.append(_("The model is not closed (watertight) and could not be repaired, so its volume, and "
                          "a price by weight, cannot be worked out. Close it in your CAD program and upload it "
                          "again."))
    largest = max(bbox) if bbox else 0
    size_issue = "small" if largest and largest < PLAUSIBLE_MM[0] else "large" if largest > PLAUSIBLE_MM[1] else None
    confirmed = size_issue is not None and design.size_confirmed_at is not None
    if size_issue == "small" and not confirmed:
        warnings.append(_("At %(size)s mm across, this is implausibly small for jewelry. Was it drawn in "
                          "centimetres or inches? Change the unit, or confirm the size if it is right.",
                          size=f"{largest:.2f}"))
    elif size_issue == "large" and not confirmed:
        warnings.append(_("At %(size)s mm across, this is implausibly large for jewelry. Was it drawn in another "
                          "unit? Change the unit, or confirm the size if it is right.", size=f"{largest:,.0f}"))
    if min_wall is not None and not at_least:
        if min_wall < 0.6:
            warnings.append(_("Some walls are only %(wall)s mm thick: under the casting minimum of gold and "
                              "platinum (0.6 mm) and silver (0.8 mm). Thicken them or the casting may fail.",
                              wall=f"{min_wall:.2f}"))
        elif min_wall < 0.8:
            warnings.append(_("Some walls are only %(wall)s mm thick: under silver's casting minimum (0.8 mm); "
                              "gold and platinum (0.6 mm) are fine.", wall=f"{min_wall:.2f}"))
    if result.get("bodies", 1) > 1 and result["watertight"]:
        warnings.append(_("The design is made of %(count)d separate parts; each is cast on its own.",
                          count=result["bodies"]))
    ring = result.get("ring")
    ring_mm = None
    if ring and result["watertight"]:
        candidate = 2 * ring["inner_radius"] * s
        if ringsizes.MIN_DIAMETER_MM - 2 <= candidate <= ringsizes.MAX_DIAMETER_MM + 5:
            ring_mm = round(candidate, 2)
    return DesignSummary(str(analysis.status), bool(result["watertight"]), volume, result["area"] * s ** 2, bbox,
                         analysis.triangles, result.get("bodies"), min_wall, at_least, [stored_message(note, "") for note in result.get("repairs", [])],
                         warnings, ring_mm, None, analysis.progress, analysis.stage, size_issue, confirmed)
