"""Review operations: rubrics, reviewer grants, assignments, conflict declarations, opening the file, scores and
the staff summary (see the package docstring for the whole API).

Functions take a session first, flush and never commit; they refuse with :class:`market.refusals.Refusal`.
"""

from __future__ import annotations

import dataclasses
import statistics

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from i18n.locales import current_locale
from market.accounts.models import User, UserRole
from market.db import utcnow
from market.refusals import Refusal, conflict, forbidden, not_found
from market.reviews.models import (
    ASSIGNMENT_TRANSITIONS,
    REVIEWER,
    STAFF,
    Assignment,
    AssignmentStatus,
    Criterion,
    ReviewerGrant,
    Rubric,
    Score,
)
from market.reviews.registry import SubjectFile, get_adapter
from market.transitions import apply_transition

MIN_SCORE, MAX_SCORE = 1, 5
MAX_COMMENT = 2000
# Accounts that review from outside (experts with a member or reviewer account) need a grant and get one scope.
EXTERNAL_ROLES = (UserRole.member, UserRole.reviewer)

STATUS_LABELS = {
    AssignmentStatus.assigned: _l("Waiting for the declaration"),
    AssignmentStatus.cleared: _l("No conflict: reviewing"),
    AssignmentStatus.conflict: _l("Conflict of interest declared"),
    AssignmentStatus.submitted: _l("Scores submitted"),
    AssignmentStatus.withdrawn: _l("Withdrawn"),
}


def status_label(status) -> str:
    """An assignment's status in words."""
    try:
        return str(STATUS_LABELS[AssignmentStatus(str(status))])
    except (KeyError, ValueError):
        return str(status)


@dataclasses.dataclass(frozen=True)
class CriterionSpec:
    """A criterion to put in a rubric: its code, labels per locale and positive integer weight."""

    code: str
    labels: dict
    weight: int = 1


def localized(labels: dict, locale: str | None = None) -> str:
    """A label in ``locale`` (default: the current one), else English, else Korean, else any."""
    locale = locale or current_locale()
    for key in (locale, "en", "ko"):
        if labels.get(key):
            return labels[key]
    return next(iter(labels.values()), "")


def set_rubric(session: Session, scope_kind: str, scope_id: int, criteria: list[CriterionSpec],
               blind: bool = False) -> Rubric:
    """Create or replace the rubric of a scope; refuses an empty rubric, a weight below 1 and a code given twice,
    and changing a rubric once a score was given under it (409)."""
    if not criteria:
        raise Refusal(_("A rubric needs at least one criterion."), field="criteria")
    codes = [c.code for c in criteria]
    if len(set(codes)) != len(codes):
        raise Refusal(_("Each criterion needs its own code."), field="criteria")
    if any(int(c.weight) < 1 for c in criteria):
        raise Refusal(_("A weight is a whole number from 1."), field="criteria")
    rubric = rubric_of(session, scope_kind, scope_id)
    if rubric is None:
        rubric = Rubric(scope_kind=scope_kind, scope_id=scope_id, blind=blind)
        session.add(rubric)
        session.flush()
    else:
        scored = session.exec(select(Score.id).join(Criterion, Criterion.id == Score.criterion_id)
                              .where(Criterion.rubric_id == rubric.id).limit(1)).first()
        if scored is not None:
            raise conflict(_("Scores were given under this rubric; it can no longer change."))
        for old in session.exec(select(Criterion).where(Criterion.rubric_id == rubric.id)):
            session.delete(old)
        rubric.blind = blind
        session.add(rubric)
        session.flush()
    for position, spec in enumerate(criteria):
        session.add(Criterion(rubric_id=rubric.id, code=spec.code, labels=dict(spec.labels),
                              weight=int(spec.weight), position=position))
    session.flush()
    return rubric


def rubric_of(session: Session, scope_kind: str, scope_id: int) -> Rubric | None:
    """The rubric of a scope, or None."""
    return session.exec(select(Rubric).where(Rubric.scope_kind == scope_kind, Rubric.scope_id == scope_id)).first()


def criteria_of(session: Session, rubric: Rubric | None) -> list[Criterion]:
    """A rubric's criteria in order."""
    if rubric is None:
        return []
    return list(session.exec(select(Criterion).where(Criterion.rubric_id == rubric.id)
                             .order_by(Criterion.position, Criterion.id)))


def _is_staff(user: User) -> bool:
    return user.role not in EXTERNAL_ROLES


def grant_reviewer(session: Session, user: User, scope_kind: str, scope_id: int, *, by: User) -> ReviewerGrant:
    """Allow an external account to review in one scope; refuses when ``by`` is not staff (403) and a second
    scope for the same external account (422): outside experts see one programme's files only."""
    if not _is_staff(by):
        raise forbidden()
    existing = list(session.exec(select(ReviewerGrant).where(ReviewerGrant.user_id == user.id)))
    for grant in existing:
        if grant.scope_kind == scope_kind and grant.scope_id == scope_id:
            return grant
    if existing and not _is_staff(user):
        raise Refusal(_("An external reviewer reviews for one programme only."), field="reviewer")
    grant = ReviewerGrant(user_id=user.id, scope_kind=scope_kind, scope_id=scope_id, granted_by_user_id=by.id)
    session.add(grant)
    session.flush()
    return grant


