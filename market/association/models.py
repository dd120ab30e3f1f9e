"""Tables of the association (ordinance art. 11): its member register, the yearly campaign, each member's annual
return with its versions (who, when, why), the official counts that estimates are weighted to, the targets as
staff set them, trade chairs' trades, and policy proposals.

Money is integer KRW (``BigInteger``: a firm's revenue passes 2^31 won); times are aware UTC. A return moves only
through :data:`RETURN_TRANSITIONS` with :func:`market.transitions.apply_transition`.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


def _timestamp():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _krw():
    return Field(default=None, sa_type=sa.BigInteger)


class ReturnStatus(enum.StrEnum):
    """Where a member's return for one year stands."""

    not_started = "not_started"
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    resubmitted = "resubmitted"
    verified = "verified"


class Actor(enum.StrEnum):
    """Who takes a step of a return: the member that files it, or the association's reviewers."""

    member = "member"
    staff = "staff"


# (from, to) → who may take the step. Saving keeps a draft (or a returned return) where it is; a verified return
# is corrected by staff as a new version (verified → verified), with the reason.
RETURN_TRANSITIONS: dict[tuple[ReturnStatus, ReturnStatus], Actor] = {
    (ReturnStatus.not_started, ReturnStatus.draft): Actor.member,
    (ReturnStatus.draft, ReturnStatus.draft): Actor.member,
    (ReturnStatus.not_started, ReturnStatus.submitted): Actor.member,
    (ReturnStatus.draft, ReturnStatus.submitted): Actor.member,
    (ReturnStatus.returned, ReturnStatus.returned): Actor.member,
    (ReturnStatus.returned, ReturnStatus.resubmitted): Actor.member,
    (ReturnStatus.submitted, ReturnStatus.returned): Actor.staff,
    (ReturnStatus.resubmitted, ReturnStatus.returned): Actor.staff,
    (ReturnStatus.submitted, ReturnStatus.verified): Actor.staff,
    (ReturnStatus.resubmitted, ReturnStatus.verified): Actor.staff,
    (ReturnStatus.verified, ReturnStatus.verified): Actor.staff,
}

RESPONDED = (ReturnStatus.submitted, ReturnStatus.resubmitted, ReturnStatus.returned, ReturnStatus.verified)


class Member(SQLModel, table=True):
    """A firm in the register of the five trade associations; ``organization_id`` links it to its platform
    organisation when it has one (the platform then pre-fills its returns)."""

    __tablename__ = "association_members"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int | None = Field(default=None, foreign_key="organizations.id", ondelete="SET NULL",
                                        sa_column_kwargs={"unique": True})
    name: str = Field(max_length=160)
    name_ko: str | None = Field(default=None, max_length=160)
    cluster_code: str = Field(foreign_key="clusters.code", max_length=40, index=True)
    ksic: str = Field(max_length=5, index=True)
    district: str = Field(max_length=80)
    trade_association: str = Field(max_length=40)
    dues_status: str = Field(default="paid", max_length=16)
    dues_year: int | None = None
    joined_year: int | None = None
    active: bool = Field(default=True)
    created_at: dt.datetime = _timestamp()


class Campaign(SQLModel, table=True):
    """The yearly collection of returns, opened by staff."""

    __tablename__ = "association_campaigns"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    status: str = Field(default="open", max_length=16)
    deadline: dt.date | None = None
    opened_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    opened_at: dt.datetime = _timestamp()
    reminded_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class AnnualReturn(SQLModel, table=True):
    """One member's figures for one year. ``prefill`` keeps what the platform knew (field → value and source)
    so pages show which figures the member confirmed and which it corrected."""

    __tablename__ = "association_returns"
    __table_args__ = (sa.UniqueConstraint("member_id", "year", name="uq_association_returns_member_id_year"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="association_members.id", index=True, ondelete="CASCADE")
    year: int = Field(index=True)
    status: ReturnStatus = Field(default=ReturnStatus.not_started, sa_type=sa.String(16), nullable=False,
                                 index=True)
    version: int = Field(default=0)
    staff_full_time: int | None = None
    staff_part_time: int | None = None
    staff_under_35: int | None = None
    hires_this_year: int | None = None
    labour_cost_krw: int | None = _krw()
    revenue_krw: int | None = _krw()
    exports_krw: int | None = _krw()
    exports_by_country: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    va_method: str = Field(default="items", max_length=8)
    operating_surplus_krw: int | None = _krw()
    financial_cost_krw: int | None = _krw()
    taxes_krw: int | None = _krw()
    depreciation_krw: int | None = _krw()
    bought_in_inputs_krw: int | None = _krw()
    value_added_krw: int | None = _krw()
    capital_investment_krw: int | None = _krw()
    smart_factory_stage: int | None = None
    technologies: list = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    cooperation_projects: int | None = None
    trainings_completed: int | None = None
    uses_shared_space: bool | None = None
    export_programme: bool | None = None
    programme_participant: bool | None = None
    succession_status: str | None = Field(default=None, max_length=16)
    change_note: str | None = Field(default=None, sa_type=sa.Text)
    prefill: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    returned_reason: str | None = Field(default=None, sa_type=sa.Text)
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()


class ReturnVersion(SQLModel, table=True):
    """A step in a return's life with the figures as they were: submitted, returned (why), verified (the year's
    snapshot), corrected (who, when, why)."""

    __tablename__ = "association_return_versions"

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="association_returns.id", index=True, ondelete="CASCADE")
    version: int
    status: str = Field(max_length=16)
    figures: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    actor_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    reason: str | None = Field(default=None, sa_type=sa.Text)
    created_at: dt.datetime = _timestamp()


