"""Pages of the 3D jewelry market: upload (with progress), a design with its 3D view, analysis and quote form, a
quote with its lines and the order form, the customer's orders and order page, the workshop's queue and order
page (steps, photos), workshop settings, and the admins' metals and finishes.
"""

from __future__ import annotations

import io
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.money import current_currency
from market.db import get_session
from market.jewelry import (
    payable,  # noqa: F401  (registers the jewelry_order payable at app start)
    ringsizes,
    services,
)
from market.jewelry import quote as pricing
from market.jewelry.forms import (
    FinishForm,
    MetalPriceForm,
    MoveForm,
    OrderForm,
    PhotoForm,
    QuoteForm,
    UploadForm,
    WorkshopForm,
)
from market.jewelry.models import JewelryOrderStatus, JewelryRole
from market.jewelry.services import JewelryError
from market.security import staff_required

bp = Blueprint("market_jewelry", __name__, url_prefix="/<locale:lang>/jewelry")
MODEL_VIEWER = "vendor/model-viewer.min.js"


@bp.app_template_global()
def jewelry_status_label(status) -> str:
    """A jewelry order status in words."""
    return str(services.STATUS_LABELS.get(JewelryOrderStatus(status), status))


@bp.app_template_global()
def jewelry_action_label(status) -> str:
    """The button text of the step to ``status``."""
    return str(services.ACTION_LABELS.get(JewelryOrderStatus(status), status))


@bp.app_template_filter("jewelry_money")
def jewelry_money(amount, currency: str) -> str:
    """``|jewelry_money(currency)``: a stored decimal amount formatted for the locale."""
    from decimal import Decimal

    from i18n.money import format_money

    return format_money(Decimal(str(amount)), currency)


@bp.app_template_global()
def model_viewer_url() -> str | None:
    """The vendored ``<model-viewer>`` script (installed from the npm registry by ``make install``), or None
    when it was not installed: pages then show the thumbnail only."""
    if not (Path(current_app.static_folder) / MODEL_VIEWER).is_file():
        return None
    return url_for("static", filename=MODEL_VIEWER)


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def _abort_or_flash(exc: JewelryError):
    get_session().rollback()
    if exc.status == 404:
        abort(404)
    flash(exc.message, "error")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


# --- designs -------------------------------------------------------------------------------------------------------


@bp.get("/")
@login_required
def index():
    """The customer's designs and the upload form."""
    session = get_session()
    designs = [(d, services.summarize(d, a)) for d, a in services.list_designs(session, current_user)]
    return render_template("market/jewelry/index.html", designs=designs, form=UploadForm(),
                           accept=services.formats.ACCEPT, limits=services.upload_limits(),
                           workshops=services.workshops_of(session, current_user))


@bp.post("/designs")
@login_required
def upload():
    """Receive a design (a plain form post, or the page's script with a progress bar, which asks for JSON):
    check it, store it, analyse it, and go to its page; refusals come back with the reason."""
    session = get_session()
    form = UploadForm()
    file = request.files.get("file")
    error = None
    if not form.validate_on_submit():
        error = _("The form expired or was sent from elsewhere. Please try again.")
    elif file is None or not file.filename:
        error = _("Choose a 3D file to upload.")
    if error is None:
        data = file.stream.read(services.upload_limits().max_bytes + 1)
        try:
            design, needs_analysis = services.upload_design(session, current_user, data, file.filename,
                                                            unit=form.unit.data, name=form.name.data)
        except JewelryError as exc:
            session.rollback()
            error = exc.message
        else:
            session.commit()
            if needs_analysis:
                services.start_analysis(design)
            target = url_for(".design", design_id=design.id)
            if _wants_json():
                return jsonify(redirect=target), 201
            return redirect(target)
    if _wants_json():
        return jsonify(error={"code": "invalid", "message": error, "fields": {"file": error}}), 422
    form.add_error(None, error)
    designs = [(d, services.summarize(d, a)) for d, a in services.list_designs(session, current_user)]
    return render_template("market/jewelry/index.html", designs=designs, form=form,
                           accept=services.formats.ACCEPT, limits=services.upload_limits(),
                           workshops=services.workshops_of(session, current_user)), 422


def _quote_form(summary, form=None) -> QuoteForm:
    form = form or QuoteForm(formdata=None)
    if not form.is_submitted():
        form.currency.data = current_currency()
        if summary.is_ring:
            near = ringsizes.nearest("US", summary.ring_inner_diameter_mm)
            form.ring_system.data, form.ring_value.data = "US", f"{near.value.normalize():f}"
    return form


