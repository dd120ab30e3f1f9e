"""Account pages: sign-up, sign-in, sign-out, reset by mail, verification, tokens, organisations."""

import logging
import re

from sqlmodel import select

from market.accounts import services
from market.accounts.models import ApiToken, Organization, User
from tests.factories.db import count
from tests.helpers import DEFAULT_PASSWORD, csrf_token, sign_in

CSRF_VALUE = re.compile(r'name="csrf_token"[^>]*value="[^"]+"|value="[^"]+"[^>]*name="csrf_token"')


def _signup(client, email="yuna@example.com"):
    """Send the first sign-up step (the address only)."""
    return client.post("/en/account/signup", data={"email": email,
                                                   "csrf_token": csrf_token(client, "/en/account/signup")})


def _mailed_link(caplog, path_part: str) -> str:
    messages = [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail"]
    links = [m for msg in messages for m in re.findall(r"http://localhost(/\S+)", msg) if path_part in m]
    assert links, f"no mailed link containing {path_part}: {messages}"
    return links[-1]


def _mails_to(caplog, email: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "seoulmade.mail" and f"to={email} " in r.getMessage()]


def _finish(client, link, **overrides):
    data = {"display_name": "Yuna Choi", "password": DEFAULT_PASSWORD, "confirm": DEFAULT_PASSWORD,
            "csrf_token": csrf_token(client, link)}
    data.update(overrides)
    return client.post(link, data=data)


def test_signup_mails_a_link_that_creates_the_account_signed_in(client, db_session, caplog):
    """Sign-up asks for the address, mails a link; the link asks for name and password, creates the account
    with its address confirmed, signs in and leads to creating an organisation; used again, it leads to sign-in."""
    before = count(db_session, User)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        response = _signup(client, "Yuna@Example.com")
    assert response.status_code == 302 and response.headers["Location"] == "/en/account/signup/sent"
    assert "We sent a message to yuna@example.com." in client.get("/en/account/signup/sent").get_data(as_text=True)
    assert count(db_session, User) == before
    link = _mailed_link(caplog, "/account/signup/finish/")
    assert _mails_to(caplog, "yuna@example.com")
    page = client.get(link)
    assert page.status_code == 200 and "yuna@example.com" in page.get_data(as_text=True)
    response = _finish(client, link)
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/organizations/new")
    user = services.get_user_by_email(db_session, "yuna@example.com")
    assert user is not None and user.display_name == "Yuna Choi" and user.email_verified_at is not None
    account = client.get("/en/account/").get_data(as_text=True)
    assert "yuna@example.com" in account and "not confirmed" not in account
    again = client.get(link)
    assert again.status_code == 302 and again.headers["Location"].endswith("/en/account/signin")
    assert count(db_session, User) == before + 1


def test_signup_answers_alike_for_new_and_taken_addresses(app, db_session, make_user, caplog):
    """A taken address gets the same status, redirect and page as a new one (bodies equal but for the CSRF
    token); its owner is mailed sign-in and reset links, and no second account is made."""
    owner = make_user(email="taken@example.com", name="Taken Owner")
    answers = {}
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        for email in ("taken@example.com", "fresh@example.com"):
            browser = app.test_client()
            posted = browser.post("/en/account/signup", data={
                "email": email, "csrf_token": csrf_token(browser, "/en/account/signup")})
            page = browser.get(posted.headers["Location"])
            answers[email] = (posted.status_code, posted.headers["Location"], posted.get_data(as_text=True),
                              page.status_code, CSRF_VALUE.sub("", page.get_data(as_text=True)).replace(email, "@"))
    assert answers["taken@example.com"] == answers["fresh@example.com"]
    assert answers["taken@example.com"][0] == 302 and answers["taken@example.com"][3] == 200
    assert count(db_session, User, User.email == "taken@example.com") == 1
    assert services.get_user_by_email(db_session, "fresh@example.com") is None
    [notice] = _mails_to(caplog, "taken@example.com")
    assert "you already have one" in notice and "/account/signup/finish/" not in notice
    assert "http://localhost/en/account/signin" in notice
    reset = re.search(r"http://localhost(/en/account/reset/\S+)", notice).group(1)
    [welcome] = _mails_to(caplog, "fresh@example.com")
    assert "/account/signup/finish/" in welcome and "/account/reset/" not in welcome
    # The notice's reset link works for the owner.
    browser = app.test_client()
    new_password = "violet harbour lantern 58"
    done = browser.post(reset, data={"password": new_password, "confirm": new_password,
                                     "csrf_token": csrf_token(browser, reset)})
    assert done.status_code == 302 and services.authenticate(db_session, owner.email, new_password) == owner


def test_finishing_signup_refuses_weak_passwords_and_creates_nothing(client, db_session, caplog):
    """A weak password, differing passwords or a missing name re-render the form with a message; no account."""
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        _signup(client, "careful@example.com")
    link = _mailed_link(caplog, "/account/signup/finish/")
    weak = _finish(client, link, password="password123", confirm="password123")
    assert weak.status_code == 422 and 'id="password-error"' in weak.get_data(as_text=True)
    assert "The passwords differ." in _finish(client, link, confirm="something else entirely").get_data(as_text=True)
    assert _finish(client, link, display_name="").status_code == 422
    assert services.get_user_by_email(db_session, "careful@example.com") is None


def test_forged_or_expired_signup_link_is_refused(app, client, db_session, caplog):
    """A tampered link or one older than its lifetime creates nothing and sends back to sign-up."""
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        _signup(client, "late@example.com")
    link = _mailed_link(caplog, "/account/signup/finish/")
    forged = client.get(link[:-3] + "xyz")
    assert forged.status_code == 302 and forged.headers["Location"].endswith("/en/account/signup")
    token = csrf_token(client, "/en/account/signup")
    app.config["VERIFY_TOKEN_MAX_AGE"], max_age = -1, app.config["VERIFY_TOKEN_MAX_AGE"]
    try:
        expired = client.post(link, data={"display_name": "Late", "password": DEFAULT_PASSWORD,
                                          "confirm": DEFAULT_PASSWORD, "csrf_token": token})
    finally:
        app.config["VERIFY_TOKEN_MAX_AGE"] = max_age
    assert expired.status_code == 302 and expired.headers["Location"].endswith("/en/account/signup")
    assert "expired" in client.get("/en/account/signup").get_data(as_text=True)
    assert services.get_user_by_email(db_session, "late@example.com") is None


def test_resend_verification_still_confirms_older_accounts(client, db_session, make_user, caplog):
    """An account made before confirmation by link (or by the CLI) confirms its address from the account page."""
    user = make_user(email="older@example.com", verified=False)
    sign_in(client, user)
    assert "not confirmed" in client.get("/en/account/").get_data(as_text=True)
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        client.post("/en/account/verify/resend", data={"csrf_token": csrf_token(client, "/en/account/")})
    client.get(_mailed_link(caplog, "/account/verify/"))
    assert user.email_verified_at is not None


def test_form_without_csrf_token_is_refused(client, db_session):
    """A sign-up posted without the CSRF token is refused and creates nothing."""
    before = count(db_session, User)
    response = client.post("/en/account/signup", data={"email": "csrf@example.com"})
    assert response.status_code == 400
    assert count(db_session, User) == before


def test_signin_messages_do_not_reveal_which_emails_exist(client, make_user):
    """A wrong password and an unknown email get the same message and status."""
    make_user(email="known@example.com")
    token = csrf_token(client)
    wrong = client.post("/en/account/signin", data={"email": "known@example.com", "password": "nope nope nope",
                                                     "csrf_token": token})
    unknown = client.post("/en/account/signin", data={"email": "ghost@example.com", "password": "nope nope nope",
                                                       "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 422
    message = "The email or password is not right."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_signin_and_signout(client, make_user):
    """The right password signs in (and returns to the page asked for); sign-out ends the session."""
    user = make_user(email="maker@example.com")
    response = client.post("/en/account/signin?next=/en/organizations/new",
                           data={"email": "Maker@Example.com", "password": DEFAULT_PASSWORD,
                                 "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/en/organizations/new"
    assert user.email in client.get("/en/account/").get_data(as_text=True)
    client.post("/en/account/signout", data={"csrf_token": csrf_token(client, "/en/account/")})
    assert client.get("/en/account/").status_code == 302


def test_signin_ignores_offsite_next(client, make_user):
    """A "next" pointing at another site is ignored after sign-in."""
    user = make_user()
    response = client.post("/en/account/signin?next=//evil.example/x",
                           data={"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/en/account/"


def test_signin_is_rate_limited(client, make_user):
    """After ten tries in a minute, sign-in answers 429 with a clear message."""
    make_user(email="target@example.com")
    token = csrf_token(client)
    statuses = [client.post("/en/account/signin", data={"email": "target@example.com", "password": f"guess {i}",
                                                          "csrf_token": token}).status_code for i in range(11)]
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429
    blocked = client.post("/en/account/signin", data={"email": "target@example.com",
                                                      "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_forged_session_cookie_is_not_trusted(client, db_session, make_user):
    """A session cookie not signed with the app's key does not sign anyone in."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    user = make_user()
    forger = Flask("forger")
    forger.secret_key = "not-the-real-key"
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    from market.accounts.services import start_login_session

    key = start_login_session(db_session, user)
    db_session.commit()
    client.set_cookie("session", serializer.dumps({"_user_id": f"{user.id}:{user.session_nonce}:{key}",
                                                   "_fresh": True}),
                      domain="localhost")
    response = client.get("/en/account/")
    assert response.status_code == 302 and "/account/signin" in response.headers["Location"]


def test_password_reset_by_mailed_link(client, db_session, make_user, caplog):
    """Forgot password mails a link; it sets a new password once; a reused link is refused."""
    user = make_user(email="forgetful@example.com")
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        response = client.post("/en/account/forgot", data={"email": user.email,
                                                            "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    link = _mailed_link(caplog, "/account/reset/")
    new_password = "violet harbour lantern 58"
    response = client.post(link, data={"password": new_password, "confirm": new_password,
                                       "csrf_token": csrf_token(client, link)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/en/account/signin")
    assert services.authenticate(db_session, user.email, new_password) == user
    again = client.post(link, data={"password": "another quiet river 77", "confirm": "another quiet river 77",
                                    "csrf_token": csrf_token(client, link)}, follow_redirects=True)
    assert "already been used" in again.get_data(as_text=True)
    assert services.authenticate(db_session, user.email, new_password) == user


def test_forgot_password_answers_alike_for_unknown_email(client, caplog):
    """Asking to reset an unknown email looks the same and sends nothing."""
    with caplog.at_level(logging.INFO, logger="seoulmade.mail"):
        response = client.post("/en/account/forgot", data={"email": "ghost@example.com",
                                                            "csrf_token": csrf_token(client)},
                               follow_redirects=True)
    assert "If an account exists for ghost@example.com" in response.get_data(as_text=True)
    assert not [r for r in caplog.records if r.name == "seoulmade.mail"]


def test_api_token_is_shown_once_and_can_be_revoked(signed_in, db_session):
    """Creating a token shows its secret once; the list shows only its prefix; revoking ends it."""
    client, user, _org = signed_in("buyer", country="JP")
    response = client.post("/en/account/tokens", data={"name": "ERP sync",
                                                        "csrf_token": csrf_token(client, "/en/account/")})
    html = response.get_data(as_text=True)
    assert response.status_code == 201
    secret = re.search(r'id="new-token">(ms_[^<]+)<', html).group(1)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    later = client.get("/en/account/").get_data(as_text=True)
    assert secret not in later and secret[:10] in later
    token = db_session.exec(select(ApiToken).where(ApiToken.user_id == user.id)).one()
    client.post(f"/en/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client, "/en/account/")})
    revoked = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert revoked.status_code == 401 and revoked.json["error"]["code"] == "invalid_token"


def test_cannot_revoke_another_users_token(signed_in, db_session, make_user):
    """Revoking someone else's token answers 404 and leaves it working."""
    client, _user, _org = signed_in("buyer", country="US")
    other = make_user()
    token, secret = services.create_api_token(db_session, other, "theirs")
    db_session.commit()
    response = client.post(f"/en/account/tokens/{token.id}/revoke",
                           data={"csrf_token": csrf_token(client, "/en/account/")})
    assert response.status_code == 404
    assert services.authenticate_api_token(db_session, secret) == other


def test_create_organisation_form(app, client, db_session, make_user, clusters):
    """A signed-in user creates a maker in a cluster; a maker without cluster gets a field message."""
    user = make_user()
    sign_in(client, user)
    token = csrf_token(client, "/en/organizations/new")
    before = count(db_session, Organization)
    bad = client.post("/en/organizations/new", data={"name": "Mullae Steel", "kind": "maker", "country": "KR",
                                                     "csrf_token": token})
    assert bad.status_code == 422 and "Makers choose the cluster" in bad.get_data(as_text=True)
    assert count(db_session, Organization) == before
    good = client.post("/en/organizations/new", data={"name": "Mullae Steel", "kind": "maker", "country": "KR",
                                                      "cluster_code": "mullae", "csrf_token": token})
    assert good.status_code == 302
    page = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "Mullae Steel" in page and "Mullae-dong" in page and "South Korea" in page
    assert "Mullae Steel" in client.get("/en/account/").get_data(as_text=True)


def test_another_organisation_is_neither_readable_nor_writable(signed_in, make_org, make_user):
    """Pages of an organisation one does not belong to answer 404, and posted edits change nothing."""
    client, _user, _own = signed_in("buyer", country="FR")
    theirs = make_org(make_user(), kind="maker", name="Seongsu Shoes")
    assert client.get(f"/en/organizations/{theirs.id}").status_code == 404
    assert client.get(f"/en/organizations/{theirs.id}/edit").status_code == 404
    response = client.post(f"/en/organizations/{theirs.id}/edit",
                           data={"name": "Hijacked", "country": "KR", "cluster_code": "mullae",
                                 "csrf_token": csrf_token(client, "/en/account/")})
    assert response.status_code == 404
    assert theirs.name == "Seongsu Shoes"


def test_pages_need_sign_in(client):
    """Account and organisation pages send anonymous visitors to sign in."""
    for url in ("/en/account/", "/en/organizations/new", "/en/organizations/1"):
        response = client.get(url)
        assert response.status_code == 302 and "/en/account/signin" in response.headers["Location"]


def _sign_in_by_form(client, user, remember=False):
    data = {"email": user.email, "password": DEFAULT_PASSWORD, "csrf_token": csrf_token(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/en/account/signin", data=data)
    assert response.status_code == 302
    return response


def test_signing_out_ends_the_session_on_the_server(app, make_user):
    """After sign-out, a copy of the session cookie and the remember cookie taken before no longer sign in."""
    user = make_user()
    browser = app.test_client()
    _sign_in_by_form(browser, user, remember=True)
    session_cookie = browser.get_cookie("session").value
    remember_cookie = browser.get_cookie("remember_token").value
    assert browser.get("/en/account/").status_code == 200
    browser.post("/en/account/signout", data={"csrf_token": csrf_token(browser, "/en/account/")})
    thief = app.test_client()
    thief.set_cookie("session", session_cookie, domain="localhost")
    assert thief.get("/en/account/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("remember_token", remember_cookie, domain="localhost")
    assert thief.get("/en/account/").status_code == 302


def test_the_account_page_lists_sessions_and_ends_another_browser(app, make_user):
    """Each signed-in browser is listed; ending the other one signs it out and keeps this one."""
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    _sign_in_by_form(laptop, user)
    _sign_in_by_form(phone, user)
    page = laptop.get("/en/account/").get_data(as_text=True)
    ids = re.findall(r'class="login-session" data-session-id="(\d+)"', page)
    assert len(ids) == 2 and page.count('<span class="badge ok">this browser</span>') == 1
    mine = re.search(r'data-session-id="(\d+)">\s*<td>[^<]*<span class="badge ok">', page).group(1)
    other = next(i for i in ids if i != mine)
    ended = laptop.post(f"/en/account/sessions/{other}/end", data={"csrf_token": csrf_token(laptop, "/en/account/")})
    assert ended.status_code == 302
    assert phone.get("/en/account/").status_code == 302
    assert laptop.get("/en/account/").status_code == 200


def test_remember_cookie_is_secure_when_sessions_are():
    """With SESSION_COOKIE_SECURE=1 the remember cookie is Secure and HttpOnly too."""
    from market.config import load_settings

    settings = load_settings({"SESSION_COOKIE_SECURE": "1"})
    assert settings["REMEMBER_COOKIE_SECURE"] is True and settings["REMEMBER_COOKIE_HTTPONLY"] is True