class ReturnFile(SQLModel, table=True):
    """An evidence document of a return (a PDF or image checked by :mod:`market.uploads.files`), stored
    privately and sent only to the member and its reviewers."""

    __tablename__ = "association_return_files"

    id: int | None = Field(default=None, primary_key=True)
    return_id: int = Field(foreign_key="association_returns.id", index=True, ondelete="CASCADE")
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=80)
    size_bytes: int
    uploaded_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class OfficialCount(SQLModel, table=True):
    """The official number of firms (and jobs) of one cluster and trade, as staff entered it with its source and
    the year the source describes; estimates weight respondents to it."""

    __tablename__ = "association_official_counts"
    __table_args__ = (sa.UniqueConstraint("year", "cluster_code", "ksic",
                                          name="uq_association_official_counts_year_cluster_code_ksic"),)

    id: int | None = Field(default=None, primary_key=True)
    year: int
    cluster_code: str = Field(foreign_key="clusters.code", max_length=40)
    ksic: str = Field(max_length=5)
    firms: int
    jobs: int | None = None
    source: str = Field(max_length=200)
    source_year: int
    entered_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = _timestamp()


class TargetSetting(SQLModel, table=True):
    """Staff's figures for one of the forum paper's targets: the baseline and target shares (in %) with their
    years, and the source they come from. A target without a row keeps the paper's figures
    (:data:`market.association.reference.TARGETS`)."""

    __tablename__ = "association_targets"

    code: str = Field(primary_key=True, max_length=24)
    baseline: float
    target: float
    baseline_year: int
    target_year: int
    source: str = Field(max_length=200)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    updated_at: dt.datetime = _timestamp()


class TradeChair(SQLModel, table=True):
    """The trade (KSIC code) a trade chair answers for."""

    __tablename__ = "association_trade_chairs"

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    ksic: str = Field(max_length=5)


class ProposalStatus(enum.StrEnum):
    """A policy proposal's way to the council."""

    draft = "draft"
    submitted = "submitted"
    on_agenda = "on_agenda"
    adopted = "adopted"
    rejected = "rejected"
    deferred = "deferred"


PROPOSAL_TRANSITIONS: dict[tuple[ProposalStatus, ProposalStatus], Actor] = {
    (ProposalStatus.draft, ProposalStatus.submitted): Actor.staff,
    (ProposalStatus.submitted, ProposalStatus.on_agenda): Actor.staff,
    (ProposalStatus.on_agenda, ProposalStatus.adopted): Actor.staff,
    (ProposalStatus.on_agenda, ProposalStatus.rejected): Actor.staff,
    (ProposalStatus.on_agenda, ProposalStatus.deferred): Actor.staff,
    (ProposalStatus.deferred, ProposalStatus.on_agenda): Actor.staff,
}


class PolicyProposal(SQLModel, table=True):
    """One of the association's policy proposals of a year (at least three a year)."""

    __tablename__ = "association_proposals"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    title: str = Field(max_length=200)
    body: str = Field(default="", sa_type=sa.Text)
    ksic: str | None = Field(default=None, max_length=5)
    status: ProposalStatus = Field(default=ProposalStatus.draft, sa_type=sa.String(16), nullable=False)
    created_by_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    updated_at: dt.datetime = _timestamp()
