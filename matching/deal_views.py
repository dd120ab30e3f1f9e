"""Pages of an accepted introduction's follow-up: the thread (messages with attachments), the deal's stage, and
the accepted NDA as a page and a PDF. The introduction page itself (``matching.views``) shows them."""

from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.db import get_session
from market.formviews import submit
from market.pdf import download_ready
from market.storage import send_private
from market.uploads.files import read_upload
from matching import deals
from matching.forms import DealForm, IntroMessageForm
from matching.intro_page import fill_deal_choices, render_introduction
from matching.nda_pdf import render_nda

bp = Blueprint("matching_deals", __name__, url_prefix="/<locale:lang>/introductions")


def _detail_again(intro_id: int, status: int, **forms):
    return render_introduction(intro_id, status, **forms)


def _back(intro_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("matching_intros.detail", intro_id=intro_id, _anchor="thread"))


@bp.post("/<int:intro_id>/messages")
@login_required
def post_message(intro_id: int):
    """One side writes to the other, with files."""
    form = IntroMessageForm()
    files = [read_upload(f) for f in request.files.getlist("files") if f and f.filename]
    return submit(form, lambda: deals.post_intro_message(get_session(), current_user, intro_id, form.body.data or "",
                                                         files),
                  lambda status: _detail_again(intro_id, status, message_form=form),
                  lambda _message: _back(intro_id, _("Message sent.")))


@bp.post("/<int:intro_id>/deal")
@login_required
def move_deal(intro_id: int):
    """Either side moves the deal to another stage."""
    from matching.models import Introduction

    form = DealForm()
    intro = get_session().get(Introduction, intro_id)
    if intro is not None:
        fill_deal_choices(form, intro)
    return submit(form, lambda: deals.set_deal_stage(get_session(), current_user, intro_id, form.stage.data,
                                                     form.kind.data, form.note.data or "", form.expected.data),
                  lambda status: _detail_again(intro_id, status, deal_form=form),
                  lambda moved: _back(intro_id, _("The deal is now “%(stage)s”.",
                                                  stage=deals.stage_label(moved.deal_stage))))


@bp.get("/<int:intro_id>/files/<int:file_id>")
@login_required
def message_file(intro_id: int, file_id: int):
    """An attachment of the thread, for the two sides and staff only."""
    item = deals.get_message_file(get_session(), current_user, intro_id, file_id)
    return send_private(item.storage_key, item.filename, item.content_type)


@bp.get("/<int:intro_id>/nda")
@login_required
def nda(intro_id: int):
    """The accepted NDA: the parties, the version and its text, who accepted it and when."""
    record = deals.nda_record(get_session(), current_user, intro_id)
    return render_template("matching/intros/nda.html", record=record)


@bp.get("/<int:intro_id>/nda.pdf")
@login_required
def nda_pdf(intro_id: int):
    """The accepted NDA as a PDF both sides can keep."""
    record = deals.nda_record(get_session(), current_user, intro_id)
    response = send_file(io.BytesIO(render_nda(record)), mimetype="application/pdf", as_attachment=True,
                         download_name=f"nda-introduction-{intro_id}-v{record.version.version}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return download_ready(response)


@bp.app_template_global()
def deal_stage_label(stage) -> str:
    """A deal stage in words."""
    return deals.stage_label(stage)
