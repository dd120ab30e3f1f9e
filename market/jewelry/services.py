"""Jewelry market operations: designs (upload, analysis job, what a design shows), metals and finishes (admin),
workshops and routing, quotes, orders and their state machine, photos and refunds.

Functions take a session first, flush and never commit; refusals raise :class:`JewelryError`. A customer sees
only their own designs, quotes and orders, a workshop only the orders routed to it: anything else is "not found".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import time
from decimal import Decimal
from itertools import groupby

import pycountry
import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from i18n.locales import DEFAULT_LOCALE, LOCALES
from i18n.money import latest_rates
from market.accounts.models import Membership, Organization, OrganizationKind, User, UserRole
from market.db import utcnow
from market.jewelry import formats, quote, ringsizes
from market.jewelry.models import (
    ORDER_TRANSITIONS,
    AnalysisStatus,
    JewelryDesign,
    JewelryFinish,
    JewelryMetal,
    JewelryMetalPrice,
    JewelryOrder,
    JewelryOrderEvent,
    JewelryOrderPhoto,
    JewelryOrderStatus,
    JewelryQuote,
    JewelryRole,
    JewelryWorkshop,
    MeshAnalysis,
)

log = logging.getLogger("seoulmade.jewelry")

UNITS = {"mm": 1.0, "cm": 10.0, "inch": 25.4}
UNIT_LABELS = {"mm": _l("millimetres"), "cm": _l("centimetres"), "inch": _l("inches")}
DECLARED_UNIT_CODES = {"millimeter": "mm", "centimeter": "cm", "inch": "inch", "meter": "m", "micron": "um",
                       "foot": "ft"}
JEWELRY_CLUSTERS = ("jongno", "bongik")
MAX_NAME = 120
MAX_ADDRESS = 1000
MAX_NOTE = 2000
MAX_TRACKING = 80
MAX_REVISIONS = 2
MAX_PHOTOS = 12
PLAUSIBLE_MM = (3.0, 150.0)
PER_PAGE = 30
ACTIVE_STATUSES = (JewelryOrderStatus.paid, JewelryOrderStatus.prototyping, JewelryOrderStatus.prototype_ready,
                   JewelryOrderStatus.revision_requested, JewelryOrderStatus.approved,
                   JewelryOrderStatus.in_production, JewelryOrderStatus.quality_check,
                   JewelryOrderStatus.awaiting_payment)

STATUS_LABELS = {
    JewelryOrderStatus.awaiting_payment: _l("Awaiting payment"),
    JewelryOrderStatus.paid: _l("Paid"),
    JewelryOrderStatus.prototyping: _l("Prototype being made"),
    JewelryOrderStatus.prototype_ready: _l("Prototype ready for approval"),
    JewelryOrderStatus.revision_requested: _l("Revision requested"),
    JewelryOrderStatus.approved: _l("Prototype approved"),
    JewelryOrderStatus.in_production: _l("In production"),
    JewelryOrderStatus.quality_check: _l("Quality check"),
    JewelryOrderStatus.shipped: _l("Shipped"),
    JewelryOrderStatus.delivered: _l("Delivered"),
    JewelryOrderStatus.cancelled: _l("Cancelled"),
}
# The button each step shows to the party allowed to make it.
ACTION_LABELS = {
    JewelryOrderStatus.prototyping: _l("Start the prototype"),
    JewelryOrderStatus.prototype_ready: _l("Prototype ready: ask for approval"),
    JewelryOrderStatus.approved: _l("Approve the prototype"),
    JewelryOrderStatus.revision_requested: _l("Request a revision"),
    JewelryOrderStatus.in_production: _l("Start production"),
    JewelryOrderStatus.quality_check: _l("Send to quality check"),
    JewelryOrderStatus.shipped: _l("Mark as shipped"),
    JewelryOrderStatus.delivered: _l("Confirm delivery"),
    JewelryOrderStatus.cancelled: _l("Cancel the order"),
}
# What the workshop's queue says is next for each status.
NEXT_STEP_LABELS = {
    JewelryOrderStatus.awaiting_payment: _l("Wait for the customer's payment"),
    JewelryOrderStatus.paid: _l("Print and cast the prototype"),
    JewelryOrderStatus.prototyping: _l("Upload photos of the prototype and ask for approval"),
    JewelryOrderStatus.prototype_ready: _l("Wait for the customer's approval"),
    JewelryOrderStatus.revision_requested: _l("Read the comments and make the prototype again"),
    JewelryOrderStatus.approved: _l("Start production"),
    JewelryOrderStatus.in_production: _l("Finish the piece and send it to quality check"),
    JewelryOrderStatus.quality_check: _l("Check the piece and ship it with a tracking number"),
    JewelryOrderStatus.shipped: _l("Wait for delivery"),
    JewelryOrderStatus.delivered: _l("Done"),
    JewelryOrderStatus.cancelled: _l("Cancelled"),
}


class JewelryError(ValueError):
    """A refused operation: a message, a code, the HTTP status it maps to and messages per field."""

    def __init__(self, message, field: str | None = None, code: str = "invalid", status: int = 422):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
        self.code = code
        self.status = status
        self.fields = {field: self.message} if field else {}


def _not_found(what=None) -> JewelryError:
    return JewelryError(what or _("Not found."), code="not_found", status=404)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    """Whether ``user`` is platform admin staff."""
    return _signed_in(user) and user.role == UserRole.admin


# --- metals, finishes, rates ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class MetalRow:
    """A metal with the price in effect and when that price started."""

    metal: JewelryMetal
    price: JewelryMetalPrice | None

    @property
    def label(self) -> str:
        return quote.metal_label(self.metal.code)


def list_metals(session: Session, *, active_only: bool = False, on: dt.date | None = None) -> list[MetalRow]:
    """Every metal (in display order) with its newest price not later than ``on`` (today)."""
    on = on or utcnow().date()
    query = select(JewelryMetal).order_by(JewelryMetal.sort_order, JewelryMetal.code)
    if active_only:
        query = query.where(JewelryMetal.active == sa.true())
    metals = list(session.exec(query))
    prices: dict[str, JewelryMetalPrice] = {}
    for price in session.exec(select(JewelryMetalPrice).where(JewelryMetalPrice.effective_on <= on)
                              .order_by(JewelryMetalPrice.metal_code, JewelryMetalPrice.effective_on.desc())):
        prices.setdefault(price.metal_code, price)
    return [MetalRow(metal, prices.get(metal.code)) for metal in metals]


def price_history(session: Session, limit: int = 60) -> list[JewelryMetalPrice]:
    """The most recent price entries, newest first."""
    return list(session.exec(select(JewelryMetalPrice)
                             .order_by(JewelryMetalPrice.effective_on.desc(), JewelryMetalPrice.metal_code)
                             .limit(limit)))


def set_metal_price(session: Session, user: User | None, metal_code: str, price_krw_per_gram, effective_on: dt.date
                    ) -> JewelryMetalPrice:
    """Record a metal's price per gram from a date (replacing that date's price); refuses unknown metals,
    prices that are not a positive number of won and dates more than a day ahead."""
    metal = session.get(JewelryMetal, metal_code)
    if metal is None:
        raise JewelryError(_("Choose one of the metals."), "metal_code")
    try:
        price = int(price_krw_per_gram)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the price as a whole number of won."), "price_krw_per_gram") from None
    if price <= 0 or price > 100_000_000:
        raise JewelryError(_("Enter the price as a whole number of won."), "price_krw_per_gram")
    if effective_on > utcnow().date() + dt.timedelta(days=1):
        raise JewelryError(_("The price date cannot be in the future."), "effective_on")
    row = session.exec(select(JewelryMetalPrice).where(JewelryMetalPrice.metal_code == metal.code,
                                                       JewelryMetalPrice.effective_on == effective_on)).first()
    if row is None:
        row = JewelryMetalPrice(metal_code=metal.code, price_krw_per_gram=price, effective_on=effective_on,
                                created_by_id=user.id if user else None)
    else:
        row.price_krw_per_gram, row.created_by_id, row.created_at = price, user.id if user else None, utcnow()
    session.add(row)
    session.flush()
    return row


def set_metal_active(session: Session, metal_code: str, active: bool) -> JewelryMetal:
    """Offer a metal or stop offering it (quotes refuse inactive metals)."""
    metal = session.get(JewelryMetal, metal_code)
    if metal is None:
        raise JewelryError(_("Choose one of the metals."), "metal_code")
    metal.active = bool(active)
    session.add(metal)
    session.flush()
    return metal


def list_finishes(session: Session, *, active_only: bool = False) -> list[JewelryFinish]:
    """Every finish in display order."""
    query = select(JewelryFinish).order_by(JewelryFinish.sort_order, JewelryFinish.code)
    if active_only:
        query = query.where(JewelryFinish.active == sa.true())
    return list(session.exec(query))


def update_finish(session: Session, user: User | None, code: str, base_krw, per_cm2_krw) -> JewelryFinish:
    """Change a finish's fees; refuses unknown finishes and fees that are not whole won from 0 to 10 million."""
    finish = session.get(JewelryFinish, code)
    if finish is None:
        raise JewelryError(_("Choose one of the finishes."), "code")
    try:
        base, per_cm2 = int(base_krw), int(per_cm2_krw)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the fees as whole numbers of won."), "base_krw") from None
    if not (0 <= base <= 10_000_000 and 0 <= per_cm2 <= 10_000_000):
        raise JewelryError(_("Enter the fees as whole numbers of won."), "base_krw")
    finish.base_krw, finish.per_cm2_krw = base, per_cm2
    finish.updated_at, finish.updated_by_id = utcnow(), user.id if user else None
    session.add(finish)
    session.flush()
    return finish


