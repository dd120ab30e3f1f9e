"""Account services: sign-up rules, sign-in, reset and verification tokens, organisations, API tokens."""

import statistics
import time

import pytest
from sqlmodel import select

from market.accounts import services
from market.accounts.models import ApiToken, Organization, User
from market.refusals import Refusal
from tests.factories.db import count
from tests.helpers import DEFAULT_PASSWORD


def test_register_user_hashes_with_argon2(app, db_session):
    """A new user's password is stored as an argon2id hash and checks out at sign-in."""
    user = services.register_user(db_session, "Min@Example.com", DEFAULT_PASSWORD, "Min")
    assert user.email == "min@example.com"
    assert user.password_hash.startswith("$argon2id$") and DEFAULT_PASSWORD not in user.password_hash
    assert services.authenticate(db_session, "MIN@example.com", DEFAULT_PASSWORD) == user


def test_duplicate_email_is_refused_and_nothing_changes(app, db_session, make_user):
    """Signing up again with a taken email (any case) fails on the email field; no second user appears."""
    make_user(email="taken@example.com")
    before = count(db_session, User)
    with pytest.raises(services.AccountError) as err:
        services.register_user(db_session, "TAKEN@example.com", DEFAULT_PASSWORD, "Someone")
    assert err.value.field == "email" and err.value.code == "email_taken"
    assert count(db_session, User) == before


@pytest.mark.parametrize("password", ["short", "password123", "aaaaaaaaaaaa", "qwertyuiop", "madeinseoul1"])
def test_weak_passwords_are_refused(app, db_session, password):
    """Short or easily guessed passwords are refused with a message on the password field."""
    with pytest.raises(services.AccountError) as err:
        services.register_user(db_session, "new@example.com", password, "New")
    assert err.value.field == "password"
    assert services.get_user_by_email(db_session, "new@example.com") is None


def test_wrong_password_and_unknown_email_look_the_same(app, db_session, make_user):
    """Both fail alike, and an unknown email still pays for a password hash check (no timing oracle)."""
    make_user(email="known@example.com")
    assert services.authenticate(db_session, "known@example.com", "wrong password here") is None
    assert services.authenticate(db_session, "nobody@example.com", "wrong password here") is None

    def timed(email):
        started = time.perf_counter()
        services.authenticate(db_session, email, "wrong password here")
        return time.perf_counter() - started

    known = statistics.median(timed("known@example.com") for _ in range(3))
    unknown = statistics.median(timed("nobody@example.com") for _ in range(3))
    # A missing hash check would make the unknown case ~100x faster; argon2 dominates both.
    assert unknown > known * 0.4


def test_disabled_user_cannot_sign_in(app, db_session, make_user):
    """A deactivated account is refused like a wrong password."""
    user = make_user()
    user.is_active = False
    assert services.authenticate(db_session, user.email, DEFAULT_PASSWORD) is None


def test_reset_token_works_once(app, db_session, make_user):
    """A reset link sets a new password once; using it again is refused and changes nothing."""
    user = make_user()
    token = services.make_reset_token(user)
    services.reset_password(db_session, token, "new granite lantern 99")
    assert services.authenticate(db_session, user.email, "new granite lantern 99") == user
    hash_after = user.password_hash
    with pytest.raises(services.AccountError) as err:
        services.reset_password(db_session, token, "another river stone 77")
    assert err.value.code == "token_used"
    assert user.password_hash == hash_after


def test_expired_and_forged_reset_tokens_are_refused(app, db_session, make_user):
    """An expired or tampered reset link is refused with its own message."""
    user = make_user()
    token = services.make_reset_token(user)
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    try:
        with pytest.raises(services.AccountError) as err:
            services.reset_password(db_session, token, "new granite lantern 99")
        assert err.value.code == "token_expired"
    finally:
        app.config["RESET_TOKEN_MAX_AGE"] = 3600
    with pytest.raises(services.AccountError) as err:
        services.reset_password(db_session, token[:-3] + "abc", "new granite lantern 99")
    assert err.value.code == "token_invalid"
    assert services.authenticate(db_session, user.email, DEFAULT_PASSWORD) == user


def test_reset_refuses_weak_new_password(app, db_session, make_user):
    """A reset with a weak password is refused and the token stays usable."""
    user = make_user()
    token = services.make_reset_token(user)
    with pytest.raises(services.AccountError) as err:
        services.reset_password(db_session, token, "password1")
    assert err.value.field == "password"
    services.reset_password(db_session, token, "new granite lantern 99")


def test_password_change_ends_every_session(app, db_session, make_user):
    """A session id issued before a password change no longer loads the user, nor does its login session
    with the new nonce; a new sign-in works."""
    user = make_user()
    key = services.start_login_session(db_session, user, "Firefox")
    old_session_id = f"{user.id}:{user.session_nonce}:{key}"
    assert services.load_user_by_session_id(db_session, old_session_id) == (user, key)
    services.set_password(db_session, user, "new granite lantern 99")
    assert services.load_user_by_session_id(db_session, old_session_id) is None
    assert services.load_user_by_session_id(db_session, f"{user.id}:{user.session_nonce}:{key}") is None
    fresh = services.start_login_session(db_session, user, "Firefox")
    assert services.load_user_by_session_id(db_session, f"{user.id}:{user.session_nonce}:{fresh}") == (user, fresh)


def test_session_ids_without_a_live_login_session_load_nobody(app, db_session, make_user):
    """An id without a key, with an unknown key, another user's key or an ended session loads nobody."""
    user, other = make_user(), make_user()
    key = services.start_login_session(db_session, user)
    theirs = services.start_login_session(db_session, other)
    for session_id in (f"{user.id}:{user.session_nonce}", f"{user.id}:{user.session_nonce}:nope",
                       f"{user.id}:{user.session_nonce}:{theirs}", f"{2**40}:{user.session_nonce}:{key}"):
        assert services.load_user_by_session_id(db_session, session_id) is None
    services.end_login_session_by_key(db_session, key)
    assert services.load_user_by_session_id(db_session, f"{user.id}:{user.session_nonce}:{key}") is None


