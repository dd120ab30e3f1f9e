"""Tables of accounts: users, organisations, memberships and personal API tokens."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from flask import g
from sqlmodel import Field, SQLModel

from market.db import UTCDateTime, utcnow


class OrganizationKind(enum.StrEnum):
    """What an organisation is on the marketplace."""

    maker = "maker"
    buyer = "buyer"
    ip_holder = "ip_holder"
    lab = "lab"
    startup = "startup"


class UserRole(enum.StrEnum):
    """Platform-wide role: staff are curators (co-brand) or admins."""

    member = "member"
    curator = "curator"
    admin = "admin"
    assoc_staff = "assoc_staff"  # the association: returns, campaigns, every aggregate
    trade_chair = "trade_chair"  # the association: one trade's returns and aggregates
    city_viewer = "city_viewer"  # the city: published aggregates and programme evaluations
    programme_staff = "programme_staff"  # support programmes and trainings: screening, decisions, attendance
    reviewer = "reviewer"  # an external reviewer, limited to the programmes staff grant
    facility_staff = "facility_staff"  # a support centre: approvals, check-ins, qualifications, reports


class MembershipRole(enum.StrEnum):
    """A user's role inside one organisation."""

    owner = "owner"
    member = "member"


def _timestamp(**kwargs):
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, **kwargs)


class User(SQLModel, table=True):
    """A person who signs in; ``session_nonce`` changes with the password so old sessions stop working."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, sa_column_kwargs={"unique": True}, nullable=False)
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: UserRole = Field(default=UserRole.member, sa_type=sa.String(16), nullable=False)
    locale: str | None = Field(default=None, max_length=16)
    session_nonce: str = Field(max_length=64)
    is_active: bool = Field(default=True)
    email_verified_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: dt.datetime = _timestamp()
    password_changed_at: dt.datetime = _timestamp()

    @property
    def is_staff(self) -> bool:
        """Curators and admins."""
        return self.role in (UserRole.curator, UserRole.admin)


class Organization(SQLModel, table=True):
    """A company, workshop, lab or startup; makers belong to a cluster.

    Its "about" text is translatable content (:mod:`i18n.content`, entity ``"organization"``), written first in
    ``source_locale``.
    """

    __tablename__ = "organizations"
    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('maker', 'buyer', 'ip_holder', 'lab', 'startup')", name="kind"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=160)
    name_ko: str | None = Field(default=None, max_length=160)
    slug: str = Field(max_length=180, sa_column_kwargs={"unique": True}, nullable=False)
    kind: OrganizationKind = Field(sa_type=sa.String(16), nullable=False, index=True)
    country: str = Field(max_length=2)
    city: str | None = Field(default=None, max_length=120)
    cluster_code: str | None = Field(default=None, foreign_key="clusters.code", max_length=40, index=True)
    district: str | None = Field(default=None, max_length=120)
    source_locale: str = Field(default="en", max_length=16, sa_column_kwargs={"server_default": "en"})
    capabilities: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    founded_year: int | None = None
    staff_count: int | None = None
    website: str | None = Field(default=None, max_length=255)
    created_at: dt.datetime = _timestamp()


class Membership(SQLModel, table=True):
    """A user's place in an organisation."""

    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("user_id", "organization_id", name="uq_memberships_user_id_organization_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    organization_id: int = Field(foreign_key="organizations.id", index=True, ondelete="CASCADE")
    role: MembershipRole = Field(default=MembershipRole.member, sa_type=sa.String(16), nullable=False)
    created_at: dt.datetime = _timestamp()


class ApiToken(SQLModel, table=True):
    """A personal API token; only its SHA-256 is stored, the secret is shown once."""

    __tablename__ = "api_tokens"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=80)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    prefix: str = Field(max_length=16)
    created_at: dt.datetime = _timestamp()
    last_used_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


class LoginSession(SQLModel, table=True):
    """One signed-in browser. Its key travels in the session and remember cookies (only the key's SHA-256 is
    stored); ending the row signs that browser out, whatever cookies were copied from it."""

    __tablename__ = "login_sessions"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    key_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    user_agent: str = Field(default="", max_length=200)
    created_at: dt.datetime = _timestamp()
    last_seen_at: dt.datetime = _timestamp()
    ended_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


def _flask_login_user(cls):
    """Give ``User`` what Flask-Login expects. The session id names the user, the password's nonce (a new
    password ends every session) and the browser's login session, whose key the request keeps in
    ``g.login_key`` (set at sign-in and when a session is loaded)."""
    cls.is_authenticated = property(lambda self: True)
    cls.is_anonymous = property(lambda self: False)
    cls.get_id = lambda self: f"{self.id}:{self.session_nonce}:{g.get('login_key', '')}"
    return cls


_flask_login_user(User)