# --- designs -------------------------------------------------------------------------------------------------------


def upload_limits() -> formats.Limits:
    """The upload limits of the current app (settings ``JEWELRY_MAX_UPLOAD_BYTES``, ``JEWELRY_MAX_TRIANGLES``)."""
    return formats.Limits.from_config(current_app.config)


def _unit_for(checked_format: str, declared: str | None, chosen: str) -> tuple[str, float]:
    if checked_format in formats.UNIT_DECLARING and declared:
        return DECLARED_UNIT_CODES.get(declared, declared), formats.MM_PER_UNIT[declared]
    return chosen, UNITS[chosen]


def upload_design(session: Session, user: User, data: bytes, filename: str, *, unit: str = "mm",
                  name: str | None = None) -> tuple[JewelryDesign, bool]:
    """Check an uploaded 3D file completely (format, size, triangle count, safety, geometry), then store it once
    per content hash and create the customer's design. Returns the design and whether its file still needs
    analysing (False when the same bytes were analysed before, for anyone).

    Refuses unknown units, a missing or too long name, and every file :mod:`.formats` refuses; nothing is
    stored then."""
    if not _signed_in(user):
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
        raise JewelryError(exc.message, "file", code=exc.code,
                           status=413 if exc.code == "too_large" else 422) from None
    sha = hashlib.sha256(data).hexdigest()
    analysis = session.exec(select(MeshAnalysis).where(MeshAnalysis.sha256 == sha)).first()
    if analysis is None:
        try:
            raw = formats.read_mesh(data, checked, limits)
        except formats.MeshFileError as exc:
            raise JewelryError(exc.message, "file", code=exc.code) from None
        analysis = _store_file(session, sha, data, checked, raw)
    unit_code, mm_per_unit = _unit_for(analysis.format, analysis.declared_unit, unit)
    design = JewelryDesign(owner_id=user.id, analysis_id=analysis.id, name=name, filename=display[:160],
                           unit=unit_code, mm_per_unit=mm_per_unit)
    session.add(design)
    session.flush()
    return design, analysis.status == AnalysisStatus.pending


