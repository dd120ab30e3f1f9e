"""Notification operations: notify an organisation's members or some users (stored and mailed), list them,
count the unread, mark them read.

Functions take a session, flush and never commit. Mail goes through :func:`market.mail.send_mail`, which sends
only after the session commits (the log without ``MAIL_SERVER``, SMTP with it). :func:`notify_members` is how a
feature tells the other party: each member in their own language, with a link to the object in that language;
:func:`notify` writes in the locale active when it is called.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, has_request_context, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from i18n.locales import DEFAULT_LOCALE, LOCALES
from market.accounts.models import Membership, Organization, User
from market.db import utcnow
from market.mail import Attachment, send_mail
from market.notifications.models import Notification

MAX_MESSAGE = 2000
PER_PAGE = 30


def _absolute(url: str) -> str:
    if not url.startswith("/"):
        return url
    if has_request_context():
        return request.host_url.rstrip("/") + url
    server = current_app.config.get("SERVER_NAME")
    return f"{current_app.config.get('PREFERRED_URL_SCHEME', 'http')}://{server}{url}" if server else url


def _is_local_path(url: str) -> bool:
    parts = urlsplit(url)
    return url.startswith("/") and not url.startswith("//") and not parts.scheme and not parts.netloc


def notify(session: Session, user_ids, kind: str, message: str, url: str, *, mail: bool = True,
           attachments: Sequence[Attachment] = ()) -> list[Notification]:
    """Tell each user (once, active users only) that ``message`` happened, in the app and (unless ``mail`` is
    False, for callers that send their own digest) by mail, with ``attachments`` (a calendar file) if any.

    ``url`` is a path on this site (``/en/rfqs/12``); mails carry it as an absolute link. Refuses an external
    or empty ``url`` and an empty ``kind`` or ``message`` (ValueError: a programming error, not user input).
    """
    message = (message or "").strip()
    if not kind or not message or not _is_local_path(url) or len(url) > 500:
        raise ValueError("notify needs a kind, a message and a local path")
    ids = sorted({int(i) for i in user_ids if i is not None})
    if not ids:
        return []
    users = session.exec(select(User).where(User.id.in_(ids), User.is_active == sa.true()).order_by(User.id))
    created = []
    link = _absolute(url)
    for user in users:
        note = Notification(user_id=user.id, kind=kind[:40], message=message[:MAX_MESSAGE], url=url)
        session.add(note)
        created.append(note)
        if not mail:
            continue
        subject = message.splitlines()[0][:120]
        body = _("Hello %(name)s,\n\n%(message)s\n\nOpen it here:\n%(link)s\n", name=user.display_name,
                 message=message, link=link)
        send_mail(session, user.email, subject, body, attachments)
    session.flush()
    return created


def recipient_locale(user: User, org: Organization | None = None) -> str:
    """The language to write to ``user`` in: their own, else their organisation's, else the default."""
    if user.locale in LOCALES:
        return user.locale
    if org is not None and org.source_locale in LOCALES:
        return org.source_locale
    return DEFAULT_LOCALE


def notify_members(session: Session, org_id: int, kind: str, message: Callable[[], str], endpoint: str, *,
                   exclude_user_id: int | None = None, mail: bool = True, **url_args) -> list[Notification]:
    """Tell every member of organisation ``org_id`` (but ``exclude_user_id``, the one who acted) that something
    happened, each in their own language: ``message`` is called once per language inside it, and the link is
    ``url_for(endpoint, lang=<that language>, **url_args)``, so the notice opens the object in that language."""
    org = session.get(Organization, org_id)
    if org is None:
        return []
    users = session.exec(select(User).join(Membership, Membership.user_id == User.id)
                         .where(Membership.organization_id == org_id, User.id != (exclude_user_id or 0))
                         .order_by(User.id))
    by_locale: dict[str, list[int]] = {}
    for user in users:
        by_locale.setdefault(recipient_locale(user, org), []).append(user.id)
    created = []
    for locale, ids in sorted(by_locale.items()):
        with force_locale(locale):
            url = url_for(endpoint, lang=locale, _external=False, **url_args)
            created += notify(session, ids, kind, message(), url, mail=mail)
    return created


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread."""
    return session.exec(select(func.count()).select_from(Notification)
                        .where(Notification.user_id == user_id, Notification.read_at.is_(None))).one()


def list_notifications(session: Session, user_id: int, page: int = 1, per_page: int = PER_PAGE
                       ) -> tuple[list[Notification], int]:
    """One page of the user's notifications, newest first, and how many there are in all."""
    page = max(1, page)
    total = session.exec(select(func.count()).select_from(Notification)
                         .where(Notification.user_id == user_id)).one()
    rows = session.exec(select(Notification).where(Notification.user_id == user_id)
                        .order_by(Notification.created_at.desc(), Notification.id.desc())
                        .offset((page - 1) * per_page).limit(per_page))
    return list(rows), total


def list_unread(session: Session, user_id: int, limit: int = 5) -> list[Notification]:
    """The user's newest unread notifications, at most ``limit``."""
    return list(session.exec(select(Notification)
                             .where(Notification.user_id == user_id, Notification.read_at.is_(None))
                             .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def open_notification(session: Session, user_id: int, notification_id: int) -> Notification | None:
    """Mark one of the user's notifications read and return it; None for another user's (nothing changes)."""
    note = session.get(Notification, notification_id)
    if note is None or note.user_id != user_id:
        return None
    if note.read_at is None:
        note.read_at = utcnow()
        session.add(note)
        session.flush()
    return note


def mark_all_read(session: Session, user_id: int) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    result = session.exec(sa.update(Notification)
                          .where(Notification.user_id == user_id, Notification.read_at.is_(None))
                          .values(read_at=utcnow()))
    return result.rowcount or 0
