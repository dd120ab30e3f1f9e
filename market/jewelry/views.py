"""Pages of the 3D jewelry market: upload (with progress), a design with its 3D view, analysis and quote form, a
quote with its lines and the order form, the customer's orders and order page, the workshop's queue and order
page (steps, photos), workshop settings, and the admins' metals and finishes.

Forms are answered by :func:`market.formviews.submit` (a status step by :func:`~market.formviews.move_view`):
refusals of their input show on their fields, the others go to the app's one handler (a 404 page, or a flash
message and the way back).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask import session as browser_session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, user_logged_in

from i18n.money import current_currency
from market.db import get_session
from market.errors import error_envelope
from market.formviews import MoveForm, move_view, submit
from market.jewelry import formats, ringsizes
from market.jewelry import quote as pricing
from market.jewelry import sheet as production
from market.jewelry.forms import (
    ConfirmSizeForm,
    FinishForm,
    MetalPriceForm,
    OrderForm,
    PhotoForm,
    QuoteForm,
    UnitForm,
    UploadForm,
    WorkshopForm,
)
from market.jewelry.models import JewelryOrderStatus, JewelryRole
from market.jewelry.payable import KIND as PAYABLE_KIND
from market.jewelry.services import (
    designs,
    handoff,
    metals,
    orders,
    photos,
    queries,
    quotes,
    schedule,
    sizing,
    workshops,
)
from market.jewelry.services.access import Guest, JewelryError, claim_guest_designs, is_admin
from market.pages import page_number, page_url
from market.refusals import Refusal
from market.security import csrf, limiter, staff_required
from market.storage import send_private
from market.uploads.limits import limited_body

bp = Blueprint("market_jewelry", __name__, url_prefix="/<locale:lang>/jewelry")
MODEL_VIEWER = "vendor/model-viewer.min.js"
MAX_PHOTO_BYTES = 10 * 1024 * 1024
GUEST_KEY = "jewelry_guest"


def _viewer(create: bool = False):
    """Who is looking: the signed-in user, else a visitor known by their browser session's key (made on their
    first upload when ``create``)."""
    if current_user.is_authenticated:
        return current_user
    key = browser_session.get(GUEST_KEY)
    if key is None and create:
        key = browser_session[GUEST_KEY] = secrets.token_urlsafe(32)
    return Guest(key or "")


def claim_on_sign_in(_app, user, **_extra) -> None:
    """A visitor who uploaded designs in this browser and then signs up or in gets them: Flask-Login's
    ``user_logged_in`` signal, sent by the sign-in (or sign-up) POST after its own commit, so the claim is a
    small unit of work of its own and no page that only reads ever writes."""
    key = browser_session.pop(GUEST_KEY, None)
    if key:
        session = get_session()
        if claim_guest_designs(session, user, key):
            session.commit()


@bp.record_once
def _connect_claim(state) -> None:
    """Listen to this app's sign-ins once the blueprint is registered (by the factory's explicit list)."""
    user_logged_in.connect(claim_on_sign_in, state.app)


@bp.app_template_global()
def jewelry_status_label(status) -> str:
    """A jewelry order status in words."""
    return orders.status_label(status)


@bp.app_template_global()
def jewelry_action_label(status, from_status=None) -> str:
    """The button text of the step to ``status`` (from ``from_status``)."""
    return orders.action_label(status, from_status)


@bp.app_template_global()
def model_viewer_url() -> str | None:
    """The vendored ``<model-viewer>`` script (installed from the npm registry by ``make install``), or None
    when it was not installed: pages then show the thumbnail only."""
    if not (Path(current_app.static_folder) / MODEL_VIEWER).is_file():
        return None
    return url_for("static", filename=MODEL_VIEWER)


# --- designs -------------------------------------------------------------------------------------------------------


def _index(form, status: int = 200, file_error: str | None = None):
    session = get_session()
    items = [(d, designs.summarize(d, a)) for d, a in designs.list_designs(session, _viewer())]
    return render_template("market/jewelry/index.html", designs=items, form=form, accept=formats.ACCEPT,
                           limits=designs.upload_limits(), file_error=file_error,
                           workshops=workshops.workshops_of(session, current_user)), status


@bp.get("/")
def index():
    """The customer's designs and the upload form."""
    return _index(UploadForm())


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/designs")
@csrf.exempt  # the global hook would read the whole body first; the form checks its own CSRF token
@limiter.limit(lambda: current_app.config["RATELIMIT_UPLOAD"])
def upload():
    """Receive a design (a plain form post, or the page's script with a progress bar, which asks for JSON):
    check it, store it, and go to its page while it is analysed. Every refusal (a file too large too) comes back
    on the form, or as the JSON error the script shows."""
    session = get_session()
    form = None
    limit = designs.upload_limits().max_bytes
    try:
        # The body is bounded before anything reads it: refused from its Content-Length, read up to the limit.
        with limited_body(limit):
            form = UploadForm()
            file = request.files.get("file")
            if not form.validate_on_submit():
                raise JewelryError(_("The form expired or was sent from elsewhere. Please try again."))
            if file is None or not file.filename:
                raise JewelryError(_("Choose a 3D file to upload."), "file")
            data = file.stream.read(limit + 1)
        design, _needs_analysis = designs.upload_design(session, _viewer(create=True), data, file.filename,
                                                        unit=form.unit.data, name=form.name.data)
    except Refusal as exc:
        session.rollback()
        if _wants_json():
            return error_envelope(exc.status, exc.code, exc.message, exc.fields)
        form = form or UploadForm(formdata=None)
        file_error = exc.fields.get("file")
        if file_error is None:
            form.refuse(exc)
        return _index(form, exc.status if exc.status in (413, 422) else 422, file_error)
    session.commit()  # and the analysis, queued for after the commit, starts
    target = url_for(".design", design_id=design.id)
    if _wants_json():
        return jsonify(redirect=target), 201
    return redirect(target)