@bp.get("/designs/<int:design_id>")
@login_required
def design(design_id: int, form=None, status: int = 200):
    """A design: its 3D view, the analysis (with progress while it runs), warnings, ring size and the quote."""
    try:
        item, analysis = services.get_design(get_session(), current_user, design_id)
    except JewelryError:
        abort(404)
    summary = services.summarize(item, analysis)
    equivalents = ringsizes.equivalents(summary.ring_inner_diameter_mm) if summary.is_ring else None
    return render_template("market/jewelry/design.html", design=item, analysis=analysis, s=summary,
                           form=_quote_form(summary, form), equivalents=equivalents, chart=ringsizes.chart(),
                           metals=services.list_metals(get_session(), active_only=True)), status


@bp.get("/designs/<int:design_id>/status")
@login_required
def design_status(design_id: int):
    """How far the analysis is (polled by the design page)."""
    try:
        item, analysis = services.get_design(get_session(), current_user, design_id)
    except JewelryError:
        abort(404)
    return jsonify(status=str(analysis.status), progress=analysis.progress, stage=analysis.stage)


def _stored(key: str | None, mimetype: str, name: str):
    from market.storage import get_storage

    storage = get_storage()
    if not key or not storage.exists(key):
        abort(404)
    response = send_file(io.BytesIO(storage.read(key)), mimetype=mimetype, download_name=name)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


@bp.get("/designs/<int:design_id>/model.glb")
@login_required
def model(design_id: int):
    """The design as binary glTF for the 3D viewer (its owner and the workshops making it)."""
    try:
        item, analysis = services.design_for_files(get_session(), current_user, design_id)
    except JewelryError:
        abort(404)
    return _stored(analysis.glb_key, "model/gltf-binary", f"design-{item.id}.glb")


@bp.get("/designs/<int:design_id>/thumbnail.png")
@login_required
def thumbnail(design_id: int):
    """The design's rendered thumbnail."""
    try:
        item, analysis = services.design_for_files(get_session(), current_user, design_id)
    except JewelryError:
        abort(404)
    return _stored(analysis.thumbnail_key, "image/png", f"design-{item.id}.png")


@bp.post("/designs/<int:design_id>/quote")
@login_required
def create_quote(design_id: int):
    """Price the design with the chosen options; the quote page, or the design page with what to correct."""
    session = get_session()
    form = QuoteForm()
    if not form.validate_on_submit():
        return design(design_id, form, 422)
    stones = []
    if form.stone_count.data:
        if not form.stone_size.data:
            form.add_error("stone_size", _("Give the size of the stones in mm."))
            return design(design_id, form, 422)
        stones = [{"count": form.stone_count.data, "size_mm": float(form.stone_size.data)}]
    try:
        request_ = services.QuoteRequest(
            design_id=design_id, metal=form.metal.data, finish=form.finish.data, prototype=form.prototype.data,
            ring_system=form.ring_system.data or None,
            ring_value=(form.ring_value.data or "").strip() or None if form.ring_system.data else None,
            stones=services.parse_stones(stones), quantity=form.quantity.data, currency=form.currency.data)
        row = services.create_quote(session, current_user, request_)
    except JewelryError as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        form.add_error({"ring_size": "ring_value"}.get(exc.field, exc.field), exc.message)
        return design(design_id, form, exc.status if exc.status == 409 else 422)
    session.commit()
    return redirect(url_for(".quote", quote_id=row.id))


@bp.get("/quotes/<int:quote_id>")
@login_required
def quote(quote_id: int, form=None, status: int = 200):
    """A quote: each line in the customer's currency, the ring resizing, warnings, validity and the order form."""
    session = get_session()
    try:
        row = services.get_quote(session, current_user, quote_id)
        item, analysis = services.get_design(session, current_user, row.design_id)
    except JewelryError:
        abort(404)
    return render_template("market/jewelry/quote.html", q=row, design=item, analysis=analysis,
                           valid=services.quote_is_valid(row), form=form or OrderForm(),
                           label=pricing.line_label, warning_text=services.warning_text,
                           metal_label=pricing.metal_label, finish_label=pricing.finish_label,
                           prototype_labels=pricing.PROTOTYPE_LABELS), status


