"""Tables of reviews: a rubric per scope with weighted criteria, reviewer grants (external accounts limited to
one scope), assignments of a reviewer to one object with the conflict-of-interest declaration, and the scores.

An assignment moves through :data:`ASSIGNMENT_TRANSITIONS` (one conditional UPDATE each, by
:func:`market.transitions.apply_transition`), so a reviewer cannot submit twice even from two tabs.
"""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class AssignmentStatus(enum.StrEnum):
    """Assigned (nothing declared yet), cleared (no conflict: may read and score), conflict (declared: the file
    stays closed), submitted (scores in), withdrawn (staff took the assignment back)."""

    assigned = "assigned"
    cleared = "cleared"
    conflict = "conflict"
    submitted = "submitted"
    withdrawn = "withdrawn"


REVIEWER = "reviewer"
STAFF = "staff"

ASSIGNMENT_TRANSITIONS = {
    (AssignmentStatus.assigned, AssignmentStatus.cleared): REVIEWER,
    (AssignmentStatus.assigned, AssignmentStatus.conflict): REVIEWER,
    (AssignmentStatus.cleared, AssignmentStatus.submitted): REVIEWER,
    (AssignmentStatus.assigned, AssignmentStatus.withdrawn): STAFF,
    (AssignmentStatus.cleared, AssignmentStatus.withdrawn): STAFF,
}


class Rubric(SQLModel, table=True):
    """How objects of one scope are scored; blind mode hides the organisation from reviewers."""

    __tablename__ = "review_rubrics"
    __table_args__ = (sa.UniqueConstraint("scope_kind", "scope_id", name="uq_review_rubrics_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    scope_kind: str = Field(max_length=40)
    scope_id: int
    blind: bool = Field(default=False)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Criterion(SQLModel, table=True):
    """One criterion of a rubric, its labels per locale and its weight (a positive integer)."""

    __tablename__ = "review_criteria"
    __table_args__ = (sa.UniqueConstraint("rubric_id", "code", name="uq_review_criteria_rubric_code"),)

    id: int | None = Field(default=None, primary_key=True)
    rubric_id: int = Field(foreign_key="review_rubrics.id", index=True, ondelete="CASCADE")
    code: str = Field(max_length=40)
    labels: dict = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    weight: int = Field(default=1)
    position: int = Field(default=0)


class ReviewerGrant(SQLModel, table=True):
    """An account allowed to review in one scope."""

    __tablename__ = "reviewer_grants"
    __table_args__ = (sa.UniqueConstraint("user_id", "scope_kind", "scope_id", name="uq_reviewer_grants_scope"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    scope_kind: str = Field(max_length=40)
    scope_id: int
    granted_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Assignment(SQLModel, table=True):
    """One reviewer asked to review one object."""

    __tablename__ = "review_assignments"
    __table_args__ = (sa.UniqueConstraint("subject_kind", "subject_id", "reviewer_user_id",
                                          name="uq_review_assignments_subject_reviewer"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_kind: str = Field(max_length=40, index=True)
    subject_id: int = Field(index=True)
    scope_kind: str = Field(max_length=40)
    scope_id: int
    reviewer_user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    assigned_by_user_id: int | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    status: AssignmentStatus = Field(default=AssignmentStatus.assigned, sa_type=sa.String(16), nullable=False)
    conflict_note: str = Field(default="", max_length=1000)
    declared_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    submitted_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Score(SQLModel, table=True):
    """One reviewer's score (1–5) and comment on one criterion."""

    __tablename__ = "review_scores"
    __table_args__ = (
        sa.UniqueConstraint("assignment_id", "criterion_id", name="uq_review_scores_assignment_criterion"),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="review_assignments.id", index=True, ondelete="CASCADE")
    criterion_id: int = Field(foreign_key="review_criteria.id", index=True, ondelete="CASCADE")
    score: int
    comment: str = Field(default="", max_length=2000)
