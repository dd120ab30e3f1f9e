"""Product pages: the public product page in the visitor's language and currency, and the makers' own pages to
create, edit, publish and unpublish products and manage their images.

A product or maker the signed-in user may not manage answers 404, exactly like a missing one.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from catalog.certification.services import product_badges
from catalog.makers import services as maker_services
from catalog.products import images, pages, services
from catalog.products.categories import category_name, unit_name
from catalog.products.forms import ActionForm, ImageAltForm, ImageMoveForm, ImageUploadForm, ProductForm
from catalog.products.models import Product
from i18n.locales import current_locale
from market.db import get_session
from market.uploads.files import read_upload
from market.uploads.images import max_image_bytes

bp = Blueprint("catalog_products", __name__, url_prefix="/<locale:lang>/products")
maker_bp = Blueprint("catalog_maker_products", __name__, url_prefix="/<locale:lang>/makers/manage/<int:org_id>")
# Every page may name a category or a unit (cards, RFQs, orders, line sheets), so the names are app-wide.
bp.add_app_template_global(category_name)
bp.add_app_template_global(unit_name)


@bp.get("/<int:product_id>")
def detail(product_id: int):
    """A product: its texts in the visitor's language (or a marked fallback) and its price in their currency."""
    session = get_session()
    page = pages.get_product_page(session, product_id, current_locale(), current_user)
    if page is None:
        abort(404)
    badge = product_badges(session, [product_id]).get(product_id)
    return render_template("catalog/products/detail.html", page=page, product=page.product, badge=badge)


# --- A maker's products ----------------------------------------------------------------------------------------


@maker_bp.get("/products")
@login_required
def index(org_id: int):
    """My products: every product of a maker the user owns, drafts included, with its status and actions."""
    session = get_session()
    maker = services.get_managed_maker(session, current_user, org_id)
    if maker is None:
        abort(404)
    rows = pages.list_managed_products(session, maker, current_locale())
    return render_template("catalog/products/manage.html", maker=maker, rows=rows)


@maker_bp.route("/products/new", methods=["GET", "POST"])
@login_required
def new(org_id: int):
    """Create a draft product; photos are added on its edit page."""
    session = get_session()
    maker = services.get_managed_maker(session, current_user, org_id)
    if maker is None:
        abort(404)
    form = ProductForm(source_locale=maker.source_locale or "ko")
    if form.validate_on_submit():
        try:
            product = services.create_product(session, current_user, maker.id, form.to_input())
        except services.ProductError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("The draft was saved. Add photos, then publish it."), "success")
            return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))
    return render_template("catalog/products/new.html", form=form, maker=maker), (422 if form.has_errors else 200)


def _render_edit(product, form=None, upload_form=None, publish_error=None, status=200, publish_gaps=()):
    """The edit page of ``product`` with the given forms (fresh ones by default)."""
    session = get_session()
    if form is None:
        form = ProductForm(formdata=None, source_locale=product.source_locale)
        form.fill(product, *services.source_texts(session, product))
    maker = services.get_managed_maker(session, current_user, product.maker_id)
    product_images = services.list_images(session, product.id)
    return render_template(
        "catalog/products/edit.html", product=product, maker=maker, form=form,
        upload_form=upload_form or ImageUploadForm(formdata=None), images=product_images,
        gaps=services.publication_gaps(session, product), publish_error=publish_error, publish_gaps=publish_gaps,
        max_images=images.MAX_IMAGES_PER_PRODUCT, can_add_images=len(product_images) < images.MAX_IMAGES_PER_PRODUCT,
    ), status


def _editable_or_404(product_id: int):
    product = services.get_editable_product(get_session(), current_user, product_id)
    if product is None:
        abort(404)
    return product


@bp.route("/<int:product_id>/edit", methods=["GET", "POST"])
@login_required
def edit(product_id: int):
    """Edit a product's details and source texts; shows its images and what publishing still needs."""
    session = get_session()
    product = _editable_or_404(product_id)
    if request.method == "GET":
        return _render_edit(product)
    form = ProductForm(source_locale=product.source_locale)
    if form.validate_on_submit():
        try:
            services.update_product(session, current_user, product.id, form.to_input())
        except services.ProductError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("catalog_products.edit", product_id=product.id))
    return _render_edit(product, form=form, status=422)


def _back(product_id: int):
    if request.form.get("next") == "list":
        product = services.get_editable_product(get_session(), current_user, product_id)
        if product is not None:
            return redirect(url_for("catalog_maker_products.index", org_id=product.maker_id))
    return redirect(url_for("catalog_products.edit", product_id=product_id))


