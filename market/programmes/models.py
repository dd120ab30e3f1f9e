"""Tables of support programmes: the programme (directory fields, support type, trades, eligibility rules and
application form stored as data), an organisation's support profile (business registration number, KSIC codes,
revenue, workplace), applications with their files and timeline, and the support ledger.

Texts written by the city (title, summary, target, benefit) are dicts per locale with a fallback (requested →
en → ko). Applications move only through :data:`APPLICATION_TRANSITIONS`, each step one conditional UPDATE by
:func:`market.transitions.apply_transition`.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class SupportType(enum.StrEnum):
    """What a programme gives."""

    loan = "loan"
    guarantee = "guarantee"
    grant = "grant"
    training = "training"
    consulting = "consulting"
    facility = "facility"
    export = "export"
    safety_net = "safety_net"
    certification = "certification"


class ProgrammeStatus(enum.StrEnum):
    """Upcoming → open → closed → results published."""

    upcoming = "upcoming"
    open = "open"
    closed = "closed"
    results = "results"


class SelectionMethod(enum.StrEnum):
    """How applicants are chosen."""

    review = "review"
    first_come = "first_come"
    screening = "screening"


class ApplicationStatus(enum.StrEnum):
    """Where an application stands."""

    draft = "draft"
    submitted = "submitted"
    screening = "screening"
    info_requested = "info_requested"
    resubmitted = "resubmitted"
    in_review = "in_review"
    selected = "selected"
    waitlisted = "waitlisted"
    rejected = "rejected"
    withdrawn = "withdrawn"
    agreement = "agreement"
    in_progress = "in_progress"
    reported = "reported"
    closed = "closed"


A = ApplicationStatus
APPLICANT = "applicant"
STAFF = "staff"

# (from, to) → the party that may take the step.
APPLICATION_TRANSITIONS: dict[tuple[ApplicationStatus, ApplicationStatus], str] = {
    (A.draft, A.submitted): APPLICANT,
    (A.submitted, A.screening): STAFF,
    (A.resubmitted, A.screening): STAFF,
    (A.screening, A.info_requested): STAFF,
    (A.info_requested, A.resubmitted): APPLICANT,
    (A.screening, A.in_review): STAFF,
    (A.screening, A.rejected): STAFF,
    (A.in_review, A.selected): STAFF,
    (A.in_review, A.waitlisted): STAFF,
    (A.in_review, A.rejected): STAFF,
    (A.waitlisted, A.selected): STAFF,
    (A.waitlisted, A.rejected): STAFF,
    (A.selected, A.agreement): STAFF,
    (A.agreement, A.in_progress): APPLICANT,
    (A.in_progress, A.reported): APPLICANT,
    (A.reported, A.closed): STAFF,
    (A.draft, A.withdrawn): APPLICANT,
    (A.submitted, A.withdrawn): APPLICANT,
    (A.screening, A.withdrawn): APPLICANT,
    (A.info_requested, A.withdrawn): APPLICANT,
    (A.resubmitted, A.withdrawn): APPLICANT,
    (A.in_review, A.withdrawn): APPLICANT,
    (A.waitlisted, A.withdrawn): APPLICANT,
}


# A programme's window moves it by date (market.programmes.phases); staff may open it early, close it early and
# publish its results once closed. Reopening is giving a later deadline, not a step.
PROGRAMME_TRANSITIONS: dict[tuple[ProgrammeStatus, ProgrammeStatus], str] = {
    (ProgrammeStatus.upcoming, ProgrammeStatus.open): STAFF,
    (ProgrammeStatus.open, ProgrammeStatus.closed): STAFF,
    (ProgrammeStatus.closed, ProgrammeStatus.results): STAFF,
}


def _now_column():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Programme(SQLModel, table=True):
    """One support programme with the national directory's fields and ours."""

    __tablename__ = "programmes"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, sa_column_kwargs={"unique": True}, nullable=False)
    title: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    summary: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    target: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    benefit: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    support_type: SupportType = Field(sa_type=sa.String(16), nullable=False, index=True)
    trades: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)  # empty: every trade
    clusters: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    districts: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)  # boroughs; empty: all
    benefit_max_krw: int | None = None
    places: int | None = None
    selection_method: SelectionMethod = Field(default=SelectionMethod.review, sa_type=sa.String(16),
                                              nullable=False)
    documents: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    responsible_agency: str = Field(default="", max_length=200)
    executing_agency: str = Field(default="", max_length=200)
    notice_url: str | None = Field(default=None, max_length=500)
    opens_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    closes_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    status: ProgrammeStatus = Field(default=ProgrammeStatus.upcoming, sa_type=sa.String(16), nullable=False,
                                    index=True)
    # Eligibility rules: [{"code": "headcount_under", "max": 10}, ...] (see market.programmes.eligibility).
    rules: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # Application form: [{"name", "type": text|textarea|number|choice|checkbox, "label": {locale: text},
    # "required", "max", "choices"}] (see market.programmes.forms_data).
    form: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    # The window (years) in which support of the same type counts as an overlap at screening.
    overlap_years: int = Field(default=3)
    created_at: dt.datetime = _now_column()
    updated_at: dt.datetime = _now_column()


