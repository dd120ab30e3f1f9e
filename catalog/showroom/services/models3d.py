"""A product's 3D model: the upload checked and measured before anything is stored (the jewelry format checks
and limits, then the model's size against the maker's stated dimensions), its conversion queued after the
commit and run in a limited child process with its progress visible, and what pages and the API show of it."""

from __future__ import annotations

import dataclasses
import logging
import math

import sqlalchemy as sa
from flask import current_app, has_request_context, url_for
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from catalog.products import services as products
from catalog.products.models import Product, ProductStatus
from catalog.showroom import conversion, isolation
from catalog.showroom.models import ModelStatus, Placement, ProductModel
from market.db import get_database, session_scope, utcnow
from market.jewelry import formats
from market.jewelry import isolation as jewelry_isolation
from market.jobs import after_commit
from market.refusals import Refusal, not_found
from market.storage import get_storage

log = logging.getLogger("seoulmade.showroom")

CONVERT_JOB = "catalog.showroom.services.models3d.convert_model_job"
DISCARD_JOB = "catalog.showroom.services.models3d.discard_files_job"
MAX_SIDE_MM = 20_000
PLACEMENT_LABELS = {Placement.floor: _l("On the floor"), Placement.table: _l("On a table"),
                    Placement.wall: _l("On a wall"), Placement.worn: _l("Worn or carried")}
UNIT_LABELS = {"mm": _l("millimetres"), "cm": _l("centimetres"), "m": _l("metres"), "inch": _l("inches")}
STAGE_LABELS = {"queued": _l("Waiting for its turn"), "parse": _l("Reading the model"),
                "glb": _l("Making the web model"), "textures": _l("Downscaling textures"),
                "simplify": _l("Simplifying the mesh"), "usdz": _l("Making the AR model for iPhone and iPad"),
                "poster": _l("Drawing the poster"), "done": _l("Ready"), "failed": _l("Failed")}
FILES = {"model.glb": ("glb_key", "model/gltf-binary"), "model.usdz": ("usdz_key", "model/vnd.usdz+zip"),
         "poster.png": ("poster_key", "image/png")}


class ShowroomError(Refusal):
    """A refused showroom operation, with the field at fault."""


class UnitMismatch(ShowroomError):
    """A model that matches the stated size in another unit: ``suggested_unit`` is that unit's code."""

    suggested_unit: str = ""


def upload_limits() -> formats.Limits:
    """The jewelry upload limits of the current app: a 3D product model has the same."""
    return formats.Limits.from_config(current_app.config)


def child_limits() -> jewelry_isolation.ChildLimits:
    """What measuring or converting one model may use (the jewelry analysis limits)."""
    return jewelry_isolation.ChildLimits.from_config(current_app.config)


def max_glb_bytes() -> int:
    """The largest GLB the conversion writes (setting ``SHOWROOM_MAX_GLB_BYTES``, 15 MB by default)."""
    return int(current_app.config.get("SHOWROOM_MAX_GLB_BYTES", conversion.MAX_GLB_BYTES))


def _locale() -> str:
    if has_request_context():
        return str(get_locale() or "en")
    return current_app.config.get("BABEL_DEFAULT_LOCALE", "en")


def parse_dimensions(values) -> list[float]:
    """Three stated sides in millimetres (width, depth, height); refuses missing, non-numeric, non-positive or
    implausibly large values."""
    try:
        sides = [float(str(v).replace(",", "").strip()) for v in values]
    except (TypeError, ValueError):
        sides = []
    if len(sides) != 3 or not all(math.isfinite(s) and 0 < s <= MAX_SIDE_MM for s in sides):
        raise ShowroomError(_("State the product's real width, depth and height in millimetres (each between 0 "
                              "and %(max)s mm).", max=f"{MAX_SIDE_MM:,}"), "dimensions")
    return [round(s, 1) for s in sides]


def _sides(values) -> str:
    return " × ".join(f"{v:,.0f}" if v >= 10 else f"{v:,.1f}" for v in values)


def _refused_file(code: str, message: str) -> ShowroomError:
    return ShowroomError(message, "file", code=code, status=413 if code == "too_large" else 422)