@bp.post("/quotes/<int:quote_id>/order")
@login_required
def order_quote(quote_id: int):
    """Order a quote: it goes to a workshop and waits for payment."""
    session = get_session()
    form = OrderForm()
    if not form.validate_on_submit():
        return quote(quote_id, form, 422)
    try:
        order = services.place_order(session, current_user, quote_id, form.shipping_address.data,
                                     form.shipping_country.data)
    except JewelryError as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        form.add_error(exc.field, exc.message)
        return quote(quote_id, form, exc.status if exc.status == 409 else 422)
    session.commit()
    flash(_("Your order has been placed with %(workshop)s.", workshop=services.order_detail(
        session, current_user, order.id, JewelryRole.customer).workshop.name), "success")
    return redirect(url_for(".order", order_id=order.id))


# --- orders --------------------------------------------------------------------------------------------------------


@bp.get("/orders/")
@login_required
def orders():
    """The customer's jewelry orders."""
    rows, total = services.list_orders(get_session(), current_user, JewelryRole.customer, page=_page())
    return render_template("market/jewelry/orders.html", rows=rows, total=total, page=_page(),
                           per_page=services.PER_PAGE, side="customer")


def _pay_url(detail) -> str | None:
    if detail.role != JewelryRole.customer or detail.order.status != JewelryOrderStatus.awaiting_payment:
        return None
    if "payments.checkout" not in current_app.view_functions:
        return None
    return url_for("payments.checkout", kind=payable.KIND, payable_id=detail.order.id)


def _order_page(order_id: int, role: JewelryRole, form=None, status: int = 200):
    session = get_session()
    try:
        detail = services.order_detail(session, current_user, order_id, role)
    except JewelryError:
        abort(404)
    summary = services.summarize(detail.design, detail.analysis)
    return render_template("market/jewelry/order.html", d=detail, s=summary, form=form or MoveForm(),
                           photo_form=PhotoForm(), pay_url=_pay_url(detail), label=pricing.line_label,
                           metal_label=pricing.metal_label, finish_label=pricing.finish_label,
                           next_step=services.NEXT_STEP_LABELS[JewelryOrderStatus(detail.order.status)],
                           max_revisions=services.MAX_REVISIONS), status


@bp.get("/orders/<int:order_id>")
@login_required
def order(order_id: int):
    """The customer's order: the 3D view, the quote, the timeline, the workshop's photos and the next steps."""
    return _order_page(order_id, JewelryRole.customer)


@bp.get("/workshop/")
@login_required
def workshop_queue():
    """The orders of the user's workshops, open ones first with what to do next."""
    session = get_session()
    status = request.args.get("status") or None
    rows, total = services.list_orders(session, current_user, JewelryRole.workshop, status, _page())
    workshops = services.workshops_of(session, current_user)
    if not workshops and not rows:
        abort(404)
    return render_template("market/jewelry/queue.html", rows=rows, total=total, page=_page(),
                           per_page=services.PER_PAGE, status=status, workshops=workshops,
                           statuses=list(JewelryOrderStatus), next_steps=services.NEXT_STEP_LABELS)


@bp.get("/workshop/orders/<int:order_id>")
@login_required
def workshop_order(order_id: int):
    """An order as its workshop sees it, with the steps it may take and photo uploads."""
    return _order_page(order_id, JewelryRole.workshop)


def _move(order_id: int, role: JewelryRole):
    session = get_session()
    form = MoveForm()
    endpoint = ".order" if role == JewelryRole.customer else ".workshop_order"
    if not form.validate_on_submit():
        return _order_page(order_id, role, form, 422)
    try:
        moved = services.move_order(session, current_user, order_id, form.to.data, role=role,
                                    expected=form.expected.data or None, note=form.note.data,
                                    carrier=form.carrier.data, tracking_number=form.tracking_number.data)
    except JewelryError as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        form.add_error(exc.field if exc.field in ("carrier", "tracking_number", "note") else None, exc.message)
        return _order_page(order_id, role, form, exc.status)
    session.commit()
    flash(_("The order is now: %(status)s.", status=jewelry_status_label(moved.status)), "success")
    return redirect(url_for(endpoint, order_id=moved.id))


@bp.post("/orders/<int:order_id>/move")
@login_required
def move(order_id: int):
    """The customer approves the prototype, asks for a revision, cancels or confirms delivery."""
    return _move(order_id, JewelryRole.customer)


@bp.post("/workshop/orders/<int:order_id>/move")
@login_required
def workshop_move(order_id: int):
    """The workshop starts the prototype, marks it ready, produces, checks and ships."""
    return _move(order_id, JewelryRole.workshop)


