"""Survey operations: invite, sign and open a one-time link, store its one answer (calling the definition's
hooks), and sum up the results. See :mod:`market.surveys` for how a feature uses them.

Functions take a session, flush and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, select

from market.db import utcnow
from market.refusals import Refusal
from market.surveys.definitions import QuestionType, SurveyDefinition, definition_for
from market.surveys.models import SurveyInvitation, SurveyResponse

VALID_DAYS = 14
MAX_TEXT = 2000
_SALT = "seoulmade.survey"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def invite(session: Session, kind: str, subject_id: int, user, *, group_key: str = "", title: str = "",
           return_url: str = "", locale: str | None = None, now: dt.datetime | None = None) -> SurveyInvitation:
    """Invite ``user`` to answer survey ``kind`` about ``subject_id``; the same invitation when it exists."""
    definition_for(kind)  # an unknown kind is a programming error
    found = session.exec(select(SurveyInvitation).where(SurveyInvitation.kind == kind,
                                                        SurveyInvitation.subject_id == subject_id,
                                                        SurveyInvitation.user_id == user.id)).first()
    if found is not None:
        return found
    now = now or utcnow()
    invitation = SurveyInvitation(kind=kind, subject_id=subject_id, group_key=group_key[:80], user_id=user.id,
                                  locale=locale or user.locale or "en", title=title[:200],
                                  return_url=return_url[:500], nonce=secrets.token_hex(8), created_at=now,
                                  expires_at=now + dt.timedelta(days=VALID_DAYS))
    session.add(invitation)
    session.flush()
    return invitation


def link_token(invitation: SurveyInvitation) -> str:
    """The signed token of an invitation's link (its id and nonce, signed with the app's secret)."""
    return _serializer().dumps([invitation.id, invitation.nonce])


def survey_url(invitation: SurveyInvitation, external: bool = True) -> str:
    """The one-time link to the survey page, in the invitation's language."""
    return url_for("market_surveys.answer", lang=invitation.locale, token=link_token(invitation),
                   _external=external)