def _quote_form(summary, form=None) -> QuoteForm:
    form = form or QuoteForm(formdata=None)
    if not form.is_submitted():
        form.currency.data = current_currency()
        if summary.is_ring:
            near = ringsizes.nearest("US", summary.ring_inner_diameter_mm)
            form.ring_system.data, form.ring_value.data = "US", f"{near.value.normalize():f}"
    return form


@bp.get("/designs/<int:design_id>")
def design(design_id: int, form=None, status: int = 200, unit_form=None):
    """A design: its 3D view, the analysis (with progress while it runs), warnings, ring size and the quote
    (for visitors too: the design they uploaded in this browser); the unit it is read in, and the size check."""
    session = get_session()
    item, analysis = designs.get_design(session, _viewer(), design_id)
    summary = designs.summarize(item, analysis)
    equivalents = ringsizes.equivalents(summary.ring_inner_diameter_mm) if summary.is_ring else None
    if unit_form is None:
        unit_form = UnitForm(formdata=None)
        unit_form.unit.data = item.unit
    return render_template("market/jewelry/design.html", design=item, analysis=analysis, s=summary,
                           form=_quote_form(summary, form), equivalents=equivalents, chart=ringsizes.chart(),
                           metals=metals.list_metals(session, active_only=True), unit_form=unit_form,
                           size_form=ConfirmSizeForm(), state=designs.analysis_state(analysis),
                           unit_changeable=sizing.unit_changeable(analysis)), status


@bp.post("/designs/<int:design_id>/unit")
def change_unit(design_id: int):
    """Read the design in another unit (mm, cm, inch) without uploading it again; its open quotes are
    withdrawn."""
    form = UnitForm()

    def changed(item):
        flash(_("The design is now read in %(unit)s.", unit=designs.UNIT_LABELS[item.unit]), "success")
        return redirect(url_for(".design", design_id=item.id))

    return submit(form, lambda: sizing.change_unit(get_session(), _viewer(), design_id, form.unit.data),
                  lambda status: design(design_id, status=status, unit_form=form), changed)


