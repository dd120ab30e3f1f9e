"""Fixtures of the core's tests: a real SMTP server to receive mail."""

from __future__ import annotations

import socket

import pytest


@pytest.fixture
def smtp_inbox():
    """A real SMTP server (aiosmtpd) on a free local port: ``(inbox, port)``, ``inbox.messages`` what arrived."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self):
            super().__init__()
            self.messages = []

        def handle_message(self, message):
            self.messages.append(message)

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