def open_invitation(session: Session, token: str, now: dt.datetime | None = None) -> SurveyInvitation:
    """The invitation a link names, still open. Refuses a forged or altered link (404), an expired one (410) and
    one already answered (409)."""
    try:
        invitation_id, nonce = _serializer().loads(token, max_age=VALID_DAYS * 86400)
    except SignatureExpired as exc:
        raise Refusal(_("This survey link has expired."), code="survey_expired", status=410) from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise Refusal(_("This survey link is not valid."), code="survey_link_invalid", status=404) from exc
    invitation = session.get(SurveyInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None or not isinstance(nonce, str) or not secrets.compare_digest(invitation.nonce, nonce):
        raise Refusal(_("This survey link is not valid."), code="survey_link_invalid", status=404)
    if invitation.answered_at is not None:
        raise Refusal(_("This survey was already answered. Thank you!"), code="survey_answered", status=409)
    if (now or utcnow()) > invitation.expires_at:
        raise Refusal(_("This survey link has expired."), code="survey_expired", status=410)
    return invitation


def parse_answers(definition: SurveyDefinition, data: Mapping[str, object]) -> dict:
    """The answers of ``data`` (form or JSON) checked against the definition's questions. Refuses (422, each
    field marked) a missing required answer and a score out of range."""
    answers: dict = {}
    fields: dict[str, str] = {}
    for question in definition.questions:
        raw = data.get(question.name)
        text = "" if raw is None else str(raw).strip()
        if question.type == QuestionType.text:
            if len(text) > MAX_TEXT:
                fields[question.name] = _("Keep this under %(max)s characters.", max=MAX_TEXT)
            elif text:
                answers[question.name] = text
            continue
        if not text:
            if question.required:
                fields[question.name] = _("Choose an answer.")
            continue
        if question.type == QuestionType.yes_no:
            if text.lower() not in ("yes", "no", "true", "false"):
                fields[question.name] = _("Choose yes or no.")
            else:
                answers[question.name] = text.lower() in ("yes", "true")
            continue
        try:
            score = int(text)
        except ValueError:
            score = None
        if score not in question.choices:
            fields[question.name] = _("Choose a score from %(low)s to %(high)s.", low=question.choices[0],
                                      high=question.choices[-1])
        else:
            answers[question.name] = score
    if fields:
        raise Refusal(_("Some answers are missing or not valid."), code="invalid", status=422, fields=fields)
    return answers


def is_low(definition: SurveyDefinition, answers: Mapping[str, object]) -> bool:
    """Whether any 1–5 score is at or under the definition's low mark."""
    return any(q.type == QuestionType.scale and isinstance(answers.get(q.name), int)
               and answers[q.name] <= definition.low_score_at for q in definition.questions)


def answer(session: Session, token: str, data: Mapping[str, object], now: dt.datetime | None = None
           ) -> SurveyResponse:
    """Store the one answer of the invitation a link names and call the definition's hooks (``on_answer``, and
    ``on_low_score`` when a score is low). Refuses what :func:`open_invitation` and :func:`parse_answers` refuse;
    of two answers sent at once exactly one is stored (the other is refused as already answered)."""
    invitation = open_invitation(session, token, now)
    definition = definition_for(invitation.kind)
    answers = parse_answers(definition, data)
    now = now or utcnow()
    result = session.exec(sa.update(SurveyInvitation)
                          .where(SurveyInvitation.id == invitation.id, SurveyInvitation.answered_at.is_(None))
                          .values(answered_at=now).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise Refusal(_("This survey was already answered. Thank you!"), code="survey_answered", status=409)
    session.refresh(invitation)
    response = SurveyResponse(invitation_id=invitation.id, kind=invitation.kind, subject_id=invitation.subject_id,
                              group_key=invitation.group_key, answers=answers,
                              low_score=is_low(definition, answers), created_at=now)
    session.add(response)
    session.flush()
    if definition.on_answer is not None:
        definition.on_answer(session, invitation, response)
    if response.low_score and definition.on_low_score is not None:
        definition.on_low_score(session, invitation, response)
    return response


@dataclasses.dataclass
class SurveyResults:
    """A survey's results over some invitations: counts, rate, means and NPS (None where nobody answered)."""

    invited: int = 0
    answered: int = 0
    means: dict[str, float] = dataclasses.field(default_factory=dict)
    yes_shares: dict[str, float] = dataclasses.field(default_factory=dict)
    overall: float | None = None
    nps: float | None = None
    low: int = 0

    @property
    def response_rate(self) -> float | None:
        """Answered ÷ invited, or None when nobody was invited."""
        return self.answered / self.invited if self.invited else None


def _mean(values: list) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(session: Session, kind: str, *, group_keys: Iterable[str] | None = None,
              subject_ids: Iterable[int] | None = None, since: dt.datetime | None = None,
              until: dt.datetime | None = None, overall: str = "overall") -> SurveyResults:
    """Sum up survey ``kind`` over the invitations made in [since, until) of the given groups or subjects:
    means per 1–5 question, the mean of ``overall``, NPS over the 0–10 question, yes shares and response rate."""
    definition = definition_for(kind)
    query = select(SurveyInvitation.id, SurveyInvitation.answered_at).where(SurveyInvitation.kind == kind)
    if group_keys is not None:
        query = query.where(SurveyInvitation.group_key.in_(list(group_keys)))
    if subject_ids is not None:
        query = query.where(SurveyInvitation.subject_id.in_(list(subject_ids)))
    if since is not None:
        query = query.where(SurveyInvitation.created_at >= since)
    if until is not None:
        query = query.where(SurveyInvitation.created_at < until)
    rows = session.exec(query).all()
    results = SurveyResults(invited=len(rows))
    answered_ids = [row[0] for row in rows if row[1] is not None]
    answers: list[dict] = []
    for chunk in range(0, len(answered_ids), 500):
        answers += [r.answers for r in session.exec(select(SurveyResponse).where(
            SurveyResponse.invitation_id.in_(answered_ids[chunk:chunk + 500])))]
    results.answered = len(answers)
    for question in definition.questions:
        values = [a[question.name] for a in answers if question.name in a]
        if question.type == QuestionType.scale:
            mean = _mean(values)
            if mean is not None:
                results.means[question.name] = mean
        elif question.type == QuestionType.nps and values:
            promoters = sum(1 for v in values if v >= 9)
            detractors = sum(1 for v in values if v <= 6)
            results.nps = 100.0 * (promoters - detractors) / len(values)
        elif question.type == QuestionType.yes_no and values:
            results.yes_shares[question.name] = sum(1 for v in values if v) / len(values)
    results.overall = results.means.get(overall)
    results.low = sum(1 for a in answers if is_low(definition, a))
    return results


def texts(session: Session, kind: str, question: str, *, group_keys: Iterable[str], limit: int = 50) -> list[str]:
    """The free-text answers to ``question`` of survey ``kind`` in the given groups, newest first (at most
    ``limit``), for the people the results are shown to."""
    rows = session.exec(select(SurveyResponse.answers).where(SurveyResponse.kind == kind,
                                                             SurveyResponse.group_key.in_(list(group_keys)))
                        .order_by(SurveyResponse.created_at.desc(), SurveyResponse.id.desc()))
    found = [answers.get(question) for answers in rows if isinstance(answers, dict)]
    return [text for text in found if isinstance(text, str) and text.strip()][:limit]
