"""The payments service: one payment per payable (wholesale orders, accepted quotes, jewelry orders, prototype
milestones), paid by bank transfer against an invoice or by card through Stripe, refunded in full or in part,
and written to the double-entry ledger. Features and pages call it through this module; its parts are:

- :mod:`.common`: the refusal (:class:`PaymentError`), row locks, who may see or pay, status steps;
- :mod:`.checkout`: starting, paying by card, staff recording a bank transfer, cancelling with the payable;
- :mod:`.intents`: Stripe's PaymentIntents and :func:`sync_intent`; :mod:`.received`: applying money once and
  releasing held money; :mod:`.refunds`; :mod:`.webhooks` (and reconciliation); :mod:`.payouts`;
- :mod:`.transfers`: bank transfers recorded in parts, shortfalls written off, excesses returned;
- :mod:`.grants`: grants the platform pays out to a workshop for a public programme, once each;
- :mod:`.invoices`: bank-transfer invoices (numbered, mailed, downloadable); :mod:`.queries`: what the pages
  show.

Every change to a payment happens under a lock on its row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite a
write that takes the database's single writer lock first), so a payment is applied once however many webhooks,
redirects, reconciliations and staff clicks race for it, and refunds never add up to more than was paid; its
status moves through :data:`market.payments.models.PAYMENT_TRANSITIONS`. Functions take a session first, flush
and never commit; refusals raise :class:`PaymentError`.
"""

from market.payments.models import Payment
from market.payments.services.checkout import (
    CardResult,
    cancel_payment_for,
    confirm_card,
    refresh_payment,
    start_payment,
)
from market.payments.services.common import (
    PER_PAGE,
    PROVIDER_LABELS,
    STATUS_LABELS,
    PaymentError,
    can_see,
    describe,
    format_amount,
    get_payment,
    is_payer,
    lock_payment,
    payment_for,
    payment_title,
    refunded_minor,
    status_label,
)
from market.payments.services.earnings import Earnings, maker_earnings, next_payout_date, payee_orgs_of
from market.payments.services.grants import grant_payout, pay_grant
from market.payments.services.intents import ensure_intent, sync_intent
from market.payments.services.invoices import (
    invoice_for,
    issue_invoice,
    latest_invoice,
    next_invoice_number,
    transfer_unavailable,
)
from market.payments.services.payouts import balances, payee_balances, record_payout, set_payee_account
from market.payments.services.queries import (
    PayeeRow,
    PaymentDetail,
    PaymentRow,
    adapter_return_url,
    event_summary,
    list_payments,
    payee_overview,
    payment_detail,
    recent_payouts,
    return_url,
    user_name,
)
from market.payments.services.received import apply_payment, holds_until_release, release_to_payee
from market.payments.services.refunds import refund, refund_payable, sync_refunds
from market.payments.services.transfers import (
    TransferSummary,
    mark_received,
    receipts_of,
    return_excess,
    transfer_summary,
    write_off_shortfall,
)
from market.payments.services.webhooks import (
    ReconcileReport,
    apply_stripe_event,
    receive_stripe_webhook,
    reconcile,
)

__all__ = [
    "PER_PAGE", "PROVIDER_LABELS", "STATUS_LABELS", "CardResult", "PayeeRow", "Payment", "PaymentDetail",
    "PaymentError", "PaymentRow", "ReconcileReport", "adapter_return_url", "apply_payment", "apply_stripe_event",
    "balances", "can_see", "cancel_payment_for", "confirm_card", "describe", "ensure_intent", "event_summary",
    "format_amount", "get_payment", "holds_until_release", "invoice_for", "is_payer", "issue_invoice",
    "latest_invoice", "list_payments", "lock_payment", "next_invoice_number", "transfer_unavailable",
    "mark_received", "payee_balances", "payee_overview", "payment_detail", "payment_for", "receive_stripe_webhook",
    "recent_payouts", "reconcile", "record_payout", "refresh_payment", "refund", "refund_payable",
    "refunded_minor", "release_to_payee", "return_url", "set_payee_account", "start_payment", "status_label",
    "sync_intent", "sync_refunds", "user_name", "TransferSummary", "receipts_of", "return_excess",
    "transfer_summary", "write_off_shortfall", "Earnings", "maker_earnings", "next_payout_date", "payee_orgs_of",
    "payment_title", "grant_payout", "pay_grant",
]
