"""Prototype commissions: a complete request, a three-milestone plan, the milestones of a commission, and
funding a milestone (through the payments service, as a startup does, or through the adapter's contract)."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

PLAN = [{"title": "Design review", "amount_krw": 200_000}, {"title": "First article", "amount_krw": 400_000},
        {"title": "Final batch", "amount_krw": 600_000}]


def request_fields(**overrides) -> dict:
    """Every field of a complete request, as service keyword arguments."""
    fields = {"title": "Cargo-bike frame bracket", "description": "A TIG-welded bracket for our cargo bike, "
              "aluminium 6061, 5 prototype units.", "category": "machine_metal", "quantity": 5,
              "budget_min_krw": 800_000, "budget_max_krw": 1_500_000,
              "deadline": dt.date.today() + dt.timedelta(days=21), "nda_required": True,
              "materials": ["aluminium 6061", "stainless bolts"], "locale": "en"}
    fields.update(overrides)
    return fields


def milestones_of(session, commission):
    """The commission's milestones in order."""
    from market.prototypes.models import Milestone

    return list(session.exec(select(Milestone).where(Milestone.commission_id == commission.id)
                             .order_by(Milestone.position)))


def fund(session, milestone, payment_id: int | None = None) -> int:
    """Fund a milestone. Without ``payment_id``: through the payments service, as a startup does (a manual
    invoice that staff mark as received), so the money is in the ledger and held until approval. With one: the
    adapter's ``on_paid`` directly (the payments contract), for tests of that contract. Returns the payment id."""
    from market.payments.payables import get_adapter

    if payment_id is not None:
        get_adapter("milestone").on_paid(session, milestone.id, payment_id)
        session.commit()
        return payment_id
    from market.accounts.models import Membership, User, UserRole
    from market.payments import services as payments
    from market.prototypes.models import Commission

    commission = session.get(Commission, milestone.commission_id)
    payer = session.exec(select(User).join(Membership, Membership.user_id == User.id)
                         .where(Membership.organization_id == commission.startup_org_id).order_by(User.id)).first()
    staff = session.exec(select(User).where(User.role == UserRole.admin).order_by(User.id)).first()
    if staff is None:
        import secrets

        staff = User(email=f"finance-{secrets.token_hex(4)}@madeinseoul.test", display_name="Finance",
                     password_hash="x", session_nonce=secrets.token_hex(16), role=UserRole.admin)
        session.add(staff)
        session.flush()
    payment = payments.start_payment(session, payer, "milestone", milestone.id)
    payments.mark_received(session, staff, payment.id)
    session.commit()
    return payment.id
