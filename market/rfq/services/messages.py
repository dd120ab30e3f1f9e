"""The conversation of an RFQ: messages between its two parties, each one told to the other side."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session

from market.accounts.models import Organization, User
from market.rfq.models import RfqMessage, Side
from market.rfq.services.common import MAX_MESSAGE, RfqError, get_rfq_for, mark_first_response, notify_side


def post_message(session: Session, user: User, rfq_id: int, body: str) -> RfqMessage:
    """Add a message to the thread and notify the other side; refuses non-parties (not_found) and an empty or
    too long message."""
    rfq, side = get_rfq_for(session, user, rfq_id)
    body = (body or "").strip()
    if not body:
        raise RfqError(_("Write a message."), "body")
    if len(body) > MAX_MESSAGE:
        raise RfqError(_("Write at most %(n)d characters.", n=MAX_MESSAGE), "body")
    message = RfqMessage(rfq_id=rfq.id, author_id=user.id, side=side, body=body)
    session.add(message)
    session.flush()
    if side == Side.maker:
        mark_first_response(session, rfq)
    other = Side.maker if side == Side.buyer else Side.buyer
    sender = session.get(Organization, rfq.buyer_org_id if side == Side.buyer else rfq.maker_org_id).name
    snippet = body if len(body) <= 300 else body[:300] + "…"
    notify_side(session, rfq, other, user.id, "rfq.message", lambda: _(
        "New message from %(org)s on request for quote #%(id)d:", org=sender, id=rfq.id) + "\n\n" + snippet)
    return message
