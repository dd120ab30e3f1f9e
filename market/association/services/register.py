"""The member register of the five trade associations (with dues status), the official counts staff enter with
their source and year, and the policy proposals counted against "at least three a year"."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, func, select

from i18n.times import utcnow
from market.association.models import (
    PROPOSAL_TRANSITIONS,
    Actor,
    Member,
    OfficialCount,
    PolicyProposal,
    ProposalStatus,
)
from market.association.reference import DUES_LABELS, TRADE_ASSOCIATIONS, TRADES
from market.association.services.access import require_staff
from market.clusters import get_cluster
from market.refusals import Refusal, not_found
from market.transitions import allowed_steps, apply_transition

PROPOSALS_PER_YEAR = 3


def list_members(session: Session, *, ksic: str | None = None, trade_association: str | None = None,
                 limit: int = 500) -> list[Member]:
    """The register, by name, optionally for one trade and/or one of the five trade associations."""
    query = select(Member).order_by(Member.name)
    if ksic:
        query = query.where(Member.ksic == ksic)
    if trade_association:
        query = query.where(Member.trade_association == trade_association)
    return list(session.exec(query.limit(limit)))


def get_member(session: Session, member_id: int) -> Member:
    """A register entry, or 404."""
    member = session.get(Member, member_id)
    if member is None:
        raise not_found()
    return member


# Dues statuses that are about a year's dues, so the entry names the year.
DATED_DUES = ("paid", "due", "overdue")


def save_member(session: Session, user, member: Member | None, *, name: str | None, name_ko: str | None,
                trade_association: str | None, cluster_code: str | None, ksic: str | None, district: str | None,
                dues_status: str | None, dues_year: int | None, joined_year: int | None,
                active: bool) -> Member:
    """Add a firm to the register of the five trade associations (``member`` None) or change its entry: its
    names, trade association, cluster, trade, district, membership (joined, active) and dues status (staff only).
    Refuses each bad field on its field and keeps nothing then."""
    require_staff(user)
    name, name_ko, district = (name or "").strip(), (name_ko or "").strip(), (district or "").strip()
    problems: dict[str, str] = {}
    if not name or len(name) > 160:
        problems["name"] = _("Give the firm's name, up to %(max)d characters.", max=160)
    if len(name_ko) > 160:
        problems["name_ko"] = _("Keep the name under %(max)d characters.", max=160)
    if trade_association not in TRADE_ASSOCIATIONS:
        problems["trade_association"] = _("Choose one of the five trade associations.")
    if not cluster_code or get_cluster(session, cluster_code) is None:
        problems["cluster_code"] = _("Choose a cluster.")
    if ksic not in TRADES:
        problems["ksic"] = _("Choose a trade.")
    if not district or len(district) > 80:
        problems["district"] = _("Give the district (gu), up to %(max)d characters.", max=80)
    if dues_status not in DUES_LABELS:
        problems["dues_status"] = _("Choose a dues status.")
    this_year = utcnow().year
    if dues_year is not None and not 1990 <= dues_year <= this_year + 1:
        problems["dues_year"] = _("Choose a year from %(low)d to %(high)d.", low=1990, high=this_year + 1)
    elif dues_year is None and dues_status in DATED_DUES:
        problems["dues_year"] = _("Give the year these dues are for.")
    if joined_year is not None and not 1950 <= joined_year <= this_year:
        problems["joined_year"] = _("Choose a year from %(low)d to %(high)d.", low=1950, high=this_year)
    if problems:
        raise Refusal(_("Some fields are not valid."), fields=problems)
    member = member or Member(name=name, cluster_code=cluster_code, ksic=ksic, district=district,
                              trade_association=trade_association)
    member.name, member.name_ko, member.trade_association = name, name_ko or None, trade_association
    member.cluster_code, member.ksic, member.district = cluster_code, ksic, district
    member.dues_status, member.dues_year, member.joined_year = dues_status, dues_year, joined_year
    member.active = bool(active)
    session.add(member)
    session.flush()
    return member


def dues_summary(session: Session) -> dict[str, int]:
    """How many members are in each dues status."""
    return dict(session.exec(select(Member.dues_status, func.count()).group_by(Member.dues_status)).all())


def set_official_count(session: Session, user, *, year: int, cluster_code: str, ksic: str, firms: int,
                       jobs: int | None, source: str, source_year: int) -> OfficialCount:
    """Enter (or replace) the official count of a cluster × trade for ``year``, with its source and year."""
    require_staff(user)
    problems = {}
    if get_cluster(session, cluster_code) is None:
        problems["cluster_code"] = _("Choose a cluster.")
    if ksic not in TRADES:
        problems["ksic"] = _("Choose a trade.")
    if firms is None or not 0 <= firms <= 1_000_000:
        problems["firms"] = _("Enter a number from 0 to 1,000,000.")
    if jobs is not None and not 0 <= jobs <= 10_000_000:
        problems["jobs"] = _("Enter a number from 0 to 10,000,000.")
    if not (source or "").strip():
        problems["source"] = _("Name the source of the count.")
    for name, value in (("year", year), ("source_year", source_year)):
        if value is None or not 1990 <= value <= 2100:
            problems[name] = _("Choose a year from %(low)d to %(high)d.", low=1990, high=2100)
    if problems:
        raise Refusal(_("Some fields are not valid."), fields=problems)
    row = session.exec(select(OfficialCount).where(OfficialCount.year == year, OfficialCount.cluster_code ==
                                                   cluster_code, OfficialCount.ksic == ksic)).first()
    row = row or OfficialCount(year=year, cluster_code=cluster_code, ksic=ksic, firms=0, source="", source_year=0)
    row.firms, row.jobs, row.source, row.source_year = firms, jobs, source.strip(), source_year
    row.entered_by_id = user.id
    session.add(row)
    session.flush()
    return row


def list_official_counts(session: Session) -> list[OfficialCount]:
    """Every official count, newest year first."""
    return list(session.exec(select(OfficialCount).order_by(OfficialCount.year.desc(), OfficialCount.cluster_code,
                                                            OfficialCount.ksic)))


def proposals_of(session: Session, year: int) -> list[PolicyProposal]:
    """The year's policy proposals."""
    return list(session.exec(select(PolicyProposal).where(PolicyProposal.year == year).order_by(PolicyProposal.id)))


