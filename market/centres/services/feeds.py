"""Private calendar feeds: each user may have one secret address (``webcal://``) that lists their bookings; only
the secret's SHA-256 is stored, and resetting it makes a new one, so an address that leaked stops working."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, select

from market.accounts.models import User
from market.centres.models import CalendarFeed


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def reset_feed(session: Session, user: User) -> str:
    """Give the user a new feed secret (the old address stops working); returns the secret, shown once."""
    secret = secrets.token_urlsafe(24)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    if feed is None:
        feed = CalendarFeed(user_id=user.id, secret_hash=_hash(secret))
    else:
        feed.secret_hash = _hash(secret)
    session.add(feed)
    session.flush()
    return secret


def revoke_feed(session: Session, user: User) -> None:
    """Remove the user's feed: its address stops working."""
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    if feed is not None:
        session.delete(feed)
        session.flush()


def has_feed(session: Session, user_id: int) -> bool:
    """Whether the user has a feed address."""
    return session.exec(select(CalendarFeed.id).where(CalendarFeed.user_id == user_id)).first() is not None


def feed_user(session: Session, secret: str) -> User | None:
    """The active user whose feed has this secret, or None."""
    if not secret or len(secret) > 100:
        return None
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.secret_hash == _hash(secret))).first()
    user = session.get(User, feed.user_id) if feed else None
    return user if user is not None and user.is_active else None
