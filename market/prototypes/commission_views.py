"""Pages of a commission after the award, on the ``market_prototypes`` blueprint (added by :func:`register`, which
:mod:`market.prototypes.views` calls where it makes the blueprint): milestones funded in order, delivered with
photos (thumbnails) and approved or sent back; the thread between the two sides with attachments; change orders
proposed, accepted, refused or withdrawn; the timeline and the ratings.

A refusal of a form's input (422) is shown on the field it names, inside the milestone or form it was posted
from; every other refusal goes to the app's one handler (:mod:`market.errors`).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.locales import current_locale
from market.db import get_session
from market.prototypes.forms import (
    CancelCommissionForm,
    ChangeDecisionForm,
    ChangeForm,
    CommissionMessageForm,
    DeliverForm,
    RatingForm,
    ReviewForm,
)
from market.prototypes.services import files, queries
from market.prototypes.services.base import PrototypeError
from market.prototypes.services.cancellation import cancel_commission
from market.prototypes.services.changes import (
    accept_change,
    commission_of_change,
    propose_change,
    refuse_change,
    withdraw_change,
)
from market.prototypes.services.details import commission_detail
from market.prototypes.services.milestones import approve_milestone, deliver_milestone, reject_milestone
from market.prototypes.services.ratings import EDIT_DAYS, rate_commission
from market.prototypes.services.thread import get_message_file, post_commission_message
from market.storage import send_private
from market.uploads.files import MAX_CAD_BYTES, Upload, read_upload


def uploads_of(name: str = "files") -> list[Upload]:
    """The files of a multipart form field, each read one byte past the largest limit (enough to refuse)."""
    items = [read_upload(storage, MAX_CAD_BYTES) for storage in request.files.getlist(name)
             if storage and storage.filename]
    return [u for u in items if isinstance(u, Upload)]


def _page(commission_id: int, status: int = 200, posted: tuple[str, int] | None = None, **forms):
    """The commission page; ``posted`` names the form ("deliver", "review") and milestone a refused post came
    from, so its messages show there and nowhere else."""
    d = commission_detail(get_session(), current_user, commission_id, current_locale())
    forms.setdefault("deliver_form", DeliverForm(formdata=None))
    forms.setdefault("review_form", ReviewForm(formdata=None))
    if "rating_form" not in forms:
        forms["rating_form"] = RatingForm(formdata=None)
        if d.own_rating is not None:
            forms["rating_form"].score.data = str(d.own_rating.score)
            forms["rating_form"].comment.data = d.own_rating.comment
    forms.setdefault("message_form", CommissionMessageForm(formdata=None))
    if "change_form" not in forms:
        forms["change_form"] = ChangeForm(formdata=None)
        forms["change_form"].fill([{"title": v.milestone.title, "amount_krw": v.milestone.amount_krw}
                                   for v in d.milestones if v.milestone.status != "cancelled"])
    forms.setdefault("decision_form", ChangeDecisionForm(formdata=None))
    forms.setdefault("cancel_form", CancelCommissionForm(formdata=None, prefix="cancel"))
    return render_template("market/prototypes/commission.html", d=d, posted=posted, edit_days=EDIT_DAYS,
                           **forms), status


def _done(message: str, commission_id: int, anchor: str):
    get_session().commit()
    flash(message, "success")
    return redirect(url_for(".commission", commission_id=commission_id) + anchor)


def _refused(form, exc: PrototypeError) -> None:
    if exc.status != 422:
        raise exc
    get_session().rollback()
    form.refuse(exc)


@login_required
def commission(commission_id: int):
    """A commission for its two sides: milestones, deliveries, thread, changes, timeline and ratings."""
    return _page(commission_id)


@login_required
def deliver(milestone_id: int):
    """The maker delivers a funded milestone with photos or files."""
    commission_id = queries.commission_of_milestone(get_session(), milestone_id)
    form = DeliverForm()
    if commission_id is None:
        abort(404)
    if form.validate_on_submit():
        try:
            deliver_milestone(get_session(), current_user, milestone_id, form.note.data, uploads_of())
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(_("Delivered. The startup will review it."), commission_id, f"#milestone-{milestone_id}")
    return _page(commission_id, 422, ("deliver", milestone_id), deliver_form=form)


def _review(milestone_id: int, decide, done_message: str, kind: str):
    """The startup's decision on a delivered milestone (``decide`` is the service that applies it)."""
    commission_id = queries.commission_of_milestone(get_session(), milestone_id)
    form = ReviewForm()
    if commission_id is None:
        abort(404)
    if form.validate_on_submit():
        try:
            decide(get_session(), current_user, milestone_id, form.comment.data)
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(done_message, commission_id, f"#milestone-{milestone_id}")
    return _page(commission_id, 422, (kind, milestone_id), review_form=form)


@login_required
def approve(milestone_id: int):
    """The startup approves a delivered milestone; its money is released to the maker."""
    return _review(milestone_id, approve_milestone, _("Milestone approved."), "approve")


@login_required
def reject(milestone_id: int):
    """The startup sends a delivered milestone back with comments."""
    return _review(milestone_id, reject_milestone, _("The milestone was sent back with your comments."), "reject")


