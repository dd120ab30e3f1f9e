"""A commission's thread: after the award, the startup and the maker write to each other on the commission page,
with attachments checked by :mod:`market.uploads.files` before anything is stored; the other side is told in the
app and by mail with a link. Attachments are sent only to the two sides and staff."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Organization
from market.notifications.services import notify_members
from market.prototypes.models import Commission, CommissionMessage, CommissionMessageFile, Side
from market.prototypes.services.access import commission_side, get_commission
from market.prototypes.services.base import PrototypeError, not_found, optional_text
from market.prototypes.services.files import check_uploads, store_checked


def post_commission_message(session: Session, user, commission_id: int, body: str = "", uploads=()
                            ) -> CommissionMessage:
    """A message from one side of a commission to the other, with files; the other side's members are told (in
    the app and by mail, with a link to the thread). Works in every state of the commission (a completed one may
    still need talking about). Refuses outsiders (404), an empty message (422 on ``body``) and files that fail
    the checks (422 on ``files``, nothing stored)."""
    commission, side = get_commission(session, user, commission_id)
    body = optional_text(body, "body")
    checked = check_uploads(uploads)
    if not body and not checked:
        raise PrototypeError(_("Write a message or attach a file."), "body")
    message = CommissionMessage(commission_id=commission.id, side=side, author_id=user.id, body=body)
    session.add(message)
    session.flush()
    store_checked(session, checked, lambda item, key: CommissionMessageFile(
        message_id=message.id, storage_key=key, filename=item.filename, content_type=item.content_type,
        size_bytes=len(item.data)))
    sender = session.get(Organization, commission.startup_org_id if side == Side.startup
                         else commission.maker_org_id).name
    recipient = commission.maker_org_id if side == Side.startup else commission.startup_org_id
    tell_thread(session, recipient, user, commission,
                lambda: _("New message from %(name)s on commission #%(id)d.", name=sender, id=commission.id))
    return message


def tell_thread(session: Session, org_id: int, user, commission: Commission, message) -> None:
    """Tell an organisation's members about the thread, linking to it."""
    notify_members(session, org_id, "prototype_commission_message", message, "market_prototypes.commission",
                   exclude_user_id=user.id if user else None, commission_id=commission.id, _anchor="thread")


def get_message_file(session: Session, user, commission_id: int, file_id: int) -> CommissionMessageFile:
    """An attachment of a commission's thread for its two sides and staff; refuses (not_found) everyone else."""
    commission = session.get(Commission, commission_id)
    staff = bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff", False))
    if commission is None or (not staff and commission_side(session, user, commission) is None):
        raise not_found("file")
    item = session.get(CommissionMessageFile, file_id)
    message = session.get(CommissionMessage, item.message_id) if item is not None else None
    if message is None or message.commission_id != commission.id:
        raise not_found("file")
    return item


def thread_of(session: Session, commission_id: int) -> list[tuple[CommissionMessage, list[CommissionMessageFile]]]:
    """A commission's messages, oldest first, each with its files."""
    messages = list(session.exec(select(CommissionMessage).where(CommissionMessage.commission_id == commission_id)
                                 .order_by(CommissionMessage.created_at, CommissionMessage.id)))
    files: dict[int, list[CommissionMessageFile]] = {}
    for item in session.exec(select(CommissionMessageFile).where(
            CommissionMessageFile.message_id.in_([m.id for m in messages] or [0])).order_by(CommissionMessageFile.id)):
        files.setdefault(item.message_id, []).append(item)
    return [(m, files.get(m.id, [])) for m in messages]