def _store_file(session: Session, sha: str, data: bytes, checked: formats.CheckedFile, raw: formats.RawMesh
                ) -> MeshAnalysis:
    from market.storage import get_storage

    storage = get_storage()
    key = storage.save(data, checked.suffix, area="private")
    analysis = MeshAnalysis(sha256=sha, format=checked.format, size_bytes=len(data), triangles=len(raw.faces),
                            declared_unit=raw.declared_unit, storage_key=key)
    try:
        with session.begin_nested():
            session.add(analysis)
            session.flush()
    except sa.exc.IntegrityError:
        # The same file arrived at the same moment from someone else: use theirs.
        storage.delete(key)
        analysis = session.exec(select(MeshAnalysis).where(MeshAnalysis.sha256 == sha)).one()
    return analysis


def start_analysis(design: JewelryDesign):
    """Queue the analysis of a design's file (in-process by default, on RQ workers with ``REDIS_URL``); call it
    after the upload was committed, since the job reads the file's row from its own session."""
    from market.jobs import enqueue

    return enqueue("market.jewelry.services.analyse_file_job", design.analysis_id)


def _set_progress(analysis_id: int, progress: int, stage: str) -> None:
    """Record how far an analysis is, visible at once to the pages polling it (its own short transaction)."""
    from market.db import get_database

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
    the result on its row; a file that fails is marked failed with the reason, and the worker goes on."""
    from market.db import session_scope

    with session_scope() as session:
        analysis = session.get(MeshAnalysis, analysis_id)
        if analysis is None or analysis.status != AnalysisStatus.pending:
            return "skipped"
        key, file_format, declared = analysis.storage_key, analysis.format, analysis.declared_unit
    started = time.perf_counter()
    try:
        values = _run_analysis(analysis_id, key, declared)
        status = AnalysisStatus.analysed
    except Exception as exc:  # noqa: BLE001 - any failure of a file is recorded; the worker must go on
        log.warning("analysis %s of a %s file failed: %s", analysis_id, file_format, exc)
        message = exc.message if isinstance(exc, formats.MeshFileError) else _l(
            "The design could not be analysed. Check that it is a valid, closed mesh and upload it again.")
        values = {"error": str(message), "progress": 100, "stage": "failed"}
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
    """Analyse a pending file in the caller's session and transaction (the demo and the benchmark; pages and the
    API queue :func:`analyse_file_job` instead)."""
    started = time.perf_counter()
    values = _run_analysis(analysis.id, analysis.storage_key, analysis.declared_unit, report_progress=False)
    for name, value in values.items():
        setattr(analysis, name, value)
    analysis.status, analysis.analysed_at = AnalysisStatus.analysed, utcnow()
    analysis.duration_ms = int((time.perf_counter() - started) * 1000)
    session.add(analysis)
    session.flush()
    return analysis


def _run_analysis(analysis_id: int, key: str, declared: str | None, report_progress: bool = True) -> dict:
    from market.jewelry import analysis as mesh_analysis
    from market.storage import get_storage

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
    if design is None or not _signed_in(user) or (design.owner_id != user.id and not is_admin(user)):
        raise _not_found(_("Design not found."))
    analysis = session.get(MeshAnalysis, design.analysis_id)
    session.refresh(analysis)
    return design, analysis


def can_view_design_files(session: Session, user, design: JewelryDesign) -> bool:
    """Whether ``user`` may see a design's 3D model and thumbnail: its owner, admins, and the workshops that
    have an order of it."""
    if not _signed_in(user):
        return False
    if design.owner_id == user.id or is_admin(user):
        return True
    org_ids = _workshop_org_ids(session, user)
    if not org_ids:
        return False
    return session.exec(select(JewelryOrder.id).join(JewelryQuote, JewelryQuote.id == JewelryOrder.quote_id)
                        .where(JewelryQuote.design_id == design.id,
                               JewelryOrder.workshop_org_id.in_(org_ids))).first() is not None


def design_for_files(session: Session, user, design_id: int) -> tuple[JewelryDesign, MeshAnalysis]:
    """A design whose files ``user`` may see (see :func:`can_view_design_files`); refuses others (not_found)."""
    design = session.get(JewelryDesign, design_id)
    if design is None or not can_view_design_files(session, user, design):
        raise _not_found(_("Design not found."))
    return design, session.get(MeshAnalysis, design.analysis_id)


def list_designs(session: Session, user: User) -> list[tuple[JewelryDesign, MeshAnalysis]]:
    """The user's designs, newest first, with their analyses."""
    rows = session.exec(select(JewelryDesign, MeshAnalysis).join(MeshAnalysis, MeshAnalysis.id == JewelryDesign.analysis_id)
                        .where(JewelryDesign.owner_id == user.id)
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
        return DesignSummary(str(analysis.status), None, None, None, None, analysis.triangles, None, None, False,
                             [], [analysis.error] if analysis.error else [], None, analysis.error,
                             analysis.progress, analysis.stage)
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
    if largest and largest < PLAUSIBLE_MM[0]:
        warnings.append(_("At %(size)s mm across, this is implausibly small for jewelry. Was it drawn in "
                          "centimetres or inches? Choose the unit and upload it again.", size=f"{largest:.2f}"))
    elif largest > PLAUSIBLE_MM[1]:
        warnings.append(_("At %(size)s mm across, this is implausibly large for jewelry. Was it drawn in another "
                          "unit? Choose the unit and upload it again.", size=f"{largest:,.0f}"))
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
                         analysis.triangles, result.get("bodies"), min_wall, at_least, result.get("repairs", []),
                         warnings, ring_mm, None, analysis.progress, analysis.stage)


# --- workshops -----------------------------------------------------------------------------------------------------


def _workshop_org_ids(session: Session, user) -> set[int]:
    if not _signed_in(user):
        return set()
    return set(session.exec(select(Organization.id).join(Membership, Membership.organization_id == Organization.id)
                            .where(Membership.user_id == user.id, Organization.kind == OrganizationKind.maker)))


