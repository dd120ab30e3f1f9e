"""What the people services share: their refusal, staff checks and membership."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlmodel import Session, select

from market.accounts.models import Membership
from market.refusals import Refusal, forbidden


class PeopleError(Refusal):
    """A refused profile, nomination, award or competition step."""


def require_staff(user) -> None:
    """Refuse (403) anyone but curators and admins."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_staff:
        raise forbidden(_("Only staff can do this."))


def is_member(session: Session, user, org_id: int) -> bool:
    """Whether ``user`` belongs to organisation ``org_id``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return session.exec(select(Membership.id).where(Membership.user_id == user.id,
                                                    Membership.organization_id == org_id)).first() is not None


def users_by_emails(session: Session, text: str, field: str) -> list:
    """The accounts named by a comma-separated list of e-mail addresses; refuses (422 on ``field``) an address
    no account has."""
    from market.accounts.models import User

    emails = [e.strip().lower() for e in (text or "").split(",") if e.strip()]
    users = []
    for email in dict.fromkeys(emails):
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            raise PeopleError(_("No account has the address %(email)s.", email=email), field)
        users.append(user)
    return users