@bp.post("/workshop/orders/<int:order_id>/photos")
@login_required
def add_photo(order_id: int):
    """The workshop adds a photo of the prototype or of the finished piece."""
    session = get_session()
    if not PhotoForm().validate_on_submit():
        abort(400)
    file = request.files.get("photo")
    if file is None or not file.filename:
        flash(_("Choose a photo to upload."), "error")
        return redirect(url_for(".workshop_order", order_id=order_id))
    try:
        services.add_photo(session, current_user, order_id, file.stream.read(10 * 1024 * 1024 + 1), file.filename)
    except JewelryError as exc:
        _abort_or_flash(exc)
        return redirect(url_for(".workshop_order", order_id=order_id))
    session.commit()
    flash(_("The photo was added."), "success")
    return redirect(url_for(".workshop_order", order_id=order_id))


@bp.get("/orders/<int:order_id>/photos/<int:photo_id>/<any(web, thumb):size>")
@login_required
def photo(order_id: int, photo_id: int, size: str):
    """A photo of an order, for its customer and workshop only."""
    try:
        item = services.get_photo(get_session(), current_user, order_id, photo_id)
    except JewelryError:
        abort(404)
    return _stored(item.web_key if size == "web" else item.thumb_key, "image/webp", f"photo-{item.id}.webp")


@bp.route("/workshop/settings/<int:org_id>", methods=["GET", "POST"])
@login_required
def workshop_settings(org_id: int):
    """A workshop's metals, capacity and lead time (its owners)."""
    session = get_session()
    mine = {org.id: (org, settings) for org, settings in services.workshops_of(session, current_user)}
    if org_id not in mine and not services.is_admin(current_user):
        abort(404)
    org, settings = mine.get(org_id, (None, None))
    form = WorkshopForm()
    status = 200
    if form.validate_on_submit():
        try:
            services.set_workshop(session, current_user, org_id, metals=form.metals.data,
                                  capacity=form.capacity.data, lead_time_days=form.lead_time_days.data)
        except JewelryError as exc:
            session.rollback()
            if exc.status == 404:
                abort(404)
            form.add_error(exc.field, exc.message)
            status = exc.status
        else:
            session.commit()
            flash(_("The workshop settings were saved."), "success")
            return redirect(url_for(".workshop_queue"))
    elif form.errors:
        status = 422
    elif settings is not None:
        form.metals.data, form.capacity.data = settings.metals, settings.capacity
        form.lead_time_days.data = settings.lead_time_days
    else:
        form.metals.data, form.capacity.data, form.lead_time_days.data = [], 5, 14
    return render_template("market/jewelry/workshop_settings.html", form=form, org=org), status


# --- admin ---------------------------------------------------------------------------------------------------------


@bp.route("/admin/metals", methods=["GET", "POST"])
@staff_required("admin")
def admin_metals():
    """Metals with their price per gram in effect and its history; record a dated price; edit finish fees."""
    session = get_session()
    price_form = MetalPriceForm(prefix="price")
    finish_form = FinishForm(prefix="finish")
    status = 200
    if request.method == "POST" and request.form.get("which") == "price":
        if price_form.validate_on_submit():
            try:
                services.set_metal_price(session, current_user, price_form.metal_code.data,
                                         price_form.price_krw_per_gram.data, price_form.effective_on.data)
            except JewelryError as exc:
                session.rollback()
                price_form.add_error(exc.field, exc.message)
                status = 422
            else:
                session.commit()
                flash(_("The price of %(metal)s was saved.", metal=pricing.metal_label(price_form.metal_code.data)),
                      "success")
                return redirect(url_for(".admin_metals"))
        else:
            status = 422
    elif request.method == "POST" and request.form.get("which") == "finish":
        if finish_form.validate_on_submit():
            try:
                services.update_finish(session, current_user, finish_form.code.data, finish_form.base_krw.data,
                                       finish_form.per_cm2_krw.data)
            except JewelryError as exc:
                session.rollback()
                finish_form.add_error(None, exc.message)
                status = 422
            else:
                session.commit()
                flash(_("The fees of %(finish)s were saved.", finish=pricing.finish_label(finish_form.code.data)),
                      "success")
                return redirect(url_for(".admin_metals"))
        else:
            status = 422
    elif request.method == "POST" and request.form.get("which") == "active":
        if not PhotoForm().validate_on_submit():
            abort(400)
        try:
            services.set_metal_active(session, request.form.get("metal_code", ""),
                                      request.form.get("active") == "1")
        except JewelryError as exc:
            _abort_or_flash(exc)
        else:
            session.commit()
        return redirect(url_for(".admin_metals"))
    return render_template("market/jewelry/admin_metals.html", metals=services.list_metals(session),
                           history=services.price_history(session), finishes=services.list_finishes(session),
                           price_form=price_form, finish_form=finish_form, metal_label=pricing.metal_label,
                           finish_label=pricing.finish_label), status