def test_email_verification(app, db_session, make_user):
    """The mailed link confirms the address; a link for an older address does not."""
    user = make_user(verified=False)
    token = services.make_verification_token(user)
    services.verify_email(db_session, token)
    assert user.email_verified_at is not None
    stale = services.make_verification_token(user)
    user.email = "changed@example.com"
    with pytest.raises(services.AccountError):
        services.verify_email(db_session, stale)


def test_organisation_kinds_and_clusters(app, db_session, make_user, clusters):
    """Makers need a real cluster; unknown kinds and countries are refused; others have no cluster."""
    owner = make_user()
    before = count(db_session, Organization)
    with pytest.raises(services.AccountError) as err:
        services.create_organization(db_session, owner, name="X", kind="factory", country="KR")
    assert err.value.field == "kind" and "maker, buyer, ip_holder, lab, startup" in err.value.message
    with pytest.raises(services.AccountError) as err:
        services.create_organization(db_session, owner, name="X", kind="maker", country="KR")
    assert err.value.field == "cluster_code"
    with pytest.raises(services.AccountError) as err:
        services.create_organization(db_session, owner, name="X", kind="buyer", country="XX")
    assert err.value.field == "country"
    assert count(db_session, Organization) == before
    maker = services.create_organization(db_session, owner, name="Hanbit Precision", kind="maker",
                                         country="kr", cluster_code="mullae")
    buyer = services.create_organization(db_session, owner, name="Hanbit Precision", kind="buyer",
                                         country="JP", cluster_code="mullae")
    assert (maker.slug, maker.country, maker.cluster_code) == ("hanbit-precision", "KR", "mullae")
    assert (buyer.slug, buyer.cluster_code) == ("hanbit-precision-2", None)
    assert [o.id for o, m in services.list_user_organizations(db_session, owner)] == sorted([maker.id, buyer.id])


def test_other_organisations_are_invisible_and_read_only(app, db_session, make_user, make_org):
    """A user neither sees nor edits an organisation they do not belong to; staff can see it."""
    owner, stranger, member = make_user(), make_user(), make_user()
    org = make_org(owner, kind="maker", name="Mullae Steel")
    services.add_member(db_session, org, member)
    assert services.get_visible_organization(db_session, stranger, org.id) is None
    assert services.get_visible_organization(db_session, member, org.id) == org
    assert services.get_visible_organization(db_session, make_user(role="curator"), org.id) == org
    for user in (stranger, member):
        with pytest.raises(Refusal) as err:
            services.update_organization(db_session, user, org.id, name="Hijacked")
        assert (err.value.code, err.value.status) == ("not_found", 404)
    assert org.name == "Mullae Steel"
    services.update_organization(db_session, owner, org.id, name="Mullae Steel Works", city="Seoul")
    assert (org.name, org.city) == ("Mullae Steel Works", "Seoul")


def test_api_tokens_are_hashed_revocable_and_personal(app, db_session, make_user):
    """A token authenticates its user until revoked; only its hash is stored; others cannot revoke it."""
    user, other = make_user(), make_user()
    token, secret = services.create_api_token(db_session, user, "ERP sync")
    assert secret.startswith("ms_") and secret not in (token.token_hash, token.prefix)
    assert secret not in str(db_session.exec(select(ApiToken.token_hash)).all())
    assert services.authenticate_api_token(db_session, secret) == user
    assert token.last_used_at is not None
    with pytest.raises(Refusal) as err:
        services.revoke_api_token(db_session, other, token.id)
    assert (err.value.code, err.value.status) == ("not_found", 404)
    assert services.authenticate_api_token(db_session, secret) == user
    services.revoke_api_token(db_session, user, token.id)
    assert services.authenticate_api_token(db_session, secret) is None
    assert services.authenticate_api_token(db_session, "ms_not-a-token") is None


def test_token_use_is_recorded_to_the_minute_so_reads_do_not_write(app, db_session, make_user):
    """Using a token again within a minute writes nothing; a use a minute later records the new time."""
    import datetime as dt

    user = make_user()
    token, secret = services.create_api_token(db_session, user, "shop sync")
    services.authenticate_api_token(db_session, secret)
    db_session.commit()
    first = token.last_used_at
    services.authenticate_api_token(db_session, secret)
    assert token.last_used_at == first and token not in db_session.dirty
    token.last_used_at = first - dt.timedelta(minutes=2)
    db_session.commit()
    services.authenticate_api_token(db_session, secret)
    assert token.last_used_at > first - dt.timedelta(minutes=2)


def test_loading_a_session_writes_only_for_requests_that_write(app, db_session, make_user):
    """A reading request loads the user without writing; a writing one notes when the session was last seen
    (to the five minutes)."""
    import datetime as dt

    from market.accounts.models import LoginSession

    user = make_user()
    key = services.start_login_session(db_session, user, "Firefox")
    db_session.commit()
    login = db_session.exec(select(LoginSession).where(LoginSession.user_id == user.id)).one()
    login.last_seen_at = login.last_seen_at - dt.timedelta(minutes=10)
    db_session.commit()
    session_id = f"{user.id}:{user.session_nonce}:{key}"
    assert services.load_user_by_session_id(db_session, session_id) == (user, key)
    assert login not in db_session.dirty
    old = login.last_seen_at
    services.load_user_by_session_id(db_session, session_id, touch=True)
    assert login.last_seen_at > old
