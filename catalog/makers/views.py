"""Maker pages: the list of public makers, a maker's public page, and the owners' profile editor with its
workshop photos."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_percent, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from catalog.makers import services
from catalog.makers.forms import ConfirmForm, MakerProfileForm, MakerSearchForm, WorkshopPhotosForm
from catalog.makers.models import MakerProfile
from i18n.locales import current_locale
from market.clusters import cluster_name, list_clusters
from market.db import get_session
from market.pages import page_number, page_url
from market.uploads import files
from market.uploads.images import max_image_bytes

bp = Blueprint("catalog_makers", __name__, url_prefix="/<locale:lang>/makers")

PER_PAGE = 20


@bp.app_template_filter("format_percent")
def _format_percent(value: float | None) -> str:
    """Jinja ``|format_percent``: 0.85 → "85%" in the current locale."""
    return "" if value is None else format_percent(value)


@bp.get("/")
def index():
    """Public makers, searchable by name and filtered by cluster."""
    session = get_session()
    clusters = list_clusters(session)
    form = MakerSearchForm(request.args)
    form.cluster.choices = [SelectChoice("", _("All clusters"))] + [
        SelectChoice(c.code, cluster_name(c, current_locale())) for c in clusters]
    valid = form.validate()
    makers = services.list_makers(session, cluster_code=(form.cluster.data or None) if valid else None,
                                  q=form.q.data if valid else None, page=page_number(), per_page=PER_PAGE)
    return render_template("catalog/makers/index.html", form=form, makers=makers, page_url=page_url,
                           clusters={c.code: c for c in clusters}), (200 if valid else 422)


@bp.get("/<slug>")
def detail(slug: str):
    """A maker's public page in the visitor's language (its owners also see it before it is published)."""
    page = services.get_maker_page(get_session(), slug, current_locale(), current_user)
    if page is None:
        abort(404)
    return render_template("catalog/makers/detail.html", page=page, maker=page.maker, profile=page.profile)


def _profile_form(maker, profile: MakerProfile, from_request: bool = True) -> MakerProfileForm:
    form = MakerProfileForm() if from_request else MakerProfileForm(formdata=None)
    if not from_request or not form.is_submitted():
        form.materials.data = list(profile.materials)
        form.equipment.data = list(profile.equipment)
        form.capabilities.data = list(maker.capabilities or [])
        form.certifications.data = "\n".join(profile.certifications)
        form.min_order_qty.data = profile.min_order_qty
        form.min_order_unit.data = profile.min_order_unit
        form.min_order_note.data = profile.min_order_note or ""
        form.lead_time_days.data = profile.lead_time_days
        form.published.data = services.is_public(profile)
    return form


def _render_editor(maker, profile, form, photo_form, status: int = 200):
    return render_template("catalog/makers/edit.html", maker=maker, profile=profile, form=form,
                           photo_form=photo_form, confirm_form=ConfirmForm(),
                           max_photos=services.MAX_PHOTOS), status


@bp.route("/<slug>/profile", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit the maker's profile (its owners and admins; everyone else gets 404)."""
    session = get_session()
    found = services.get_editable_maker(session, current_user, slug)
    if found is None:
        abort(404)
    maker, profile = found
    form = _profile_form(maker, profile)
    if form.validate_on_submit():
        try:
            services.update_maker_profile(
                session, current_user, maker.id, materials=form.materials.data, equipment=form.equipment.data,
                capabilities=form.capabilities.data,
                certifications=form.certifications.data, min_order_qty=form.min_order_qty.data,
                min_order_unit=form.min_order_unit.data, min_order_note=form.min_order_note.data,
                lead_time_days=form.lead_time_days.data, published=form.published.data)
        except services.MakerError as exc:
            session.rollback()
            form.refuse(exc)
        else:
            session.commit()
            flash(_("Your maker profile was saved.") if form.published.data
                  else _("Your maker profile was saved. It is not public."), "success")
            return redirect(url_for("catalog_makers.detail", slug=slug))
    return _render_editor(maker, profile, form, WorkshopPhotosForm(formdata=None, prefix="photo"),
                          422 if form.errors else 200)


@bp.post("/<slug>/photos")
@login_required
def add_photos(slug: str):
    """Add workshop photos through the image pipeline (checked, cleaned, resized, stored)."""
    session = get_session()
    found = services.get_editable_maker(session, current_user, slug)
    if found is None:
        abort(404)
    maker, profile = found
    photo_form = WorkshopPhotosForm(prefix="photo")
    if photo_form.validate_on_submit():
        limit = max_image_bytes()
        uploads = [files.read_upload(f, limit) for f in (photo_form.photos.data or []) if f and f.filename]
        try:
            added = services.add_workshop_photos(session, current_user, maker.id, uploads)
        except services.MakerError as exc:
            session.rollback()
            photo_form.refuse(exc)
        else:
            try:
                session.commit()
            except Exception:
                files.discard([key for p in added for key in (p["web_key"], p["thumb_key"])])
                raise
            flash(ngettext("%(num)d photo added.", "%(num)d photos added.", len(added)), "success")
            return redirect(url_for("catalog_makers.edit", slug=slug))
    profile = services.get_profile(session, maker.id) or profile
    return _render_editor(maker, profile, _profile_form(maker, profile, from_request=False), photo_form, 422)


@bp.post("/<slug>/photos/<photo_id>/delete")
@login_required
def remove_photo(slug: str, photo_id: str):
    """Remove one workshop photo and its files."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    found = services.get_editable_maker(session, current_user, slug)
    if found is None:
        abort(404)
    photo = services.remove_workshop_photo(session, current_user, found[0].id, photo_id)
    session.commit()
    files.discard([photo["web_key"], photo["thumb_key"]])
    flash(_("The photo was removed."), "info")
    return redirect(url_for("catalog_makers.edit", slug=slug))
