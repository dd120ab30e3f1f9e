"""Saved-list pages: my lists, one list with its products, saving a product to a list, and the line sheets
(PDF) of a list and of a public maker's catalog.

Lists are private: another user's list answers 404, exactly like a missing one.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms import SelectChoice

from catalog.lists import linesheet, services
from catalog.lists.forms import NEW_LIST, ActionForm, ListNameForm, SaveForm
from catalog.makers.services import get_maker_by_slug, get_profile, is_public
from catalog.products.pages import get_product_page
from i18n.glossary import guess_lang
from i18n.locales import current_locale, hreflang
from i18n.money import current_currency, page_rates
from market.clusters import cluster_name, get_cluster
from market.db import get_session
from market.pdf import download_ready
from market.refusals import Refusal
from market.storage import get_storage

bp = Blueprint("catalog_lists", __name__, url_prefix="/<locale:lang>/lists")
maker_sheet_bp = Blueprint("catalog_maker_linesheet", __name__, url_prefix="/<locale:lang>/makers")


def _render_index(form=None, status=200):
    lists = services.list_lists(get_session(), current_user)
    return render_template("catalog/lists/index.html", lists=lists, form=form or ListNameForm(formdata=None),
                           max_lists=services.MAX_LISTS_PER_USER), status


@bp.get("/")
@login_required
def index():
    """My lists, with a form to start a new one."""
    return _render_index()


@bp.post("/")
@login_required
def create():
    """Start a new list."""
    session = get_session()
    form = ListNameForm()
    if form.validate_on_submit():
        try:
            saved_list = services.create_list(session, current_user, form.name.data)
        except services.ListError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("The list “%(name)s” was created.", name=saved_list.name), "success")
            return redirect(url_for("catalog_lists.detail", list_id=saved_list.id))
    return _render_index(form, 422)


def _own_or_404(list_id: int):
    saved_list = services.get_own_list(get_session(), current_user, list_id)
    if saved_list is None:
        abort(404)
    return saved_list


def _render_detail(saved_list, rename_form=None, status=200):
    entries = services.list_entries(get_session(), saved_list, current_locale())
    if rename_form is None:
        rename_form = ListNameForm(formdata=None, name=saved_list.name)
    return render_template("catalog/lists/detail.html", saved_list=saved_list, entries=entries,
                           rename_form=rename_form, action_form=ActionForm(formdata=None)), status


@bp.get("/<int:list_id>")
@login_required
def detail(list_id: int):
    """One of my lists: its products in my language and currency."""
    return _render_detail(_own_or_404(list_id))


@bp.post("/<int:list_id>/rename")
@login_required
def rename(list_id: int):
    """Rename one of my lists."""
    session = get_session()
    saved_list = _own_or_404(list_id)
    form = ListNameForm()
    if form.validate_on_submit():
        try:
            services.rename_list(session, current_user, list_id, form.name.data)
        except services.ListError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("The list was renamed."), "success")
            return redirect(url_for("catalog_lists.detail", list_id=list_id))
    session.refresh(saved_list)
    return _render_detail(saved_list, rename_form=form, status=422)


@bp.post("/<int:list_id>/delete")
@login_required
def delete(list_id: int):
    """Delete one of my lists."""
    session = get_session()
    saved_list = _own_or_404(list_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for("catalog_lists.detail", list_id=list_id))
    name = saved_list.name
    services.delete_list(session, current_user, list_id)
    session.commit()
    flash(_("The list “%(name)s” was deleted.", name=name), "success")
    return redirect(url_for("catalog_lists.index"))


@bp.post("/<int:list_id>/cart")
@login_required
def add_to_cart(list_id: int):
    """Put the whole list in my cart at each product's minimum order; the cart then says what was added, what
    was left out and why."""
    session = get_session()
    _own_or_404(list_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for("catalog_lists.detail", list_id=list_id))
    try:
        outcome = services.add_list_to_cart(session, current_user, list_id, current_locale(), current_currency())
    except Refusal as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for("catalog_lists.detail", list_id=list_id))
    session.commit()
    flash(ngettext("%(num)d product put in your cart at its minimum order.",
                   "%(num)d products put in your cart at their minimum order.", len(outcome.added)), "success")
    for title, reason in outcome.skipped:
        flash(_("Not added: %(product)s — %(reason)s.", product=title, reason=reason), "info")
    for message in outcome.shortfalls:
        flash(message, "info")
    return redirect(url_for("market_orders.cart"))


@bp.post("/<int:list_id>/items/<int:product_id>/remove")
@login_required
def remove(list_id: int, product_id: int):
    """Take a product off one of my lists."""
    session = get_session()
    _own_or_404(list_id)
    if not ActionForm().validate_on_submit():
        flash(_("The form expired or was sent from elsewhere. Please try again."), "error")
        return redirect(url_for("catalog_lists.detail", list_id=list_id))
    services.remove_item(session, current_user, list_id, product_id)
    session.commit()
    flash(_("The product was removed from the list."), "success")
    return redirect(url_for("catalog_lists.detail", list_id=list_id))


def _save_form(product_id: int, formdata=None):
    session = get_session()
    lists = services.list_lists(session, current_user)
    containing = services.lists_containing(session, current_user, product_id)
    kwargs = {} if formdata is None else {"formdata": formdata}
    form = SaveForm(**kwargs)
    # A list's name is the buyer's own words: each option says which language they are in.
    form.list_id.choices = [SelectChoice(s.saved_list.id, s.saved_list.name,
                                         render_kw={"lang": hreflang(guess_lang(s.saved_list.name))})
                            for s in lists] + [
        SelectChoice(NEW_LIST, _("A new list"))]
    if formdata is None and not form.is_submitted():
        form.list_id.data = lists[0].saved_list.id if lists else NEW_LIST
        form.new_name.data = "" if lists else _("My list")
    return form, lists, containing


def _render_save(product, form, lists, containing, status=200):
    page = get_product_page(get_session(), product.id, current_locale(), current_user)
    return render_template("catalog/lists/save.html", form=form, page=page, product=product, lists=lists,
                           containing=containing), status


@bp.route("/save/<int:product_id>", methods=["GET", "POST"])
@login_required
def save(product_id: int):
    """Choose one of my lists (or a new one) and save a published product to it."""
    session = get_session()
    product = services.saveable_product(session, product_id)
    if product is None:
        abort(404)
    form, lists, containing = _save_form(product_id)
    if form.validate_on_submit():
        new_list = form.list_id.data == NEW_LIST
        try:
            saved_list, added = services.save_product(
                session, current_user, product_id, list_id=None if new_list else form.list_id.data,
                new_list_name=form.new_name.data if new_list else None)
        except services.ListError as exc:
            session.rollback()
            # The new list's name is typed into this form's "new_name" field.
            form.add_error("new_name" if exc.field == "name" else exc.field, exc.message)
        else:
            session.commit()
            if added:
                flash(_("Saved to “%(name)s”.", name=saved_list.name), "success")
            else:
                flash(_("This product is already on “%(name)s”.", name=saved_list.name), "info")
            return redirect(url_for("catalog_lists.detail", list_id=saved_list.id))
        return _render_save(product, form, lists, containing, 422)
    return _render_save(product, form, lists, containing, 422 if form.is_submitted() else 200)


# --- line sheets -----------------------------------------------------------------------------------------------


def _thumb_path(key: str):
    path = get_storage().path(key)
    return path if path.is_file() else None


def _pdf_response(sheet: linesheet.LineSheet, filename: str) -> Response:
    response = Response(linesheet.build_linesheet(sheet), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return download_ready(response)  # the page's busy button waits for this


def _product_url(product) -> str:
    return url_for("catalog_products.detail", product_id=product.id, _external=True)


def _sheet_options() -> dict:
    """What both line sheets share: the visitor's language and currency, links, thumbnails and the ordering
    terms."""
    return {
        "locale": current_locale(), "currency": current_currency(), "rates": page_rates(),
        "product_url": _product_url, "thumb_path": _thumb_path,
        "verify_url": lambda path: request.host_url.rstrip("/") + path,
        "maker_url": lambda maker: url_for("catalog_makers.detail", slug=maker.slug, _external=True),
        "payment_terms": linesheet.payment_terms(current_app.config.get("PAYMENT_INVOICE_DUE_DAYS", 14)),
    }


@bp.get("/<int:list_id>/linesheet.pdf")
@login_required
def list_linesheet(list_id: int):
    """My list as a wholesale line sheet (PDF) in my language and currency."""
    session = get_session()
    saved_list = _own_or_404(list_id)
    sheet = linesheet.build_sheet(session, services.list_products(session, saved_list), title=saved_list.name,
                                  subtitle=_("Saved list"), **_sheet_options())
    return _pdf_response(sheet, f"linesheet-list-{saved_list.id}-{sheet.locale}.pdf")


@maker_sheet_bp.get("/<slug>/linesheet.pdf")
def maker_linesheet(slug: str):
    """A public maker's catalog as a wholesale line sheet (PDF) in the visitor's language and currency."""
    session = get_session()
    maker = get_maker_by_slug(session, slug)
    if maker is None or not is_public(get_profile(session, maker.id)):
        abort(404)
    locale = current_locale()
    cluster = get_cluster(session, maker.cluster_code) if maker.cluster_code else None
    subtitle = _("Made in Seoul")
    if cluster is not None:
        subtitle = _("Made in Seoul — %(cluster)s", cluster=cluster_name(cluster, locale))
    sheet = linesheet.build_sheet(session, services.maker_products(session, maker.id),
                                  title=linesheet.maker_display_name(maker, locale), subtitle=subtitle,
                                  **_sheet_options())
    return _pdf_response(sheet, f"linesheet-{maker.slug}-{locale}.pdf")
