"""Payment terms: checking them (on a quote or a maker's wholesale terms), the terms an order gets, which buyers
an admin approved for net terms, and how an order's total splits into what is due upfront and what is due later.

- prepaid: the full price before the maker confirms;
- deposit: ``deposit_percent`` (1–99) of the total before the maker confirms, the balance before shipment;
- net: nothing upfront; an invoice for the total at shipment, due ``net_days`` (30 or 60) later — only for
  buyer organisations an admin approved (:class:`~market.orders.models.NetTermsApproval`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from market.accounts.models import Organization, OrganizationKind, User
from market.db import utcnow
from market.orders.models import NET_DAYS, MakerOrderTerms, NetTermsApproval, OrderStatus, PaymentTerms
from market.orders.services.common import OrderError, org_ids

TERMS_LABELS = {
    PaymentTerms.prepaid: _l("Full prepayment"),
    PaymentTerms.deposit: _l("Deposit, balance before shipment"),
    PaymentTerms.net: _l("Net terms on invoice"),
}


@dataclasses.dataclass(frozen=True)
class Terms:
    """Checked payment terms."""

    kind: PaymentTerms = PaymentTerms.prepaid
    deposit_percent: int | None = None
    net_days: int | None = None

    def describe(self) -> str:
        """The terms in words, in the current language."""
        if self.kind == PaymentTerms.deposit:
            return _("%(percent)d%% deposit, balance before shipment", percent=self.deposit_percent or 0)
        if self.kind == PaymentTerms.net:
            return _("Net %(days)d days on invoice at shipment", days=self.net_days or 0)
        return _("Full prepayment")


PREPAID = Terms()

# The payment terms a buyer can accept on a request for quote (``i18n.vocabularies`` "payment_terms" ids) that
# the platform collects itself, as the quote's terms they suggest; L/C and D/P are arranged outside it.
VOCABULARY_TERMS = {
    "prepaid": PREPAID,
    "card": PREPAID,
    "tt_30_70": Terms(PaymentTerms.deposit, deposit_percent=30),
    "tt_50_50": Terms(PaymentTerms.deposit, deposit_percent=50),
    "net30": Terms(PaymentTerms.net, net_days=30),
    "net60": Terms(PaymentTerms.net, net_days=60),
}


def suggested_terms(codes) -> Terms | None:
    """The quote terms that the first of a buyer's accepted payment terms (vocabulary ids) the platform collects
    stands for (``tt_30_70`` → a 30 % deposit), or None when none of them is one."""
    return next((VOCABULARY_TERMS[code] for code in codes or () if code in VOCABULARY_TERMS), None)


def terms_of(obj) -> Terms:
    """The terms stored on an order, a quote or a maker's settings (``payment_terms``, ``deposit_percent``,
    ``net_days``)."""
    try:
        kind = PaymentTerms(obj.payment_terms or PaymentTerms.prepaid)
    except ValueError:
        return PREPAID
    return Terms(kind, obj.deposit_percent if kind == PaymentTerms.deposit else None,
                 obj.net_days if kind == PaymentTerms.net else None)


def check_terms(kind, deposit_percent=None, net_days=None) -> Terms:
    """Parse payment terms from a form or the API. Refuses an unknown kind (``payment_terms``), a deposit
    outside 1–99 % (``deposit_percent``) and net days other than 30 or 60 (``net_days``)."""
    try:
        kind = PaymentTerms(kind or PaymentTerms.prepaid)
    except ValueError:
        raise OrderError(_("Choose payment terms."), "payment_terms") from None
    if kind == PaymentTerms.deposit:
        try:
            percent = int(deposit_percent)
        except (TypeError, ValueError):
            percent = None
        if percent is None or not 1 <= percent <= 99:
            raise OrderError(_("Enter a deposit between 1 and 99 percent."), "deposit_percent")
        return Terms(kind, deposit_percent=percent)
    if kind == PaymentTerms.net:
        try:
            days = int(net_days)
        except (TypeError, ValueError):
            days = None
        if days not in NET_DAYS:
            raise OrderError(_("Choose net 30 or net 60 days."), "net_days")
        return Terms(kind, net_days=days)
    return PREPAID


# --- net terms: buyers an admin approved --------------------------------------------------------------------------


def net_approval(session: Session, buyer_org_id: int) -> NetTermsApproval | None:
    """The buyer organisation's approval for net terms, if an admin gave one."""
    return session.get(NetTermsApproval, buyer_org_id)


def approve_net_terms(session: Session, staff: User, buyer_org_id: int, max_days: int = 60) -> NetTermsApproval:
    """An admin allows a buyer organisation to pay on invoice up to ``max_days`` (30 or 60) after shipment.
    Refuses non-staff (403), organisations that are not buyers (404) and other day counts."""
    if not (getattr(staff, "is_authenticated", False) and getattr(staff, "is_staff", False)):
        raise OrderError(_("Only staff can do this."), code="forbidden", status=403)
    org = session.get(Organization, buyer_org_id)
    if org is None or org.kind != OrganizationKind.buyer:
        raise OrderError(_("This buyer organisation does not exist."), code="not_found", status=404)
    if max_days not in NET_DAYS:
        raise OrderError(_("Choose net 30 or net 60 days."), "max_days")
    approval = session.get(NetTermsApproval, buyer_org_id) or NetTermsApproval(buyer_org_id=buyer_org_id)
    approval.max_days, approval.approved_by_id, approval.approved_at = max_days, staff.id, utcnow()
    session.add(approval)
    session.flush()
    return approval


