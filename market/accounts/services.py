"""Account operations: sign-up and sign-in, password reset and email verification tokens, organisations,
memberships and personal API tokens. Functions take a session, flush when they need ids and never commit."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import secrets
import unicodedata

import pycountry
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlmodel import Session, func, select

from market.accounts.errors import AccountError
from market.accounts.models import (
    ApiToken,
    LoginSession,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
    User,
    UserRole,
)
from market.db import MAX_ID, utcnow
from market.refusals import not_found

_hasher = PasswordHasher()
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_PREFIX = "ms_"
MIN_PASSWORD_LENGTH = 10


# --- passwords -------------------------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


@functools.cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def password_problem(password: str, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is too weak (length, then zxcvbn's estimate), or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if len(password) > 256:
        return _("Use at most 256 characters.")
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100], user_inputs=[email, email.split("@")[0], name, "madeinseoul", "seoul"])
    if result["score"] < 3:
        return _("This password is too easy to guess. Add more words or mix in unusual ones.")
    return None


def normalize_email(email: str) -> str:
    """Trimmed and lower-cased, the form emails are stored and looked up in."""
    return unicodedata.normalize("NFKC", email).strip().lower()


# --- users -----------------------------------------------------------------------------------------------------


def get_user_by_email(session: Session, email: str) -> User | None:
    """The user with this email (case-insensitive), or None."""
    return session.exec(select(User).where(User.email == normalize_email(email))).first()


def register_user(
    session: Session, email: str, password: str, display_name: str, role: UserRole = UserRole.member
) -> User:
    """Create a user; refuses a malformed or taken email and a weak password."""
    email = normalize_email(email)
    display_name = display_name.strip()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError(_("Enter a valid email address."), "email")
    if not display_name:
        raise AccountError(_("Enter your name."), "display_name")
    if get_user_by_email(session, email) is not None:
        raise AccountError(_("An account with this email already exists. Sign in or reset your password."),
                           "email", "email_taken")
    problem = password_problem(password, email, display_name)
    if problem:
        raise AccountError(problem, "password", "weak_password")
    user = User(
        email=email,
        display_name=display_name[:120],
        password_hash=hash_password(password),
        role=role,
        session_nonce=secrets.token_hex(16),
    )
    session.add(user)
    session.flush()
    return user


# --- sign-up by mailed link ----------------------------------------------------------------------------------
# Sign-up answers alike whether or not an address has an account (no user enumeration): the first step takes only
# the address and mails it, a link to finish for a new address, a notice to the owner of a taken one. The account
# is made when the link is followed, so it never exists for an address its creator does not receive mail at.


def start_signup(session: Session, email: str) -> tuple[str, User | None]:
    """The normalised address of a sign-up and the active user who already owns it (None for a new address);
    refuses only a malformed address, whatever accounts exist. Changes nothing."""
    email = normalize_email(email)
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise AccountError(_("Enter a valid email address."), "email")
    owner = get_user_by_email(session, email)
    return email, (owner if owner is not None and owner.is_active else None)


def make_signup_token(email: str) -> str:
    """A token for the mailed link that finishes signing up ``email``."""
    return _serializer("signup").dumps({"email": normalize_email(email)})


def signup_email(token: str) -> str:
    """The address a sign-up link was mailed to; refuses an expired or forged link."""
    try:
        data = _serializer("signup").loads(token, max_age=current_app.config["VERIFY_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise AccountError(_("This sign-up link has expired. Sign up again to get a new one."), None,
                           "token_expired") from exc
    except BadSignature as exc:
        raise AccountError(_("This sign-up link is not valid."), None, "token_invalid") from exc
    email = data.get("email") if isinstance(data, dict) else None
    if not isinstance(email, str) or not EMAIL_RE.match(email):
        raise AccountError(_("This sign-up link is not valid."), None, "token_invalid")
    return email


def complete_signup(session: Session, token: str, password: str, display_name: str) -> User:
    """Create the account of a mailed sign-up link, its address already confirmed (the link proves it); refuses
    an expired or forged link, an address that has an account by now, a missing name and a weak password."""
    email = signup_email(token)
    user = register_user(session, email, password, display_name)
    user.email_verified_at = utcnow()
    session.add(user)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None; an unknown email costs the same hash check."""
    user = get_user_by_email(session, email)
    if user is None or not user.is_active:
        try:
            _hasher.verify(_dummy_hash(), password)
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


LOGIN_SEEN_RESOLUTION = dt.timedelta(minutes=5)


