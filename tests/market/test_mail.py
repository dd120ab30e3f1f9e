"""Mail: printed to the log without a server, delivered over SMTP when MAIL_SERVER is set."""

import socket

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from market.app import create_app
from market.mail import deliver_mail


class _Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mail_goes_over_smtp_when_configured(tmp_path):
    """With MAIL_SERVER set, a reset mail reaches a real SMTP server with sender, subject and body."""
    inbox = _Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = create_app({"TESTING": True, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                          "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"})
        with app.app_context():
            assert deliver_mail("buyer@example.com", "Reset your password", "Open this link") == "smtp"
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "buyer@example.com" and message["Subject"] == "Reset your password"
    assert "no-reply@madeinseoul.local" in message["From"]
    assert "Open this link" in message.get_payload()