def may_review(session: Session, user: User, scope_kind: str, scope_id: int) -> bool:
    """Whether ``user`` may be assigned in the scope: staff always, external accounts with a grant for it."""
    if _is_staff(user):
        return True
    return session.exec(select(ReviewerGrant.id).where(
        ReviewerGrant.user_id == user.id, ReviewerGrant.scope_kind == scope_kind,
        ReviewerGrant.scope_id == scope_id)).first() is not None


def assign_reviewer(session: Session, subject_kind: str, subject_id: int, reviewer: User, *, by: User
                    ) -> Assignment:
    """Ask ``reviewer`` to review the object; refuses when ``by`` is not staff (403), a reviewer not allowed in
    the object's scope and the same reviewer twice (422, on ``reviewer``)."""
    if not _is_staff(by):
        raise forbidden()
    scope_kind, scope_id = get_adapter(subject_kind).scope_of(session, subject_id)
    if not reviewer.is_active or not may_review(session, reviewer, scope_kind, scope_id):
        raise Refusal(_("This account may not review for this programme."), field="reviewer")
    existing = session.exec(select(Assignment).where(
        Assignment.subject_kind == subject_kind, Assignment.subject_id == subject_id,
        Assignment.reviewer_user_id == reviewer.id)).first()
    if existing is not None:
        raise Refusal(_("This reviewer is already assigned."), field="reviewer")
    assignment = Assignment(subject_kind=subject_kind, subject_id=subject_id, scope_kind=scope_kind,
                            scope_id=scope_id, reviewer_user_id=reviewer.id, assigned_by_user_id=by.id)
    session.add(assignment)
    session.flush()
    return assignment


def get_assignment(session: Session, assignment_id: int, user: User) -> Assignment:
    """The user's own assignment (staff may read any); 404 for anyone else's."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or (assignment.reviewer_user_id != user.id and not _is_staff(user)):
        raise not_found()
    return assignment


def _own(session: Session, assignment_id: int, user: User) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.reviewer_user_id != user.id:
        raise not_found()
    return assignment


def declare_interest(session: Session, assignment_id: int, user: User, *, conflict: bool, note: str = ""
                     ) -> Assignment:
    """Record the reviewer's declaration before the file is shown: a conflict closes the file to them for good;
    refuses a second declaration (409) and anyone but the assigned reviewer (404)."""
    assignment = _own(session, assignment_id, user)
    note = (note or "").strip()[:1000]
    if conflict and not note:
        raise Refusal(_("Say briefly what the conflict is."), field="note")
    to = AssignmentStatus.conflict if conflict else AssignmentStatus.cleared
    apply_transition(session, assignment, ASSIGNMENT_TRANSITIONS, to, role=REVIEWER,
                     values={"declared_at": utcnow(), "conflict_note": note}, label=status_label)
    return assignment


@dataclasses.dataclass(frozen=True)
class ReviewFile:
    """What a cleared reviewer sees: the object (organisation hidden in blind mode), the criteria and, once
    submitted, their own scores."""

    assignment: Assignment
    subject: SubjectFile
    blind: bool
    criteria: list[Criterion]
    scores: dict[int, Score]


def open_file(session: Session, assignment_id: int, user: User) -> ReviewFile:
    """The file for the assigned reviewer; refuses before the declaration (409, ``declare_first``), after a
    declared conflict or a withdrawal (403), and for anyone else (404)."""
    assignment = _own(session, assignment_id, user)
    if assignment.status == AssignmentStatus.assigned:
        raise Refusal(_("Declare whether you have a conflict of interest before you open the file."),
                      code="declare_first", status=409)
    if assignment.status in (AssignmentStatus.conflict, AssignmentStatus.withdrawn):
        raise forbidden(_("You declared a conflict of interest, so this file stays closed to you."))
    subject = get_adapter(assignment.subject_kind).describe(session, assignment.subject_id)
    rubric = rubric_of(session, assignment.scope_kind, assignment.scope_id)
    blind = bool(rubric and rubric.blind)
    if blind:
        subject = dataclasses.replace(subject, organisation="")
    scores = {s.criterion_id: s for s in session.exec(select(Score).where(Score.assignment_id == assignment.id))}
    return ReviewFile(assignment, subject, blind, criteria_of(session, rubric), scores)


def submit_scores(session: Session, assignment_id: int, user: User, scores: dict[str, tuple[int, str]]
                  ) -> Assignment:
    """Record the reviewer's score (1–5) and comment for every criterion, once; refuses a missing or out-of-range
    score (422, on ``score_<code>``), a second submission (409) and a reviewer whose file is closed (403/409)."""
    review = open_file(session, assignment_id, user)
    if not review.criteria:
        raise conflict(_("This programme has no rubric yet."))
    if review.assignment.status == AssignmentStatus.submitted:
        raise conflict(_("You have already submitted your scores."), code="already_scored")
    fields = {}
    clean: list[tuple[Criterion, int, str]] = []
    for criterion in review.criteria:
        score, comment = scores.get(criterion.code, (None, ""))
        try:
            value = int(score)
        except (TypeError, ValueError):
            value = None
        if value is None or not MIN_SCORE <= value <= MAX_SCORE:
            fields[f"score_{criterion.code}"] = _("Give a score from 1 to 5.")
            continue
        clean.append((criterion, value, (comment or "").strip()[:MAX_COMMENT]))
    if fields:
        raise Refusal(_("Score every criterion from 1 to 5."), fields=fields)
    apply_transition(session, review.assignment, ASSIGNMENT_TRANSITIONS, AssignmentStatus.submitted,
                     role=REVIEWER, values={"submitted_at": utcnow()}, label=status_label)
    for criterion, value, comment in clean:
        session.add(Score(assignment_id=review.assignment.id, criterion_id=criterion.id, score=value,
                          comment=comment))
    session.flush()
    return review.assignment


def withdraw_assignment(session: Session, assignment_id: int, *, by: User) -> Assignment:
    """Staff take an assignment back before scores are in."""
    if not _is_staff(by):
        raise forbidden()
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise not_found()
    apply_transition(session, assignment, ASSIGNMENT_TRANSITIONS, AssignmentStatus.withdrawn, role=STAFF,
                     label=status_label)
    return assignment


def assignments_of(session: Session, user_id: int) -> list[Assignment]:
    """A reviewer's assignments, newest first."""
    return list(session.exec(select(Assignment).where(Assignment.reviewer_user_id == user_id)
                             .order_by(Assignment.created_at.desc(), Assignment.id.desc())))


