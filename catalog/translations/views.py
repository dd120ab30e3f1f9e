"""The translation pages: what still needs translating, and the side-by-side editor."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import BooleanField, TextAreaField

from catalog.translations import services as editor
from i18n import content
from i18n.forms import Form
from i18n.locales import LOCALE_NAMES, LOCALES
from i18n.providers import TranslationUnavailable, get_provider
from market.db import get_session

bp = Blueprint("catalog_translations", __name__, url_prefix="/<locale:lang>/translations")

FIELD_LABELS = {"title": _l("Title"), "description": _l("Description"), "about": _l("About")}


def _editor_form(entity: editor.EditableEntity, formdata=None):
    """A form with a text box and a "reviewed" tick per field and locale."""

    class EditorForm(Form):
        pass

    for field in entity.fields:
        for locale in LOCALES:
            label = f"{FIELD_LABELS.get(field, field)} ({LOCALE_NAMES[locale]})"
            # The limit is shown by a counter (static/js/counter.js), never enforced by cutting what is pasted.
            limit = editor.MAX_FIELD_LENGTH.get(field, content.MAX_TEXT)
            setattr(EditorForm, f"{field}__{locale}", TextAreaField(
                label, filters=[lambda text: text.replace("\r\n", "\n") if text else text],
                render_kw={"data-maxchars": limit}))
            setattr(EditorForm, f"reviewed__{field}__{locale}", BooleanField(_l("Reviewed")))
    form = EditorForm(formdata=formdata)
    if formdata is None:
        for field in entity.fields:
            for locale in LOCALES:
                row = entity.text(field, locale)
                getattr(form, f"{field}__{locale}").data = row.text if row else ""
                getattr(form, f"reviewed__{field}__{locale}").data = bool(row and row.reviewed)
    return form


@bp.get("/")
@login_required
def index():
    """Every listing of the user's organisations with its completeness per language."""
    entities = editor.list_editable(get_session(), current_user)
    return render_template("catalog/translations/index.html", entities=entities, locales=LOCALES)


@bp.route("/<entity>/<int:entity_id>", methods=["GET", "POST"])
@login_required
def edit(entity: str, entity_id: int):
    """The side-by-side editor: the source text and each language, with glossary hints."""
    session = get_session()
    item = editor.get_editable(session, current_user, entity, entity_id)
    if item is None:
        abort(404)
    provider = get_provider()
    form = _editor_form(item, request.form if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.validate():
        try:
            if request.form.get("action") == "machine":
                count = editor.machine_fill(session, current_user, item, provider)
                message = _("%(n)d fields were filled by machine translation. Review them.", n=count)
            else:
                values = {(f, loc): (getattr(form, f"{f}__{loc}").data or "",
                                     bool(getattr(form, f"reviewed__{f}__{loc}").data))
                          for f in item.fields for loc in LOCALES}
                count = editor.save_texts(session, current_user, item, values)
                message = _("Saved (%(n)d changes).", n=count)
        except content.ContentError as exc:
            session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
            status = 422
        except TranslationUnavailable as exc:
            session.rollback()
            flash(str(exc), "error")
            return redirect(request.path)
        else:
            session.commit()
            flash(message, "success")
            return redirect(request.path)
    elif request.method == "POST":
        status = 422
    hints = {loc: editor.glossary_hints(item, loc) for loc in item.target_locales}
    return render_template("catalog/translations/edit.html", item=item, form=form, hints=hints, provider=provider,
                           field_labels=FIELD_LABELS), status
