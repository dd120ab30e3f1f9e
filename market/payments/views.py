"""Pages of payments: the checkout of any payable (invoice or card form), a payment's status page, staff's
payments list, payment page (mark received, refunds), payouts, and Stripe's webhook.

Other features link to ``url_for("payments.checkout", kind=..., payable_id=...)``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.db import get_session
from market.errors import error_envelope
from market.formviews import submit
from market.pages import page_number
from market.payments import providers, services
from market.payments.amounts import from_minor
from market.payments.forms import (
    MarkReceivedForm,
    PayeeAccountForm,
    PayForm,
    PayoutForm,
    RefundForm,
    ReturnExcessForm,
    WriteOffForm,
    parse_amount,
)
from market.payments.models import PAID_STATUSES, Payment, PaymentStatus, ProviderName
from market.refusals import Refusal
from market.security import csrf, staff_required

bp = Blueprint("payments", __name__, url_prefix="/<locale:lang>")
# Stripe's webhook (no locale, no CSRF: the signature authenticates it) and the card page's script.
public_bp = Blueprint("payments_public", __name__, static_folder="static", static_url_path="/assets/payments")

STAFF = ("admin", "curator")


@bp.app_template_global()
def payment_status_label(status) -> str:
    """A payment status in words."""
    return services.status_label(status)


@bp.app_template_global()
def payment_invoice(payment):
    """The invoice in force of a payment shown on a page that may already show it (its payer's or payee's order
    page), or None."""
    return None if payment is None else services.latest_invoice(get_session(), payment.id)


@bp.app_template_global()
def payment_title(payment) -> str:
    """What a payment is for, in the reader's language."""
    return services.payment_title(get_session(), payment)


@bp.app_template_global()
def payment_provider_label(provider) -> str:
    """How a payment is made, in words."""
    return str(services.PROVIDER_LABELS.get(ProviderName(provider), provider))


@bp.app_template_filter("minor_amount")
def minor_amount(amount_minor: int, currency: str) -> str:
    """``|minor_amount(currency)``: minor units as a plain decimal for form fields ("12.50", "50000")."""
    return str(from_minor(amount_minor, currency))


# --- paying -----------------------------------------------------------------------------------------------------


@bp.get("/pay/<kind>/<int:payable_id>")
@login_required
def checkout(kind: str, payable_id: int):
    """What is due and how to pay it: the invoice with bank details and reference, or the card form."""
    session = get_session()
    info = services.describe(session, kind, payable_id)
    if not services.is_payer(session, current_user, info):
        abort(404)
    payment = services.payment_for(session, kind, payable_id)
    if payment is not None and payment.status in PAID_STATUSES:
        return redirect(url_for(".status", payment_id=payment.id))
    provider_set = providers.get_providers()
    open_payment = payment if payment is not None and payment.status == PaymentStatus.pending else None
    if open_payment is not None and open_payment.provider == ProviderName.stripe and provider_set.stripe is None:
        open_payment = None  # card payments were switched off: starting again issues an invoice instead
    invoice = None
    if open_payment is not None and open_payment.provider == ProviderName.manual:
        invoice = services.latest_invoice(session, open_payment.id)
    return render_template("market/payments/checkout.html", info=info, payment=open_payment, invoice=invoice,
                           provider=provider_set.default.name,
                           transfer_available=providers.bank_transfer_problem(provider_set) is None,
                           stripe=provider_set.stripe, return_url=services.adapter_return_url(kind, payable_id),
                           form=PayForm())


@bp.post("/pay/<kind>/<int:payable_id>")
@login_required
def start(kind: str, payable_id: int):
    """Start paying (or resume): the invoice is issued, or the card payment prepared; back to the checkout (a
    refusal goes back to it too, with its message: a paid checkout leads on to the payment's page)."""
    session = get_session()
    if not PayForm().validate_on_submit():
        abort(400)
    payment = services.start_payment(session, current_user, kind, payable_id)
    session.commit()
    if payment.provider == ProviderName.manual:
        flash(_("Your invoice is ready and on its way to your email. Transfer the amount with the reference "
                "%(reference)s.", reference=payment.reference), "success")
    return redirect(url_for(".checkout", kind=kind, payable_id=payable_id))


