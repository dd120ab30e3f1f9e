"""Browser end-to-end fixtures: a real ``seoulmade serve`` process on a fresh SQLite database and Chromium.

Provides:

* ``live_server`` (session): the base URL (``http://127.0.0.1:<port>``) of a waitress server started as a
  subprocess on a temporary data directory filled by ``seoulmade demo``; stopped at the end.
* ``browser`` (session): a headless Debian Chromium (``/usr/bin/chromium``) driven by Playwright.
* ``page`` (function): a page in a new browser context (fresh cookies) per test, closed afterwards.
* ``sign_in(page, email, password)`` and ``signed_in(browser, live_server, email, password)``: the sign-in form
  filled as a person does, and a person's own browser context signed in (journeys with several people).

These fixtures do not use the database fixtures of ``tests/conftest.py``; the subprocesses get an explicit
environment of their own.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 180.0  # serve warms the catalog index and the matching model before listening
# How long a browser step waits for its state (a URL, a text, a response): generous, because the suite must also
# pass on a busy machine; a passing step never waits longer than it needs.
TIMEOUT_MS = 30_000
SERVER_LOGS: dict[str, Path] = {}  # base URL → the live server's log, where it prints the mail it sends


def _seoulmade() -> str:
    """The ``seoulmade`` console script of the running interpreter's environment."""
    candidate = Path(sys.executable).parent / "seoulmade"
    return str(candidate) if candidate.exists() else (shutil.which("seoulmade") or "seoulmade")


def _server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "MAIL_SERVER", "STRIPE_SECRET_KEY"):
        env.pop(name, None)
    env["SEOULMADE_DATA_DIR"] = str(data_dir)
    # Every browser of the suite signs in from 127.0.0.1: the per-address limits (tested on their own in
    # tests/market) are raised so the journeys of one test session do not count against each other.
    env.update(RATELIMIT_SIGNIN="500 per minute", RATELIMIT_SIGNUP="500 per minute", RATELIMIT_RESET="500 per minute",
               RATELIMIT_UPLOAD="500 per hour")
    # The journeys drive time-bound steps themselves: the server's own runner (reminders, no-shows every minute,
    # tested in tests/market/test_schedule.py) would change the demo under them.
    env["TIMED_STEPS_INTERVAL"] = "0"
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError as exc:
        return f"(no log: {exc})"


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server():
    """Base URL of a ``seoulmade serve`` subprocess on a temporary database filled by ``seoulmade demo``."""
    data_dir = Path(tempfile.mkdtemp(prefix="seoulmade-e2e-"))
    env = _server_env(data_dir)
    log_path = data_dir / "server.log"
    demo = subprocess.run([_seoulmade(), "demo"], env=env, capture_output=True, text=True, timeout=900,
                          check=False)
    if demo.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        pytest.fail(f"`seoulmade demo` failed ({demo.returncode}):\n{demo.stdout}\n{demo.stderr}")

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    SERVER_LOGS[base_url] = log_path
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [_seoulmade(), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/healthz"):
            if process.poll() is not None:
                pytest.fail(f"seoulmade serve exited with {process.returncode}; log tail:\n{_log_tail(log_path)}")
            if time.monotonic() > deadline:
                pytest.fail(f"seoulmade serve did not answer /healthz within {STARTUP_TIMEOUT:.0f} s; "
                            f"log tail:\n{_log_tail(log_path)}")
            time.sleep(0.2)
        yield base_url
    finally:
        _stop(process)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def mailbox(live_server):
    """The mail the live server sent (without MAIL_SERVER it prints each mail to its log):
    ``mailbox(to, path_part)`` waits up to 10 s for a mail to ``to`` holding a link whose path contains
    ``path_part`` and returns that link (from the newest such mail)."""
    import re

    log_path = SERVER_LOGS[live_server]

    def _link(to: str, path_part: str) -> str:
        deadline = time.monotonic() + 10
        while True:
            text = log_path.read_text(errors="replace")
            mails = text.split("mail (no MAIL_SERVER set, printed instead) ")[1:]
            links = [link for mail in mails if mail.startswith(f"to={to} ")
                     for link in re.findall(r"https?://\S+", mail.split("\n20", 1)[0]) if path_part in link]
            if links:
                return links[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail to {to} with a link containing {path_part}; log tail:\n"
                                     f"{_log_tail(log_path)}")
            time.sleep(0.1)

    return _link


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium for the session (the Debian package, never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        from playwright.sync_api import expect

        # Assertions wait for their state up to 30 s (Playwright's default is 5 s, short on a busy machine).
        expect.set_options(timeout=TIMEOUT_MS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context (own cookies) whose relative URLs resolve against the live server."""
    context = browser.new_context(base_url=live_server, locale="en-US")
    # Upper bound of waits for states (a URL, a text, a response), generous for a machine under load: a wait
    # ends as soon as its state is reached.
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page, email: str, password: str, lang: str = "en") -> None:
    """Fill the sign-in form as a person does and wait for the account page."""
    from playwright.sync_api import expect

    page.goto(f"/{lang}/account/signin")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form").filter(has=page.locator("#password")).locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/{lang}/account/$"))


@contextmanager
def signed_in(browser, live_server: str, email: str, password: str, lang: str = "en", locale: str = "en-US"):
    """A person's own browser context (own cookies), signed in; closed afterwards."""
    context = browser.new_context(base_url=live_server, locale=locale)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        sign_in(page, email, password, lang)
        yield page
    finally:
        context.close()
