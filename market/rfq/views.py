"""Pages of requests for quote: the buyer's list, the maker's inbox, the request form with its completeness
step, the RFQ page with its thread, quote, decline and accept forms, attachments, and makers' RFQ settings.

Link to the form from a product page with ``url_for('market_rfq.new', product_id=...)`` and from a maker page
with ``url_for('market_rfq.new', maker_id=...)``.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from i18n import content
from i18n.locales import current_locale
from i18n.money import current_currency
from i18n.vocabularies import split_values
from market.accounts.forms import ConfirmForm
from market.db import get_session
from market.formviews import submit
from market.orders.services import terms
from market.pages import page_number
from market.refusals import Refusal
from market.rfq.forms import DeclineForm, MessageForm, PolicyForm, QuoteForm, RfqForm, SeveralMakersForm
from market.rfq.models import Side
from market.rfq.scoring import LABELS as COMPLETENESS_LABELS
from market.rfq.services import batches, common, drafts, messages, policies, queries, quotes, sending
from market.storage import send_private
from market.uploads.files import MAX_DOCUMENT_BYTES, Upload, discard, read_upload

bp = Blueprint("market_rfq", __name__, url_prefix="/<locale:lang>/rfqs")


@bp.app_template_global()
def rfq_status_label(status) -> str:
    """An RFQ status in words."""
    return common.status_label(status)


@bp.app_template_global()
def quote_status_label(status) -> str:
    """A quote status in words."""
    return str(common.QUOTE_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def decline_reason_label(reason) -> str:
    """A decline reason in words."""
    return str(common.DECLINE_REASONS.get(reason, reason or ""))


@bp.get("/")
@login_required
def index():
    """The RFQs sent by the user's buyer organisations, newest first."""
    status, page = request.args.get("status") or None, page_number()
    rows, total = queries.list_rfqs(get_session(), current_user, Side.buyer, status, page, locale=current_locale())
    return render_template("market/rfq/list.html", rows=rows, total=total, page=page, per_page=common.PER_PAGE,
                           status=status, side="buyer")


@bp.get("/inbox")
@login_required
def inbox():
    """The RFQs addressed to the user's maker organisations, newest first."""
    session = get_session()
    status, page = request.args.get("status") or None, page_number()
    rows, total = queries.list_rfqs(session, current_user, Side.maker, status, page, locale=current_locale())
    return render_template("market/rfq/list.html", rows=rows, total=total, page=page, per_page=common.PER_PAGE,
                           status=status, side="maker", makers=common.maker_organizations(session, current_user))


def _uploads() -> list[Upload]:
    # One byte over the limit is enough to refuse; larger files are never read whole.
    return [read_upload(storage, MAX_DOCUMENT_BYTES) for storage in request.files.getlist("attachments")
            if storage and storage.filename]


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Ask a maker for a quote (``?product_id=`` or ``?maker_id=``); a draft that misses useful facts comes back
    once with its score and what is missing, and one below the maker's minimums cannot be sent."""
    session = get_session()
    try:
        maker, product = sending.resolve_target(session, request.args.get("product_id", type=int),
                                                request.args.get("maker_id", type=int))
    except common.RfqError:
        abort(404)
    policy = policies.get_policy(session, maker.id)
    title = content.resolve_many(session, "product", [product.id], "title", current_locale()).get(product.id) if product else None
    buyer_orgs = common.buyer_organizations(session, current_user)
    context = dict(maker=maker, product=product, product_title=title, policy=policy, buyer_orgs=buyer_orgs,
                   assessment=None, labels=COMPLETENESS_LABELS)
    if not buyer_orgs:
        return render_template("market/rfq/new.html", form=None, **context), 403
    # A draft (the form came back before, or the buyer resumes one) keeps the files already attached.
    draft = drafts.get_draft(session, current_user, request.values.get("draft", type=int))
    if draft is not None and request.method == "GET":
        form = RfqForm(formdata=MultiDict(draft.fields), buyer_orgs=buyer_orgs)
    else:
        form = RfqForm(buyer_orgs=buyer_orgs)
    if not form.is_submitted() and draft is None:
        form.currency.data = current_currency()
        form.destination_country.data = buyer_orgs[0].country
        form.quantity.data = max(product.moq if product else 1, policy.min_quantity)
    status = 200
    if form.validate_on_submit():
        uploads = _uploads()
        try:
            rfq = sending.send_rfq(
                session, current_user, confirmed=form.confirmed.data == "1",
                product_id=product.id if product else None, maker_id=None if product else maker.id,
                buyer_org_id=form.buyer_org_id.data if len(buyer_orgs) > 1 else None,
                quantity=form.quantity.data, target_price=form.target_price.data, currency=form.currency.data,
                incoterm=form.incoterm.data or None, destination_country=form.destination_country.data or None,
                needed_by=form.needed_by.data, message=form.message.data, **_materials(form),
                attachments=drafts.kept_uploads(draft) + uploads)
        except sending.RfqIncomplete as exc:
            session.rollback()
            context.update(assessment=exc.assessment)
            draft = _keep_draft(maker, product, uploads, draft)
            if exc.code == "below_minimum":
                form.refuse(exc)
                status = 422
            else:
                form.confirmed.data = "1"
        except Refusal as exc:
            if exc.status != 422:
                raise
            session.rollback()
            form.refuse(exc)
            draft = _keep_draft(maker, product, [] if "attachments" in exc.fields else uploads, draft)
        else:
            kept = drafts.remove_draft(session, draft) if draft is not None else []
            session.commit()
            discard(kept)
            flash(_("Your request for quote was sent to %(maker)s.", maker=maker.name), "success")
            return redirect(url_for("market_rfq.detail", rfq_id=rfq.id))
    elif form.is_submitted() and not form.csrf_token.errors:
        draft = _keep_draft(maker, product, _uploads(), draft)
    context.update(draft=draft)
    if form.errors or form.form_errors:
        status = 422
    return render_template("market/rfq/new.html", form=form, **context), status