def add_proposal(session: Session, user, year: int, title: str, body: str = "") -> PolicyProposal:
    """Draft a policy proposal (staff)."""
    require_staff(user)
    if year is None or not 2000 <= year <= 2100:
        raise Refusal(_("Choose a year from %(low)d to %(high)d.", low=2000, high=2100), field="year")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise Refusal(_("Give the proposal a title of up to 200 characters."), field="title")
    proposal = PolicyProposal(year=year, title=title, body=(body or "").strip(), created_by_id=user.id)
    session.add(proposal)
    session.flush()
    return proposal


PROPOSAL_LABELS = {
    ProposalStatus.draft: _l("Draft"),
    ProposalStatus.submitted: _l("Submitted"),
    ProposalStatus.on_agenda: _l("On the council's agenda"),
    ProposalStatus.adopted: _l("Adopted"),
    ProposalStatus.rejected: _l("Rejected"),
    ProposalStatus.deferred: _l("Deferred"),
}


def proposal_label(status) -> str:
    """A proposal's status in words."""
    return str(PROPOSAL_LABELS.get(ProposalStatus(status), status))


def next_steps(proposal: PolicyProposal) -> list[ProposalStatus]:
    """Where staff can move a proposal from its status."""
    return [ProposalStatus(to) for to in allowed_steps(PROPOSAL_TRANSITIONS, proposal.status, Actor.staff)]


def get_proposal(session: Session, proposal_id: int) -> PolicyProposal:
    """A proposal, or 404."""
    proposal = session.get(PolicyProposal, proposal_id)
    if proposal is None:
        raise not_found()
    return proposal


def move_proposal(session: Session, user, proposal: PolicyProposal, to: str) -> PolicyProposal:
    """Move a proposal on its way to the council (staff); decisions (adopted, rejected, deferred) are dated."""
    require_staff(user)
    try:
        target = ProposalStatus(to)
    except ValueError:
        raise Refusal(_("Choose a status."), field="to") from None
    values = {"decided_at": utcnow()} if target in (ProposalStatus.adopted, ProposalStatus.rejected,
                                                    ProposalStatus.deferred) else {}
    apply_transition(session, proposal, PROPOSAL_TRANSITIONS, target, role=Actor.staff, values=values,
                     label=proposal_label)
    return proposal
