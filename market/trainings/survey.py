"""The survey after a training session, declared for the shared survey piece (:mod:`market.surveys`)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.surveys.definitions import Question, QuestionType, SurveyDefinition

KIND = "training_session"

DEFINITION = SurveyDefinition(
    kind=KIND,
    title=_l("How was your training?"),
    questions=(
        Question("overall", QuestionType.scale, _l("How satisfied are you with the session overall?")),
        Question("trainer", QuestionType.scale, _l("How clear was the trainer?")),
        Question("useful", QuestionType.yes_no, _l("Will you use what you learnt at work?")),
        Question("comment", QuestionType.text, _l("What should we improve?"), required=False),
    ),
)
