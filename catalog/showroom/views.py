"""Showroom pages: a product's 3D model page for its maker (upload, conversion progress, numbers), the showrooms
with their curated rows, trade-fair cards and booth posters, the 3D/AR event beacon, and the model files.

The product page shows the model through :func:`product_model_3d` (a template global), so the product slice
needs only to include ``catalog/showroom/_product_3d.html``.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from catalog.products import pages as product_pages
from catalog.showroom import cards
from catalog.showroom.forms import ActionForm, AddItemForm, ModelUploadForm, MoveItemForm
from catalog.showroom.services import models3d, showrooms, stats
from i18n.locales import current_locale
from i18n.money import convert_krw, current_currency, format_money, page_rates
from market.db import get_session
from market.errors import error_envelope
from market.pdf import download_ready
from market.refusals import Refusal
from market.security import csrf, limiter
from market.storage import get_storage
from market.uploads.limits import limited_body

bp = Blueprint("catalog_showroom", __name__, url_prefix="/<locale:lang>/showroom")
files_bp = Blueprint("catalog_showroom_files", __name__, url_prefix="/showroom-files")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.app_template_global()
def product_model_3d(product_id: int):
    """The product page's 3D model: its links, placement and what the Quick Look banner says, or None."""
    session = get_session()
    model = models3d.visible_model(session, current_user, product_id)
    if model is None:
        return None
    return models3d.links(model)


@bp.app_template_global()
def quick_look_url(links, title: str, subtitle: str, price_krw: int) -> str:
    """The server USDZ with AR Quick Look's banner: a localised call to action ("Request a quote"), the title,
    a subtitle and the price in the buyer's currency (tapping it sends the page to the RFQ form)."""
    currency = current_currency()
    converted = convert_krw(price_krw, currency, page_rates())
    price = format_money(converted.amount, currency) if converted else format_money(price_krw, "KRW")
    banner = {"callToAction": _("Request a quote"), "checkoutTitle": title, "checkoutSubtitle": subtitle,
              "price": price}
    return links.usdz_url + "#" + urlencode(banner, quote_via=quote)


@bp.app_template_global()
def placement_label(code) -> str:
    """How a product stands, in words."""
    return str(models3d.PLACEMENT_LABELS.get(code, code))


# --- a maker's 3D model ------------------------------------------------------------------------------------------


def _model_page(product, model, form=None, status=200, file_error=None, suggested_unit=None):
    session = get_session()
    page = product_pages.get_product_page(session, product.id, current_locale(), current_user)
    numbers = stats.product_stats(session, [product.id]).get(product.id) if model else None
    if form is None:
        dims = (model.dimensions_mm if model else None) or product.dimensions_mm or [None, None, None]
        form = ModelUploadForm(formdata=None, width_mm=dims[0], depth_mm=dims[1], height_mm=dims[2],
                               placement=str(model.placement) if model else "floor",
                               unit=model.unit if model and model.unit in models3d.UNIT_LABELS else "mm")
    return render_template(
        "catalog/showroom/model.html", product=product, page=page, model=model, form=form, numbers=numbers,
        file_error=file_error,
        suggested_unit=str(models3d.UNIT_LABELS[suggested_unit]) if suggested_unit else None, limits=models3d.upload_limits(),
        failure=models3d.failure_message(model) if model else None, accept=".glb,.gltf,.obj,.stl,.3mf",
        stage=models3d.stage_label(model.stage) if model else None, platforms=stats.PLATFORMS), status


@bp.get("/products/<int:product_id>/model")
@login_required
def model_page(product_id: int):
    """The 3D model of a product, for its maker: the upload form, the conversion's progress and the numbers."""
    session = get_session()
    try:
        product, model = models3d.editable_model(session, current_user, product_id)
    except Refusal:
        abort(404)
    return _model_page(product, model)