def _materials(form) -> dict[str, list[str]]:
    """The form's vocabulary fields (materials, payment terms) as the service takes them: the vocabulary ids and
    the free texts of each."""
    out: dict[str, list[str]] = {}
    for name in ("materials", "payment_terms"):
        out[name], out[f"{name}_other"] = split_values(name, getattr(form, name).data)
    return out


def _keep_draft(maker, product, uploads: list[Upload], draft):
    """Keep the request as typed, with its files, in the buyer's draft (committed on its own, so a form that
    comes back never loses an attachment); the draft, or None when nothing was kept."""
    session = get_session()
    fields = {name: request.form.get(name, "") for name in drafts.KEPT_FIELDS}
    fields.update({name: request.form.getlist(name) for name in drafts.KEPT_LISTS})
    kept, keys = drafts.save_draft(session, current_user, maker_id=maker.id,
                                   product_id=product.id if product else None, fields=fields, uploads=uploads,
                                   draft_id=draft.id if draft is not None else None,
                                   max_files=sending.MAX_ATTACHMENTS)
    try:
        session.commit()
    except Exception:
        discard(keys)
        raise
    return kept


@bp.post("/drafts/<int:draft_id>/delete")
@login_required
def delete_draft(draft_id: int):
    """Delete one of the buyer's drafts and its kept files (after the page's confirmation)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    keys = drafts.delete_draft(session, current_user, draft_id)
    session.commit()
    discard(keys)
    flash(_("The draft was deleted."), "success")
    return redirect(url_for("market_workspace.buyer"))


def _detail(rfq_id: int, status: int = 200, **forms):
    detail = queries.rfq_detail(get_session(), current_user, rfq_id, current_locale())
    if "quote_form" not in forms:
        quote_form = QuoteForm(formdata=None)
        quote_form.currency.data = detail.rfq.currency or current_currency()
        quote_form.lead_time_days.data = detail.product.lead_time_days if detail.product else 14
        quote_form.valid_until.data = dt.date.today() + dt.timedelta(days=30)
        if detail.rfq.target_price is not None:
            quote_form.unit_price.data = detail.rfq.target_price
        suggested = terms.suggested_terms(detail.rfq.payment_terms)
        if suggested is not None:  # the first of the buyer's accepted terms that the platform collects
            quote_form.payment_terms.data = suggested.kind.value
            quote_form.deposit_percent.data = suggested.deposit_percent
            quote_form.net_days.data = str(suggested.net_days) if suggested.net_days else None
        forms["quote_form"] = quote_form
    forms.setdefault("message_form", MessageForm(formdata=None))
    forms.setdefault("decline_form", DeclineForm(formdata=None))
    return render_template("market/rfq/detail.html", d=detail, **forms), status


@bp.get("/<int:rfq_id>")
@login_required
def detail(rfq_id: int):
    """An RFQ with its attachments, quotes and thread, for its two parties only."""
    return _detail(rfq_id)


def _done(rfq_id: int, message: str, category: str = "success", anchor: str = ""):
    flash(message, category)
    return redirect(url_for("market_rfq.detail", rfq_id=rfq_id) + anchor)


@bp.post("/<int:rfq_id>/messages")
@login_required
def post_message(rfq_id: int):
    """Add a message to the thread; the other side is notified."""
    form = MessageForm()
    return submit(form, lambda: messages.post_message(get_session(), current_user, rfq_id, form.body.data),
                  lambda status: _detail(rfq_id, status, message_form=form),
                  lambda _message: _done(rfq_id, _("Message sent."), anchor="#thread"))


@bp.post("/<int:rfq_id>/quotes")
@login_required
def quote(rfq_id: int):
    """The maker sends a quote; the buyer is notified."""
    form = QuoteForm()
    return submit(form, lambda: quotes.send_quote(
        get_session(), current_user, rfq_id, unit_price=form.unit_price.data, currency=form.currency.data,
        lead_time_days=form.lead_time_days.data, valid_until=form.valid_until.data, terms=form.terms.data,
        payment_terms=form.payment_terms.data, deposit_percent=form.deposit_percent.data,
        net_days=form.net_days.data),
        lambda status: _detail(rfq_id, status, quote_form=form),
        lambda _quote: _done(rfq_id, _("Your quote was sent.")))


@bp.post("/<int:rfq_id>/decline")
@login_required
def decline(rfq_id: int):
    """The maker declines with a reason; the buyer is notified."""
    form = DeclineForm()
    return submit(form, lambda: quotes.decline_rfq(get_session(), current_user, rfq_id, form.reason.data,
                                                   form.note.data),
                  lambda status: _detail(rfq_id, status, decline_form=form),
                  lambda _rfq: _done(rfq_id, _("The request was declined and the buyer told why."), "info"))


@bp.post("/quotes/<int:quote_id>/accept")
@login_required
def accept(quote_id: int):
    """The buyer accepts a quote, which places an order at its price and payment terms; the maker is notified,
    and on a batch the other makers too (a refusal goes back to the page it came from with its message). The
    buyer lands on the order's page, where the deposit or full payment is made."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    order = quotes.accept_quote(session, current_user, quote_id, request.form.get("shipping_address", ""))
    session.commit()
    flash(_("Quote accepted. Order #%(id)d was placed.", id=order.id), "success")
    return redirect(url_for("market_orders.detail", order_id=order.id))


