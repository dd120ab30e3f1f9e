"""End-to-end journeys of accounts in a real browser: sign-up by mailed link, organisations, sign-in and API
tokens."""

from __future__ import annotations

import json
import os
import re
import urllib.request
import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

PASSWORD = "granite otter lantern 42"
WRONG_CREDENTIALS = "The email or password is not right."
ARTIFACTS = Path(__file__).parent / "artifacts"


def _unique_email(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:12]}@example.com"


def _sign_up(page: Page, mailbox, email: str, name: str = "Haruka Mori", password: str = PASSWORD) -> None:
    """Sign up from the sign-up page (the page must already show it): send the address, follow the mailed link
    and choose the name and password there."""
    _start_sign_up(page, email)
    page.goto(mailbox(email, "/account/signup/finish/"))
    expect(page.get_by_role("heading", level=1, name="Finish creating your account")).to_be_visible()
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Create account").click()


def _start_sign_up(page: Page, email: str) -> None:
    """Send the address on the sign-up page and wait for the "check your mail" page."""
    page.get_by_label("Email").fill(email)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/en/account/signup/sent$"))
    expect(page.get_by_role("heading", level=1, name="Check your mail")).to_be_visible()


def _sign_in(page: Page, email: str, password: str) -> None:
    """Open the sign-in page from the header and send the form."""
    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()


def _sign_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def test_new_visitor_signs_up_creates_an_organisation_and_signs_in_again(page: Page, live_server: str, mailbox):
    """A new visitor signs up, creates a buyer organisation, sees it on the account page and signs back in."""
    email = _unique_email("journey")
    org_name = "Kobe Leather Select"

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/en/$"))
    page.get_by_role("banner").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/en/account/signup$"))
    _sign_up(page, mailbox, email)

    expect(page).to_have_url(re.compile(r"/en/organizations/new$"))
    expect(page.get_by_role("heading", level=1, name="Create an organisation")).to_be_visible()
    page.get_by_label("Organisation name").fill(org_name)
    page.get_by_label("Kind").select_option("buyer")
    page.get_by_label("Country").select_option("JP")
    page.get_by_role("button", name="Create organisation").click()

    expect(page).to_have_url(re.compile(r"/en/organizations/\d+$"))
    expect(page.get_by_role("heading", level=1, name=org_name)).to_be_visible()

    page.get_by_role("banner").get_by_role("link", name="Account").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    orgs = page.locator("section", has=page.get_by_role("heading", name="Your organisations"))
    expect(orgs.get_by_role("link", name=org_name)).to_be_visible()

    _sign_out(page)
    _sign_in(page, email, PASSWORD)

    expect(page).to_have_url(re.compile(r"/en/account/$"))
    expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    expect(orgs.get_by_role("link", name=org_name)).to_be_visible()


def test_wrong_password_and_weak_password_are_refused(page: Page, live_server: str, mailbox):
    """A wrong password is refused on the sign-in page, and a weak password creates no account."""
    email = _unique_email("refused")
    page.goto("/en/account/signup")
    _sign_up(page, mailbox, email)
    expect(page).to_have_url(re.compile(r"/en/organizations/new$"))
    _sign_out(page)

    _sign_in(page, email, "granite otter lantern 43")
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CREDENTIALS)
    expect(page).to_have_url(re.compile(r"/en/account/signin$"))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()

    weak_email = _unique_email("weak")
    page.goto("/en/account/signup")
    _sign_up(page, mailbox, weak_email, password="password123")
    expect(page).to_have_url(re.compile(r"/en/account/signup/finish/"))
    expect(page.get_by_label("Password", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#password-error")).to_be_visible()
    expect(page.locator("#password-error")).to_contain_text("too easy to guess")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    _sign_in(page, weak_email, "password123")
    expect(page.get_by_role("alert")).to_contain_text(WRONG_CREDENTIALS)
    expect(page).to_have_url(re.compile(r"/en/account/signin$"))


def test_signing_up_with_a_registered_address_mails_its_owner(page: Page, live_server: str, mailbox):
    """Signing up again with a registered address shows the same "check your mail" page as a new address; the
    owner's mail leads to sign-in, and the address still has its one account."""
    email = _unique_email("twice")
    page.goto("/en/account/signup")
    _sign_up(page, mailbox, email)
    expect(page).to_have_url(re.compile(r"/en/organizations/new$"))
    _sign_out(page)

    page.goto("/en/account/signup")
    _start_sign_up(page, email)
    expect(page.get_by_text(f"We sent a message to {email}.")).to_be_visible()
    page.goto(mailbox(email, "/account/signin"))
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    expect(page.get_by_text(email)).to_be_visible()


def test_api_token_is_shown_once_and_authenticates_the_api(page: Page, live_server: str, mailbox):
    """A token made on the account page is shown once and lets a client call the API as the user."""
    email = _unique_email("token")
    page.goto("/en/account/signup")
    _sign_up(page, mailbox, email, name="Min-jun Park")
    expect(page).to_have_url(re.compile(r"/en/organizations/new$"))

    page.get_by_role("banner").get_by_role("link", name="Account").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    page.get_by_label("Token name").fill("ERP sync")
    page.get_by_role("button", name="Create token").click()

    new_token = page.locator("#new-token")
    expect(new_token).to_be_visible()
    secret = new_token.inner_text().strip()
    assert secret
    expect(page.get_by_role("cell", name="ERP sync", exact=True)).to_be_visible()

    if os.environ.get("E2E_SCREENSHOTS"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "account.png"), full_page=True)

    # A plain HTTP client without the browser's cookies: only the bearer token identifies the user.
    request = urllib.request.Request(f"{live_server}/api/v1/me",
                                     headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        me = json.loads(response.read().decode("utf-8"))
    assert me["email"] == email
    assert me["display_name"] == "Min-jun Park"

    page.goto("/en/account/")
    expect(page.get_by_role("cell", name="ERP sync", exact=True)).to_be_visible()
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.get_by_text(secret)).to_have_count(0)
    assert secret not in page.content()
