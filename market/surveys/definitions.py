"""Survey definitions as data: a kind, its questions and what happens on a low score; the app's registry of them.

A definition is plain data a feature declares (see :mod:`market.surveys`); :func:`init_app` puts the app's
definitions in ``app.extensions`` and :func:`definition_for` finds one by kind.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, current_app

EXTENSION = "seoulmade.surveys"


class QuestionType(enum.StrEnum):
    """How a question is answered: a 1–5 scale, a 0–10 recommendation (NPS), yes or no, free text."""

    scale = "scale"
    nps = "nps"
    yes_no = "yes_no"
    text = "text"


@dataclasses.dataclass(frozen=True)
class Question:
    """One question: its ``name`` (the key of the answer), type, label (a lazy string) and whether it is required
    (text never is)."""

    name: str
    type: QuestionType
    label: Any
    required: bool = True

    @property
    def choices(self) -> list[int]:
        """The scores one may choose (empty for yes/no and text)."""
        if self.type == QuestionType.scale:
            return list(range(1, 6))
        if self.type == QuestionType.nps:
            return list(range(0, 11))
        return []


Hook = Callable[[Any, Any, Any], None]


@dataclasses.dataclass(frozen=True)
class SurveyDefinition:
    """A survey: ``kind`` (stored on invitations), a title, its questions, the scale score at or under which an
    answer is low, and the hooks called inside the answering transaction."""

    kind: str
    title: Any
    questions: tuple[Question, ...]
    low_score_at: int = 2
    on_low_score: Hook | None = None
    on_answer: Hook | None = None

    def question(self, name: str) -> Question | None:
        """The question called ``name``, if any."""
        return next((q for q in self.questions if q.name == name), None)


def init_app(app: Flask, definitions: Iterable[SurveyDefinition]) -> None:
    """Register the app's survey definitions (the factory's one list)."""
    registry = app.extensions.setdefault(EXTENSION, {})
    for definition in definitions:
        registry[definition.kind] = definition


def definition_for(kind: str) -> SurveyDefinition:
    """The registered definition of ``kind``; KeyError for an unknown kind (a programming error)."""
    return current_app.extensions.get(EXTENSION, {})[kind]