def revoke_net_terms(session: Session, staff: User, buyer_org_id: int) -> None:
    """An admin withdraws a buyer organisation's net terms (orders already placed keep theirs)."""
    if not (getattr(staff, "is_authenticated", False) and getattr(staff, "is_staff", False)):
        raise OrderError(_("Only staff can do this."), code="forbidden", status=403)
    approval = session.get(NetTermsApproval, buyer_org_id)
    if approval is not None:
        session.delete(approval)
        session.flush()


def require_net_approval(session: Session, buyer_org_id: int, terms: Terms) -> None:
    """Refuse (409, ``net_terms_not_approved``) net terms for a buyer an admin has not approved for them, or for
    more days than approved."""
    if terms.kind != PaymentTerms.net:
        return
    approval = net_approval(session, buyer_org_id)
    if approval is None or (terms.net_days or 0) > approval.max_days:
        raise OrderError(_("Net terms need the platform's approval of the buyer. Ask the maker for other terms "
                           "or contact us to be approved."), code="net_terms_not_approved", status=409)


# --- the maker's terms for wholesale orders -----------------------------------------------------------------------


def maker_terms(session: Session, maker_org_id: int) -> Terms:
    """The terms a maker set for its wholesale orders (full prepayment when it set none)."""
    row = session.get(MakerOrderTerms, maker_org_id)
    return terms_of(row) if row is not None else PREPAID


def set_maker_terms(session: Session, user: User, maker_org_id: int, kind, deposit_percent=None,
                    net_days=None) -> MakerOrderTerms:
    """A member of a maker organisation sets its terms for wholesale orders. Refuses outsiders (404) and what
    :func:`check_terms` refuses."""
    if maker_org_id not in org_ids(session, user, OrganizationKind.maker):
        raise OrderError(_("Order not found."), code="not_found", status=404)
    terms = check_terms(kind, deposit_percent, net_days)
    row = session.get(MakerOrderTerms, maker_org_id) or MakerOrderTerms(organization_id=maker_org_id)
    row.payment_terms, row.deposit_percent, row.net_days = terms.kind, terms.deposit_percent, terms.net_days
    row.updated_by_id, row.updated_at = user.id, utcnow()
    session.add(row)
    session.flush()
    return row


def wholesale_terms(session: Session, maker_org_id: int, buyer_org_id: int) -> Terms:
    """The terms a cart order to this maker gets: the maker's, except net terms for a buyer not approved for
    them (full prepayment then)."""
    terms = maker_terms(session, maker_org_id)
    if terms.kind == PaymentTerms.net:
        approval = net_approval(session, buyer_org_id)
        if approval is None or (terms.net_days or 0) > approval.max_days:
            return PREPAID
    return terms


# --- amounts ------------------------------------------------------------------------------------------------------


def split_minor(total_minor: int, terms: Terms) -> tuple[int, int]:
    """(due before confirmation, due later) of a total in minor units: all upfront when prepaid; the deposit
    (rounded half up) and the rest under deposit terms; nothing upfront under net terms."""
    if terms.kind == PaymentTerms.deposit:
        deposit = (total_minor * (terms.deposit_percent or 0) + 50) // 100
        return deposit, total_minor - deposit
    if terms.kind == PaymentTerms.net:
        return 0, total_minor
    return total_minor, 0


def due_date(shipped_at: dt.datetime, terms: Terms) -> dt.datetime | None:
    """When a net-terms invoice sent at ``shipped_at`` is due (None for other terms)."""
    if terms.kind != PaymentTerms.net:
        return None
    return shipped_at + dt.timedelta(days=terms.net_days or 0)


def initial_status(terms: Terms):
    """The status an order starts in: awaiting payment when something is due upfront, else placed."""
    return OrderStatus.placed if terms.kind == PaymentTerms.net else OrderStatus.awaiting_payment


def terms_from_settings(session: Session, user: User, maker_org_id: int) -> MakerOrderTerms | None:
    """The maker's stored terms row, for its settings form (None when it set none); refuses outsiders (404)."""
    if maker_org_id not in org_ids(session, user, OrganizationKind.maker):
        raise OrderError(_("Order not found."), code="not_found", status=404)
    return session.exec(select(MakerOrderTerms).where(MakerOrderTerms.organization_id == maker_org_id)).first()


def net_approvals(session: Session) -> list[tuple[NetTermsApproval, Organization]]:
    """Every buyer organisation approved for net terms, by name."""
    return [tuple(row) for row in session.exec(
        select(NetTermsApproval, Organization).join(Organization, Organization.id == NetTermsApproval.buyer_org_id)
        .order_by(Organization.name))]


def buyer_choices(session: Session) -> list[Organization]:
    """Buyer organisations, by name (for the approval form)."""
    return list(session.exec(select(Organization).where(Organization.kind == OrganizationKind.buyer)
                             .order_by(Organization.name)))