def assignments_for(session: Session, subject_kind: str, subject_id: int) -> list[Assignment]:
    """The assignments of one object, oldest first."""
    return list(session.exec(select(Assignment).where(Assignment.subject_kind == subject_kind,
                                                      Assignment.subject_id == subject_id)
                             .order_by(Assignment.id)))


@dataclasses.dataclass
class CriterionSummary:
    """The scores one criterion got: each reviewer's, their mean, min, max and spread (max − min)."""

    criterion: Criterion
    label: str
    scores: list[int]
    comments: list[str]
    mean: float | None
    low: int | None
    high: int | None
    spread: int | None
    stdev: float | None


@dataclasses.dataclass
class ScoreSummary:
    """What staff see of an object's reviews."""

    criteria: list[CriterionSummary]
    totals: dict[int, float]  # reviewer user id → weighted total out of 100
    mean_total: float | None
    submitted: int
    conflicts: int
    pending: int


def weighted_total(criteria: list[Criterion], by_criterion: dict[int, int]) -> float:
    """A reviewer's weighted score out of 100: Σ weight × score / (Σ weight × 5) × 100."""
    weights = sum(c.weight for c in criteria)
    if not weights:
        return 0.0
    return round(sum(c.weight * by_criterion.get(c.id, 0) for c in criteria) / (weights * MAX_SCORE) * 100, 1)


def score_summary(session: Session, subject_kind: str, subject_id: int) -> ScoreSummary:
    """Scores of an object per criterion with their spread, each reviewer's weighted total and the counts of
    submitted, conflicted and pending reviews."""
    assignments = assignments_for(session, subject_kind, subject_id)
    scope = (assignments[0].scope_kind, assignments[0].scope_id) if assignments else None
    rubric = rubric_of(session, *scope) if scope else None
    criteria = criteria_of(session, rubric)
    submitted = [a for a in assignments if a.status == AssignmentStatus.submitted]
    ids = [a.id for a in submitted]
    rows = list(session.exec(select(Score).where(Score.assignment_id.in_(ids)))) if ids else []
    by_assignment: dict[int, dict[int, int]] = {}
    items = []
    for criterion in criteria:
        mine = [r for r in rows if r.criterion_id == criterion.id]
        values = [r.score for r in mine]
        items.append(CriterionSummary(
            criterion, localized(criterion.labels), values, [r.comment for r in mine if r.comment],
            round(statistics.fmean(values), 2) if values else None, min(values, default=None),
            max(values, default=None), (max(values) - min(values)) if values else None,
            round(statistics.pstdev(values), 2) if len(values) > 1 else None))
    for row in rows:
        by_assignment.setdefault(row.assignment_id, {})[row.criterion_id] = row.score
    totals = {a.reviewer_user_id: weighted_total(criteria, by_assignment.get(a.id, {})) for a in submitted}
    return ScoreSummary(
        items, totals, round(statistics.fmean(totals.values()), 1) if totals else None, len(submitted),
        sum(1 for a in assignments if a.status == AssignmentStatus.conflict),
        sum(1 for a in assignments if a.status in (AssignmentStatus.assigned, AssignmentStatus.cleared)))


def reviewer_names(session: Session, user_ids) -> dict[int, str]:
    """Display names of reviewers, for staff pages."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    return {u.id: u.display_name for u in session.exec(select(User).where(User.id.in_(ids)))}


