"""Talking about a request: makers' public questions with the startup's answers, and private messages between
the startup and one maker (once that maker accepted the NDA)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session

from market.accounts.models import Organization, OrganizationKind
from market.db import utcnow
from market.notifications.services import notify_members
from market.prototypes.models import PrototypeMessage, PrototypeQuestion, Side
from market.prototypes.services.access import (
    get_request,
    org_ids,
    require_startup_member,
    resolve_org,
    visible,
)
from market.prototypes.services.base import (
    MAX_TEXT,
    PrototypeError,
    conflict,
    forbidden,
    not_found,
    parse_text,
    request_state,
)
from market.prototypes.services.nda import may_message


def ask_question(session: Session, user, request_id: int, body: str, maker_org_id: int | None = None
                 ) -> PrototypeQuestion:
    """A maker asks a public question on an open request; the startup is notified. Refuses non-makers (403),
    requests not open for bids (409) and empty or too long questions."""
    req = get_request(session, request_id)
    if not visible(session, user, req):
        raise not_found()
    org = resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    body = parse_text(body, "body", MAX_TEXT, _("Write your question."))
    if request_state(req) != "open":
        raise conflict(_("Questions are taken only while the request is open for bids."), "wrong_state")
    question = PrototypeQuestion(request_id=req.id, maker_org_id=org.id, author_id=user.id, body=body)
    session.add(question)
    session.flush()
    notify_members(session, req.startup_org_id, "prototype_question",
                   lambda: _("New question on your prototype request #%(id)d.", id=req.id),
                   "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return question


def answer_question(session: Session, user, question_id: int, answer: str) -> PrototypeQuestion:
    """The startup answers a question once, publicly; the asking maker is notified. Refuses others (403) and
    questions already answered (409)."""
    question = session.get(PrototypeQuestion, question_id)
    if question is None:
        raise not_found("question")
    req = get_request(session, question.request_id)
    if not visible(session, user, req):
        raise not_found("question")
    require_startup_member(session, user, req)
    answer = parse_text(answer, "answer", MAX_TEXT, _("Write your answer."))
    # Answered once: the first answer stands (an answer is not a status, so no transition table).
    result = session.exec(sa.update(PrototypeQuestion)
                          .where(PrototypeQuestion.id == question.id, PrototypeQuestion.answered_at.is_(None))
                          .values(answer=answer, answered_by_id=user.id, answered_at=utcnow())
                          .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise conflict(_("This question was already answered."), "already_answered")
    session.flush()
    session.refresh(question)
    notify_members(session, question.maker_org_id, "prototype_answer",
                   lambda: _("Your question on prototype request #%(id)d was answered.", id=req.id),
                   "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return question


def post_message(session: Session, user, request_id: int, body: str, maker_org_id: int | None = None
                 ) -> PrototypeMessage:
    """A private message between the startup and one maker. A maker writes in its own thread once it accepted
    the NDA (when one is asked); the startup names the maker (``maker_org_id``) and may write only to a maker
    who could write to it. The other side is notified. Refuses outsiders (404/403) and empty messages."""
    req = get_request(session, request_id)
    if not visible(session, user, req):
        raise not_found()
    body = parse_text(body, "body", MAX_TEXT, _("Write a message."))
    if req.startup_org_id in org_ids(session, user):
        side = Side.startup
        maker = session.get(Organization, maker_org_id) if maker_org_id else None
        if maker is None or maker.kind != OrganizationKind.maker:
            raise PrototypeError(_("Choose the maker to write to."), "maker_org_id")
    else:
        side = Side.maker
        maker = resolve_org(session, user, OrganizationKind.maker, maker_org_id, "maker_org_id")
    if not may_message(session, req, maker.id):
        raise forbidden(_("Private messages start once the maker has accepted the NDA."), "nda_required")
    message = PrototypeMessage(request_id=req.id, maker_org_id=maker.id, side=side, author_id=user.id, body=body)
    session.add(message)
    session.flush()
    recipient = maker.id if side == Side.startup else req.startup_org_id
    sender = session.get(Organization, req.startup_org_id).name if side == Side.startup else maker.name
    notify_members(session, recipient, "prototype_message",
                   lambda: _("New message from %(name)s about prototype request #%(id)d.", name=sender, id=req.id),
                   "market_prototypes.detail", exclude_user_id=user.id, request_id=req.id)
    return message