@bp.post("/products/<int:product_id>/model")
@csrf.exempt  # the global hook would read the whole body first; the form checks its own CSRF token
@login_required
@limiter.limit(lambda: current_app.config["RATELIMIT_UPLOAD"])
def upload_model(product_id: int):
    """Receive a product's 3D model (a plain form post, or the page's script, which asks for JSON): check and
    measure it, store it, and come back to the page that follows its conversion."""
    session = get_session()
    try:
        product, model = models3d.editable_model(session, current_user, product_id)
    except Refusal:
        abort(404)
    form = None
    limit = models3d.upload_limits().max_bytes
    try:
        # The body is bounded before anything reads it: refused from its Content-Length, read up to the limit.
        with limited_body(limit):
            form = ModelUploadForm()
            file = request.files.get("file")
            if not form.validate_on_submit():
                raise Refusal(_("Check the fields marked below."), code="invalid")
            if file is None or not file.filename:
                raise Refusal(_("Choose a 3D file to upload."), "file")
            data = file.stream.read(limit + 1)
        models3d.upload_model(session, current_user, product.id, data, file.filename,
                              dimensions_mm=[form.width_mm.data, form.depth_mm.data, form.height_mm.data],
                              placement=form.placement.data, unit=form.unit.data)
    except Refusal as exc:
        session.rollback()
        if _wants_json():
            return error_envelope(exc.status, exc.code, exc.message, exc.fields)
        form = form or ModelUploadForm(formdata=None)
        if "dimensions" in exc.fields:
            form.add_error("width_mm", exc.fields["dimensions"])
        elif exc.fields.get("file") is None and (exc.fields or not form.errors):
            form.refuse(exc)
        return _model_page(product, model, form, exc.status if exc.status in (413, 422) else 422,
                           exc.fields.get("file"), getattr(exc, "suggested_unit", None))
    session.commit()  # and the conversion, queued for after the commit, starts
    target = url_for(".model_page", product_id=product.id)
    if _wants_json():
        return jsonify(redirect=target), 201
    flash(_("The model was received; it is being converted."), "success")
    return redirect(target)


@bp.get("/products/<int:product_id>/model/status")
@login_required
def model_status(product_id: int):
    """How far the conversion is (the page polls this while it runs)."""
    session = get_session()
    try:
        _product, model = models3d.editable_model(session, current_user, product_id)
    except Refusal:
        abort(404)
    if model is None:
        abort(404)
    return jsonify(status=str(model.status), progress=model.progress, stage=models3d.stage_label(model.stage))


# --- the model's files and its events ----------------------------------------------------------------------------


@files_bp.get("/<int:product_id>/<name>")
def model_file(product_id: int, name: str):
    """A ready model's GLB, USDZ or poster, for anyone who may see the product."""
    if name not in models3d.FILES:
        abort(404)
    model = models3d.visible_model(get_session(), current_user, product_id)
    column, content_type = models3d.FILES[name]
    key = getattr(model, column) if model is not None else None
    storage = get_storage()
    if not key or not storage.exists(key):
        abort(404)
    response = current_app.response_class(storage.read(key), mimetype=content_type)
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Access-Control-Allow-Origin"] = "*"  # Scene Viewer fetches the GLB from Google's app
    return response


@bp.post("/events")
@limiter.limit("120/minute")
def record_event():
    """Count a 3D view, an AR launch (by platform) or a quote tap, sent by the product page's script."""
    session = get_session()
    try:
        product_id = int(request.form.get("product_id", ""))
    except ValueError:
        return error_envelope(422, "invalid", _("Unknown product."), {"product_id": _("Unknown product.")})
    try:
        stats.record_event(session, product_id, request.form.get("kind", ""), request.form.get("platform", ""))
    except Refusal as exc:
        session.rollback()
        return error_envelope(exc.status, exc.code, exc.message, exc.fields)
    session.commit()
    return "", 204


# --- trade-fair card ---------------------------------------------------------------------------------------------


def _ar_url(product_id: int) -> str:
    return url_for("catalog_products.detail", product_id=product_id, _anchor="model-3d", _external=True)


