"""Demo payments: every demo order past payment gets the bank transfer that paid it (marked received by the demo
admin), some unpaid orders an open invoice, one delivered order a partial refund, accepted quotes some payments,
and a few makers a payout — all written to the ledger like real ones. The open invoices are issued (numbered,
with the demo's Woori Bank account that :func:`configure_demo_bank` sets up when the operator has set none).

Written directly, without the payables' callbacks: the demo orders already carry their statuses and timelines,
and the demo has no request to build notification links in.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from flask import Flask
from sqlmodel import Session, select

from market.accounts.models import User, UserRole
from market.config import SETTINGS_FILE, read_settings_file
from market.db import utcnow
from market.orders.models import OrderStatus, WholesaleOrder, WholesaleOrderEvent
from market.orders.payable import order_amount
from market.payments import ledger, providers
from market.payments.models import Payment, PaymentStatus, Payout, ProviderName, Refund
from market.payments.services.common import describe
from market.payments.services.invoices import issue_invoice

# The demo platform's bank account: a Woori Bank account (SWIFT HVBKKRSE) in Jongno, plausible but not real.
DEMO_BANK = {
    "PAYMENT_BANK_NAME": "Woori Bank, Jongno 3-ga branch",
    "PAYMENT_BANK_ACCOUNT_NAME": "Made in Seoul Platform Co., Ltd.",
    "PAYMENT_BANK_ACCOUNT_NUMBER": "1005-803-412907",
    "PAYMENT_BANK_SWIFT": "HVBKKRSE",
    "PAYMENT_BANK_ADDRESS": "Woori Bank, 51 Sogong-ro, Jung-gu, Seoul 04632, Republic of Korea",
}

_PAID_ORDER_STATUSES = (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production, OrderStatus.shipped,
                        OrderStatus.delivered)
COMMISSION_BPS = 1000


def configure_demo_bank(app: Flask) -> list[str]:
    """Give the demo installation a bank account for its invoices, unless the operator set one: written to the
    data dir's ``settings.env`` (read by every later start, e.g. ``seoulmade serve``) and applied to ``app``.
    Returns the settings it wrote."""
    path = Path(app.config["DATA_DIR"]) / SETTINGS_FILE
    existing = read_settings_file(path)
    if app.config.get("PAYMENT_BANK_ACCOUNT_NUMBER") or existing.get("PAYMENT_BANK_ACCOUNT_NUMBER"):
        return []
    lines = [f"{key}={value}" for key, value in DEMO_BANK.items()]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("# The demo's bank account for invoices (seoulmade demo); set PAYMENT_BANK_* to replace it.\n")
        fh.write("\n".join(lines) + "\n")
    app.config.update(DEMO_BANK)
    providers.init_app(app)
    return list(DEMO_BANK)


def _paid_at(session: Session, order: WholesaleOrder) -> dt.datetime:
    event = session.exec(select(WholesaleOrderEvent.created_at).where(
        WholesaleOrderEvent.order_id == order.id, WholesaleOrderEvent.to_status == OrderStatus.paid)).first()
    return event or order.created_at


def _payment(session: Session, order: WholesaleOrder, admin: User | None, paid_at: dt.datetime | None) -> Payment:
    currency, amount_minor = order_amount(order)
    payment = Payment(kind="wholesale_order", payable_id=order.id, provider=ProviderName.manual,
                      status=PaymentStatus.paid if paid_at else PaymentStatus.pending, currency=currency,
                      amount_minor=amount_minor, amount_krw=order.subtotal_krw, commission_bps=COMMISSION_BPS,
                      description=f"Wholesale order #{order.id}", payer_user_id=order.placed_by_id,
                      payer_org_id=order.buyer_org_id, payee_org_id=order.maker_org_id, paid_at=paid_at,
                      received_by_id=admin.id if (admin and paid_at) else None,
                      received_note="Demo bank transfer" if paid_at else None,
                      created_at=order.created_at, updated_at=paid_at or order.created_at)
    session.add(payment)
    session.flush()
    payment.reference = f"MIS-{payment.id:06d}"
    if paid_at:
        ledger.record_payment(session, payment)
    elif providers.bank_transfer_problem(providers.get_providers()) is None:
        info = describe(session, payment.kind, order.id)  # the lines and the rate, from the order's adapter
        issue_invoice(session, payment, info, today=order.created_at.date(), mail=False)
    return payment


def add_demo_payments(session: Session, rng: random.Random) -> dict[str, int]:
    """Payments, a refund and payouts for the demo orders; returns how many payments and payouts were made."""
    admin = session.exec(select(User).where(User.role == UserRole.admin).order_by(User.id)).first()
    orders = list(session.exec(select(WholesaleOrder).order_by(WholesaleOrder.id)))
    payments = []
    for order in orders:
        if order.status in _PAID_ORDER_STATUSES:
            payments.append(_payment(session, order, admin, _paid_at(session, order)))
        elif order.status == OrderStatus.awaiting_payment and rng.random() < 0.5:
            payments.append(_payment(session, order, admin, None))
    delivered = [p for p in payments if p.status == PaymentStatus.paid and session.get(
        WholesaleOrder, p.payable_id).status == OrderStatus.delivered]
    if delivered:
        payment = rng.choice(delivered)
        amount = max(1, payment.amount_minor // 10)
        refund = Refund(payment_id=payment.id, amount_minor=amount,
                        amount_krw=ledger.refund_split(payment, 0, amount)[0], currency=payment.currency,
                        reason="One item arrived damaged", source="staff", created_by_id=admin.id if admin else None)
        session.add(refund)
        session.flush()
        ledger.record_refund(session, payment, refund, 0)
        payment.status = PaymentStatus.partially_refunded
        session.add(payment)
    payouts = 0
    owed = ledger.payee_balances(session)
    for org_id in sorted(owed)[: max(1, len(owed) // 2)]:
        for currency, amount in sorted(owed[org_id].items()):
            if amount <= 0:
                continue
            krw = -sum(b.amount_krw for b in ledger.balances(session, ledger.LedgerAccount.payee, org_id)
                       if b.currency == currency)
            payout = Payout(payee_org_id=org_id, currency=currency, amount_minor=amount, amount_krw=krw,
                            method="bank_transfer", note="Demo monthly payout",
                            created_by_id=admin.id if admin else None, created_at=utcnow())
            session.add(payout)
            session.flush()
            ledger.record_payout(session, payout, ledger.LedgerAccount.funds_manual)
            payouts += 1
    session.flush()
    return {"payments": len(payments) + _pay_some_quotes(session, rng, admin), "payouts": payouts}


def _pay_some_quotes(session: Session, rng: random.Random, admin: User | None) -> int:
    """About a third of the orders from accepted quotes still awaiting payment (and without an invoice yet) paid
    by bank transfer, in the quote's currency; they are orders like any other (kind ``wholesale_order``)."""
    from market.orders.models import OrderKind

    paid = 0
    orders = session.exec(select(WholesaleOrder).where(WholesaleOrder.kind == OrderKind.quote,
                                                       WholesaleOrder.status == OrderStatus.awaiting_payment)
                          .order_by(WholesaleOrder.id)).all()
    for order in orders:
        currency, amount_minor = order_amount(order)
        taken = session.exec(select(Payment.id).where(Payment.kind == "wholesale_order",
                                                      Payment.payable_id == order.id)).first()
        if taken is not None or order.subtotal_krw <= 0 or amount_minor <= 0 or rng.random() >= 1 / 3:
            continue
        paid_at = min(order.created_at + dt.timedelta(days=rng.randint(1, 5)), utcnow())
        payment = Payment(kind="wholesale_order", payable_id=order.id, provider=ProviderName.manual,
                          status=PaymentStatus.paid, currency=currency, amount_minor=amount_minor,
                          amount_krw=order.subtotal_krw, commission_bps=COMMISSION_BPS,
                          description=f"Order #{order.id} (accepted quote)", payer_user_id=order.placed_by_id,
                          payer_org_id=order.buyer_org_id, payee_org_id=order.maker_org_id, paid_at=paid_at,
                          received_by_id=admin.id if admin else None, received_note="Demo bank transfer",
                          created_at=order.created_at, updated_at=paid_at)
        session.add(payment)
        session.flush()
        payment.reference = f"MIS-{payment.id:06d}"
        ledger.record_payment(session, payment)
        session.add(WholesaleOrderEvent(order_id=order.id, actor_id=None, from_status=OrderStatus.awaiting_payment,
                                        to_status=OrderStatus.paid, note=payment.reference, created_at=paid_at))
        order.status, order.updated_at = OrderStatus.paid, paid_at
        session.add(order)
        paid += 1
    session.flush()
    return paid
