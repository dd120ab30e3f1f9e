"""The yearly campaign: staff open it (every active member gets a return, pre-filled from the platform), remind
the members who have not answered (each in their own language, linked to their return), and watch the response
rate by cluster and trade."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.association.models import RESPONDED, AnnualReturn, Campaign, Member, ReturnStatus
from market.association.services.access import require_staff
from market.association.services.returns import apply_prefill
from market.notifications.services import notify_members
from market.refusals import Refusal

MIN_YEAR, MAX_YEAR = 2000, 2100


def list_campaigns(session: Session) -> list[Campaign]:
    """Every campaign, newest year first."""
    return list(session.exec(select(Campaign).order_by(Campaign.year.desc())))


def latest_year(session: Session) -> int | None:
    """The newest year with a campaign."""
    return session.exec(select(func.max(Campaign.year))).one()


def open_campaign(session: Session, user, year: int, deadline: dt.date | None = None) -> Campaign:
    """Open the campaign of ``year``: each active member without a return gets one, not started and pre-filled.
    Refuses a year out of range or one already opened."""
    require_staff(user)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Refusal(_("Choose a year from %(low)d to %(high)d.", low=MIN_YEAR, high=MAX_YEAR), field="year")
    if session.get(Campaign, year) is not None:
        raise Refusal(_("The campaign for %(year)d is already open.", year=year), field="year", code="exists")
    campaign = Campaign(year=year, deadline=deadline, opened_by_id=user.id)
    session.add(campaign)
    session.flush()
    have = set(session.exec(select(AnnualReturn.member_id).where(AnnualReturn.year == year)))
    for member in session.exec(select(Member).where(Member.active == sa.true()).order_by(Member.id)):
        if member.id not in have:
            ret = AnnualReturn(member_id=member.id, year=year)
            apply_prefill(session, ret, member)
            session.add(ret)
    session.flush()
    return campaign


def remind_members(session: Session, user, year: int) -> int:
    """Remind every platform member whose return for ``year`` is not in (not started, draft, returned), each in
    their language with a link to the return; returns how many firms were reminded."""
    require_staff(user)
    campaign = session.get(Campaign, year)
    if campaign is None or campaign.status != "open":
        raise Refusal(_("Returns for %(year)d are not being collected.", year=year), code="no_campaign", status=409)
    rows = session.exec(select(Member).join(AnnualReturn, AnnualReturn.member_id == Member.id)
                        .where(AnnualReturn.year == year, Member.organization_id.is_not(None),
                               AnnualReturn.status.in_((ReturnStatus.not_started, ReturnStatus.draft,
                                                        ReturnStatus.returned)))
                        .order_by(Member.id))
    count = 0
    for member in rows:
        notify_members(session, member.organization_id, "association_reminder",
                       lambda: _("Please file your annual return for %(year)d: the association's figures and your "
                                 "benchmarks depend on it.", year=year),
                       "market_association.edit_return", year=year)
        count += 1
    campaign.reminded_at = utcnow()
    session.add(campaign)
    session.flush()
    return count


def response_rates(session: Session, year: int, by: str) -> list[dict]:
    """The response rate of ``year`` by ``"cluster"`` or ``"trade"``: members, returns in (submitted, returned,
    resubmitted or verified), verified, and the rate, per key."""
    column = Member.cluster_code if by == "cluster" else Member.ksic
    rows = session.exec(select(column, AnnualReturn.status, func.count())
                        .join(AnnualReturn, AnnualReturn.member_id == Member.id)
                        .where(AnnualReturn.year == year).group_by(column, AnnualReturn.status))
    table: dict[str, dict] = {}
    for key, status, count in rows:
        entry = table.setdefault(key, {"key": key, "members": 0, "responded": 0, "verified": 0})
        entry["members"] += count
        if status in RESPONDED:
            entry["responded"] += count
        if status == ReturnStatus.verified:
            entry["verified"] += count
    for entry in table.values():
        entry["rate"] = entry["responded"] / entry["members"] if entry["members"] else 0.0
    return sorted(table.values(), key=lambda e: e["key"])


def overall_rate(rates: list[dict]) -> dict:
    """The totals of :func:`response_rates`."""
    members = sum(e["members"] for e in rates)
    responded = sum(e["responded"] for e in rates)
    return {"members": members, "responded": responded, "verified": sum(e["verified"] for e in rates),
            "rate": responded / members if members else 0.0}