def upload_model(session: Session, user, product_id: int, data: bytes, filename: str, *, dimensions_mm,
                 placement: str, unit: str | None = None) -> ProductModel:
    """Check a 3D file for a product the user may edit (the jewelry format checks and limits), measure it in a
    limited child process and compare its size with the stated dimensions, then store it and queue its
    conversion for after the commit (replacing an earlier model of the product).

    Refuses a product the user may not edit (404), an unknown placement or unit, dimensions that are not three
    sizes in mm, every file the jewelry checks refuse (413 when too large), a file that cannot be parsed, and a
    model whose size does not match the stated one within 5 % — suggesting the unit that would make it match
    when the file does not declare its own. Nothing is stored when it refuses."""
    product = products.get_editable_product(session, user, product_id)
    if product is None:
        raise not_found(_("Product not found."))
    try:
        placement = Placement(placement)
    except ValueError:
        raise ShowroomError(_("Choose how the product stands: on the floor, on a table, on a wall or worn."),
                            "placement") from None
    unit = (unit or "mm").strip().lower()
    if unit not in conversion.UNITS:
        raise ShowroomError(_("Choose the unit the model was drawn in: mm, cm, m or inch."), "unit")
    stated = parse_dimensions(dimensions_mm)
    limits = upload_limits()
    display = formats.display_name(filename)
    try:
        checked = formats.check_upload(data, display, limits)
    except formats.MeshFileError as exc:
        raise _refused_file(exc.code, str(exc.message)) from None
    if checked.format == "ply":
        raise ShowroomError(_("Upload a GLB, glTF, OBJ, STL or 3MF file."), "file", code="unsupported_format")
    try:
        measured, _result = isolation.run_isolated("measure", data, checked.suffix, {}, limits, child_limits(),
                                                   locale=_locale())
    except jewelry_isolation.AnalysisFailed as exc:
        raise _refused_file(exc.code, exc.message) from None
    declared = measured.get("declared_unit") if checked.format in formats.UNIT_DECLARING else None
    if declared:
        unit_code = conversion.UNIT_CODES.get(declared, declared)
        mm_per_unit = formats.MM_PER_UNIT[declared]
    else:
        unit_code, mm_per_unit = unit, conversion.UNITS[unit]
    up_axis = conversion.UP_AXIS[checked.format]
    sides = conversion.measure(measured["extents"], mm_per_unit, up_axis)
    verdict = conversion.size_verdict(sides, stated, unit_choices=None if declared else conversion.UNITS,
                                      mm_per_unit=mm_per_unit)
    if not verdict.ok:
        if verdict.suggested_unit:
            refusal = UnitMismatch(_("In %(unit)s the model measures %(measured)s mm, but you stated %(stated)s mm. "
                                  "It looks drawn in %(suggested)s: choose that unit and upload it again.",
                                  unit=UNIT_LABELS[unit], measured=_sides(sides), stated=_sides(stated),
                                  suggested=UNIT_LABELS[verdict.suggested_unit]),
                                   "unit", code="unit_mismatch")
            refusal.suggested_unit = verdict.suggested_unit
            raise refusal
        raise ShowroomError(_("The model measures %(measured)s mm, %(ratio)s times the size you stated "
                              "(%(stated)s mm; at most 5 %% may differ). Correct the dimensions, or export the "
                              "model in its true size.", measured=_sides(sides), stated=_sides(stated),
                              ratio=f"{verdict.ratio:,.2g}"), "file", code="size_mismatch")
    storage = get_storage()
    key = storage.save(data, checked.suffix, area="private")
    model = session.exec(select(ProductModel).where(ProductModel.product_id == product.id)).first()
    old_keys = []
    if model is None:
        model = ProductModel(product_id=product.id, source_key=key, source_format=checked.format,
                             filename=display[:160], size_bytes=len(data))
    else:
        old_keys = [k for k in (model.source_key, model.glb_key, model.usdz_key, model.poster_key) if k]
    for name, value in dict(source_key=key, source_format=checked.format, filename=display[:160],
                            size_bytes=len(data), triangles=int(measured["triangles"]), unit=unit_code,
                            mm_per_unit=mm_per_unit, up_axis=up_axis, dimensions_mm=stated, measured_mm=sides,
                            placement=placement, status=ModelStatus.pending, progress=0, stage="queued",
                            error=None, glb_key=None, glb_bytes=None, usdz_key=None, poster_key=None,
                            uploaded_by_id=getattr(user, "id", None), created_at=utcnow(),
                            converted_at=None).items():
        setattr(model, name, value)
    session.add(model)
    try:
        session.flush()
    except BaseException:
        storage.delete(key)
        raise
    after_commit(session, CONVERT_JOB, model.id)
    if old_keys:
        after_commit(session, DISCARD_JOB, old_keys)
    return model


