"""API of reviewers: their assignments, the conflict-of-interest declaration, the file (refused before the
declaration, 409, and after a declared conflict, 403) and the scores, once."""

from __future__ import annotations

import pydantic

from market.api import Routes, api_user
from market.db import get_session
from market.reviews import services

routes = Routes()
TAG = "reviews"


class AssignmentOut(pydantic.BaseModel):
    id: int
    subject_kind: str
    subject_id: int
    status: str = pydantic.Field(description="assigned, cleared, conflict, submitted or withdrawn")


class AssignmentList(pydantic.BaseModel):
    items: list[AssignmentOut]
    total: int
    page: int
    per_page: int


class Declaration(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    conflict: bool
    note: str = pydantic.Field("", max_length=1000)


class CriterionOut(pydantic.BaseModel):
    code: str
    label: str
    weight: int
    score: int | None = None
    comment: str | None = None


class SectionOut(pydantic.BaseModel):
    label: str
    text: str


class FileOut(pydantic.BaseModel):
    assignment: AssignmentOut
    title: str
    organisation: str | None = pydantic.Field(description="null in blind mode")
    sections: list[SectionOut]
    criteria: list[CriterionOut]


class ScoreIn(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    score: int
    comment: str = pydantic.Field("", max_length=2000)


class ScoresIn(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")

    scores: dict[str, ScoreIn]


def _out(assignment) -> AssignmentOut:
    return AssignmentOut(id=assignment.id, subject_kind=assignment.subject_kind, subject_id=assignment.subject_id,
                         status=assignment.status)


def _file(review) -> FileOut:
    return FileOut(assignment=_out(review.assignment), title=review.subject.title,
                   organisation=None if review.blind else review.subject.organisation,
                   sections=[SectionOut(label=label, text=text) for label, text in review.subject.sections],
                   criteria=[CriterionOut(code=c.code, label=services.localized(c.labels), weight=c.weight,
                                          score=review.scores[c.id].score if c.id in review.scores else None,
                                          comment=review.scores[c.id].comment if c.id in review.scores else None)
                             for c in review.criteria])


@routes.endpoint("/review-assignments", summary="List my review assignments", tag=TAG, response=AssignmentList)
def list_assignments():
    """The signed-in reviewer's assignments, newest first."""
    rows = services.assignments_of(get_session(), api_user().id)
    return AssignmentList(items=[_out(a) for a in rows], total=len(rows), page=1, per_page=max(1, len(rows)))


@routes.endpoint("/review-assignments/<int:id>/declaration", "POST", summary="Declare conflicts", tag=TAG,
                 body=Declaration, response=AssignmentOut, errors=(409,))
def declare(id: int, body: Declaration):
    """Declare a conflict of interest (with a note) or none, before the file opens; once."""
    return _out(services.declare_interest(get_session(), id, api_user(), conflict=body.conflict, note=body.note))


@routes.endpoint("/review-assignments/<int:id>", summary="Open the file", tag=TAG, response=FileOut, errors=(409,))
def open_file(id: int):
    """The file and rubric; 409 before the declaration, 403 after a declared conflict."""
    return _file(services.open_file(get_session(), id, api_user()))


@routes.endpoint("/review-assignments/<int:id>/scores", "POST", summary="Submit scores", tag=TAG, body=ScoresIn,
                 response=FileOut, errors=(409,))
def submit(id: int, body: ScoresIn):
    """A score from 1 to 5 and a comment for every criterion; a second submission is refused (409)."""
    session = get_session()
    services.submit_scores(session, id, api_user(),
                           {code: (item.score, item.comment) for code, item in body.scores.items()})
    return _file(services.open_file(session, id, api_user()))