@login_required
def rate(commission_id: int):
    """One side rates the other once the commission is completed (or changes its rating within the week)."""
    form = RatingForm()
    if form.validate_on_submit():
        try:
            rate_commission(get_session(), current_user, commission_id, form.score.data, form.comment.data)
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(_("Thank you for your rating."), commission_id, "#ratings")
    return _page(commission_id, 422, rating_form=form)


@login_required
def post_message(commission_id: int):
    """One side writes to the other in the commission's thread, with attachments."""
    form = CommissionMessageForm()
    if form.validate_on_submit():
        try:
            post_commission_message(get_session(), current_user, commission_id, form.body.data, uploads_of())
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(_("Message sent."), commission_id, "#thread")
    return _page(commission_id, 422, message_form=form)


@login_required
def cancel(commission_id: int):
    """Either side cancels the commission with a reason; undelivered work is refunded to the startup."""
    form = CancelCommissionForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            cancel_commission(get_session(), current_user, commission_id, form.reason.data)
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(_("The commission is cancelled. Money held for work not delivered goes back to the "
                           "startup."), commission_id, "")
    return _page(commission_id, 422, cancel_form=form)


@login_required
def propose(commission_id: int):
    """One side proposes a change to the price, lead time or milestones."""
    form = ChangeForm()
    if form.validate_on_submit():
        try:
            propose_change(get_session(), current_user, commission_id, price_krw=form.price_krw.data,
                           lead_time_days=form.lead_time_days.data, milestones=form.plan() or None,
                           reason=form.reason.data)
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(_("Your change was proposed. The other side will accept or refuse it."), commission_id,
                         "#changes")
    return _page(commission_id, 422, change_form=form)


def _decide(change_id: int, decide, message: str):
    commission_id = commission_of_change(get_session(), change_id)
    form = ChangeDecisionForm()
    if commission_id is None:
        abort(404)
    if form.validate_on_submit():
        try:
            decide(get_session(), current_user, change_id, form.comment.data)
        except PrototypeError as exc:
            _refused(form, exc)
        else:
            return _done(message, commission_id, "#changes")
    return _page(commission_id, 422, decision_form=form)


@login_required
def accept_change_view(change_id: int):
    """The other side accepts a proposed change; the commission and its milestones take it on."""
    return _decide(change_id, accept_change, _("The change was accepted."))


@login_required
def refuse_change_view(change_id: int):
    """The other side refuses a proposed change."""
    return _decide(change_id, refuse_change, _("The change was refused."))


@login_required
def withdraw_change_view(change_id: int):
    """The proposer withdraws its change."""
    return _decide(change_id, lambda session, user, cid, _comment: withdraw_change(session, user, cid),
                   _("The change was withdrawn."))


@login_required
def delivery_file(commission_id: int, file_id: int):
    """Download a delivery's photo or file; only the commission's two sides may. Photos open in the browser."""
    item = files.get_delivery_file(get_session(), current_user, commission_id, file_id)
    return send_private(item.storage_key, item.filename, item.content_type,
                        attachment=not item.content_type.startswith("image/"))


@login_required
def delivery_thumb(commission_id: int, file_id: int):
    """The thumbnail of a delivery's photo, for the commission's two sides."""
    item = files.get_delivery_file(get_session(), current_user, commission_id, file_id)
    if not item.thumb_key:
        abort(404)
    return send_private(item.thumb_key, "thumbnail.webp", "image/webp", attachment=False)


@login_required
def message_file(commission_id: int, file_id: int):
    """Download an attachment of the commission's thread: the two sides and staff only."""
    item = get_message_file(get_session(), current_user, commission_id, file_id)
    return send_private(item.storage_key, item.filename, item.content_type)


def register(bp) -> None:
    """Add the commission pages to the prototypes blueprint."""
    rules = [
        ("/commissions/<int:commission_id>", "commission", commission, "GET"),
        ("/milestones/<int:milestone_id>/deliver", "deliver", deliver, "POST"),
        ("/milestones/<int:milestone_id>/approve", "approve", approve, "POST"),
        ("/milestones/<int:milestone_id>/reject", "reject", reject, "POST"),
        ("/commissions/<int:commission_id>/rate", "rate", rate, "POST"),
        ("/commissions/<int:commission_id>/messages", "commission_message", post_message, "POST"),
        ("/commissions/<int:commission_id>/changes", "propose_change", propose, "POST"),
        ("/commissions/<int:commission_id>/cancel", "cancel_commission", cancel, "POST"),
        ("/changes/<int:change_id>/accept", "accept_change", accept_change_view, "POST"),
        ("/changes/<int:change_id>/refuse", "refuse_change", refuse_change_view, "POST"),
        ("/changes/<int:change_id>/withdraw", "withdraw_change", withdraw_change_view, "POST"),
        ("/commissions/<int:commission_id>/files/<int:file_id>", "delivery_file", delivery_file, "GET"),
        ("/commissions/<int:commission_id>/files/<int:file_id>/thumb", "delivery_thumb", delivery_thumb, "GET"),
        ("/commissions/<int:commission_id>/messages/files/<int:file_id>", "message_file", message_file, "GET"),
    ]
    for rule, endpoint, view, method in rules:
        bp.add_url_rule(rule, endpoint, view, methods=[method])