def start_login_session(session: Session, user: User, user_agent: str = "") -> str:
    """Open a login session for a browser that just signed in; returns its key (kept only in the browser's
    cookies; the database holds its SHA-256)."""
    key = secrets.token_urlsafe(24)
    session.add(LoginSession(user_id=user.id, key_hash=_token_hash(key), user_agent=(user_agent or "")[:200]))
    session.flush()
    return key


def load_user_by_session_id(session: Session, session_id: str, *, touch: bool = False
                            ) -> tuple[User, str] | None:
    """The user and login-session key a session id (``user:nonce:key``) points at, if the nonce is current (a
    new password ends every session) and the login session was not ended (signed out, or ended from the
    account page); None otherwise. With ``touch`` (a request that writes anyway) it notes when the session was
    last seen, to the five minutes; a reading request writes nothing."""
    user_id, nonce, key = (session_id.split(":", 2) + ["", ""])[:3]
    if not user_id.isdigit() or not nonce or not key or int(user_id) > MAX_ID:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.is_active or not secrets.compare_digest(user.session_nonce, nonce):
        return None
    login = session.exec(select(LoginSession).where(LoginSession.key_hash == _token_hash(key))).first()
    if login is None or login.user_id != user.id or login.ended_at is not None:
        return None
    now = utcnow()
    if touch and now - login.last_seen_at >= LOGIN_SEEN_RESOLUTION:
        login.last_seen_at = now
        session.add(login)
    return user, key


def login_key_hash(key: str | None) -> str | None:
    """How a login-session key is stored (to tell the current browser's row among the user's)."""
    return _token_hash(key) if key else None


def end_login_session_by_key(session: Session, key: str | None) -> None:
    """End the login session of this key (signing out); nothing for an unknown or empty key."""
    if key:
        session.exec(sa.update(LoginSession).where(LoginSession.key_hash == _token_hash(key),
                                                  LoginSession.ended_at.is_(None)).values(ended_at=utcnow()))


def end_login_session(session: Session, user: User, login_session_id: int) -> LoginSession:
    """End one of the user's login sessions (from the account page); refuses another user's (not found)."""
    login = session.get(LoginSession, login_session_id)
    if login is None or login.user_id != user.id:
        raise AccountError(_("This session was not found."), code="not_found", status=404)
    if login.ended_at is None:
        login.ended_at = utcnow()
        session.add(login)
        session.flush()
    return login


def list_login_sessions(session: Session, user: User) -> list[LoginSession]:
    """The user's open login sessions, most recently seen first."""
    return list(session.exec(select(LoginSession).where(LoginSession.user_id == user.id,
                                                        LoginSession.ended_at.is_(None))
                             .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())))


def set_password(session: Session, user: User, password: str) -> None:
    """Change the password after checking its strength; ends the user's other sessions."""
    problem = password_problem(password, user.email, user.display_name)
    if problem:
        raise AccountError(problem, "password", "weak_password")
    user.password_hash = hash_password(password)
    user.session_nonce = secrets.token_hex(16)
    user.password_changed_at = utcnow()
    session.add(user)
    session.exec(sa.update(LoginSession).where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
                 .values(ended_at=utcnow()))


def set_preferred_locale(session: Session, user: User, locale: str) -> None:
    """Save the language the user wants pages in (used when a URL does not name one)."""
    from i18n.locales import LOCALES

    if locale not in LOCALES:
        raise AccountError(_("Unknown language."), "locale")
    user.locale = locale
    session.add(user)


# --- emailed tokens --------------------------------------------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"seoulmade.{purpose}")


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:20]


def make_reset_token(user: User) -> str:
    """A password-reset token; it dies when the password changes, so it works once."""
    return _serializer("reset").dumps({"uid": user.id, "pw": _fingerprint(user.password_hash)})


