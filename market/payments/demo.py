"""Demo payments: every demo order past payment gets the bank transfer that paid it (marked received by the demo
admin), some unpaid orders an open invoice, one delivered order a partial refund, accepted quotes some payments,
and a few makers a payout — all written to the ledger like real ones.

Written directly, without the payables' callbacks: the demo orders already carry their statuses and timelines,
and the demo has no request to build notification links in.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session, select

from market.accounts.models import User, UserRole
from market.db import utcnow
from market.orders.models import OrderStatus, WholesaleOrder, WholesaleOrderEvent
from market.orders.payable import order_amount
from market.payments import ledger
from market.payments.models import Payment, PaymentStatus, Payout, ProviderName, Refund

_PAID_ORDER_STATUSES = (OrderStatus.paid, OrderStatus.confirmed, OrderStatus.in_production, OrderStatus.shipped,
                        OrderStatus.delivered)
COMMISSION_BPS = 1000


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
    """About a third of the orders from accepted quotes paid by bank transfer, in the quote's currency."""
    from i18n.money import latest_rates, to_krw
    from market.payments.amounts import to_minor
    from market.rfq.models import RfqOrder, RfqOrderStatus

    rates = latest_rates(session)
    paid = 0
    for order in session.exec(select(RfqOrder).where(RfqOrder.status == RfqOrderStatus.awaiting_payment)
                              .order_by(RfqOrder.id)).all():
        amount_krw = to_krw(order.total, order.currency, rates)
        if amount_krw is None or rng.random() >= 1 / 3:
            continue
        paid_at = min(order.created_at + dt.timedelta(days=rng.randint(1, 5)), utcnow())
        payment = Payment(kind="rfq_order", payable_id=order.id, provider=ProviderName.manual,
                          status=PaymentStatus.paid, currency=order.currency,
                          amount_minor=to_minor(order.total, order.currency), amount_krw=amount_krw,
                          commission_bps=COMMISSION_BPS, description=f"Order #{order.id} (accepted quote)",
                          payer_org_id=order.buyer_org_id, payee_org_id=order.maker_org_id, paid_at=paid_at,
                          received_by_id=admin.id if admin else None, received_note="Demo bank transfer",
                          created_at=order.created_at, updated_at=paid_at)
        session.add(payment)
        session.flush()
        payment.reference = f"MIS-{payment.id:06d}"
        ledger.record_payment(session, payment)
        order.status = RfqOrderStatus.paid
        session.add(order)
        paid += 1
    session.flush()
    return paid
