"""Mail: printed to the log without a server, delivered over SMTP when MAIL_SERVER is set."""

from market.app import create_app
from market.mail import deliver_mail


def test_mail_goes_over_smtp_when_configured(tmp_path, smtp_inbox):
    """With MAIL_SERVER set, a reset mail reaches a real SMTP server with sender, subject and body, as one
    text/plain message (a mail without attachments stays plain text)."""
    inbox, port = smtp_inbox
    app = create_app({"TESTING": True, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}"})
    with app.app_context():
        assert deliver_mail("buyer@example.com", "Reset your password", "Open this link") == "smtp"
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "buyer@example.com" and message["Subject"] == "Reset your password"
    assert "no-reply@madeinseoul.local" in message["From"]
    assert "Open this link" in message.get_payload()
    assert message.get_content_type() == "text/plain" and not message.is_multipart()