def workshops_of(session: Session, user) -> list[tuple[Organization, JewelryWorkshop | None]]:
    """The user's maker organisations in the jewelry clusters (or already set up as workshops), with their
    workshop settings if any."""
    ids = _workshop_org_ids(session, user)
    if not ids:
        return []
    orgs = session.exec(select(Organization).where(Organization.id.in_(ids)).order_by(Organization.name))
    settings = {w.organization_id: w for w in session.exec(select(JewelryWorkshop)
                                                           .where(JewelryWorkshop.organization_id.in_(ids)))}
    return [(org, settings.get(org.id)) for org in orgs
            if org.cluster_code in JEWELRY_CLUSTERS or org.id in settings]


def set_workshop(session: Session, user, org_id: int, *, metals, capacity, accepting: bool = True,
                 lead_time_days: int = 14) -> JewelryWorkshop:
    """Set which metals a workshop casts and how many orders it takes at once (its owners and admins); refuses
    other organisations (not_found), unknown metals and capacities outside 0–200."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker:
        raise _not_found()
    if not is_admin(user):
        role = session.exec(select(Membership.role).where(Membership.organization_id == org.id,
                                                          Membership.user_id == user.id)).first()
        if role is None:
            raise _not_found()
        if role != "owner":
            raise JewelryError(_("Only the owners of the workshop can change this."), code="forbidden", status=403)
    known = {m.code for m in session.exec(select(JewelryMetal))}
    chosen = sorted({str(m) for m in metals or []})
    if not chosen or not set(chosen) <= known:
        raise JewelryError(_("Choose the metals the workshop casts."), "metals")
    try:
        capacity = int(capacity)
        lead_time_days = int(lead_time_days)
    except (TypeError, ValueError):
        raise JewelryError(_("Enter the capacity as a whole number of orders."), "capacity") from None
    if not 0 <= capacity <= 200:
        raise JewelryError(_("Enter the capacity as a whole number of orders."), "capacity")
    if not 1 <= lead_time_days <= 180:
        raise JewelryError(_("Enter a lead time from 1 to 180 days."), "lead_time_days")
    workshop = session.get(JewelryWorkshop, org.id) or JewelryWorkshop(organization_id=org.id)
    workshop.metals, workshop.capacity, workshop.accepting = chosen, capacity, bool(accepting)
    workshop.lead_time_days, workshop.updated_at = lead_time_days, utcnow()
    session.add(workshop)
    session.flush()
    return workshop


def route_workshop(session: Session, metal_code: str) -> Organization | None:
    """The workshop an order in ``metal_code`` goes to: among those that accept new orders and cast that metal,
    the one with the most free capacity (fewest open orders per place), then the oldest; None when all are full."""
    workshops = [w for w in session.exec(select(JewelryWorkshop).where(JewelryWorkshop.accepting == sa.true(),
                                                                       JewelryWorkshop.capacity > 0))
                 if metal_code in (w.metals or [])]
    if not workshops:
        return None
    load = {org_id: count for org_id, count in session.exec(
        select(JewelryOrder.workshop_org_id, func.count())
        .where(JewelryOrder.workshop_org_id.in_([w.organization_id for w in workshops]),
               JewelryOrder.status.in_(ACTIVE_STATUSES))
        .group_by(JewelryOrder.workshop_org_id)).all()}
    free = [(load.get(w.organization_id, 0) / w.capacity, w.organization_id) for w in workshops
            if load.get(w.organization_id, 0) < w.capacity]
    if not free:
        return None
    return session.get(Organization, min(free)[1])


# --- quotes --------------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class QuoteRequest:
    """A customer's choices for a quote."""

    design_id: int
    metal: str
    finish: str = "polish"
    ring_system: str | None = None
    ring_value: str | None = None
    stones: tuple[quote.Stone, ...] = ()
    quantity: int = 1
    currency: str = "KRW"
    prototype: str = "resin"

    def key(self) -> str:
        """A fingerprint of the choices: the same choices find the same stored quote."""
        payload = {"design": self.design_id, "metal": self.metal, "finish": self.finish,
                   "ring": [self.ring_system, self.ring_value], "quantity": self.quantity,
                   "currency": self.currency, "prototype": self.prototype,
                   "stones": [[s.count, s.size_mm] for s in self.stones]}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def parse_stones(raw) -> tuple[quote.Stone, ...]:
    """Stone groups from ``[{"count", "size_mm"}]``; refuses more than 10 groups, counts outside 1–200 and
    sizes outside 0.5–20 mm."""
    if not raw:
        return ()
    if not isinstance(raw, list | tuple) or len(raw) > quote.MAX_STONE_GROUPS:
        raise JewelryError(_("Describe at most %(n)d groups of stones.", n=quote.MAX_STONE_GROUPS), "stones")
    stones = []
    for item in raw:
        try:
            count = int(item["count"])
            size = float(item["size_mm"])
        except (KeyError, TypeError, ValueError):
            raise JewelryError(_("Give each group of stones a count and a size in mm."), "stones") from None
        if not 1 <= count <= quote.MAX_STONES_PER_GROUP or not 0.5 <= size <= 20:
            raise JewelryError(_("Stones are counted from 1 to 200 per group and measure 0.5 to 20 mm."),
                               "stones")
        stones.append(quote.Stone(count, round(size, 2)))
    return tuple(sorted(stones, key=lambda s: (s.size_mm, s.count)))