def discard_files_job(keys: list[str]) -> int:
    """Remove the files of a replaced model (queued after the replacing upload commits)."""
    storage = get_storage()
    for key in keys:
        storage.delete(key)
    return len(keys)


def _set_progress(model_id: int, progress: int, stage: str) -> None:
    """Record how far a conversion is, visible at once to the page polling it (its own short transaction)."""
    database = get_database()
    statement = (sa.update(ProductModel).where(ProductModel.id == model_id)
                 .values(progress=progress, stage=stage).execution_options(synchronize_session=False))
    if database.pinned_session is not None:
        database.pinned_session.exec(statement)
        return
    with database.engine.begin() as connection:
        connection.execute(statement)


def convert_model_job(model_id: int) -> str:
    """The background job: convert a stored upload to an optimised GLB, a USDZ and a poster in a limited child
    process, store them and mark the model ready; a failure is recorded with its reason (queued by
    :func:`upload_model` after its commit)."""
    with session_scope() as session:
        model = session.get(ProductModel, model_id)
        if model is None or model.status != ModelStatus.pending:
            return "skipped"
        source_key = model.source_key
        params = {"mm_per_unit": model.mm_per_unit, "up_axis": model.up_axis, "max_glb_bytes": max_glb_bytes()}
    storage = get_storage()
    values: dict
    try:
        _set_progress(model_id, 2, "parse")
        result, files = isolation.run_isolated(
            "convert", storage.read(source_key), source_key[source_key.rfind("."):], params, upload_limits(),
            child_limits(), locale=_locale(),
            progress=lambda fraction, stage: _set_progress(model_id, 2 + int(fraction * 95), stage))
        values = {"glb_key": storage.save(files["model.glb"], ".glb", area="public"),
                  "usdz_key": storage.save(files["model.usdz"], ".usdz", area="public"),
                  "poster_key": storage.save(files["poster.png"], ".png", area="public"),
                  "glb_bytes": int(result["glb_bytes"]), "status": ModelStatus.ready, "stage": "done"}
    except jewelry_isolation.AnalysisFailed as exc:
        log.warning("3D model %s failed to convert (%s): %s", model_id, exc.code, exc.message)
        values = {"status": ModelStatus.failed, "stage": "failed",
                  "error": {"code": exc.code, "msgid": exc.msgid, "params": exc.params}}
    except Exception as exc:  # noqa: BLE001 - a file that fails is recorded; the worker goes on
        log.warning("3D model %s failed to convert: %s", model_id, exc)
        text = jewelry_isolation.FAILURES["crashed"]
        values = {"status": ModelStatus.failed, "stage": "failed",
                  "error": {"code": "crashed", "msgid": text._args[0], "params": {}}}
    values.update(progress=100, converted_at=utcnow())
    with session_scope() as session:
        changed = session.exec(sa.update(ProductModel).where(ProductModel.id == model_id,
                                                             ProductModel.status == ModelStatus.pending,
                                                             ProductModel.source_key == source_key)
                               .values(**values).execution_options(synchronize_session=False))
        if not changed.rowcount:
            # Replaced or deleted meanwhile: the files made here belong to nobody.
            for key in ("glb_key", "usdz_key", "poster_key"):
                if values.get(key):
                    storage.delete(values[key])
            return "superseded"
        model = session.get(ProductModel, model_id)
        if model is not None:
            session.refresh(model)
    return str(values["status"])


