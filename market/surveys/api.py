"""API of surveys: answer a survey with the token of its one-time link (no sign-in: the link is the key)."""

from __future__ import annotations

import pydantic

from market.api import Routes
from market.db import get_session
from market.surveys import services

routes = Routes()


class AnswerCreate(pydantic.BaseModel):
    """The token of the link and the answers (question name → score, "yes"/"no" or text)."""

    model_config = pydantic.ConfigDict(extra="forbid")

    token: str = pydantic.Field(min_length=1, max_length=500)
    answers: dict[str, int | bool | str]


class AnswerOut(pydantic.BaseModel):
    """A stored answer."""

    id: int
    kind: str
    low_score: bool


@routes.endpoint("/surveys/answers", "POST", summary="Answer a survey", tag="surveys", body=AnswerCreate,
                 response=AnswerOut, status=201, auth=False, errors=(404, 409, 410))
def answer_survey(body: AnswerCreate):
    """Store the one answer of a survey link. 404 for a forged link, 410 when expired, 409 when answered."""
    answers = {k: ("yes" if v is True else "no" if v is False else v) for k, v in body.answers.items()}
    response = services.answer(get_session(), body.token, answers)
    return AnswerOut(id=response.id, kind=response.kind, low_score=response.low_score), 201