def create_quote(session: Session, user, request: QuoteRequest) -> JewelryQuote:
    """Price a design for the customer's choices and store the quote, valid 7 days; the same choices while a
    quote is valid return that quote unchanged (same id, same price).

    Refuses other people's designs (not_found), designs not analysed yet (409) or not closed (no volume: 409),
    unknown or inactive metals and finishes, ring sizes off their scale or for a design that is not a ring,
    quantities outside 1–500, and currencies without an exchange rate."""
    design, analysis = get_design(session, user, request.design_id)
    now = utcnow()
    key = request.key()
    existing = session.exec(select(JewelryQuote).where(JewelryQuote.customer_id == user.id,
                                                       JewelryQuote.input_key == key,
                                                       JewelryQuote.valid_until > now)
                            .order_by(JewelryQuote.id.desc())).first()
    if existing is not None:
        return existing
    summary = summarize(design, analysis)
    if analysis.status == AnalysisStatus.pending:
        raise JewelryError(_("The design is still being analysed. Try again in a moment."), code="pending",
                           status=409)
    if not summary.quotable:
        raise JewelryError(_("This design cannot be quoted by weight: it is not a closed (watertight) model, so "
                             "its volume is unknown."), code="not_watertight", status=409)
    metal = session.get(JewelryMetal, request.metal)
    if metal is None or not metal.active:
        raise JewelryError(_("Choose one of the metals offered."), "metal")
    price = next((row.price for row in list_metals(session) if row.metal.code == metal.code), None)
    if price is None:
        raise JewelryError(_("This metal has no price yet."), "metal")
    finish = session.get(JewelryFinish, request.finish)
    if finish is None or not finish.active:
        raise JewelryError(_("Choose one of the finishes offered."), "finish")
    if request.prototype not in quote.PROTOTYPE_FEES_KRW:
        raise JewelryError(_("Choose a resin or a wax prototype."), "prototype")
    if not 1 <= request.quantity <= quote.MAX_QUANTITY:
        raise JewelryError(_("Order from 1 to %(max)d pieces.", max=quote.MAX_QUANTITY), "quantity")
    currency = (request.currency or "").upper()
    rates = latest_rates(session)
    if currency not in rates:
        raise JewelryError(_("There is no exchange rate for %(currency)s yet; choose another currency.",
                             currency=currency or "?"), "currency")
    volume, area = summary.volume_mm3, summary.area_mm2
    before = after = None
    if request.ring_system or request.ring_value:
        try:
            size = ringsizes.parse(request.ring_system or "", request.ring_value or "")
        except ringsizes.RingSizeError as exc:
            raise JewelryError(exc.message, "ring_size") from None
        if not summary.is_ring:
            raise JewelryError(_("This design has no finger hole, so it cannot be made in a ring size."),
                               "ring_size")
        ring = analysis.result["ring"]
        s = design.mm_per_unit
        before, after = summary.ring_inner_diameter_mm, round(size.inner_diameter_mm, 2)
        delta = (size.inner_diameter_mm - 2 * ring["inner_radius"] * s) / 2
        volume = volume + delta * ring["dv_over_rho"] * s ** 2
        area = area + delta * ring["da_over_rho"] * s
        if volume <= 0 or area <= 0:
            raise JewelryError(_("This ring cannot be made that small."), "ring_size")
    priced = quote.price_design(
        volume_mm3=volume, area_mm2=area, min_wall_mm=None if summary.wall_at_least else summary.min_wall_mm,
        metal=quote.MetalFigures(metal.code, Decimal(metal.density_g_cm3), Decimal(metal.min_wall_mm),
                                 price.price_krw_per_gram),
        finish=quote.FinishFigures(finish.code, finish.base_krw, finish.per_cm2_krw),
        prototype=request.prototype, stones=list(request.stones), quantity=request.quantity)
    amounts, total = quote.convert_lines(priced.lines, currency, rates)
    rate = rates[currency]
    row = JewelryQuote(
        design_id=design.id, customer_id=user.id, input_key=key, metal_code=metal.code, finish_code=finish.code,
        prototype=request.prototype, ring_system=request.ring_system.upper() if request.ring_system else None,
        ring_value=str(request.ring_value) if request.ring_value else None, ring_before_mm=before,
        ring_after_mm=after, stones=[{"count": s.count, "size_mm": s.size_mm} for s in request.stones],
        quantity=request.quantity, currency=currency, rate_krw_per_unit=rate.krw_per_unit,
        rate_date=rate.rate_date, metal_price_krw_per_gram=price.price_krw_per_gram,
        metal_weight_g=priced.metal_weight_g, volume_mm3=round(volume, 4), area_mm2=round(area, 4),
        lines=[{"code": line.code, "params": line.params, "amount_krw": line.amount_krw, "amount": str(amount)}
               for line, amount in zip(priced.lines, amounts, strict=True)],
        total=total, total_krw=priced.total_krw, warnings=priced.warnings, created_at=now,
        valid_until=now + dt.timedelta(days=quote.VALIDITY_DAYS))
    session.add(row)
    session.flush()
    return row


def get_quote(session: Session, user, quote_id: int) -> JewelryQuote:
    """A quote for its customer (and admins) only; refuses everyone else (not_found)."""
    row = session.get(JewelryQuote, quote_id)
    if row is None or not _signed_in(user) or (row.customer_id != user.id and not is_admin(user)):
        raise _not_found(_("Quote not found."))
    return row


def quote_is_valid(row: JewelryQuote) -> bool:
    """Whether the quote can still be ordered."""
    return row.valid_until > utcnow()


def warning_text(warning: dict) -> str:
    """A stored quote warning in words."""
    if warning.get("code") == "thin_walls":
        return _("Some walls are %(wall)s mm thick, under the %(required)s mm casting minimum of %(metal)s: the "
                 "workshop may need to thicken them.", wall=warning["min_wall"], required=warning["required"],
                 metal=quote.metal_label(warning["metal"]))
    return str(warning.get("code", ""))


# --- orders --------------------------------------------------------------------------------------------------------