@bp.get("/payments/<int:payment_id>")
@login_required
def status(payment_id: int):
    """A payment as its payer or payee sees it: amount, status, reference, invoice, refunds."""
    session = get_session()
    detail = services.payment_detail(session, current_user, payment_id)
    return render_template("market/payments/status.html", d=detail,
                           summary=services.transfer_summary(session, detail.payment),
                           invoice=services.latest_invoice(session, detail.payment.id))


@bp.get("/payments/<int:payment_id>/invoice.pdf")
@login_required
def invoice_pdf(payment_id: int):
    """The payment's invoice as a PDF, for its payer, its payee and staff (404 for everyone else)."""
    from market.payments.invoice_pdf import render_invoice

    invoice, _payment = services.invoice_for(get_session(), current_user, payment_id)
    response = Response(render_invoice(invoice), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- staff ------------------------------------------------------------------------------------------------------


@bp.get("/admin/payments/")
@staff_required(*STAFF)
def admin_list():
    """Every payment, newest first, with filters and a reference search."""
    status_filter = request.args.get("status") or None
    provider_filter = request.args.get("provider") or None
    search = (request.args.get("q") or "").strip() or None
    page = page_number()
    rows, total = services.list_payments(get_session(), current_user, status=status_filter,
                                         provider=provider_filter, search=search, page=page)
    return render_template("market/payments/admin_list.html", rows=rows, total=total, page=page,
                           transfer_problem=providers.bank_transfer_problem(providers.get_providers()),
                           per_page=services.PER_PAGE, status=status_filter, provider=provider_filter, q=search,
                           statuses=list(PaymentStatus), provider_names=list(ProviderName))


def _admin_detail(payment_id: int, received_form=None, refund_form=None, code: int = 200, write_off_form=None,
                  excess_form=None):
    session = get_session()
    detail = services.payment_detail(session, current_user, payment_id)
    summary = services.transfer_summary(session, detail.payment)
    received_form = received_form or MarkReceivedForm()
    refund_form = refund_form or RefundForm()
    if not received_form.is_submitted():
        received_form.amount.data = str(from_minor(summary.outstanding, detail.payment.currency))
    return render_template("market/payments/admin_detail.html", d=detail, received_form=received_form,
                           summary=summary, receipts=services.receipts_of(session, detail.payment.id),
                           write_off_form=write_off_form or WriteOffForm(formdata=None),
                           excess_form=excess_form or ReturnExcessForm(formdata=None),
                           invoice=services.latest_invoice(session, detail.payment.id),
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
    payment = session.get(Payment, payment_id)
    if payment is None:
        abort(404)

    def record():
        amount = parse_amount(form.amount.data, payment.currency) if (form.amount.data or "").strip() else None
        return services.mark_received(session, current_user, payment_id, amount, form.note.data)

    def recorded(moved):
        summary = services.transfer_summary(session, moved)
        if moved.status == "pending":
            flash(_("Recorded. %(left)s is still due on payment %(reference)s; the payer has been told.",
                    left=services.format_amount(summary.outstanding, moved.currency), reference=moved.reference),
                  "success")
        elif summary.excess > 0:
            flash(_("Payment %(reference)s is paid. %(excess)s was paid too much: send it back and record it "
                    "below.", reference=moved.reference,
                    excess=services.format_amount(summary.excess, moved.currency)), "success")
        else:
            flash(_("Payment %(reference)s is marked as received.", reference=moved.reference), "success")
        return redirect(url_for(".admin_detail", payment_id=payment_id))

    return submit(form, record, lambda status: _admin_detail(payment_id, received_form=form, code=status), recorded)


@bp.post("/admin/payments/<int:payment_id>/write-off")
@staff_required(*STAFF)
def write_off(payment_id: int):
    """An admin accepts a short payment and writes off the rest with a reason."""
    form = WriteOffForm()

    def done(paid):
        flash(_("The rest is written off; payment %(reference)s is paid.", reference=paid.reference), "success")
        return redirect(url_for(".admin_detail", payment_id=payment_id))

    return submit(form, lambda: services.write_off_shortfall(get_session(), current_user, payment_id,
                                                             form.reason.data),
                  lambda status: _admin_detail(payment_id, write_off_form=form, code=status), done)


@bp.post("/admin/payments/<int:payment_id>/return-excess")
@staff_required(*STAFF)
def return_excess(payment_id: int):
    """Staff record that an overpayment went back to the payer."""
    form = ReturnExcessForm()

    def done(payment):
        flash(_("Recorded: the excess went back to the payer."), "success")
        return redirect(url_for(".admin_detail", payment_id=payment_id))

    return submit(form, lambda: services.return_excess(get_session(), current_user, payment_id, form.note.data),
                  lambda status: _admin_detail(payment_id, excess_form=form, code=status), done)


@bp.post("/admin/payments/<int:payment_id>/refunds")
@staff_required(*STAFF)
def refund(payment_id: int):
    """Staff refund part or all of a payment."""
    session = get_session()
    form = RefundForm()
    payment = session.get(Payment, payment_id)
    if payment is None:
        abort(404)

    def refunded(row):
        flash(_("Refunded %(amount)s.", amount=services.format_amount(row.amount_minor, row.currency)), "success")
        return redirect(url_for(".admin_detail", payment_id=payment_id))

    return submit(form, lambda: services.refund(session, current_user, payment_id,
                                                parse_amount(form.amount.data, payment.currency), form.reason.data),
                  lambda status: _admin_detail(payment_id, refund_form=form, code=status), refunded)


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
    form = PayoutForm()
    form.currency.choices = [(c, c) for c in sorted({request.form.get("currency", "")} - {""})]
    org_id = request.form.get("org_id", type=int)
    if org_id is None:
        return _payouts(form, 422)

    def paid_out(row):
        flash(_("Payout of %(amount)s recorded.", amount=services.format_amount(row.amount_minor, row.currency)),
              "success")
        return redirect(url_for(".payouts"))

    return submit(form, lambda: services.record_payout(
        get_session(), current_user, org_id, form.currency.data, parse_amount(form.amount.data, form.currency.data),
        form.note.data), lambda status: _payouts(form, status), paid_out)


@bp.post("/admin/payouts/<int:org_id>/account")
@staff_required(*STAFF)
def payee_account(org_id: int):
    """Set or clear a maker's connected Stripe account (a refusal goes back to the payouts page with its
    message)."""
    session = get_session()
    form = PayeeAccountForm()
    if not form.validate_on_submit():
        flash(" ".join(message for messages in form.errors.values() for message in messages), "error")
        return redirect(url_for(".payouts"))
    services.set_payee_account(session, current_user, org_id, form.stripe_account_id.data)
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
    except Refusal as exc:
        # Stripe could not be asked (e.g. while syncing refunds): answer an error so Stripe delivers again.
        session.rollback()
        current_app.logger.warning("stripe webhook failed: %s", exc.message)
        return error_envelope(503, exc.code, exc.message)
    session.commit()
    return jsonify(received=True, outcome=outcome)


@bp.get("/earnings")
@login_required
def earnings():
    """A maker's earnings: payments received, commission, held and owed amounts, payouts and the next payout
    date (``?org=`` chooses among the user's organisations)."""
    from market.payments.services.earnings import PER_PAGE

    session = get_session()
    org_id = request.args.get("org", type=int)
    if org_id is None:
        orgs = services.payee_orgs_of(session, current_user)
        if not orgs:
            abort(404)
        org_id = orgs[0].id
    page = page_number()
    return render_template("market/payments/earnings.html", e=services.maker_earnings(session, current_user, org_id, page),
                           page=page, per_page=PER_PAGE)
