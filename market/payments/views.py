"""Pages of payments: the checkout of any payable (invoice or card form), a payment's status page, staff's
payments list, payment page (mark received, refunds), payouts, and Stripe's webhook.

Other features link to ``url_for("payments.checkout", kind=..., payable_id=...)``.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

import market.payments.adapters  # noqa: F401  (registers the payables of this repository)
from market.db import get_session
from market.errors import error_envelope
from market.payments import providers, services
from market.payments.forms import (
    MarkReceivedForm,
    PayeeAccountForm,
    PayForm,
    PayoutForm,
    RefundForm,
    parse_amount,
)
from market.payments.models import PAID_STATUSES, PaymentStatus, ProviderName
from market.payments.services import PaymentError
from market.security import csrf, staff_required

bp = Blueprint("payments", __name__, url_prefix="/<locale:lang>")
# Stripe's webhook (no locale, no CSRF: the signature authenticates it) and the card page's script.
public_bp = Blueprint("payments_public", __name__, static_folder="static", static_url_path="/assets/payments")

STAFF = ("admin", "curator")


@bp.record_once
def _build_providers(state) -> None:
    providers.init_app(state.app)


@bp.app_template_global()
def payment_status_label(status) -> str:
    """A payment status in words."""
    return str(services.STATUS_LABELS.get(PaymentStatus(status), status))


@bp.app_template_global()
def payment_provider_label(provider) -> str:
    """How a payment is made, in words."""
    return str(services.PROVIDER_LABELS.get(ProviderName(provider), provider))


@bp.app_template_filter("minor_money")
def minor_money(amount_minor: int | None, currency: str) -> str:
    """``|minor_money(currency)``: an amount in minor units formatted for the locale."""
    return "" if amount_minor is None else services.format_amount(amount_minor, currency)


@bp.app_template_filter("minor_amount")
def minor_amount(amount_minor: int, currency: str) -> str:
    """``|minor_amount(currency)``: minor units as a plain decimal for form fields ("12.50", "50000")."""
    return str(services.from_minor(amount_minor, currency))


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


# --- paying -----------------------------------------------------------------------------------------------------


@bp.get("/pay/<kind>/<int:payable_id>")
@login_required
def checkout(kind: str, payable_id: int):
    """What is due and how to pay it: the invoice with bank details and reference, or the card form."""
    session = get_session()
    try:
        info = services.describe(session, kind, payable_id)
    except PaymentError:
        abort(404)
    if not services.is_payer(session, current_user, info):
        abort(404)
    payment = services.payment_for(session, kind, payable_id)
    if payment is not None and payment.status in PAID_STATUSES:
        return redirect(url_for(".status", payment_id=payment.id))
    provider_set = providers.get_providers()
    open_payment = payment if payment is not None and payment.status == PaymentStatus.pending else None
    if open_payment is not None and open_payment.provider == ProviderName.stripe and provider_set.stripe is None:
        open_payment = None  # card payments were switched off: starting again issues an invoice instead
    due = None
    if open_payment is not None and open_payment.provider == ProviderName.manual:
        due = open_payment.created_at + dt.timedelta(days=provider_set.manual.due_days)
    return render_template("market/payments/checkout.html", info=info, payment=open_payment,
                           provider=provider_set.default.name, bank=provider_set.manual.bank, due=due,
                           stripe=provider_set.stripe, return_url=services.adapter_return_url(kind, payable_id),
                           form=PayForm())


@bp.post("/pay/<kind>/<int:payable_id>")
@login_required
def start(kind: str, payable_id: int):
    """Start paying (or resume): the invoice is issued, or the card payment prepared; back to the checkout."""
    session = get_session()
    if not PayForm().validate_on_submit():
        abort(400)
    try:
        payment = services.start_payment(session, current_user, kind, payable_id)
    except PaymentError as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
        existing = services.payment_for(session, kind, payable_id)
        if exc.code == "already_paid" and existing is not None:
            return redirect(url_for(".status", payment_id=existing.id))
        return redirect(url_for(".checkout", kind=kind, payable_id=payable_id))
    session.commit()
    if payment.provider == ProviderName.manual:
        flash(_("Your invoice is ready. Transfer the amount with the reference %(reference)s.",
                reference=payment.reference), "success")
    return redirect(url_for(".checkout", kind=kind, payable_id=payable_id))


@bp.get("/payments/<int:payment_id>")
@login_required
def status(payment_id: int):
    """A payment as its payer or payee sees it: amount, status, reference, refunds."""
    try:
        detail = services.payment_detail(get_session(), current_user, payment_id)
    except PaymentError:
        abort(404)
    return render_template("market/payments/status.html", d=detail)


# --- staff ------------------------------------------------------------------------------------------------------


@bp.get("/admin/payments/")
@staff_required(*STAFF)
def admin_list():
    """Every payment, newest first, with filters and a reference search."""
    status_filter = request.args.get("status") or None
    provider_filter = request.args.get("provider") or None
    search = (request.args.get("q") or "").strip() or None
    rows, total = services.list_payments(get_session(), current_user, status=status_filter,
                                         provider=provider_filter, search=search, page=_page())
    return render_template("market/payments/admin_list.html", rows=rows, total=total, page=_page(),
                           per_page=services.PER_PAGE, status=status_filter, provider=provider_filter, q=search,
                           statuses=list(PaymentStatus), provider_names=list(ProviderName))


def _admin_detail(payment_id: int, received_form=None, refund_form=None, code: int = 200):
    session = get_session()
    try:
        detail = services.payment_detail(session, current_user, payment_id)
    except PaymentError:
        abort(404)
    received_form = received_form or MarkReceivedForm()
    refund_form = refund_form or RefundForm()
    if not received_form.is_submitted():
        received_form.amount.data = str(services.from_minor(detail.payment.amount_minor, detail.payment.currency))
    return render_template("market/payments/admin_detail.html", d=detail, received_form=received_form,
                           refund_form=refund_form, user_name=lambda uid: services.user_name(session, uid),
                           event_summary=services.event_summary), code


@bp.get("/admin/payments/<int:payment_id>")
@staff_required(*STAFF)
def admin_detail(payment_id: int):
    """A payment for staff: its parties, ledger entries, Stripe events, and the forms to act on it."""
    return _admin_detail(payment_id)


@bp.post("/admin/payments/<int:payment_id>/received")
@staff_required(*STAFF)
def mark_received(payment_id: int):
    """Staff record that the bank transfer arrived."""
    session = get_session()
    form = MarkReceivedForm()
    if not form.validate_on_submit():
        return _admin_detail(payment_id, received_form=form, code=422)
    payment = session.get(services.Payment, payment_id)
    if payment is None:
        abort(404)
    try:
        amount = parse_amount(form.amount.data, payment.currency) if (form.amount.data or "").strip() else None
        services.mark_received(session, current_user, payment_id, amount, form.note.data)
    except ValueError as exc:
        session.rollback()
        form.add_error(getattr(exc, "field", None) or "amount", getattr(exc, "message", None) or str(exc))
        return _admin_detail(payment_id, received_form=form, code=getattr(exc, "status", 422))
    session.commit()
    flash(_("Payment %(reference)s is marked as received.", reference=payment.reference), "success")
    return redirect(url_for(".admin_detail", payment_id=payment_id))


@bp.post("/admin/payments/<int:payment_id>/refunds")
@staff_required(*STAFF)
def refund(payment_id: int):
    """Staff refund part or all of a payment."""
    session = get_session()
    form = RefundForm()
    if not form.validate_on_submit():
        return _admin_detail(payment_id, refund_form=form, code=422)
    payment = session.get(services.Payment, payment_id)
    if payment is None:
        abort(404)
    try:
        amount = parse_amount(form.amount.data, payment.currency)
        row = services.refund(session, current_user, payment_id, amount, form.reason.data)
    except ValueError as exc:
        session.rollback()
        form.add_error(getattr(exc, "field", None) or "amount", getattr(exc, "message", None) or str(exc))
        return _admin_detail(payment_id, refund_form=form, code=getattr(exc, "status", 422))
    session.commit()
    flash(_("Refunded %(amount)s.", amount=services.format_amount(row.amount_minor, row.currency)), "success")
    return redirect(url_for(".admin_detail", payment_id=payment_id))


@bp.get("/admin/payouts/")
@staff_required(*STAFF)
def payouts():
    """What each maker is owed, per currency, the forms to pay it out, and the latest payouts."""
    return _payouts()


def _payouts(form=None, code: int = 200):
    session = get_session()
    return render_template("market/payments/payouts.html", rows=services.payee_overview(session, current_user),
                           recent=services.recent_payouts(session, current_user), form=form or PayoutForm(),
                           account_form=PayeeAccountForm(), stripe=providers.get_providers().stripe), code


@bp.post("/admin/payouts/")
@staff_required(*STAFF)
def payout():
    """Record a payout to a maker (a Connect transfer when it has a connected account)."""
    session = get_session()
    form = PayoutForm()
    form.currency.choices = [(c, c) for c in sorted({request.form.get("currency", "")} - {""})]
    org_id = request.form.get("org_id", type=int)
    if not form.validate_on_submit() or org_id is None:
        return _payouts(form, 422)
    try:
        amount = parse_amount(form.amount.data, form.currency.data)
        row = services.record_payout(session, current_user, org_id, form.currency.data, amount, form.note.data)
    except ValueError as exc:
        session.rollback()
        form.add_error(getattr(exc, "field", None) or "amount", getattr(exc, "message", None) or str(exc))
        return _payouts(form, getattr(exc, "status", 422))
    session.commit()
    flash(_("Payout of %(amount)s recorded.", amount=services.format_amount(row.amount_minor, row.currency)),
          "success")
    return redirect(url_for(".payouts"))


@bp.post("/admin/payouts/<int:org_id>/account")
@staff_required(*STAFF)
def payee_account(org_id: int):
    """Set or clear a maker's connected Stripe account."""
    session = get_session()
    form = PayeeAccountForm()
    if not form.validate_on_submit():
        flash(_("Please correct the fields marked below."), "error")
        return redirect(url_for(".payouts"))
    try:
        services.set_payee_account(session, current_user, org_id, form.stripe_account_id.data)
    except PaymentError as exc:
        session.rollback()
        if exc.status == 404:
            abort(404)
        flash(exc.message, "error")
        return redirect(url_for(".payouts"))
    session.commit()
    flash(_("The payout account was saved."), "success")
    return redirect(url_for(".payouts"))


# --- Stripe's webhook -------------------------------------------------------------------------------------------


@public_bp.post("/webhooks/stripe")
@csrf.exempt
def stripe_webhook():
    """Stripe's events: verified on the raw body, stored once by id, processed in one transaction."""
    session = get_session()
    if providers.get_providers().stripe is None:
        return error_envelope(404, "not_configured", "Stripe is not configured.")
    try:
        outcome, _event = services.receive_stripe_webhook(session, request.get_data(),
                                                          request.headers.get("Stripe-Signature"))
    except providers.SignatureError:
        session.rollback()
        return error_envelope(400, "bad_signature", "The Stripe-Signature header does not match this body.")
    except PaymentError as exc:
        # Stripe could not be asked (e.g. while syncing refunds): answer an error so Stripe delivers again.
        session.rollback()
        current_app.logger.warning("stripe webhook failed: %s", exc.message)
        return error_envelope(503, exc.code, exc.message)
    session.commit()
    return jsonify(received=True, outcome=outcome)
