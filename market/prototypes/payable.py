"""The payments adapter of prototype milestones (kind ``"milestone"``): :data:`ADAPTER`, which the app factory
registers with payments (nothing registers when this module is imported).

A milestone is payable while its commission is active and it awaits funding; the startup pays its amount in KRW
and the maker is the payee. Payments calls :meth:`MilestonePayable.on_paid` once, in the transaction that records
the money: the milestone becomes funded (work may start). A refund follows the rules of
:func:`market.prototypes.services.funding.refund_milestone`. The adapter never moves money itself.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlmodel import Session, select

from i18n.locales import current_locale
from market.accounts.models import Membership, MembershipRole
from market.db import get_session
from market.payments.amounts import to_minor
from market.payments.payables import PayableInfo
from market.prototypes.models import CommissionStatus, Milestone, MilestoneStatus
from market.prototypes.services.base import PAYABLE_KIND
from market.prototypes.services.funding import (
    fund_milestone,
    milestone_payable,
    out_of_order,
    refund_milestone,
)
from market.prototypes.services.milestones import funding_blocker
from market.prototypes.services.queries import commission_of_milestone

KIND = PAYABLE_KIND
CURRENCY = "KRW"


class MilestonePayable:
    """What payments needs to know about a prototype milestone, and what happens when it is paid or refunded."""

    kind = KIND
    holds_until_release = True  # a milestone's money is held until the startup approves the delivery

    def describe(self, session: Session, payable_id: int) -> PayableInfo:
        """The milestone's amount in KRW, payable only while the commission is active and it awaits funding;
        raises :class:`~market.prototypes.services.base.PrototypeError` (not_found) for an unknown id."""
        milestone, commission, req = milestone_payable(session, payable_id)
        payable, reason = True, None
        if commission.status != CommissionStatus.active:
            payable, reason = False, _("This commission is no longer active.")
        elif milestone.status != MilestoneStatus.awaiting_funding:
            payable, reason = False, _("This milestone is already funded.")
        elif (blocker := funding_blocker(session, milestone)) is not None:
            payable, reason = False, out_of_order(blocker).message
        payer = req.created_by_id or session.exec(
            select(Membership.user_id).where(Membership.organization_id == commission.startup_org_id)
            .order_by(Membership.role != MembershipRole.owner, Membership.id)).first()
        return PayableInfo(
            kind=KIND, id=milestone.id, currency=CURRENCY, amount_minor=to_minor(milestone.amount_krw, CURRENCY),
            amount_krw=milestone.amount_krw,
            description=_("Prototype commission #%(id)d, milestone %(n)d: %(title)s", id=commission.id,
                          n=milestone.position, title=milestone.title),
            payer_user_id=payer, payee_org_id=commission.maker_org_id, payer_org_id=commission.startup_org_id,
            payable=payable, reason=reason)

    def on_paid(self, session: Session, payable_id: int, payment_id: int) -> None:
        """The milestone is funded; a repeat with the same payment is a no-op, another payment is refused."""
        fund_milestone(session, payable_id, payment_id)

    def on_refunded(self, session: Session, payable_id: int, payment_id: int, amount_minor: int,
                    fully_refunded: bool) -> None:
        """A full refund sends the milestone back to awaiting funding; every refund goes on the timeline."""
        refund_milestone(session, payable_id, payment_id, amount_minor, fully_refunded)

    def return_url(self, payable_id: int) -> str:
        """The commission page of the milestone."""
        commission_id = commission_of_milestone(get_session(), payable_id)
        return url_for("market_prototypes.commission", commission_id=commission_id or 0) + f"#milestone-{payable_id}"


ADAPTER = MilestonePayable()


def checkout_url(milestone: Milestone) -> str:
    """Where the startup pays a milestone: the payments checkout, in the current language."""
    return url_for("payments.checkout", lang=current_locale(), kind=KIND, payable_id=milestone.id)