@bp.post("/designs/<int:design_id>/size-confirmation")
def confirm_size(design_id: int):
    """The customer confirms that the design's implausible size is right; it can then be quoted."""
    form = ConfirmSizeForm()

    def confirmed(item):
        flash(_("The size is confirmed. You can now get a price."), "success")
        return redirect(url_for(".design", design_id=item.id))

    return submit(form, lambda: sizing.confirm_size(get_session(), _viewer(), design_id),
                  lambda status: design(design_id, status=status), confirmed)


@bp.get("/designs/<int:design_id>/status")
def design_status(design_id: int):
    """How far the analysis is (polled by the design page)."""
    _item, analysis = designs.get_design(get_session(), _viewer(), design_id)
    return jsonify(status=str(analysis.status), state=designs.analysis_state(analysis), progress=analysis.progress,
                   stage=analysis.stage)


@bp.get("/designs/<int:design_id>/model.glb")
def model(design_id: int):
    """The design as binary glTF for the 3D viewer (its owner and the workshops making it)."""
    item, analysis = designs.design_for_files(get_session(), _viewer(), design_id)
    return send_private(analysis.glb_key, f"design-{item.id}.glb", "model/gltf-binary", attachment=False)


@bp.get("/designs/<int:design_id>/thumbnail.png")
def thumbnail(design_id: int):
    """The design's rendered thumbnail."""
    item, analysis = designs.design_for_files(get_session(), _viewer(), design_id)
    return send_private(analysis.thumbnail_key, f"design-{item.id}.png", "image/png", attachment=False)


def _quote_request(design_id: int, form: QuoteForm) -> quotes.QuoteRequest:
    stones = []
    if form.stone_count.data:
        if not form.stone_size.data:
            raise JewelryError(_("Give the size of the stones in mm."), "stone_size")
        stones = [{"count": form.stone_count.data, "size_mm": float(form.stone_size.data)}]
    return quotes.QuoteRequest(
        design_id=design_id, metal=form.metal.data, finish=form.finish.data, prototype=form.prototype.data,
        ring_system=form.ring_system.data or None,
        ring_value=(form.ring_value.data or "").strip() or None if form.ring_system.data else None,
        stones=quotes.parse_stones(stones), quantity=form.quantity.data, currency=form.currency.data,
        shipping_country=form.shipping_country.data or None)


@bp.post("/designs/<int:design_id>/quote")
def create_quote(design_id: int):
    """Price the design with the chosen options; the quote page, or the design page with what to correct. A
    visitor sees the price (stored once they sign up and ask again) with every metal side by side."""
    form = QuoteForm()
    if not current_user.is_authenticated:
        return submit(form, lambda: quotes.price_quote(get_session(), _viewer(), _quote_request(design_id, form)),
                      lambda status: design(design_id, form, status), _guest_quote)
    return submit(form, lambda: quotes.create_quote(get_session(), current_user, _quote_request(design_id, form)),
                  lambda status: design(design_id, form, status),
                  lambda row: redirect(url_for(".quote", quote_id=row.id)))


def _quote_page(row, viewer, form=None, status: int = 200):
    session = get_session()
    item, analysis = designs.get_design(session, viewer, row.design_id)
    return render_template("market/jewelry/quote.html", q=row, design=item, analysis=analysis,
                           valid=quotes.quote_is_valid(row), form=form or OrderForm(shipping_country=row.shipping_country or "KR"),
                           label=pricing.line_label, warning_text=quotes.warning_text,
                           metal_label=pricing.metal_label, finish_label=pricing.finish_label,
                           prototype_labels=pricing.PROTOTYPE_LABELS,
                           comparison=quotes.compare_metals(session, viewer, row),
                           delivery_on=schedule.estimate_delivery(session, row.metal_code, row.shipping_country),
                           guest=not current_user.is_authenticated), status


def _guest_quote(row):
    """A visitor's price, shown without being stored, with the way to sign up and order it."""
    return _quote_page(row, _viewer())


@bp.get("/quotes/<int:quote_id>")
@login_required
def quote(quote_id: int, form=None, status: int = 200):
    """A quote: each line (shipping too) in the customer's currency, the ring resizing, warnings, every metal
    side by side, the estimated delivery, validity and the order form."""
    row = quotes.get_quote(get_session(), current_user, quote_id)
    return _quote_page(row, current_user, form, status)