@bp.get("/products/<int:product_id>/card.pdf")
def card(product_id: int):
    """The A5 trade-fair card of a product with a ready 3D model, in the visitor's language and currency."""
    session = get_session()
    page = product_pages.get_product_page(session, product_id, current_locale(), current_user)
    model = models3d.visible_model(session, current_user, product_id)
    if page is None or model is None:
        abort(404)
    data = cards.card_data(session, page.product, model, page.maker.name, current_locale(), current_currency(),
                           _ar_url(product_id))
    response = current_app.response_class(cards.render_card_pdf(data, current_locale()),
                                          mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="made-in-seoul-{product_id}-card.pdf"'
    return download_ready(response)


# --- showrooms ---------------------------------------------------------------------------------------------------


@bp.get("/")
def index():
    """Every showroom: the clusters' and the support centres'."""
    return render_template("catalog/showroom/index.html", showrooms=showrooms.list_showrooms(get_session()))


def _showroom_or_404(slug: str):
    showroom = showrooms.get_showroom(get_session(), slug)
    if showroom is None:
        abort(404)
    return showroom


def _render_showroom(showroom, add_form=None, status=200):
    session = get_session()
    curator = showrooms.is_curator(current_user)
    return render_template(
        "catalog/showroom/showroom.html", showroom=showroom,
        name=showrooms.showroom_name(showroom, current_locale()),
        rows=showrooms.showroom_rows(session, showroom, current_locale()), curator=curator,
        candidates=showrooms.candidate_products(session, showroom, current_locale()) if curator else [],
        add_form=add_form or AddItemForm(formdata=None), action_form=ActionForm(formdata=None)), status


@bp.get("/<slug>")
def showroom(slug: str):
    """A showroom: curated rows of products in 3D, each opening in 3D/AR with "Request a quote"."""
    return _render_showroom(_showroom_or_404(slug))


@bp.post("/<slug>/items")
@login_required
def add_item(slug: str):
    """Curators: put a product in a row of the showroom."""
    session = get_session()
    room = _showroom_or_404(slug)
    if not showrooms.is_curator(current_user):
        abort(403)
    form = AddItemForm()
    if not form.validate_on_submit():
        return _render_showroom(room, form, 422)
    try:
        showrooms.add_to_showroom(session, current_user, room.id, form.product_id.data, (form.row.data or 1) - 1)
    except Refusal as exc:
        session.rollback()
        form.refuse(exc)
        return _render_showroom(room, form, exc.status if exc.status in (403, 409, 422) else 422)
    session.commit()
    flash(_("The product was added to the showroom."), "success")
    return redirect(url_for(".showroom", slug=slug))


@bp.post("/<slug>/items/<int:item_id>/move")
@login_required
def move_item(slug: str, item_id: int):
    """Curators: move a product left, right, or to the row above or below."""
    session = get_session()
    room = _showroom_or_404(slug)
    form = MoveItemForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        showrooms.move_item(session, current_user, room.id, item_id, form.direction.data)
    except Refusal as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
    return redirect(url_for(".showroom", slug=slug, _anchor=f"item-{item_id}"))


@bp.post("/<slug>/items/<int:item_id>/remove")
@login_required
def remove_item(slug: str, item_id: int):
    """Curators: take a product out of the showroom."""
    session = get_session()
    room = _showroom_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        showrooms.remove_item(session, current_user, room.id, item_id)
    except Refusal as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
        flash(_("The product was taken out of the showroom."), "success")
    return redirect(url_for(".showroom", slug=slug))


@bp.get("/<slug>/poster.pdf")
def poster(slug: str):
    """The booth poster of a showroom: the QR codes of its products' AR views."""
    session = get_session()
    room = _showroom_or_404(slug)
    locale = current_locale()
    data = [cards.card_data(session, c.product, c.model, c.maker.name, locale, current_currency(),
                            _ar_url(c.product.id))
            for row in showrooms.showroom_rows(session, room, locale) for c in row]
    response = current_app.response_class(
        cards.render_booth_poster(showrooms.showroom_name(room, locale), data, locale), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="showroom-{room.slug}-poster.pdf"'
    return download_ready(response)

