"""Makers' RFQ settings (the smallest quantity and least complete request they accept) and how they answer."""

from __future__ import annotations

import datetime as dt
import statistics

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Organization, OrganizationKind, User
from market.accounts.services import can_edit_organization
from market.db import utcnow
from market.rfq.models import Rfq, RfqPolicy
from market.rfq.services.common import MAX_QUANTITY, RfqError

RESPONSE_WINDOW = dt.timedelta(hours=72)


def get_policy(session: Session, org_id: int) -> RfqPolicy:
    """The maker's RFQ minimums (defaults when it never set them: any quantity, any completeness)."""
    return session.get(RfqPolicy, org_id) or RfqPolicy(organization_id=org_id)


def policy_organization(session: Session, user: User, org_id: int) -> Organization | None:
    """The maker organisation whose RFQ settings ``user`` may change (its owners, admins), else None."""
    org = session.get(Organization, org_id)
    if org is None or org.kind != OrganizationKind.maker or not can_edit_organization(session, user, org_id):
        return None
    return org


def set_policy(session: Session, user: User, org_id: int, min_quantity: int, min_completeness: int) -> RfqPolicy:
    """Set a maker's RFQ minimums; only its owners (and admins) may, others get not_found. Refuses a minimum
    quantity outside 1–10,000,000 and a completeness outside 0–100."""
    if policy_organization(session, user, org_id) is None:
        raise RfqError(_("Organisation not found."), code="not_found", status=404)
    errors = {}
    if min_quantity is None or not 1 <= int(min_quantity) <= MAX_QUANTITY:
        errors["min_quantity"] = _("Enter a quantity between 1 and %(max)s.", max=format_decimal(MAX_QUANTITY))
    if min_completeness is None or not 0 <= int(min_completeness) <= 100:
        errors["min_completeness"] = _("Enter a score between 0 and 100.")
    if errors:
        raise RfqError(_("Some fields are not valid."), fields=errors)
    policy = session.get(RfqPolicy, org_id) or RfqPolicy(organization_id=org_id)
    policy.min_quantity, policy.min_completeness = int(min_quantity), int(min_completeness)
    policy.updated_at, policy.updated_by_id = utcnow(), user.id
    session.add(policy)
    session.flush()
    return policy


def response_stats(session: Session, org_id: int) -> dict | None:
    """How a maker answers RFQs, or None when it has received none.

    ``response_rate`` is the share (0–1) of its RFQs answered by a quote, a decline or a message within 72
    hours; RFQs younger than 72 hours and not yet answered are left out, since they still can be.
    ``median_first_response`` (a timedelta) and ``median_first_response_hours`` are over answered RFQs.
    Returns ``{"rfq_count", "counted", "answered_within_72h", "response_rate", "response_rate_percent",
    "median_first_response", "median_first_response_hours"}`` (rate and medians None when nothing counts).
    """
    rows = list(session.exec(select(Rfq.created_at, Rfq.first_response_at).where(Rfq.maker_org_id == org_id)))
    if not rows:
        return None
    now = utcnow()
    delays = [first - created for created, first in rows if first is not None]
    counted = [(c, f) for c, f in rows if f is not None or now - c >= RESPONSE_WINDOW]
    answered = [1 for c, f in counted if f is not None and f - c <= RESPONSE_WINDOW]
    rate = len(answered) / len(counted) if counted else None
    median = statistics.median(sorted(delays)) if delays else None
    return {
        "rfq_count": len(rows),
        "counted": len(counted),
        "answered_within_72h": len(answered),
        "response_rate": round(rate, 3) if rate is not None else None,
        "response_rate_percent": round(rate * 100) if rate is not None else None,
        "median_first_response": median,
        "median_first_response_hours": round(median.total_seconds() / 3600, 1) if median is not None else None,
    }