@bp.post("/<int:product_id>/publish")
@login_required
def publish(product_id: int):
    """Publish a draft, or say what it still lacks."""
    return _change_status(product_id, _publish_with_profile, _("Published: buyers can now see this product."))


def _publish_with_profile(session, user, product_id: int):
    """Publish the product, and its maker's profile with it when that is not public yet (the product page links
    to it); a profile that lacks what a public page needs refuses both."""
    product = services.publish_product(session, user, product_id)
    if maker_services.publish_profile_for_product(session, user, product.maker_id) is not None:
        flash(_("Your maker profile is public now too: buyers can open it from the product."), "info")
    return product


@bp.post("/<int:product_id>/unpublish")
@login_required
def unpublish(product_id: int):
    """Take a product back to draft."""
    return _change_status(product_id, services.unpublish_product,
                          _("Unpublished: only your organisation sees this product now."))


def _change_status(product_id: int, operation, success: str):
    session = get_session()
    product = _editable_or_404(product_id)
    if not ActionForm().validate_on_submit():
        return _render_edit(product, publish_error=_("The form expired or was sent from elsewhere. Please try "
                                                     "again."), status=400)
    try:
        operation(session, current_user, product.id)
    except (services.ProductError, maker_services.MakerError) as exc:
        session.rollback()
        return _render_edit(session.get(Product, product_id), publish_error=exc.message, status=exc.status,
                            publish_gaps=getattr(exc, "gaps", []))
    session.commit()
    flash(success, "success")
    return _back(product_id)


@bp.post("/<int:product_id>/delete")
@login_required
def delete(product_id: int):
    """Delete a draft (after the page's confirmation), then back to the maker's products."""
    session = get_session()
    product = _editable_or_404(product_id)
    maker_id = product.maker_id
    if not ActionForm().validate_on_submit():
        abort(400)
    keys = services.delete_draft_product(session, current_user, product.id)
    session.commit()
    images.discard_unreferenced(session, keys)
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("catalog_maker_products.index", org_id=maker_id))


# --- Images ------------------------------------------------------------------------------------------------------


@bp.post("/<int:product_id>/images")
@login_required
def upload_images(product_id: int):
    """Add photos; every file is checked first, and a refused one means none of them is stored."""
    session = get_session()
    product = _editable_or_404(product_id)
    form = ImageUploadForm()
    if form.validate_on_submit():
        limit = max_image_bytes()
        uploads = [read_upload(f, limit) for f in request.files.getlist(form.images.name) if f and f.filename]
        try:
            added = services.add_product_images(session, current_user, product.id, uploads, form.alt_text.data)
        except services.ProductError as exc:
            session.rollback()
            # Shown together above the upload field, which is hidden once a product has all its images.
            form.form_errors.extend(exc.fields.values() or [exc.message])
        else:
            session.commit()
            flash(ngettext("%(num)d photo added.", "%(num)d photos added.", len(added)), "success")
            return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))
    return _render_edit(product, upload_form=form, status=422)


@bp.post("/<int:product_id>/images/<int:image_id>/move")
@login_required
def move_image(product_id: int, image_id: int):
    """Move a photo one place earlier or later (the first photo is the main one)."""
    session = get_session()
    product = _editable_or_404(product_id)
    form = ImageMoveForm()
    if not form.validate_on_submit():
        abort(400)
    offset = -1 if form.direction.data == "up" else 1
    services.move_product_image(session, current_user, product.id, image_id, offset)
    session.commit()
    flash(_("The order of the photos was saved."), "success")
    return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))


@bp.post("/<int:product_id>/images/<int:image_id>/alt")
@login_required
def image_alt(product_id: int, image_id: int):
    """Save a photo's text alternative."""
    session = get_session()
    product = _editable_or_404(product_id)
    form = ImageAltForm()
    if not form.validate_on_submit():
        flash(_("A text alternative has at most 300 characters."), "error")
        return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))
    try:
        services.set_image_alt_text(session, current_user, product.id, image_id, form.alt_text.data)
    except services.ProductError as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
        flash(_("The text alternative was saved."), "success")
    return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))


@bp.post("/<int:product_id>/images/<int:image_id>/delete")
@login_required
def delete_image(product_id: int, image_id: int):
    """Delete a photo and, unless an identical photo elsewhere uses them, its stored files."""
    session = get_session()
    product = _editable_or_404(product_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        keys = services.delete_product_image(session, current_user, product.id, image_id)
    except services.ProductError as exc:
        session.rollback()
        flash(exc.message, "error")
    else:
        session.commit()
        # Files go only after the commit, so a failed commit never leaves an image without its file.
        images.discard_unreferenced(session, keys)
        flash(_("The photo was deleted."), "success")
    return redirect(url_for("catalog_products.edit", product_id=product.id, _anchor="photos"))
