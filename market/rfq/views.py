"""Pages of requests for quote: the buyer's list, the maker's inbox, the request form with its completeness
step, the RFQ page with its thread, quote, decline and accept forms, attachments, and makers' RFQ settings.

Link to the form from a product page with ``url_for('market_rfq.new', product_id=...)`` and from a maker page
with ``url_for('market_rfq.new', maker_id=...)``.
"""

from __future__ import annotations

import datetime as dt
import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from i18n.locales import current_locale
from i18n.money import current_currency, format_money
from market.accounts.forms import ConfirmForm
from market.db import get_session
from market.rfq import services
from market.rfq.forms import DeclineForm, MessageForm, PolicyForm, QuoteForm, RfqForm
from market.rfq.models import RfqStatus, Side
from market.rfq.scoring import LABELS as COMPLETENESS_LABELS
from market.rfq.services import RfqError, RfqIncomplete, Upload

bp = Blueprint("market_rfq", __name__, url_prefix="/<locale:lang>/rfqs")


@bp.app_template_filter("negotiated_money")
def negotiated_money(amount, currency: str | None) -> str:
    """A negotiated amount in its own currency, formatted for the page's locale."""
    if amount is None or not currency:
        return ""
    return format_money(amount, currency)


@bp.app_template_global()
def rfq_status_label(status) -> str:
    """An RFQ status in words."""
    return str(services.STATUS_LABELS.get(RfqStatus(status), status))