@bp.post("/quotes/<int:quote_id>/order")
@login_required
def order_quote(quote_id: int):
    """Order a quote: it goes to a workshop and waits for payment."""
    form = OrderForm()

    def placed(order):
        flash(_("Your order has been placed with %(workshop)s.", workshop=queries.order_detail(
            get_session(), current_user, order.id, JewelryRole.customer).workshop.name), "success")
        return redirect(url_for(".order", order_id=order.id))

    return submit(form, lambda: orders.place_order(get_session(), current_user, quote_id, form.shipping_address.data,
                                                   form.shipping_country.data, form.customer_reference.data),
                  lambda status: quote(quote_id, form, status), placed)


# --- orders --------------------------------------------------------------------------------------------------------


@bp.get("/orders/", endpoint="orders")
@login_required
def orders_list():
    """The customer's jewelry orders."""
    page = page_number()
    rows, total = queries.list_orders(get_session(), current_user, JewelryRole.customer, page=page)
    return render_template("market/jewelry/orders.html", rows=rows, total=total, page=page,
                           per_page=queries.PER_PAGE, page_url=page_url, side="customer")


def _pay_url(detail) -> str | None:
    if detail.role != JewelryRole.customer or detail.order.status != JewelryOrderStatus.awaiting_payment:
        return None
    if "payments.checkout" not in current_app.view_functions:
        return None
    return url_for("payments.checkout", kind=PAYABLE_KIND, payable_id=detail.order.id)


def _order_page(order_id: int, role: JewelryRole, form=None, status: int = 200):
    detail = queries.order_detail(get_session(), current_user, order_id, role)
    summary = designs.summarize(detail.design, detail.analysis)
    return render_template("market/jewelry/order.html", d=detail, s=summary, form=form or MoveForm(),
                           photo_form=PhotoForm(), pay_url=_pay_url(detail), label=pricing.line_label,
                           resized=handoff.order_files(get_session(), current_user, order_id).resized,
                           metal_label=pricing.metal_label, finish_label=pricing.finish_label,
                           next_step=detail.next_step, max_revisions=orders.MAX_REVISIONS), status


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
    page = page_number()
    rows, total = queries.list_orders(session, current_user, JewelryRole.workshop, status, page)
    mine = workshops.workshops_of(session, current_user)
    if not mine and not rows:
        abort(404)
    return render_template("market/jewelry/queue.html", rows=rows, total=total, page=page,
                           per_page=queries.PER_PAGE, page_url=page_url, status=status, workshops=mine,
                           statuses=list(JewelryOrderStatus), next_steps=queries.NEXT_STEP_LABELS)


@bp.get("/workshop/orders/<int:order_id>")
@login_required
def workshop_order(order_id: int):
    """An order as its workshop sees it, with the steps it may take and photo uploads."""
    return _order_page(order_id, JewelryRole.workshop)


def _move(order_id: int, role: JewelryRole):
    """Take the order step the form names as ``role``; the order page again with what to correct."""
    return move_view(
        MoveForm(), lambda form: orders.move_order(
            get_session(), current_user, order_id, form.to.data, role=role, expected=form.expected.data or None,
            note=form.note.data, carrier=form.carrier.data, tracking_number=form.tracking_number.data),
        lambda form, status: _order_page(order_id, role, form, status),
        ".order" if role == JewelryRole.customer else ".workshop_order", orders.status_label)


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
        raise JewelryError(_("Choose a photo to upload."), "photo")
    photos.add_photo(session, current_user, order_id, file.stream.read(MAX_PHOTO_BYTES + 1), file.filename)
    session.commit()
    flash(_("The photo was added."), "success")
    return redirect(url_for(".workshop_order", order_id=order_id))


@bp.get("/orders/<int:order_id>/photos/<int:photo_id>/<any(web, thumb):size>")
@login_required
def photo(order_id: int, photo_id: int, size: str):
    """A photo of an order, for its customer and workshop only."""
    item = photos.get_photo(get_session(), current_user, order_id, photo_id)
    return send_private(item.web_key if size == "web" else item.thumb_key, f"photo-{item.id}.webp", "image/webp",
                        attachment=False)