class SupportProfile(SQLModel, table=True):
    """What eligibility needs of an organisation beyond its account data."""

    __tablename__ = "support_profiles"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organizations.id", ondelete="CASCADE",
                                 sa_column_kwargs={"unique": True}, nullable=False)
    business_number: str | None = Field(default=None, max_length=10, index=True)
    ksic_codes: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    annual_revenue_krw: int | None = None
    workplace_in_seoul: bool | None = None
    updated_at: dt.datetime = _now_column()


class Application(SQLModel, table=True):
    """An organisation's application to one programme."""

    __tablename__ = "programme_applications"
    __table_args__ = (sa.UniqueConstraint("programme_id", "organization_id",
                                          name="uq_programme_applications_programme_org"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programmes.id", index=True, ondelete="CASCADE")
    organization_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    created_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    status: ApplicationStatus = Field(default=ApplicationStatus.draft, sa_type=sa.String(16), nullable=False,
                                      index=True)
    answers: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    # Other public support received: {"none": bool, "items": [{"title", "support_type", "year", "amount_krw"}]}.
    declaration: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    info_request: str = Field(default="", max_length=2000)
    decision_reason: str = Field(default="", max_length=2000)
    overlaps: list[dict] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    overlap_checked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    amount_krw: int | None = None
    created_at: dt.datetime = _now_column()
    updated_at: dt.datetime = _now_column()


class ApplicationFile(SQLModel, table=True):
    """A document attached to an application, stored privately after the upload checks."""

    __tablename__ = "programme_application_files"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="programme_applications.id", index=True, ondelete="CASCADE")
    document_code: str = Field(max_length=40)
    storage_key: str = Field(max_length=255)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=80)
    size: int
    uploaded_at: dt.datetime = _now_column()


class ApplicationEvent(SQLModel, table=True):
    """One entry of an application's timeline: the status it reached, who moved it, and a note."""

    __tablename__ = "programme_application_events"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="programme_applications.id", index=True, ondelete="CASCADE")
    status: str = Field(max_length=16)
    actor_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=2000)
    created_at: dt.datetime = _now_column()


class LedgerEntry(SQLModel, table=True):
    """One benefit an organisation received, on the platform or as it declared: the record that art. 10's
    duplicate-support check reads, keyed by business registration number."""

    __tablename__ = "support_ledger"

    id: int | None = Field(default=None, primary_key=True)
    business_number: str = Field(max_length=10, index=True)
    organization_id: int | None = Field(default=None, foreign_key="organizations.id", index=True,
                                        ondelete="SET NULL")
    programme_id: int | None = Field(default=None, foreign_key="programmes.id", ondelete="SET NULL")
    application_id: int | None = Field(default=None, foreign_key="programme_applications.id", ondelete="SET NULL")
    support_type: str = Field(max_length=16)
    title: str = Field(max_length=300)
    amount_krw: int | None = None
    granted_on: dt.date
    source: str = Field(default="platform", max_length=16)  # platform | declared
    created_at: dt.datetime = _now_column()


class CoApplicant(SQLModel, table=True):
    """A member of the applying organisation named on the application, who must sign it off (confirm the
    answers and the declaration) before it can be submitted. A change to the answers after a sign-off clears
    ``signed_at``: they are asked again."""

    __tablename__ = "programme_co_applicants"
    __table_args__ = (sa.UniqueConstraint("application_id", "user_id",
                                          name="uq_programme_co_applicants_application_user"),)

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="programme_applications.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    named_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    signed_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _now_column()


class ProgrammeSearch(SQLModel, table=True):
    """Directory filters a user keeps under a name, to be alerted when a programme matching them opens."""

    __tablename__ = "programme_searches"
    __table_args__ = (sa.UniqueConstraint("user_id", "name", name="uq_programme_searches_user_name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    # {"trade", "type", "district", "status", "deadline_before" (ISO date)}: only the filters set.
    filters: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    paused: bool = Field(default=False)
    created_at: dt.datetime = _now_column()
    updated_at: dt.datetime = _now_column()


class ProgrammeSearchHit(SQLModel, table=True):
    """A programme a saved search has seen open: alerted (or already open when the search was saved). One row
    per (search, programme), so a programme never alerts a search twice."""

    __tablename__ = "programme_search_hits"
    __table_args__ = (sa.UniqueConstraint("search_id", "programme_id", name="uq_programme_search_hits_search_programme"),)

    id: int | None = Field(default=None, primary_key=True)
    search_id: int = Field(foreign_key="programme_searches.id", index=True, ondelete="CASCADE")
    programme_id: int = Field(foreign_key="programmes.id", index=True, ondelete="CASCADE")
    alerted: bool = Field(default=True)
    created_at: dt.datetime = _now_column()