def reset_password(session: Session, token: str, password: str) -> User:
    """Set a new password from a reset token; refuses an expired, forged or already used token."""
    try:
        data = _serializer("reset").loads(token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise AccountError(_("This reset link has expired. Ask for a new one."), None, "token_expired") from exc
    except BadSignature as exc:
        raise AccountError(_("This reset link is not valid."), None, "token_invalid") from exc
    user = session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or not secrets.compare_digest(_fingerprint(user.password_hash), str(data.get("pw"))):
        raise AccountError(_("This reset link has already been used. Ask for a new one."), None, "token_used")
    set_password(session, user, password)
    return user


def make_verification_token(user: User) -> str:
    """An email-verification token bound to the user's current email."""
    return _serializer("verify").dumps({"uid": user.id, "email": user.email})


def verify_email(session: Session, token: str) -> User:
    """Mark the user's email verified; refuses a token that is expired, forged or for an old email."""
    try:
        data = _serializer("verify").loads(token, max_age=current_app.config["VERIFY_TOKEN_MAX_AGE"])
    except SignatureExpired as exc:
        raise AccountError(_("This verification link has expired. Ask for a new one."), None,
                           "token_expired") from exc
    except BadSignature as exc:
        raise AccountError(_("This verification link is not valid."), None, "token_invalid") from exc
    user = session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.email != data.get("email"):
        raise AccountError(_("This verification link is not valid."), None, "token_invalid")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        session.add(user)
    return user


# --- organisations ---------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """An ASCII slug of ``text`` ("Hanbit Precision Co." → "hanbit-precision-co")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80] or "org"


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    taken = set(session.exec(select(Organization.slug).where(Organization.slug.startswith(base))))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def validate_country(code: str) -> str:
    """An ISO 3166 alpha-2 code, upper-cased; refuses unknown codes."""
    code = (code or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise AccountError(_("Choose a country."), "country")
    return code


def parse_kind(kind: str) -> OrganizationKind:
    """The organisation kind named ``kind``; refuses anything else with the list of kinds."""
    try:
        return OrganizationKind(kind)
    except ValueError as exc:
        kinds = ", ".join(k.value for k in OrganizationKind)
        raise AccountError(_("Unknown organisation kind. Choose one of: %(kinds)s.", kinds=kinds), "kind",
                           "unknown_kind") from exc


def create_organization(
    session: Session,
    owner: User | None,
    *,
    name: str,
    kind: str,
    country: str,
    cluster_code: str | None = None,
    about: str | dict[str, str] | None = None,
    source_locale: str | None = None,
    **profile,
) -> Organization:
    """Create an organisation with ``owner`` as its owner; makers must name a known cluster.

    ``about`` is the text in ``source_locale`` (default: Korean for Korean organisations, else English), or a
    mapping of locale to text whose ``source_locale`` entry is the author's.
    """
    from market.clusters import get_cluster

    name = (name or "").strip()
    if not name or len(name) > 160:
        raise AccountError(_("Enter the organisation's name (at most 160 characters)."), "name")
    org_kind = parse_kind(kind)
    country = validate_country(country)
    if org_kind is OrganizationKind.maker:
        if not cluster_code or get_cluster(session, cluster_code) is None:
            raise AccountError(_("Makers choose the cluster their workshop is in."), "cluster_code")
    else:
        cluster_code = None
    source_locale = source_locale or ("ko" if country == "KR" else "en")
    if "capabilities" in profile:
        from market.accounts.capabilities import parse_capabilities

        profile["capabilities"] = parse_capabilities(profile["capabilities"])
    org = Organization(name=name, slug=_unique_slug(session, name), kind=org_kind, country=country,
                       cluster_code=cluster_code, source_locale=source_locale, **profile)
    session.add(org)
    session.flush()
    texts = about if isinstance(about, dict) else {source_locale: about or ""}
    for locale, text in texts.items():
        set_about(session, org, text, locale)
    if owner is not None:
        session.add(Membership(user_id=owner.id, organization_id=org.id, role=MembershipRole.owner))
        session.flush()
    return org


def add_member(session: Session, org: Organization, user: User,
               role: MembershipRole = MembershipRole.member) -> Membership:
    """Add ``user`` to ``org`` (no-op when already a member)."""
    existing = session.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == org.id)
    ).first()
    if existing:
        return existing
    membership = Membership(user_id=user.id, organization_id=org.id, role=role)
    session.add(membership)
    session.flush()
    return membership


def list_user_organizations(session: Session, user: User) -> list[tuple[Organization, Membership]]:
    """The user's organisations with their membership, by name."""
    rows = session.exec(
        select(Organization, Membership)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.name)
    )
    return list(rows)


def membership_of(session: Session, user: User, org_id: int) -> Membership | None:
    """The user's membership in organisation ``org_id``, or None."""
    return session.exec(
        select(Membership).where(Membership.user_id == user.id, Membership.organization_id == org_id)
    ).first()


def get_visible_organization(session: Session, user: User, org_id: int) -> Organization | None:
    """The organisation if ``user`` may see its private page (a member, or staff); None otherwise."""
    org = session.get(Organization, org_id)
    if org is None:
        return None
    if user.is_staff or membership_of(session, user, org_id) is not None:
        return org
    return None


def can_edit_organization(session: Session, user: User, org_id: int) -> bool:
    """Owners of the organisation and admins may edit it."""
    if user.role == UserRole.admin:
        return session.get(Organization, org_id) is not None
    membership = membership_of(session, user, org_id)
    return membership is not None and membership.role == MembershipRole.owner