@bp.get("/orders/<int:order_id>/files/original")
@login_required
def original_file(order_id: int):
    """The file the customer uploaded, for the order's customer, its workshop and staff."""
    files = handoff.order_files(get_session(), current_user, order_id)
    return send_private(*handoff.original_file(files))


@bp.get("/orders/<int:order_id>/files/production-sheet.pdf")
@login_required
def production_sheet(order_id: int):
    """The production sheet (PDF, in the page's language) for the order's parties."""
    session = get_session()
    files = handoff.order_files(session, current_user, order_id)
    locale = str(get_locale())
    response = Response(production.build_production_sheet(handoff.production_sheet(session, files), locale),
                        mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="production-sheet-{order_id}-{locale}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/orders/<int:order_id>/files/resized.stl")
@login_required
def resized_file(order_id: int):
    """The ring resized to the ordered size (STL in millimetres), the mesh the workshop casts."""
    files = handoff.order_files(get_session(), current_user, order_id)
    response = Response(handoff.resized_mesh_stl(files), mimetype="model/stl")
    response.headers["Content-Disposition"] = f'attachment; filename="{handoff.resized_filename(files)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/workshop/settings/<int:org_id>", methods=["GET", "POST"])
@login_required
def workshop_settings(org_id: int):
    """A workshop's metals, capacity and lead time (its owners)."""
    session = get_session()
    mine = {org.id: (org, settings) for org, settings in workshops.workshops_of(session, current_user)}
    if org_id not in mine and not is_admin(current_user):
        abort(404)
    org, settings = mine.get(org_id, (None, None))
    form = WorkshopForm()

    def saved(_workshop):
        flash(_("The workshop settings were saved."), "success")
        return redirect(url_for(".workshop_queue"))

    def page(status: int = 200):
        return render_template("market/jewelry/workshop_settings.html", form=form, org=org), status

    if request.method == "POST":
        return submit(form, lambda: workshops.set_workshop(
            get_session(), current_user, org_id, metals=form.metals.data, capacity=form.capacity.data,
            lead_time_days=form.lead_time_days.data), page, saved)
    if settings is not None:
        form.metals.data, form.capacity.data = settings.metals, settings.capacity
        form.lead_time_days.data = settings.lead_time_days
    else:
        form.metals.data, form.capacity.data, form.lead_time_days.data = [], 5, 14
    return page()


# --- admin ---------------------------------------------------------------------------------------------------------


@bp.route("/admin/metals", methods=["GET", "POST"])
@staff_required("admin")
def admin_metals():
    """Metals with their price per gram in effect and its history; record a dated price; edit finish fees."""
    session = get_session()
    price_form = MetalPriceForm(prefix="price")
    finish_form = FinishForm(prefix="finish")

    def page(status: int = 200):
        return render_template("market/jewelry/admin_metals.html", metals=metals.list_metals(session),
                               history=metals.price_history(session), finishes=metals.list_finishes(session),
                               price_form=price_form, finish_form=finish_form, metal_label=pricing.metal_label,
                               finish_label=pricing.finish_label), status

    def saved(message: str):
        flash(message, "success")
        return redirect(url_for(".admin_metals"))

    which = request.form.get("which") if request.method == "POST" else None
    if which == "price":
        return submit(price_form, lambda: metals.set_metal_price(
            session, current_user, price_form.metal_code.data, price_form.price_krw_per_gram.data,
            price_form.effective_on.data), page, lambda row: saved(
            _("The price of %(metal)s was saved.", metal=pricing.metal_label(row.metal_code))))
    if which == "finish":
        return submit(finish_form, lambda: metals.update_finish(
            session, current_user, finish_form.code.data, finish_form.base_krw.data, finish_form.per_cm2_krw.data),
            page, lambda finish: saved(_("The fees of %(finish)s were saved.",
                                         finish=pricing.finish_label(finish.code))))
    if which == "active":
        if not PhotoForm().validate_on_submit():
            abort(400)
        metals.set_metal_active(session, request.form.get("metal_code", ""), request.form.get("active") == "1")
        session.commit()
        return redirect(url_for(".admin_metals"))
    return page()