@bp.app_template_global()
def quote_status_label(status) -> str:
    """A quote status in words."""
    return str(services.QUOTE_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def decline_reason_label(reason) -> str:
    """A decline reason in words."""
    return str(services.DECLINE_REASONS.get(reason, reason or ""))


def _attach(form, exc: RfqError) -> None:
    """Put the service's messages on the form's fields (or above the form when no field matches)."""
    placed = [name for name in exc.fields if hasattr(getattr(form, name, None), "errors")]
    for name in placed:
        form.add_error(name, exc.fields[name])
    if not placed:
        form.add_error(None, exc.message)


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


@bp.get("/")
@login_required
def index():
    """The RFQs sent by the user's buyer organisations, newest first."""
    status = request.args.get("status") or None
    rows, total = services.list_rfqs(get_session(), current_user, Side.buyer, status, _page(),
                                     locale=current_locale())
    return render_template("market/rfq/list.html", rows=rows, total=total, page=_page(),
                           per_page=services.PER_PAGE, status=status, side="buyer")


@bp.get("/inbox")
@login_required
def inbox():
    """The RFQs addressed to the user's maker organisations, newest first."""
    session = get_session()
    status = request.args.get("status") or None
    rows, total = services.list_rfqs(session, current_user, Side.maker, status, _page(), locale=current_locale())
    return render_template("market/rfq/list.html", rows=rows, total=total, page=_page(),
                           per_page=services.PER_PAGE, status=status, side="maker",
                           makers=services.maker_organizations(session, current_user))


def _uploads() -> list[Upload]:
    uploads = []
    for storage in request.files.getlist("attachments"):
        if storage and storage.filename:
            # One byte over the limit is enough to refuse; larger files are never read whole.
            uploads.append(Upload(storage.filename, storage.stream.read(services.MAX_ATTACHMENT_BYTES + 1)))
    return uploads


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Ask a maker for a quote (``?product_id=`` or ``?maker_id=``); a draft that misses useful facts comes back
    once with its score and what is missing, and one below the maker's minimums cannot be sent."""
    session = get_session()
    try:
        maker, product = services.resolve_target(session, request.args.get("product_id", type=int),
                                                 request.args.get("maker_id", type=int))
    except RfqError:
        abort(404)
    policy = services.get_policy(session, maker.id)
    title = services.product_titles(session, [product.id], current_locale()).get(product.id) if product else None
    buyer_orgs = services.buyer_organizations(session, current_user)
    context = dict(maker=maker, product=product, product_title=title, policy=policy, buyer_orgs=buyer_orgs,
                   assessment=None, refiled=False, labels=COMPLETENESS_LABELS)
    if not buyer_orgs:
        return render_template("market/rfq/new.html", form=None, **context), 403
    form = RfqForm(buyer_orgs=buyer_orgs)
    if not form.is_submitted():
        form.currency.data = current_currency()
        form.destination_country.data = buyer_orgs[0].country
        form.quantity.data = max(product.moq if product else 1, policy.min_quantity)
    status = 200
    if form.validate_on_submit():
        uploads = _uploads()
        try:
            rfq = services.send_rfq(
                session, current_user, confirmed=form.confirmed.data == "1",
                product_id=product.id if product else None, maker_id=None if product else maker.id,
                buyer_org_id=form.buyer_org_id.data if len(buyer_orgs) > 1 else None,
                quantity=form.quantity.data, target_price=form.target_price.data, currency=form.currency.data,
                incoterm=form.incoterm.data or None, destination_country=form.destination_country.data or None,
                needed_by=form.needed_by.data, message=form.message.data, attachments=uploads)
        except RfqIncomplete as exc:
            session.rollback()
            context.update(assessment=exc.assessment, refiled=bool(uploads))
            if exc.code == "below_minimum":
                _attach(form, exc)
                status = 422
            else:
                form.confirmed.data = "1"
        except RfqError as exc:
            session.rollback()
            _attach(form, exc)
            context.update(refiled=bool(uploads))
        else:
            session.commit()
            flash(_("Your request for quote was sent to %(maker)s.", maker=maker.name), "success")
            return redirect(url_for("market_rfq.detail", rfq_id=rfq.id))
    if form.errors or form.form_errors:
        status = 422
    return render_template("market/rfq/new.html", form=form, **context), status


def _detail(rfq_id: int, status: int = 200, **forms):
    session = get_session()
    try:
        detail = services.rfq_detail(session, current_user, rfq_id, current_locale())
    except RfqError:
        abort(404)
    if "quote_form" not in forms:
        quote_form = QuoteForm(formdata=None)
        quote_form.currency.data = detail.rfq.currency or current_currency()
        quote_form.lead_time_days.data = detail.product.lead_time_days if detail.product else 14
        quote_form.valid_until.data = dt.date.today() + dt.timedelta(days=30)
        if detail.rfq.target_price is not None:
            quote_form.unit_price.data = detail.rfq.target_price
        forms["quote_form"] = quote_form
    forms.setdefault("message_form", MessageForm(formdata=None))
    forms.setdefault("decline_form", DeclineForm(formdata=None))
    return render_template("market/rfq/detail.html", d=detail, **forms), status


@bp.get("/<int:rfq_id>")
@login_required
def detail(rfq_id: int):
    """An RFQ with its attachments, quotes and thread, for its two parties only."""
    return _detail(rfq_id)


def _refused(exc: RfqError, rfq_id: int, form_name: str, form):
    """Answer a refused action: 404/403 pages, a flash and redirect for conflicts, else the form again."""
    get_session().rollback()
    if exc.status == 404:
        abort(404)
    if exc.status == 403:
        abort(403)
    if exc.status == 409:
        flash(exc.message, "error")
        return redirect(url_for("market_rfq.detail", rfq_id=rfq_id))
    _attach(form, exc)
    return _detail(rfq_id, 422, **{form_name: form})


@bp.post("/<int:rfq_id>/messages")
@login_required
def post_message(rfq_id: int):
    """Add a message to the thread; the other side is notified."""
    form = MessageForm()
    if form.validate_on_submit():
        try:
            services.post_message(get_session(), current_user, rfq_id, form.body.data)
        except RfqError as exc:
            return _refused(exc, rfq_id, "message_form", form)
        get_session().commit()
        flash(_("Message sent."), "success")
        return redirect(url_for("market_rfq.detail", rfq_id=rfq_id) + "#thread")
    return _detail(rfq_id, 422, message_form=form)


@bp.post("/<int:rfq_id>/quotes")
@login_required
def quote(rfq_id: int):
    """The maker sends a quote; the buyer is notified."""
    form = QuoteForm()
    if form.validate_on_submit():
        try:
            services.send_quote(get_session(), current_user, rfq_id, unit_price=form.unit_price.data,
                                currency=form.currency.data, lead_time_days=form.lead_time_days.data,
                                valid_until=form.valid_until.data, terms=form.terms.data)
        except RfqError as exc:
            return _refused(exc, rfq_id, "quote_form", form)
        get_session().commit()
        flash(_("Your quote was sent."), "success")
        return redirect(url_for("market_rfq.detail", rfq_id=rfq_id))
    return _detail(rfq_id, 422, quote_form=form)


@bp.post("/<int:rfq_id>/decline")
@login_required
def decline(rfq_id: int):
    """The maker declines with a reason; the buyer is notified."""
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            services.decline_rfq(get_session(), current_user, rfq_id, form.reason.data, form.note.data)
        except RfqError as exc:
            return _refused(exc, rfq_id, "decline_form", form)
        get_session().commit()
        flash(_("The request was declined and the buyer told why."), "info")
        return redirect(url_for("market_rfq.detail", rfq_id=rfq_id))
    return _detail(rfq_id, 422, decline_form=form)


@bp.post("/quotes/<int:quote_id>/accept")
@login_required
def accept(quote_id: int):
    """The buyer accepts a quote, which creates an order awaiting payment; the maker is notified."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        order = services.accept_quote(session, current_user, quote_id)
    except RfqError as exc:
        session.rollback()
        if exc.status in (403, 404):
            abort(exc.status)
        rfq_id = services.rfq_id_of_quote(session, quote_id)
        flash(exc.message, "error")
        return redirect(url_for("market_rfq.detail", rfq_id=rfq_id))
    session.commit()
    flash(_("Quote accepted. Order #%(id)d now awaits payment.", id=order.id), "success")
    return redirect(url_for("market_rfq.detail", rfq_id=order.rfq_id))


@bp.get("/<int:rfq_id>/attachments/<int:attachment_id>")
@login_required
def attachment(rfq_id: int, attachment_id: int):
    """Download an attachment; only the RFQ's two parties may."""
    from market.storage import get_storage

    try:
        item = services.get_attachment(get_session(), current_user, rfq_id, attachment_id)
    except RfqError:
        abort(404)
    storage = get_storage()
    if not storage.exists(item.storage_key):
        abort(404)
    response = send_file(io.BytesIO(storage.read(item.storage_key)), mimetype=item.content_type,
                         as_attachment=True, download_name=item.filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/settings/<int:org_id>", methods=["GET", "POST"])
@login_required
def settings(org_id: int):
    """A maker's RFQ settings: the smallest quantity and least completeness it accepts (owners only)."""
    session = get_session()
    org = services.policy_organization(session, current_user, org_id)
    if org is None:
        abort(404)
    form = PolicyForm(obj=services.get_policy(session, org_id))
    if form.validate_on_submit():
        try:
            services.set_policy(session, current_user, org_id, form.min_quantity.data, form.min_completeness.data)
        except RfqError as exc:
            session.rollback()
            _attach(form, exc)
        else:
            session.commit()
            flash(_("Your RFQ settings were saved."), "success")
            return redirect(url_for("market_rfq.settings", org_id=org_id))
    stats = services.response_stats(session, org_id)
    return render_template("market/rfq/settings.html", form=form, org=org, stats=stats), (
        422 if form.errors or form.form_errors else 200)