def update_organization(session: Session, user: User, org_id: int, **changes) -> Organization:
    """Change an organisation's details; only its owners (and admins) may, others see nothing."""
    from market.clusters import get_cluster

    org = session.get(Organization, org_id)
    if org is None or not can_edit_organization(session, user, org_id):
        raise not_found(_("Organisation not found."))
    before = (org.name, org.cluster_code)
    if "name" in changes:
        name = (changes.pop("name") or "").strip()
        if not name or len(name) > 160:
            raise AccountError(_("Enter the organisation's name (at most 160 characters)."), "name")
        org.name = name
    if "country" in changes:
        org.country = validate_country(changes.pop("country"))
    if "cluster_code" in changes:
        code = changes.pop("cluster_code")
        if org.kind == OrganizationKind.maker and (not code or get_cluster(session, code) is None):
            raise AccountError(_("Makers choose the cluster their workshop is in."), "cluster_code")
        org.cluster_code = code if org.kind == OrganizationKind.maker else None
    about_locale = changes.pop("about_locale", None) or org.source_locale
    if "about" in changes:
        set_about(session, org, changes.pop("about") or "", about_locale)
    for key in ("city", "website"):
        if key in changes:
            setattr(org, key, (changes.pop(key) or "").strip() or None)
    if "capabilities" in changes:
        from market.accounts.capabilities import parse_capabilities

        org.capabilities = parse_capabilities(changes.pop("capabilities"))
    if changes:
        raise AccountError(_("Unknown field."), next(iter(changes)))
    session.add(org)
    if (org.name, org.cluster_code) != before:
        organization_changed(session, org.id)
    return org


ORGANIZATION_LISTENERS = "organization_listeners"


def register_organization_listener(app, func_path: str) -> None:
    """Have ``func_path(org_id)`` run as a job after a commit that changed an organisation's name or cluster
    (what features copy from it: catalog search indexes a maker's name and cluster with each listing)."""
    listeners = app.extensions.setdefault(ORGANIZATION_LISTENERS, [])
    if func_path not in listeners:
        listeners.append(func_path)


def organization_changed(session: Session, org_id: int) -> None:
    """Queue every registered listener for after this transaction commits."""
    from flask import current_app

    from market.jobs import after_commit

    for func_path in current_app.extensions.get(ORGANIZATION_LISTENERS, []):
        after_commit(session, func_path, org_id)


ORGANIZATION_ENTITY = "organization"


def set_about(session: Session, org: Organization, text: str, locale: str,
              user_id: int | None = None) -> None:
    """Store the organisation's "about" text in ``locale`` (the author's when it is the source locale)."""
    from i18n import content

    source = content.TextSource.author if locale == org.source_locale else content.TextSource.translator
    try:
        content.set_text(session, ORGANIZATION_ENTITY, org.id, "about", locale, text, source,
                         reviewed=source == content.TextSource.author, user_id=user_id)
    except content.ContentError as exc:
        raise AccountError(exc.message, "about") from exc


def organization_about(session: Session, org: Organization, locale: str):
    """The organisation's "about" text for ``locale`` with fallback (a ``LocalizedText``), or None."""
    from i18n import content

    return content.localize(session, ORGANIZATION_ENTITY, org.id, ["about"], locale)["about"]


def count_organizations(session: Session) -> int:
    """How many organisations exist."""
    return session.exec(select(func.count()).select_from(Organization)).one()


# --- API tokens ------------------------------------------------------------------------------------------------


def _token_hash(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough; argon2 would only slow every API call.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the secret, which is never stored or shown again."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise AccountError(_("Name the token (at most 80 characters), e.g. after the tool that uses it."), "name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=_token_hash(secret), prefix=secret[:10])
    session.add(token)
    session.flush()
    return token, secret


def list_api_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones included."""
    return list(session.exec(select(ApiToken).where(ApiToken.user_id == user.id)
                             .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def revoke_api_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens; another user's token is reported as not found."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise not_found(_("Token not found."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.add(token)
    return token


TOKEN_USE_RESOLUTION = dt.timedelta(minutes=1)


def authenticate_api_token(session: Session, secret: str) -> User | None:
    """The active user owning this unrevoked token, or None; records when the token was last used (to the
    minute, so most reads write nothing)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == _token_hash(secret))).first()
    if token is None or token.revoked_at is not None:
        return None
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        return None
    # Recording every use would make each API read a write (and, on SQLite, serialise every client behind it):
    # the time is kept to the minute.
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        token.last_used_at = now
        session.add(token)
    return user