def parse_country(value) -> str:
    """An ISO 3166 alpha-2 country code, upper-cased; refuses unknown codes."""
    code = str(value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise JewelryError(_("Choose the country to ship to."), "shipping_country")
    return code


def place_order(session: Session, user, quote_id: int, shipping_address: str, shipping_country: str = "KR"
                ) -> JewelryOrder:
    """Order a quoted design: route it to a workshop that casts its metal and has room, and wait for payment.

    Refuses other people's quotes (not_found), expired or already ordered quotes (409), a missing address or
    country, and when no workshop can take it now (409)."""
    row = get_quote(session, user, quote_id)
    if row.customer_id != user.id:
        raise _not_found(_("Quote not found."))
    if not quote_is_valid(row):
        raise JewelryError(_("This quote has expired. Ask for a new one: prices may have changed."),
                           code="quote_expired", status=409)
    if session.exec(select(JewelryOrder.id).where(JewelryOrder.quote_id == row.id)).first() is not None:
        raise JewelryError(_("This quote has already been ordered."), code="already_ordered", status=409)
    address = (shipping_address or "").strip()
    if not address:
        raise JewelryError(_("Enter the shipping address."), "shipping_address")
    if len(address) > MAX_ADDRESS:
        raise JewelryError(_("Keep the address under %(max)d characters.", max=MAX_ADDRESS), "shipping_address")
    country = parse_country(shipping_country)
    workshop = route_workshop(session, row.metal_code)
    if workshop is None:
        raise JewelryError(_("No workshop can take an order in this metal right now. Try again later or choose "
                             "another metal."), code="no_workshop", status=409)
    prototype_fee = next((line["amount_krw"] for line in row.lines if line["code"] == "prototype"), 0)
    order = JewelryOrder(quote_id=row.id, customer_id=user.id, workshop_org_id=workshop.id, currency=row.currency,
                         total=row.total, total_krw=row.total_krw, prototype_fee_krw=prototype_fee,
                         shipping_address=address, shipping_country=country)
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except sa.exc.IntegrityError:
        raise JewelryError(_("This quote has already been ordered."), code="already_ordered", status=409) from None
    session.add(JewelryOrderEvent(order_id=order.id, actor_id=user.id, role=JewelryRole.customer,
                                  from_status=None, to_status=JewelryOrderStatus.awaiting_payment))
    session.flush()
    design = session.get(JewelryDesign, row.design_id)
    _notify(session, order, JewelryRole.workshop, user.id, "jewelry_order_placed",
            lambda: _("New jewelry order #%(id)d (%(design)s, %(metal)s), awaiting payment.", id=order.id,
                      design=design.name, metal=quote.metal_label(row.metal_code)))
    return order


def roles_of(session: Session, user, order: JewelryOrder) -> set[JewelryRole]:
    """The parts ``user`` plays in an order: customer, workshop (a member of its workshop), staff (admins)."""
    roles = set()
    if not _signed_in(user):
        return roles
    if order.customer_id == user.id:
        roles.add(JewelryRole.customer)
    if order.workshop_org_id in _workshop_org_ids(session, user):
        roles.add(JewelryRole.workshop)
    if is_admin(user):
        roles.add(JewelryRole.staff)
    return roles


def get_order(session: Session, user, order_id: int, role: JewelryRole | None = None) -> JewelryOrder:
    """An order seen by one of its parties (as ``role`` if given); refuses everyone else (not_found)."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise _not_found(_("Order not found."))
    roles = roles_of(session, user, order)
    if (role is None and not roles) or (role is not None and role not in roles):
        raise _not_found(_("Order not found."))
    return order


def next_actions(status: str, role: JewelryRole) -> list[JewelryOrderStatus]:
    """The statuses ``role`` may move an order in ``status`` to, in the table's order."""
    return [to for (frm, to), who in ORDER_TRANSITIONS.items() if frm == status and role in who]


def refund_on_cancel_krw(order: JewelryOrder) -> int:
    """What a customer gets back on cancelling now: everything once paid and before the prototype is started;
    everything but the prototype fee while the prototype is being made or approved; nothing to refund before
    payment (and no cancelling by the customer once production has started)."""
    if order.status == JewelryOrderStatus.paid:
        return order.total_krw
    if order.status in (JewelryOrderStatus.prototyping, JewelryOrderStatus.prototype_ready,
                        JewelryOrderStatus.revision_requested):
        return max(order.total_krw - order.prototype_fee_krw, 0)
    return 0


def move_order(session: Session, user, order_id: int, to, *, role: JewelryRole, expected: str | None = None,
               note: str | None = None, carrier: str | None = None, tracking_number: str | None = None
               ) -> JewelryOrder:
    """Move an order to ``to`` as ``role``, from the status the actor saw (``expected``, else the current one).

    One conditional UPDATE (WHERE status = expected), so of two concurrent moves only one applies. Refuses
    outsiders (not_found), steps outside :data:`ORDER_TRANSITIONS` (409) or not the role's (403), an order that
    changed since (409), a prototype marked ready without photos, a revision without comments or past the limit
    of revisions, and shipping without carrier and tracking number."""
    order = get_order(session, user, order_id, role)
    try:
        to = JewelryOrderStatus(to)
        current = JewelryOrderStatus(expected or order.status)
    except ValueError:
        raise JewelryError(_("This is not a step an order can take."), code="wrong_state", status=409) from None
    return _apply_move(session, order, current, to, role=role, actor_id=user.id, note=note, carrier=carrier,
                       tracking_number=tracking_number)


def _apply_move(session: Session, order: JewelryOrder, current: JewelryOrderStatus, to: JewelryOrderStatus, *,
                role: JewelryRole, actor_id: int | None, note: str | None = None, carrier: str | None = None,
                tracking_number: str | None = None, extra: dict | None = None) -> JewelryOrder:
    allowed = ORDER_TRANSITIONS.get((current, to))
    if allowed is None:
        raise JewelryError(_("This order is %(status)s, so it cannot become %(to)s.",
                             status=STATUS_LABELS[current], to=STATUS_LABELS[to]), code="wrong_state", status=409)
    if role not in allowed:
        raise JewelryError(_("Only the other party can do this."), code="forbidden", status=403)
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        raise JewelryError(_("Keep the note under %(max)d characters.", max=MAX_NOTE), "note")
    values = dict(extra or {})
    conditions = [JewelryOrder.id == order.id, JewelryOrder.status == current]
    if to == JewelryOrderStatus.prototype_ready:
        photos = session.exec(select(func.count()).select_from(JewelryOrderPhoto)
                              .where(JewelryOrderPhoto.order_id == order.id)).one()
        if not photos:
            raise JewelryError(_("Upload at least one photo of the prototype first."), "photos")
    if to == JewelryOrderStatus.revision_requested:
        if not note:
            raise JewelryError(_("Say what should change in the prototype."), "note")
        if order.revisions >= MAX_REVISIONS:
            raise JewelryError(_("The prototype has already been revised %(n)d times, the most an order includes. "
                                 "Approve it or cancel the order.", n=MAX_REVISIONS), code="revision_limit",
                               status=409)
        values["revisions"] = JewelryOrder.revisions + 1
        conditions.append(JewelryOrder.revisions < MAX_REVISIONS)
    if to == JewelryOrderStatus.shipped:
        carrier, tracking_number = (carrier or "").strip(), (tracking_number or "").strip()
        if not carrier:
            raise JewelryError(_("Enter the carrier to mark the order as shipped."), "carrier")
        if not tracking_number:
            raise JewelryError(_("Enter the tracking number to mark the order as shipped."), "tracking_number")
        if len(carrier) > MAX_TRACKING or len(tracking_number) > MAX_TRACKING:
            raise JewelryError(_("Keep the carrier and tracking number under %(max)d characters.",
                                 max=MAX_TRACKING), "tracking_number")
        values.update(carrier=carrier, tracking_number=tracking_number)
    if to == JewelryOrderStatus.cancelled and role != JewelryRole.payments:
        refund = refund_on_cancel_krw(order) if current != JewelryOrderStatus.awaiting_payment else 0
        if refund:
            values["refund_due_krw"] = refund
    result = session.exec(sa.update(JewelryOrder).where(*conditions)
                          .values(status=to, updated_at=utcnow(), **values)
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise JewelryError(_("This order changed in the meantime. Reload the page and try again."),
                           code="conflict", status=409)
    session.add(JewelryOrderEvent(order_id=order.id, actor_id=actor_id, role=role, from_status=current,
                                  to_status=to, note=note))
    session.flush()
    session.refresh(order)
    other = JewelryRole.workshop if role == JewelryRole.customer else JewelryRole.customer
    targets = [other] if role in (JewelryRole.customer, JewelryRole.workshop) else [JewelryRole.customer,
                                                                                   JewelryRole.workshop]
    for side in targets:
        _notify(session, order, side, actor_id, f"jewelry_{to.value}",
                lambda: _("Jewelry order #%(id)d is now: %(status)s.", id=order.id, status=STATUS_LABELS[to]))
    return order


def mark_paid(session: Session, order_id: int, payment_id: int | None = None) -> JewelryOrder:
    """The payments service's step: awaiting payment → paid, with a timeline entry; refuses an order in any
    other state (409), so a payment is never applied twice."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise _not_found(_("Order not found."))
    note = f"payment #{payment_id}" if payment_id is not None else None
    return _apply_move(session, order, JewelryOrderStatus.awaiting_payment, JewelryOrderStatus.paid,
                       role=JewelryRole.payments, actor_id=None, note=note, extra={"paid_at": utcnow()})


def record_refund(session: Session, order_id: int, payment_id: int, amount_minor: int, fully_refunded: bool
                  ) -> JewelryOrder:
    """The payments service reports a refund: it is added to the order's refunded total and the timeline; a full
    refund of an order not yet cancelled cancels it (when the table allows cancelling from its status), a partial
    one is only recorded."""
    order = session.get(JewelryOrder, order_id)
    if order is None:
        raise _not_found(_("Order not found."))
    session.exec(sa.update(JewelryOrder).where(JewelryOrder.id == order.id)
                 .values(refunded_minor=JewelryOrder.refunded_minor + int(amount_minor), refund_due_krw=None)
                 .execution_options(synchronize_session=False))
    note = f"refund of {int(amount_minor)} (minor units, {order.currency}) by payment #{payment_id}"
    current = JewelryOrderStatus(order.status)
    if fully_refunded and (current, JewelryOrderStatus.cancelled) in ORDER_TRANSITIONS and \
            JewelryRole.payments in ORDER_TRANSITIONS[(current, JewelryOrderStatus.cancelled)]:
        return _apply_move(session, order, current, JewelryOrderStatus.cancelled, role=JewelryRole.payments,
                           actor_id=None, note=note)
    session.add(JewelryOrderEvent(order_id=order.id, actor_id=None, role=JewelryRole.payments, from_status=None,
                                  to_status=None, note=note))
    session.flush()
    session.refresh(order)
    return order


def add_photo(session: Session, user, order_id: int, data: bytes, filename: str = "") -> JewelryOrderPhoto:
    """The workshop adds a photo of the prototype (while making it) or of the finished piece (in production or
    quality check); cleaned and stored as WEBP. Refuses other parties (not_found), other stages (409), more than
    12 photos and anything that is not a sound JPEG, PNG or WEBP."""
    from catalog.products.images import ImageRefused, clean_image
    from market.storage import get_storage

    order = get_order(session, user, order_id, JewelryRole.workshop)
    stages = {JewelryOrderStatus.prototyping: "prototype", JewelryOrderStatus.revision_requested: "prototype",
              JewelryOrderStatus.in_production: "production", JewelryOrderStatus.quality_check: "production"}
    stage = stages.get(JewelryOrderStatus(order.status))
    if stage is None:
        raise JewelryError(_("Photos are added while the prototype or the piece is being made."),
                           code="wrong_state", status=409)
    count = session.exec(select(func.count()).select_from(JewelryOrderPhoto)
                         .where(JewelryOrderPhoto.order_id == order.id)).one()
    if count >= MAX_PHOTOS:
        raise JewelryError(_("An order has at most %(n)d photos.", n=MAX_PHOTOS), "photo")
    try:
        clean = clean_image(data, filename)
    except ImageRefused as exc:
        raise JewelryError(exc.message, "photo", code=exc.code) from None
    storage = get_storage()
    web_key = storage.save(clean.web, ".webp", area="private")
    thumb_key = storage.save(clean.thumb, ".webp", area="private")
    photo = JewelryOrderPhoto(order_id=order.id, stage=stage, web_key=web_key, thumb_key=thumb_key,
                              width=clean.width, height=clean.height, uploaded_by_id=user.id)
    session.add(photo)
    session.flush()
    return photo


def get_photo(session: Session, user, order_id: int, photo_id: int) -> JewelryOrderPhoto:
    """A photo of an order, for the order's parties only."""
    order = get_order(session, user, order_id)
    photo = session.get(JewelryOrderPhoto, photo_id)
    if photo is None or photo.order_id != order.id:
        raise _not_found()
    return photo


@dataclasses.dataclass
class OrderDetail:
    """An order with everything its page shows, and the steps the viewer may take next."""

    order: JewelryOrder
    role: JewelryRole
    quote: JewelryQuote
    design: JewelryDesign
    analysis: MeshAnalysis
    workshop: Organization
    customer: User
    events: list[tuple[JewelryOrderEvent, User | None]]
    photos: list[JewelryOrderPhoto]
    actions: list[JewelryOrderStatus]
    refund_on_cancel_krw: int

    @property
    def revisions_left(self) -> int:
        return max(MAX_REVISIONS - self.order.revisions, 0)


def order_detail(session: Session, user, order_id: int, role: JewelryRole) -> OrderDetail:
    """An order's page as ``role``; refuses (not_found) anyone who does not play that role."""
    order = get_order(session, user, order_id, role)
    row = session.get(JewelryQuote, order.quote_id)
    design = session.get(JewelryDesign, row.design_id)
    events = [tuple(e) for e in session.exec(
        select(JewelryOrderEvent, User).outerjoin(User, User.id == JewelryOrderEvent.actor_id)
        .where(JewelryOrderEvent.order_id == order.id)
        .order_by(JewelryOrderEvent.created_at, JewelryOrderEvent.id))]
    photos = list(session.exec(select(JewelryOrderPhoto).where(JewelryOrderPhoto.order_id == order.id)
                               .order_by(JewelryOrderPhoto.created_at, JewelryOrderPhoto.id)))
    actions = next_actions(order.status, role)
    if role == JewelryRole.customer and JewelryOrderStatus.revision_requested in actions \
            and order.revisions >= MAX_REVISIONS:
        actions.remove(JewelryOrderStatus.revision_requested)
    return OrderDetail(order, role, row, design, session.get(MeshAnalysis, design.analysis_id),
                       session.get(Organization, order.workshop_org_id), session.get(User, order.customer_id),
                       events, photos, actions, refund_on_cancel_krw(order))


@dataclasses.dataclass
class OrderRow:
    """An order in a list with its design's name and the other party."""

    order: JewelryOrder
    design: JewelryDesign
    quote: JewelryQuote
    counterpart: str


def list_orders(session: Session, user, role: JewelryRole, status: str | None = None, page: int = 1
                ) -> tuple[list[OrderRow], int]:
    """The customer's orders, or the orders of the user's workshops (the queue: open orders first, oldest
    first), one page at a time."""
    if role == JewelryRole.customer:
        where = [JewelryOrder.customer_id == user.id]
        order_by = [JewelryOrder.created_at.desc(), JewelryOrder.id.desc()]
    else:
        where = [JewelryOrder.workshop_org_id.in_(_workshop_org_ids(session, user) or {0})]
        finished = sa.case((JewelryOrder.status.in_(("delivered", "cancelled", "shipped")), 1), else_=0)
        order_by = [finished, JewelryOrder.updated_at, JewelryOrder.id]
    if status in {s.value for s in JewelryOrderStatus}:
        where.append(JewelryOrder.status == status)
    total = session.exec(select(func.count()).select_from(JewelryOrder).where(*where)).one()
    rows = session.exec(select(JewelryOrder, JewelryQuote, JewelryDesign)
                        .join(JewelryQuote, JewelryQuote.id == JewelryOrder.quote_id)
                        .join(JewelryDesign, JewelryDesign.id == JewelryQuote.design_id)
                        .where(*where).order_by(*order_by)
                        .offset((max(page, 1) - 1) * PER_PAGE).limit(PER_PAGE))
    result = []
    names = {}
    for order, row, design in rows:
        if role == JewelryRole.customer:
            if order.workshop_org_id not in names:
                names[order.workshop_org_id] = session.get(Organization, order.workshop_org_id).name
            other = names[order.workshop_org_id]
        else:
            customer = session.get(User, order.customer_id)
            other = customer.display_name if customer else "—"
        result.append(OrderRow(order, design, row, other))
    return result, total


# --- notifications -------------------------------------------------------------------------------------------------


def _recipient_locale(user: User) -> str:
    return user.locale if user.locale in LOCALES else DEFAULT_LOCALE


def _notify(session: Session, order: JewelryOrder, side: JewelryRole, actor_id: int | None, kind: str,
            message) -> None:
    """Notify the customer or the workshop's members (never the actor), each in their language."""
    from market.notifications.services import notify

    if side == JewelryRole.customer:
        users = [u for u in [session.get(User, order.customer_id)] if u is not None and u.id != actor_id]
        endpoint = "market_jewelry.order"
    else:
        users = list(session.exec(select(User).join(Membership, Membership.user_id == User.id)
                                  .where(Membership.organization_id == order.workshop_org_id,
                                         User.id != (actor_id or 0))))
        endpoint = "market_jewelry.workshop_order"
    users.sort(key=_recipient_locale)
    for locale, group in groupby(users, key=_recipient_locale):
        with force_locale(locale):
            notify(session, [u.id for u in group], kind, message(), _order_path(endpoint, order.id, locale))


def _order_path(endpoint: str, order_id: int, locale: str) -> str:
    """The order page's path in ``locale``; also outside requests (payments' reconciliation runs from the CLI)."""
    try:
        return url_for(endpoint, order_id=order_id, lang=locale, _external=False)
    except RuntimeError:
        from i18n.locales import url_segment

        side = "orders" if endpoint == "market_jewelry.order" else "workshop/orders"
        return f"/{url_segment(locale)}/jewelry/{side}/{order_id}"