@bp.route("/several", methods=["GET", "POST"])
@login_required
def several():
    """Ask several makers at once: describe the need, pick up to five of the makers the matching engine
    suggests for it, and send one request to each."""
    session = get_session()
    buyer_orgs = common.buyer_organizations(session, current_user)
    if not buyer_orgs:
        return render_template("market/rfq/several.html", form=None, suggestions=[],
                               max_makers=batches.MAX_MAKERS), 403
    form = SeveralMakersForm(buyer_orgs=buyer_orgs)
    if not form.is_submitted():
        form.currency.data = current_currency()
        form.destination_country.data = buyer_orgs[0].country
        form.quantity.data = 100
    suggestions = []
    status = 200
    if form.is_submitted():
        if request.form.get("step") == "send" and form.validate():
            try:
                batch = batches.send_rfq_to_makers(
                    session, current_user, form.maker_ids.data,
                    buyer_org_id=form.buyer_org_id.data if len(buyer_orgs) > 1 else None,
                    quantity=form.quantity.data, target_price=form.target_price.data, currency=form.currency.data,
                    incoterm=form.incoterm.data or None, destination_country=form.destination_country.data or None,
                    needed_by=form.needed_by.data, message=form.message.data, **_materials(form),
                    attachments=_uploads())
            except Refusal as exc:
                if exc.status not in (409, 422):
                    raise
                session.rollback()
                form.refuse(exc)
                status = 422
            else:
                session.commit()
                flash(_("Your request for quote was sent to %(n)d makers.", n=len(form.maker_ids.data)), "success")
                return redirect(url_for("market_rfq.batch", batch_id=batch.id))
        elif request.form.get("step") == "send":
            status = 422
        buyer_org_id = form.buyer_org_id.data if len(buyer_orgs) > 1 else buyer_orgs[0].id
        suggestions = batches.suggest_makers(session, current_user, form.message.data or "", lang=current_locale(),
                                             viewer_lang=current_locale(), buyer_org_id=buyer_org_id)
    return render_template("market/rfq/several.html", form=form, suggestions=suggestions,
                           max_makers=batches.MAX_MAKERS), status


@bp.get("/batches/<int:batch_id>")
@login_required
def batch(batch_id: int):
    """The quotes of a request sent to several makers, side by side in the buyer's currency, with the way to
    accept one."""
    view = batches.compare_batch(get_session(), current_user, batch_id, current_currency())
    return render_template("market/rfq/compare.html", v=view)


@bp.get("/<int:rfq_id>/attachments/<int:attachment_id>")
@login_required
def attachment(rfq_id: int, attachment_id: int):
    """Download an attachment; only the RFQ's two parties may."""
    item = queries.get_attachment(get_session(), current_user, rfq_id, attachment_id)
    return send_private(item.storage_key, item.filename, item.content_type)


@bp.route("/settings/<int:org_id>", methods=["GET", "POST"])
@login_required
def settings(org_id: int):
    """A maker's RFQ settings: the smallest quantity and least completeness it accepts (owners only)."""
    session = get_session()
    org = policies.policy_organization(session, current_user, org_id)
    if org is None:
        abort(404)
    form = PolicyForm(obj=policies.get_policy(session, org_id))
    if not form.is_submitted():
        return _settings_page(org, form, 200)

    def saved(_policy):
        flash(_("Your RFQ settings were saved."), "success")
        return redirect(url_for("market_rfq.settings", org_id=org_id))

    return submit(form, lambda: policies.set_policy(session, current_user, org_id, form.min_quantity.data,
                                                    form.min_completeness.data),
                  lambda status: _settings_page(org, form, status), saved)


def _settings_page(org, form, status: int):
    stats = policies.response_stats(get_session(), org.id)
    return render_template("market/rfq/settings.html", form=form, org=org, stats=stats), status
