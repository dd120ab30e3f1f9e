"""A real Stripe-compatible server for tests: ``localstripe`` (PyPI) in a subprocess listening on 127.0.0.1 only.

localstripe's own command listens on every interface, so the subprocess starts it through its Python API
(``localstripe.server.app``, an aiohttp application) bound to loopback on a free port. Its store would be pickled
to ``/tmp/localstripe.pickle`` after every write, a file shared with any other localstripe on the machine; the
launcher keeps the store in memory instead (persistence across restarts is not what tests need).

``python -m tests.market.payments.stripe_server PORT`` runs it; :func:`start_localstripe` starts it and waits
until it answers; :func:`register_webhook` points its signed webhook deliveries at a URL.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SECRET_KEY = "sk_test_seoulmade_localstripe"
PUBLISHABLE_KEY = "pk_test_seoulmade_localstripe"
WEBHOOK_SECRET = "whsec_seoulmade_localstripe_tests"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LocalStripe:
    """A running localstripe subprocess and its base URL."""

    def __init__(self, process: subprocess.Popen, url: str, log_path: Path):
        self.process = process
        self.url = url
        self.log_path = log_path

    @property
    def js_url(self) -> str:
        """The fake Stripe.js it serves (what ``STRIPE_JS_URL`` points at)."""
        return f"{self.url}/js.stripe.com/v3/"

    def settings(self) -> dict[str, str]:
        """The STRIPE_* settings that point the app at this server."""
        return {"STRIPE_SECRET_KEY": SECRET_KEY, "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
                "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET, "STRIPE_API_BASE": self.url, "STRIPE_JS_URL": self.js_url}

    def post(self, path: str, data: dict | None = None, key: str | None = SECRET_KEY) -> dict:
        """A form-encoded POST to the server (what Stripe.js or the dashboard would send), as JSON."""
        body = urllib.parse.urlencode(data or {}).encode()
        request = urllib.request.Request(f"{self.url}{path}", data=body, method="POST")
        if key:
            request.add_header("Authorization", f"Bearer {key}")
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
        return json.loads(text) if text.strip() else {}

    def register_webhook(self, name: str, url: str, secret: str = WEBHOOK_SECRET) -> None:
        """Have localstripe POST every event, signed with ``secret``, to ``url`` (no retries)."""
        self.post(f"/_config/webhooks/{name}", {"url": url, "secret": secret}, key=None)

    def stop(self) -> None:
        """Stop the subprocess (it was started by us)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_localstripe(log_dir: Path, timeout: float = 20.0) -> LocalStripe:
    """Start localstripe on a free loopback port and wait until it answers."""
    port = free_port()
    log_path = log_dir / "localstripe.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "tests.market.payments.stripe_server", str(port)],
                                   cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = LocalStripe(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{server.url}/js.stripe.com/v3/", timeout=1) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"localstripe did not start:\n{log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)


def _serve(port: int) -> None:
    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None  # keep the store in memory (see the module's docstring)
    web.run_app(server.app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