def convert_now(session: Session, product: Product, data: bytes, filename: str, *, dimensions_mm,
                placement: Placement) -> ProductModel:
    """Check, store and convert a model in this process and transaction (the demo, whose files are made here
    and trusted; uploads go through :func:`upload_model` and the isolated job instead)."""
    import tempfile
    from pathlib import Path

    limits = upload_limits()
    checked = formats.check_upload(data, filename, limits)
    scene = conversion.load_scene(data, checked, limits)
    raw = formats.read_mesh(data, checked, limits)
    mm_per_unit = formats.MM_PER_UNIT[raw.declared_unit] if raw.declared_unit else 1.0
    up_axis = conversion.UP_AXIS[checked.format]
    sides = conversion.measure(conversion.extents_of(raw.vertices, raw.faces), mm_per_unit, up_axis)
    glb, placed = conversion.build_glb(scene, conversion.to_room(raw.vertices, mm_per_unit, up_axis),
                                       max_glb_bytes())
    parts = conversion.parts_of(placed)
    storage = get_storage()
    with tempfile.TemporaryDirectory(prefix="seoulmade-showroom-") as folder:
        conversion.write_usdz(parts, Path(folder) / "model.usdz")
        usdz = (Path(folder) / "model.usdz").read_bytes()
    model = ProductModel(
        product_id=product.id, source_key=storage.save(data, checked.suffix, area="private"),
        source_format=checked.format, filename=formats.display_name(filename), size_bytes=len(data),
        triangles=checked.triangles, unit=conversion.UNIT_CODES.get(raw.declared_unit or "millimeter", "mm"),
        mm_per_unit=mm_per_unit, up_axis=up_axis, dimensions_mm=list(dimensions_mm), measured_mm=sides,
        placement=placement, status=ModelStatus.ready, progress=100, stage="done",
        glb_key=storage.save(glb, ".glb", area="public"), glb_bytes=len(glb),
        usdz_key=storage.save(usdz, ".usdz", area="public"),
        poster_key=storage.save(conversion.render_poster(parts, size=300), ".png", area="public"),
        converted_at=utcnow())
    session.add(model)
    session.flush()
    return model


def failure_message(model: ProductModel) -> str | None:
    """Why a conversion failed, in the reader's language."""
    error = model.error if model.status == ModelStatus.failed else None
    if not isinstance(error, dict) or not error.get("msgid"):
        return None
    # A message id held in data: looked up as it is (no literal inside the call, so nothing is extracted).
    text = get_translations().ugettext(str(error["msgid"]))
    try:
        return text % error["params"] if error.get("params") else text
    except (KeyError, TypeError, ValueError):
        return text


def stage_label(stage: str) -> str:
    """A conversion stage in words."""
    return str(STAGE_LABELS.get(stage, stage))


def get_model(session: Session, product_id: int) -> ProductModel | None:
    """The product's 3D model row, in any state."""
    return session.exec(select(ProductModel).where(ProductModel.product_id == product_id)).first()


def editable_model(session: Session, user, product_id: int) -> tuple[Product, ProductModel | None]:
    """A product the user may edit and its 3D model (None when it has none); refuses others (404)."""
    product = products.get_editable_product(session, user, product_id)
    if product is None:
        raise not_found(_("Product not found."))
    return product, get_model(session, product.id)


def ready_models(session: Session, product_ids) -> dict[int, ProductModel]:
    """``{product_id: model}`` of those products whose 3D model is ready."""
    ids = list(product_ids)
    if not ids:
        return {}
    rows = session.exec(select(ProductModel).where(ProductModel.product_id.in_(ids),
                                                   ProductModel.status == ModelStatus.ready))
    return {m.product_id: m for m in rows}


def visible_model(session: Session, user, product_id: int) -> ProductModel | None:
    """A ready model of a product the user may see (published, or a draft they may edit), else None."""
    product = session.get(Product, product_id)
    if product is None:
        return None
    if product.status != ProductStatus.published and not products.can_edit_product(session, user, product):
        return None
    model = get_model(session, product_id)
    return model if model is not None and model.status == ModelStatus.ready else None


@dataclasses.dataclass(frozen=True)
class ModelLinks:
    """What a page or the API shows of a ready model."""

    glb_url: str
    usdz_url: str
    poster_url: str
    dimensions_mm: list[float]
    placement: str

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def links(model: ProductModel, external: bool = False) -> ModelLinks:
    """The URLs of a ready model's files (absolute when ``external``), its stated size and placement."""
    def url(name: str) -> str:
        return url_for("catalog_showroom_files.model_file", product_id=model.product_id, name=name,
                       v=_version(model), _external=external)

    return ModelLinks(url("model.glb"), url("model.usdz"), url("poster.png"), list(model.dimensions_mm),
                      str(model.placement))


def _version(model: ProductModel) -> str:
    """Changes with every conversion, so caches never serve a replaced model."""
    return (model.glb_key or "")[-12:-4]


def model_3d_of(session: Session, product_ids) -> dict[int, dict]:
    """``{product_id: model_3d}`` for the API: the ready models' links, size and placement."""
    return {pid: links(model, external=True).as_dict() for pid, model in ready_models(session, product_ids).items()}
